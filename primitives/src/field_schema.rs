//! Field schemas: what a certificate of a type holds, field by field.
//!
//! The main chain's registry stores each type's schema: the fields in order,
//! each with its kind (text, date, number or one of a list), whether it is
//! required, its longest value and its labels in Traditional Chinese and
//! English. The type's record keeps the schema's hash, so that issuers,
//! holders and verifiers agree on what the type's certificates hold. Every
//! client checks a certificate's values against the schema with
//! [`FieldSchema::values`] before it is sealed and committed, and shows the
//! labels instead of field names.
//!
//! [`SCHEMA_PRESETS`] are the schemas of the five types the original design
//! names, the genesis data of the development chains.

use crate::{calendar_date, CertificateTypeId, Label, Name};
use alloc::{collections::BTreeMap, format, string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;

/// The most fields a schema has.
pub const MAX_SCHEMA_FIELDS: u32 = 24;
/// The most values an enumeration field offers.
pub const MAX_FIELD_CHOICES: u32 = 16;
/// The longest value any field may be given, in characters.
pub const MAX_SCHEMA_VALUE_LEN: u16 = 1024;

/// A field's name, as certificates and their files carry it: lower-case
/// ASCII letters, digits and `_`, starting with a letter, at most 32 bytes.
#[derive(
	Clone, PartialEq, Eq, PartialOrd, Ord, Encode, MaxEncodedLen, TypeInfo, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct FieldName(BoundedVec<u8, ConstU32<32>>);

impl FieldName {
	/// The longest name, in bytes.
	pub const MAX_LEN: u32 = 32;

	/// Whether `bytes` keep the rules.
	pub fn check(bytes: &[u8]) -> bool {
		!bytes.is_empty()
			&& bytes.len() <= Self::MAX_LEN as usize
			&& bytes[0].is_ascii_lowercase()
			&& bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
	}

	/// The name.
	pub fn as_str(&self) -> &str {
		// ASCII, checked on every way in.
		core::str::from_utf8(&self.0).unwrap_or_default()
	}
}

impl Decode for FieldName {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		let bytes = BoundedVec::<u8, ConstU32<32>>::decode(input)?;
		if !Self::check(&bytes) {
			return Err("a malformed field name".into());
		}
		Ok(Self(bytes))
	}
}

impl DecodeWithMemTracking for FieldName {}

impl TryFrom<&str> for FieldName {
	type Error = SchemaError;
	fn try_from(text: &str) -> Result<Self, SchemaError> {
		let bad = || SchemaError::BadFieldName(text.into());
		if !Self::check(text.as_bytes()) {
			return Err(bad());
		}
		BoundedVec::try_from(text.as_bytes().to_vec()).map(Self).map_err(|_| bad())
	}
}

impl TryFrom<String> for FieldName {
	type Error = SchemaError;
	fn try_from(text: String) -> Result<Self, SchemaError> {
		Self::try_from(text.as_str())
	}
}

impl From<FieldName> for String {
	fn from(name: FieldName) -> String {
		name.as_str().into()
	}
}

impl fmt::Debug for FieldName {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{:?}", self.as_str())
	}
}

impl fmt::Display for FieldName {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.as_str())
	}
}

/// The values an enumeration field offers.
pub type Choices = BoundedVec<Label, ConstU32<MAX_FIELD_CHOICES>>;

/// What a field's value is.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
	/// Any text.
	Text,
	/// A calendar date, written `YYYY-MM-DD`.
	Date,
	/// A decimal number, such as `42` or `-3.5`.
	Number,
	/// One of the listed values, exactly as written.
	Enumeration(Choices),
}

/// A field's labels, as the CLI, the web app and the office show them.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct FieldLabels {
	/// In Traditional Chinese.
	#[serde(rename = "zh-TW")]
	pub zh_tw: Label,
	/// In English.
	pub en: Label,
}

/// One field of a schema.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct FieldSpec {
	/// Its name, as certificates carry it.
	pub name: FieldName,
	/// What its value is.
	pub kind: FieldKind,
	/// Whether every certificate of the type has it. An optional field left
	/// out is committed as the empty text.
	pub required: bool,
	/// Its longest value, in characters.
	pub max_length: u16,
	/// Its labels.
	pub label: FieldLabels,
}

/// The fields of a certificate type, in order.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(transparent)]
pub struct FieldSchema(pub BoundedVec<FieldSpec, ConstU32<MAX_SCHEMA_FIELDS>>);

/// Why a schema was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaError {
	/// It has no fields.
	NoFields,
	/// The first field, the certificate's number, is optional.
	OptionalNumber,
	/// A field name breaks the rules of [`FieldName`].
	BadFieldName(String),
	/// Two fields share a name.
	DuplicateField(String),
	/// A field's longest value is 0 or more than [`MAX_SCHEMA_VALUE_LEN`], or
	/// too short for a date.
	BadMaxLength(String),
	/// An enumeration field offers no value, the same value twice, or a
	/// value longer than the field's longest value.
	BadChoices(String),
	/// A label is empty, too long or not UTF-8.
	BadLabel(String),
}

impl fmt::Display for SchemaError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::NoFields => write!(f, "the schema has no fields"),
			Self::OptionalNumber => {
				write!(f, "the first field is the certificate's number, and must be required")
			},
			Self::BadFieldName(name) => write!(
				f,
				"{name:?} is not a field name: lower-case letters, digits and _, starting with a \
				 letter, at most {} characters",
				FieldName::MAX_LEN
			),
			Self::DuplicateField(name) => write!(f, "the field {name:?} appears twice"),
			Self::BadMaxLength(name) => write!(
				f,
				"the field {name:?} needs a longest value between 1 and {MAX_SCHEMA_VALUE_LEN} \
				 characters (10 or more for a date)"
			),
			Self::BadChoices(name) => write!(
				f,
				"the field {name:?} must offer between 1 and {MAX_FIELD_CHOICES} different values, \
				 none longer than its longest value"
			),
			Self::BadLabel(name) => write!(f, "a label of the field {name:?} is not valid text"),
		}
	}
}

/// Why a certificate's value for a field was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
	/// A required field has no value.
	Missing,
	/// The value is longer than the field allows.
	TooLong { max: u16 },
	/// The value is not a date written `YYYY-MM-DD`.
	NotADate,
	/// The value is not a decimal number.
	NotANumber,
	/// The value is not one of the enumeration's.
	NotAChoice { choices: Vec<String> },
	/// The schema has no field of this name.
	UnknownField,
}

/// A certificate's value that the schema refuses, and which field it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
	/// The field's name.
	pub field: String,
	/// Its English label, when the schema has the field.
	pub label: Option<String>,
	/// What is wrong.
	pub error: ValueError,
}

impl fmt::Display for FieldProblem {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let field = match &self.label {
			Some(label) => format!("{label} ({})", self.field),
			None => format!("{:?}", self.field),
		};
		match &self.error {
			ValueError::Missing => write!(f, "{field} is required and has no value"),
			ValueError::TooLong { max } => write!(f, "{field} is longer than {max} characters"),
			ValueError::NotADate => {
				write!(f, "{field} must be a date written year-month-day, such as 2001-09-30")
			},
			ValueError::NotANumber => {
				write!(f, "{field} must be a number, such as 120 or 45.5, without separators")
			},
			ValueError::NotAChoice { choices } => {
				write!(f, "{field} must be one of: {}", choices.join(", "))
			},
			ValueError::UnknownField => {
				write!(f, "{field} is not a field of this certificate type")
			},
		}
	}
}

impl FieldSpec {
	/// Checks `value` (trimmed) against this field.
	pub fn check_value(&self, value: &str) -> Result<(), ValueError> {
		let value = value.trim();
		if value.is_empty() {
			return if self.required { Err(ValueError::Missing) } else { Ok(()) };
		}
		if value.chars().count() > usize::from(self.max_length) {
			return Err(ValueError::TooLong { max: self.max_length });
		}
		match &self.kind {
			FieldKind::Text => Ok(()),
			FieldKind::Date if calendar_date(value).is_some() => Ok(()),
			FieldKind::Date => Err(ValueError::NotADate),
			FieldKind::Number if is_number(value) => Ok(()),
			FieldKind::Number => Err(ValueError::NotANumber),
			FieldKind::Enumeration(choices) if choices.iter().any(|c| c.as_str() == value) => {
				Ok(())
			},
			FieldKind::Enumeration(choices) => Err(ValueError::NotAChoice {
				choices: choices.iter().map(|choice| choice.as_str().into()).collect(),
			}),
		}
	}

	fn problem(&self, error: ValueError) -> FieldProblem {
		FieldProblem {
			field: self.name.as_str().into(),
			label: Some(self.label.en.as_str().into()),
			error,
		}
	}
}

impl FieldSchema {
	/// blake2-256 of the SCALE encoding of the domain tag
	/// `ecert/field-schema/v2`, the type id and the schema: what the type's
	/// record on the main chain keeps.
	pub fn hash(&self, certificate_type: &CertificateTypeId) -> H256 {
		H256(sp_crypto_hashing::blake2_256(
			&(b"ecert/field-schema/v2", certificate_type, self).encode(),
		))
	}

	/// The fields, in order.
	pub fn fields(&self) -> &[FieldSpec] {
		&self.0
	}

	/// The field named `name`.
	pub fn field(&self, name: &str) -> Option<&FieldSpec> {
		self.0.iter().find(|field| field.name.as_str() == name)
	}

	/// The field names, in order.
	pub fn names(&self) -> Vec<&str> {
		self.0.iter().map(|field| field.name.as_str()).collect()
	}

	/// Checks the schema's own rules: at least one field, the first (the
	/// certificate's number) required, names unique, a
	/// sensible longest value for each, enumerations that offer values, and
	/// labels that are text. SCALE decoding checks only the bounds, so the
	/// registry calls this on every schema it stores.
	pub fn check(&self) -> Result<(), SchemaError> {
		let Some(number) = self.0.first() else { return Err(SchemaError::NoFields) };
		if !number.required {
			return Err(SchemaError::OptionalNumber);
		}
		for (index, field) in self.0.iter().enumerate() {
			let name = || String::from(field.name.as_str());
			if !FieldName::check(&field.name.0) {
				return Err(SchemaError::BadFieldName(name()));
			}
			if self.0[..index].iter().any(|earlier| earlier.name == field.name) {
				return Err(SchemaError::DuplicateField(name()));
			}
			let shortest = if field.kind == FieldKind::Date { 10 } else { 1 };
			if !(shortest..=MAX_SCHEMA_VALUE_LEN).contains(&field.max_length) {
				return Err(SchemaError::BadMaxLength(name()));
			}
			if !field.label.zh_tw.is_well_formed() || !field.label.en.is_well_formed() {
				return Err(SchemaError::BadLabel(name()));
			}
			if let FieldKind::Enumeration(choices) = &field.kind {
				let well_formed = !choices.is_empty()
					&& choices.iter().enumerate().all(|(at, choice)| {
						choice.is_well_formed()
							&& choice.as_str().chars().count() <= usize::from(field.max_length)
							&& !choices[..at].contains(choice)
					});
				if !well_formed {
					return Err(SchemaError::BadChoices(name()));
				}
			}
		}
		Ok(())
	}

	/// A certificate's values in the schema's order, each checked against
	/// its field and trimmed; an optional field without a value is the
	/// empty text. Refuses a name the schema does not have.
	pub fn values(
		&self,
		given: &BTreeMap<String, String>,
	) -> Result<Vec<(String, String)>, FieldProblem> {
		if let Some(unknown) = given.keys().find(|name| self.field(name).is_none()) {
			return Err(FieldProblem {
				field: unknown.clone(),
				label: None,
				error: ValueError::UnknownField,
			});
		}
		self.0
			.iter()
			.map(|field| {
				let value = given.get(field.name.as_str()).map(|v| v.trim()).unwrap_or_default();
				field.check_value(value).map_err(|error| field.problem(error))?;
				Ok((field.name.as_str().into(), value.into()))
			})
			.collect()
	}
}

/// An optional `-`, digits, and optionally `.` and more digits.
fn is_number(text: &str) -> bool {
	let unsigned = text.strip_prefix('-').unwrap_or(text);
	let (whole, fraction) = match unsigned.split_once('.') {
		Some((whole, fraction)) => (whole, Some(fraction)),
		None => (unsigned, None),
	};
	let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
	all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A field of a preset schema: name, kind, required, longest value, labels
/// in Traditional Chinese and English.
pub struct PresetField {
	name: &'static str,
	kind: PresetKind,
	required: bool,
	max_length: u16,
	zh_tw: &'static str,
	en: &'static str,
}

/// A preset field's kind (see [`FieldKind`]).
pub enum PresetKind {
	/// Any text.
	Text,
	/// A date.
	Date,
	/// A number.
	Number,
	/// One of these values.
	Enumeration(&'static [&'static str]),
}

/// A certificate type the original design names, with its schema.
pub struct SchemaPreset {
	/// The type's id.
	pub id: &'static str,
	/// Its name.
	pub name: &'static str,
	fields: &'static [PresetField],
}

impl SchemaPreset {
	/// The type's id.
	pub fn type_id(&self) -> CertificateTypeId {
		self.id.parse().expect("preset ids are well formed; tested")
	}

	/// The type's name.
	pub fn type_name(&self) -> Name {
		Name::try_from(self.name).expect("preset names are well formed; tested")
	}

	/// The schema.
	pub fn schema(&self) -> FieldSchema {
		let label = |text: &str| Label::try_from(text).expect("preset labels are text; tested");
		let fields = self
			.fields
			.iter()
			.map(|field| FieldSpec {
				name: FieldName::try_from(field.name)
					.expect("preset names are well formed; tested"),
				kind: match field.kind {
					PresetKind::Text => FieldKind::Text,
					PresetKind::Date => FieldKind::Date,
					PresetKind::Number => FieldKind::Number,
					PresetKind::Enumeration(choices) => FieldKind::Enumeration(
						choices
							.iter()
							.map(|choice| label(choice))
							.collect::<Vec<_>>()
							.try_into()
							.expect("preset enumerations are bounded; tested"),
					),
				},
				required: field.required,
				max_length: field.max_length,
				label: FieldLabels { zh_tw: label(field.zh_tw), en: label(field.en) },
			})
			.collect::<Vec<_>>();
		FieldSchema(fields.try_into().expect("preset schemas are bounded; tested"))
	}
}

const fn field(
	name: &'static str,
	kind: PresetKind,
	max_length: u16,
	zh_tw: &'static str,
	en: &'static str,
) -> PresetField {
	PresetField { name, kind, required: true, max_length, zh_tw, en }
}

const fn optional(field: PresetField) -> PresetField {
	PresetField { required: false, ..field }
}

use PresetKind::{Date, Enumeration, Number, Text};

/// The schemas of the five types the original design names: the genesis
/// data of the development chains, and what `ecert type add` offers for
/// these ids.
pub const SCHEMA_PRESETS: &[SchemaPreset] = &[
	SchemaPreset {
		id: "diploma",
		name: "University diploma",
		fields: &[
			field("certificate_number", Text, 64, "證書字號", "Certificate number"),
			field("name", Text, 64, "姓名", "Name"),
			field("id_number", Text, 20, "身分證統一編號或護照號碼", "ID or passport number"),
			field("birth_date", Date, 10, "出生日期", "Date of birth"),
			field("school", Text, 128, "學校", "School"),
			field(
				"degree_level",
				Enumeration(&["Associate", "Bachelor", "Master", "Doctor"]),
				16,
				"學位",
				"Degree",
			),
		],
	},
	SchemaPreset {
		id: "license",
		name: "Professional licence",
		fields: &[
			field("license_number", Text, 64, "證書字號", "Licence number"),
			field("name", Text, 64, "姓名", "Name"),
			field("id_number", Text, 20, "身分證統一編號或護照號碼", "ID or passport number"),
			field("birth_date", Date, 10, "出生日期", "Date of birth"),
			field("profession", Text, 64, "類科", "Profession"),
			field("office", Text, 128, "發證機關", "Licensing office"),
		],
	},
	SchemaPreset {
		id: "marriage",
		name: "Marriage certificate",
		fields: &[
			field("certificate_number", Text, 64, "證書字號", "Certificate number"),
			field("spouse_a_name", Text, 64, "配偶一姓名", "First spouse's name"),
			field(
				"spouse_a_id_number",
				Text,
				20,
				"配偶一身分證統一編號",
				"First spouse's ID number",
			),
			field("spouse_b_name", Text, 64, "配偶二姓名", "Second spouse's name"),
			field(
				"spouse_b_id_number",
				Text,
				20,
				"配偶二身分證統一編號",
				"Second spouse's ID number",
			),
			field("marriage_date", Date, 10, "結婚日期", "Date of marriage"),
			field("registration_office", Text, 128, "登記機關", "Registration office"),
			optional(field("witnesses", Text, 256, "證人", "Witnesses")),
		],
	},
	SchemaPreset {
		id: "real-estate",
		name: "Real-estate title",
		fields: &[
			field("certificate_number", Text, 64, "權狀字號", "Title number"),
			field("owner_name", Text, 64, "所有權人", "Owner"),
			field("owner_id_number", Text, 20, "所有權人統一編號", "Owner's ID number"),
			field("parcel", Text, 64, "地號或建號", "Land or building number"),
			field("location", Text, 256, "坐落", "Location"),
			field("area_m2", Number, 16, "面積（平方公尺）", "Area (square metres)"),
			field("share", Text, 32, "權利範圍", "Share held"),
			field("registration_date", Date, 10, "登記日期", "Date of registration"),
			field("office", Text, 128, "地政事務所", "Land office"),
		],
	},
	SchemaPreset {
		id: "business-license",
		name: "Business licence",
		fields: &[
			field("registration_number", Text, 16, "統一編號", "Business ID number"),
			field("business_name", Text, 128, "商業名稱", "Business name"),
			field("owner_name", Text, 64, "負責人姓名", "Owner's name"),
			field("owner_id_number", Text, 20, "負責人身分證統一編號", "Owner's ID number"),
			field("address", Text, 256, "地址", "Address"),
			field("capital_twd", Number, 20, "資本額（新臺幣元）", "Capital (NT$)"),
			field("business_items", Text, 512, "營業項目", "Lines of business"),
			field("approved_on", Date, 10, "核准設立日期", "Date approved"),
		],
	},
];

/// The preset of type `id`, if there is one.
pub fn schema_preset(id: &CertificateTypeId) -> Option<&'static SchemaPreset> {
	SCHEMA_PRESETS.iter().find(|preset| preset.id == id.as_str())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
		pairs.iter().map(|(name, value)| ((*name).into(), (*value).into())).collect()
	}

	#[test]
	fn every_preset_is_a_valid_schema() {
		for preset in SCHEMA_PRESETS {
			let schema = preset.schema();
			assert_eq!(schema.check(), Ok(()), "{}", preset.id);
			assert_eq!(preset.type_id().as_str(), preset.id);
			assert!(!preset.type_name().as_str().is_empty());
		}
		let ids: Vec<_> = SCHEMA_PRESETS.iter().map(|preset| preset.id).collect();
		assert_eq!(ids, ["diploma", "license", "marriage", "real-estate", "business-license"]);
	}

	#[test]
	fn the_hash_commits_to_the_type_and_every_detail() {
		let diploma = schema_preset(&"diploma".parse().unwrap()).unwrap().schema();
		let id: CertificateTypeId = "diploma".parse().unwrap();
		assert_eq!(diploma.hash(&id), diploma.hash(&id));
		assert_ne!(diploma.hash(&id), diploma.hash(&"diploma-2".parse().unwrap()));
		let mut relabelled = diploma.clone();
		relabelled.0[1].label.en = Label::try_from("Full name").unwrap();
		assert_ne!(relabelled.hash(&id), diploma.hash(&id));
	}

	#[test]
	fn values_are_checked_against_their_fields() {
		let schema = schema_preset(&"marriage".parse().unwrap()).unwrap().schema();
		let mut given = values(&[
			("certificate_number", "M-2026-0001"),
			("spouse_a_name", "Chen Mei-Ling"),
			("spouse_a_id_number", "A223456789"),
			("spouse_b_name", "Lin Wei"),
			("spouse_b_id_number", "F123456789"),
			("marriage_date", "2026-02-29"),
			("registration_office", "Da'an District Household Registration Office"),
		]);
		let problem = schema.values(&given).unwrap_err();
		assert_eq!(
			(problem.field.as_str(), &problem.error),
			("marriage_date", &ValueError::NotADate)
		);
		assert!(problem.to_string().starts_with("Date of marriage (marriage_date) must be a date"));

		given.insert("marriage_date".into(), " 2024-02-29 ".into());
		let ordered = schema.values(&given).unwrap();
		assert_eq!(ordered.len(), 8);
		assert_eq!(ordered[5], ("marriage_date".into(), "2024-02-29".into()));
		assert_eq!(ordered[7], ("witnesses".into(), String::new()), "optional, left out");

		given.remove("spouse_b_name");
		assert_eq!(schema.values(&given).unwrap_err().error, ValueError::Missing);
		given.insert("spouse_b_name".into(), "Lin Wei".into());
		given.insert("spouse_c_name".into(), "Nobody".into());
		assert_eq!(schema.values(&given).unwrap_err().error, ValueError::UnknownField);
	}

	#[test]
	fn the_example_data_fits_the_presets() {
		for (id, example) in [
			("diploma", include_str!("../../examples/diploma.json")),
			("marriage", include_str!("../../examples/marriage.json")),
		] {
			let schema = schema_preset(&id.parse().unwrap()).unwrap().schema();
			let given: BTreeMap<String, String> = serde_json::from_str(example).unwrap();
			assert!(schema.values(&given).is_ok(), "{id}: {:?}", schema.values(&given));
		}
	}

	#[test]
	fn each_kind_refuses_what_it_is_not() {
		let schema = schema_preset(&"real-estate".parse().unwrap()).unwrap().schema();
		let area = schema.field("area_m2").unwrap();
		assert_eq!(area.check_value("120.5"), Ok(()));
		assert_eq!(area.check_value("-3"), Ok(()));
		for bad in ["1,200", "12.", ".5", "twelve", "1e3"] {
			assert_eq!(area.check_value(bad), Err(ValueError::NotANumber), "{bad}");
		}
		assert_eq!(area.check_value(&"9".repeat(17)), Err(ValueError::TooLong { max: 16 }));
		let date = schema.field("registration_date").unwrap();
		for bad in ["2023-02-29", "2024-13-01", "2024-4-01", "24-04-01", "2024/04/01"] {
			assert_eq!(date.check_value(bad), Err(ValueError::NotADate), "{bad}");
		}
		assert_eq!(date.check_value("2000-02-29"), Ok(()));
		let degree = schema_preset(&"diploma".parse().unwrap()).unwrap().schema();
		let degree = degree.field("degree_level").unwrap();
		assert_eq!(degree.check_value("Master"), Ok(()));
		assert!(matches!(degree.check_value("master"), Err(ValueError::NotAChoice { .. })));
	}

	#[test]
	fn a_schema_that_breaks_the_rules_is_refused() {
		let good = schema_preset(&"license".parse().unwrap()).unwrap().schema();
		let mut twice = good.clone();
		twice.0[1].name = twice.0[0].name.clone();
		assert!(matches!(twice.check(), Err(SchemaError::DuplicateField(_))));
		let mut short_date = good.clone();
		short_date.0[3].max_length = 8;
		assert!(matches!(short_date.check(), Err(SchemaError::BadMaxLength(_))));
		let mut no_choices = good.clone();
		no_choices.0[4].kind = FieldKind::Enumeration(Default::default());
		assert!(matches!(no_choices.check(), Err(SchemaError::BadChoices(_))));
		let mut unlabelled = good.clone();
		unlabelled.0[2].label.en = Label::decode(&mut &[0u8][..]).unwrap();
		assert!(matches!(unlabelled.check(), Err(SchemaError::BadLabel(_))));
		assert_eq!(FieldSchema(Default::default()).check(), Err(SchemaError::NoFields));
		let mut optional_number = good.clone();
		optional_number.0[0].required = false;
		assert_eq!(optional_number.check(), Err(SchemaError::OptionalNumber));
		assert!(FieldName::try_from("Name").is_err());
		assert!(FieldName::try_from("1st").is_err());
	}

	#[test]
	fn a_schema_is_json_a_registrar_can_write() {
		let schema = schema_preset(&"diploma".parse().unwrap()).unwrap().schema();
		let json = serde_json::to_value(&schema).unwrap();
		assert_eq!(json[0]["name"], "certificate_number");
		assert_eq!(json[0]["kind"], "text");
		assert_eq!(json[0]["maxLength"], 64);
		assert_eq!(json[0]["label"]["zh-TW"], "證書字號");
		assert_eq!(json[5]["kind"]["enumeration"][1], "Bachelor");
		assert_eq!(serde_json::from_value::<FieldSchema>(json).unwrap(), schema);
	}
}

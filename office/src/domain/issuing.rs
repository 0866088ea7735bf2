//! Issuing through the chain without ever losing or doubling a certificate.
//!
//! A draft is checked against the type's field schema (from the main
//! chain's registry) and the holder's identity (active, with its encryption
//! key), given fresh salts, and stored with its fields sealed with the data
//! key, before anything is sent. An officer's approval only marks it
//! `approved`; the [`super::sender::Sender`] then issues what is approved,
//! oldest first.
//!
//! Before sending a certificate, the sender asks the side chain for its id
//! (type, organisation, number). One already there with the stored
//! commitment was sent before a crash or restart: its receipt is taken from
//! the chain. One there with another commitment is marked failed, never
//! replaced. The chain itself refuses a second certificate with the same
//! id, so a certificate is on chain at most once, whatever happens.

use super::vault::DataKey;
use crate::store::{CertificateRow, CertificateState, NewDraft, StoreError};
use ecert_client::{
	api::{IdentityAnswer, MainChainApiClient},
	directory, Node,
};
use ecert_primitives::{
	sealed, CertificateId, CertificateNumber, CertificateTypeId, HolderFile, IdentityId,
	IdentityStatus, KeyAgreementKey, OrgCode, SaltedField, VerificationStatus, MAX_PAYLOAD_LEN,
};
use serde_json::{json, Value};
use sp_core::H256;
use std::{collections::BTreeMap, sync::Arc};

/// The name the issuer's chain key is stored under, sealed.
pub const ISSUER_KEY: &str = "issuer-key";

/// Why a request cannot be done, in words a registrar understands.
#[derive(Debug)]
pub enum IssueError {
	/// The request itself is wrong: a field, the holder, the type.
	Input(String),
	/// The chain could not be asked.
	Chain(String),
	/// The database failed.
	Store(StoreError),
}

impl From<StoreError> for IssueError {
	fn from(error: StoreError) -> Self {
		IssueError::Store(error)
	}
}

/// What the office knows of the chains: the main chain (registry,
/// identities) and, for each type, its side chain's node.
#[derive(Clone)]
pub struct Chains {
	pub main: Arc<Node>,
	/// A side-chain node to use instead of the main chain's directory.
	pub side_url: Option<String>,
	/// The issuer's organisation code.
	pub org: OrgCode,
}

/// A clerk's request for a certificate.
pub struct DraftRequest {
	pub certificate_type: String,
	/// The holder: an account (SS58) or an identity id (0x-hex).
	pub holder: String,
	pub fields: BTreeMap<String, String>,
	/// Valid until (Unix ms), if it expires.
	pub valid_until: Option<i64>,
}

pub fn now_ms() -> i64 {
	crate::store::now().saturating_mul(1000)
}

pub(super) fn chain_error(error: impl std::fmt::Display) -> IssueError {
	IssueError::Chain(error.to_string())
}

/// The purpose a certificate's sealed fields are bound to.
fn fields_purpose(certificate_id: &str) -> String {
	format!("fields of certificate {certificate_id}")
}

impl Chains {
	async fn certificate_type(
		&self,
		id: &CertificateTypeId,
	) -> Result<ecert_client::api::CertificateTypeView, IssueError> {
		let types = self.main.read(|api| api.certificate_types(None)).await.map_err(chain_error)?;
		types.into_iter().find(|view| &view.id == id).ok_or_else(|| {
			IssueError::Input(format!("the main chain has no certificate type {:?}", id.as_str()))
		})
	}

	/// The identity id (hex) `text` names: an identity id as it is, or the
	/// registered identity of an account, asked of the main chain.
	pub async fn identity_of(&self, text: &str) -> Result<String, IssueError> {
		if let Ok(id) = text.parse::<H256>() {
			return Ok(format!("{id:?}"));
		}
		let key = text.to_owned();
		match self.main.read(move |api| api.identity(key, None)).await {
			Ok(IdentityAnswer::Registered(view)) => Ok(format!("{:?}", view.identity_id.0)),
			Ok(IdentityAnswer::Pending(_)) | Err(ecert_client::RpcError::Call { .. }) => {
				Err(IssueError::Input(format!("{text} has no identity on the main chain")))
			},
			Err(other) => Err(chain_error(other)),
		}
	}

	/// The active holder `text` names, and their encryption key.
	async fn holder(&self, text: &str) -> Result<(IdentityId, KeyAgreementKey), IssueError> {
		let key = text.to_owned();
		let answer =
			self.main.read(move |api| api.identity(key, None)).await.map_err(
				|error| match error {
					ecert_client::RpcError::Call { message, .. } => IssueError::Input(format!(
						"{text} has no identity on the main chain: {message}"
					)),
					other => chain_error(other),
				},
			)?;
		match answer {
			IdentityAnswer::Registered(view) if view.record.status == IdentityStatus::Active => {
				Ok((view.identity_id, view.record.keys.key_agreement))
			},
			IdentityAnswer::Registered(_) => Err(IssueError::Input(format!(
				"the holder's identity {text} is not active: only active identities receive \
				 certificates"
			))),
			IdentityAnswer::Pending(_) => {
				Err(IssueError::Input(format!("the holder's identity {text} is not approved yet")))
			},
		}
	}

	/// A node of `certificate_type`'s side chain.
	pub(super) async fn side_node(
		&self,
		certificate_type: &CertificateTypeId,
	) -> Result<Node, IssueError> {
		if let Some(url) = &self.side_url {
			return Ok(Node::new(url));
		}
		let view = self.certificate_type(certificate_type).await?;
		directory::side_chain_node(&view).await.map_err(chain_error)
	}

	/// Checks `request` and makes it a draft to store: fields in schema
	/// order with fresh salts, sealed with `key`.
	pub async fn draft(
		&self,
		key: &DataKey,
		request: DraftRequest,
	) -> Result<NewDraft, IssueError> {
		let certificate_type = parse_type(&request.certificate_type)?;
		let view = self.certificate_type(&certificate_type).await?;
		let mut holders = Holders::default();
		self.prepare(key, &view, &mut holders, request.holder, request.fields, request.valid_until)
			.await
	}

	/// Checks every row of an import of `certificate_type` (line number and
	/// the row's columns: `holder`, the type's fields, optionally
	/// `valid_until` as YYYY-MM-DD) and makes each a draft; or gives every
	/// row's problem, by line.
	pub async fn draft_rows(
		&self,
		key: &DataKey,
		certificate_type: &str,
		rows: Vec<(usize, BTreeMap<String, String>)>,
	) -> Result<Vec<NewDraft>, ImportProblems> {
		let certificate_type = parse_type(certificate_type).map_err(ImportProblems::Whole)?;
		let view = self.certificate_type(&certificate_type).await.map_err(ImportProblems::Whole)?;
		let mut holders = Holders::default();
		let mut drafts = Vec::with_capacity(rows.len());
		let mut problems = Vec::new();
		let mut numbers = BTreeMap::new();
		for (line, mut columns) in rows {
			let holder = columns.remove("holder").unwrap_or_default();
			let valid_until = match columns.remove("valid_until").filter(|v| !v.is_empty()) {
				None => Ok(None),
				Some(text) => ecert_primitives::date_moment(&text)
					.map(|ms| Some(ms as i64))
					.ok_or_else(|| {
						IssueError::Input(format!(
							"valid_until {text:?} is not a date: write YYYY-MM-DD"
						))
					}),
			};
			let drafted = match valid_until {
				Ok(until) => self.prepare(key, &view, &mut holders, holder, columns, until).await,
				Err(problem) => Err(problem),
			};
			match drafted {
				Ok(draft) => match numbers.insert(draft.number.clone(), line) {
					Some(first) => problems.push(RowProblem {
						line,
						error: format!("number {} is also on line {first}", draft.number),
					}),
					None => drafts.push(draft),
				},
				Err(IssueError::Input(error)) => problems.push(RowProblem { line, error }),
				Err(other) => return Err(ImportProblems::Whole(other)),
			}
		}
		match problems.is_empty() {
			true => Ok(drafts),
			false => Err(ImportProblems::Rows(problems)),
		}
	}

	/// One certificate's draft, checked against `view`'s schema.
	async fn prepare(
		&self,
		key: &DataKey,
		view: &ecert_client::api::CertificateTypeView,
		holders: &mut Holders,
		holder: String,
		given: BTreeMap<String, String>,
		valid_until: Option<i64>,
	) -> Result<NewDraft, IssueError> {
		let values = view.schema.values(&given).map_err(|problem| {
			IssueError::Input(format!(
				"{problem} (its fields are: {})",
				view.schema.names().join(", ")
			))
		})?;
		let fields = ecert_primitives::salt_fields(values);
		let number_text = fields.first().map(|field| field.value.clone()).unwrap_or_default();
		let number: CertificateNumber = number_text.parse().map_err(|_| {
			IssueError::Input(format!("{number_text:?} is not a usable certificate number"))
		})?;
		let (holder, holder_key) = match holders.get(&holder) {
			Some(known) => *known,
			None => {
				let found = self.holder(&holder).await?;
				holders.insert(holder, found);
				found
			},
		};
		if sealed::seal_fields(&holder_key, &fields).len() > MAX_PAYLOAD_LEN as usize {
			return Err(IssueError::Input(format!(
				"the fields are too long: sealed for the holder they exceed the chain's {} KiB",
				MAX_PAYLOAD_LEN / 1024
			)));
		}
		let valid_from = now_ms();
		if valid_until.is_some_and(|until| until <= valid_from) {
			return Err(IssueError::Input("the end of validity must be in the future".into()));
		}
		let certificate_id = CertificateId::derive(&view.id, &self.org, &number);
		let certificate_id = format!("{:?}", certificate_id.0);
		let plain = serde_json::to_vec(&fields).expect("fields serialize");
		Ok(NewDraft {
			certificate_type: view.id.to_string(),
			number: number.as_str().to_owned(),
			sealed_fields: key.seal(&fields_purpose(&certificate_id), &plain),
			certificate_id,
			holder: format!("{:?}", holder.0),
			holder_key: format!("{:?}", holder_key.0),
			commitment: format!("{:?}", ecert_primitives::commitment(&fields)),
			valid_from,
			valid_until,
			renews: None,
		})
	}

	/// Checks a renewal of the office's issued certificate `old`: its
	/// successor, for the same holder and type, with `fields` changed
	/// (usually just a new number; the rest stay `old`'s) and `valid_until`. The chain must still let `old` be
	/// superseded: not revoked, not renewed already.
	pub async fn renewal(
		&self,
		key: &DataKey,
		old: &CertificateRow,
		fields: BTreeMap<String, String>,
		valid_until: Option<i64>,
	) -> Result<NewDraft, IssueError> {
		if old.state != CertificateState::Issued {
			return Err(IssueError::Input(format!(
				"certificate number {} is {}: only an issued certificate is renewed",
				old.number,
				old.state.as_str()
			)));
		}
		let on_chain = self.chain_status(&old.certificate_type, &old.certificate_id).await?;
		if let Some(why) = renewal_refusal(on_chain.status) {
			return Err(IssueError::Input(format!(
				"certificate number {} cannot be renewed: {why}",
				old.number
			)));
		}
		// What is not given stays as it was; every salt is drawn anew.
		let mut all: BTreeMap<String, String> =
			open_fields(key, old)?.into_iter().map(|field| (field.name, field.value)).collect();
		all.extend(fields);
		let request = DraftRequest {
			certificate_type: old.certificate_type.clone(),
			holder: old.holder.clone(),
			fields: all,
			valid_until,
		};
		let mut draft = self.draft(key, request).await?;
		if draft.number == old.number {
			return Err(IssueError::Input(format!(
				"the renewed certificate needs a number of its own, not {} again",
				old.number
			)));
		}
		draft.renews = Some(old.id);
		Ok(draft)
	}
}

/// Why a certificate whose status on chain is `status` cannot be renewed,
/// in words; `None` if it can (an expired one can: that is what renewal is
/// for).
fn renewal_refusal(status: VerificationStatus) -> Option<&'static str> {
	match status {
		VerificationStatus::Unknown => Some("the chain does not know it"),
		VerificationStatus::Revoked => Some("it is revoked, for good"),
		VerificationStatus::Superseded => Some("it is renewed already"),
		_ => None,
	}
}

/// Holders already looked up, by what the request named them.
type Holders = BTreeMap<String, (IdentityId, KeyAgreementKey)>;

fn parse_type(text: &str) -> Result<CertificateTypeId, IssueError> {
	text.parse().map_err(|_| IssueError::Input(format!("{text:?} is not a certificate type's id")))
}

/// A row of an import that cannot be drafted, and why.
#[derive(Debug, serde::Serialize)]
pub struct RowProblem {
	pub line: usize,
	pub error: String,
}

/// Why an import's rows were not drafted.
#[derive(Debug)]
pub enum ImportProblems {
	/// These rows are wrong; nothing was stored.
	Rows(Vec<RowProblem>),
	/// The whole import cannot be done (unknown type, chain unreachable).
	Whole(IssueError),
}

/// The fields and salts of `row`, opened with `key`.
pub fn open_fields(key: &DataKey, row: &CertificateRow) -> Result<Vec<SaltedField>, IssueError> {
	let plain = key
		.open(&fields_purpose(&row.certificate_id), &row.sealed_fields)
		.map_err(|error| IssueError::Store(StoreError(error.to_string())))?;
	serde_json::from_slice(&plain).map_err(|error| {
		IssueError::Store(StoreError(format!("sealed fields unreadable: {error}")))
	})
}

pub(super) fn parse_hex<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, IssueError> {
	text.parse()
		.map_err(|_| IssueError::Store(StoreError(format!("stored {what} {text:?} is not valid"))))
}

/// The holder's certificate file of an issued `row`, from the office's
/// records: what the holder got when it was issued.
pub fn holder_file(
	key: &DataKey,
	org: &OrgCode,
	row: &CertificateRow,
) -> Result<HolderFile<Value>, IssueError> {
	let fields = open_fields(key, row)?;
	let certificate_id: H256 = parse_hex(&row.certificate_id, "certificate id")?;
	let holder: H256 = parse_hex(&row.holder, "holder")?;
	let certificate_type: CertificateTypeId = parse_hex(&row.certificate_type, "type")?;
	let receipt = json!({
		"txHash": row.tx_hash,
		"blockNumber": row.block_number,
		"blockHash": row.block_hash,
	});
	Ok(HolderFile::new(
		CertificateId(certificate_id),
		certificate_type,
		org.clone(),
		IdentityId(holder),
		fields,
		receipt,
	))
}

/// `error` in words.
pub fn describe(error: &IssueError) -> String {
	match error {
		IssueError::Input(message) | IssueError::Chain(message) => message.clone(),
		IssueError::Store(error) => error.to_string(),
	}
}

/// The rows of an XLSX workbook or a CSV file (see [`ecert_client::rows`]),
/// each with its line number: as an import takes them. At most
/// [`MAX_IMPORT_ROWS`].
pub fn import_rows(file: &[u8]) -> Result<Vec<(usize, BTreeMap<String, String>)>, String> {
	let rows = ecert_client::rows::spreadsheet_rows(file)
		.map_err(|problem| format!("the file cannot be imported: {problem}"))?;
	match rows.len() {
		0 => Err("the file has a header row but no certificates".into()),
		n if n > MAX_IMPORT_ROWS => {
			Err(format!("the file has {n} rows; an import takes at most {MAX_IMPORT_ROWS}"))
		},
		_ => Ok(rows),
	}
}

/// The most rows one import takes.
pub const MAX_IMPORT_ROWS: usize = 100_000;

#[cfg(test)]
mod tests {
	use super::*;
	use VerificationStatus::*;

	#[test]
	fn a_certificate_is_renewed_unless_revoked_unknown_or_renewed_already() {
		for renewable in [Valid, Expired, NotYetValid, Suspended] {
			assert_eq!(renewal_refusal(renewable), None, "{renewable:?}");
		}
		for refused in [Revoked, Superseded, Unknown] {
			assert!(renewal_refusal(refused).is_some(), "{refused:?}");
		}
	}
}

//! Certificate records on a side chain.
//!
//! A side chain stores, per certificate, a [`CertificateRecord`]: who issued
//! it to whom, a salted commitment to its fields (see
//! [`commitment`](crate::commitment)), its validity, its status and where it
//! was recorded. Personal data never enters the record: the fields stay with
//! the holder, or travel encrypted in the block body, of which the record
//! keeps only the hash.

use crate::{CertificateId, IdentityId, Moment, OrgCode};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;

/// The longest off-chain document URI, in bytes.
pub const MAX_URI_LEN: u32 = 256;

/// How the certificate's data is shaped.
#[derive(
	Clone,
	Copy,
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
pub enum DataType {
	/// Named fields committed to one by one (selective disclosure).
	Fields,
	/// One document, committed to as a whole.
	Document,
}

/// The hash algorithm of the off-chain document.
#[derive(
	Clone,
	Copy,
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
pub enum HashAlgorithm {
	/// BLAKE2b-256.
	Blake2b256,
	/// SHA-256.
	Sha256,
}

/// The digital-asset metadata of a certificate.
#[derive(
	Clone,
	Copy,
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
pub struct AssetMetadata {
	/// The version of the data format.
	pub format_version: u16,
	/// How the data is shaped.
	pub data_type: DataType,
	/// The hash algorithm of the document, if there is one.
	pub hash_algorithm: HashAlgorithm,
}

impl AssetMetadata {
	/// A certificate of schema fields, committed with blake2b-256 (format
	/// 1): what the `ecert` client issues.
	pub const FIELDS: Self = Self {
		format_version: 1,
		data_type: DataType::Fields,
		hash_algorithm: HashAlgorithm::Blake2b256,
	};
}

/// Where the full document lies off chain, and its hash.
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
pub struct DocumentRef {
	/// The document's URI, as UTF-8.
	#[serde(with = "uri_text")]
	pub uri: BoundedVec<u8, ConstU32<MAX_URI_LEN>>,
	/// The document's hash, with [`AssetMetadata::hash_algorithm`].
	pub hash: H256,
}

mod uri_text {
	use super::*;
	use alloc::string::String;
	use serde::{de::Error, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(
		uri: &BoundedVec<u8, ConstU32<MAX_URI_LEN>>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&String::from_utf8_lossy(uri))
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<BoundedVec<u8, ConstU32<MAX_URI_LEN>>, D::Error> {
		let text = String::deserialize(deserializer)?;
		text.into_bytes().try_into().map_err(|_| D::Error::custom("the URI is too long"))
	}
}

/// Where a transaction was recorded: its block and its index in the block.
#[derive(
	Clone,
	Copy,
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
pub struct TxRef<BlockNumber> {
	/// The block's number.
	pub block: BlockNumber,
	/// The transaction's index in the block.
	pub index: u32,
}

/// A certificate's stored status. Expiry and supersession are not stored:
/// they follow from `valid_until` and `superseded_by`.
#[derive(
	Clone,
	Copy,
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
pub enum CertificateStatus {
	/// In force.
	Active,
	/// Not in force until reinstated.
	Suspended,
	/// Revoked for good, with the reason code (`0` is the seed's "000 註銷",
	/// cancellation).
	Revoked { reason: u16 },
}

/// A certificate as its side chain stores it, under its [`CertificateId`].
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
pub struct CertificateRecord<BlockNumber> {
	/// The issuer's organisation code.
	pub issuer: OrgCode,
	/// The holder's identity.
	pub holder: IdentityId,
	/// The salted commitment to the certificate's fields.
	pub commitment: H256,
	/// Valid from (Unix time, ms).
	pub valid_from: Moment,
	/// Valid until (Unix time, ms, exclusive), if it expires.
	pub valid_until: Option<Moment>,
	/// The digital-asset metadata.
	pub asset: AssetMetadata,
	/// The off-chain document, if any.
	pub document: Option<DocumentRef>,
	/// The hash of the information encrypted to the holder, carried in the
	/// issuing transaction, if any.
	pub payload_hash: Option<H256>,
	/// The stored status.
	pub status: CertificateStatus,
	/// The certificate this one renews, if any.
	pub supersedes: Option<CertificateId>,
	/// The certificate that renewed this one, if any.
	pub superseded_by: Option<CertificateId>,
	/// Where it was issued.
	pub issued: TxRef<BlockNumber>,
	/// Where it last changed.
	pub last_changed: TxRef<BlockNumber>,
}

/// A certificate's status as a verifier sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VerificationStatus {
	/// In force.
	Valid,
	/// Revoked.
	Revoked,
	/// Suspended.
	Suspended,
	/// Past its `valid_until`.
	Expired,
	/// Before its `valid_from`.
	NotYetValid,
	/// Renewed by another certificate.
	Superseded,
	/// No such certificate.
	Unknown,
}

impl VerificationStatus {
	/// The status of a certificate with `status`, validity window and
	/// successor, at time `now`. Revocation and suspension come first, then
	/// supersession, then the validity window. The node, the offline
	/// verifier and every client use this one rule.
	pub fn of(
		status: CertificateStatus,
		valid_from: Moment,
		valid_until: Option<Moment>,
		superseded: bool,
		now: Moment,
	) -> Self {
		match status {
			CertificateStatus::Revoked { .. } => VerificationStatus::Revoked,
			CertificateStatus::Suspended => VerificationStatus::Suspended,
			CertificateStatus::Active if superseded => VerificationStatus::Superseded,
			CertificateStatus::Active if now < valid_from => VerificationStatus::NotYetValid,
			CertificateStatus::Active if valid_until.is_some_and(|until| now >= until) => {
				VerificationStatus::Expired
			},
			CertificateStatus::Active => VerificationStatus::Valid,
		}
	}

	/// The status of `record` at time `now`.
	pub fn of_record<BlockNumber>(record: &CertificateRecord<BlockNumber>, now: Moment) -> Self {
		Self::of(
			record.status,
			record.valid_from,
			record.valid_until,
			record.superseded_by.is_some(),
			now,
		)
	}
}

impl core::fmt::Display for VerificationStatus {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			VerificationStatus::Valid => "valid",
			VerificationStatus::Revoked => "revoked",
			VerificationStatus::Suspended => "suspended",
			VerificationStatus::Expired => "expired",
			VerificationStatus::NotYetValid => "not valid yet",
			VerificationStatus::Superseded => "superseded",
			VerificationStatus::Unknown => "unknown",
		})
	}
}

/// The status of a batched certificate that has changed since its batch.
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
pub struct BatchedStatus<BlockNumber> {
	/// The batch's root.
	pub batch: H256,
	/// The status.
	pub status: CertificateStatus,
	/// Where it last changed.
	pub last_changed: TxRef<BlockNumber>,
}

/// A batch of certificates, stored under its Merkle root.
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
pub struct BatchRecord<BlockNumber> {
	/// The issuer's organisation code.
	pub issuer: OrgCode,
	/// How many certificates the batch holds.
	pub count: u32,
	/// The digital-asset metadata of every certificate in it.
	pub asset: AssetMetadata,
	/// Where it was issued.
	pub issued: TxRef<BlockNumber>,
}

/// Access to a certificate's shared data, granted to a verifier.
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
pub struct Grant {
	/// Until when (Unix time, ms, exclusive).
	pub expires_at: Moment,
	/// Who granted it: the holder's or the issuer's identity.
	pub granted_by: IdentityId,
}

/// A verification in the log.
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
pub struct VerificationRecord<BlockNumber, Balance> {
	/// The verifier's identity.
	pub verifier: IdentityId,
	/// The purpose code, as the verifier declared it.
	pub purpose: u16,
	/// The chain time (Unix time, ms).
	pub time: Moment,
	/// Where it was recorded.
	pub recorded: TxRef<BlockNumber>,
	/// The fee paid to the issuer.
	pub fee: Balance,
}

/// The certificate issuer's side of the accreditation check, as a side chain
/// sees it.
pub trait IssuerInspect<AccountId> {
	/// The organisation that `account` issues for, if any.
	fn organisation_of(account: &AccountId) -> Option<OrgCode>;

	/// Whether `org_code` may issue certificates of this chain's type at
	/// `now`, and if not, why.
	fn may_issue(org_code: &OrgCode, now: Moment) -> Result<(), IssueRefusal>;

	/// The account that receives `org_code`'s verification fees.
	fn payout_account(org_code: &OrgCode) -> Option<AccountId>;
}

/// Why an organisation may not issue now.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IssueRefusal {
	/// It is not accredited for this chain's type now (unknown, suspended,
	/// revoked, outside its window, another type, or its identity is not
	/// active).
	NotAccredited,
	/// What the side chain knows of the main chain is too old to trust: no
	/// recent main-chain header, or no recent proof of the accreditation.
	ViewTooOld,
}

/// What an issuer states about a certificate when it issues or renews it.
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
pub struct CertificateTerms {
	/// The issuer's certificate number, as printed on the certificate.
	pub number: crate::CertificateNumber,
	/// The holder's identity.
	pub holder: IdentityId,
	/// The salted commitment to the certificate's fields.
	pub commitment: H256,
	/// Valid from (Unix time, ms).
	pub valid_from: Moment,
	/// Valid until (Unix time, ms, exclusive), if it expires.
	pub valid_until: Option<Moment>,
	/// The digital-asset metadata.
	pub asset: AssetMetadata,
	/// The off-chain document, if any.
	pub document: Option<DocumentRef>,
}

impl CertificateTerms {
	/// The terms of a certificate of `fields` (with their salts, in schema
	/// order): their commitment, the field-based asset metadata, no document.
	pub fn of_fields(
		number: crate::CertificateNumber,
		holder: IdentityId,
		fields: &[crate::SaltedField],
		valid_from: Moment,
		valid_until: Option<Moment>,
	) -> Self {
		CertificateTerms {
			number,
			holder,
			commitment: crate::commitment(fields),
			valid_from,
			valid_until,
			asset: AssetMetadata::FIELDS,
			document: None,
		}
	}
}

/// What a transaction issued: one certificate, or a batch.
#[derive(
	Clone,
	Copy,
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
pub enum Issued {
	/// One certificate.
	Certificate(CertificateId),
	/// A batch, by its root.
	Batch(H256),
}

/// What changed in a certificate's history.
#[derive(
	Clone,
	Copy,
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
pub enum ChangeKind {
	/// Revoked, with a reason code.
	Revoked { reason: u16 },
	/// Suspended.
	Suspended,
	/// Reinstated.
	Reinstated,
	/// Renewed by another certificate.
	Renewed { by: CertificateId },
}

/// One entry of a certificate's history.
#[derive(
	Clone,
	Copy,
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
pub struct CertificateChange<BlockNumber> {
	/// What changed.
	pub kind: ChangeKind,
	/// Where.
	pub at: TxRef<BlockNumber>,
	/// The chain time (Unix time, ms).
	pub time: Moment,
}

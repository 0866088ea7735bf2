//! A side chain's methods: verifying a certificate, fetching it by block and
//! transaction, checking disclosed fields, listing a holder's certificates
//! and a certificate's verifications, and its portable proof.

use crate::Number;
use ecert_primitives::{
	query::QuerySignature, AssetMetadata, BatchMembership, BlockNumber, CertificateChange,
	CertificateId, CertificateRecord, CertificateStatus, CertificateTypeId, DisclosedField,
	DocumentRef, Hash, IdentityId, Moment, OrgCode, VerificationRecord, VerificationStatus,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::{Deserialize, Serialize};

/// How many blocks back `ecert_recentEvents` looks: a node keeps the state
/// of the last 256 blocks unless told to keep more.
pub const RECENT_BLOCKS: u32 = 256;

/// How many events `ecert_recentEvents` gives at most.
pub const MAX_RECENT_EVENTS: u32 = 100;

/// How many entries a page of a listing holds.
pub const PAGE_SIZE: u32 = 50;

/// A certificate, by id or by the issuer's organisation code and number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CertificateQuery {
	/// The certificate id.
	Id(CertificateId),
	/// The issuer's organisation code and the certificate number, as
	/// printed on the certificate.
	#[serde(rename_all = "camelCase")]
	Number { org_code: String, number: String },
}

impl From<CertificateId> for CertificateQuery {
	fn from(id: CertificateId) -> Self {
		CertificateQuery::Id(id)
	}
}

/// Where a transaction sits: block number and hash, and transaction hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
	pub block_number: BlockNumber,
	pub block_hash: Option<Hash>,
	pub tx_hash: Option<Hash>,
	pub tx_index: u32,
}

/// A certificate's status, as `ecert_verifyCertificate` returns it (seed
/// API 3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
	pub certificate_id: CertificateId,
	pub status: VerificationStatus,
	pub certificate_type: CertificateTypeId,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub issuer: Option<OrgCode>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub holder: Option<IdentityId>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub commitment: Option<Hash>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub valid_from: Option<Moment>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub valid_until: Option<Moment>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub revocation_reason: Option<u16>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub supersedes: Option<CertificateId>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub superseded_by: Option<CertificateId>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub batch: Option<Hash>,
	/// The digital-asset metadata: the document's hash algorithm.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub asset: Option<AssetMetadata>,
	/// Where the certificate's document lies off chain, and its hash.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub document: Option<DocumentRef>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub issued: Option<Location>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub last_changed: Option<Location>,
	/// The latest changes (at most 50), oldest first; the whole history is
	/// paged by `ecert_certificateHistory`.
	pub history: Vec<CertificateChange<BlockNumber>>,
	/// How many changes the whole history holds.
	pub history_total: u32,
	/// The block checked, and its chain time.
	pub checked_at: Hash,
	pub chain_time: Moment,
}

/// A certificate by block and transaction, as `ecert_certificateByTx`
/// returns it (seed API 5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateByTx {
	pub certificate_id: CertificateId,
	pub issuer: OrgCode,
	pub record: CertificateRecord<BlockNumber>,
	/// The information encrypted to the holder, as 0x-hex, if the
	/// transaction carried it. Only the holder's key opens it.
	pub encrypted_payload: Option<String>,
	pub location: Location,
}

/// The answer of `ecert_checkDisclosure`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureCheck {
	pub certificate_id: CertificateId,
	pub status: VerificationStatus,
	/// Whether every disclosed field matches the commitment.
	pub all_match: bool,
	pub fields: Vec<FieldCheck>,
}

/// One disclosed field, checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
	pub name: String,
	pub value: String,
	pub matches: bool,
}

/// A portable proof, with what it proves about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortableProof {
	/// The SCALE-encoded `CertificateProof`, as 0x-prefixed hex.
	pub proof: String,
	/// Its size in bytes.
	pub size: u32,
	pub certificate_id: CertificateId,
	/// The certificate's stored status at the side-chain header.
	pub status: CertificateStatus,
	/// The side-chain header the record is proven under.
	pub side_block_number: BlockNumber,
	pub side_block_hash: Hash,
	/// The finalized main-chain header that anchors it.
	pub main_block_number: BlockNumber,
	pub main_block_hash: Hash,
}

/// A page of a listing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
	pub page: u32,
	pub page_size: u32,
	pub total: u32,
	pub items: Vec<T>,
}

/// A page of a holder's certificates: at most 50, in key order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldPage {
	pub page_size: u32,
	pub items: Vec<HeldCertificate>,
	/// Where the next page starts (`after`), if there may be one.
	pub next: Option<CertificateId>,
}

/// A holder's certificate in `ecert_certificatesOf`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldCertificate {
	pub certificate_id: CertificateId,
	pub issuer: OrgCode,
	pub status: VerificationStatus,
}

/// A certificate event of a recent block, as `ecert_recentEvents` gives
/// it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentEvent {
	pub block_number: BlockNumber,
	#[serde(flatten)]
	pub event: CertificateEvent,
}

/// What happened to a certificate (or a batch of them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CertificateEvent {
	#[serde(rename_all = "camelCase")]
	Issued { certificate_id: CertificateId, issuer: OrgCode },
	#[serde(rename_all = "camelCase")]
	BatchIssued { root: Hash, issuer: OrgCode, count: u32 },
	#[serde(rename_all = "camelCase")]
	Revoked { certificate_id: CertificateId, reason: u16 },
	#[serde(rename_all = "camelCase")]
	Suspended { certificate_id: CertificateId },
	#[serde(rename_all = "camelCase")]
	Reinstated { certificate_id: CertificateId },
	#[serde(rename_all = "camelCase")]
	Renewed { certificate_id: CertificateId, renewed_by: CertificateId },
}

/// The side chain's read methods.
#[rpc(server, client)]
pub trait SideChainApi {
	/// The status of a certificate, by id or by organisation code and
	/// number, with where it was issued and last changed (seed API 3). A
	/// batched certificate needs its batch membership proof.
	#[method(name = "ecert_verifyCertificate")]
	fn verify_certificate(
		&self,
		certificate: CertificateQuery,
		membership: Option<BatchMembership>,
		at: Option<Hash>,
	) -> RpcResult<Verification>;

	/// The certificate issued by transaction `tx_hash` in block
	/// `block_number`, with its encrypted payload (seed API 5).
	#[method(name = "ecert_certificateByTx")]
	fn certificate_by_tx(
		&self,
		#[argument(rename = "blockNumber")] block_number: Number,
		#[argument(rename = "txHash")] tx_hash: Hash,
	) -> RpcResult<CertificateByTx>;

	/// Whether disclosed fields match a certificate's commitment.
	#[method(name = "ecert_checkDisclosure")]
	fn check_disclosure(
		&self,
		certificate: CertificateQuery,
		fields: Vec<DisclosedField>,
		membership: Option<BatchMembership>,
	) -> RpcResult<DisclosureCheck>;

	/// The certificates of identity `holder`, 50 at a time: the first page,
	/// or the page after certificate `after` (the previous page's `next`).
	///
	/// Only for the holder, or a verifier the holder granted access:
	/// `signature` is their signature of `(holder, after)`
	/// ([`ecert_primitives::query`]). A verifier sees only the certificates
	/// it holds a live grant from the holder for. Anything else is refused
	/// with [`crate::NOT_ALLOWED_CODE`].
	#[method(name = "ecert_certificatesOf")]
	fn certificates_of(
		&self,
		holder: IdentityId,
		after: Option<CertificateId>,
		signature: Option<QuerySignature>,
	) -> RpcResult<HeldPage>;

	/// A certificate's history of changes, oldest first, a page of 50 at a
	/// time.
	#[method(name = "ecert_certificateHistory")]
	fn certificate_history(
		&self,
		#[argument(rename = "certificateId")] certificate_id: CertificateId,
		page: Option<Number>,
	) -> RpcResult<Page<CertificateChange<BlockNumber>>>;

	/// The portable proof of a certificate: its record and tree path under
	/// an anchored side-chain header, the main-chain header that anchors it,
	/// and that header's GRANDPA justification.
	/// `ecert_primitives::verify_certificate_proof` checks it offline against
	/// a main-chain checkpoint. A batched certificate needs its batch
	/// `membership`; its proof (version 3) carries its evidence in its batch
	/// (membership, the batch's record, its change since) instead of a
	/// record.
	#[method(name = "ecert_certificateProof")]
	fn certificate_proof(
		&self,
		certificate: CertificateQuery,
		membership: Option<BatchMembership>,
	) -> RpcResult<PortableProof>;

	/// The verification log of a certificate, a page of 50 at a time.
	#[method(name = "ecert_verificationsOf")]
	fn verifications_of(
		&self,
		#[argument(rename = "certificateId")] certificate_id: CertificateId,
		page: Option<Number>,
	) -> RpcResult<Page<VerificationRecord<BlockNumber, u128>>>;

	/// The latest certificate events (issued, revoked, suspended,
	/// reinstated, renewed), newest first: `limit` of them (20 if not
	/// given, 100 at most), from the last 256 blocks.
	#[method(name = "ecert_recentEvents")]
	fn recent_events(&self, limit: Option<Number>) -> RpcResult<Vec<RecentEvent>>;
}

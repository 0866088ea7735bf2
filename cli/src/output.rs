//! What `ecert --json` prints: one type per command that has its own
//! answer, for scripts and tests to read. Commands that pass a node's
//! answer on print the `ecert-rpc-api` type itself (`cert verify` prints a
//! `Verification`, `identity show` an `IdentityAnswer`, `issuer show` an
//! `IssuerView`, `cert check-disclosure` a `DisclosureCheck`), and
//! `vc verify` prints `ecert_primitives::CredentialReport`.
//!
//! Every type is a JSON object with camelCase keys.

use ecert_client::{
	api::{CertificateByTx, CertificateTypeView, HeldCertificate, Location, PortableProof},
	Receipt,
};
use ecert_primitives::{
	keystore::StoredAccount, BlockNumber, CertificateId, CertificateRecord, CertificateTypeId,
	ChainId, Hash, IdentityId, MainCheckpoint, OrgCode, ProvenCertificate, SaltedField,
	SideChainEndpoints, VerificationStatus,
};
use serde::{Deserialize, Serialize};

/// Where a transaction was recorded: seed API 2's transaction hash and
/// block number, and the block's hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
	pub tx_hash: Hash,
	pub block_number: BlockNumber,
	pub block_hash: Hash,
}

impl<Event> From<&Receipt<Event>> for Recorded {
	fn from(receipt: &Receipt<Event>) -> Self {
		Self {
			tx_hash: receipt.tx_hash,
			block_number: receipt.block_number,
			block_hash: receipt.block_hash,
		}
	}
}

/// Where a certificate was issued, as a holder's file keeps it when it
/// comes from the chain's answer rather than from the issuing receipt: the
/// hashes are `null` when the node no longer knows them (a pruned block,
/// or no offchain index).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedAt {
	pub tx_hash: Option<Hash>,
	pub block_number: BlockNumber,
	pub block_hash: Option<Hash>,
}

impl From<&Location> for IssuedAt {
	fn from(location: &Location) -> Self {
		Self {
			tx_hash: location.tx_hash,
			block_number: location.block_number,
			block_hash: location.block_hash,
		}
	}
}

/// A failed command, on standard error: what went wrong, what to do about
/// it, and the exit code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
	pub error: String,
	pub hint: String,
	pub code: i32,
}

/// `account new`, and each account of `account list`: what may be shown of
/// an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountShown {
	pub name: String,
	/// Its SS58 address.
	pub address: String,
	/// The sr25519 signing public key, 0x-hex.
	pub signing_key: String,
	/// The X25519 encryption public key, 0x-hex.
	pub key_agreement_key: String,
	/// Whether its secret is encrypted with a passphrase.
	pub encrypted: bool,
	/// The keystore it was written to (`account new` only).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub keystore: Option<String>,
}

impl From<&StoredAccount> for AccountShown {
	fn from(account: &StoredAccount) -> Self {
		Self {
			name: account.name.clone(),
			address: account.address.clone(),
			signing_key: account.signing_key.clone(),
			key_agreement_key: account.key_agreement_key.clone(),
			encrypted: account.encrypted(),
			keystore: None,
		}
	}
}

/// `account list`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountList {
	pub accounts: Vec<AccountShown>,
}

/// `account transfer`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transferred {
	/// The address paid.
	pub to: String,
	/// In whole units.
	pub amount: u64,
	pub receipt: Recorded,
}

/// `identity request`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityRequested {
	pub account: String,
	pub receipt: Recorded,
}

/// `identity approve`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityApproved {
	pub account: String,
	pub identity_id: IdentityId,
	pub receipt: Recorded,
}

/// `identity reject`, `cancel` and `deactivate`, `registrar add` and
/// `remove`, and `type retire`: what was done, and to what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
	/// The account, identity id or certificate type changed.
	pub subject: String,
	/// What was done, in words ("request rejected", "registrar added", ...).
	pub done: String,
	pub receipt: Recorded,
}

/// `issuer accredit`, `suspend`, `reinstate` and `revoke`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerChanged {
	pub org_code: OrgCode,
	/// What was done: "accredited", "suspended", "reinstated", "revoked".
	pub status: String,
	pub receipt: Recorded,
}

/// `type add`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeRegistered {
	pub id: CertificateTypeId,
	pub schema_hash: Hash,
	/// The genesis hash of the type's side chain.
	pub side_chain_genesis: Hash,
	/// Its nodes, as the directory lists them.
	#[serde(default)]
	pub endpoints: SideChainEndpoints,
	pub receipt: Recorded,
}

/// `type list`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeList {
	pub types: Vec<CertificateTypeView>,
}

/// `identity recover`: the new account may claim the identity from block
/// `claimable_at`, unless the identity's account vetoes it first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryStarted {
	pub identity_id: IdentityId,
	pub new_account: String,
	pub claimable_at: BlockNumber,
	pub receipt: Recorded,
}

/// `cert list`: the holder's certificates the signer may see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateList {
	pub holder: IdentityId,
	pub certificates: Vec<HeldCertificate>,
}

/// `cert issue` and `cert renew`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateIssued {
	pub certificate_id: CertificateId,
	pub issuer: OrgCode,
	pub holder: IdentityId,
	pub commitment: Hash,
	pub receipt: Recorded,
	/// The holder's file written (it holds personal data).
	pub holder_file: String,
}

/// `cert suspend`, `reinstate`, `revoke`, `grant`, `ungrant` and
/// `record-verification`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateChanged {
	pub certificate_id: CertificateId,
	/// What was done, in words ("suspended", "verifier granted", ...).
	pub done: String,
	pub receipt: Recorded,
}

/// `cert get`: the node's answer, and with `--decrypt` the fields the
/// holder opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFetched {
	#[serde(flatten)]
	pub answer: CertificateByTx,
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub fields: Option<Vec<SaltedField>>,
}

/// `cert disclose`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disclosed {
	pub certificate_id: CertificateId,
	/// The names of the fields disclosed.
	pub fields: Vec<String>,
	/// The disclosure file written.
	pub file: String,
}

/// A row of `cert batch-issue` that was not issued.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowFailure {
	/// The row's line in the spreadsheet.
	pub line: usize,
	/// Its certificate number, when it got as far as the chain.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub number: Option<String>,
	pub error: String,
}

/// `cert batch-issue`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchReport {
	/// Certificates issued by this run.
	pub issued: u32,
	/// Rows whose certificate the chain already held.
	pub already_issued: u32,
	pub failed: Vec<RowFailure>,
	/// Where the holders' files are.
	pub out_dir: String,
}

/// `proof export`: the node's answer (the proof, and what it proves), and
/// the files written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofExported {
	#[serde(flatten)]
	pub proof: PortableProof,
	/// The proof's file.
	pub file: String,
	/// The QR code's PNG, with `--qr`.
	pub qr: Option<String>,
}

/// `proof verify`: a proof that holds, and the certificate's status now
/// (printed also when that status is not valid, with exit code 5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofVerified {
	/// Always true: a proof that does not hold is an error.
	pub proof_valid: bool,
	pub status: VerificationStatus,
	/// The proof's size in bytes.
	pub size: usize,
	pub certificate_id: CertificateId,
	pub certificate_type: Option<CertificateTypeId>,
	pub side_chain: ChainId,
	pub record: CertificateRecord<BlockNumber>,
	/// The side-chain header's time, ISO 8601: the record is as of then.
	pub status_as_of: String,
	/// The same, in Unix ms.
	pub side_time: u64,
	pub main_time: u64,
	pub side_block_number: BlockNumber,
	pub side_block_hash: Hash,
	pub main_block_number: BlockNumber,
	pub main_block_hash: Hash,
}

impl ProofVerified {
	/// The report on `proven`, a proof of `size` bytes, whose certificate
	/// is `status` now; `as_of` is the proof's time in words.
	pub fn new(
		proven: &ProvenCertificate,
		status: VerificationStatus,
		size: usize,
		as_of: String,
	) -> Self {
		Self {
			proof_valid: true,
			status,
			size,
			certificate_id: proven.certificate,
			certificate_type: proven.side_chain.certificate_type().cloned(),
			side_chain: proven.side_chain.clone(),
			record: proven.record.clone(),
			status_as_of: as_of,
			side_time: proven.side_time,
			main_time: proven.main_time,
			side_block_number: proven.side_block.0,
			side_block_hash: proven.side_block.1,
			main_block_number: proven.main_block.0,
			main_block_hash: proven.main_block.1,
		}
	}
}

/// `proof qr`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrDrawn {
	/// The proof's size in bytes.
	pub size: usize,
	pub png: String,
}

/// `proof checkpoint`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointSaved {
	pub checkpoint: MainCheckpoint,
	/// The file written.
	pub file: String,
}

/// `vc export`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialExported {
	/// The credential's file.
	pub credential: String,
	/// The file of the issuer's and holder's DID documents.
	pub did_documents: String,
	/// The credential's id.
	pub id: String,
}

/// `cert document` and `cert check-document`: a file checked against the
/// certificate's document on chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentChecked {
	pub certificate_id: CertificateId,
	/// The file saved or checked.
	pub file: String,
	pub bytes: u64,
	/// Whether it is the document on chain.
	pub matches: bool,
}

/// `council list`: a chain's governing council and the motions before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CouncilView {
	/// The members' addresses (SS58).
	pub members: Vec<String>,
	/// The votes a motion needs to act as the chain's governing authority.
	pub two_thirds: u32,
	/// The sudo key's address, on a development chain.
	pub sudo: Option<String>,
	pub motions: Vec<MotionView>,
}

/// A motion before a council.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MotionView {
	/// The hash of its call, which names it (`--motion`).
	pub hash: Hash,
	pub index: u32,
	/// The call it carries, as `Identity.add_registrar`.
	pub call: String,
	pub threshold: u32,
	pub ayes: Vec<String>,
	pub nays: Vec<String>,
	/// Whether enough members voted for it: `council close` makes the call.
	pub carried: bool,
	/// The block from which a member may close it even if it is not
	/// carried (it is then dropped).
	pub end: BlockNumber,
}

/// `validator list`: who validates a chain, and who will.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidatorsView {
	/// The current session's number.
	pub session: u32,
	/// The accounts the governing authority lists.
	pub validators: Vec<ValidatorView>,
	/// Validating in this session though no longer listed: they stop from
	/// the session after next.
	pub leaving: Vec<String>,
}

/// A listed validator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidatorView {
	/// Its account's address (SS58).
	pub account: String,
	/// Whether it registered session keys (`validator keys`): without them
	/// it cannot validate.
	pub session_keys: bool,
	/// Whether it validates in the current session.
	pub active: bool,
}

/// `validator keys`: the session keys a validator's node made and the chain
/// now holds for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionKeysSet {
	/// The validator's account (SS58).
	pub account: String,
	/// The public session keys, SCALE-encoded as hex.
	pub keys: String,
	pub receipt: Recorded,
}

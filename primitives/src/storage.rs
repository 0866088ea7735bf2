//! Where the main chain keeps its registries in state.
//!
//! The node's `ecert_*` RPC reads these entries directly, and side chains
//! check storage proofs of them, so the layout is part of the protocol.
//! Every map is keyed by `Blake2_128Concat`, so a proof for one entry holds
//! one leaf and the trie nodes above it.
//!
//! | pallet | item | key | value |
//! |---|---|---|---|
//! | `Identity` | `Identities` | [`IdentityId`] | [`IdentityRecord`](crate::IdentityRecord) |
//! | `Identity` | `IdentityOf` | account | [`IdentityId`] |
//! | `Identity` | `Requests` | account | [`RegistrationRequest`](crate::RegistrationRequest) |
//! | `Issuers` | `Issuers` | [`OrgCode`] | [`IssuerRecord`](crate::IssuerRecord) |
//! | `Issuers` | `History` | ([`OrgCode`], `u32` with `Twox64Concat`) | [`IssuerChange`](crate::IssuerChange) |
//! | `CertificateTypes` | `CertificateTypes` | [`CertificateTypeId`] | [`CertificateTypeRecord`](crate::CertificateTypeRecord) |
//! | `ChainInfo` | `Chain` | — | [`ChainId`](crate::ChainId) |
//!
//! On a side chain:
//!
//! | pallet | item | key | value |
//! |---|---|---|---|
//! | `Certificates` | `Certificates` | [`CertificateId`] | [`CertificateRecord`](crate::CertificateRecord) |
//! | `Certificates` | `CertificatesOf` | ([`IdentityId`], [`CertificateId`]) | `()` |
//! | `Certificates` | `Issued` | (block `u32`, index `u32`), both `Twox64Concat` | [`Issued`](crate::Issued) |
//! | `Certificates` | `Batches` | batch root | [`BatchRecord`](crate::BatchRecord) |
//! | `Certificates` | `BatchedStatuses` | [`CertificateId`] | [`BatchedStatus`](crate::BatchedStatus) |
//! | `Certificates` | `Changes` | ([`CertificateId`], `u32` with `Twox64Concat`) | [`CertificateChange`](crate::CertificateChange) |
//! | `Certificates` | `ChangeCount` | [`CertificateId`] | `u32` |
//! | `Certificates` | `Verifications` | ([`CertificateId`], `u32` with `Twox64Concat`) | [`VerificationRecord`](crate::VerificationRecord) |
//! | `Certificates` | `VerificationCount` | [`CertificateId`] | `u32` |
//! | `Certificates` | `LeafIndex` | [`CertificateId`] | `u32` |
//! | `Certificates` | `LeafCount` | — | `u32` |
//! | `Certificates` | `TreeNodes` | (level `u8`, index `u32`), both `Twox64Concat` | `H256` |
//! | `RegistryView` | `Identities` | [`IdentityId`] | [`IdentityRecord`](crate::IdentityRecord) |
//! | `RegistryView` | `Issuers` | [`OrgCode`] | [`IssuerRecord`](crate::IssuerRecord) |
//! | `RegistryView` | `IdentityProvenAt` | [`IdentityId`] | main block `u32` |
//! | `RegistryView` | `IssuerProvenAt` | [`OrgCode`] | main block `u32` |
//! | `Timestamp` | `Now` | — | `u64` |
//!
//! On both, for the other chains they track:
//!
//! | pallet | item | key | value |
//! |---|---|---|---|
//! | `Anchoring` | `Chains` | [`ChainId`] | [`crate::ChainState`] |
//! | `Anchoring` | `Headers` | ([`ChainId`], hash with `Identity`) | `pallet_anchoring::AnchoredHeader` |
//! | `Anchoring` | `ImportedAt` | ([`ChainId`], hash with `Identity`) | this chain's block `u32` |
//! | `Anchoring` | `Confirmations` | [`ChainId`] | `pallet_anchoring::Confirmation` |
//! | `Grandpa` | `CurrentSetId` | — | `u64` |
//! | `Validators` | `Members` | — | accounts, sorted |
//! | `Session` | `Validators` | — | accounts |
//! | `Session` | `CurrentIndex` | — | `u32` |
//! | `Session` | `NextKeys` | account with `Twox64Concat` | session keys |

use crate::{
	AccountId, BlockNumber, CertificateId, CertificateTypeId, ChainId, IdentityId, OrgCode,
};
use alloc::vec::Vec;
use codec::Encode;
use sp_crypto_hashing::{blake2_128, twox_128, twox_64};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// The largest trie node accepted in a proof, in bytes.
pub const MAX_PROOF_NODE_SIZE: u32 = 4096;

/// The most trie nodes in one proof.
pub const MAX_PROOF_NODES: u32 = 1024;

/// A storage proof of main-chain entries: trie nodes, each at most
/// [`MAX_PROOF_NODE_SIZE`] bytes.
pub type MainChainProof =
	BoundedVec<BoundedVec<u8, ConstU32<MAX_PROOF_NODE_SIZE>>, ConstU32<MAX_PROOF_NODES>>;

/// The runtime's name of the identity pallet.
pub const IDENTITY_PALLET: &str = "Identity";
/// The runtime's name of the issuers pallet.
pub const ISSUERS_PALLET: &str = "Issuers";
/// The runtime's name of the certificate-types pallet.
pub const CERTIFICATE_TYPES_PALLET: &str = "CertificateTypes";
/// The runtime's name of the certificates pallet.
pub const CERTIFICATES_PALLET: &str = "Certificates";
/// The runtime's name of the chain-info pallet.
pub const CHAIN_INFO_PALLET: &str = "ChainInfo";
/// The side runtime's name of its view of the main chain's registries.
pub const REGISTRY_VIEW_PALLET: &str = "RegistryView";
/// The runtimes' name of the anchoring pallet.
pub const ANCHORING_PALLET: &str = "Anchoring";
/// The runtimes' name of FRAME's system pallet.
pub const SYSTEM_PALLET: &str = "System";
/// The runtimes' name of the sudo pallet.
pub const SUDO_PALLET: &str = "Sudo";
/// The runtimes' name of the governing council (`pallet-collective`).
pub const COUNCIL_PALLET: &str = "Council";

/// The prefix of every entry of `pallet`'s `item`.
pub fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	let mut key = twox_128(pallet.as_bytes()).to_vec();
	key.extend_from_slice(&twox_128(item.as_bytes()));
	key
}

pub(crate) fn blake2_128_concat(out: &mut Vec<u8>, key: &impl Encode) {
	let encoded = key.encode();
	out.extend_from_slice(&blake2_128(&encoded));
	out.extend_from_slice(&encoded);
}

/// The key of an entry of a `Blake2_128Concat` map.
pub fn map_key(pallet: &str, item: &str, key: &impl Encode) -> Vec<u8> {
	let mut out = prefix(pallet, item);
	blake2_128_concat(&mut out, key);
	out
}

/// The key of the identity `id`.
pub fn identity(id: &IdentityId) -> Vec<u8> {
	map_key(IDENTITY_PALLET, "Identities", id)
}

/// The key of the identity id of `account`.
pub fn identity_of(account: &AccountId) -> Vec<u8> {
	map_key(IDENTITY_PALLET, "IdentityOf", account)
}

/// The key of the recovery in progress of the identity `id`.
pub fn recovery(id: &IdentityId) -> Vec<u8> {
	map_key(IDENTITY_PALLET, "Recoveries", id)
}

/// The prefix of every registered identity.
pub fn identities_prefix() -> Vec<u8> {
	prefix(IDENTITY_PALLET, "Identities")
}

/// The key of `account`'s pending registration request.
pub fn registration_request(account: &AccountId) -> Vec<u8> {
	map_key(IDENTITY_PALLET, "Requests", account)
}

/// The prefix of every accredited issuer.
pub fn issuers_prefix() -> Vec<u8> {
	prefix(ISSUERS_PALLET, "Issuers")
}

/// The key of the issuer `org_code`.
pub fn issuer(org_code: &OrgCode) -> Vec<u8> {
	map_key(ISSUERS_PALLET, "Issuers", org_code)
}

/// The key of the `index`-th change in the history of `org_code`.
pub fn issuer_change(org_code: &OrgCode, index: u32) -> Vec<u8> {
	let mut out = prefix(ISSUERS_PALLET, "History");
	blake2_128_concat(&mut out, org_code);
	out.extend_from_slice(&twox_64(&index.encode()));
	out.extend_from_slice(&index.encode());
	out
}

/// The key of the certificate type `id`.
pub fn certificate_type(id: &CertificateTypeId) -> Vec<u8> {
	map_key(CERTIFICATE_TYPES_PALLET, "CertificateTypes", id)
}

/// The key of the field schema of the certificate type `id`.
pub fn field_schema(id: &CertificateTypeId) -> Vec<u8> {
	map_key(CERTIFICATE_TYPES_PALLET, "Schemas", id)
}

/// The key of the public RPC endpoints the directory lists for the side
/// chain of the certificate type `id`.
pub fn side_chain_endpoints(id: &CertificateTypeId) -> Vec<u8> {
	map_key(CERTIFICATE_TYPES_PALLET, "Endpoints", id)
}

/// The prefix of every registered certificate type.
pub fn certificate_types_prefix() -> Vec<u8> {
	prefix(CERTIFICATE_TYPES_PALLET, "CertificateTypes")
}

/// The key of the chain's id.
pub fn chain() -> Vec<u8> {
	prefix(CHAIN_INFO_PALLET, "Chain")
}

fn twox_64_concat(out: &mut Vec<u8>, key: &impl Encode) {
	let encoded = key.encode();
	out.extend_from_slice(&twox_64(&encoded));
	out.extend_from_slice(&encoded);
}

/// The key of certificate `id`.
pub fn certificate(id: &CertificateId) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "Certificates", id)
}

/// The prefix of every certificate of `holder`.
pub fn certificates_of_prefix(holder: &IdentityId) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "CertificatesOf", holder)
}

/// The key of certificate `id` in the list of `holder`'s certificates.
pub fn certificate_of(holder: &IdentityId, id: &CertificateId) -> Vec<u8> {
	let mut out = certificates_of_prefix(holder);
	blake2_128_concat(&mut out, id);
	out
}

/// The key of what transaction `index` of block `block` issued.
pub fn issued(block: BlockNumber, index: u32) -> Vec<u8> {
	let mut out = prefix(CERTIFICATES_PALLET, "Issued");
	twox_64_concat(&mut out, &block);
	twox_64_concat(&mut out, &index);
	out
}

/// The key of the batch with `root`.
pub fn batch(root: &sp_core::H256) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "Batches", root)
}

/// The key of the changed status of batched certificate `id`.
pub fn batched_status(id: &CertificateId) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "BatchedStatuses", id)
}

fn indexed(item: &str, id: &CertificateId, index: u32) -> Vec<u8> {
	let mut out = map_key(CERTIFICATES_PALLET, item, id);
	twox_64_concat(&mut out, &index);
	out
}

/// The key of the `index`-th change of certificate `id`.
pub fn certificate_change(id: &CertificateId, index: u32) -> Vec<u8> {
	indexed("Changes", id, index)
}

/// The key of the number of changes of certificate `id`.
pub fn change_count(id: &CertificateId) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "ChangeCount", id)
}

/// The key of the `index`-th verification of certificate `id`.
pub fn verification(id: &CertificateId, index: u32) -> Vec<u8> {
	indexed("Verifications", id, index)
}

/// The key of verifier `verifier`'s grant of access to certificate `id`.
pub fn grant(id: &CertificateId, verifier: &IdentityId) -> Vec<u8> {
	let mut out = map_key(CERTIFICATES_PALLET, "Grants", id);
	blake2_128_concat(&mut out, verifier);
	out
}

/// The key of the number of verifications of certificate `id`.
pub fn verification_count(id: &CertificateId) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "VerificationCount", id)
}

/// The key in the node's offchain index (under
/// `sp_core::offchain::STORAGE_PREFIX`) of the hash of transaction `index`
/// of a side-chain block, which the certificates pallet writes as the block
/// executes, so that `ecert_verifyCertificate` answers without reading
/// block bodies.
///
/// The runtime does not know its block's hash while the block executes, so
/// the key names the block by what it does know and the header keeps: its
/// number, its parent, and the pre-runtime digests (the author's slot). Two
/// blocks on competing forks differ in one of them, so neither overwrites
/// the other's entries.
pub fn transaction_hash_key(
	number: BlockNumber,
	parent: &[u8],
	digest: &sp_runtime::Digest,
	index: u32,
) -> Vec<u8> {
	let pre_runtime: Vec<_> = digest
		.logs
		.iter()
		.filter(|item| matches!(item, sp_runtime::DigestItem::PreRuntime(..)))
		.collect();
	let mut key = b"ecert:tx:".to_vec();
	key.extend_from_slice(&sp_crypto_hashing::blake2_256(
		&(number, parent, pre_runtime, index).encode(),
	));
	key
}

/// The key of the sudo key, which only development chains have.
pub fn sudo_key() -> Vec<u8> {
	prefix(SUDO_PALLET, "Key")
}

/// The key of the runtime code authorised and not applied yet
/// (`frame_system`'s `AuthorizedUpgrade`: its hash first).
pub fn authorized_upgrade() -> Vec<u8> {
	prefix("System", "AuthorizedUpgrade")
}

/// The key of the governing council's members.
pub fn council_members() -> Vec<u8> {
	prefix(COUNCIL_PALLET, "Members")
}

/// The key of the hashes of the council's open motions.
pub fn council_motions() -> Vec<u8> {
	prefix(COUNCIL_PALLET, "Proposals")
}

/// The key of the votes on the council's motion `hash` (an `Identity` map).
pub fn council_votes(hash: &sp_core::H256) -> Vec<u8> {
	let mut key = prefix(COUNCIL_PALLET, "Voting");
	key.extend_from_slice(hash.as_bytes());
	key
}

/// The key of the call the council's motion `hash` carries.
pub fn council_motion_call(hash: &sp_core::H256) -> Vec<u8> {
	let mut key = prefix(COUNCIL_PALLET, "ProposalOf");
	key.extend_from_slice(hash.as_bytes());
	key
}

/// The runtimes' name of the list of validators the governing authority
/// keeps (`pallet-membership`).
pub const VALIDATORS_PALLET: &str = "Validators";
/// The runtimes' name of `pallet-session`.
pub const SESSION_PALLET: &str = "Session";

/// The key of the validators the governing authority lists.
pub fn listed_validators() -> Vec<u8> {
	prefix(VALIDATORS_PALLET, "Members")
}

/// The key of the validators of the current session.
pub fn session_validators() -> Vec<u8> {
	prefix(SESSION_PALLET, "Validators")
}

/// The key of the current session's index.
pub fn session_index() -> Vec<u8> {
	prefix(SESSION_PALLET, "CurrentIndex")
}

/// The key of the session keys `account` registered for the next session.
pub fn session_keys(account: &AccountId) -> Vec<u8> {
	let mut key = prefix(SESSION_PALLET, "NextKeys");
	twox_64_concat(&mut key, account);
	key
}

/// The key of the chain time of the block.
pub fn now() -> Vec<u8> {
	prefix("Timestamp", "Now")
}

/// The key of the events of the block.
pub fn events() -> Vec<u8> {
	prefix("System", "Events")
}

/// The key of certificate `id`'s leaf index in the certificate tree.
pub fn tree_leaf_index(id: &CertificateId) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "LeafIndex", id)
}

/// The key of the number of leaves of the certificate tree.
pub fn tree_leaf_count() -> Vec<u8> {
	prefix(CERTIFICATES_PALLET, "LeafCount")
}

/// The key of the certificate tree's node at `level` (0 for leaves) and
/// `index`.
pub fn tree_node(level: u8, index: u32) -> Vec<u8> {
	let mut out = prefix(CERTIFICATES_PALLET, "TreeNodes");
	twox_64_concat(&mut out, &level);
	twox_64_concat(&mut out, &index);
	out
}

/// The key of the leaf index in the certificate tree of the batch with
/// `root`.
pub fn batch_leaf_index(root: &sp_core::H256) -> Vec<u8> {
	map_key(CERTIFICATES_PALLET, "BatchLeafIndex", root)
}

/// The key of the node at `level` (0 for a member's leaf) and `index` of the
/// change tree of the batch with `root`.
pub fn batch_change_node(root: &sp_core::H256, level: u8, index: u32) -> Vec<u8> {
	let mut out = map_key(CERTIFICATES_PALLET, "BatchChanges", root);
	twox_64_concat(&mut out, &(level, index));
	out
}

/// The prefix of every identity in a side chain's view of the main chain.
pub fn viewed_identities_prefix() -> Vec<u8> {
	prefix(REGISTRY_VIEW_PALLET, "Identities")
}

/// The prefix of every issuer in a side chain's view of the main chain.
pub fn viewed_issuers_prefix() -> Vec<u8> {
	prefix(REGISTRY_VIEW_PALLET, "Issuers")
}

/// The prefix of the main blocks each viewed identity was last proven at.
pub fn identities_proven_at_prefix() -> Vec<u8> {
	prefix(REGISTRY_VIEW_PALLET, "IdentityProvenAt")
}

/// The prefix of the main blocks each viewed issuer was last proven at.
pub fn issuers_proven_at_prefix() -> Vec<u8> {
	prefix(REGISTRY_VIEW_PALLET, "IssuerProvenAt")
}

/// The key of identity `id` in a side chain's view of the main chain.
pub fn viewed_identity(id: &IdentityId) -> Vec<u8> {
	map_key(REGISTRY_VIEW_PALLET, "Identities", id)
}

/// The key of issuer `org_code` in a side chain's view of the main chain.
pub fn viewed_issuer(org_code: &OrgCode) -> Vec<u8> {
	map_key(REGISTRY_VIEW_PALLET, "Issuers", org_code)
}

/// The key of the main block identity `id` was last proven at.
pub fn identity_proven_at(id: &IdentityId) -> Vec<u8> {
	map_key(REGISTRY_VIEW_PALLET, "IdentityProvenAt", id)
}

/// The key of the main block issuer `org_code` was last proven at.
pub fn issuer_proven_at(org_code: &OrgCode) -> Vec<u8> {
	map_key(REGISTRY_VIEW_PALLET, "IssuerProvenAt", org_code)
}

/// The prefix of what this chain's light client holds of every chain.
pub fn anchored_chains_prefix() -> Vec<u8> {
	prefix(ANCHORING_PALLET, "Chains")
}

/// The key of what this chain's light client holds of `chain`.
pub fn anchored_chain(chain: &ChainId) -> Vec<u8> {
	map_key(ANCHORING_PALLET, "Chains", chain)
}

fn anchoring_by_header(item: &str, chain: &ChainId, hash: &sp_core::H256) -> Vec<u8> {
	let mut out = map_key(ANCHORING_PALLET, item, chain);
	out.extend_from_slice(hash.as_bytes());
	out
}

/// The key of `chain`'s header `hash`, as this chain imported it.
pub fn anchored_header(chain: &ChainId, hash: &sp_core::H256) -> Vec<u8> {
	anchoring_by_header("Headers", chain, hash)
}

/// The key of the block of this chain that imported `chain`'s header
/// `hash`.
pub fn header_imported_at(chain: &ChainId, hash: &sp_core::H256) -> Vec<u8> {
	anchoring_by_header("ImportedAt", chain, hash)
}

/// The key of `chain`'s latest confirmation that it anchored this chain.
pub fn anchor_confirmation(chain: &ChainId) -> Vec<u8> {
	map_key(ANCHORING_PALLET, "Confirmations", chain)
}

/// The key of the chain's current GRANDPA authority set id.
pub fn grandpa_set_id() -> Vec<u8> {
	prefix("Grandpa", "CurrentSetId")
}

//! Anchoring: how ecert chains learn each other's finalized headers.
//!
//! Every ecert block header carries one digest item of its own, a
//! [`ChainCommitment`] under the engine id [`ECERT_ENGINE_ID`]:
//! - the chain it belongs to and that chain's genesis hash, so that a header
//!   of one ecert chain is never taken for a header of another, nor one of a
//!   staging network for one of production, even when both are finalized by
//!   the same GRANDPA keys;
//! - the block's time, so that whoever holds a proof knows how old it is;
//! - a root that the chain commits to in every block: on a side chain, the
//!   root of its certificate records; on the main chain, the root of the
//!   side-chain headers it has anchored ([`anchors_root`]).
//!
//! A light client (the anchoring pallet) imports another chain's finalized
//! headers with their GRANDPA justifications and keeps an [`AnchoredHeader`]
//! for each. Storage proofs against an anchored header's state root then
//! carry facts from one chain to the other.

use crate::{BlockNumber, ChainCheckpoint, ChainId, GrandpaAuthorities, Moment};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_consensus_grandpa::SetId;
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, ConstU32},
	BoundedVec, ConsensusEngineId, Digest, DigestItem,
};

/// The engine id of ecert's own header digest item.
pub const ECERT_ENGINE_ID: ConsensusEngineId = *b"ecrt";

/// What an ecert block header commits to, in its digest.
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
pub struct ChainCommitment {
	/// The chain the header belongs to.
	pub chain: ChainId,
	/// That chain's genesis hash: the network it belongs to.
	pub genesis_hash: H256,
	/// The block's time (Unix time, ms), as its timestamp set it.
	pub time: Moment,
	/// The side chain's certificate root, or the main chain's anchors root.
	pub root: H256,
}

impl ChainCommitment {
	/// The digest item that carries this commitment.
	pub fn to_digest_item(&self) -> DigestItem {
		DigestItem::Consensus(ECERT_ENGINE_ID, self.encode())
	}

	/// The commitment in `digest`, if it holds exactly one that decodes.
	pub fn find_in(digest: &Digest) -> Option<Self> {
		let mut found = digest.logs().iter().filter_map(|item| match item {
			DigestItem::Consensus(id, data) if *id == ECERT_ENGINE_ID => Some(data),
			_ => None,
		});
		let first = found.next()?;
		if found.next().is_some() {
			return None;
		}
		Self::decode(&mut &first[..]).ok()
	}
}

/// A finalized header of another chain, as a light client keeps it.
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
pub struct AnchoredHeader {
	/// Its number.
	pub number: BlockNumber,
	/// Its hash.
	pub hash: H256,
	/// Its state root: storage proofs are checked against it.
	pub state_root: H256,
	/// The root its [`ChainCommitment`] carries.
	pub commitment_root: H256,
	/// Its time (Unix time, ms), from its [`ChainCommitment`].
	pub time: Moment,
}

/// A chain's latest anchored header, as the main chain commits to it: one leaf
/// of [`anchors_root`].
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
pub struct AnchorLeaf {
	/// The anchored chain.
	pub chain: ChainId,
	/// Its latest anchored header's number.
	pub number: BlockNumber,
	/// Its latest anchored header's hash.
	pub hash: H256,
}

impl AnchorLeaf {
	/// blake2-256 of the SCALE encoding of `("ecert/anchor-leaf/v1", self)`.
	pub fn hash(&self) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&(b"ecert/anchor-leaf/v1", self).encode()))
	}
}

/// The leaves of an anchors root, from each tracked chain's latest header
/// (number, hash): chains that imported nothing yet (number 0) left out, the
/// rest in the order of their SCALE-encoded ids.
pub fn anchor_leaves(
	chains: impl IntoIterator<Item = (ChainId, BlockNumber, H256)>,
) -> Vec<AnchorLeaf> {
	let mut leaves: Vec<AnchorLeaf> = chains
		.into_iter()
		.filter(|(_, number, _)| *number > 0)
		.map(|(chain, number, hash)| AnchorLeaf { chain, number, hash })
		.collect();
	leaves.sort_by_key(|leaf| leaf.chain.encode());
	leaves
}

/// The main chain's anchors root: the binary Merkle root (blake2-256) over
/// the [`AnchorLeaf`] of each anchored chain, in the order given. No chain:
/// the zero hash.
pub fn anchors_root(leaves: &[AnchorLeaf]) -> H256 {
	binary_merkle_tree::merkle_root_raw::<BlakeTwo256, _>(leaves.iter().map(AnchorLeaf::hash))
}

/// The deepest anchor proof: anchors roots over at most 256 chains. A
/// chain that tracks more (`pallet_anchoring`'s `MaxChains`) fails its
/// integrity test.
pub const MAX_ANCHOR_PROOF_DEPTH: u32 = 8;

/// The sibling hashes of an anchor proof, from the leaf up.
pub type AnchorSiblings = BoundedVec<H256, ConstU32<MAX_ANCHOR_PROOF_DEPTH>>;

/// A proof that one [`AnchorLeaf`] is part of an anchors root.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct AnchorProof {
	/// The leaf.
	pub leaf: AnchorLeaf,
	/// Its position among the leaves.
	#[codec(compact)]
	pub index: u32,
	/// How many leaves the root covers.
	#[codec(compact)]
	pub count: u32,
	/// The sibling hashes from the leaf up.
	pub siblings: AnchorSiblings,
}

/// A tracked chain's proof that it anchored one of this chain's own headers,
/// as this chain keeps it: the tracked chain's header, and the anchor proof
/// under that header's commitment root.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Confirmation {
	/// The tracked chain's header number.
	pub number: BlockNumber,
	/// Its hash.
	pub hash: H256,
	/// This chain's anchored header.
	pub leaf: AnchorLeaf,
	/// The leaf's position among the anchors root's leaves.
	pub index: u32,
	/// How many leaves the root covers.
	pub count: u32,
	/// The sibling hashes from the leaf up.
	pub siblings: AnchorSiblings,
}

impl Confirmation {
	/// The anchor proof it holds.
	pub fn anchor_proof(&self) -> AnchorProof {
		AnchorProof {
			leaf: self.leaf.clone(),
			index: self.index,
			count: self.count,
			siblings: self.siblings.clone(),
		}
	}
}

impl AnchorProof {
	/// The proof for `leaves[index]`; `None` if there is no such leaf, or
	/// if the tree is deeper than [`MAX_ANCHOR_PROOF_DEPTH`].
	pub fn new(leaves: &[AnchorLeaf], index: u32) -> Option<Self> {
		let leaf = leaves.get(index as usize)?.clone();
		let proof = binary_merkle_tree::merkle_proof_raw::<BlakeTwo256, _>(
			leaves.iter().map(AnchorLeaf::hash),
			index,
		);
		let siblings = proof.proof.try_into().ok()?;
		Some(Self { leaf, index, count: leaves.len() as u32, siblings })
	}

	/// Whether the proof leads to `root`.
	pub fn verify(&self, root: &H256) -> bool {
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			root,
			self.siblings.iter().copied(),
			self.count,
			self.index,
			binary_merkle_tree::Leaf::Hash(self.leaf.hash()),
		)
	}
}

/// Where a light client learns which chains it may track, and the GRANDPA
/// authority set each one starts from.
pub trait ChainRegistry {
	/// The genesis of `chain`, if this chain may track it.
	fn genesis(chain: &ChainId) -> Option<ChainCheckpoint>;
}

impl ChainRegistry for () {
	fn genesis(_: &ChainId) -> Option<ChainCheckpoint> {
		None
	}
}

/// Read access to a light client's anchored headers.
pub trait AnchoredHeaders {
	/// The anchored header `hash` of `chain`, while the light client keeps it.
	fn header(chain: &ChainId, hash: &H256) -> Option<AnchoredHeader>;
	/// The latest anchored header of `chain`.
	fn best(chain: &ChainId) -> Option<AnchoredHeader>;
}

/// Told of every header a light client imports.
pub trait OnHeaderAnchored {
	/// `header` of `chain` was imported.
	fn on_header_anchored(chain: &ChainId, header: &AnchoredHeader);
}

impl OnHeaderAnchored for () {
	fn on_header_anchored(_: &ChainId, _: &AnchoredHeader) {}
}

/// A tracked chain's light-client state.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ChainState<LocalBlockNumber> {
	/// The chain's genesis hash, as the registry gave it.
	pub genesis_hash: H256,
	/// The GRANDPA authorities that finalize its next headers.
	pub authorities: GrandpaAuthorities,
	/// Their set id.
	pub set_id: SetId,
	/// The number of its latest imported header (0 before the first import).
	pub best_number: BlockNumber,
	/// The hash of its latest imported header (the genesis hash before the
	/// first import).
	pub best_hash: H256,
	/// Headers at or below this number are refused: the checkpoint of the
	/// latest reset (0 if none).
	pub reset_at: BlockNumber,
	/// The ring-buffer slot the next import takes.
	pub next_slot: u32,
	/// The local block of the latest optional import.
	pub last_optional_import: LocalBlockNumber,
}

impl<N: Default> ChainState<N> {
	/// The state of a chain that has imported nothing yet.
	pub fn from_genesis(genesis: ChainCheckpoint) -> Self {
		Self {
			genesis_hash: genesis.genesis_hash,
			authorities: genesis.authorities,
			set_id: genesis.set_id,
			best_number: 0,
			best_hash: genesis.genesis_hash,
			reset_at: 0,
			next_slot: 0,
			last_optional_import: N::default(),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::CertificateTypeId;

	fn side(name: &str) -> ChainId {
		ChainId::Side(CertificateTypeId::try_from(name.as_bytes()).unwrap())
	}

	#[test]
	fn the_commitment_round_trips_through_a_digest() {
		let commitment = ChainCommitment {
			chain: side("diploma"),
			genesis_hash: H256::repeat_byte(6),
			time: 1_767_225_600_000,
			root: H256::repeat_byte(7),
		};
		let mut digest = Digest::default();
		digest.push(DigestItem::PreRuntime(*b"aura", alloc::vec![1, 2, 3]));
		digest.push(commitment.to_digest_item());
		assert_eq!(ChainCommitment::find_in(&digest), Some(commitment.clone()));

		// Two commitments in one header are ambiguous: neither counts.
		digest.push(commitment.to_digest_item());
		assert_eq!(ChainCommitment::find_in(&digest), None);
		assert_eq!(ChainCommitment::find_in(&Digest::default()), None);
	}

	#[test]
	fn anchor_proofs_verify_and_tampered_ones_do_not() {
		let leaves: Vec<AnchorLeaf> = ["diploma", "license", "marriage"]
			.iter()
			.enumerate()
			.map(|(i, name)| AnchorLeaf {
				chain: side(name),
				number: 10 + i as u32,
				hash: H256::repeat_byte(i as u8),
			})
			.collect();
		let root = anchors_root(&leaves);
		for index in 0..3 {
			let proof = AnchorProof::new(&leaves, index).unwrap();
			assert!(proof.verify(&root));
			let mut moved = proof.clone();
			moved.leaf.number += 1;
			assert!(!moved.verify(&root));
		}
		assert!(AnchorProof::new(&leaves, 3).is_none());
		assert_eq!(anchors_root(&[]), H256::zero());
	}

	#[test]
	fn an_anchor_proof_deeper_than_the_bound_is_refused_as_it_decodes() {
		let leaves: Vec<AnchorLeaf> = (0..1u32 << MAX_ANCHOR_PROOF_DEPTH)
			.map(|i| AnchorLeaf { chain: ChainId::Main, number: i + 1, hash: H256::zero() })
			.collect();
		let deepest = AnchorProof::new(&leaves, 0).unwrap();
		assert_eq!(deepest.siblings.len() as u32, MAX_ANCHOR_PROOF_DEPTH);
		let bytes = deepest.encode();
		assert_eq!(AnchorProof::decode(&mut &bytes[..]).unwrap(), deepest);

		// One level more: as a call argument, it never decodes.
		let mut deeper = leaves.clone();
		deeper.push(leaves[0].clone());
		assert!(AnchorProof::new(&deeper, 0).is_none());
		let mut siblings: Vec<H256> = deepest.siblings.to_vec();
		siblings.push(H256::zero());
		let too_deep = (deepest.leaf.clone(), deepest.index, deepest.count, siblings);
		let bytes =
			(&too_deep.0, codec::Compact(too_deep.1), codec::Compact(too_deep.2), &too_deep.3)
				.encode();
		assert!(AnchorProof::decode(&mut &bytes[..]).is_err());
	}
}

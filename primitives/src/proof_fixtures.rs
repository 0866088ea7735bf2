//! Portable proofs built from scratch, for tests and measurements: a side
//! chain of any number of certificates, anchored in a main chain finalized
//! by a keyring authority set (`bp-test-utils`), with headers shaped like
//! real ones (Aura slot and seal, GRANDPA justification, ecert commitment).

use crate::{
	anchors_root, batch_membership, batch_record_leaf, batched_change_leaf, certificate_leaf,
	tree_depth, AnchorLeaf, AnchorProof, AssetMetadata, BatchLeaf, BatchRecord, BatchedEvidence,
	BatchedStatus, BlockNumber, CertificateId, CertificateProof, CertificateRecord,
	CertificateStatus, CertificateTypeId, ChainCommitment, ChainId, CompactJustification, Header,
	IdentityId, IndexedJustification, MainCheckpoint, MemoryTree, ProofParts, SparseTreePath,
	TreePath, TxRef,
};
use alloc::{vec, vec::Vec};
use bp_test_utils::{make_justification_for_header, Account, JustificationGeneratorParams};
use codec::Encode;
use sp_core::H256;
use sp_runtime::{traits::Header as _, Digest, DigestItem};

/// A certificate record of realistic size.
pub fn sample_record(n: u32) -> CertificateRecord<BlockNumber> {
	CertificateRecord {
		issuer: "NTU".parse().expect("a well-formed code"),
		holder: IdentityId(H256::from_low_u64_be(n as u64 + 1)),
		commitment: H256(sp_crypto_hashing::blake2_256(&n.encode())),
		valid_from: 1_767_225_600_000,
		valid_until: Some(1_924_992_000_000),
		asset: AssetMetadata::FIELDS,
		document: None,
		payload_hash: Some(H256(sp_crypto_hashing::blake2_256(&(n, 1u8).encode()))),
		status: CertificateStatus::Active,
		supersedes: None,
		superseded_by: None,
		issued: TxRef { block: 1_000_000 + n / 300, index: n % 300 },
		last_changed: TxRef { block: 1_000_000 + n / 300, index: n % 300 },
	}
}

/// The id of sample certificate `n`.
pub fn sample_id(n: u32) -> CertificateId {
	let diploma: CertificateTypeId = "diploma".parse().expect("a well-formed type");
	let number = alloc::format!("NTU-{n:08}").parse().expect("a well-formed number");
	CertificateId::derive(&diploma, &"NTU".parse().expect("a well-formed code"), &number)
}

/// The time of the sample headers (Unix ms): 1 December 2026.
pub const SAMPLE_TIME: crate::Moment = 1_795_996_800_000;

/// The genesis hash of a sample chain: the main chain's is the checkpoint's.
pub fn sample_genesis(chain: &ChainId) -> H256 {
	match chain {
		ChainId::Main => main_checkpoint(1).genesis_hash,
		side => H256(sp_crypto_hashing::blake2_256(&side.encode())),
	}
}

/// A header of `chain` at `number` committing to `root`, with an Aura slot
/// and seal as a real one carries.
pub fn sample_header(chain: ChainId, number: BlockNumber, root: H256) -> Header {
	let mut digest = Digest::default();
	digest.push(DigestItem::PreRuntime(*b"aura", (number as u64 + 880_000_000).encode()));
	let genesis_hash = sample_genesis(&chain);
	digest.push(ChainCommitment { chain, genesis_hash, time: SAMPLE_TIME, root }.to_digest_item());
	digest.push(DigestItem::Seal(*b"aura", vec![0x5a; 64]));
	Header::new(
		number,
		H256::repeat_byte(0xe1),
		H256::repeat_byte(0x57),
		H256::repeat_byte(0xa0),
		digest,
	)
}

/// The keyring accounts of a main chain of `authorities` validators.
pub fn main_authorities(authorities: u16) -> Vec<Account> {
	(0..authorities).map(Account).collect()
}

/// The checkpoint of that main chain, set id 3.
pub fn main_checkpoint(authorities: u16) -> MainCheckpoint {
	MainCheckpoint {
		genesis_hash: H256::repeat_byte(0x6e),
		authorities: main_authorities(authorities)
			.into_iter()
			.map(|account| (account.into(), 1))
			.collect::<Vec<_>>()
			.try_into()
			.expect("at most 32 authorities"),
		set_id: 3,
	}
}

/// The most certificates whose tree [`sample_proof`] builds whole (about
/// 270 MB of nodes). Beyond, it stands a hash in for each sibling subtree's
/// root on the path: a path's size and checking time depend only on the
/// tree's depth, and a root computed from that path is as good as any.
pub const SAMPLE_TREE_LIMIT: u32 = 1 << 22;

/// The path of `leaf`, leaf 0 among `certificates` (the others sample
/// certificates), and the root it leads to.
fn sample_path(leaf: H256, certificates: u32) -> (TreePath, H256) {
	if certificates <= SAMPLE_TREE_LIMIT {
		let leaves: Vec<H256> = core::iter::once(leaf)
			.chain((1..certificates).map(|n| certificate_leaf(&sample_id(n), &sample_record(n))))
			.collect();
		let tree = MemoryTree::new(leaves);
		return (tree.path(0).expect("leaf 0 exists"), tree.root());
	}
	// Sibling `level` of leaf 0 is the root of leaves 2^level..2^(level+1).
	let siblings = (0..tree_depth(certificates))
		.map(|level| H256(sp_crypto_hashing::blake2_256(&(b"subtree", level).encode())))
		.collect();
	let path = TreePath { index: 0, siblings };
	let root = path.root(leaf).expect("a path of at most 32 levels");
	(path, root)
}

/// A proof of certificate 0 of a diploma chain holding `certificates`
/// certificates, anchored beside `other_chains` other side chains in a main
/// chain of `authorities` validators.
pub fn sample_proof(certificates: u32, other_chains: u32, authorities: u16) -> CertificateProof {
	let leaf = certificate_leaf(&sample_id(0), &sample_record(0));
	let (path, root) = sample_path(leaf, certificates.max(1));
	let (side_header, anchor, main_header, justification) =
		sample_anchoring(root, other_chains, authorities);
	CertificateProof::V4(ProofParts {
		certificate: sample_id(0),
		record: sample_record(0),
		path,
		side_header,
		anchor,
		main_header,
		justification,
	})
}

/// The members of a sample batch of `count` certificates.
pub fn sample_batch_members(count: u32) -> Vec<BatchLeaf> {
	(0..count)
		.map(|n| BatchLeaf {
			number: alloc::format!("NTU-B{n:08}").parse().expect("a well-formed number"),
			holder: IdentityId(H256::from_low_u64_be(n as u64 + 1)),
			commitment: H256(sp_crypto_hashing::blake2_256(&(b"member", n).encode())),
			valid_from: 1_767_225_600_000,
			valid_until: Some(1_924_992_000_000),
		})
		.collect()
}

/// A proof of the first member of a batch of `batch_size` certificates,
/// revoked since if `revoked`, on a diploma chain whose certificate tree
/// has `tree_leaves` leaves (certificates issued alone and batches, the
/// batch's first), anchored as [`sample_proof`]'s.
pub fn sample_batched_proof(
	tree_leaves: u32,
	batch_size: u32,
	revoked: bool,
	other_chains: u32,
	authorities: u16,
) -> CertificateProof {
	let members = sample_batch_members(batch_size.max(1));
	let membership = batch_membership(&members, 0).expect("member 0 exists");
	let batch = BatchRecord {
		issuer: "NTU".parse().expect("a well-formed code"),
		count: members.len() as u32,
		asset: AssetMetadata::FIELDS,
		issued: TxRef { block: 1_000_000, index: 1 },
	};
	let changed = revoked.then(|| BatchedStatus {
		batch: membership.root,
		status: CertificateStatus::Revoked { reason: 1 },
		last_changed: TxRef { block: 2_000_000, index: 3 },
	});
	let mut changes = vec![H256::zero(); members.len()];
	if let Some(changed) = &changed {
		changes[0] = batched_change_leaf(changed);
	}
	let changes = MemoryTree::new(changes);
	let leaf = batch_record_leaf(&membership.root, &batch, &changes.root());
	let (path, root) = sample_path(leaf, tree_leaves.max(1));
	let (side_header, anchor, main_header, justification) =
		sample_anchoring(root, other_chains, authorities);
	let diploma: CertificateTypeId = "diploma".parse().expect("a well-formed type");
	CertificateProof::V5(ProofParts {
		certificate: CertificateId::derive(&diploma, &batch.issuer, &membership.leaf.number),
		record: BatchedEvidence {
			changes: SparseTreePath::from(&changes.path(0).expect("member 0 exists")),
			membership,
			batch,
			changed,
		},
		path,
		side_header,
		anchor,
		main_header,
		justification,
	})
}

/// A diploma-chain header at certificate `root`, its anchor proof beside
/// `other_chains` other side chains, the main header and its justification
/// by `authorities` validators (signers named by their place in
/// [`main_checkpoint`]'s set).
fn sample_anchoring(
	root: H256,
	other_chains: u32,
	authorities: u16,
) -> (Header, AnchorProof, Header, IndexedJustification) {
	let diploma = ChainId::Side("diploma".parse().expect("a well-formed type"));
	let side_header = sample_header(diploma.clone(), 2_345_678, root);

	let mut anchors: Vec<AnchorLeaf> = (0..other_chains)
		.map(|i| AnchorLeaf {
			chain: ChainId::Side(alloc::format!("type{i}").parse().expect("well-formed")),
			number: 1_000 + i,
			hash: H256::from_low_u64_be(i as u64),
		})
		.collect();
	anchors.push(AnchorLeaf { chain: diploma, number: 2_345_678, hash: side_header.hash() });
	anchors.sort_by_key(|leaf| leaf.chain.encode());
	let index = anchors.iter().position(|leaf| leaf.hash == side_header.hash()).unwrap_or(0);
	let anchor = AnchorProof::new(&anchors, index as u32).expect("the leaf is there");
	let main_header = sample_header(ChainId::Main, 3_456_789, anchors_root(&anchors));

	let required =
		bp_header_chain::justification::required_justification_precommits(authorities as u32);
	let justification = make_justification_for_header(JustificationGeneratorParams {
		header: main_header.clone(),
		round: 42,
		set_id: 3,
		authorities: main_authorities(authorities)
			.into_iter()
			.take(required as usize)
			.map(|account| (account, 1))
			.collect(),
		ancestors: 0,
		forks: 1,
	});

	let signers = main_checkpoint(authorities).authorities.to_vec();
	let justification =
		IndexedJustification::index(&CompactJustification::compact(&justification), &signers)
			.expect("the signers are the checkpoint's");
	(side_header, anchor, main_header, justification)
}

//! What calls are charged beyond their own benchmarked weights
//! ([`crate::weights`]): their share of the certificate tree's settlement
//! when the block ends (from its own benchmark, `settle_tree`), a batch's
//! change tree, the hash
//! for the offchain index of transaction hashes, and the reads of the
//! registries that the benchmarks' setups do not reach.

use crate::WeightInfo;
use frame_support::{pallet_prelude::Weight, traits::Get};

/// `hashes` hashes of a few hundred bytes: one blake2-256 each (under 2 µs
/// in the runtime; 4 µs charged).
fn hash_weight(hashes: u64) -> Weight {
	Weight::from_parts(hashes.saturating_mul(4_000_000), hashes.saturating_mul(80))
}

/// The certificate tree's cost of a new leaf (an issuance): its share of
/// the block's settlement, benchmarked at the deepest tree
/// ([`WeightInfo::settle_tree`]). The call writes the leaf itself, and its
/// benchmark counts that.
pub fn new_leaf_weight<T: crate::Config>() -> Weight {
	T::WeightInfo::settle_tree(1, 0).saturating_sub(T::WeightInfo::settle_tree(0, 0))
}

/// A changed leaf's share of the block's settlement of the certificate
/// tree, benchmarked at the deepest tree with the changed leaves spread so
/// that their paths share as few nodes as they can
/// ([`WeightInfo::settle_tree`]). `renew` adds it for the old certificate's
/// leaf, which its benchmark writes.
pub fn changed_leaf_settlement<T: crate::Config>() -> Weight {
	T::WeightInfo::settle_tree(0, 1).saturating_sub(T::WeightInfo::settle_tree(0, 0))
}

/// The certificate tree's cost of a status change of a certificate issued
/// alone: its leaf index (a read) and its leaf (a write), which the status
/// calls' benchmarks (of a batched certificate, which has no leaf) do not
/// count, and its share of the block's settlement.
pub fn changed_leaf_weight<T: crate::Config>() -> Weight {
	T::DbWeight::get().reads_writes(1, 1).saturating_add(changed_leaf_settlement::<T>())
}

/// The certificate tree's cost of a new batch: its leaf index and its leaf
/// (two writes, which the `issue_batch` benchmark does not count), the
/// hash of its leaf, and its share of the block's settlement.
pub fn new_batch_leaf_weight<T: crate::Config>() -> Weight {
	T::DbWeight::get()
		.writes(2)
		.saturating_add(hash_weight(1))
		.saturating_add(new_leaf_weight::<T>())
}

/// What a status change of a batched certificate writes beyond its
/// benchmark (which predates the batch's change tree): a path of its change
/// tree (read a sibling, write a node, hash, a level of a tree as deep as the
/// largest batch's, and its leaf) and the batch's leaf hashed; the batch's leaf in the certificate tree is
/// [`changed_leaf_weight`]'s. A certificate issued alone pays it too: the
/// weight is charged before the call knows which it is.
pub fn batched_change_weight<T: crate::Config>() -> Weight {
	let depth = u64::from(ecert_primitives::tree_depth(T::MaxBatchSize::get()));
	T::DbWeight::get()
		.reads_writes(depth, depth.saturating_add(1))
		.saturating_add(hash_weight(depth.saturating_add(2)))
}

/// What settling the certificate tree costs a block whatever it holds,
/// charged in `on_initialize`: the benchmark's fixed part (the root among
/// it), and the leaf count and the block's list of changed leaves, which
/// every call that changes a leaf reads and writes but which reach the
/// database once a block (the benchmarks leave them out: they are
/// whitelisted).
pub fn settle_base_weight<T: crate::Config>() -> Weight {
	T::WeightInfo::settle_tree(0, 0).saturating_add(T::DbWeight::get().reads_writes(2, 2))
}

/// Hashing the transaction for the node's offchain index of transaction
/// hashes (`Pallet::here`): the transaction is already in the block's
/// overlay, so this is one hash of a few hundred bytes (the payload's bytes
/// are charged by the calls that take one).
pub fn transaction_hash_weight() -> Weight {
	hash_weight(1)
}

/// What a status change reads and writes beyond its benchmark: the
/// issuer's accreditation in the registry view (at most 10 reads) and the
/// authority's suspension (1 read, 1 write).
pub fn status_check_weight<T: frame_system::Config>() -> Weight {
	T::DbWeight::get().reads_writes(11, 1)
}

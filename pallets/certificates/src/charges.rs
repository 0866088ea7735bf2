//! What calls are charged beyond their benchmarked weights
//! ([`crate::weights`]): the certificate tree's share, the offchain index of
//! transaction hashes, and reads of the registries that the benchmarks'
//! small setups do not reach.

use frame_support::{pallet_prelude::Weight, traits::Get};

/// `nodes` node hashes of the certificate tree: one blake2-256 of 64 bytes
/// each (under 2 µs in the runtime; 4 µs charged).
pub(crate) fn tree_hash_weight(nodes: u64) -> Weight {
	Weight::from_parts(nodes.saturating_mul(4_000_000), nodes.saturating_mul(80))
}

/// The certificate tree's cost of a new leaf (an issuance), on top of the
/// benchmarked weights (measured on small trees): its leaf index, the leaf,
/// and its share of the block's settlement ([`ecert_primitives::settle_tree`]),
/// which writes at most one node above each of the block's consecutive new
/// leaves, and reads one sibling for it. The leaf count and the block's list
/// of changed leaves reach the database once a block, whatever the number of
/// calls that touch them, so [`settle_base_weight`] charges them.
pub fn new_leaf_weight<T: frame_system::Config>() -> Weight {
	T::DbWeight::get().reads_writes(2, 3).saturating_add(tree_hash_weight(1))
}

/// The certificate tree's cost of changing an existing leaf (a status change
/// or a renewal's old certificate): the leaf index and count, the leaf, its
/// place among the block's changed leaves, and at settlement a whole path:
/// a sibling read, a node write and a hash for each of up to
/// `MAX_CERTIFICATE_TREE_DEPTH` levels.
pub fn changed_leaf_weight<T: frame_system::Config>() -> Weight {
	let depth = ecert_primitives::MAX_CERTIFICATE_TREE_DEPTH as u64;
	T::DbWeight::get().reads_writes(depth + 2, depth + 2).saturating_add(tree_hash_weight(depth))
}

/// What settling the certificate tree costs a block whatever it holds,
/// charged in `on_initialize`: the block's list of changed leaves and the
/// leaf count (each read and written once a block, however many calls
/// change them), the root, and at each level the two nodes at the edges of
/// the block's new leaves (a read, a write and a hash each).
pub fn settle_base_weight<T: frame_system::Config>() -> Weight {
	let edges = 2 * ecert_primitives::MAX_CERTIFICATE_TREE_DEPTH as u64;
	T::DbWeight::get().reads_writes(edges + 3, edges + 3).saturating_add(tree_hash_weight(edges))
}

/// Hashing the transaction for the node's offchain index of transaction
/// hashes (`Pallet::here`): the transaction is already in the block's
/// overlay, so this is one hash of a few hundred bytes (the payload's bytes
/// are charged by the calls that take one).
pub fn transaction_hash_weight() -> Weight {
	tree_hash_weight(1)
}

/// What a status change reads and writes beyond its benchmark: the
/// issuer's accreditation in the registry view (at most 10 reads) and the
/// authority's suspension (1 read, 1 write).
pub fn status_check_weight<T: frame_system::Config>() -> Weight {
	T::DbWeight::get().reads_writes(11, 1)
}

/// What an issuance reads beyond its benchmark: whether a batch already
/// used the id (2 reads).
pub fn taken_check_weight<T: frame_system::Config>() -> Weight {
	T::DbWeight::get().reads(2)
}

//! The certificate tree: a binary Merkle commitment to every certificate a
//! side chain holds, as it stands now.
//!
//! A side chain's state trie is 16-ary, so a proof of one record among a
//! million runs to about 3.5 KB. The certificate tree is binary: a proof
//! costs 32 bytes a level, about 640 bytes for a million certificates, and
//! its root sits in every side-chain header ([`crate::ChainCommitment`]), so
//! no state proof is needed to reach it.
//!
//! ## Shape
//!
//! - Each certificate issued alone gets the next leaf index, for good. Its
//!   leaf is [`certificate_leaf`] of its id and current record, and is
//!   replaced whenever the record changes (revocation, suspension,
//!   renewal), so the tree always holds each certificate's current state.
//! - With `n` leaves the tree has depth [`tree_depth`]`(n)`; the root is the
//!   node at that depth. Missing nodes are the zero hash, and the parent of
//!   two zero nodes is zero ([`tree_parent`]), so the tree grows without
//!   recomputing.
//! - A side chain writes the leaves a block changes as its calls run, and
//!   recomputes the nodes above them once, when the block ends
//!   ([`settle_tree`]). The upper levels are shared, so `n` new leaves cost
//!   about `2n` node writes, not `n` whole paths.

use crate::{CertificateId, CertificateRecord};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::H256;

/// The deepest tree: 2^32 certificates.
pub const MAX_CERTIFICATE_TREE_DEPTH: u32 = 32;

/// The leaf of certificate `id` with `record`: blake2-256 of the SCALE
/// encoding of `("ecert/certificate-leaf/v1", id, record)`.
pub fn certificate_leaf<BlockNumber: Encode>(
	id: &CertificateId,
	record: &CertificateRecord<BlockNumber>,
) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&(b"ecert/certificate-leaf/v1", id, record).encode()))
}

/// The depth of a tree of `leaf_count` leaves: the smallest `d` with
/// `2^d >= leaf_count`.
pub fn tree_depth(leaf_count: u32) -> u32 {
	match leaf_count {
		0 | 1 => 0,
		n => u32::BITS - (n - 1).leading_zeros(),
	}
}

/// The parent of two nodes: zero over two zeros, otherwise blake2-256 of the
/// left node followed by the right one.
pub fn tree_parent(left: &H256, right: &H256) -> H256 {
	if left.is_zero() && right.is_zero() {
		return H256::zero();
	}
	let mut both = [0u8; 64];
	both[..32].copy_from_slice(left.as_bytes());
	both[32..].copy_from_slice(right.as_bytes());
	H256(sp_crypto_hashing::blake2_256(&both))
}

/// The path from one leaf to the root: its index and the sibling of each
/// node on the way up.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct TreePath {
	/// The leaf's index.
	#[codec(compact)]
	pub index: u32,
	/// The siblings, from the leaf's up.
	pub siblings: Vec<H256>,
}

impl TreePath {
	/// The root that `leaf` leads to along this path; `None` for a path
	/// deeper than [`MAX_CERTIFICATE_TREE_DEPTH`] or an index outside it.
	pub fn root(&self, leaf: H256) -> Option<H256> {
		let depth = self.siblings.len() as u32;
		if depth > MAX_CERTIFICATE_TREE_DEPTH || (depth < u32::BITS && self.index >> depth != 0) {
			return None;
		}
		let mut node = leaf;
		for (level, sibling) in self.siblings.iter().enumerate() {
			node = if (self.index >> level) & 1 == 0 {
				tree_parent(&node, sibling)
			} else {
				tree_parent(sibling, &node)
			};
		}
		Some(node)
	}
}

/// A [`TreePath`] without its zero siblings, for a tree where most are zero
/// (a batch's change tree, [`crate::BatchedEvidence`]): a bit a level says
/// which are left out.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct SparseTreePath {
	/// The leaf's index.
	#[codec(compact)]
	pub index: u32,
	/// How many levels the path climbs.
	pub depth: u8,
	/// Bit `level` is set where the sibling at that level is zero.
	pub zeros: u32,
	/// The other siblings, from the leaf's up.
	pub siblings: Vec<H256>,
}

impl From<&TreePath> for SparseTreePath {
	fn from(path: &TreePath) -> Self {
		let zeros = path
			.siblings
			.iter()
			.enumerate()
			.filter(|(_, sibling)| sibling.is_zero())
			.fold(0u32, |zeros, (level, _)| zeros | 1u32.checked_shl(level as u32).unwrap_or(0));
		Self {
			index: path.index,
			depth: path.siblings.len() as u8,
			zeros,
			siblings: path.siblings.iter().copied().filter(|sibling| !sibling.is_zero()).collect(),
		}
	}
}

impl SparseTreePath {
	/// The whole path; `None` if the parts disagree (more levels than
	/// [`MAX_CERTIFICATE_TREE_DEPTH`], zero bits above the depth, or another
	/// number of siblings than the levels not marked zero).
	pub fn expand(&self) -> Option<TreePath> {
		let depth = u32::from(self.depth);
		let above = self.zeros.checked_shr(depth).unwrap_or(0);
		if depth > MAX_CERTIFICATE_TREE_DEPTH
			|| above != 0
			|| self.siblings.len() as u32 != depth - self.zeros.count_ones()
		{
			return None;
		}
		let mut given = self.siblings.iter();
		let siblings = (0..depth)
			.map(|level| match (self.zeros >> level) & 1 {
				1 => Some(H256::zero()),
				_ => given.next().copied(),
			})
			.collect::<Option<Vec<_>>>()?;
		Some(TreePath { index: self.index, siblings })
	}
}

/// The path of leaf `index` in a tree of `leaf_count` leaves, its siblings
/// read through `node(level, index)`: how the side chain and its node read
/// a path from storage.
pub fn read_tree_path<E>(
	index: u32,
	leaf_count: u32,
	mut node: impl FnMut(u8, u32) -> Result<H256, E>,
) -> Result<TreePath, E> {
	let siblings = (0..tree_depth(leaf_count) as u8)
		.map(|level| node(level, (index >> level) ^ 1))
		.collect::<Result<Vec<_>, E>>()?;
	Ok(TreePath { index, siblings })
}

/// Where [`settle_tree`] reads and writes a tree's nodes, by level (0 for
/// leaves) and index; missing nodes read as zero.
pub trait TreeNodeStore {
	/// The node at `level` and `index`.
	fn node(&self, level: u8, index: u32) -> H256;
	/// Writes the node at `level` and `index`.
	fn set_node(&mut self, level: u8, index: u32, node: H256);
}

/// Recomputes, once each, the nodes above the `changed` leaves (indices in
/// any order, repeats allowed) of a tree of `leaf_count` leaves whose leaves
/// are already written, and returns the root.
///
/// Level by level, each parent of a changed node is computed from its two
/// children and written; so a level writes at most as many nodes as
/// distinct changed positions lie below it. For `new` consecutive new
/// leaves and `other` other changed leaves, that is at most
/// `new + other·depth + 2·depth` writes, and as many reads of a sibling.
pub fn settle_tree(store: &mut impl TreeNodeStore, changed: Vec<u32>, leaf_count: u32) -> H256 {
	let depth = tree_depth(leaf_count) as u8;
	let mut positions = changed;
	positions.sort_unstable();
	for level in 0..depth {
		positions.iter_mut().for_each(|position| *position >>= 1);
		positions.dedup();
		for &parent in &positions {
			let left = store.node(level, parent << 1);
			let right = store.node(level, (parent << 1) | 1);
			store.set_node(level + 1, parent, tree_parent(&left, &right));
		}
	}
	store.node(depth, 0)
}

/// A whole tree held in memory, for tests, benchmarks and tools: the same
/// nodes a side chain stores.
#[derive(Default, Clone, Debug)]
pub struct MemoryTree {
	levels: Vec<Vec<H256>>,
}

impl MemoryTree {
	/// A tree of `leaves`, in order.
	pub fn new(leaves: Vec<H256>) -> Self {
		let mut tree = Self { levels: alloc::vec![leaves] };
		tree.rebuild();
		tree
	}

	fn rebuild(&mut self) {
		let depth = tree_depth(self.levels[0].len() as u32) as usize;
		self.levels.truncate(1);
		for level in 0..depth {
			let below = &self.levels[level];
			let above = below
				.chunks(2)
				.map(|pair| tree_parent(&pair[0], pair.get(1).unwrap_or(&H256::zero())))
				.collect();
			self.levels.push(above);
		}
	}

	/// The root: the zero hash for an empty tree.
	pub fn root(&self) -> H256 {
		self.levels.last().and_then(|level| level.first()).copied().unwrap_or_default()
	}

	/// The path of leaf `index`.
	pub fn path(&self, index: u32) -> Option<TreePath> {
		if index as usize >= self.levels[0].len() {
			return None;
		}
		let depth = self.levels.len() - 1;
		let siblings = (0..depth)
			.map(|level| {
				let sibling = ((index >> level) ^ 1) as usize;
				self.levels[level].get(sibling).copied().unwrap_or_default()
			})
			.collect();
		Some(TreePath { index, siblings })
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaves(n: u32) -> Vec<H256> {
		(0..n).map(|i| H256(sp_crypto_hashing::blake2_256(&i.encode()))).collect()
	}

	#[test]
	fn depth_is_the_ceiling_of_log2() {
		let cases =
			[(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (1 << 20, 20), ((1 << 20) + 1, 21)];
		for (count, depth) in cases {
			assert_eq!(tree_depth(count), depth, "{count} leaves");
		}
		assert_eq!(tree_depth(u32::MAX), 32);
	}

	#[test]
	fn every_path_leads_to_the_root_and_a_wrong_leaf_does_not() {
		for n in [1u32, 2, 3, 5, 8, 13] {
			let leaves = leaves(n);
			let tree = MemoryTree::new(leaves.clone());
			for (index, leaf) in leaves.iter().enumerate() {
				let path = tree.path(index as u32).unwrap();
				assert_eq!(path.siblings.len() as u32, tree_depth(n));
				assert_eq!(path.root(*leaf), Some(tree.root()));
				assert_ne!(path.root(H256::repeat_byte(1)), Some(tree.root()));
				let mut moved = path.clone();
				moved.index ^= 1;
				if n > 1 {
					assert_ne!(moved.root(*leaf), Some(tree.root()));
				}
			}
			assert!(tree.path(n).is_none());
		}
	}

	/// Nodes in a map, counting writes.
	#[derive(Default)]
	struct CountingStore {
		nodes: alloc::collections::BTreeMap<(u8, u32), H256>,
		writes: usize,
	}

	impl TreeNodeStore for CountingStore {
		fn node(&self, level: u8, index: u32) -> H256 {
			self.nodes.get(&(level, index)).copied().unwrap_or_default()
		}
		fn set_node(&mut self, level: u8, index: u32, node: H256) {
			self.writes += 1;
			self.nodes.insert((level, index), node);
		}
	}

	impl CountingStore {
		fn set_leaf(&mut self, index: u32, leaf: H256) {
			self.nodes.insert((0, index), leaf);
		}
	}

	/// Blocks of new leaves and changes to old ones, settled once a block,
	/// give the root and paths of the whole tree built at once, within the
	/// write bound the side chain's weights charge.
	#[test]
	fn settling_once_a_block_gives_the_whole_trees_root_within_the_bound() {
		let mut all = leaves(3000);
		let mut store = CountingStore::default();
		let mut count = 0u32;
		// (new leaves, changed old ones): growth across depths, a block of
		// only changes, an odd start, a single leaf.
		for (block, (new, other)) in
			[(1u32, 0u32), (2, 0), (5, 1), (57, 3), (0, 40), (1000, 20), (935, 7), (1, 0)]
				.into_iter()
				.enumerate()
		{
			let mut changed = Vec::new();
			for index in count..count + new {
				store.set_leaf(index, all[index as usize]);
				changed.push(index);
			}
			count += new;
			for k in 0..other {
				let index = (k * 7919 + block as u32 * 31) % count;
				all[index as usize] = H256::repeat_byte(block as u8 + 1);
				store.set_leaf(index, all[index as usize]);
				changed.push(index);
				changed.push(index);
			}
			store.writes = 0;
			let root = settle_tree(&mut store, changed, count);
			let whole = MemoryTree::new(all[..count as usize].to_vec());
			assert_eq!(root, whole.root(), "block {block}");
			let depth = tree_depth(count) as usize;
			let bound = new as usize + other as usize * depth + 2 * depth;
			assert!(store.writes <= bound, "block {block}: {} writes > {bound}", store.writes);
			for index in [0, count / 2, count - 1] {
				let path =
					read_tree_path(index, count, |level, at| Ok::<_, ()>(store.node(level, at)))
						.unwrap();
				assert_eq!(Some(path.clone()), whole.path(index));
				assert_eq!(path.root(all[index as usize]), Some(root));
			}
		}
		assert_eq!(settle_tree(&mut CountingStore::default(), Vec::new(), 0), H256::zero());
	}

	#[test]
	fn a_sparse_path_leaves_out_zeros_and_gives_the_path_back() {
		let mut leaves = alloc::vec![H256::zero(); 1000];
		leaves[3] = H256::repeat_byte(3);
		leaves[700] = H256::repeat_byte(7);
		let tree = MemoryTree::new(leaves);
		for index in [0u32, 3, 700, 999] {
			let path = tree.path(index).unwrap();
			let sparse = SparseTreePath::from(&path);
			assert!(sparse.siblings.len() <= 2, "two leaves are not zero");
			assert_eq!(sparse.expand(), Some(path));
			assert!(sparse.encode().len() < 80);
		}
		let whole = SparseTreePath::from(&tree.path(3).unwrap());
		let mut short = whole.clone();
		short.siblings.pop();
		let mut beyond = whole.clone();
		beyond.zeros |= 1 << 12;
		let mut deep = whole;
		deep.depth = 33;
		for broken in [short, beyond, deep] {
			assert_eq!(broken.expand(), None);
		}
	}

	#[test]
	fn oversized_or_out_of_range_paths_lead_nowhere() {
		let path = TreePath { index: 4, siblings: alloc::vec![H256::zero(); 2] };
		assert_eq!(path.root(H256::repeat_byte(1)), None);
		let deep = TreePath { index: 0, siblings: alloc::vec![H256::zero(); 33] };
		assert_eq!(deep.root(H256::repeat_byte(1)), None);
	}
}

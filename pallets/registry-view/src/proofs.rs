//! Building storage proofs of main-chain entries, for tests and benchmarks:
//! a state trie of the given entries, as the main chain would hold them,
//! and a read proof of some keys.

use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::traits::BlakeTwo256;
use sp_trie::{LayoutV1, MemoryDB, Recorder, Trie, TrieDBBuilder, TrieDBMutBuilder, TrieMut};

type Layout = LayoutV1<BlakeTwo256>;

/// The state root of `entries`, and a proof of `keys` (present or absent)
/// holding exactly the nodes a reader needs.
pub fn prove(entries: &[(Vec<u8>, Vec<u8>)], keys: &[Vec<u8>]) -> (H256, Vec<Vec<u8>>) {
	let mut db = MemoryDB::<BlakeTwo256>::new(&[0u8]);
	let mut root = H256::zero();
	{
		let mut trie = TrieDBMutBuilder::<Layout>::new(&mut db, &mut root).build();
		for (key, value) in entries {
			trie.insert(key, value).expect("an in-memory trie accepts inserts; qed");
		}
	}
	let mut recorder = Recorder::<Layout>::new();
	{
		let trie = TrieDBBuilder::<Layout>::new(&db, &root).with_recorder(&mut recorder).build();
		for key in keys {
			trie.get(key).expect("every node is in memory; qed");
		}
	}
	let mut nodes: Vec<Vec<u8>> = recorder.drain().into_iter().map(|record| record.data).collect();
	nodes.sort();
	nodes.dedup();
	(root, nodes)
}

//! Assembling a certificate's portable proof ([`CertificateProof`]) from a
//! side chain's state and blocks: the newest main-chain header that anchors
//! the side chain ([`Confirmation`]), the GRANDPA justification the relay
//! submitted with it, the anchored side header, and the certificate's
//! record and tree path as that header's state holds them.
//!
//! The node assembles proofs with [`assemble_portable_proof`] over its
//! client's state; finding the main header's justification among a block's
//! transactions needs the runtime's call types, and stays with the node
//! ([`SideChainArchive::imported_main_header`]).

use crate::{
	storage, BlockNumber, CertificateId, CertificateRecord, ChainId, CompactJustification,
	Confirmation, Header, ProofParts,
};
use alloc::{format, string::String};
use bp_header_chain::justification::GrandpaJustification;
use codec::Decode;
use sp_core::H256;

/// Reads of a side chain's state and blocks, at any block it keeps.
pub trait SideChainArchive {
	/// Why a read failed.
	type Error;

	/// The value at storage `key` in block `at`'s state.
	fn read<V: Decode>(&self, at: H256, key: &[u8]) -> Result<Option<V>, Self::Error>;
	/// The hash of block `number` on the best chain.
	fn block_hash(&self, number: BlockNumber) -> Result<Option<H256>, Self::Error>;
	/// The header of block `hash`.
	fn header(&self, hash: H256) -> Result<Header, Self::Error>;
	/// The main-chain header `main` and its justification, as block `block`
	/// submitted them to the side chain's light client of the main chain.
	fn imported_main_header(
		&self,
		block: H256,
		main: H256,
	) -> Result<Option<(Header, GrandpaJustification<Header>)>, Self::Error>;
}

/// Why a portable proof could not be assembled.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum AssemblyError<E> {
	/// The main chain has not anchored this side chain yet.
	NotAnchored,
	/// The main-chain header that anchors the side chain is no longer kept
	/// by the side chain's light client (a newer one is on its way).
	AnchorNoLongerKept,
	/// The certificate is not among those issued alone in the anchored side
	/// block `anchored`: unknown, batched, or newer than the anchor.
	NotAnchoredYet {
		/// The anchored side block's number.
		anchored: BlockNumber,
	},
	/// State or blocks contradict each other.
	Inconsistent(String),
	/// A read failed.
	Read(E),
}

/// The parts of certificate `id`'s portable proof, anchored by the newest
/// main-chain header the side chain knows at block `best`.
pub fn assemble_portable_proof<A: SideChainArchive>(
	archive: &A,
	best: H256,
	id: &CertificateId,
) -> Result<ProofParts<CompactJustification>, AssemblyError<A::Error>> {
	use AssemblyError::*;
	let confirmation: Confirmation = archive
		.read(best, &storage::anchor_confirmation(&ChainId::Main))
		.map_err(Read)?
		.ok_or(NotAnchored)?;
	let imported_at: BlockNumber = archive
		.read(best, &storage::header_imported_at(&ChainId::Main, &confirmation.hash))
		.map_err(Read)?
		.ok_or(AnchorNoLongerKept)?;
	let import_block = archive
		.block_hash(imported_at)
		.map_err(Read)?
		.ok_or_else(|| Inconsistent(format!("block #{imported_at} is not on the best chain")))?;
	let (main_header, justification) = archive
		.imported_main_header(import_block, confirmation.hash)
		.map_err(Read)?
		.ok_or_else(|| {
			Inconsistent(format!(
				"block #{imported_at} does not import main-chain header {:?}",
				confirmation.hash
			))
		})?;
	let side_hash = confirmation.leaf.hash;
	let side_header = archive.header(side_hash).map_err(Read)?;
	let record: CertificateRecord<BlockNumber> = archive
		.read(side_hash, &storage::certificate(id))
		.map_err(Read)?
		.ok_or(NotAnchoredYet { anchored: confirmation.leaf.number })?;
	let index: u32 = archive
		.read(side_hash, &storage::tree_leaf_index(id))
		.map_err(Read)?
		.ok_or_else(|| Inconsistent(format!("certificate {:?} has no tree leaf", id.0)))?;
	let leaf_count: u32 =
		archive.read(side_hash, &storage::tree_leaf_count()).map_err(Read)?.unwrap_or_default();
	let path = crate::read_tree_path(index, leaf_count, |level, at| {
		Ok(archive.read::<H256>(side_hash, &storage::tree_node(level, at))?.unwrap_or_default())
	})
	.map_err(Read)?;
	debug_assert_eq!(main_header.hash(), confirmation.hash);
	Ok(ProofParts {
		certificate: *id,
		record,
		path,
		side_header,
		anchor: confirmation.anchor_proof(),
		main_header,
		justification: CompactJustification::compact(&justification),
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		proof_fixtures::{main_checkpoint, sample_proof},
		verify_certificate_proof, CertificateProof,
	};
	use alloc::{collections::BTreeMap, vec::Vec};
	use codec::Encode;
	use sp_runtime::traits::Header as _;

	/// A side chain's blocks and state, every block's state the same.
	#[derive(Default)]
	struct Archive {
		state: BTreeMap<Vec<u8>, Vec<u8>>,
		blocks: BTreeMap<BlockNumber, H256>,
		headers: BTreeMap<H256, Header>,
		imported: Option<(H256, Header, GrandpaJustification<Header>)>,
	}

	impl SideChainArchive for Archive {
		type Error = ();

		fn read<V: Decode>(&self, _: H256, key: &[u8]) -> Result<Option<V>, ()> {
			self.state.get(key).map(|bytes| V::decode(&mut &bytes[..]).map_err(|_| ())).transpose()
		}
		fn block_hash(&self, number: BlockNumber) -> Result<Option<H256>, ()> {
			Ok(self.blocks.get(&number).copied())
		}
		fn header(&self, hash: H256) -> Result<Header, ()> {
			self.headers.get(&hash).cloned().ok_or(())
		}
		fn imported_main_header(
			&self,
			block: H256,
			main: H256,
		) -> Result<Option<(Header, GrandpaJustification<Header>)>, ()> {
			Ok(self
				.imported
				.clone()
				.filter(|(at, header, _)| *at == block && header.hash() == main)
				.map(|(_, header, justification)| (header, justification)))
		}
	}

	const IMPORT_BLOCK: H256 = H256::repeat_byte(0x1b);

	/// The archive a side chain of four certificates keeps, anchored by the
	/// main header of a sample proof, which its block #7 imported.
	fn anchored_archive() -> (Archive, ProofParts<CompactJustification>) {
		let CertificateProof::V2(parts) = sample_proof(4, 2, 4) else { unreachable!() };
		let mut archive = Archive::default();
		let main_hash = parts.main_header.hash();
		let anchor = parts.anchor.clone();
		let confirmation = Confirmation {
			number: *parts.main_header.number(),
			hash: main_hash,
			leaf: anchor.leaf.clone(),
			index: anchor.index,
			count: anchor.count,
			siblings: anchor.siblings.clone(),
		};
		let mut put = |key: Vec<u8>, value: Vec<u8>| archive.state.insert(key, value);
		put(storage::anchor_confirmation(&ChainId::Main), confirmation.encode());
		put(storage::header_imported_at(&ChainId::Main, &main_hash), 7u32.encode());
		put(storage::certificate(&parts.certificate), parts.record.encode());
		put(storage::tree_leaf_index(&parts.certificate), parts.path.index.encode());
		put(storage::tree_leaf_count(), 4u32.encode());
		for (level, sibling) in parts.path.siblings.iter().enumerate() {
			put(storage::tree_node(level as u8, (parts.path.index >> level) ^ 1), sibling.encode());
		}
		archive.blocks.insert(7, IMPORT_BLOCK);
		archive.headers.insert(parts.side_header.hash(), parts.side_header.clone());
		let justification = parts.justification.expand((main_hash, *parts.main_header.number()));
		archive.imported = Some((IMPORT_BLOCK, parts.main_header.clone(), justification));
		(archive, parts)
	}

	#[test]
	fn the_assembled_proof_verifies_and_is_the_sample() {
		let (archive, expected) = anchored_archive();

		let parts = assemble_portable_proof(&archive, H256::zero(), &expected.certificate).unwrap();

		assert_eq!(parts, expected);
		let proven = verify_certificate_proof(&CertificateProof::V2(parts), &main_checkpoint(4));
		assert_eq!(proven.map(|proven| proven.certificate), Ok(expected.certificate));
	}

	#[test]
	fn what_is_missing_is_said() {
		let (mut archive, parts) = anchored_archive();
		let other = crate::proof_fixtures::sample_id(9);
		assert_eq!(
			assemble_portable_proof(&archive, H256::zero(), &other),
			Err(AssemblyError::NotAnchoredYet { anchored: parts.anchor.leaf.number })
		);

		archive.state.remove(&storage::tree_leaf_index(&parts.certificate));
		assert!(matches!(
			assemble_portable_proof(&archive, H256::zero(), &parts.certificate),
			Err(AssemblyError::Inconsistent(_))
		));

		archive.imported = None;
		assert!(matches!(
			assemble_portable_proof(&archive, H256::zero(), &parts.certificate),
			Err(AssemblyError::Inconsistent(_))
		));

		let main_hash = parts.main_header.hash();
		archive.state.remove(&storage::header_imported_at(&ChainId::Main, &main_hash));
		assert_eq!(
			assemble_portable_proof(&archive, H256::zero(), &parts.certificate),
			Err(AssemblyError::AnchorNoLongerKept)
		);

		archive.state.remove(&storage::anchor_confirmation(&ChainId::Main));
		assert_eq!(
			assemble_portable_proof(&archive, H256::zero(), &parts.certificate),
			Err(AssemblyError::NotAnchored)
		);
	}
}

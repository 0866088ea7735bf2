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
	storage, BatchMembership, BatchRecord, BatchedEvidence, BatchedStatus, BlockNumber,
	CertificateId, CertificateRecord, ChainId, CompactJustification, Confirmation, Header,
	ProofParts, SparseTreePath, TreePath,
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
	/// The certificate (or its batch) is not in the anchored side block
	/// `anchored`: unknown, batched (and no membership given), or newer than
	/// the anchor.
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
	let anchored = anchored_headers(archive, best)?;
	let side_hash = anchored.side_hash();
	let record: CertificateRecord<BlockNumber> = archive
		.read(side_hash, &storage::certificate(id))
		.map_err(AssemblyError::Read)?
		.ok_or(AssemblyError::NotAnchoredYet { anchored: anchored.side_header.number })?;
	let index: u32 = archive
		.read(side_hash, &storage::tree_leaf_index(id))
		.map_err(AssemblyError::Read)?
		.ok_or_else(|| {
			AssemblyError::Inconsistent(format!("certificate {:?} has no tree leaf", id.0))
		})?;
	let path = tree_path(archive, side_hash, index)?;
	Ok(anchored.with(*id, record, path))
}

/// The parts of batched certificate `id`'s portable proof, its membership in
/// its batch given, anchored by the newest main-chain header the side chain
/// knows at block `best`. The membership is checked only as far as the
/// batch's leaf: the proof's verifier checks the rest.
pub fn assemble_batched_proof<A: SideChainArchive>(
	archive: &A,
	best: H256,
	id: &CertificateId,
	membership: &BatchMembership,
) -> Result<ProofParts<CompactJustification, BatchedEvidence<BlockNumber>>, AssemblyError<A::Error>>
{
	use AssemblyError::*;
	let anchored = anchored_headers(archive, best)?;
	let side_hash = anchored.side_hash();
	let root = membership.root;
	let batch: BatchRecord<BlockNumber> = archive
		.read(side_hash, &storage::batch(&root))
		.map_err(Read)?
		.ok_or(NotAnchoredYet { anchored: anchored.side_header.number })?;
	let index: u32 = archive
		.read(side_hash, &storage::batch_leaf_index(&root))
		.map_err(Read)?
		.ok_or_else(|| Inconsistent(format!("batch {root:?} has no tree leaf")))?;
	let changed: Option<BatchedStatus<BlockNumber>> = archive
		.read(side_hash, &storage::batched_status(id))
		.map_err(Read)?
		.filter(|changed: &BatchedStatus<BlockNumber>| changed.batch == root);
	let changes = crate::read_tree_path(membership.index, batch.count, |level, at| {
		Ok(archive
			.read::<H256>(side_hash, &storage::batch_change_node(&root, level, at))?
			.unwrap_or_default())
	})
	.map_err(Read)?;
	let path = tree_path(archive, side_hash, index)?;
	let evidence = BatchedEvidence {
		membership: membership.clone(),
		batch,
		changed,
		changes: SparseTreePath::from(&changes),
	};
	Ok(anchored.with(*id, evidence, path))
}

/// The path of leaf `index` of the certificate tree at block `at`.
fn tree_path<A: SideChainArchive>(
	archive: &A,
	at: H256,
	index: u32,
) -> Result<TreePath, AssemblyError<A::Error>> {
	let leaf_count: u32 = archive
		.read(at, &storage::tree_leaf_count())
		.map_err(AssemblyError::Read)?
		.unwrap_or_default();
	crate::read_tree_path(index, leaf_count, |level, node| {
		Ok(archive.read::<H256>(at, &storage::tree_node(level, node))?.unwrap_or_default())
	})
	.map_err(AssemblyError::Read)
}

/// The newest anchored side header and the main header that anchors it,
/// with its justification: what every proof of the side chain shares.
struct Anchored {
	side_header: Header,
	anchor: crate::AnchorProof,
	main_header: Header,
	justification: CompactJustification,
}

impl Anchored {
	fn side_hash(&self) -> H256 {
		self.anchor.leaf.hash
	}

	/// A proof of certificate `id` with `record` at `path`.
	fn with<R>(
		self,
		id: CertificateId,
		record: R,
		path: TreePath,
	) -> ProofParts<CompactJustification, R> {
		ProofParts {
			certificate: id,
			record,
			path,
			side_header: self.side_header,
			anchor: self.anchor,
			main_header: self.main_header,
			justification: self.justification,
		}
	}
}

/// The newest main-chain header the side chain knows at block `best`, the
/// side header it anchors, and its justification.
fn anchored_headers<A: SideChainArchive>(
	archive: &A,
	best: H256,
) -> Result<Anchored, AssemblyError<A::Error>> {
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
	let side_header = archive.header(confirmation.leaf.hash).map_err(Read)?;
	debug_assert_eq!(main_header.hash(), confirmation.hash);
	Ok(Anchored {
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
		verify_certificate_proof, CertificateProof, IndexedJustification,
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
		let CertificateProof::V4(parts) = sample_proof(4, 2, 4) else { unreachable!() };
		let parts = by_key(parts);
		let mut archive = archive_anchoring(&parts, 4);
		let mut put = |key: Vec<u8>, value: Vec<u8>| archive.state.insert(key, value);
		put(storage::certificate(&parts.certificate), parts.record.encode());
		put(storage::tree_leaf_index(&parts.certificate), parts.path.index.encode());
		(archive, parts)
	}

	/// The archive of a side chain whose certificate tree has four leaves,
	/// the first a batch of 100 whose first member was revoked, anchored as
	/// [`anchored_archive`]'s.
	fn batch_archive() -> (Archive, ProofParts<CompactJustification, BatchedEvidence<BlockNumber>>)
	{
		let proof = crate::proof_fixtures::sample_batched_proof(4, 100, true, 2, 4);
		let CertificateProof::V5(parts) = proof else { unreachable!() };
		let parts = by_key(parts);
		let mut archive = archive_anchoring(&parts, 4);
		let evidence = &parts.record;
		let root = evidence.membership.root;
		let mut put = |key: Vec<u8>, value: Vec<u8>| archive.state.insert(key, value);
		put(storage::batch(&root), evidence.batch.encode());
		put(storage::batch_leaf_index(&root), parts.path.index.encode());
		put(storage::batched_status(&parts.certificate), evidence.changed.encode()[1..].to_vec());
		let changes = evidence.changes.expand().unwrap();
		for (level, sibling) in changes.siblings.iter().enumerate() {
			let at = (changes.index >> level) ^ 1;
			put(storage::batch_change_node(&root, level as u8, at), sibling.encode());
		}
		(archive, parts)
	}

	/// `parts` with its signers named by key, as nodes assemble them.
	fn by_key<R>(
		parts: ProofParts<IndexedJustification, R>,
	) -> ProofParts<CompactJustification, R> {
		let authorities = main_checkpoint(4).authorities.to_vec();
		let justification = parts.justification.with_signers(&authorities).unwrap();
		parts.with_justification(justification)
	}

	/// The archive of a side chain of `leaf_count` leaves that holds the
	/// anchoring of `parts` and the siblings of its tree path.
	fn archive_anchoring<R>(
		parts: &ProofParts<CompactJustification, R>,
		leaf_count: u32,
	) -> Archive {
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
		put(storage::tree_leaf_count(), leaf_count.encode());
		for (level, sibling) in parts.path.siblings.iter().enumerate() {
			put(storage::tree_node(level as u8, (parts.path.index >> level) ^ 1), sibling.encode());
		}
		archive.blocks.insert(7, IMPORT_BLOCK);
		archive.headers.insert(parts.side_header.hash(), parts.side_header.clone());
		let justification = parts.justification.expand((main_hash, *parts.main_header.number()));
		archive.imported = Some((IMPORT_BLOCK, parts.main_header.clone(), justification));
		archive
	}

	/// A batched certificate's proof, with its change: the one a verifier
	/// checks; a change of another batch under the same id is not its.
	#[test]
	fn the_assembled_batched_proof_verifies_and_is_the_sample() {
		let (mut archive, expected) = batch_archive();
		let (id, membership) = (expected.certificate, &expected.record.membership);

		let parts = assemble_batched_proof(&archive, H256::zero(), &id, membership).unwrap();

		assert_eq!(parts, expected);
		let proven = verify_certificate_proof(&CertificateProof::V3(parts), &main_checkpoint(4));
		let status = proven.map(|proven| proven.record.status);
		assert_eq!(status, Ok(crate::CertificateStatus::Revoked { reason: 1 }));

		let mut other = expected.record.changed.clone().unwrap();
		other.batch = H256::repeat_byte(0xba);
		archive.state.insert(storage::batched_status(&id), other.encode());
		let parts = assemble_batched_proof(&archive, H256::zero(), &id, membership).unwrap();
		assert_eq!(parts.record.changed, None);

		let mut unknown = membership.clone();
		unknown.root = H256::repeat_byte(0xbb);
		assert_eq!(
			assemble_batched_proof(&archive, H256::zero(), &id, &unknown),
			Err(AssemblyError::NotAnchoredYet { anchored: expected.anchor.leaf.number })
		);
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

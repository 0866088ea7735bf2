//! A batch in the certificate tree: one leaf for a whole batch, which
//! commits to the batch's record and to every change of its members.
//!
//! - A batch of up to 100,000 certificates takes one leaf of the side
//!   chain's certificate tree ([`crate::certificate_tree`]):
//!   [`batch_record_leaf`] of its root, its record and its change root.
//! - The change root is the root of the batch's **change tree**: one leaf per
//!   member, at the member's position in the batch. A member that never
//!   changed has the zero leaf; one that was revoked, suspended or
//!   reinstated has [`batched_change_leaf`] of its status since. The tree
//!   has the certificate tree's shape ([`crate::tree_parent`], [`TreePath`],
//!   [`crate::settle_tree`]), so a batch with no change has the zero root,
//!   and a change writes one path of at most 17 nodes (a batch of 100,000).
//! - So the side-chain header's certificate root commits to each batched
//!   certificate's current status: [`BatchedEvidence`] is what shows one
//!   member's, checked by [`BatchedEvidence::tree_leaf`], whether it
//!   changed or not.

use crate::{
	tree_depth, BatchMembership, BatchRecord, BatchedStatus, CertificateStatus, FoundCertificate,
	SparseTreePath,
};
use codec::{Decode, Encode};
use sp_core::H256;

/// The certificate tree's leaf for the batch with Merkle `root`, `batch` its
/// record and `changes_root` the root of its change tree: blake2-256 of the
/// SCALE encoding of `("ecert/batch-record-leaf/v1", root, batch,
/// changes_root)`.
pub fn batch_record_leaf<BlockNumber: Encode>(
	root: &H256,
	batch: &BatchRecord<BlockNumber>,
	changes_root: &H256,
) -> H256 {
	H256(sp_crypto_hashing::blake2_256(
		&(b"ecert/batch-record-leaf/v1", root, batch, changes_root).encode(),
	))
}

/// The change tree's leaf of a batched certificate that has changed since
/// its batch: blake2-256 of the SCALE encoding of `("ecert/batch-change/v1",
/// changed)`. A member that never changed has the zero leaf.
pub fn batched_change_leaf<BlockNumber: Encode>(changed: &BatchedStatus<BlockNumber>) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&(b"ecert/batch-change/v1", changed).encode()))
}

/// What shows a batched certificate's record and status under a certificate
/// tree: its membership in the batch, the batch's record, its change since
/// (if any) and that change's path in the batch's change tree.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct BatchedEvidence<BlockNumber> {
	/// The certificate's membership in its batch (its leaf, position and
	/// Merkle proof).
	pub membership: BatchMembership,
	/// The batch's record.
	pub batch: BatchRecord<BlockNumber>,
	/// Its status since it changed; `None` if it never did.
	pub changed: Option<BatchedStatus<BlockNumber>>,
	/// The path of its position in the batch's change tree, without its
	/// zero siblings (most are zero: few members ever change).
	pub changes: SparseTreePath,
}

/// Why batched evidence does not hold.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BatchedEvidenceError {
	/// The membership proof does not show the certificate in a batch of the
	/// record's size.
	NotAMember,
	/// The change path is not the member's position in a tree of the
	/// batch's size.
	WrongChangePosition,
	/// The change names another batch.
	ChangeOfAnotherBatch,
}

impl<BlockNumber: Encode> BatchedEvidence<BlockNumber> {
	/// The batch's leaf in the certificate tree that this evidence leads to:
	/// the certificate tree's path from it to the root then shows the
	/// member and its status.
	pub fn tree_leaf(&self) -> Result<H256, BatchedEvidenceError> {
		let membership = &self.membership;
		if !membership.verify(self.batch.count) {
			return Err(BatchedEvidenceError::NotAMember);
		}
		let changes = self.changes.expand().ok_or(BatchedEvidenceError::WrongChangePosition)?;
		if changes.index != membership.index
			|| changes.siblings.len() as u32 != tree_depth(self.batch.count)
		{
			return Err(BatchedEvidenceError::WrongChangePosition);
		}
		let leaf = match &self.changed {
			Some(changed) if changed.batch != membership.root => {
				return Err(BatchedEvidenceError::ChangeOfAnotherBatch)
			},
			Some(changed) => batched_change_leaf(changed),
			None => H256::zero(),
		};
		let changes_root = changes.root(leaf).ok_or(BatchedEvidenceError::WrongChangePosition)?;
		Ok(batch_record_leaf(&membership.root, &self.batch, &changes_root))
	}

	/// The certificate's status: its change's, or active if it never
	/// changed.
	pub fn status(&self) -> CertificateStatus {
		self.changed.as_ref().map_or(CertificateStatus::Active, |changed| changed.status)
	}
}

impl<BlockNumber: Clone> BatchedEvidence<BlockNumber> {
	/// The certificate as found on chain, which gives its record
	/// ([`FoundCertificate::record`]).
	pub fn found(&self) -> FoundCertificate<BlockNumber> {
		FoundCertificate::Batched {
			root: self.membership.root,
			batch: self.batch.clone(),
			leaf: self.membership.leaf.clone(),
			changed: self.changed.clone(),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{batch_membership, batch_root, AssetMetadata, IdentityId, MemoryTree, TxRef};

	use crate::proof_fixtures::sample_batch_members as leaves;

	fn batch(count: u32) -> BatchRecord<u32> {
		BatchRecord {
			issuer: "NTU".parse().unwrap(),
			count,
			asset: AssetMetadata::FIELDS,
			issued: TxRef { block: 1, index: 0 },
		}
	}

	/// The change tree of a batch of `count` where the members at `changed`
	/// have the given statuses.
	fn change_tree(count: u32, changed: &[(u32, BatchedStatus<u32>)]) -> MemoryTree {
		let mut leaves = alloc::vec![H256::zero(); count as usize];
		for (index, status) in changed {
			leaves[*index as usize] = batched_change_leaf(status);
		}
		MemoryTree::new(leaves)
	}

	#[test]
	fn unchanged_and_changed_members_lead_to_the_batch_leaf_and_lies_do_not() {
		let members = leaves(11);
		let root = batch_root(&members);
		let revoked = BatchedStatus {
			batch: root,
			status: CertificateStatus::Revoked { reason: 1 },
			last_changed: TxRef { block: 9, index: 2 },
		};
		let changes = change_tree(11, &[(4, revoked.clone())]);
		let leaf = batch_record_leaf(&root, &batch(11), &changes.root());
		let evidence = |index: u32, changed: Option<BatchedStatus<u32>>| BatchedEvidence {
			membership: batch_membership(&members, index).unwrap(),
			batch: batch(11),
			changed,
			changes: SparseTreePath::from(&changes.path(index).unwrap()),
		};

		let unchanged = evidence(7, None);
		assert_eq!(unchanged.tree_leaf(), Ok(leaf));
		assert_eq!(unchanged.status(), CertificateStatus::Active);
		let changed = evidence(4, Some(revoked.clone()));
		assert_eq!(changed.tree_leaf(), Ok(leaf));
		assert_eq!(changed.status(), CertificateStatus::Revoked { reason: 1 });

		// The revoked member claiming it never changed, or another status.
		assert_ne!(evidence(4, None).tree_leaf(), Ok(leaf));
		let suspended = BatchedStatus { status: CertificateStatus::Suspended, ..revoked.clone() };
		assert_ne!(evidence(4, Some(suspended)).tree_leaf(), Ok(leaf));
		// Another member's change path.
		let mut moved = evidence(7, None);
		moved.changes = SparseTreePath::from(&changes.path(4).unwrap());
		assert_eq!(moved.tree_leaf(), Err(BatchedEvidenceError::WrongChangePosition));
		// A batch of another size: too small for the position, or leading
		// to another leaf; a change of another batch.
		assert_eq!(
			BatchedEvidence { batch: batch(5), ..evidence(7, None) }.tree_leaf(),
			Err(BatchedEvidenceError::NotAMember)
		);
		assert_ne!(BatchedEvidence { batch: batch(12), ..evidence(7, None) }.tree_leaf(), Ok(leaf));
		let elsewhere = BatchedStatus { batch: H256::repeat_byte(9), ..revoked };
		assert_eq!(
			evidence(4, Some(elsewhere)).tree_leaf(),
			Err(BatchedEvidenceError::ChangeOfAnotherBatch)
		);
		// A forged member.
		let mut forged = evidence(7, None);
		forged.membership.leaf.holder = IdentityId(H256::repeat_byte(0xee));
		assert_eq!(forged.tree_leaf(), Err(BatchedEvidenceError::NotAMember));
	}

	#[test]
	fn a_batch_with_no_change_has_the_zero_change_root() {
		assert_eq!(change_tree(100_000, &[]).root(), H256::zero());
		assert_eq!(tree_depth(100_000), 17);
	}
}

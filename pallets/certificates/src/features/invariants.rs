//! The pallet's invariants, checked by `try-runtime` and by the tests after
//! every call.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// - the holder index lists exactly the certificates of each holder;
	/// - renewal links point both ways;
	/// - the certificate tree holds a leaf for each certificate issued alone
	///   and each batch, as they stand, and its root is theirs;
	/// - each batch's change tree has a leaf for each changed member;
	/// - grant, change and verification counters match their maps.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, record) in Certificates::<T>::iter() {
			ensure!(
				CertificatesOf::<T>::contains_key(record.holder, id),
				"holder index misses a certificate"
			);
			if let Some(new) = record.superseded_by {
				let successor = Certificates::<T>::get(new).ok_or("a missing successor")?;
				ensure!(successor.supersedes == Some(id), "a one-way renewal link");
			}
		}
		let mut leaves = alloc::vec![H256::zero(); LeafCount::<T>::get() as usize];
		for (id, index) in LeafIndex::<T>::iter() {
			let record = Certificates::<T>::get(id).ok_or("a leaf names no certificate")?;
			let slot = leaves.get_mut(index as usize).ok_or("a leaf beyond the count")?;
			*slot = certificate_leaf(&id, &record);
		}
		ensure!(
			LeafIndex::<T>::iter().count() == Certificates::<T>::iter().count(),
			"a certificate without a leaf"
		);
		for (root, index) in BatchLeafIndex::<T>::iter() {
			let batch = Batches::<T>::get(root).ok_or("a leaf names no batch")?;
			let changes_root = BatchChanges::<T>::get(root, (tree_depth(batch.count) as u8, 0));
			let slot = leaves.get_mut(index as usize).ok_or("a leaf beyond the count")?;
			*slot = ecert_primitives::batch_record_leaf(&root, &batch, &changes_root);
			let changed = BatchChanges::<T>::iter_prefix(root)
				.filter(|((level, _), node)| *level == 0 && !node.is_zero())
				.count();
			ensure!(
				changed == BatchedStatuses::<T>::iter_values().filter(|c| c.batch == root).count(),
				"a batch's change tree and its changed members differ"
			);
		}
		ensure!(
			BatchLeafIndex::<T>::iter().count() == Batches::<T>::iter().count(),
			"a batch without a leaf"
		);
		ensure!(!leaves.iter().any(H256::is_zero), "a leaf never written");
		ensure!(
			ecert_primitives::MemoryTree::new(leaves).root() == CertificatesRoot::<T>::get(),
			"the certificate root is stale"
		);
		for (holder, id, ()) in CertificatesOf::<T>::iter() {
			let record = Certificates::<T>::get(id).ok_or("holder index names no certificate")?;
			ensure!(record.holder == holder, "holder index names another holder's certificate");
		}
		for (id, count) in GrantCount::<T>::iter() {
			ensure!(Grants::<T>::iter_prefix(id).count() as u32 == count, "grant count differs");
			ensure!(count <= T::MaxGrants::get(), "more grants than MaxGrants");
		}
		for (id, count) in ChangeCount::<T>::iter() {
			ensure!(Changes::<T>::iter_prefix(id).count() as u32 == count, "change count differs");
		}
		for (id, ()) in AuthoritySuspensions::<T>::iter() {
			let status = BatchedStatuses::<T>::get(id)
				.map(|changed| changed.status)
				.or_else(|| Certificates::<T>::get(id).map(|record| record.status));
			ensure!(
				status == Some(CertificateStatus::Suspended),
				"an authority suspension of a certificate that is not suspended"
			);
		}
		for (id, count) in VerificationCount::<T>::iter() {
			ensure!(
				Verifications::<T>::iter_prefix(id).count() as u32 == count,
				"verification count differs"
			);
		}
		Ok(())
	}
}

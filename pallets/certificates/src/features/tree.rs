//! The certificate tree ([`ecert_primitives::certificate_tree`]): one leaf a
//! certificate issued alone, settled once a block, its root committed to in
//! every header.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Writes certificate `id`'s record and its leaf in the certificate
	/// tree, a new one for a new certificate; the nodes above it are
	/// recomputed when the block ends ([`Self::settle_tree`]).
	pub(crate) fn store(id: CertificateId, record: &CertificateRecordOf<T>) -> DispatchResult {
		let index = match LeafIndex::<T>::get(id) {
			Some(index) => index,
			None => {
				let index = LeafCount::<T>::get();
				let leaf_count = index.checked_add(1).ok_or(Error::<T>::Overflow)?;
				LeafIndex::<T>::insert(id, index);
				LeafCount::<T>::put(leaf_count);
				index
			},
		};
		ChangedLeaves::<T>::try_append(index).map_err(|_| Error::<T>::TooManyChangesInBlock)?;
		Certificates::<T>::insert(id, record);
		TreeNodes::<T>::insert(0, index, certificate_leaf(&id, record));
		Ok(())
	}

	/// Recomputes the certificate tree's nodes above the leaves this block
	/// changed, each once, and its root; nothing when none changed.
	pub fn settle_tree() {
		let changed = ChangedLeaves::<T>::take();
		if changed.is_empty() {
			return;
		}
		let root = ecert_primitives::settle_tree(
			&mut StoredTree::<T>(PhantomData),
			changed.into_inner(),
			LeafCount::<T>::get(),
		);
		CertificatesRoot::<T>::put(root);
	}

	/// The path of certificate `id`'s leaf in the certificate tree, read
	/// from storage.
	pub fn tree_path(id: &CertificateId) -> Option<ecert_primitives::TreePath> {
		let index = LeafIndex::<T>::get(id)?;
		let path = ecert_primitives::read_tree_path(index, LeafCount::<T>::get(), |level, at| {
			Ok::<_, core::convert::Infallible>(TreeNodes::<T>::get(level, at))
		});
		path.ok()
	}
}

/// The certificate tree's root, for the chain's header commitment: it
/// settles the block's changed leaves first, so the root is final whichever
/// pallet's `on_finalize` asks first.
pub struct CurrentCertificatesRoot<T>(PhantomData<T>);

impl<T: Config> Get<H256> for CurrentCertificatesRoot<T> {
	fn get() -> H256 {
		Pallet::<T>::settle_tree();
		CertificatesRoot::<T>::get()
	}
}

/// The certificate tree's nodes in [`TreeNodes`].
struct StoredTree<T>(PhantomData<T>);

impl<T: Config> TreeNodeStore for StoredTree<T> {
	fn node(&self, level: u8, index: u32) -> H256 {
		TreeNodes::<T>::get(level, index)
	}
	fn set_node(&mut self, level: u8, index: u32, node: H256) {
		TreeNodes::<T>::insert(level, index, node);
	}
}

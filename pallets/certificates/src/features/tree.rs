//! The certificate tree ([`ecert_primitives::certificate_tree`]): one leaf a
//! certificate issued alone and one a batch ([`ecert_primitives::batch_record_leaf`],
//! over the batch's change tree), settled once a block, its root committed
//! to in every header.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Writes certificate `id`'s record and its leaf in the certificate
	/// tree, a new one for a new certificate; the nodes above it are
	/// recomputed when the block ends ([`Self::settle_tree`]).
	pub(crate) fn store(id: CertificateId, record: &CertificateRecordOf<T>) -> DispatchResult {
		let index =
			Self::leaf_index(LeafIndex::<T>::get(id), |index| LeafIndex::<T>::insert(id, index))?;
		Certificates::<T>::insert(id, record);
		Self::write_leaf(index, certificate_leaf(&id, record))
	}

	/// Writes the leaf of the batch with `root` in the certificate tree
	/// ([`ecert_primitives::batch_record_leaf`]), a new one for a new
	/// batch, from its record and its change tree's root.
	pub(crate) fn store_batch(
		root: H256,
		batch: &BatchRecord<BlockNumberFor<T>>,
	) -> DispatchResult {
		let index = Self::leaf_index(BatchLeafIndex::<T>::get(root), |index| {
			BatchLeafIndex::<T>::insert(root, index)
		})?;
		let changes_root = BatchChanges::<T>::get(root, (tree_depth(batch.count) as u8, 0));
		Self::write_leaf(index, ecert_primitives::batch_record_leaf(&root, batch, &changes_root))
	}

	/// Writes the change of the batched certificate at `position` in
	/// `batch` to the batch's change tree, and the batch's leaf above it.
	pub(crate) fn store_batched_change(
		position: u32,
		batch: &BatchRecord<BlockNumberFor<T>>,
		changed: &BatchedStatus<BlockNumberFor<T>>,
	) -> DispatchResult {
		ensure!(position < batch.count, Error::<T>::BadBatchProof);
		let mut changes = BatchChangeTree::<T>(changed.batch, PhantomData);
		changes.set_node(0, position, ecert_primitives::batched_change_leaf(changed));
		ecert_primitives::settle_tree(&mut changes, alloc::vec![position], batch.count);
		Self::store_batch(changed.batch, batch)
	}

	/// The `known` leaf index, or the certificate tree's next leaf, which
	/// `remember` writes down.
	fn leaf_index(known: Option<u32>, remember: impl FnOnce(u32)) -> Result<u32, DispatchError> {
		if let Some(index) = known {
			return Ok(index);
		}
		let index = LeafCount::<T>::get();
		LeafCount::<T>::put(index.checked_add(1).ok_or(Error::<T>::Overflow)?);
		remember(index);
		Ok(index)
	}

	/// Writes `leaf` at `index`, whose nodes above are recomputed when the
	/// block ends.
	fn write_leaf(index: u32, leaf: H256) -> DispatchResult {
		ChangedLeaves::<T>::try_append(index).map_err(|_| Error::<T>::TooManyChangesInBlock)?;
		TreeNodes::<T>::insert(0, index, leaf);
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
		Self::leaf_path(LeafIndex::<T>::get(id)?)
	}

	/// The path of the leaf of the batch with `root` in the certificate
	/// tree, read from storage.
	pub fn batch_tree_path(root: &H256) -> Option<ecert_primitives::TreePath> {
		Self::leaf_path(BatchLeafIndex::<T>::get(root)?)
	}

	/// The path of position `position` in the change tree of the batch with
	/// `root`, read from storage.
	pub fn batch_change_path(root: &H256, position: u32) -> Option<ecert_primitives::TreePath> {
		let count = Batches::<T>::get(root)?.count;
		let changes = BatchChangeTree::<T>(*root, PhantomData);
		let path = ecert_primitives::read_tree_path(position, count, |level, at| {
			Ok::<_, core::convert::Infallible>(changes.node(level, at))
		});
		path.ok()
	}

	fn leaf_path(index: u32) -> Option<ecert_primitives::TreePath> {
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

/// The change tree of the batch with the root it holds, in
/// [`BatchChanges`].
struct BatchChangeTree<T>(H256, PhantomData<T>);

impl<T: Config> TreeNodeStore for BatchChangeTree<T> {
	fn node(&self, level: u8, index: u32) -> H256 {
		BatchChanges::<T>::get(self.0, (level, index))
	}
	fn set_node(&mut self, level: u8, index: u32, node: H256) {
		BatchChanges::<T>::insert(self.0, (level, index), node);
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

//! Finding a certificate, alone or in a batch, with the rule every reader
//! shares ([`ecert_primitives::find_certificate`]).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Finds certificate `id`: issued alone, or in a batch by `membership`
	/// ([`ecert_primitives::find_certificate`], as the node's RPC does).
	pub fn subject(
		id: CertificateId,
		membership: Option<&BatchMembership>,
	) -> Result<FoundCertificate<BlockNumberFor<T>>, DispatchError> {
		use ecert_primitives::{find_certificate, FindError};
		match find_certificate(&StoredCertificates::<T>(PhantomData), &id, membership) {
			Ok(found) => Ok(found),
			Err(FindError::NotFound | FindError::UnknownBatch) => Err(Error::<T>::NotFound.into()),
			Err(FindError::BadBatchProof) => Err(Error::<T>::BadBatchProof.into()),
			Err(FindError::Read(error)) => Err(error),
		}
	}
}

/// The certificates in this pallet's storage, for
/// [`ecert_primitives::find_certificate`].
struct StoredCertificates<T>(PhantomData<T>);

impl<T: Config> ecert_primitives::CertificateReads for StoredCertificates<T> {
	type BlockNumber = BlockNumberFor<T>;
	type Error = DispatchError;

	fn certificate_type(&self) -> Result<CertificateTypeId, DispatchError> {
		Pallet::<T>::chain_type()
	}
	fn certificate(
		&self,
		id: &CertificateId,
	) -> Result<Option<CertificateRecordOf<T>>, DispatchError> {
		Ok(Certificates::<T>::get(id))
	}
	fn batched_status(
		&self,
		id: &CertificateId,
	) -> Result<Option<BatchedStatus<BlockNumberFor<T>>>, DispatchError> {
		Ok(BatchedStatuses::<T>::get(id))
	}
	fn batch(&self, root: &H256) -> Result<Option<BatchRecord<BlockNumberFor<T>>>, DispatchError> {
		Ok(Batches::<T>::get(root))
	}
}

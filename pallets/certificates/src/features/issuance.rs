//! Issuing: one certificate, a batch, and a renewal that supersedes a
//! certificate.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Whether certificate `id` was ever issued or changed: alone, or as part
	/// of a batch whose member changed since. Such an id is never issued
	/// again (revocation is final).
	fn is_taken(id: &CertificateId) -> bool {
		Certificates::<T>::contains_key(id)
			|| BatchedStatuses::<T>::contains_key(id)
			|| ChangeCount::<T>::get(id) > 0
	}

	/// Records a certificate of `chain_type` by `issuer` on `terms`: its id,
	/// and where it was recorded.
	pub fn do_issue(
		chain_type: &CertificateTypeId,
		issuer: OrgCode,
		terms: CertificateTerms,
		payload: Option<PayloadOf<T>>,
		supersedes: Option<CertificateId>,
	) -> Result<(CertificateId, TxRef<BlockNumberFor<T>>), DispatchError> {
		ensure!(
			T::Identities::role_and_status(&terms.holder)
				.is_some_and(|(_, s)| s == IdentityStatus::Active),
			Error::<T>::UnknownHolder
		);
		if let Some(until) = terms.valid_until {
			ensure!(terms.valid_from < until, Error::<T>::BadValidity);
		}
		if let Some(document) = &terms.document {
			ensure!(
				!document.uri.is_empty() && core::str::from_utf8(&document.uri).is_ok(),
				Error::<T>::BadDocumentUri
			);
		}
		let id = CertificateId::derive(chain_type, &issuer, &terms.number);
		ensure!(!Self::is_taken(&id), Error::<T>::AlreadyIssued);
		let here = Self::here();
		let holder = terms.holder;
		Self::store(
			id,
			&CertificateRecord {
				issuer: issuer.clone(),
				holder,
				commitment: terms.commitment,
				valid_from: terms.valid_from,
				valid_until: terms.valid_until,
				asset: terms.asset,
				document: terms.document,
				payload_hash: payload.map(|p| H256(sp_crypto_hashing::blake2_256(&p))),
				status: CertificateStatus::Active,
				supersedes,
				superseded_by: None,
				issued: here,
				last_changed: here,
			},
		)?;
		CertificatesOf::<T>::insert(holder, id, ());
		Issued::<T>::insert(here.block, here.index, ecert_primitives::Issued::Certificate(id));
		Self::deposit_event(Event::CertificateIssued { id, issuer, holder });
		Ok((id, here))
	}

	/// Records a batch of `count` certificates by `issuer` as their Merkle
	/// `root`.
	pub(crate) fn do_issue_batch(
		issuer: OrgCode,
		root: H256,
		count: u32,
		asset: AssetMetadata,
	) -> DispatchResult {
		ensure!(count > 0 && count <= T::MaxBatchSize::get(), Error::<T>::BadBatchSize);
		ensure!(!Batches::<T>::contains_key(root), Error::<T>::AlreadyIssued);
		let issued = Self::here();
		let batch = BatchRecord { issuer: issuer.clone(), count, asset, issued };
		Self::store_batch(root, &batch)?;
		Batches::<T>::insert(root, batch);
		Issued::<T>::insert(issued.block, issued.index, ecert_primitives::Issued::Batch(root));
		Self::deposit_event(Event::BatchIssued { root, issuer, count });
		Ok(())
	}

	/// Issues, for the issuer `account` acts for, a certificate on `terms`
	/// that supersedes certificate `old`: one it issued alone, and that is
	/// neither revoked, renewed, nor suspended by the authority.
	pub(crate) fn do_renew(
		account: &T::AccountId,
		old: CertificateId,
		terms: CertificateTerms,
		payload: Option<PayloadOf<T>>,
	) -> DispatchResult {
		let chain_type = Self::chain_type()?;
		ensure!(!BatchedStatuses::<T>::contains_key(old), Error::<T>::CannotRenewBatched);
		let mut record = Certificates::<T>::get(old).ok_or(Error::<T>::NotFound)?;
		let issuer = Self::accredited_issuer(account)?;
		ensure!(issuer == record.issuer, Error::<T>::NotAuthorized);
		ensure!(!AuthoritySuspensions::<T>::contains_key(old), Error::<T>::SuspendedByAuthority);
		ensure!(!matches!(record.status, CertificateStatus::Revoked { .. }), Error::<T>::Revoked);
		ensure!(record.superseded_by.is_none(), Error::<T>::AlreadySuperseded);
		let (new, here) = Self::do_issue(&chain_type, issuer, terms, payload, Some(old))?;
		record.superseded_by = Some(new);
		record.last_changed = here;
		Self::store(old, &record)?;
		Self::push_change(old, ChangeKind::Renewed { by: new }, here)?;
		Self::deposit_event(Event::CertificateRenewed { old, new });
		Ok(())
	}
}

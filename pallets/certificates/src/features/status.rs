//! Status changes by the issuer or the certificate authority: revoke,
//! suspend, reinstate.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The status a `kind` change leaves certificate in `status` with.
	fn next_status(
		kind: ChangeKind,
		status: CertificateStatus,
	) -> Result<CertificateStatus, Error<T>> {
		use CertificateStatus::{Active, Revoked, Suspended};
		match (kind, status) {
			(ChangeKind::Revoked { .. }, Revoked { .. }) => Err(Error::<T>::Revoked),
			(ChangeKind::Revoked { reason }, _) => Ok(Revoked { reason }),
			(ChangeKind::Suspended, Active) => Ok(Suspended),
			(ChangeKind::Suspended, _) => Err(Error::<T>::NotActive),
			(ChangeKind::Reinstated, Suspended) => Ok(Active),
			(ChangeKind::Reinstated, _) => Err(Error::<T>::NotSuspended),
			// A renewal is no status change (see `do_renew`).
			(ChangeKind::Renewed { .. }, _) => Err(Error::<T>::NotAuthorized),
		}
	}

	/// Applies status change `kind` to certificate `id`, by the issuer or
	/// the authority. An issuer suspends and reinstates only while it may
	/// issue, and never lifts the authority's suspension; it may revoke its
	/// certificates at any time.
	pub(crate) fn change_status(
		origin: OriginFor<T>,
		id: CertificateId,
		membership: Option<BatchMembership>,
		kind: ChangeKind,
	) -> DispatchResult {
		let caller = match T::CertificateAuthority::try_origin(origin) {
			Ok(_) => None,
			Err(origin) => Some(ensure_signed(origin)?),
		};
		let by_authority = caller.is_none();
		let subject = Self::subject(id, membership.as_ref())?;
		if let Some(account) = caller {
			let issuer = T::Issuers::organisation_of(&account);
			ensure!(issuer.as_ref() == Some(subject.issuer()), Error::<T>::NotAuthorized);
			if !matches!(kind, ChangeKind::Revoked { .. }) {
				Self::accredited_issuer(&account)?;
			}
			if kind == ChangeKind::Reinstated {
				ensure!(
					!AuthoritySuspensions::<T>::contains_key(id),
					Error::<T>::SuspendedByAuthority
				);
			}
		}
		let status = Self::next_status(kind, subject.status())?;
		match status {
			CertificateStatus::Suspended if by_authority => {
				AuthoritySuspensions::<T>::insert(id, ())
			},
			_ => AuthoritySuspensions::<T>::remove(id),
		}
		let here = Self::here();
		match subject {
			FoundCertificate::Single(mut record) => {
				record.status = status;
				record.last_changed = here;
				Self::store(id, &record)?;
			},
			FoundCertificate::Batched { root, batch, .. } => {
				let changed = BatchedStatus { batch: root, status, last_changed: here };
				let position = membership.map(|m| m.index).ok_or(Error::<T>::NotFound)?;
				Self::store_batched_change(position, &batch, &changed)?;
				BatchedStatuses::<T>::insert(id, changed);
			},
		}
		Self::push_change(id, kind, here)
	}
}

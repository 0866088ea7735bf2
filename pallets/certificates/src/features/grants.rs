//! Grants: a verifier's access to a certificate's shared data, given by its
//! holder or its issuer.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Lets `verifier` access certificate `id` until `expires_at`, for the
	/// holder or the issuer `account` acts for.
	pub(crate) fn do_grant(
		account: &T::AccountId,
		id: CertificateId,
		verifier: IdentityId,
		expires_at: Moment,
		membership: Option<BatchMembership>,
	) -> DispatchResult {
		let subject = Self::subject(id, membership.as_ref())?;
		let granted_by = Self::holder_or_issuer(account, &subject)?;
		ensure!(Self::is_active(&verifier, Role::Verifier), Error::<T>::NotAVerifier);
		ensure!(expires_at > Self::now(), Error::<T>::BadExpiry);
		if !Grants::<T>::contains_key(id, verifier) {
			let count = GrantCount::<T>::get(id);
			ensure!(count < T::MaxGrants::get(), Error::<T>::TooManyGrants);
			GrantCount::<T>::insert(id, count.saturating_add(1));
		}
		Grants::<T>::insert(id, verifier, Grant { expires_at, granted_by });
		Self::deposit_event(Event::AccessGranted { id, verifier, expires_at });
		Ok(())
	}

	/// Withdraws `verifier`'s access to certificate `id`, for the holder or
	/// the issuer `account` acts for.
	pub(crate) fn do_ungrant(
		account: &T::AccountId,
		id: CertificateId,
		verifier: IdentityId,
		membership: Option<BatchMembership>,
	) -> DispatchResult {
		let subject = Self::subject(id, membership.as_ref())?;
		Self::holder_or_issuer(account, &subject)?;
		Grants::<T>::take(id, verifier).ok_or(Error::<T>::NoGrant)?;
		GrantCount::<T>::mutate(id, |count| *count = count.saturating_sub(1));
		Self::deposit_event(Event::AccessWithdrawn { id, verifier });
		Ok(())
	}

	/// The identity that `account` acts for on `subject`: its holder's, or
	/// its issuer's.
	fn holder_or_issuer(
		account: &T::AccountId,
		subject: &FoundCertificate<BlockNumberFor<T>>,
	) -> Result<IdentityId, DispatchError> {
		let identity = T::Identities::identity_of(account).ok_or(Error::<T>::NotAuthorized)?;
		let is_holder = identity == subject.holder();
		let is_issuer = T::Issuers::organisation_of(account).as_ref() == Some(subject.issuer());
		ensure!(is_holder || is_issuer, Error::<T>::NotAuthorized);
		Ok(identity)
	}
}

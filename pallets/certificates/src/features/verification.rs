//! The verification log: a verifier with a grant records that it verified a
//! certificate, and pays the issuer.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Logs that the verifier `account` acts for verified certificate `id`
	/// for `purpose`, and pays the issuer [`Config::VerificationFee`].
	pub(crate) fn do_record_verification(
		account: &T::AccountId,
		id: CertificateId,
		purpose: u16,
		membership: Option<BatchMembership>,
	) -> DispatchResult {
		let verifier = T::Identities::identity_of(account)
			.filter(|identity| Self::is_active(identity, Role::Verifier))
			.ok_or(Error::<T>::NotAVerifier)?;
		let subject = Self::subject(id, membership.as_ref())?;
		let grant = Grants::<T>::get(id, verifier).ok_or(Error::<T>::NoGrant)?;
		let now = Self::now();
		ensure!(grant.expires_at > now, Error::<T>::GrantExpired);
		let payee =
			T::Issuers::payout_account(subject.issuer()).ok_or(Error::<T>::NoPayoutAccount)?;
		let index = VerificationCount::<T>::get(id);
		let next = index.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let fee = T::VerificationFee::get();
		T::Currency::transfer(account, &payee, fee, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Verifications::<T>::insert(
			id,
			index,
			VerificationRecord { verifier, purpose, time: now, recorded: Self::here(), fee },
		);
		VerificationCount::<T>::insert(id, next);
		Self::deposit_event(Event::CertificateVerified { id, verifier, purpose, fee });
		Ok(())
	}
}

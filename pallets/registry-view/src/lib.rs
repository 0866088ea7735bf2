//! # Registry view pallet
//!
//! A side chain's view of the main chain's registries: the identities and
//! the accredited issuers that the side chain's certificates involve.
//!
//! The records are the main chain's own types
//! ([`IdentityRecord`], [`IssuerRecord`]), so the view holds exactly what
//! the main chain holds. For now the side chain's governing authority
//! ([`Config::RegistryOrigin`]) writes them; the anchoring work replaces
//! that with records proven from main-chain state.
//!
//! ## Interface
//!
//! - [`Pallet::set_identity`], [`Pallet::set_issuer`]: write a record.
//! - [`IssuerInspect`] and [`IdentityInspect`], implemented by [`Pallet`],
//!   answer the certificates pallet: which organisation an account issues
//!   for, whether it may issue now, and who is who.
//!
//! ## Privacy
//!
//! Ids, public keys, roles and statuses only, as on the main chain.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use ecert_primitives::{
	CertificateTypeId, IdentityId, IdentityInspect, IdentityRecord, IdentityStatus, IssuerInspect,
	IssuerRecord, Moment, OrgCode, Role,
};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;

/// An identity as this runtime stores it.
pub type IdentityRecordOf<T> =
	IdentityRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Writes the view: the side chain's governing authority.
		type RegistryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// This chain's certificate type.
		type CertificateType: Get<Option<CertificateTypeId>>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Identities, by id.
	#[pallet::storage]
	pub type Identities<T: Config> =
		StorageMap<_, Blake2_128Concat, IdentityId, IdentityRecordOf<T>>;

	/// The identity of each account.
	#[pallet::storage]
	pub type IdentityOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IdentityId>;

	/// Accredited issuers, by organisation code.
	#[pallet::storage]
	pub type Issuers<T: Config> =
		StorageMap<_, Blake2_128Concat, OrgCode, IssuerRecord<BlockNumberFor<T>>>;

	/// The organisation of each issuer identity.
	#[pallet::storage]
	pub type OrganisationOf<T: Config> = StorageMap<_, Blake2_128Concat, IdentityId, OrgCode>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The view of identity `id` changed.
		IdentityUpdated { id: IdentityId },
		/// The view of issuer `org_code` changed.
		IssuerUpdated { org_code: OrgCode },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already belongs to another identity.
		AccountTaken,
		/// The identity already belongs to another organisation.
		IdentityTaken,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Writes identity `id` as the main chain holds it.
		///
		/// Origin: [`Config::RegistryOrigin`].
		///
		/// # Errors
		/// `AccountTaken`: the record's account belongs to another identity.
		///
		/// # Events
		/// `IdentityUpdated`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_identity())]
		pub fn set_identity(
			origin: OriginFor<T>,
			id: IdentityId,
			record: IdentityRecordOf<T>,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			Self::do_set_identity(id, record)
		}

		/// Writes issuer `org_code` as the main chain holds it.
		///
		/// Origin: [`Config::RegistryOrigin`].
		///
		/// # Errors
		/// `IdentityTaken`: the record's identity issues for another code.
		///
		/// # Events
		/// `IssuerUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_issuer())]
		pub fn set_issuer(
			origin: OriginFor<T>,
			org_code: OrgCode,
			record: IssuerRecord<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			Self::do_set_issuer(org_code, record)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Writes identity `id`, keeping the account index in step.
	pub fn do_set_identity(id: IdentityId, record: IdentityRecordOf<T>) -> DispatchResult {
		if let Some(owner) = IdentityOf::<T>::get(&record.account) {
			ensure!(owner == id, Error::<T>::AccountTaken);
		}
		if let Some(old) = Identities::<T>::get(id) {
			IdentityOf::<T>::remove(&old.account);
		}
		IdentityOf::<T>::insert(&record.account, id);
		Identities::<T>::insert(id, record);
		Self::deposit_event(Event::IdentityUpdated { id });
		Ok(())
	}

	/// Writes issuer `org_code`, keeping the identity index in step.
	pub fn do_set_issuer(
		org_code: OrgCode,
		record: IssuerRecord<BlockNumberFor<T>>,
	) -> DispatchResult {
		if let Some(owner) = OrganisationOf::<T>::get(record.identity) {
			ensure!(owner == org_code, Error::<T>::IdentityTaken);
		}
		if let Some(old) = Issuers::<T>::get(&org_code) {
			OrganisationOf::<T>::remove(old.identity);
		}
		OrganisationOf::<T>::insert(record.identity, org_code.clone());
		Issuers::<T>::insert(&org_code, record);
		Self::deposit_event(Event::IssuerUpdated { org_code });
		Ok(())
	}

	/// Checks the pallet's invariants: the account and identity indexes
	/// match the records both ways.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, record) in Identities::<T>::iter() {
			ensure!(
				IdentityOf::<T>::get(&record.account) == Some(id),
				"identity index out of step"
			);
		}
		for (_, id) in IdentityOf::<T>::iter() {
			ensure!(Identities::<T>::contains_key(id), "account index names no identity");
		}
		for (org_code, record) in Issuers::<T>::iter() {
			ensure!(
				OrganisationOf::<T>::get(record.identity) == Some(org_code),
				"organisation index out of step"
			);
		}
		for (_, org_code) in OrganisationOf::<T>::iter() {
			ensure!(Issuers::<T>::contains_key(&org_code), "identity index names no issuer");
		}
		Ok(())
	}
}

impl<T: Config> IdentityInspect<T::AccountId> for Pallet<T> {
	fn role_and_status(id: &IdentityId) -> Option<(Role, IdentityStatus)> {
		Identities::<T>::get(id).map(|record| (record.role, record.status))
	}

	fn identity_of(account: &T::AccountId) -> Option<IdentityId> {
		IdentityOf::<T>::get(account)
	}
}

impl<T: Config> IssuerInspect<T::AccountId> for Pallet<T> {
	fn organisation_of(account: &T::AccountId) -> Option<OrgCode> {
		OrganisationOf::<T>::get(IdentityOf::<T>::get(account)?)
	}

	fn may_issue(org_code: &OrgCode, now: Moment) -> bool {
		let (Some(record), Some(certificate_type)) =
			(Issuers::<T>::get(org_code), T::CertificateType::get())
		else {
			return false;
		};
		let identity_active = Identities::<T>::get(record.identity).is_some_and(|i| i.is_active());
		identity_active && record.may_issue(&certificate_type, now)
	}

	fn payout_account(org_code: &OrgCode) -> Option<T::AccountId> {
		let record = Issuers::<T>::get(org_code)?;
		Identities::<T>::get(record.identity).map(|identity| identity.account)
	}
}

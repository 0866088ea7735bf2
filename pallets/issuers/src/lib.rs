//! # Issuers pallet
//!
//! Issuer accreditation on the main chain: which organisation may issue which
//! certificate types.
//!
//! ## Terminology
//!
//! - **Organisation code** ([`OrgCode`]): the issuing organisation's unique
//!   code, as the seed APIs name it ("issuing authority organisation code").
//!   A code is never reused, even after a revocation.
//! - **Accreditation** ([`IssuerRecord`]): the organisation's name, its
//!   identity, the certificate types it may issue, an optional validity
//!   window and its status (active, suspended, revoked).
//! - **History** ([`IssuerChange`]): every change, with its block, its chain
//!   time and the authority's reason.
//!
//! ## Interface
//!
//! All calls are for [`Config::AccreditationOrigin`], the identity authority:
//! `accredit`, `update`, `suspend`, `reinstate` and `revoke` (final).
//!
//! ## Storage layout
//!
//! Side chains check accreditations by storage proof against main-chain
//! headers, so the layout is documented in [`ecert_primitives::storage`]:
//! [`Issuers`] maps an organisation code (`Blake2_128Concat`) to its small
//! record, and the history sits apart in [`History`], keyed by code and
//! index. A proof for one issuer holds one record and no history.
//!
//! ## Privacy
//!
//! Organisations are public by nature. The identity is an id, not data.
//! Reasons are written by the authority and must not hold personal data.

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

use alloc::collections::BTreeSet;
use ecert_primitives::{
	AccreditationStatus, AllowedTypes, CertificateTypeId, IdentityId, IdentityInspect,
	IdentityStatus, IssuerChange, IssuerChangeKind, IssuerRecord, Moment, Name, OrgCode, Reason,
	Role, MAX_TYPES_PER_ISSUER,
};
use frame_support::{
	pallet_prelude::*,
	traits::{Contains, UnixTime},
};
use frame_system::pallet_prelude::*;

/// An accreditation as this runtime stores it.
pub type IssuerRecordOf<T> = IssuerRecord<BlockNumberFor<T>>;

/// The certificate types of an `accredit` or `update` call.
pub type CertificateTypeList = BoundedVec<CertificateTypeId, ConstU32<MAX_TYPES_PER_ISSUER>>;

/// Sets up what an accreditation needs, for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `id` an active identity with the issuer role.
	fn register_issuer_identity(id: IdentityId);
	/// Makes `id` an active certificate type.
	fn register_certificate_type(id: &CertificateTypeId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Accredits, updates, suspends, reinstates and revokes: the identity
		/// authority.
		type AccreditationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The identity registry.
		type Identities: IdentityInspect<Self::AccountId>;

		/// The certificate types that take new accreditations.
		type CertificateTypes: Contains<CertificateTypeId>;

		/// Chain time, for the history.
		type UnixTime: UnixTime;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up identities and types for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Every accreditation ever made, by organisation code. Revoked ones stay.
	#[pallet::storage]
	pub type Issuers<T: Config> = StorageMap<_, Blake2_128Concat, OrgCode, IssuerRecordOf<T>>;

	/// The accreditation of each issuer identity, while it is not revoked:
	/// an identity issues for one organisation at a time, so that a side
	/// chain always knows which organisation an issuer's account acts for.
	#[pallet::storage]
	pub type OrganisationOf<T: Config> = StorageMap<_, Blake2_128Concat, IdentityId, OrgCode>;

	/// The history of each accreditation: its `changes` entries, numbered from
	/// 0 in order.
	#[pallet::storage]
	pub type History<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		OrgCode,
		Twox64Concat,
		u32,
		IssuerChange<BlockNumberFor<T>>,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `org_code` was accredited for `certificate_types`.
		IssuerAccredited {
			org_code: OrgCode,
			identity: IdentityId,
			certificate_types: AllowedTypes,
		},
		/// `org_code`'s certificate types or validity window changed.
		IssuerUpdated { org_code: OrgCode, certificate_types: AllowedTypes, reason: Reason },
		/// `org_code` may not issue until reinstated.
		IssuerSuspended { org_code: OrgCode, reason: Reason },
		/// `org_code` may issue again.
		IssuerReinstated { org_code: OrgCode, reason: Reason },
		/// `org_code`'s accreditation ended for good.
		IssuerRevoked { org_code: OrgCode, reason: Reason },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The organisation code is taken (codes are never reused).
		AlreadyExists,
		/// No accreditation with this organisation code.
		NotFound,
		/// No such identity.
		UnknownIdentity,
		/// The identity is deactivated.
		IdentityDeactivated,
		/// The identity is not registered with the issuer role.
		NotAnIssuerIdentity,
		/// The identity already issues for another organisation, whose
		/// accreditation is not revoked.
		IdentityAlreadyAccredited,
		/// The list of certificate types is empty.
		NoCertificateTypes,
		/// A certificate type is listed twice.
		DuplicateCertificateType,
		/// A certificate type is not registered, or is retired.
		UnknownCertificateType,
		/// The validity window ends before it starts.
		BadValidityWindow,
		/// The accreditation is not active.
		NotActive,
		/// The accreditation is not suspended.
		NotSuspended,
		/// The accreditation is revoked.
		Revoked,
		/// The history cannot grow any more.
		TooManyChanges,
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
		/// Accredits organisation `org_code`, named `name` and acting as
		/// `identity`, to issue `certificate_types` within an optional
		/// validity window (Unix time, ms; `valid_until` is exclusive).
		///
		/// Origin: [`Config::AccreditationOrigin`].
		///
		/// # Errors
		/// `AlreadyExists`, `UnknownIdentity`, `IdentityDeactivated`,
		/// `NotAnIssuerIdentity`, `IdentityAlreadyAccredited`, `NoCertificateTypes`,
		/// `DuplicateCertificateType`, `UnknownCertificateType`,
		/// `BadValidityWindow`.
		///
		/// # Events
		/// `IssuerAccredited`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::accredit().saturating_add(T::DbWeight::get().reads_writes(1, 1)))]
		pub fn accredit(
			origin: OriginFor<T>,
			org_code: OrgCode,
			name: Name,
			identity: IdentityId,
			certificate_types: CertificateTypeList,
			valid_from: Option<Moment>,
			valid_until: Option<Moment>,
			reason: Reason,
		) -> DispatchResult {
			T::AccreditationOrigin::ensure_origin(origin)?;
			Self::do_accredit(
				org_code,
				name,
				identity,
				certificate_types,
				valid_from,
				valid_until,
				reason,
			)
		}

		/// Replaces `org_code`'s certificate types and validity window.
		///
		/// Origin: [`Config::AccreditationOrigin`].
		///
		/// # Errors
		/// `NotFound`, `Revoked`, `NoCertificateTypes`,
		/// `DuplicateCertificateType`, `UnknownCertificateType`,
		/// `BadValidityWindow`, `TooManyChanges`.
		///
		/// # Events
		/// `IssuerUpdated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update())]
		pub fn update(
			origin: OriginFor<T>,
			org_code: OrgCode,
			certificate_types: CertificateTypeList,
			valid_from: Option<Moment>,
			valid_until: Option<Moment>,
			reason: Reason,
		) -> DispatchResult {
			T::AccreditationOrigin::ensure_origin(origin)?;
			let types = Self::check_terms(&certificate_types, valid_from, valid_until)?;
			Self::change(&org_code, IssuerChangeKind::Updated, reason.clone(), |record| {
				ensure!(record.status != AccreditationStatus::Revoked, Error::<T>::Revoked);
				record.certificate_types = types.clone();
				record.valid_from = valid_from;
				record.valid_until = valid_until;
				Ok(())
			})?;
			Self::deposit_event(Event::IssuerUpdated {
				org_code,
				certificate_types: types,
				reason,
			});
			Ok(())
		}

		/// Suspends `org_code`: it may not issue until reinstated.
		///
		/// Origin: [`Config::AccreditationOrigin`].
		///
		/// # Errors
		/// `NotFound`, `NotActive`, `TooManyChanges`.
		///
		/// # Events
		/// `IssuerSuspended`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, org_code: OrgCode, reason: Reason) -> DispatchResult {
			T::AccreditationOrigin::ensure_origin(origin)?;
			Self::change(&org_code, IssuerChangeKind::Suspended, reason.clone(), |record| {
				ensure!(record.status == AccreditationStatus::Active, Error::<T>::NotActive);
				record.status = AccreditationStatus::Suspended;
				Ok(())
			})?;
			Self::deposit_event(Event::IssuerSuspended { org_code, reason });
			Ok(())
		}

		/// Reinstates suspended `org_code`.
		///
		/// Origin: [`Config::AccreditationOrigin`].
		///
		/// # Errors
		/// `NotFound`, `NotSuspended`, `TooManyChanges`.
		///
		/// # Events
		/// `IssuerReinstated`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(
			origin: OriginFor<T>,
			org_code: OrgCode,
			reason: Reason,
		) -> DispatchResult {
			T::AccreditationOrigin::ensure_origin(origin)?;
			Self::change(&org_code, IssuerChangeKind::Reinstated, reason.clone(), |record| {
				ensure!(record.status == AccreditationStatus::Suspended, Error::<T>::NotSuspended);
				record.status = AccreditationStatus::Active;
				Ok(())
			})?;
			Self::deposit_event(Event::IssuerReinstated { org_code, reason });
			Ok(())
		}

		/// Revokes `org_code`'s accreditation for good. The record and its
		/// history stay; the code is never reused.
		///
		/// Origin: [`Config::AccreditationOrigin`].
		///
		/// # Errors
		/// `NotFound`, `Revoked`, `TooManyChanges`.
		///
		/// # Events
		/// `IssuerRevoked`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke().saturating_add(T::DbWeight::get().writes(1)))]
		pub fn revoke(origin: OriginFor<T>, org_code: OrgCode, reason: Reason) -> DispatchResult {
			T::AccreditationOrigin::ensure_origin(origin)?;
			Self::change(&org_code, IssuerChangeKind::Revoked, reason.clone(), |record| {
				ensure!(record.status != AccreditationStatus::Revoked, Error::<T>::Revoked);
				record.status = AccreditationStatus::Revoked;
				OrganisationOf::<T>::remove(record.identity);
				Ok(())
			})?;
			Self::deposit_event(Event::IssuerRevoked { org_code, reason });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Records a new accreditation and the first entry of its history.
	pub fn do_accredit(
		org_code: OrgCode,
		name: Name,
		identity: IdentityId,
		certificate_types: CertificateTypeList,
		valid_from: Option<Moment>,
		valid_until: Option<Moment>,
		reason: Reason,
	) -> DispatchResult {
		ensure!(!Issuers::<T>::contains_key(&org_code), Error::<T>::AlreadyExists);
		match T::Identities::role_and_status(&identity) {
			None => return Err(Error::<T>::UnknownIdentity.into()),
			Some((_, IdentityStatus::Deactivated)) => {
				return Err(Error::<T>::IdentityDeactivated.into())
			},
			Some((role, IdentityStatus::Active)) => {
				ensure!(role == Role::Issuer, Error::<T>::NotAnIssuerIdentity)
			},
		}
		ensure!(
			!OrganisationOf::<T>::contains_key(identity),
			Error::<T>::IdentityAlreadyAccredited
		);
		let types = Self::check_terms(&certificate_types, valid_from, valid_until)?;
		let record = IssuerRecord {
			name,
			identity,
			certificate_types: types.clone(),
			valid_from,
			valid_until,
			status: AccreditationStatus::Active,
			accredited_at: frame_system::Pallet::<T>::block_number(),
			changes: 1,
		};
		History::<T>::insert(
			&org_code,
			0,
			Self::history_entry(IssuerChangeKind::Accredited, reason),
		);
		Issuers::<T>::insert(&org_code, record);
		OrganisationOf::<T>::insert(identity, &org_code);
		Self::deposit_event(Event::IssuerAccredited {
			org_code,
			identity,
			certificate_types: types,
		});
		Ok(())
	}

	/// Checks a list of certificate types and a validity window, and gives
	/// the types as a set.
	fn check_terms(
		certificate_types: &CertificateTypeList,
		valid_from: Option<Moment>,
		valid_until: Option<Moment>,
	) -> Result<AllowedTypes, DispatchError> {
		ensure!(!certificate_types.is_empty(), Error::<T>::NoCertificateTypes);
		if let (Some(from), Some(until)) = (valid_from, valid_until) {
			ensure!(from < until, Error::<T>::BadValidityWindow);
		}
		let mut set = BTreeSet::new();
		for id in certificate_types {
			ensure!(T::CertificateTypes::contains(id), Error::<T>::UnknownCertificateType);
			ensure!(set.insert(id.clone()), Error::<T>::DuplicateCertificateType);
		}
		// The list's bound is the set's bound.
		AllowedTypes::try_from(set).map_err(|_| Error::<T>::NoCertificateTypes.into())
	}

	/// Applies `apply` to `org_code`'s record and appends a history entry.
	fn change(
		org_code: &OrgCode,
		kind: IssuerChangeKind,
		reason: Reason,
		apply: impl FnOnce(&mut IssuerRecordOf<T>) -> DispatchResult,
	) -> DispatchResult {
		Issuers::<T>::try_mutate(org_code, |record| {
			let record = record.as_mut().ok_or(Error::<T>::NotFound)?;
			apply(record)?;
			let index = record.changes;
			record.changes = index.checked_add(1).ok_or(Error::<T>::TooManyChanges)?;
			History::<T>::insert(org_code, index, Self::history_entry(kind, reason));
			Ok(())
		})
	}

	fn history_entry(kind: IssuerChangeKind, reason: Reason) -> IssuerChange<BlockNumberFor<T>> {
		IssuerChange {
			kind,
			reason,
			block: frame_system::Pallet::<T>::block_number(),
			time: T::UnixTime::now().as_millis().try_into().unwrap_or(Moment::MAX),
		}
	}

	/// Checks the pallet's invariants:
	/// - every accreditation has exactly `changes` history entries, numbered
	///   from 0, the first being `Accredited`;
	/// - every accreditation lists at least one type and a sound window;
	/// - each identity index entry names the identity's one accreditation that
	///   is not revoked.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (org_code, record) in Issuers::<T>::iter() {
			let indexed = OrganisationOf::<T>::get(record.identity);
			if record.status == AccreditationStatus::Revoked {
				ensure!(indexed != Some(org_code.clone()), "a revoked accreditation in the index");
			} else {
				ensure!(indexed == Some(org_code.clone()), "an accreditation outside the index");
			}
			ensure!(org_code.is_well_formed(), "a malformed organisation code");
			ensure!(!record.certificate_types.is_empty(), "an accreditation without types");
			if let (Some(from), Some(until)) = (record.valid_from, record.valid_until) {
				ensure!(from < until, "a validity window that ends before it starts");
			}
			let entries = History::<T>::iter_prefix(&org_code).count();
			ensure!(entries as u32 == record.changes, "history length differs from changes");
			for index in 0..record.changes {
				ensure!(History::<T>::contains_key(&org_code, index), "a gap in the history");
			}
			ensure!(
				History::<T>::get(&org_code, 0).map(|c| c.kind)
					== Some(IssuerChangeKind::Accredited),
				"history does not start with the accreditation"
			);
		}
		for (org_code, _, _) in History::<T>::iter() {
			ensure!(Issuers::<T>::contains_key(&org_code), "history without an accreditation");
		}
		for (identity, org_code) in OrganisationOf::<T>::iter() {
			ensure!(
				Issuers::<T>::get(&org_code).is_some_and(|record| record.identity == identity),
				"the identity index names another identity's accreditation"
			);
		}
		Ok(())
	}
}

//! # Identity pallet
//!
//! Digital identities on the main chain: who is this person or organisation.
//!
//! ## Terminology
//!
//! - **Identity id** ([`IdentityId`]): the network-unique id of a person or an
//!   organisation. A registrar derives it off chain from the registrant's
//!   canonical identity data as a keyed hash (see
//!   `ecert_primitives::identity_derivation`). It is deterministic, so the
//!   same person cannot register twice, and it reveals nothing without the
//!   identity authority's key.
//! - **Registrar**: an account appointed by the identity authority to check
//!   registrants' real names off chain and approve or reject their requests.
//! - **Identity authority**: the government body that runs the main chain, a
//!   configurable origin ([`Config::IdentityAuthority`]); sudo on development
//!   chains.
//!
//! ## Flow
//!
//! 1. A user calls [`Pallet::request_registration`] with their public keys and
//!    the role they want. A deposit ([`Config::RegistrationDeposit`]) is held
//!    against spam.
//! 2. A registrar checks the user's real name off chain and calls
//!    [`Pallet::approve`] with the identity id it derived, or
//!    [`Pallet::reject`]. Approval releases the deposit; rejection burns it.
//!    The user may withdraw a pending request with [`Pallet::cancel_request`].
//! 3. The identity rotates its keys with [`Pallet::rotate_keys`]; the id stays.
//! 4. A person who lost their account's key gets their identity back: a
//!    registrar checks them off chain and calls [`Pallet::start_recovery`]
//!    naming a new account and new keys. During the recovery delay
//!    ([`RecoveryDelay`], set at genesis) the old account can veto it with
//!    [`Pallet::cancel_recovery`]; after it, the new account takes the
//!    identity with [`Pallet::claim_recovery`]. The id, and so every
//!    certificate held under it, stays the same.
//! 5. [`Pallet::deactivate`] ends an identity for good. Its id stays taken, so
//!    it can never be registered again.
//!
//! ## Interface
//!
//! Calls: `request_registration`, `cancel_request`, `approve`, `reject`,
//! `rotate_keys`, `deactivate`, `add_registrar`, `remove_registrar`,
//! `start_recovery`, `cancel_recovery`, `claim_recovery`.
//! Other pallets use [`IdentityInspect`], implemented by [`Pallet`].
//!
//! The storage layout is part of the protocol: see
//! [`ecert_primitives::storage`].
//!
//! ## Privacy
//!
//! State holds only ids, public keys, roles and statuses. Names, document
//! numbers and birth dates never reach the chain; the id is a keyed hash of
//! them.

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
	IdentityId, IdentityInspect, IdentityKeys, IdentityRecord, IdentityStatus, Recovery,
	RegistrationRequest, Role,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision},
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::Saturating;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// An identity as this runtime stores it.
pub type IdentityRecordOf<T> =
	IdentityRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// A registration request as this runtime stores it.
pub type RegistrationRequestOf<T> = RegistrationRequest<BalanceOf<T>, BlockNumberFor<T>>;

/// A recovery as this runtime stores it.
pub type RecoveryOf<T> = Recovery<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// The recovery delay when genesis names none: three days of six-second
/// blocks.
pub const DEFAULT_RECOVERY_DELAY: u32 = 3 * 24 * 60 * 10;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Holds registration deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The identity authority: appoints registrars and may deactivate any
		/// identity.
		type IdentityAuthority: EnsureOrigin<Self::RuntimeOrigin>;

		/// The deposit held while a registration request waits.
		#[pallet::constant]
		type RegistrationDeposit: Get<BalanceOf<Self>>;

		/// The most registrars there may be.
		#[pallet::constant]
		type MaxRegistrars: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A registration request waits for a registrar.
		Registration,
	}

	/// Every identity ever registered, by id. Deactivated identities stay.
	#[pallet::storage]
	pub type Identities<T: Config> =
		StorageMap<_, Blake2_128Concat, IdentityId, IdentityRecordOf<T>>;

	/// The identity id of each account that has one.
	#[pallet::storage]
	pub type IdentityOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IdentityId>;

	/// Pending registration requests, by the requesting account.
	#[pallet::storage]
	pub type Requests<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RegistrationRequestOf<T>>;

	/// The registrars appointed by the identity authority.
	#[pallet::storage]
	pub type Registrars<T: Config> =
		StorageValue<_, BoundedBTreeSet<T::AccountId, T::MaxRegistrars>, ValueQuery>;

	/// Recoveries in progress, by identity: at most one each.
	#[pallet::storage]
	pub type Recoveries<T: Config> = StorageMap<_, Blake2_128Concat, IdentityId, RecoveryOf<T>>;

	/// How many blocks a recovery waits, during which the identity's
	/// account may veto it. Set at genesis.
	#[pallet::storage]
	pub type RecoveryDelay<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The registrars at genesis.
		pub registrars: alloc::vec::Vec<T::AccountId>,
		/// How many blocks a recovery waits ([`DEFAULT_RECOVERY_DELAY`] if
		/// not given).
		pub recovery_delay: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { registrars: Default::default(), recovery_delay: DEFAULT_RECOVERY_DELAY.into() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let registrars: BoundedBTreeSet<_, _> = self
				.registrars
				.iter()
				.cloned()
				.collect::<alloc::collections::BTreeSet<_>>()
				.try_into()
				.expect("genesis lists no more registrars than MaxRegistrars");
			Registrars::<T>::put(registrars);
			RecoveryDelay::<T>::put(self.recovery_delay);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `account` asked to register with `role`; `deposit` is held.
		RegistrationRequested { account: T::AccountId, role: Role, deposit: BalanceOf<T> },
		/// `account` withdrew its request; the deposit is released.
		RequestCancelled { account: T::AccountId },
		/// A registrar approved `account` as identity `id`.
		IdentityRegistered {
			id: IdentityId,
			account: T::AccountId,
			role: Role,
			registrar: T::AccountId,
		},
		/// A registrar rejected `account`'s request; `deposit` is burnt.
		RegistrationRejected {
			account: T::AccountId,
			registrar: T::AccountId,
			deposit: BalanceOf<T>,
		},
		/// Identity `id` has new keys.
		KeysRotated { id: IdentityId },
		/// Identity `id` is deactivated for good.
		IdentityDeactivated { id: IdentityId, by_authority: bool },
		/// `registrar` may now approve and reject requests.
		RegistrarAdded { registrar: T::AccountId },
		/// `registrar` may no longer approve or reject requests.
		RegistrarRemoved { registrar: T::AccountId },
		/// `registrar` started moving identity `id` from `old_account` to
		/// `new_account`, which may claim it from block `claimable_at`
		/// unless `old_account` vetoes it first.
		RecoveryStarted {
			id: IdentityId,
			old_account: T::AccountId,
			new_account: T::AccountId,
			registrar: T::AccountId,
			claimable_at: BlockNumberFor<T>,
		},
		/// The recovery of identity `id` to `new_account` was called off by
		/// `by` (the identity's account, or a registrar).
		RecoveryCancelled {
			id: IdentityId,
			old_account: T::AccountId,
			new_account: T::AccountId,
			by: T::AccountId,
		},
		/// Identity `id` moved from `old_account` to `new_account`, with new
		/// keys.
		IdentityRecovered { id: IdentityId, old_account: T::AccountId, new_account: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already has an identity.
		AlreadyRegistered,
		/// The account already has a pending request.
		AlreadyRequested,
		/// The account has no pending request.
		NoRequest,
		/// The identity id is taken: this person is already registered, or was
		/// and has been deactivated.
		IdentityIdTaken,
		/// The caller is not a registrar.
		NotRegistrar,
		/// No such identity.
		NotFound,
		/// The caller may not act for this identity.
		NotAuthorized,
		/// The identity is deactivated.
		Deactivated,
		/// The account is already a registrar.
		AlreadyRegistrar,
		/// There are already `MaxRegistrars` registrars.
		TooManyRegistrars,
		/// The balance cannot cover the deposit.
		InsufficientBalance,
		/// The identity already has a recovery in progress.
		RecoveryInProgress,
		/// The identity has no recovery in progress.
		NoRecovery,
		/// The recovery delay has not passed yet.
		RecoveryNotDue,
		/// A recovery must move the identity to another account.
		SameAccount,
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
		/// Asks to register the caller as an identity with `keys` and `role`.
		///
		/// Origin: signed by the account that will act for the identity.
		/// Holds [`Config::RegistrationDeposit`] until a registrar decides.
		///
		/// # Errors
		/// `AlreadyRegistered`, `AlreadyRequested`, `InsufficientBalance`.
		///
		/// # Events
		/// `RegistrationRequested`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::request_registration())]
		pub fn request_registration(
			origin: OriginFor<T>,
			keys: IdentityKeys,
			role: Role,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_request_registration(account, keys, role)
		}

		/// Withdraws the caller's pending request and releases its deposit.
		///
		/// Origin: signed by the requesting account.
		///
		/// # Errors
		/// `NoRequest`.
		///
		/// # Events
		/// `RequestCancelled`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel_request())]
		pub fn cancel_request(origin: OriginFor<T>) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_cancel_request(account)
		}

		/// Approves `account`'s request after the off-chain real-name check,
		/// registering it as identity `id`. Releases the deposit.
		///
		/// Origin: signed by a registrar.
		///
		/// # Errors
		/// `NotRegistrar`, `NoRequest`, `IdentityIdTaken`.
		///
		/// # Events
		/// `IdentityRegistered`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve())]
		pub fn approve(
			origin: OriginFor<T>,
			account: T::AccountId,
			id: IdentityId,
		) -> DispatchResult {
			let registrar = Self::ensure_registrar(origin)?;
			Self::do_approve(registrar, account, id)
		}

		/// Rejects `account`'s request. The deposit is burnt.
		///
		/// Origin: signed by a registrar.
		///
		/// # Errors
		/// `NotRegistrar`, `NoRequest`.
		///
		/// # Events
		/// `RegistrationRejected`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let registrar = Self::ensure_registrar(origin)?;
			Self::do_reject(registrar, account)
		}

		/// Replaces the caller's identity keys. The identity id stays.
		///
		/// Origin: signed by the identity's account.
		///
		/// # Errors
		/// `NotFound` (the caller has no identity), `Deactivated`.
		///
		/// # Events
		/// `KeysRotated`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::rotate_keys())]
		pub fn rotate_keys(origin: OriginFor<T>, keys: IdentityKeys) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_rotate_keys(account, keys)
		}

		/// Deactivates identity `id` for good. Its id can never be registered
		/// again.
		///
		/// Origin: the identity authority, or signed by the identity's account.
		///
		/// # Errors
		/// `NotFound`, `NotAuthorized`, `Deactivated`.
		///
		/// # Events
		/// `IdentityDeactivated`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deactivate())]
		pub fn deactivate(origin: OriginFor<T>, id: IdentityId) -> DispatchResult {
			let caller = match T::IdentityAuthority::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_deactivate(caller, id)
		}

		/// Appoints `registrar`.
		///
		/// Origin: the identity authority.
		///
		/// # Errors
		/// `AlreadyRegistrar`, `TooManyRegistrars`.
		///
		/// # Events
		/// `RegistrarAdded`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::add_registrar())]
		pub fn add_registrar(origin: OriginFor<T>, registrar: T::AccountId) -> DispatchResult {
			T::IdentityAuthority::ensure_origin(origin)?;
			Registrars::<T>::try_mutate(|registrars| {
				ensure!(!registrars.contains(&registrar), Error::<T>::AlreadyRegistrar);
				registrars
					.try_insert(registrar.clone())
					.map_err(|_| Error::<T>::TooManyRegistrars)?;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::RegistrarAdded { registrar });
			Ok(())
		}

		/// Removes `registrar`. Pending requests stay for other registrars.
		///
		/// Origin: the identity authority.
		///
		/// # Errors
		/// `NotRegistrar`.
		///
		/// # Events
		/// `RegistrarRemoved`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_registrar())]
		pub fn remove_registrar(origin: OriginFor<T>, registrar: T::AccountId) -> DispatchResult {
			T::IdentityAuthority::ensure_origin(origin)?;
			Registrars::<T>::try_mutate(|registrars| {
				ensure!(registrars.remove(&registrar), Error::<T>::NotRegistrar);
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::RegistrarRemoved { registrar });
			Ok(())
		}

		/// Starts moving identity `id` to `new_account` with `new_keys`,
		/// after a registrar checked off chain that the person asking is
		/// the identity's. The new account claims it after
		/// [`RecoveryDelay`]; until then the identity's account may veto it.
		///
		/// Origin: signed by a registrar.
		///
		/// # Errors
		/// `NotRegistrar`, `NotFound`, `Deactivated`, `RecoveryInProgress`,
		/// `SameAccount`, `AlreadyRegistered` and `AlreadyRequested` (for
		/// the new account).
		///
		/// # Events
		/// `RecoveryStarted`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::start_recovery())]
		pub fn start_recovery(
			origin: OriginFor<T>,
			id: IdentityId,
			new_account: T::AccountId,
			new_keys: IdentityKeys,
		) -> DispatchResult {
			let registrar = Self::ensure_registrar(origin)?;
			Self::do_start_recovery(registrar, id, new_account, new_keys)
		}

		/// Calls off the recovery of identity `id`: the identity's account
		/// vetoes it, or a registrar withdraws it.
		///
		/// Origin: signed by the identity's account, or by a registrar.
		///
		/// # Errors
		/// `NoRecovery`, `NotFound`, `NotAuthorized`.
		///
		/// # Events
		/// `RecoveryCancelled`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::cancel_recovery())]
		pub fn cancel_recovery(origin: OriginFor<T>, id: IdentityId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_cancel_recovery(caller, id)
		}

		/// Takes identity `id` over, once its recovery delay has passed: the
		/// caller becomes its account, and the recovery's keys its keys.
		///
		/// Origin: signed by the recovery's new account.
		///
		/// # Errors
		/// `NoRecovery`, `NotAuthorized`, `RecoveryNotDue`, `NotFound`,
		/// `Deactivated`, `AlreadyRegistered`, `AlreadyRequested`.
		///
		/// # Events
		/// `IdentityRecovered`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::claim_recovery())]
		pub fn claim_recovery(origin: OriginFor<T>, id: IdentityId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_claim_recovery(caller, id)
		}
	}
}

impl<T: Config> Pallet<T> {
	fn ensure_registrar(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let registrar = ensure_signed(origin)?;
		ensure!(Registrars::<T>::get().contains(&registrar), Error::<T>::NotRegistrar);
		Ok(registrar)
	}

	/// Records `account`'s request and holds its deposit.
	pub fn do_request_registration(
		account: T::AccountId,
		keys: IdentityKeys,
		role: Role,
	) -> DispatchResult {
		ensure!(!IdentityOf::<T>::contains_key(&account), Error::<T>::AlreadyRegistered);
		ensure!(!Requests::<T>::contains_key(&account), Error::<T>::AlreadyRequested);
		let deposit = T::RegistrationDeposit::get();
		T::Currency::hold(&HoldReason::Registration.into(), &account, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		let request = RegistrationRequest {
			keys,
			role,
			deposit,
			requested_at: frame_system::Pallet::<T>::block_number(),
		};
		Requests::<T>::insert(&account, request);
		Self::deposit_event(Event::RegistrationRequested { account, role, deposit });
		Ok(())
	}

	/// Removes `account`'s request and releases its deposit.
	pub fn do_cancel_request(account: T::AccountId) -> DispatchResult {
		let request = Requests::<T>::take(&account).ok_or(Error::<T>::NoRequest)?;
		Self::release_deposit(&account, request.deposit);
		Self::deposit_event(Event::RequestCancelled { account });
		Ok(())
	}

	/// Turns `account`'s request into identity `id`.
	pub fn do_approve(
		registrar: T::AccountId,
		account: T::AccountId,
		id: IdentityId,
	) -> DispatchResult {
		let request = Requests::<T>::get(&account).ok_or(Error::<T>::NoRequest)?;
		ensure!(!Identities::<T>::contains_key(id), Error::<T>::IdentityIdTaken);
		ensure!(!IdentityOf::<T>::contains_key(&account), Error::<T>::AlreadyRegistered);
		let now = frame_system::Pallet::<T>::block_number();
		Requests::<T>::remove(&account);
		Self::release_deposit(&account, request.deposit);
		Identities::<T>::insert(
			id,
			IdentityRecord {
				account: account.clone(),
				keys: request.keys,
				role: request.role,
				status: IdentityStatus::Active,
				registered_at: now,
				updated_at: now,
			},
		);
		IdentityOf::<T>::insert(&account, id);
		Self::deposit_event(Event::IdentityRegistered {
			id,
			account,
			role: request.role,
			registrar,
		});
		Ok(())
	}

	/// Removes `account`'s request and burns its deposit.
	pub fn do_reject(registrar: T::AccountId, account: T::AccountId) -> DispatchResult {
		let request = Requests::<T>::take(&account).ok_or(Error::<T>::NoRequest)?;
		let burnt = T::Currency::burn_held(
			&HoldReason::Registration.into(),
			&account,
			request.deposit,
			Precision::BestEffort,
			Fortitude::Force,
		)
		.unwrap_or_default();
		Self::deposit_event(Event::RegistrationRejected { account, registrar, deposit: burnt });
		Ok(())
	}

	/// Gives `account`'s identity new keys.
	pub fn do_rotate_keys(account: T::AccountId, keys: IdentityKeys) -> DispatchResult {
		let id = IdentityOf::<T>::get(&account).ok_or(Error::<T>::NotFound)?;
		Identities::<T>::try_mutate(id, |record| {
			let record = record.as_mut().ok_or(Error::<T>::NotFound)?;
			ensure!(record.is_active(), Error::<T>::Deactivated);
			record.keys = keys;
			record.updated_at = frame_system::Pallet::<T>::block_number();
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::KeysRotated { id });
		Ok(())
	}

	/// Deactivates `id`. `caller` is `None` for the identity authority, or the
	/// signing account, which must be the identity's own.
	pub fn do_deactivate(caller: Option<T::AccountId>, id: IdentityId) -> DispatchResult {
		Identities::<T>::try_mutate(id, |record| {
			let record = record.as_mut().ok_or(Error::<T>::NotFound)?;
			if let Some(caller) = &caller {
				ensure!(*caller == record.account, Error::<T>::NotAuthorized);
			}
			ensure!(record.is_active(), Error::<T>::Deactivated);
			record.status = IdentityStatus::Deactivated;
			record.updated_at = frame_system::Pallet::<T>::block_number();
			Ok::<_, DispatchError>(())
		})?;
		// A deactivated identity is not recovered.
		Recoveries::<T>::remove(id);
		Self::deposit_event(Event::IdentityDeactivated { id, by_authority: caller.is_none() });
		Ok(())
	}

	/// Starts `registrar`'s recovery of `id` to `new_account`.
	pub fn do_start_recovery(
		registrar: T::AccountId,
		id: IdentityId,
		new_account: T::AccountId,
		new_keys: IdentityKeys,
	) -> DispatchResult {
		let record = Identities::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(record.is_active(), Error::<T>::Deactivated);
		ensure!(!Recoveries::<T>::contains_key(id), Error::<T>::RecoveryInProgress);
		ensure!(record.account != new_account, Error::<T>::SameAccount);
		Self::ensure_free(&new_account)?;
		let claimable_at =
			frame_system::Pallet::<T>::block_number().saturating_add(RecoveryDelay::<T>::get());
		let recovery = Recovery {
			new_account: new_account.clone(),
			new_keys,
			registrar: registrar.clone(),
			claimable_at,
		};
		Recoveries::<T>::insert(id, recovery);
		Self::deposit_event(Event::RecoveryStarted {
			id,
			old_account: record.account,
			new_account,
			registrar,
			claimable_at,
		});
		Ok(())
	}

	/// Calls off the recovery of `id`, as `caller`: the identity's account
	/// or a registrar.
	pub fn do_cancel_recovery(caller: T::AccountId, id: IdentityId) -> DispatchResult {
		let recovery = Recoveries::<T>::get(id).ok_or(Error::<T>::NoRecovery)?;
		let record = Identities::<T>::get(id).ok_or(Error::<T>::NotFound)?;
		ensure!(
			caller == record.account || Registrars::<T>::get().contains(&caller),
			Error::<T>::NotAuthorized
		);
		Recoveries::<T>::remove(id);
		Self::deposit_event(Event::RecoveryCancelled {
			id,
			old_account: record.account,
			new_account: recovery.new_account,
			by: caller,
		});
		Ok(())
	}

	/// Moves `id` to `caller`, the new account of its recovery, once due.
	pub fn do_claim_recovery(caller: T::AccountId, id: IdentityId) -> DispatchResult {
		let recovery = Recoveries::<T>::get(id).ok_or(Error::<T>::NoRecovery)?;
		ensure!(caller == recovery.new_account, Error::<T>::NotAuthorized);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= recovery.claimable_at, Error::<T>::RecoveryNotDue);
		Self::ensure_free(&caller)?;
		let old_account = Identities::<T>::try_mutate(id, |record| {
			let record = record.as_mut().ok_or(Error::<T>::NotFound)?;
			ensure!(record.is_active(), Error::<T>::Deactivated);
			let old_account = core::mem::replace(&mut record.account, caller.clone());
			record.keys = recovery.new_keys;
			record.updated_at = now;
			Ok::<_, DispatchError>(old_account)
		})?;
		IdentityOf::<T>::remove(&old_account);
		IdentityOf::<T>::insert(&caller, id);
		Recoveries::<T>::remove(id);
		Self::deposit_event(Event::IdentityRecovered { id, old_account, new_account: caller });
		Ok(())
	}

	/// Fails unless `account` has neither an identity nor a request.
	fn ensure_free(account: &T::AccountId) -> DispatchResult {
		ensure!(!IdentityOf::<T>::contains_key(account), Error::<T>::AlreadyRegistered);
		ensure!(!Requests::<T>::contains_key(account), Error::<T>::AlreadyRequested);
		Ok(())
	}

	fn release_deposit(account: &T::AccountId, deposit: BalanceOf<T>) {
		// Releasing what this pallet held cannot fail short of a bug; the
		// request is gone either way, so a shortfall is logged, not fatal.
		if let Err(error) = T::Currency::release(
			&HoldReason::Registration.into(),
			account,
			deposit,
			Precision::BestEffort,
		) {
			log::warn!(target: "runtime::identity", "deposit release failed: {error:?}");
		}
	}

	/// Checks the pallet's invariants:
	/// - every identity's account maps back to it, and every mapped account
	///   has that identity;
	/// - no account with an identity has a pending request;
	/// - every pending request's deposit is held.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, record) in Identities::<T>::iter() {
			ensure!(
				IdentityOf::<T>::get(&record.account) == Some(id),
				"an identity's account does not map back to it"
			);
		}
		for (account, id) in IdentityOf::<T>::iter() {
			let record = Identities::<T>::get(id).ok_or("an account maps to no identity")?;
			ensure!(record.account == account, "an account maps to another account's identity");
			ensure!(!Requests::<T>::contains_key(&account), "a registered account has a request");
		}
		for (id, recovery) in Recoveries::<T>::iter() {
			let record = Identities::<T>::get(id).ok_or("a recovery of no identity")?;
			ensure!(record.is_active(), "a recovery of a deactivated identity");
			ensure!(record.account != recovery.new_account, "a recovery to the same account");
		}
		for (account, request) in Requests::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Registration.into(), &account)
					>= request.deposit,
				"a request's deposit is not held"
			);
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

//! # Chain info pallet
//!
//! Records, at genesis, what an ecert chain is:
//!
//! - its [`ChainId`]: the main chain, or the side chain of one certificate
//!   type (a diploma chain holds diplomas and nothing else);
//! - its block time (the Aura slot duration);
//! - its session length: how many blocks pass between the moments a change
//!   of its validators takes effect.
//!
//! All are fixed for the life of the chain: there is no call to change them.
//! Changing the slot duration of a running Aura chain would break block
//! production, and a side chain never changes its certificate type.
//!
//! ## Why the block time is genesis state
//!
//! One runtime Wasm serves every chain of its kind. Production and local
//! chains run 6-second blocks; development chains may run faster blocks so
//! that tests finish quickly. Reading the slot duration from genesis state
//! gives both without building a second Wasm. The runtime wires
//! [`ConfiguredSlotDuration`] into Aura and [`ConfiguredMinimumPeriod`] into
//! the timestamp pallet.
//!
//! ## Runtime upgrades
//!
//! A chain with no sudo key has no root to call
//! `System::authorize_upgrade`. [`Pallet::authorize_upgrade`] does the same
//! for the chain's governing authority ([`Config::UpgradeOrigin`], its
//! council): it authorises the code with the given hash, and anyone then
//! applies that code with `System::apply_authorized_upgrade` (unsigned and
//! free, once authorised). FRAME checks that the new code keeps the spec
//! name and raises the spec version.
//!
//! ## Interface
//!
//! - [`Pallet::authorize_upgrade`]: the governing authority authorises new
//!   runtime code by its hash.
//!
//! Other pallets and the node read [`Chain`], [`SlotDuration`] and
//! [`SessionLength`].
//!
//! ## Privacy
//!
//! Holds no personal data.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use core::marker::PhantomData;
use ecert_primitives::Moment;
use frame_support::traits::Get;

/// The shortest block time a chain may have, in milliseconds.
pub const MIN_SLOT_DURATION: Moment = 1_000;

/// The block time of production and local chains, in milliseconds.
pub const DEFAULT_SLOT_DURATION: Moment = 6_000;

/// The session length of production chains, in blocks: ten minutes of
/// six-second blocks. A change of validators takes effect one to two
/// sessions after it is made.
pub const DEFAULT_SESSION_LENGTH: u32 = 100;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use ecert_primitives::ChainId;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = sp_core::H256> {
		/// The root this chain commits to in every header
		/// ([`ecert_primitives::ChainCommitment`]): the certificate root on a
		/// side chain, the anchors root on the main chain.
		type CommitmentRoot: Get<sp_core::H256>;

		/// The block's time, committed to in every header.
		type Time: frame_support::traits::UnixTime;

		/// Who may authorise new runtime code: the chain's governing
		/// authority.
		type UpgradeOrigin: EnsureOrigin<Self::RuntimeOrigin>;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Which chain this is. Set at genesis, never changed.
	#[pallet::storage]
	pub type Chain<T> = StorageValue<_, ChainId, OptionQuery>;

	/// The slot duration (block time) in milliseconds. Set at genesis, never
	/// changed.
	#[pallet::storage]
	pub type SlotDuration<T> = StorageValue<_, Moment, ValueQuery, DefaultSlotDuration>;

	/// How many blocks a session lasts: validators change only at a
	/// session's end. Set at genesis, never changed; never zero.
	#[pallet::storage]
	pub type SessionLength<T> = StorageValue<_, u32, ValueQuery, DefaultSessionLength>;

	/// [`DEFAULT_SESSION_LENGTH`], as the default of [`SessionLength`].
	pub struct DefaultSessionLength;
	impl Get<u32> for DefaultSessionLength {
		fn get() -> u32 {
			DEFAULT_SESSION_LENGTH
		}
	}

	/// [`DEFAULT_SLOT_DURATION`], as the default of [`SlotDuration`].
	pub struct DefaultSlotDuration;
	impl Get<Moment> for DefaultSlotDuration {
		fn get() -> Moment {
			DEFAULT_SLOT_DURATION
		}
	}

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Which chain this is.
		pub chain: ChainId,
		/// The block time in milliseconds: even, and at least
		/// [`MIN_SLOT_DURATION`].
		pub slot_duration: Moment,
		/// The session length in blocks: at least one.
		pub session_length: u32,
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				chain: ChainId::Main,
				slot_duration: DEFAULT_SLOT_DURATION,
				session_length: DEFAULT_SESSION_LENGTH,
				_config: PhantomData,
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec that breaks these rules cannot start a chain: fail
			// at genesis, with the reason, rather than produce a broken chain.
			if let Err(reason) = check_slot_duration(self.slot_duration) {
				panic!("invalid chain-info genesis: {reason}");
			}
			if let Some(certificate_type) = self.chain.certificate_type() {
				assert!(
					certificate_type.is_well_formed(),
					"invalid chain-info genesis: malformed certificate type"
				);
			}
			assert!(self.session_length > 0, "invalid chain-info genesis: a session of no blocks");
			Chain::<T>::put(&self.chain);
			SlotDuration::<T>::put(self.slot_duration);
			SessionLength::<T>::put(self.session_length);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Authorises the runtime code whose hash (BLAKE2-256) is
		/// `code_hash`: anyone may then apply it with
		/// `System::apply_authorized_upgrade`, if it keeps this chain's spec
		/// name and raises its spec version. It replaces an authorisation
		/// not applied yet.
		///
		/// The same work as `System::authorize_upgrade`, and so its weight;
		/// only the origin differs.
		#[pallet::call_index(0)]
		#[pallet::weight((
			<<T as frame_system::Config>::SystemWeightInfo as frame_system::WeightInfo>::authorize_upgrade(),
			DispatchClass::Operational,
		))]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::UpgradeOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Ok(())
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			// `on_finalize` reads the chain id, the genesis hash, the time and
			// the commitment root.
			T::DbWeight::get().reads(4)
		}

		/// Puts the chain's [`ecert_primitives::ChainCommitment`] in the
		/// header's digest, after every call of the block has run: the chain,
		/// its genesis hash (which `frame_system` keeps from block 1 on), the
		/// block's time and the root.
		fn on_finalize(_: BlockNumberFor<T>) {
			if let Some(chain) = Chain::<T>::get() {
				let commitment = ecert_primitives::ChainCommitment {
					chain,
					genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::from(
						0u32,
					)),
					time: <T::Time as frame_support::traits::UnixTime>::now()
						.as_millis()
						.try_into()
						.unwrap_or(Moment::MAX),
					root: T::CommitmentRoot::get(),
				};
				frame_system::Pallet::<T>::deposit_log(commitment.to_digest_item());
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The certificate type this side chain holds; `None` on the main
		/// chain.
		pub fn certificate_type() -> Option<ecert_primitives::CertificateTypeId> {
			Chain::<T>::get().and_then(|chain| chain.certificate_type().cloned())
		}

		/// The invariants: the chain is known, well formed, and its slot
		/// duration keeps the rules.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let chain = Chain::<T>::get().ok_or("the chain id is not set")?;
			if let Some(certificate_type) = chain.certificate_type() {
				ensure!(certificate_type.is_well_formed(), "malformed certificate type");
			}
			check_slot_duration(SlotDuration::<T>::get())?;
			ensure!(SessionLength::<T>::get() > 0, "a session of no blocks");
			Ok(())
		}
	}
}

/// Checks that a slot duration is one a chain can run with.
pub fn check_slot_duration(slot_duration: Moment) -> Result<(), &'static str> {
	if slot_duration < MIN_SLOT_DURATION {
		return Err("the slot duration is shorter than 1000 ms");
	}
	if slot_duration % 2 != 0 {
		return Err("the slot duration must be an even number of milliseconds");
	}
	Ok(())
}

/// The chain's slot duration, for `pallet_aura::Config::SlotDuration`.
pub struct ConfiguredSlotDuration<T>(PhantomData<T>);
impl<T: Config> Get<Moment> for ConfiguredSlotDuration<T> {
	fn get() -> Moment {
		SlotDuration::<T>::get()
	}
}

/// The chain's session length, for `pallet_session::PeriodicSessions`
/// (never zero, which would divide by zero there).
pub struct ConfiguredSessionLength<T>(PhantomData<T>);
impl<T: Config> Get<u32> for ConfiguredSessionLength<T> {
	fn get() -> u32 {
		SessionLength::<T>::get().max(1)
	}
}

/// Half the slot duration, for `pallet_timestamp::Config::MinimumPeriod`:
/// the timestamp pallet then accepts exactly one block per slot.
pub struct ConfiguredMinimumPeriod<T>(PhantomData<T>);
impl<T: Config> Get<Moment> for ConfiguredMinimumPeriod<T> {
	fn get() -> Moment {
		SlotDuration::<T>::get() / 2
	}
}

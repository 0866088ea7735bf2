//! # ecert main runtime
//!
//! The runtime of the main chain, run by the government identity authority.
//! The main chain answers three questions for everyone else: who is this
//! person or organisation, which organisation may issue which certificate
//! type, and which side chain holds that type.
//!
//! It runs the base pallets every ecert chain runs (see
//! [`ecert_runtime_common`]); the identity, issuer and certificate-type
//! registries are added on top of them.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod genesis_config_presets;

use alloc::vec::Vec;
use ecert_primitives::Header;
use sp_version::RuntimeVersion;

pub use ecert_primitives::{AccountId, Balance, Nonce};

/// The main runtime's version. `spec_name` tells it apart from the side
/// runtime on every node.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ecert-main"),
	impl_name: alloc::borrow::Cow::Borrowed("ecert-main"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

sp_runtime::impl_opaque_keys! {
	/// The keys a validator of the main chain holds.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// A transaction as it stands in a block.
pub type UncheckedExtrinsic = ecert_runtime_common::UncheckedExtrinsic<Runtime, RuntimeCall>;
/// The checks every transaction passes.
pub type TxExtension = ecert_runtime_common::TxExtension<Runtime>;
/// A block of this runtime.
pub type Block = sp_runtime::generic::Block<Header, UncheckedExtrinsic>;
/// Dispatches transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type ChainInfo = pallet_chain_info;
}

ecert_runtime_common::impl_base_configs!();

ecert_runtime_common::impl_runtime_apis_with_base! {}

#[cfg(test)]
mod tests {
	use super::*;
	use ecert_primitives::ChainId;
	use frame_support::traits::Get;
	use sp_runtime::BuildStorage;

	fn genesis_of(preset: &str) -> sp_io::TestExternalities {
		let patch = genesis_config_presets::get_preset(&preset.into())
			.unwrap_or_else(|| panic!("no preset {preset}"));
		let config: RuntimeGenesisConfig =
			ecert_runtime_common::genesis::config_from_preset(&patch).unwrap();
		config.build_storage().unwrap().into()
	}

	#[test]
	fn presets_build_a_main_chain() {
		for (preset, slot_duration, validators) in
			[("development", 2_000, 1), ("local_testnet", 6_000, 2)]
		{
			genesis_of(preset).execute_with(|| {
				assert_eq!(pallet_chain_info::Chain::<Runtime>::get(), Some(ChainId::Main));
				assert_eq!(Aura::slot_duration(), slot_duration, "{preset}");
				assert_eq!(
					<Runtime as pallet_timestamp::Config>::MinimumPeriod::get(),
					slot_duration / 2
				);
				assert_eq!(
					pallet_aura::Authorities::<Runtime>::get().len(),
					validators,
					"{preset}"
				);
				assert_eq!(Grandpa::grandpa_authorities().len(), validators, "{preset}");
				assert!(pallet_sudo::Key::<Runtime>::get().is_some());
				ChainInfo::do_try_state().unwrap();
			});
		}
	}

	#[test]
	fn only_the_listed_presets_exist() {
		let names = genesis_config_presets::preset_names();
		assert_eq!(names.len(), 2);
		for name in names {
			assert!(genesis_config_presets::get_preset(&name).is_some());
		}
		assert!(genesis_config_presets::get_preset(&"diploma_development".into()).is_none());
	}

	#[test]
	fn spec_name_tells_the_main_runtime_apart() {
		assert_eq!(VERSION.spec_name, "ecert-main");
	}
}

//! # ecert side runtime
//!
//! The runtime of a side chain. Every certificate type (diploma, professional
//! licence, ...) has its own side chain, run by that type's certificate
//! authority; one Wasm serves them all, and the chain's certificate type is
//! part of its genesis state (`pallet_chain_info`).
//!
//! It runs the base pallets every ecert chain runs (see
//! [`ecert_runtime_common`]); the certificate records are added on top of
//! them.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod genesis_config_presets;

use alloc::vec::Vec;
use ecert_primitives::{BlockNumber, Header};
use sp_version::RuntimeVersion;

pub use ecert_primitives::{AccountId, Balance, Nonce};

/// The side runtime's version. `spec_name` tells it apart from the main
/// runtime on every node.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ecert-side"),
	impl_name: alloc::borrow::Cow::Borrowed("ecert-side"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};


sp_runtime::impl_opaque_keys! {
	/// The keys a validator of a side chain holds.
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

/// Block numbers of this runtime are the shared ones.
const _: fn(BlockNumber) -> frame_system::pallet_prelude::BlockNumberFor<Runtime> = |n| n;

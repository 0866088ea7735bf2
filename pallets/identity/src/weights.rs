//! Weights of the identity pallet. Regenerate with
//! `scripts/benchmark-weights.sh`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weights of the identity pallet's calls.
pub trait WeightInfo {
	fn request_registration() -> Weight;
	fn cancel_request() -> Weight;
	fn approve() -> Weight;
	fn reject() -> Weight;
	fn rotate_keys() -> Weight;
	fn deactivate() -> Weight;
	fn add_registrar() -> Weight;
	fn remove_registrar() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn request_registration() -> Weight {
		Weight::from_parts(60_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(4, 3))
	}
	fn cancel_request() -> Weight {
		Weight::from_parts(50_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn approve() -> Weight {
		Weight::from_parts(60_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(5, 4))
	}
	fn reject() -> Weight {
		Weight::from_parts(60_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	fn rotate_keys() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn deactivate() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn add_registrar() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn remove_registrar() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}

impl WeightInfo for () {
	fn request_registration() -> Weight {
		Weight::from_parts(60_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 3))
	}
	fn cancel_request() -> Weight {
		Weight::from_parts(50_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn approve() -> Weight {
		Weight::from_parts(60_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 4))
	}
	fn reject() -> Weight {
		Weight::from_parts(60_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 3))
	}
	fn rotate_keys() -> Weight {
		Weight::from_parts(30_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn deactivate() -> Weight {
		Weight::from_parts(30_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn add_registrar() -> Weight {
		Weight::from_parts(30_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn remove_registrar() -> Weight {
		Weight::from_parts(30_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
}

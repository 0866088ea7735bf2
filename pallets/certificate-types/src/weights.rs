//! Weights of the certificate-types pallet. Regenerate with
//! `scripts/benchmark-weights.sh`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weights of the certificate-types pallet's calls.
pub trait WeightInfo {
	fn register() -> Weight;
	fn retire() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register() -> Weight {
		Weight::from_parts(40_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn retire() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}

impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn retire() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
}

//! Weights of the registry-view pallet. Regenerate with
//! `scripts/benchmark-weights.sh`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weights of the registry-view pallet's calls.
pub trait WeightInfo {
	fn set_identity() -> Weight;
	fn set_issuer() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_identity() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn set_issuer() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
}

impl WeightInfo for () {
	fn set_identity() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 3))
	}
	fn set_issuer() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 3))
	}
}

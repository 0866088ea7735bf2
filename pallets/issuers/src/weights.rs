//! Weights of the issuers pallet. Regenerate with
//! `scripts/benchmark-weights.sh`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weights of the issuers pallet's calls.
pub trait WeightInfo {
	fn accredit() -> Weight;
	fn update() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn revoke() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn accredit() -> Weight {
		Weight::from_parts(60_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(20, 2))
	}
	fn update() -> Weight {
		Weight::from_parts(60_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(20, 2))
	}
	fn suspend() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn revoke() -> Weight {
		Weight::from_parts(30_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
}

impl WeightInfo for () {
	fn accredit() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 2))
	}
	fn update() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(20, 2))
	}
	fn suspend() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn revoke() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
}

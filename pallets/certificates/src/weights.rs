//! Weights of the certificates pallet. Regenerate with
//! `scripts/benchmark-weights.sh`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weights of the certificates pallet's calls.
pub trait WeightInfo {
	fn issue(p: u32) -> Weight;
	fn issue_batch() -> Weight;
	fn revoke() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn renew(p: u32) -> Weight;
	fn grant() -> Weight;
	fn ungrant() -> Weight;
	fn record_verification() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn issue(p: u32) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 3))
	}
	fn issue_batch() -> Weight {
		Weight::from_parts(40_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(5, 2))
	}
	fn revoke() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(5, 3))
	}
	fn suspend() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(5, 3))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(5, 3))
	}
	fn renew(p: u32) -> Weight {
		Weight::from_parts(90_000_000, 4_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads_writes(9, 6))
	}
	fn grant() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(7, 2))
	}
	fn ungrant() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(6, 2))
	}
	fn record_verification() -> Weight {
		Weight::from_parts(80_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(10, 4))
	}
}

impl WeightInfo for () {
	fn issue(p: u32) -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(6, 3))
	}
	fn issue_batch() -> Weight {
		Weight::from_parts(40_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 2))
	}
	fn revoke() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 3))
	}
	fn suspend() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 3))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(5, 3))
	}
	fn renew(p: u32) -> Weight {
		Weight::from_parts(90_000_000, 4_000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(9, 6))
	}
	fn grant() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(7, 2))
	}
	fn ungrant() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 2))
	}
	fn record_verification() -> Weight {
		Weight::from_parts(80_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads_writes(10, 4))
	}
}

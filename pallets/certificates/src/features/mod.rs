//! The pallet's logic, one file a feature; the dispatchables in `lib.rs`
//! check their origin and call in here.

mod grants;
#[cfg(any(feature = "try-runtime", feature = "std"))]
mod invariants;
mod issuance;
mod lookup;
mod status;
pub mod tree;
mod verification;

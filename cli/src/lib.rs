//! The ecert command-line client's JSON answers ([`output`]), for scripts
//! and tests that read `ecert --json`, and who makes each call of ecert's
//! pallets ([`calls`]). The client itself is the `ecert` binary.

pub mod calls;
pub mod output;

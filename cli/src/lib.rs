//! The ecert command-line client's JSON answers ([`output`]), for scripts
//! and tests that read `ecert --json`. The client itself is the `ecert`
//! binary.

pub mod output;

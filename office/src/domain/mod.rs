//! The office's rules.

pub mod issuing;
pub mod staff;
pub mod vault;

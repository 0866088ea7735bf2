//! The office's rules.

pub mod changes;
pub mod documents;
pub mod issuing;
pub mod sender;
pub mod staff;
pub mod vault;

//! # ecert-office
//!
//! The back office of a certificate authority or an issuer (a university's
//! registry, a licensing office): its staff draft and approve certificates,
//! and the office issues them on the type's side chain with the issuer's
//! key, which it holds.
//!
//! - [`store`]: the database (SQLite by default, PostgreSQL by URL), with
//!   migrations. Each certificate's fields and salts are kept there, sealed
//!   with the office's data key ([`domain::vault`]), so the office can give a
//!   holder back a lost certificate file; a copy of the database alone
//!   reveals no personal data.
//! - [`domain`]: the rules: staff roles and passwords
//!   ([`domain::staff`]), and issuing that never loses or doubles a
//!   certificate ([`domain::issuing`]).
//! - [`routes`]: the JSON HTTP API.
//!
//! Every action of a person is written to the append-only audit log in the
//! same database transaction as the change itself.

pub mod domain;
pub mod routes;
pub mod store;

//! # ecert primitives
//!
//! The types that every part of ecert shares: the runtimes, the node, the relay
//! and the clients. Keeping them in one crate means there is exactly one
//! encoding of each id and one definition of the block format.
//!
//! ## Terminology
//!
//! - **Main chain**: the identity authority's chain. It holds identities, the
//!   registry of accredited issuers and the registry of certificate types.
//! - **Side chain**: one chain per certificate type (diploma, licence, ...),
//!   run by that type's certificate authority. It holds certificate records.
//! - [`CertificateTypeId`]: the short name of a certificate type, such as
//!   `diploma`. It also names the side chain that holds that type.
//! - [`OrgCode`]: the issuing organisation's code, unique in the network.
//! - [`CertificateNumber`]: the number an issuer prints on a certificate.
//! - [`CertificateId`]: the on-chain id of a certificate, derived from its
//!   type, its issuer's organisation code and its number, so that a verifier
//!   holding a paper certificate can find the record.
//!
//! ## Privacy
//!
//! None of these ids carries personal data. A certificate number is the
//! issuer's own reference, and the certificate id is a hash of public facts.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod anchoring;
mod batch_tree;
mod certificate;
mod certificate_tree;
mod certificate_type;
mod commitment;
#[cfg(feature = "wallet")]
pub mod credential;
mod document;
mod field_schema;
mod identity;
#[cfg(feature = "std")]
pub mod identity_derivation;
mod ids;
mod issuer;
#[cfg(feature = "wallet")]
pub mod keystore;
mod lookup;
mod portable_proof;
mod proof_assembly;
#[cfg(any(test, feature = "test-helpers"))]
pub mod proof_fixtures;
pub mod query;
#[cfg(feature = "wallet")]
pub mod sealed;
pub mod storage;
mod text;

pub use anchoring::*;
pub use batch_tree::*;
pub use certificate::*;
pub use certificate_tree::*;
pub use certificate_type::*;
pub use commitment::*;
pub use document::*;
pub use field_schema::*;
pub use identity::*;
pub use ids::*;
pub use issuer::*;
pub use lookup::*;
pub use portable_proof::*;
pub use proof_assembly::*;
pub use text::*;

use sp_core::H256;
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature, OpaqueExtrinsic,
};

/// Block number on every ecert chain.
pub type BlockNumber = u32;

/// A hash of some data used by every ecert chain.
pub type Hash = H256;

/// The hashing algorithm of every ecert chain.
pub type Hashing = BlakeTwo256;

/// The header format of every ecert chain.
pub type Header = generic::Header<BlockNumber, Hashing>;

/// A block with opaque extrinsics: the format that the node handles without
/// knowing which runtime it runs.
pub type OpaqueBlock = generic::Block<Header, OpaqueExtrinsic>;

/// Signature of a transaction.
pub type Signature = MultiSignature;

/// An account on any ecert chain: the public key that verifies [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// The balance of an account.
pub type Balance = u128;

/// One unit of every ecert chain's fee token.
pub const UNIT: Balance = 1_000_000_000_000;

/// The most bytes of sealed fields that an issuing transaction carries
/// (a side chain's `MaxPayloadLen`).
pub const MAX_PAYLOAD_LEN: u32 = 4096;

/// Index of a transaction in an account's sequence.
pub type Nonce = u32;

/// Time in milliseconds since the Unix epoch.
pub type Moment = u64;

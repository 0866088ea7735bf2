//! Digital identities on the main chain.
//!
//! An identity is a person or an organisation that a registrar has checked
//! off chain. On chain it has:
//!
//! - an [`IdentityId`]: a keyed hash of the registrant's canonical identity
//!   data (see [`derivation`](crate::identity_derivation), std only). The same person always gets
//!   the same id, so nobody registers twice; without the registrar's key
//!   nobody can guess the data from the id;
//! - [`IdentityKeys`]: a signing key and an X25519 key-agreement key, which
//!   issuers use to encrypt certificate information to the holder;
//! - a [`Role`] and an [`IdentityStatus`].

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ed25519, sr25519, H256};

pub use sp_core::{ed25519::Public as Ed25519Public, sr25519::Public as Sr25519Public};

/// The network-unique id of an identity: HMAC-SHA256 of the registrant's
/// canonical identity data under the identity authority's secret key.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(transparent)]
pub struct IdentityId(pub H256);

impl fmt::Debug for IdentityId {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "IdentityId({:?})", self.0)
	}
}

impl fmt::Display for IdentityId {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{:?}", self.0)
	}
}

/// What an identity does in the network.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Role {
	/// Holds certificates: a citizen.
	Holder,
	/// Issues certificates: a university, a licensing office.
	Issuer,
	/// Checks certificates: an employer, a bank, a government office.
	Verifier,
}

/// Whether an identity may act.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum IdentityStatus {
	/// Registered and in use.
	Active,
	/// Deactivated for good. The id stays taken.
	Deactivated,
}

/// The public key an identity signs with.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum SigningKey {
	/// A Schnorrkel/Ristretto key, as Substrate accounts use.
	Sr25519(sr25519::Public),
	/// An Ed25519 key.
	Ed25519(ed25519::Public),
}

/// An X25519 public key for key agreement: issuers encrypt certificate
/// information to it, and only the holder of the secret key can read it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(transparent)]
pub struct KeyAgreementKey(pub H256);

/// The public keys of an identity.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct IdentityKeys {
	/// The key the identity signs with.
	pub signing: SigningKey,
	/// The key certificate information is encrypted to.
	pub key_agreement: KeyAgreementKey,
}

/// A registered identity, as the main chain stores it under its id.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct IdentityRecord<AccountId, BlockNumber> {
	/// The account that acts for the identity.
	pub account: AccountId,
	/// The identity's public keys.
	pub keys: IdentityKeys,
	/// What the identity does.
	pub role: Role,
	/// Whether it may act.
	pub status: IdentityStatus,
	/// The block in which a registrar approved it.
	pub registered_at: BlockNumber,
	/// The block of its last change (key rotation or deactivation).
	pub updated_at: BlockNumber,
}

impl<AccountId, BlockNumber> IdentityRecord<AccountId, BlockNumber> {
	/// Whether the identity is active.
	pub fn is_active(&self) -> bool {
		self.status == IdentityStatus::Active
	}
}

/// A recovery in progress: the identity moves to `new_account` with
/// `new_keys` once `claimable_at` is reached, unless its account vetoes it.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Recovery<AccountId, BlockNumber> {
	/// The account that will act for the identity.
	pub new_account: AccountId,
	/// The identity's keys from then on.
	pub new_keys: IdentityKeys,
	/// The registrar who checked the person and started it.
	pub registrar: AccountId,
	/// The first block in which the new account may claim the identity.
	pub claimable_at: BlockNumber,
}

/// A request to register, waiting for a registrar's decision. The deposit is
/// held until the request is approved, rejected or withdrawn.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationRequest<Balance, BlockNumber> {
	/// The keys the identity will have.
	pub keys: IdentityKeys,
	/// The role asked for.
	pub role: Role,
	/// The deposit held for the request.
	pub deposit: Balance,
	/// The block in which it was made.
	pub requested_at: BlockNumber,
}

/// What other pallets need to know about an identity.
pub trait IdentityInspect<AccountId> {
	/// The role and status of identity `id`, if it is registered.
	fn role_and_status(id: &IdentityId) -> Option<(Role, IdentityStatus)>;

	/// The identity id of `account`, if it has one.
	fn identity_of(account: &AccountId) -> Option<IdentityId>;
}

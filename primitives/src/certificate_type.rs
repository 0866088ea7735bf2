//! Certificate types and the side chains that hold them.
//!
//! The main chain registers each certificate type with its field schema
//! (see [`crate::FieldSchema`]) and the facts a light client of its side
//! chain starts from: the genesis hash and the initial GRANDPA authority set.

use crate::Name;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_consensus_grandpa::{AuthorityId, AuthorityWeight, SetId};
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;

/// The largest GRANDPA authority set of a side chain.
pub const MAX_SIDE_CHAIN_AUTHORITIES: u32 = 32;

/// A side chain's GRANDPA authorities with their weights.
pub type GrandpaAuthorities =
	BoundedVec<(AuthorityId, AuthorityWeight), ConstU32<MAX_SIDE_CHAIN_AUTHORITIES>>;

/// What one trusts of a chain to check its finality: its genesis hash (which
/// names the network) and a GRANDPA authority set with its set id. A light
/// client of a side chain starts from the side chain's at genesis; an
/// offline verifier trusts the main chain's ([`crate::MainCheckpoint`]).
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
pub struct ChainCheckpoint {
	/// The chain's genesis block hash.
	pub genesis_hash: H256,
	/// Its GRANDPA authorities.
	pub authorities: GrandpaAuthorities,
	/// Their set id (0 at genesis).
	pub set_id: SetId,
}

/// Whether new issuers may be accredited for a type.
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
pub enum CertificateTypeStatus {
	/// In use.
	Active,
	/// No new accreditations; existing certificates stay valid.
	Retired,
}

/// A registered certificate type, stored under its id.
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
pub struct CertificateTypeRecord<BlockNumber> {
	/// Its name, such as "University diploma".
	pub name: Name,
	/// The hash of its field schema (see [`crate::FieldSchema::hash`]), which
	/// the registry stores beside it.
	pub schema_hash: H256,
	/// Its side chain.
	pub side_chain: ChainCheckpoint,
	/// Whether it is in use.
	pub status: CertificateTypeStatus,
	/// The block in which it was registered.
	pub registered_at: BlockNumber,
}

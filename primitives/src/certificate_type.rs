//! Certificate types and the side chains that hold them.
//!
//! The main chain registers each certificate type with the hash of its field
//! schema and the facts a light client of its side chain starts from: the
//! genesis hash and the initial GRANDPA authority set.

use crate::{CertificateTypeId, Name};
use alloc::vec::Vec;
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
	/// The hash of its field schema (see [`FieldSchema::hash`]).
	pub schema_hash: H256,
	/// Its side chain.
	pub side_chain: ChainCheckpoint,
	/// Whether it is in use.
	pub status: CertificateTypeStatus,
	/// The block in which it was registered.
	pub registered_at: BlockNumber,
}

/// The fields of a certificate type, in order. The schema hash commits to
/// the type id and the field names, so that issuers and verifiers agree on
/// what a certificate of the type holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSchema {
	/// The type the schema belongs to.
	pub certificate_type: &'static str,
	/// The field names, in order.
	pub fields: &'static [&'static str],
}

impl FieldSchema {
	/// blake2-256 of the SCALE encoding of the domain tag
	/// `ecert/field-schema/v1`, the type id and the field names.
	pub fn hash(&self) -> H256 {
		let fields: Vec<&str> = self.fields.to_vec();
		H256(sp_crypto_hashing::blake2_256(
			&(b"ecert/field-schema/v1", self.certificate_type, fields).encode(),
		))
	}
}

/// A diploma: certificate number, name, ID or passport number, birth date,
/// school and degree level.
pub const DIPLOMA_SCHEMA: FieldSchema = FieldSchema {
	certificate_type: "diploma",
	fields: &["certificate_number", "name", "id_number", "birth_date", "school", "degree_level"],
};

/// A professional licence: licence number, name, ID or passport number,
/// birth date, profession and licensing office.
pub const LICENSE_SCHEMA: FieldSchema = FieldSchema {
	certificate_type: "license",
	fields: &["license_number", "name", "id_number", "birth_date", "profession", "office"],
};

/// The schemas this release knows by name. Other types are registered with
/// their schema hash alone.
pub const KNOWN_SCHEMAS: &[FieldSchema] = &[DIPLOMA_SCHEMA, LICENSE_SCHEMA];

/// The known schema of `certificate_type`, if any.
pub fn known_schema(certificate_type: &CertificateTypeId) -> Option<&'static FieldSchema> {
	KNOWN_SCHEMAS.iter().find(|schema| schema.certificate_type == certificate_type.as_str())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn schema_hashes_differ_and_are_stable() {
		assert_ne!(DIPLOMA_SCHEMA.hash(), LICENSE_SCHEMA.hash());
		assert_eq!(DIPLOMA_SCHEMA.hash(), DIPLOMA_SCHEMA.hash());
		let diploma: CertificateTypeId = "diploma".parse().unwrap();
		assert_eq!(known_schema(&diploma), Some(&DIPLOMA_SCHEMA));
		assert_eq!(known_schema(&"marriage".parse().unwrap()), None);
	}
}

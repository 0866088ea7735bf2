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

/// The most public RPC endpoints the directory lists for one side chain.
pub const MAX_SIDE_CHAIN_ENDPOINTS: u32 = 4;

/// The longest endpoint address, in bytes.
pub const MAX_ENDPOINT_LEN: u32 = 200;

/// A side chain's public RPC endpoints, as the main chain's directory lists
/// them: where apps and the relay reach the chain of a certificate type, in
/// the order to try them.
pub type SideChainEndpoints = BoundedVec<Endpoint, ConstU32<MAX_SIDE_CHAIN_ENDPOINTS>>;

/// Why an endpoint address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointError {
	/// It does not start with `ws://` or `wss://`.
	Scheme,
	/// No host follows the scheme.
	NoHost,
	/// It holds a space, a control character or a non-ASCII character.
	BadCharacter,
	/// It is longer than [`MAX_ENDPOINT_LEN`] bytes.
	TooLong,
}

impl core::fmt::Display for EndpointError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			EndpointError::Scheme => write!(f, "an endpoint starts with ws:// or wss://"),
			EndpointError::NoHost => write!(f, "an endpoint names a host after ws:// or wss://"),
			EndpointError::BadCharacter => {
				write!(f, "an endpoint holds no spaces and only ASCII characters")
			},
			EndpointError::TooLong => {
				write!(f, "an endpoint is at most {MAX_ENDPOINT_LEN} characters long")
			},
		}
	}
}

/// A node's public JSON-RPC address, `ws://host:port` or `wss://host/path`.
/// The same port answers HTTP requests.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(try_from = "alloc::string::String", into = "alloc::string::String")]
pub struct Endpoint(BoundedVec<u8, ConstU32<MAX_ENDPOINT_LEN>>);

impl Endpoint {
	/// Checks `bytes` against the rules of an endpoint.
	pub fn check(bytes: &[u8]) -> Result<(), EndpointError> {
		if bytes.len() > MAX_ENDPOINT_LEN as usize {
			return Err(EndpointError::TooLong);
		}
		if !bytes.iter().all(|byte| byte.is_ascii_graphic()) {
			return Err(EndpointError::BadCharacter);
		}
		let rest = bytes
			.strip_prefix(b"ws://")
			.or_else(|| bytes.strip_prefix(b"wss://"))
			.ok_or(EndpointError::Scheme)?;
		match rest.first() {
			None | Some(b'/') | Some(b':') => Err(EndpointError::NoHost),
			Some(_) => Ok(()),
		}
	}

	/// The address.
	pub fn as_str(&self) -> &str {
		// Checked to be ASCII on every way in.
		core::str::from_utf8(&self.0).unwrap_or_default()
	}

	/// Whether a decoded value keeps the rules. SCALE decoding checks only
	/// the bound, so storage invariants call this.
	pub fn is_well_formed(&self) -> bool {
		Self::check(&self.0).is_ok()
	}
}

impl TryFrom<&str> for Endpoint {
	type Error = EndpointError;
	fn try_from(text: &str) -> Result<Self, EndpointError> {
		Self::check(text.as_bytes())?;
		BoundedVec::try_from(text.as_bytes().to_vec()).map(Self).map_err(|_| EndpointError::TooLong)
	}
}

impl TryFrom<alloc::string::String> for Endpoint {
	type Error = EndpointError;
	fn try_from(text: alloc::string::String) -> Result<Self, EndpointError> {
		Self::try_from(text.as_str())
	}
}

impl core::str::FromStr for Endpoint {
	type Err = EndpointError;
	fn from_str(text: &str) -> Result<Self, EndpointError> {
		Self::try_from(text)
	}
}

impl From<Endpoint> for alloc::string::String {
	fn from(endpoint: Endpoint) -> alloc::string::String {
		endpoint.as_str().into()
	}
}

impl core::fmt::Display for Endpoint {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(self.as_str())
	}
}

impl core::fmt::Debug for Endpoint {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{:?}", self.as_str())
	}
}

/// Why a node is not one of a certificate type's side chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OtherChain {
	/// Its genesis hash is not the one the registry holds.
	Genesis(H256),
	/// It names itself another ecert chain.
	Named(crate::ChainId),
	/// It names itself no ecert chain.
	NotEcert,
}

impl core::fmt::Display for OtherChain {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			OtherChain::Genesis(hash) => write!(f, "a node of another chain (genesis {hash:?})"),
			OtherChain::Named(chain) => write!(f, "a node of another chain ({chain})"),
			OtherChain::NotEcert => write!(f, "not a node of an ecert chain"),
		}
	}
}

/// Whether a node is one of the side chain of certificate type `id`, whose
/// genesis hash the main chain's registry holds as `registered_genesis`,
/// from the node's genesis hash and the chain it names itself (the chain-info
/// pallet's value, [`crate::storage::chain`]). The genesis hash must be the
/// registered one. A type registered at genesis from a preset has none on
/// record (zero: the main chain learns it from the side chain's first
/// finalized header), so its node must instead name itself that type's side
/// chain. The one rule for the CLI, the relay and the web app: a stale or
/// wrong entry in the directory never sends them to another chain.
pub fn check_side_chain_node(
	id: &crate::CertificateTypeId,
	registered_genesis: H256,
	node_genesis: H256,
	node_chain: Option<crate::ChainId>,
) -> Result<(), OtherChain> {
	if !registered_genesis.is_zero() {
		return if node_genesis == registered_genesis {
			Ok(())
		} else {
			Err(OtherChain::Genesis(node_genesis))
		};
	}
	match node_chain {
		Some(crate::ChainId::Side(named)) if &named == id => Ok(()),
		Some(other) => Err(OtherChain::Named(other)),
		None => Err(OtherChain::NotEcert),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn endpoints_are_websocket_addresses_with_a_host() {
		for good in ["ws://127.0.0.1:9954", "wss://marriage.moi.gov.tw/rpc", "ws://node"] {
			let endpoint = Endpoint::try_from(good).unwrap();
			assert_eq!(endpoint.as_str(), good);
			assert!(endpoint.is_well_formed());
		}
		assert_eq!(Endpoint::try_from("http://127.0.0.1:9954"), Err(EndpointError::Scheme));
		assert_eq!(Endpoint::try_from("127.0.0.1:9954"), Err(EndpointError::Scheme));
		assert_eq!(Endpoint::try_from("ws://"), Err(EndpointError::NoHost));
		assert_eq!(Endpoint::try_from("wss://:443"), Err(EndpointError::NoHost));
		assert_eq!(Endpoint::try_from("ws://a b"), Err(EndpointError::BadCharacter));
		assert_eq!(Endpoint::try_from("ws://台北"), Err(EndpointError::BadCharacter));
		let long = alloc::format!("ws://{}", "a".repeat(MAX_ENDPOINT_LEN as usize));
		assert_eq!(Endpoint::try_from(long.as_str()), Err(EndpointError::TooLong));
		let json: Endpoint = serde_json::from_str("\"ws://127.0.0.1:1\"").unwrap();
		assert_eq!(serde_json::to_string(&json).unwrap(), "\"ws://127.0.0.1:1\"");
		assert!(serde_json::from_str::<Endpoint>("\"ftp://x\"").is_err());
	}

	#[test]
	fn a_side_chain_node_is_known_by_its_genesis_or_else_by_its_name() {
		use crate::ChainId;
		let diploma: crate::CertificateTypeId = "diploma".parse().unwrap();
		let license: crate::CertificateTypeId = "license".parse().unwrap();
		let named = |id: &crate::CertificateTypeId| Some(ChainId::Side(id.clone()));
		let genesis = H256::repeat_byte(7);

		// Registered with its genesis: only that genesis counts, whatever the
		// node calls itself.
		let known = genesis;
		assert_eq!(check_side_chain_node(&diploma, known, genesis, named(&diploma)), Ok(()));
		assert_eq!(check_side_chain_node(&diploma, known, genesis, None), Ok(()));
		let other = H256::repeat_byte(8);
		assert_eq!(
			check_side_chain_node(&diploma, known, other, named(&diploma)),
			Err(OtherChain::Genesis(other))
		);

		// From a preset, with no genesis on record: the node's own name.
		let preset = H256::zero();
		assert_eq!(check_side_chain_node(&diploma, preset, genesis, named(&diploma)), Ok(()));
		assert_eq!(
			check_side_chain_node(&diploma, preset, genesis, named(&license)),
			Err(OtherChain::Named(ChainId::Side(license)))
		);
		let main = check_side_chain_node(&diploma, preset, genesis, Some(ChainId::Main));
		assert_eq!(main, Err(OtherChain::Named(ChainId::Main)));
		assert_eq!(main.unwrap_err().to_string(), "a node of another chain (main)");
		assert_eq!(
			check_side_chain_node(&diploma, preset, genesis, None),
			Err(OtherChain::NotEcert)
		);
	}
}

//! # ecert RPC API
//!
//! ecert's own JSON-RPC methods, `ecert_*`, beside the standard Substrate
//! set: the main chain's ([`MainChainApi`]: identities, public keys,
//! issuers, certificate types) and a side chain's ([`SideChainApi`]:
//! verifying, fetching and listing certificates, and their portable
//! proofs).
//!
//! Each trait is a `jsonrpsee` RPC trait: the node implements its server
//! half (`MainChainApiServer`, `SideChainApiServer`), and clients call its
//! client half (`MainChainApiClient`, `SideChainApiClient`) over any
//! `jsonrpsee` client, with the typed answers defined here. Parameters are
//! given by position, or by name (the camelCase names of
//! [`openrpc::DOCUMENT`]).
//!
//! [`openrpc::DOCUMENT`] describes every method for other languages and
//! tools; a node serves it as `rpc.discover`.

pub mod main_chain;
pub mod openrpc;
pub mod side_chain;

pub use main_chain::*;
pub use side_chain::*;

/// The JSON-RPC error code of input that is not what a method takes (the
/// standard "invalid params").
pub const INVALID_PARAMS_CODE: i32 = jsonrpsee::types::error::INVALID_PARAMS_CODE;
/// The JSON-RPC error code of a lookup that found nothing.
pub const NOT_FOUND_CODE: i32 = 1004;
/// The JSON-RPC error code of a method asked of the wrong kind of chain (a
/// side chain's method of a main-chain node, or the other way round).
pub const WRONG_CHAIN_CODE: i32 = 1005;
/// The JSON-RPC error code of state that cannot be read or decoded.
pub const STATE_ERROR_CODE: i32 = 1006;
/// The JSON-RPC error code of a query the caller may not make: a holder's
/// query without the holder's (or a granted verifier's) fresh signature.
pub const NOT_ALLOWED_CODE: i32 = 1007;

/// A whole number in a request (a block number, a page): a JSON number or
/// a decimal string. Refuses anything else without repeating it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Number(pub u32);

impl<'de> serde::Deserialize<'de> for Number {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct Visitor;
		impl serde::de::Visitor<'_> for Visitor {
			type Value = Number;
			fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
				f.write_str("a whole number from 0 to 4294967295")
			}
			fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Number, E> {
				u32::try_from(value).map(Number).map_err(|_| E::custom("the number is too large"))
			}
			fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Number, E> {
				u32::try_from(value).map(Number).map_err(|_| E::custom("not a whole number"))
			}
			fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Number, E> {
				if text.len() > 10 {
					return Err(E::custom("not a whole number from 0 to 4294967295"));
				}
				text.parse().map(Number).map_err(|_| E::custom("not a whole number"))
			}
		}
		deserializer.deserialize_any(Visitor)
	}
}

impl From<u32> for Number {
	fn from(number: u32) -> Self {
		Number(number)
	}
}

#[cfg(test)]
mod tests {
	use super::Number;

	#[test]
	fn numbers_are_json_numbers_or_decimal_strings() {
		assert_eq!(serde_json::from_str::<Number>("42").unwrap(), Number(42));
		assert_eq!(serde_json::from_str::<Number>("\"42\"").unwrap(), Number(42));
		assert!(serde_json::from_str::<Number>("-1").is_err());
		assert!(serde_json::from_str::<Number>("4294967296").is_err());
		let long = format!("\"{}\"", "9".repeat(1_000_000));
		let error = serde_json::from_str::<Number>(&long).unwrap_err().to_string();
		assert!(error.len() < 200, "the error repeats the input: {} bytes", error.len());
	}
}

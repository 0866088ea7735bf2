//! The chains `--chain` knows by name, and loading chain-spec files.
//!
//! | name | runtime | genesis preset |
//! |---|---|---|
//! | `main-dev` | main | `development`: one validator (Alice), 2 s blocks |
//! | `main-local` | main | `local_testnet`: Alice and Bob, 6 s blocks |
//! | `side-<type>-dev` | side | `<type>_development` |
//! | `side-<type>-local` | side | `<type>_local_testnet` |
//!
//! `<type>` is a certificate type such as `diploma` or `license`. Anything
//! else is read as the path of a chain-spec JSON file.

use ecert_primitives::CertificateTypeId;
use sc_service::{ChainType, Properties};
use std::path::PathBuf;

/// The chain spec of every ecert chain: no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The built-in chain names, for `--help` and error messages.
pub const BUILT_IN_CHAINS: &str =
	"main-dev, main-local, side-diploma-dev, side-diploma-local, side-license-dev, \
	 side-license-local (any certificate type works in place of diploma), or a chain-spec JSON path";

/// A development chain (one validator) or a local test network (two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Network {
	Dev,
	Local,
}

impl Network {
	fn parse(suffix: &str) -> Option<Self> {
		match suffix {
			"dev" => Some(Network::Dev),
			"local" => Some(Network::Local),
			_ => None,
		}
	}

	fn chain_type(self) -> ChainType {
		match self {
			Network::Dev => ChainType::Development,
			Network::Local => ChainType::Local,
		}
	}

	fn preset(self) -> &'static str {
		match self {
			Network::Dev => sp_genesis_builder::DEV_RUNTIME_PRESET,
			Network::Local => sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		}
	}

	fn label(self) -> &'static str {
		match self {
			Network::Dev => "dev",
			Network::Local => "local",
		}
	}
}

/// Loads the chain spec that `id` names: a built-in name or a file path.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	if let Some(network) = id.strip_prefix("main-").and_then(Network::parse) {
		return main_chain(network).map(|spec| Box::new(spec) as Box<_>);
	}
	if let Some(rest) = id.strip_prefix("side-") {
		if let Some((certificate_type, network)) =
			rest.rsplit_once('-').and_then(|(t, n)| Some((t, Network::parse(n)?)))
		{
			let certificate_type: CertificateTypeId = certificate_type.parse().map_err(|e| {
				format!("'{certificate_type}' is not a certificate type name ({e}): use lower-case letters, digits and '-'")
			})?;
			return side_chain(&certificate_type, network).map(|spec| Box::new(spec) as Box<_>);
		}
	}
	let path = PathBuf::from(id);
	if !path.exists() {
		return Err(format!("unknown chain '{id}': expected one of {BUILT_IN_CHAINS}"));
	}
	Ok(Box::new(ChainSpec::from_json_file(path)?))
}

/// The main chain's spec for `network`.
fn main_chain(network: Network) -> Result<ChainSpec, String> {
	let code = ecert_main_runtime::WASM_BINARY.ok_or("the main runtime Wasm was not built")?;
	Ok(ChainSpec::builder(&compressed(code)?, Default::default())
		.with_name(&format!("ecert main ({})", network.label()))
		.with_id(&format!("ecert_main_{}", network.label()))
		.with_protocol_id("ecert-main")
		.with_chain_type(network.chain_type())
		.with_genesis_config_preset_name(network.preset())
		.with_properties(properties())
		.build())
}

/// The spec of the side chain for `certificate_type` on `network`.
fn side_chain(certificate_type: &CertificateTypeId, network: Network) -> Result<ChainSpec, String> {
	let code = ecert_side_runtime::WASM_BINARY.ok_or("the side runtime Wasm was not built")?;
	let preset = format!("{certificate_type}_{}", network.preset());
	Ok(ChainSpec::builder(&compressed(code)?, Default::default())
		.with_name(&format!("ecert {certificate_type} side chain ({})", network.label()))
		.with_id(&format!(
			"ecert_side_{}_{}",
			certificate_type.as_str().replace('-', "_"),
			network.label()
		))
		.with_protocol_id(&format!("ecert-side-{certificate_type}"))
		.with_chain_type(network.chain_type())
		.with_genesis_config_preset_name(&preset)
		.with_properties(properties())
		.build())
}

/// The runtime code as it goes into genesis: zstd-compressed, which the
/// executor reads as it is and which keeps chain specs small.
fn compressed(code: &[u8]) -> Result<Vec<u8>, String> {
	sp_maybe_compressed_blob::compress_weakly(code, sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT)
		.ok_or_else(|| "the runtime Wasm is too large to compress".into())
}

/// The token properties wallets show.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "ECT".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn built_in_names_load() {
		for id in [
			"main-dev",
			"main-local",
			"side-diploma-dev",
			"side-license-local",
			"side-marriage-dev",
		] {
			let spec = load(id).unwrap_or_else(|e| panic!("{id}: {e}"));
			assert!(spec.id().starts_with("ecert_"), "{id} has id {}", spec.id());
		}
		assert_eq!(load("side-diploma-local").unwrap().id(), "ecert_side_diploma_local");
	}

	#[test]
	fn bad_names_get_a_clear_error() {
		let unknown = load("mainnet").err().unwrap();
		assert!(unknown.contains("unknown chain 'mainnet'"), "{unknown}");
		let bad_type = load("side-Diploma-dev").err().unwrap();
		assert!(bad_type.contains("not a certificate type name"), "{bad_type}");
	}
}

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

/// The runtime code as it goes into genesis: zstd-compressed once, which the
/// executor reads as it is and which keeps chain specs small.
///
/// A release build's `WASM_BINARY` is already compressed and a debug build's
/// is plain, so the code is decompressed (a no-op on plain code) before it is
/// compressed: compressing twice leaves a blob the executor cannot load.
pub(crate) fn compressed(code: &[u8]) -> Result<Vec<u8>, String> {
	use sp_maybe_compressed_blob::{compress_weakly, decompress, CODE_BLOB_BOMB_LIMIT};
	let plain = decompress(code, CODE_BLOB_BOMB_LIMIT)
		.map_err(|e| format!("the runtime Wasm does not decompress: {e}"))?;
	compress_weakly(&plain, CODE_BLOB_BOMB_LIMIT)
		.ok_or_else(|| "the runtime Wasm is too large to compress".into())
}

/// The token properties wallets show.
pub(crate) fn properties() -> Properties {
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

	/// The first bytes of every Wasm module.
	const WASM_MAGIC: &[u8] = b"\0asm";

	fn decompressed_once(blob: &[u8]) -> Vec<u8> {
		sp_maybe_compressed_blob::decompress(blob, sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT)
			.expect("the code decompresses")
			.into_owned()
	}

	#[test]
	fn code_already_compressed_is_not_compressed_again() {
		let plain = ecert_side_runtime::WASM_BINARY.expect("built with the runtime Wasm");
		// What a release build's WASM_BINARY holds.
		let release = sp_maybe_compressed_blob::compress_strongly(
			&decompressed_once(plain),
			sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT,
		)
		.unwrap();
		for code in [plain, &release[..]] {
			let genesis_code = compressed(code).unwrap();
			assert!(genesis_code.len() < decompressed_once(plain).len());
			assert!(decompressed_once(&genesis_code).starts_with(WASM_MAGIC));
		}
		let not_zstd =
			[&sp_maybe_compressed_blob::compress_weakly(b"x", 10).unwrap()[..8], b"junk"].concat();
		assert!(compressed(&not_zstd).unwrap_err().contains("does not decompress"));
	}

	#[test]
	fn every_built_in_chain_builds_its_genesis_with_loadable_code() {
		for id in ["main-dev", "main-local", "side-diploma-dev", "side-license-local"] {
			let spec = load(id).unwrap();
			// Building the genesis runs the spec's code in the executor.
			let storage =
				spec.as_storage_builder().build_storage().unwrap_or_else(|e| panic!("{id}: {e}"));
			let code = &storage.top[sp_core::storage::well_known_keys::CODE];
			assert!(decompressed_once(code).starts_with(WASM_MAGIC), "{id}");
		}
	}

	#[test]
	fn bad_names_get_a_clear_error() {
		let unknown = load("mainnet").err().unwrap();
		assert!(unknown.contains("unknown chain 'mainnet'"), "{unknown}");
		let bad_type = load("side-Diploma-dev").err().unwrap();
		assert!(bad_type.contains("not a certificate type name"), "{bad_type}");
	}
}

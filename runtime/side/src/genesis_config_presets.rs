//! A side chain's genesis presets: one pair per certificate type,
//! `<type>_development` (one validator, fast blocks) and
//! `<type>_local_testnet` (two validators, six-second blocks).
//!
//! The certificate type is part of the preset: a side chain for any
//! well-formed type name can be started from this one Wasm. The types listed
//! by [`preset_names`] are the ones ecert ships chain specs for.

use alloc::vec::Vec;
use ecert_primitives::{ChainCheckpoint, ChainId, Moment};
use ecert_runtime_common::genesis::{
	parse_side_preset_name, side_preset_name, to_bytes, ChainGenesis, PresetKind,
};
use serde_json::{json, Value};
use sp_genesis_builder::PresetId;

/// How long (ms) a development side chain trusts its view of the main chain
/// without a new main-chain header.
pub const DEV_MAX_MAIN_CHAIN_SILENCE: ecert_primitives::Moment = 60_000;

/// The certificate types ecert ships chain specs for.
pub const BUILT_IN_CERTIFICATE_TYPES: [&str; 2] = ["diploma", "license"];

/// A side chain's genesis patch: the base pallets', the main chain its
/// light client tracks from genesis, and, if not the runtime's, how long it
/// trusts its view of the main chain without a new main-chain header.
pub fn patch(
	base: &ChainGenesis,
	main_chain: &ChainCheckpoint,
	max_main_chain_silence: Option<Moment>,
) -> Value {
	let mut patch = base.patch();
	patch["anchoring"] = json!({ "tracked": [(ChainId::Main, main_chain)] });
	if let Some(limit) = max_main_chain_silence {
		patch["registryView"] = json!({ "maxMainChainSilence": limit });
	}
	patch
}

/// The preset called `id`, if it names a well-formed certificate type and a
/// preset kind.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let (certificate_type, kind) = parse_side_preset_name(core::str::from_utf8(id.as_ref()).ok()?)?;
	let base = ChainGenesis::preset(ChainId::Side(certificate_type), kind);
	// The main chain of the same kind of preset is tracked from genesis. A
	// development chain stops trusting its view of the main chain after a
	// minute without main-chain headers (a local chain: the runtime's hour),
	// so that tests see what happens when the relay stops.
	let main_chain = ChainGenesis::preset(ChainId::Main, kind).light_client_genesis();
	let silence = (kind == PresetKind::Development).then_some(DEV_MAX_MAIN_CHAIN_SILENCE);
	Some(to_bytes(patch(&base, &main_chain, silence)))
}

/// The names of the built-in types' presets.
pub fn preset_names() -> Vec<PresetId> {
	BUILT_IN_CERTIFICATE_TYPES
		.into_iter()
		.flat_map(|certificate_type| {
			[PresetKind::Development, PresetKind::LocalTestnet]
				.map(|kind| PresetId::from(side_preset_name(certificate_type, kind).as_str()))
		})
		.collect()
}

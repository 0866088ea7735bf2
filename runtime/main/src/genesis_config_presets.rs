//! The main chain's genesis presets: `development` (one validator, fast
//! blocks) and `local_testnet` (two validators, six-second blocks).

use alloc::vec::Vec;
use ecert_primitives::ChainId;
use ecert_runtime_common::genesis::{base_patch, to_bytes, PresetKind};
use sp_genesis_builder::PresetId;

/// The preset called `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let kind = PresetKind::from_name(core::str::from_utf8(id.as_ref()).ok()?)?;
	Some(to_bytes(base_patch(ChainId::Main, kind)))
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	[PresetKind::Development, PresetKind::LocalTestnet]
		.into_iter()
		.map(|kind| PresetId::from(kind.name()))
		.collect()
}

//! The main chain's genesis presets: `development` (one validator, fast
//! blocks) and `local_testnet` (two validators, six-second blocks). On both,
//! Alice is the sudo key (standing in for the identity authority) and the
//! first registrar.

use alloc::vec::Vec;
use ecert_primitives::ChainId;
use ecert_runtime_common::genesis::{base_patch, to_bytes, PresetKind};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

/// The preset called `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let kind = PresetKind::from_name(core::str::from_utf8(id.as_ref()).ok()?)?;
	let mut patch = base_patch(ChainId::Main, kind);
	patch["identity"] = serde_json::json!({
		"registrars": [Sr25519Keyring::Alice.to_account_id()],
	});
	Some(to_bytes(patch))
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	[PresetKind::Development, PresetKind::LocalTestnet]
		.into_iter()
		.map(|kind| PresetId::from(kind.name()))
		.collect()
}

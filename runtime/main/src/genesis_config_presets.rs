//! The main chain's genesis presets: `development` (one validator, fast
//! blocks) and `local_testnet` (two validators, six-second blocks). On both,
//! Alice, Bob and Charlie are the identity authority's council, Alice is
//! also the sudo key and the first registrar, an identity recovery waits ten blocks, and the
//! `diploma` and `license` types are registered, with their preset field
//! schemas, and the side chains of the same kind of preset. On
//! `local_testnet` the directory lists those side chains' nodes as
//! `scripts/local-network.sh` starts them (ports 9954 and 9964 on this
//! machine), so that apps and the relay find them.

use alloc::vec::Vec;
use ecert_primitives::{ChainId, SCHEMA_PRESETS};
use ecert_runtime_common::genesis::{base_patch, light_client_genesis, to_bytes, PresetKind};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

/// The blocks an identity recovery waits on the test networks (a real
/// network's chain spec sets days).
pub const TEST_RECOVERY_DELAY: u32 = 10;

/// The local network's side-chain nodes, as the directory of its
/// `local_testnet` preset lists them.
pub const LOCAL_SIDE_CHAIN_ENDPOINTS: [(&str, &str); 2] =
	[("diploma", "ws://127.0.0.1:9954"), ("license", "ws://127.0.0.1:9964")];

/// The preset called `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let kind = PresetKind::from_name(core::str::from_utf8(id.as_ref()).ok()?)?;
	let mut patch = base_patch(ChainId::Main, kind);
	patch["identity"] = serde_json::json!({
		"registrars": [Sr25519Keyring::Alice.to_account_id()],
		// A lost account's identity moves to a new one after ten blocks:
		// enough to try a veto on a test network.
		"recoveryDelay": TEST_RECOVERY_DELAY,
	});
	// The types the development networks run side chains for, held by side
	// chains of the same kind (`diploma_development` beside `development`,
	// and so on). The other presets are registered when their side chain
	// starts (`ecert type add`).
	let side_chain = light_client_genesis(kind);
	let types: Vec<_> = SCHEMA_PRESETS
		.iter()
		.filter(|preset| ["diploma", "license"].contains(&preset.id))
		.map(|preset| (preset.type_id(), preset.type_name(), preset.schema(), &side_chain))
		.collect();
	let endpoints: Vec<(&str, [&str; 1])> = match kind {
		PresetKind::LocalTestnet => {
			LOCAL_SIDE_CHAIN_ENDPOINTS.iter().map(|(id, url)| (*id, [*url])).collect()
		},
		PresetKind::Development => Vec::new(),
	};
	patch["certificateTypes"] = serde_json::json!({ "types": types, "endpoints": endpoints });
	Some(to_bytes(patch))
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	[PresetKind::Development, PresetKind::LocalTestnet]
		.into_iter()
		.map(|kind| PresetId::from(kind.name()))
		.collect()
}

//! The main chain's genesis presets: `development` (one validator, fast
//! blocks) and `local_testnet` (two validators, six-second blocks). On both,
//! Alice, Bob and Charlie are the identity authority's council, Alice is
//! also the sudo key and the first registrar, an identity recovery waits ten blocks, and the
//! `diploma` and `license` types are registered, with their preset field
//! schemas, and the side chains of the same kind of preset. On
//! `local_testnet` the directory lists those side chains' nodes as
//! `scripts/local-network.sh` starts them (ports 9954 and 9964 on this
//! machine), so that apps and the relay find them.

use alloc::{string::String, vec::Vec};
use ecert_primitives::{
	AccountId, BlockNumber, CertificateTypeId, ChainCheckpoint, ChainId, FieldSchema, Name,
	SCHEMA_PRESETS,
};
use ecert_runtime_common::genesis::{to_bytes, ChainGenesis, PresetKind};
use serde_json::{json, Value};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

/// The blocks an identity recovery waits on the test networks (a real
/// network's chain spec sets days).
pub const TEST_RECOVERY_DELAY: u32 = 10;

/// The local network's side-chain nodes, as the directory of its
/// `local_testnet` preset lists them.
pub const LOCAL_SIDE_CHAIN_ENDPOINTS: [(&str, &str); 2] =
	[("diploma", "ws://127.0.0.1:9954"), ("license", "ws://127.0.0.1:9964")];

/// A certificate type registered at genesis, with the side chain that
/// holds its certificates.
#[derive(Clone, Debug)]
pub struct GenesisType {
	/// The type's id, which names its side chain.
	pub id: CertificateTypeId,
	/// Its name, as people read it.
	pub name: Name,
	/// The fields its certificates hold.
	pub schema: FieldSchema,
	/// Where the main chain's light client of its side chain starts.
	pub side_chain: ChainCheckpoint,
	/// Its side chain's public nodes (WebSocket URLs), for apps and the
	/// relay.
	pub endpoints: Vec<String>,
}

/// The main chain's genesis patch: the base pallets', the registrars, how
/// long an identity recovery waits (the pallet's default if `None`), and
/// the certificate types with their side chains.
pub fn patch(
	base: &ChainGenesis,
	registrars: &[AccountId],
	recovery_delay: Option<BlockNumber>,
	types: &[GenesisType],
) -> Value {
	let mut patch = base.patch();
	patch["identity"] = json!({ "registrars": registrars });
	if let Some(delay) = recovery_delay {
		patch["identity"]["recoveryDelay"] = json!(delay);
	}
	patch["certificateTypes"] = json!({
		"types": types
			.iter()
			.map(|t| (&t.id, &t.name, &t.schema, &t.side_chain))
			.collect::<Vec<_>>(),
		"endpoints": types
			.iter()
			.filter(|t| !t.endpoints.is_empty())
			.map(|t| (&t.id, &t.endpoints))
			.collect::<Vec<_>>(),
	});
	patch
}

/// The preset called `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let kind = PresetKind::from_name(core::str::from_utf8(id.as_ref()).ok()?)?;
	// The types the development networks run side chains for, held by side
	// chains of the same kind (`diploma_development` beside `development`,
	// and so on). The other presets are registered when their side chain
	// starts (`ecert type add`).
	let side_chain = ChainGenesis::preset(ChainId::Main, kind).light_client_genesis();
	let types: Vec<_> = SCHEMA_PRESETS
		.iter()
		.filter(|preset| ["diploma", "license"].contains(&preset.id))
		.map(|preset| GenesisType {
			id: preset.type_id(),
			name: preset.type_name(),
			schema: preset.schema(),
			side_chain: side_chain.clone(),
			endpoints: match kind {
				PresetKind::LocalTestnet => LOCAL_SIDE_CHAIN_ENDPOINTS
					.iter()
					.filter(|(id, _)| *id == preset.id)
					.map(|(_, url)| String::from(*url))
					.collect(),
				PresetKind::Development => Vec::new(),
			},
		})
		.collect();
	let base = ChainGenesis::preset(ChainId::Main, kind);
	// A lost account's identity moves to a new one after ten blocks: enough
	// to try a veto on a test network.
	let patch =
		patch(&base, &[Sr25519Keyring::Alice.to_account_id()], Some(TEST_RECOVERY_DELAY), &types);
	Some(to_bytes(patch))
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	[PresetKind::Development, PresetKind::LocalTestnet]
		.into_iter()
		.map(|kind| PresetId::from(kind.name()))
		.collect()
}

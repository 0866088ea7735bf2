//! Building blocks of the genesis presets.
//!
//! A preset is a JSON patch over the runtime's default genesis config. Both
//! runtimes build theirs from [`base_patch`] and add their own pallets' parts.

use alloc::{format, string::String, vec, vec::Vec};
use ecert_primitives::{AccountId, ChainId, Moment};
use serde_json::{json, Value};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::UNIT;

/// The block time of development chains, in milliseconds: fast, so that tests
/// finish quickly. Local and production chains use
/// [`pallet_chain_info::DEFAULT_SLOT_DURATION`].
pub const DEV_SLOT_DURATION: Moment = 2_000;

/// How many blocks a session of a development or local chain lasts: a
/// change of validators takes effect within two sessions.
pub const DEV_SESSION_LENGTH: u32 = 10;

/// What each endowed development account holds.
pub const DEV_ENDOWMENT: u128 = 1_000_000 * UNIT;

/// The peer ids of the well-known development nodes, whose node keys are the
/// 32-byte secrets `0x00…01` (Alice's node) and `0x00…02` (Bob's node):
/// `12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp` and
/// `12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD`, as bytes.
pub const DEV_NODE_PEER_IDS: [[u8; 38]; 2] = [
	hex_literal::hex!(
		"0024080112204cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"
	),
	hex_literal::hex!(
		"0024080112207422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"
	),
];

/// The two kinds of preset every chain has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresetKind {
	/// One validator (Alice), fast blocks.
	Development,
	/// Two validators (Alice and Bob), six-second blocks.
	LocalTestnet,
}

impl PresetKind {
	/// The name of the preset, as `sp_genesis_builder` spells it.
	pub fn name(self) -> &'static str {
		match self {
			PresetKind::Development => sp_genesis_builder::DEV_RUNTIME_PRESET,
			PresetKind::LocalTestnet => sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		}
	}

	/// Reads a preset name.
	pub fn from_name(name: &str) -> Option<Self> {
		[PresetKind::Development, PresetKind::LocalTestnet]
			.into_iter()
			.find(|kind| kind.name() == name)
	}

	/// The validators of this kind of chain: each well-known account with
	/// its own session keys.
	pub fn validators(self) -> Vec<GenesisValidator> {
		let names: &[(Sr25519Keyring, Ed25519Keyring)] = match self {
			PresetKind::Development => &[(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
			PresetKind::LocalTestnet => &[
				(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
				(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			],
		};
		names
			.iter()
			.map(|(aura, grandpa)| GenesisValidator {
				account: aura.to_account_id(),
				aura: aura.public().into(),
				grandpa: grandpa.public().into(),
			})
			.collect()
	}

	/// The block time of this kind of chain.
	pub fn slot_duration(self) -> Moment {
		match self {
			PresetKind::Development => DEV_SLOT_DURATION,
			PresetKind::LocalTestnet => pallet_chain_info::DEFAULT_SLOT_DURATION,
		}
	}
}

/// The name of a side chain's preset: `<type>_<kind>`, for example
/// `diploma_development`.
pub fn side_preset_name(certificate_type: &str, kind: PresetKind) -> String {
	format!("{certificate_type}_{}", kind.name())
}

/// Splits a side chain's preset name into its certificate type and kind.
pub fn parse_side_preset_name(
	name: &str,
) -> Option<(ecert_primitives::CertificateTypeId, PresetKind)> {
	[PresetKind::Development, PresetKind::LocalTestnet].into_iter().find_map(|kind| {
		let certificate_type = name.strip_suffix(kind.name())?.strip_suffix('_')?;
		Some((certificate_type.parse().ok()?, kind))
	})
}

/// The governing council of the development chains: Alice, Bob and Charlie,
/// so that two of them carry a motion.
pub fn dev_council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|member| member.to_account_id())
		.collect()
}

/// A validator at genesis: the account on the validator list, which holds
/// its session keys (and may change them with `Session.set_keys`), and those
/// keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisValidator {
	/// The validator's account.
	pub account: AccountId,
	/// Its block production key.
	pub aura: AuraId,
	/// Its finality key.
	pub grandpa: GrandpaId,
}

/// Who runs a chain and who governs it at genesis: what a development
/// preset says, or a network description (`ecert-node network-specs`).
#[derive(Clone, Debug)]
pub struct ChainGenesis {
	/// What the chain is: the main chain or the side chain of one type.
	pub chain: ChainId,
	/// The block time, in milliseconds.
	pub slot_duration: Moment,
	/// How many blocks a session lasts: validators change only at a
	/// session's end.
	pub session_length: u32,
	/// The validators: on the validator list, with their session keys
	/// registered.
	pub validators: Vec<GenesisValidator>,
	/// The governing council: the identity authority's on the main chain, the
	/// certificate authority's on a side chain.
	pub council: Vec<AccountId>,
	/// The sudo key: development and local presets only, never a production
	/// network.
	pub sudo: Option<AccountId>,
	/// The nodes admitted to the network: peer id (as bytes) and owner.
	pub nodes: Vec<(Vec<u8>, AccountId)>,
	/// Accounts funded at genesis, with what each holds.
	pub balances: Vec<(AccountId, u128)>,
}

impl ChainGenesis {
	/// A development or local preset: its validators, every well-known
	/// account endowed, Alice's sudo key, the [`dev_council`], and Alice's and
	/// Bob's nodes admitted.
	pub fn preset(chain: ChainId, kind: PresetKind) -> Self {
		ChainGenesis {
			chain,
			slot_duration: kind.slot_duration(),
			session_length: DEV_SESSION_LENGTH,
			validators: kind.validators(),
			council: dev_council(),
			sudo: Some(Sr25519Keyring::Alice.to_account_id()),
			nodes: vec![
				(DEV_NODE_PEER_IDS[0].to_vec(), Sr25519Keyring::Alice.to_account_id()),
				(DEV_NODE_PEER_IDS[1].to_vec(), Sr25519Keyring::Bob.to_account_id()),
			],
			balances: Sr25519Keyring::well_known()
				.map(|account| (account.to_account_id(), DEV_ENDOWMENT))
				.collect(),
		}
	}

	/// The genesis patch of the base pallets. Aura's and GRANDPA's
	/// authorities come from the first session: the validator list, and
	/// each validator's registered session keys.
	pub fn patch(&self) -> Value {
		let keys: Vec<Value> = self
			.validators
			.iter()
			.map(|v| json!([v.account, v.account, { "aura": v.aura, "grandpa": v.grandpa }]))
			.collect();
		let listed: Vec<&AccountId> = self.validators.iter().map(|v| &v.account).collect();
		json!({
			"balances": { "balances": self.balances },
			"sudo": { "key": self.sudo },
			"councilMembership": { "members": self.council },
			"validators": { "members": listed },
			"session": { "keys": keys },
			"nodeAuthorization": { "nodes": self.nodes },
			"chainInfo": {
				"chain": self.chain,
				"slotDuration": self.slot_duration,
				"sessionLength": self.session_length,
			},
		})
	}

	/// What a light client of this chain starts from: its GRANDPA validators,
	/// set 0.
	///
	/// The genesis hash is left zero: it depends on the chain's runtime
	/// build, so a preset cannot know it. The light client then learns it
	/// from the chain's first finalized header (whose GRANDPA set it does
	/// check), and refuses any other network's headers from then on.
	pub fn light_client_genesis(&self) -> ecert_primitives::ChainCheckpoint {
		ecert_primitives::ChainCheckpoint {
			genesis_hash: Default::default(),
			authorities: self.grandpa_authorities().try_into().unwrap_or_default(),
			set_id: 0,
		}
	}

	fn grandpa_authorities(&self) -> Vec<(GrandpaId, u64)> {
		self.validators.iter().map(|v| (v.grandpa.clone(), 1)).collect()
	}
}

/// The genesis patch of the base pallets of a development or local preset
/// ([`ChainGenesis::preset`]).
pub fn base_patch(chain: ChainId, kind: PresetKind) -> Value {
	ChainGenesis::preset(chain, kind).patch()
}

/// The preset as the bytes `sp_genesis_builder` expects.
pub fn to_bytes(patch: Value) -> Vec<u8> {
	serde_json::to_vec(&patch).unwrap_or_default()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn side_preset_names_round_trip() {
		let name = side_preset_name("diploma", PresetKind::LocalTestnet);
		assert_eq!(name, "diploma_local_testnet");
		let (certificate_type, kind) = parse_side_preset_name(&name).unwrap();
		assert_eq!(certificate_type.as_str(), "diploma");
		assert_eq!(kind, PresetKind::LocalTestnet);
		assert_eq!(
			parse_side_preset_name("license_development").map(|(t, k)| (t.to_string(), k)),
			Some(("license".into(), PresetKind::Development))
		);
	}

	#[test]
	fn bad_side_preset_names_are_refused() {
		assert!(parse_side_preset_name("development").is_none());
		assert!(parse_side_preset_name("Diploma_development").is_none());
		assert!(parse_side_preset_name("diploma_staging").is_none());
	}

	#[test]
	fn local_testnets_have_two_validators_and_six_second_blocks() {
		assert_eq!(PresetKind::LocalTestnet.validators().len(), 2);
		assert_eq!(PresetKind::LocalTestnet.slot_duration(), 6_000);
		assert_eq!(PresetKind::Development.validators().len(), 1);
		let patch = base_patch(ChainId::Main, PresetKind::Development);
		assert_eq!(patch["chainInfo"]["slotDuration"], 2_000);
		assert_eq!(patch["chainInfo"]["chain"], "main");
		assert_eq!(patch["chainInfo"]["sessionLength"], DEV_SESSION_LENGTH);
		assert_eq!(patch["validators"]["members"].as_array().map(Vec::len), Some(1));
		assert_eq!(patch["session"]["keys"][0][2]["aura"], patch["session"]["keys"][0][0]);
	}
}

/// The genesis config that a preset makes: the runtime's defaults with the
/// preset's patch merged in by the node's own merge (`sc_chain_spec`), for
/// the runtimes' tests.
#[cfg(feature = "test-helpers")]
pub fn config_from_preset<GC>(preset: &[u8]) -> Result<GC, String>
where
	GC: Default + serde::Serialize + serde::de::DeserializeOwned,
{
	let mut config = serde_json::to_value(GC::default()).map_err(|e| e.to_string())?;
	let patch: Value = serde_json::from_slice(preset).map_err(|e| e.to_string())?;
	sc_chain_spec::json_merge(&mut config, patch);
	serde_json::from_value(config).map_err(|e| e.to_string())
}

//! Production chain specs from a network description: `ecert-node
//! network-specs --network network.toml --out specs/`.
//!
//! A description (TOML) names the organisations and their councils, the
//! main chain and each side chain with the organisation that governs it, its
//! validators' public session keys, its admitted nodes and bootnodes, and the
//! certificate types. It holds public keys only: each operator generates
//! their keys on their own host (`ecert-node key generate`, `key insert`).
//!
//! The specs it makes are raw (the genesis state itself, as every node of a
//! network must share it) and have **no sudo key**: each chain is governed by
//! its council alone. See `deploy/network.toml` for an example and
//! `docs/operations.md` for the steps around it.

use crate::chain_spec::{compressed, properties, ChainSpec};
use ecert_primitives::{
	schema_preset, AccountId, BlockNumber, CertificateTypeId, ChainId, FieldSchema, Moment, Name,
};
use ecert_runtime_common::genesis::{ChainGenesis, GenesisValidator};
use ecert_runtime_common::{MAX_COUNCIL_MEMBERS, UNIT};
use sc_network::{config::MultiaddrWithPeerId, Multiaddr, PeerId};
use sc_service::ChainType;
use serde::Deserialize;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::Ss58Codec, ed25519, sr25519};
use std::{
	collections::BTreeSet,
	path::{Path, PathBuf},
	str::FromStr,
};

/// The block time of a production chain unless the description says
/// otherwise, in milliseconds.
pub const DEFAULT_BLOCK_TIME_MS: Moment = pallet_chain_info::DEFAULT_SLOT_DURATION;

/// The session length of a production chain unless the description says
/// otherwise, in blocks.
pub const DEFAULT_SESSION_LENGTH: u32 = pallet_chain_info::DEFAULT_SESSION_LENGTH;

/// `ecert-node network-specs`: writes the raw chain specs of a network.
#[derive(Debug, clap::Parser)]
#[command(after_help = "EXAMPLE:\n  \
	  ecert-node network-specs --network deploy/network.toml --out specs/\n\n\
	  writes specs/main.json and one specs/side-<type>.json per side chain. Give the\n  \
	  same files to every operator: each node starts with --chain specs/main.json\n  \
	  (or its side chain's file).")]
pub struct NetworkSpecsCmd {
	/// The network description (TOML): organisations, councils, chains,
	/// validators' public keys, nodes. See deploy/network.toml.
	#[arg(long, value_name = "FILE")]
	pub network: PathBuf,

	/// The directory to write the chain specs to; made if missing.
	#[arg(long, value_name = "DIR")]
	pub out: PathBuf,
}

impl NetworkSpecsCmd {
	/// Reads the description, builds every chain's spec and writes them.
	pub fn run(&self) -> Result<(), String> {
		let text = std::fs::read_to_string(&self.network)
			.map_err(|e| format!("cannot read {}: {e}", self.network.display()))?;
		let description =
			Description::parse(&text).map_err(|e| format!("{}: {e}", self.network.display()))?;
		let base = self.network.parent().unwrap_or(Path::new("."));
		let specs = description.chain_specs(base)?;
		std::fs::create_dir_all(&self.out)
			.map_err(|e| format!("cannot make {}: {e}", self.out.display()))?;
		for (file, spec) in specs {
			let path = self.out.join(&file);
			let json = spec.as_json(true)?;
			std::fs::write(&path, json)
				.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
			println!("{}: {} ({})", path.display(), spec.name(), spec.id());
		}
		Ok(())
	}
}

/// A network description, as written in its TOML file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
	/// The network's name and id.
	pub network: NetworkInfo,
	/// The organisations that govern chains or run nodes.
	#[serde(rename = "organisation")]
	pub organisations: Vec<Organisation>,
	/// Accounts funded on every chain at genesis (council members, registrars,
	/// issuers: whoever sends transactions first).
	#[serde(default, rename = "balance")]
	pub balances: Vec<Balance>,
	/// The main chain.
	pub main: MainChain,
	/// One side chain per certificate type.
	#[serde(default, rename = "side_chain")]
	pub side_chains: Vec<SideChain>,
}

/// The network as a whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkInfo {
	/// Its name, which starts every chain's name.
	pub name: String,
	/// Its id: lower-case letters, digits and '_'; starts every chain's id.
	pub id: String,
	/// The block time of every chain, in milliseconds (6000 if not given).
	#[serde(default)]
	pub block_time_ms: Option<Moment>,
	/// How many blocks a session lasts on every chain (100 if not given): a
	/// change of validators takes effect within two sessions.
	#[serde(default)]
	pub session_blocks: Option<u32>,
}

/// An organisation: the identity authority, a certificate authority, or one
/// that runs nodes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
	/// A short name the rest of the description refers to it by.
	pub id: String,
	/// Its full name.
	pub name: String,
	/// Its council's members (accounts, SS58): two thirds of them act for it
	/// on the chains it governs.
	#[serde(default)]
	pub council: Vec<String>,
	/// The account that owns its nodes' admission (SS58); its first council
	/// member if not given.
	#[serde(default)]
	pub account: Option<String>,
}

/// An account funded at genesis.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
	/// The account (SS58).
	pub account: String,
	/// What it holds, in whole ECT.
	pub ect: u64,
}

/// The main chain.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainChain {
	/// The organisation that governs it: the identity authority.
	pub governed_by: String,
	/// The accounts that approve identities (SS58).
	#[serde(default)]
	pub registrars: Vec<String>,
	/// How many blocks an identity recovery waits (the runtime's default if
	/// not given).
	#[serde(default)]
	pub recovery_delay_blocks: Option<BlockNumber>,
	/// Its validators.
	#[serde(rename = "validator")]
	pub validators: Vec<Validator>,
	/// Its other admitted nodes (RPC nodes, the relay's node).
	#[serde(default, rename = "node")]
	pub nodes: Vec<NodeEntry>,
}

/// The side chain of one certificate type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideChain {
	/// The certificate type: lower-case letters, digits and '-'.
	pub certificate_type: String,
	/// The type's name as people read it (the schema preset's if not given).
	#[serde(default)]
	pub name: Option<String>,
	/// The fields of its certificates: a preset's id (`ecert type preset`)
	/// or a JSON schema file, relative to the description. The type's own
	/// preset if not given.
	#[serde(default)]
	pub schema: Option<String>,
	/// The organisation that governs it: the certificate authority.
	pub governed_by: String,
	/// Its public nodes' WebSocket URLs, for apps and the relay.
	#[serde(default)]
	pub endpoints: Vec<String>,
	/// Its validators.
	#[serde(rename = "validator")]
	pub validators: Vec<Validator>,
	/// Its other admitted nodes.
	#[serde(default, rename = "node")]
	pub nodes: Vec<NodeEntry>,
}

/// A validator: its node, and the public session keys its operator
/// generated on its host.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validator {
	/// The organisation that runs it.
	pub organisation: String,
	/// Its block-production key (sr25519; SS58 or 0x-hex), `aura` in its
	/// keystore.
	pub aura: String,
	/// Its finality key (ed25519; SS58 or 0x-hex), `gran` in its keystore.
	pub grandpa: String,
	/// The validator's account on the validator list (SS58), with which its
	/// operator registers new session keys later (`ecert validator keys`);
	/// the aura key's own account if not given.
	#[serde(default)]
	pub account: Option<String>,
	/// Its node's peer id (`ecert-node key inspect-node-key`).
	pub peer_id: String,
	/// Where other nodes reach it (a multiaddress without `/p2p/`), if it is
	/// a bootnode.
	#[serde(default)]
	pub address: Option<String>,
}

/// An admitted node that does not validate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeEntry {
	/// The organisation that runs it.
	pub organisation: String,
	/// Its peer id.
	pub peer_id: String,
	/// Where other nodes reach it, if it is a bootnode.
	#[serde(default)]
	pub address: Option<String>,
}

impl Description {
	/// Reads a description from TOML.
	pub fn parse(text: &str) -> Result<Self, String> {
		toml::from_str(text).map_err(|e| e.to_string())
	}

	/// The organisation called `id`.
	fn organisation(&self, id: &str) -> Result<&Organisation, String> {
		self.organisations
			.iter()
			.find(|organisation| organisation.id == id)
			.ok_or_else(|| format!("no organisation '{id}' is described"))
	}

	/// Every chain's spec, with the file name it is written to: `main.json`
	/// first, then `side-<type>.json`. Schema files are read relative to
	/// `base`.
	pub fn chain_specs(&self, base: &Path) -> Result<Vec<(String, ChainSpec)>, String> {
		let id = &self.network.id;
		if id.is_empty()
			|| !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
		{
			return Err(format!(
				"network id '{id}': use lower-case letters, digits and '_' (for example 'examplia')"
			));
		}
		let mut seen = BTreeSet::new();
		for organisation in &self.organisations {
			if !seen.insert(&organisation.id) {
				return Err(format!("organisation '{}' is described twice", organisation.id));
			}
		}
		let balances = self
			.balances
			.iter()
			.map(|balance| {
				Ok((account(&balance.account, "a funded account")?, u128::from(balance.ect) * UNIT))
			})
			.collect::<Result<Vec<_>, String>>()?;

		let main = self.chain_genesis(
			ChainId::Main,
			"the main chain",
			&self.main.governed_by,
			&self.main.validators,
			&self.main.nodes,
			&balances,
		)?;
		let mut types = Vec::new();
		let mut side_specs = Vec::new();
		for side in &self.side_chains {
			let type_id: CertificateTypeId = side.certificate_type.parse().map_err(|e| {
				format!(
					"'{}' is not a certificate type name ({e}): use lower-case letters, digits and '-'",
					side.certificate_type
				)
			})?;
			if types
				.iter()
				.any(|t: &ecert_main_runtime::genesis_config_presets::GenesisType| t.id == type_id)
			{
				return Err(format!("the side chain of '{type_id}' is described twice"));
			}
			let what = format!("the {type_id} side chain");
			let genesis = self.chain_genesis(
				ChainId::Side(type_id.clone()),
				&what,
				&side.governed_by,
				&side.validators,
				&side.nodes,
				&balances,
			)?;
			let (name, schema) = type_schema(side, &type_id, base)?;
			for endpoint in &side.endpoints {
				ecert_primitives::Endpoint::try_from(endpoint.as_str()).map_err(|e| {
					format!("{what}: endpoint '{endpoint}' is not a node's address: {e}")
				})?;
			}
			types.push(ecert_main_runtime::genesis_config_presets::GenesisType {
				id: type_id.clone(),
				name,
				schema,
				side_chain: genesis.light_client_genesis(),
				endpoints: side.endpoints.clone(),
			});
			let patch = ecert_side_runtime::genesis_config_presets::patch(
				&genesis,
				&main.light_client_genesis(),
				None,
			);
			let boot_nodes = boot_nodes(&what, &side.validators, &side.nodes)?;
			let spec = self.spec(
				ecert_side_runtime::WASM_BINARY.ok_or("the side runtime Wasm was not built")?,
				&format!("{} {type_id} side chain", self.network.name),
				&format!("{id}_side_{}", type_id.as_str().replace('-', "_")),
				&format!("{id}-side-{type_id}"),
				patch,
				boot_nodes,
			)?;
			side_specs.push((format!("side-{type_id}.json"), spec));
		}

		let registrars = self
			.main
			.registrars
			.iter()
			.map(|registrar| account(registrar, "a registrar"))
			.collect::<Result<Vec<_>, _>>()?;
		let patch = ecert_main_runtime::genesis_config_presets::patch(
			&main,
			&registrars,
			self.main.recovery_delay_blocks,
			&types,
		);
		let main_spec = self.spec(
			ecert_main_runtime::WASM_BINARY.ok_or("the main runtime Wasm was not built")?,
			&format!("{} main chain", self.network.name),
			&format!("{id}_main"),
			&format!("{id}-main"),
			patch,
			boot_nodes("the main chain", &self.main.validators, &self.main.nodes)?,
		)?;
		Ok([("main.json".to_owned(), main_spec)].into_iter().chain(side_specs).collect())
	}

	/// The base genesis of one chain: its validators, council, admitted
	/// nodes and balances, and no sudo key.
	fn chain_genesis(
		&self,
		chain: ChainId,
		what: &str,
		governed_by: &str,
		validators: &[Validator],
		nodes: &[NodeEntry],
		balances: &[(AccountId, u128)],
	) -> Result<ChainGenesis, String> {
		let governor = self.organisation(governed_by).map_err(|e| format!("{what}: {e}"))?;
		let council = governor
			.council
			.iter()
			.map(|member| account(member, &format!("a council member of '{}'", governor.id)))
			.collect::<Result<Vec<_>, _>>()?;
		if council.is_empty() || council.len() > MAX_COUNCIL_MEMBERS as usize {
			return Err(format!(
				"{what} is governed by '{}' ({}), whose council must have 1 to {MAX_COUNCIL_MEMBERS} members (it has {})",
				governor.id,
				governor.name,
				council.len()
			));
		}
		if validators.is_empty() {
			return Err(format!("{what} has no validator"));
		}
		let mut keys = Vec::new();
		let mut admitted = Vec::new();
		let mut peers = BTreeSet::new();
		let entries = validators
			.iter()
			.map(|v| (&v.organisation, &v.peer_id))
			.chain(nodes.iter().map(|n| (&n.organisation, &n.peer_id)));
		for (organisation, peer_id) in entries {
			let owner = self.organisation(organisation).map_err(|e| format!("{what}: {e}"))?;
			let owner_account = match &owner.account {
				Some(address) => account(address, &format!("the account of '{}'", owner.id))?,
				None => account(
					owner.council.first().ok_or_else(|| {
						format!(
							"{what}: '{}' runs nodes but has no account and no council",
							owner.id
						)
					})?,
					"a council member",
				)?,
			};
			let peer = PeerId::from_str(peer_id)
				.map_err(|e| format!("{what}: '{peer_id}' is not a node's peer id: {e}"))?;
			if !peers.insert(peer) {
				return Err(format!("{what}: node {peer_id} is listed twice"));
			}
			admitted.push((peer.to_bytes(), owner_account));
		}
		for validator in validators {
			let aura = public::<sr25519::Public>(&validator.aura)
				.map_err(|e| format!("{what}: validator {}: aura key {e}", validator.peer_id))?;
			let grandpa = public::<ed25519::Public>(&validator.grandpa)
				.map_err(|e| format!("{what}: validator {}: grandpa key {e}", validator.peer_id))?;
			let validator_account = match &validator.account {
				Some(address) => account(
					address,
					&format!("{what}: the account of validator {}", validator.peer_id),
				)?,
				None => AccountId::from(aura.0),
			};
			if keys.iter().any(|known: &GenesisValidator| known.account == validator_account) {
				return Err(format!(
					"{what}: validator {}: its account is another validator's",
					validator.peer_id
				));
			}
			keys.push(GenesisValidator {
				account: validator_account,
				aura: AuraId::from(aura),
				grandpa: GrandpaId::from(grandpa),
			});
		}
		let session_length = self.network.session_blocks.unwrap_or(DEFAULT_SESSION_LENGTH);
		if session_length == 0 {
			return Err("session_blocks must be at least 1".into());
		}
		Ok(ChainGenesis {
			chain,
			slot_duration: self.network.block_time_ms.unwrap_or(DEFAULT_BLOCK_TIME_MS),
			session_length,
			validators: keys,
			council,
			sudo: None,
			nodes: admitted,
			balances: balances.to_vec(),
		})
	}

	/// A live chain's spec with `patch` over the runtime's defaults.
	fn spec(
		&self,
		code: &[u8],
		name: &str,
		id: &str,
		protocol_id: &str,
		patch: serde_json::Value,
		boot_nodes: Vec<MultiaddrWithPeerId>,
	) -> Result<ChainSpec, String> {
		Ok(ChainSpec::builder(&compressed(code)?, Default::default())
			.with_name(name)
			.with_id(id)
			.with_protocol_id(protocol_id)
			.with_chain_type(ChainType::Live)
			.with_genesis_config_patch(patch)
			.with_boot_nodes(boot_nodes)
			.with_properties(properties())
			.build())
	}
}

/// The nodes with an address, as `--bootnodes` takes them.
fn boot_nodes(
	what: &str,
	validators: &[Validator],
	nodes: &[NodeEntry],
) -> Result<Vec<MultiaddrWithPeerId>, String> {
	validators
		.iter()
		.map(|v| (&v.address, &v.peer_id))
		.chain(nodes.iter().map(|n| (&n.address, &n.peer_id)))
		.filter_map(|(address, peer_id)| Some((address.as_ref()?, peer_id)))
		.map(|(address, peer_id)| {
			let multiaddr = Multiaddr::from_str(address).map_err(|e| {
				format!("{what}: '{address}' is not a node address such as /ip4/10.0.0.1/tcp/30333 ({e})")
			})?;
			let peer_id = PeerId::from_str(peer_id)
				.map_err(|e| format!("{what}: '{peer_id}' is not a node's peer id: {e}"))?;
			Ok(MultiaddrWithPeerId { multiaddr, peer_id })
		})
		.collect()
}

/// The name and field schema of a side chain's type.
fn type_schema(
	side: &SideChain,
	type_id: &CertificateTypeId,
	base: &Path,
) -> Result<(Name, FieldSchema), String> {
	let what = format!("the {type_id} side chain");
	let schema_name = side.schema.clone().unwrap_or_else(|| type_id.to_string());
	let (preset_name, schema) = if schema_name.ends_with(".json") {
		let path = base.join(&schema_name);
		let text = std::fs::read_to_string(&path)
			.map_err(|e| format!("{what}: cannot read {}: {e}", path.display()))?;
		let schema: FieldSchema = serde_json::from_str(&text)
			.map_err(|e| format!("{what}: {} is not a field schema: {e}", path.display()))?;
		(None, schema)
	} else {
		let preset =
			schema_name.parse().ok().and_then(|id| schema_preset(&id)).ok_or_else(|| {
				format!(
					"{what}: no schema preset '{schema_name}' (see `ecert type preset`), and not a .json file"
				)
			})?;
		(Some(preset.type_name()), preset.schema())
	};
	schema.check().map_err(|e| format!("{what}: the schema is not valid ({e:?})"))?;
	let name = match (&side.name, preset_name) {
		(Some(name), _) => Name::try_from(name.as_str())
			.map_err(|_| format!("{what}: the name '{name}' is too long"))?,
		(None, Some(name)) => name,
		(None, None) => return Err(format!("{what}: give the type a name (name = \"...\")")),
	};
	Ok((name, schema))
}

/// An account written as SS58.
fn account(address: &str, what: &str) -> Result<AccountId, String> {
	AccountId::from_ss58check(address)
		.map_err(|e| format!("{what}: '{address}' is not an account address ({e:?})"))
}

/// A public key written as SS58 or 0x-hex, as `ecert-node key inspect`
/// prints it.
fn public<P: Ss58Codec + for<'a> TryFrom<&'a [u8]>>(text: &str) -> Result<P, String> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = hex::decode(hex).map_err(|e| format!("'{text}' is not hex ({e})"))?;
		return P::try_from(&bytes[..]).map_err(|_| format!("'{text}' is not 32 bytes"));
	}
	P::from_ss58check(text).map_err(|e| format!("'{text}' is not a public key ({e:?})"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Decode;
	use sc_service::ChainSpec as _;

	fn example() -> (Description, PathBuf) {
		let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/network.toml");
		let text = std::fs::read_to_string(&path).expect("deploy/network.toml");
		(Description::parse(&text).unwrap(), path.parent().unwrap().into())
	}

	#[test]
	fn the_example_network_has_councils_and_no_sudo() {
		let (description, base) = example();
		let specs = description.chain_specs(&base).unwrap();
		let files: Vec<&str> = specs.iter().map(|(file, _)| file.as_str()).collect();
		assert_eq!(files, ["main.json", "side-diploma.json", "side-license.json"]);
		for (file, spec) in &specs {
			assert_eq!(spec.chain_type(), ChainType::Live, "{file}");
			assert!(!spec.boot_nodes().is_empty(), "{file} names its bootnodes");
			let storage = spec.as_storage_builder().build_storage().unwrap();
			let top = &storage.top;
			assert!(!top.contains_key(&ecert_primitives::storage::sudo_key()), "{file} has sudo");
			let members = Vec::<AccountId>::decode(
				&mut &top[&ecert_primitives::storage::council_members()][..],
			)
			.unwrap();
			assert_eq!(members.len(), 3, "{file}");
			let aura_key = ecert_primitives::storage::prefix("Aura", "Authorities");
			let validators = Vec::<AuraId>::decode(&mut &top[&aura_key][..]).unwrap();
			assert_eq!(validators.len(), 3, "{file}");
			let listed = Vec::<AccountId>::decode(
				&mut &top[&ecert_primitives::storage::prefix("Validators", "Members")][..],
			)
			.unwrap();
			assert_eq!(listed.len(), 3, "{file}: the validator list is the validators'");
		}
		// Every chain's spec is raw JSON that a node loads as it is.
		let json = specs[0].1.as_json(true).unwrap();
		assert!(ChainSpec::from_json_bytes(json.into_bytes()).is_ok());
	}

	#[test]
	fn mistakes_in_a_description_are_named() {
		let (_, base) = example();
		let text = std::fs::read_to_string(base.join("network.toml")).unwrap();
		let refused = |from: &str, to: &str| -> String {
			assert!(text.contains(from), "the example holds {from}");
			let description = Description::parse(&text.replacen(from, to, 1)).unwrap();
			match description.chain_specs(&base) {
				Ok(_) => panic!("{from} -> {to} was taken"),
				Err(error) => error,
			}
		};
		let parse_error =
			|from: &str, to: &str| Description::parse(&text.replacen(from, to, 1)).unwrap_err();
		assert!(refused("governed_by = \"identity-authority\"", "governed_by = \"nobody\"")
			.contains("no organisation 'nobody'"));
		assert!(refused("certificate_type = \"license\"", "certificate_type = \"diploma\"")
			.contains("'diploma' is described twice"));
		assert!(refused("certificate_type = \"license\"", "certificate_type = \"License\"")
			.contains("not a certificate type name"));
		assert!(
			refused("peer_id = \"12D3", "peer_id = \"x12D3").contains("is not a node's peer id")
		);
		assert!(refused("aura = \"", "aura = \"0x00").contains("aura key"));
		assert!(refused("schema = \"license\"", "schema = \"nothing\"")
			.contains("no schema preset 'nothing'"));
		assert!(parse_error("[network]", "[netwrok]").contains("netwrok"));
		assert!(refused("session_blocks = 100", "session_blocks = 0")
			.contains("session_blocks must be at least 1"));
	}
}

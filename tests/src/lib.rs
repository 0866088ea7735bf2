//! Helpers for the end-to-end tests: start real `ecert-node` processes on
//! loopback with temporary base paths (through `ecert-harness`, on the ports
//! they bind themselves), talk to them over JSON-RPC, and stop them when the
//! test ends, whether it passes or fails.
//!
//! The tests expect the node binary next to the test executable's target
//! directory (`cargo build --workspace` first, as the README's test command
//! does), or at the path in `ECERT_NODE`.

pub mod browser;
pub mod cli;
pub mod wasm;

use ecert_client::{Api, ApiError, RpcError};
use ecert_harness::{fresh_log, Host, NodeOptions, NodeProcess, RelayOptions, RelayProcess};
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

/// The main chain's calls and events as the client builds them (generated
/// from the runtime's metadata), under the pallets' own names.
pub mod main_runtime {
	pub use ecert_client::main_types::{
		ecert_main_runtime::{RuntimeCall, RuntimeEvent},
		pallet_anchoring::pallet as pallet_anchoring,
		pallet_balances::pallet as pallet_balances,
		pallet_certificate_types::pallet as pallet_certificate_types,
		pallet_ecert_identity::pallet as pallet_ecert_identity,
		pallet_issuers::pallet as pallet_issuers,
		pallet_sudo::pallet as pallet_sudo,
	};
}

/// A side chain's calls and events as the client builds them.
pub mod side_runtime {
	pub use ecert_client::side_types::{
		ecert_side_runtime::{RuntimeCall, RuntimeEvent},
		pallet_anchoring::pallet as pallet_anchoring,
		pallet_balances::pallet as pallet_balances,
		pallet_certificates::pallet as pallet_certificates,
		pallet_registry_view::pallet as pallet_registry_view,
	};
}

/// The `ecert-node` binary to test.
pub fn node_binary() -> PathBuf {
	ecert_harness::binary("ecert-node", "ECERT_NODE").unwrap_or_else(|error| panic!("{error}"))
}

/// A free TCP port on 127.0.0.1, for the servers the tests start that
/// cannot pick their own (the web app's, chromedriver).
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|address| address.port())
		.expect("the loopback interface has a free port")
}

/// The node key of Alice's node: one of the nodes every development and
/// local chain admits at genesis.
pub const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// The node key of Bob's node, also admitted at genesis.
pub const BOB_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000002";
/// A node key that no chain admits.
pub const STRANGER_NODE_KEY: &str =
	"00000000000000000000000000000000000000000000000000000000000000ee";

/// How to start a node.
pub struct NodeConfig<'a> {
	/// The chain: `main-dev`, `side-diploma-dev`, a spec path, ...
	pub chain: &'a str,
	/// The base path.
	pub base_path: &'a Path,
	/// The development validator to run as (`alice`, `bob`), if any.
	pub validator: Option<&'a str>,
	/// The network key, as 64 hex characters.
	pub node_key: &'a str,
	/// Nodes to connect to first, as multiaddresses.
	pub bootnodes: Vec<String>,
}

impl<'a> NodeConfig<'a> {
	/// Alice's validator node of `chain`.
	pub fn alice(chain: &'a str, base_path: &'a Path) -> Self {
		NodeConfig {
			chain,
			base_path,
			validator: Some("alice"),
			node_key: ALICE_NODE_KEY,
			bootnodes: vec![],
		}
	}
}

/// A running `ecert-node` process. Dropping it stops the process.
pub struct Node {
	process: NodeProcess,
	client: ecert_client::BlockingNode,
	chain: String,
}

impl Node {
	/// Starts a validator (Alice) of `chain` on `base_path`, and waits until
	/// it answers RPC.
	pub fn start(chain: &str, base_path: &Path) -> Node {
		Node::launch(NodeConfig::alice(chain, base_path))
	}

	/// Starts a node as `config` says, and waits until it answers RPC.
	pub fn launch(config: NodeConfig) -> Node {
		Node::launch_on(config, &Host::local())
	}

	/// Starts a node as `config` says on `host`, and waits until it answers
	/// RPC.
	pub fn launch_on(config: NodeConfig, host: &Host) -> Node {
		let NodeConfig { chain, base_path, validator, node_key, bootnodes } = config;
		let options = NodeOptions {
			chain: chain.into(),
			base_path: base_path.into(),
			validator: validator.map(String::from),
			node_key: node_key.into(),
			bootnodes,
			args: Vec::new(),
			log: fresh_log(base_path, "node"),
			host: host.clone(),
		};
		let process = NodeProcess::start(&node_binary(), options)
			.unwrap_or_else(|error| panic!("ecert-node --chain {chain} did not start: {error}"));
		let client = ecert_client::BlockingNode::new(process.ws_url());
		Node { process, client, chain: chain.into() }
	}

	/// The node's JSON-RPC URL.
	pub fn rpc_url(&self) -> String {
		self.process.http_url()
	}

	/// The node's JSON-RPC URL for WebSocket clients (the same port).
	pub fn ws_url(&self) -> String {
		self.process.ws_url()
	}

	/// The node's client: transactions, and typed calls of ecert's methods.
	pub fn client(&self) -> &ecert_client::BlockingNode {
		&self.client
	}

	/// Reads through typed calls of ecert's methods (`ecert_rpc_api`), as in
	/// `node.read(|api| api.issuers(None))`; panics with the node's log if
	/// the read fails.
	pub fn read<T>(
		&self,
		read: impl for<'a> FnOnce(&'a Api) -> BoxFuture<'a, Result<T, ApiError>>,
	) -> T {
		self.try_read(read).unwrap_or_else(|error| {
			panic!("a read of {} failed: {error}\n{}", self.chain, self.log_tail())
		})
	}

	/// Reads through typed calls of ecert's methods; `Err` carries the
	/// node's JSON-RPC error.
	pub fn try_read<T>(
		&self,
		read: impl for<'a> FnOnce(&'a Api) -> BoxFuture<'a, Result<T, ApiError>>,
	) -> Result<T, RpcError> {
		self.client.read(read)
	}

	/// The raw storage value at `key`, at the best block.
	pub fn storage(&self, key: &[u8]) -> Option<Vec<u8>> {
		let value = self.rpc("state_getStorage", json!([format!("0x{}", hex::encode(key))]));
		value.as_str().map(|hex| hex::decode(hex.trim_start_matches("0x")).expect("hex storage"))
	}

	/// The value at `key` in the best block's state, decoded; panics if
	/// there is none.
	pub fn decoded<T: codec::Decode>(&self, key: &[u8]) -> T {
		let bytes =
			self.storage(key).unwrap_or_else(|| panic!("no value at 0x{}", hex::encode(key)));
		T::decode(&mut &bytes[..]).expect("the value decodes")
	}

	/// The node's address with its peer id, for `--bootnodes`.
	pub fn multiaddr(&self) -> String {
		self.process.p2p_address().unwrap_or_else(|error| {
			panic!("{} has no peer-to-peer address: {error}\n{}", self.chain, self.log_tail())
		})
	}

	/// Calls an RPC method that must fail, and gives its JSON-RPC error.
	pub fn rpc_error(&self, method: &str, params: Value) -> RpcErrorObject {
		match self.try_rpc(method, params.clone()) {
			Ok(result) => panic!("{method}({params}) should fail, but gave {result}"),
			Err(error) => serde_json::from_str(&error)
				.unwrap_or_else(|_| panic!("{method} failed without a JSON-RPC error: {error}")),
		}
	}

	/// The chain this node runs.
	pub fn chain(&self) -> &str {
		&self.chain
	}

	/// Calls an RPC method; `Err` carries the transport or JSON-RPC error.
	pub fn try_rpc(&self, method: &str, params: Value) -> Result<Value, String> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let response: RpcResponse = ureq::post(&self.rpc_url())
			.timeout(Duration::from_secs(10))
			.send_json(body)
			.map_err(|e| e.to_string())?
			.into_json()
			.map_err(|e| e.to_string())?;
		match response.error {
			Some(error) => Err(error.to_string()),
			None => Ok(response.result),
		}
	}

	/// Calls an RPC method that must succeed, and reads its result as `T`.
	pub fn rpc_as<T: serde::de::DeserializeOwned>(&self, method: &str, params: Value) -> T {
		let result = self.rpc(method, params);
		serde_json::from_value(result.clone())
			.unwrap_or_else(|e| panic!("{method} on {} gave {result}: {e}", self.chain))
	}

	/// The node's health (`system_health`).
	pub fn health(&self) -> Health {
		self.rpc_as("system_health", json!([]))
	}

	/// Calls an RPC method that must succeed.
	pub fn rpc(&self, method: &str, params: Value) -> Value {
		self.try_rpc(method, params).unwrap_or_else(|e| {
			panic!("{method} failed on {}: {e}\n{}", self.chain, self.log_tail())
		})
	}

	/// The number of the best block.
	pub fn best_number(&self) -> u32 {
		header_number(&self.rpc("chain_getHeader", json!([])))
	}

	/// The hash and number of the last finalized block.
	pub fn finalized(&self) -> (String, u32) {
		let hash = self.rpc("chain_getFinalizedHead", json!([]));
		let header = self.rpc("chain_getHeader", json!([hash]));
		(hash.as_str().unwrap_or_default().to_string(), header_number(&header))
	}

	/// The hash of block `number` on the best chain.
	pub fn block_hash(&self, number: u32) -> Option<String> {
		self.rpc("chain_getBlockHash", json!([number])).as_str().map(String::from)
	}

	/// Waits until block `number` is finalized.
	pub fn wait_finalized(&self, number: u32, timeout: Duration) -> (String, u32) {
		self.wait_until(timeout, &format!("finalizes block #{number}"), |node| {
			node.finalized().1 >= number
		});
		self.finalized()
	}

	/// Waits until `condition` holds, or fails the test with the node's log.
	pub fn wait_until(&self, timeout: Duration, what: &str, condition: impl Fn(&Node) -> bool) {
		wait_for(
			timeout,
			&format!("{} {what}", self.chain),
			|| condition(self),
			|| self.log_tail(),
		);
	}

	/// Stops the node with SIGINT, as Ctrl-C would, and waits for it to exit.
	pub fn stop(mut self) {
		self.process.process().stop();
	}

	/// Kills the node with SIGKILL, as a crash or a power cut would.
	pub fn kill(mut self) {
		self.process.process().kill();
	}

	/// The last lines of the node's log, for failure messages.
	pub fn log_tail(&self) -> String {
		self.process.log_tail()
	}
}

/// A JSON-RPC error.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
pub struct RpcErrorObject {
	pub code: i32,
	pub message: String,
	#[serde(default)]
	pub data: Value,
}

impl std::fmt::Display for RpcErrorObject {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{}", json!(self))
	}
}

/// A node's health, as `system_health` tells it.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
	pub peers: usize,
	pub is_syncing: bool,
}

/// A JSON-RPC response: its result, or its error.
#[derive(serde::Deserialize)]
struct RpcResponse {
	#[serde(default)]
	result: Value,
	error: Option<Value>,
}

/// The number in a JSON header.
pub fn header_number(header: &Value) -> u32 {
	serde_json::from_value::<ecert_primitives::Header>(header.clone())
		.map_or(0, |header| header.number)
}

/// Runs `ecert-node` with `args` and returns its standard output.
pub fn run_node_command(args: &[&str]) -> String {
	let output = Command::new(node_binary()).args(args).output().expect("ecert-node runs");
	assert!(
		output.status.success(),
		"ecert-node {} failed: {}",
		args.join(" "),
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8(output.stdout).expect("ecert-node prints UTF-8")
}

/// The `ecert-relay` binary, beside `ecert-node` (or at `ECERT_RELAY`).
pub fn relay_binary() -> PathBuf {
	ecert_harness::binary("ecert-relay", "ECERT_RELAY").unwrap_or_else(|error| panic!("{error}"))
}

/// A running `ecert-relay` process, stopped when dropped.
pub struct Relay {
	process: RelayProcess,
}

impl Relay {
	/// Starts a relay between `main` and `sides`, logging to `dir`, with its
	/// metrics served.
	pub fn start(main: &Node, sides: &[&Node], dir: &Path) -> Relay {
		Relay::start_on(main, sides, dir, &Host::local())
	}

	/// Starts a relay on `host` between `main` and `sides`, logging to
	/// `dir`, with its metrics served.
	pub fn start_on(main: &Node, sides: &[&Node], dir: &Path, host: &Host) -> Relay {
		let options = RelayOptions {
			main: main.ws_url(),
			sides: sides.iter().map(|side| side.ws_url()).collect(),
			metrics: true,
			args: ["--poll-ms", "500", "--directory-ms", "500"].map(String::from).to_vec(),
			log: fresh_log(dir, "relay"),
			host: host.clone(),
		};
		let process = RelayProcess::start(&relay_binary(), options)
			.unwrap_or_else(|error| panic!("ecert-relay did not start: {error}"));
		Relay { process }
	}

	/// Kills the relay with SIGKILL: no chance to clean up.
	pub fn kill(mut self) {
		self.process.process().kill();
	}

	/// The relay's Prometheus metrics, as text.
	pub fn metrics(&self) -> String {
		self.process.metrics()
	}

	/// The sum of the metric `name` over all its label sets (0 when absent).
	pub fn metric_sum(&self, name: &str) -> u64 {
		self.metrics()
			.lines()
			.filter(|line| line.strip_prefix(name).is_some_and(|rest| rest.starts_with(['{', ' '])))
			.filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
			.sum()
	}

	/// The last lines of the relay's log, for failure messages.
	pub fn log_tail(&self) -> String {
		self.process.log_tail()
	}

	/// The relay's whole log so far.
	pub fn log(&self) -> String {
		std::fs::read_to_string(self.process.log()).unwrap_or_default()
	}
}

/// Waits until `condition` holds, polling every quarter second
/// ([`ecert_harness::poll`]); panics with `what` and `context()` after
/// `timeout`.
pub fn wait_for(
	timeout: Duration,
	what: &str,
	mut condition: impl FnMut() -> bool,
	context: impl Fn() -> String,
) {
	if ecert_harness::poll(timeout, Duration::from_millis(250), || condition().then_some(()))
		.is_none()
	{
		panic!("{what}: not within {timeout:?}\n{}", context());
	}
}

/// The portable proof of certificate `id` from `side`, once the relay has
/// anchored a side block at or after `at_least` that holds it: polls until
/// then (a certificate's proof waits for its block to be anchored).
pub fn proof_at_or_after(
	side: &Node,
	id: ecert_primitives::CertificateId,
	at_least: ecert_primitives::BlockNumber,
	relay: &Relay,
) -> ecert_client::api::PortableProof {
	batched_proof_at_or_after(side, id, None, at_least, relay)
}

/// As [`proof_at_or_after`], of a certificate issued in a batch, with its
/// `membership` (or alone, without).
pub fn batched_proof_at_or_after(
	side: &Node,
	id: ecert_primitives::CertificateId,
	membership: Option<ecert_primitives::BatchMembership>,
	at_least: ecert_primitives::BlockNumber,
	relay: &Relay,
) -> ecert_client::api::PortableProof {
	use ecert_client::api::SideChainApiClient;
	let mut proof = None;
	let last = std::cell::RefCell::new(String::new());
	wait_for(
		Duration::from_secs(180),
		"a portable proof anchored at or after the block asked for",
		|| match side.try_read(|api| api.certificate_proof(id.into(), membership.clone())) {
			Ok(found) if found.side_block_number >= at_least => {
				proof = Some(found);
				true
			},
			Ok(found) => {
				*last.borrow_mut() = format!("proof at side #{}", found.side_block_number);
				false
			},
			Err(error) => {
				*last.borrow_mut() = error.to_string();
				false
			},
		},
		|| format!("last answer: {}\n{}", last.borrow(), relay.log_tail()),
	);
	proof.expect("wait_for returns once the proof is found")
}

/// The bytes of a portable proof.
pub fn proof_bytes(proof: &ecert_client::api::PortableProof) -> Vec<u8> {
	hex::decode(proof.proof.trim_start_matches("0x")).expect("the node's proof is hex")
}

/// The main chain's registries, written through real signed transactions:
/// identities requested by their accounts and approved by Alice (a
/// registrar on the development chains), issuers accredited through sudo.
pub struct MainRegistry {
	/// The main node's RPC.
	pub rpc: ecert_client::BlockingNode,
}

impl MainRegistry {
	/// Submits `call` signed by `signer`; panics if it fails.
	pub fn submit(&self, signer: sp_keyring::Sr25519Keyring, call: main_runtime::RuntimeCall) {
		self.rpc.submit::<ecert_client::MainChain>(&signer.pair(), call).unwrap();
	}

	/// Submits `call` through sudo (Alice).
	pub fn sudo(&self, call: main_runtime::RuntimeCall) {
		self.submit(
			sp_keyring::Sr25519Keyring::Alice,
			main_runtime::RuntimeCall::Sudo(main_runtime::pallet_sudo::Call::sudo {
				call: Box::new(call),
			}),
		);
	}

	/// Lists `urls` in the main chain's directory as the nodes of
	/// `certificate_type`'s side chain, in the order to try them.
	pub fn list_side_chain(&self, certificate_type: &str, urls: &[&str]) {
		self.sudo(main_runtime::RuntimeCall::CertificateTypes(
			main_runtime::pallet_certificate_types::Call::set_endpoints {
				id: certificate_type.parse().unwrap(),
				endpoints: urls.iter().map(|url| url.parse().unwrap()).collect(),
			},
		));
	}

	/// `account` asks for identity `id` with `role`; Alice approves it.
	pub fn register(
		&self,
		account: sp_keyring::Sr25519Keyring,
		id: ecert_primitives::IdentityId,
		role: ecert_primitives::Role,
		key_agreement: &ecert_primitives::sealed::KeyAgreementPair,
	) {
		use main_runtime::{pallet_ecert_identity, RuntimeCall};
		let keys = ecert_primitives::IdentityKeys {
			signing: ecert_primitives::SigningKey::Sr25519(account.public()),
			key_agreement: key_agreement.public(),
		};
		self.submit(
			account,
			RuntimeCall::Identity(pallet_ecert_identity::Call::request_registration { keys, role }),
		);
		self.submit(
			sp_keyring::Sr25519Keyring::Alice,
			RuntimeCall::Identity(pallet_ecert_identity::Call::approve {
				account: account.to_account_id(),
				id,
			}),
		);
	}

	/// Accredits `org_code`, acting through identity `identity`, for
	/// `certificate_type`.
	pub fn accredit(
		&self,
		org_code: &ecert_primitives::OrgCode,
		identity: ecert_primitives::IdentityId,
		certificate_type: &str,
	) {
		self.sudo(main_runtime::RuntimeCall::Issuers(
			main_runtime::pallet_issuers::Call::accredit {
				org_code: org_code.clone(),
				name: "National Taiwan University".try_into().unwrap(),
				identity,
				certificate_types: vec![certificate_type.parse().unwrap()].try_into().unwrap(),
				valid_from: None,
				valid_until: None,
				reason: "Ministry of Education decision 115-001".try_into().unwrap(),
			},
		));
	}
}

/// A call issuing diploma `number` to `holder` with `commitment`, valid from
/// the start of time and for good, with no document and no payload.
pub fn diploma_issue_call(
	number: &str,
	holder: ecert_primitives::IdentityId,
	commitment: sp_core::H256,
) -> side_runtime::RuntimeCall {
	side_runtime::RuntimeCall::Certificates(side_runtime::pallet_certificates::Call::issue {
		certificate_type: "diploma".parse().unwrap(),
		terms: ecert_primitives::CertificateTerms {
			number: number.parse().unwrap(),
			holder,
			commitment,
			valid_from: 0,
			valid_until: None,
			asset: ecert_primitives::AssetMetadata::FIELDS,
			document: None,
		},
		payload: None,
	})
}

/// The diploma's field schema, as the development chains register it.
pub fn diploma_schema() -> ecert_primitives::FieldSchema {
	ecert_primitives::schema_preset(&"diploma".parse().unwrap()).expect("a preset").schema()
}

/// A diploma's fields, each with its own salt: `value 0`, `value 1`, ...
pub fn sample_diploma_fields() -> Vec<ecert_primitives::SaltedField> {
	diploma_schema()
		.names()
		.into_iter()
		.enumerate()
		.map(|(i, name)| ecert_primitives::SaltedField {
			name: name.into(),
			value: format!("value {i}"),
			salt: sp_core::H256::repeat_byte(i as u8 + 1),
		})
		.collect()
}

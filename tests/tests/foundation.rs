//! The foundation, end to end: real `ecert-node` processes for the main chain
//! and a side chain, checked over JSON-RPC.

use ecert_client::{
	api::{openrpc, MainChainApiClient, WRONG_CHAIN_CODE},
	RpcError,
};
use ecert_tests::{run_node_command, wasm::runtime_version_of_code, Node};
use serde_json::{json, Value};
use std::time::Duration;

const FINALITY_TIMEOUT: Duration = Duration::from_secs(90);

#[test]
fn main_and_side_chains_produce_and_finalize_blocks() {
	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let side = Node::start("side-diploma-dev", &dir.path().join("side"));

	for node in [&main, &side] {
		let (_, finalized) = node.wait_finalized(3, FINALITY_TIMEOUT);
		assert!(finalized >= 3, "{} finalized only #{finalized}", node.chain());
		assert!(node.best_number() >= finalized, "{}: best is behind finalized", node.chain());
	}

	let genesis = |node: &Node| node.block_hash(0).expect("genesis exists");
	assert_ne!(genesis(&main), genesis(&side), "the chains share a genesis");

	let spec_name = |node: &Node| {
		let version: sp_version::RuntimeVersion = node.rpc_as("state_getRuntimeVersion", json!([]));
		version.spec_name.to_string()
	};
	assert_eq!(spec_name(&main), "ecert-main");
	assert_eq!(spec_name(&side), "ecert-side");
	assert_eq!(main.rpc("system_chain", json!([])), json!("ecert main (dev)"));
	assert_eq!(side.rpc("system_chain", json!([])), json!("ecert diploma side chain (dev)"));

	// The main chain's registries are read from a main-chain node; a side
	// node says so instead of answering with nothing.
	match side.try_read(|api| api.certificate_types(None)) {
		Err(RpcError::Call { code, message }) => {
			assert_eq!(code, WRONG_CHAIN_CODE, "{message}");
			assert!(message.contains("diploma side chain"), "{message}");
		},
		other => panic!("a side node must refuse the main chain's reads, got {other:?}"),
	}
	// Both serve the OpenRPC document of ecert's methods, for apps in any
	// language.
	for node in [&main, &side] {
		assert_eq!(node.rpc("rpc.discover", json!([])), openrpc::document());
	}
	// The development main chain starts with the built-in types.
	let types = main.read(|api| api.certificate_types(None));
	let ids: Vec<&str> = types.iter().map(|t| t.id.as_str()).collect();
	assert_eq!(ids, ["diploma", "license"]);

	// Every header names its chain in ecert's own digest item ("ecrt").
	for (node, chain) in [
		(&main, ecert_primitives::ChainId::Main),
		(&side, ecert_primitives::ChainId::Side("diploma".parse().unwrap())),
	] {
		let header: ecert_primitives::Header =
			serde_json::from_value(node.rpc("chain_getHeader", json!([]))).unwrap();
		let commitment = ecert_primitives::ChainCommitment::find_in(&header.digest)
			.unwrap_or_else(|| panic!("{}: no chain commitment in {header:?}", node.chain()));
		assert_eq!(commitment.chain, chain);
	}

	// Both chains run one node that is the only validator: its finality
	// comes from its own GRANDPA votes.
	for node in [&main, &side] {
		assert!(!node.health().is_syncing, "{}", node.chain());
	}
}

#[test]
fn a_restarted_node_continues_from_its_last_finalized_block() {
	let dir = tempfile::tempdir().unwrap();
	let base_path = dir.path().join("main");

	let node = Node::start("main-dev", &base_path);
	let (finalized_hash, finalized_number) = node.wait_finalized(3, FINALITY_TIMEOUT);
	let genesis = node.block_hash(0).unwrap();
	node.stop();

	let node = Node::start("main-dev", &base_path);
	assert_eq!(node.block_hash(0).unwrap(), genesis, "the restarted node has a new genesis");
	let (_, number_after_restart) = node.finalized();
	assert!(
		number_after_restart >= finalized_number,
		"finality went back from #{finalized_number} to #{number_after_restart}"
	);
	assert_eq!(
		node.block_hash(finalized_number),
		Some(finalized_hash),
		"block #{finalized_number} changed across the restart"
	);
	node.wait_finalized(finalized_number + 2, FINALITY_TIMEOUT);
}

/// The committed chain specs must be what the node generates today. The
/// runtime code is compared by the version it declares: its bytes depend on
/// the build machine's paths.
#[test]
fn committed_chain_specs_match_what_the_node_generates() {
	let specs_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-specs");
	for chain in ["main-local", "side-diploma-local", "side-license-local"] {
		let committed_path = specs_dir.join(format!("{chain}.json"));
		let committed: Value = serde_json::from_str(
			&std::fs::read_to_string(&committed_path)
				.unwrap_or_else(|e| panic!("{}: {e}", committed_path.display())),
		)
		.unwrap();
		let generated: Value = serde_json::from_str(&run_node_command(&[
			"build-spec",
			"--chain",
			chain,
			"--disable-default-bootnode",
		]))
		.unwrap();

		let (committed_code, committed_rest) = split_code(committed);
		let (generated_code, generated_rest) = split_code(generated);
		assert_eq!(
			committed_rest, generated_rest,
			"chain-specs/{chain}.json is out of date: run scripts/generate-chain-specs.sh"
		);
		assert_eq!(
			runtime_version_of_code(&committed_code).unwrap(),
			runtime_version_of_code(&generated_code).unwrap(),
			"chain-specs/{chain}.json has another runtime version: run scripts/generate-chain-specs.sh"
		);
	}
}

fn split_code(mut spec: Value) -> (String, Value) {
	let code = spec
		.pointer_mut("/genesis/runtimeGenesis")
		.and_then(|genesis| genesis.as_object_mut())
		.and_then(|genesis| genesis.remove("code"))
		.and_then(|code| code.as_str().map(String::from))
		.expect("a plain chain spec holds the runtime code");
	(code, spec)
}

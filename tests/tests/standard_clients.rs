//! Unmodified ecosystem clients: the `@polkadot/api` package from npm, as
//! published, against a real main node and a real side node. It reads the
//! ecert pallets' storage by their metadata names and submits signed
//! extrinsics from `//Alice` until they are finalized
//! (`tests/js/polkadot-api.mjs`). The results are then checked from Rust.

use ecert_tests::Node;
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;
use std::{
	path::Path,
	process::{Command, Stdio},
	time::Duration,
};

/// The package and script, beside this test.
fn js_dir() -> &'static Path {
	Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/js"))
}

/// Checks that `scripts/setup.sh` installed the pinned `@polkadot/api`
/// (package-lock.json) beside the script.
fn check_package_installed() {
	let installed = js_dir().join("node_modules/@polkadot/api/package.json");
	assert!(
		installed.exists(),
		"{} is missing: run scripts/setup.sh, which installs the test client with npm ci",
		installed.display()
	);
}

/// Runs the script and gives its JSON report; kills it after `timeout`.
/// What `js/polkadot-api.mjs` reports.
#[derive(serde::Deserialize)]
struct ScriptReport {
	main: MainReport,
	side: SideReport,
}

/// The script's findings on the main chain.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct MainReport {
	/// The pallets' names in the metadata.
	pallets: Vec<String>,
	certificate_types: Vec<String>,
	/// Alice's registration request.
	request: Submitted,
	/// The request as stored, as @polkadot/api decodes it.
	stored_request: StoredRequest,
}

#[derive(serde::Deserialize)]
struct StoredRequest {
	role: String,
}

/// The script's findings on the side chain.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SideReport {
	pallets: Vec<String>,
	leaf_count: u32,
	/// The chains its light clients follow, as @polkadot/api shows them.
	tracked_chains: Value,
	/// A remark of Alice's.
	remark: Submitted,
}

/// A transaction the script submitted, once finalized.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Submitted {
	block_hash: String,
	/// `section.method` of each event.
	events: Vec<String>,
}

fn run_script(main: &Node, side: &Node, timeout: Duration) -> ScriptReport {
	let mut child = Command::new("node")
		.arg("polkadot-api.mjs")
		.args([main.ws_url(), side.ws_url()])
		.current_dir(js_dir())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("node runs");
	let finished = ecert_harness::poll(timeout, Duration::from_millis(200), || {
		child.try_wait().expect("the script can be waited for").map(|_| ())
	});
	if finished.is_none() {
		let _ = child.kill();
		let _ = child.wait();
		panic!("the @polkadot/api script did not finish within {timeout:?}");
	}
	let output = child.wait_with_output().expect("the script's output can be read");
	let stdout = String::from_utf8_lossy(&output.stdout);
	assert!(
		output.status.success(),
		"the @polkadot/api script failed ({}):\n{}\n{}",
		output.status,
		stdout,
		String::from_utf8_lossy(&output.stderr)
	);
	let line = stdout.lines().find(|line| line.starts_with('{')).expect("a JSON report");
	serde_json::from_str(line).expect("the report is JSON")
}

/// Checks that block `hash` of `node` is finalized.
fn assert_finalized(node: &Node, hash: &str) {
	let header = node.rpc("chain_getHeader", json!([hash]));
	let number = ecert_tests::header_number(&header);
	let (_, finalized) = node.finalized();
	assert!(number <= finalized, "block {hash} (#{number}) is not finalized (#{finalized})");
	assert_eq!(
		node.block_hash(number).as_deref(),
		Some(hash),
		"block {hash} is not on the node's chain"
	);
}

#[test]
fn polkadot_js_api_reads_storage_and_submits_signed_extrinsics() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	check_package_installed();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let side = Node::start("side-diploma-dev", &dir.path().join("side"));

	let report = run_script(&main, &side, Duration::from_secs(180));

	// Main chain: the ecert pallets by their metadata names.
	let pallets = &report.main.pallets;
	use ecert_primitives::storage::{
		ANCHORING_PALLET, CERTIFICATES_PALLET, CERTIFICATE_TYPES_PALLET, IDENTITY_PALLET,
		ISSUERS_PALLET, REGISTRY_VIEW_PALLET,
	};
	for pallet in [IDENTITY_PALLET, ISSUERS_PALLET, CERTIFICATE_TYPES_PALLET, ANCHORING_PALLET] {
		assert!(pallets.contains(&pallet.to_owned()), "main metadata lacks {pallet}: {pallets:?}");
	}
	assert_eq!(report.main.certificate_types, ["diploma", "license"]);
	let request = &report.main.request;
	assert!(request.events.contains(&"identity.RegistrationRequested".to_owned()), "{request:?}");
	assert_finalized(&main, &request.block_hash);
	assert_eq!(report.main.stored_request.role, "Verifier");
	// The request the script made is in main-chain state, as Rust reads it.
	let alice = Sr25519Keyring::Alice.to_account_id();
	assert!(
		main.storage(&ecert_primitives::storage::registration_request(&alice)).is_some(),
		"Identity.Requests holds no request for Alice"
	);

	// Side chain.
	let pallets = &report.side.pallets;
	for pallet in [CERTIFICATES_PALLET, REGISTRY_VIEW_PALLET, ANCHORING_PALLET] {
		assert!(pallets.contains(&pallet.to_owned()), "side metadata lacks {pallet}: {pallets:?}");
	}
	assert_eq!(report.side.leaf_count, 0);
	assert_eq!(report.side.tracked_chains, json!([{ "main": null }]));
	let remark = &report.side.remark;
	assert!(remark.events.contains(&"system.Remarked".to_owned()), "{remark:?}");
	assert_finalized(&side, &remark.block_hash);

	main.stop();
	side.stop();
}

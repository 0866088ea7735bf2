//! Hostile input against real nodes:
//! - a flood of free registry-view updates, built from proofs that made-up
//!   identities and organisations are absent from the main chain, sent to a
//!   side node while an issuer issues;
//! - a one-megabyte string sent to every `ecert_*` method.

use codec::Decode;
use ecert_client::{api::INVALID_PARAMS_CODE, SideChain};
use ecert_client::{BlockingNode, ClientError};
use ecert_primitives::{storage, ChainId, IdentityId, OrgCode, Role};
use ecert_tests::side_runtime::{pallet_registry_view, RuntimeCall};
use ecert_tests::{diploma_issue_call, run_node_command, wait_for, MainRegistry, Node, Relay};
use serde_json::{json, Value};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

fn identity_id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

fn hex_keys(keys: &[Vec<u8>]) -> Value {
	json!(keys.iter().map(|key| format!("0x{}", hex::encode(key))).collect::<Vec<_>>())
}

/// How many keys the side chain's state holds under `prefix`.
fn count_keys(node: &Node, prefix: &[u8]) -> usize {
	let mut count = 0;
	let mut start: Option<String> = None;
	loop {
		let page = node
			.rpc("state_getKeysPaged", json!([format!("0x{}", hex::encode(prefix)), 1000, start]));
		let keys = page.as_array().unwrap();
		count += keys.len();
		match keys.last() {
			Some(last) if keys.len() == 1000 => start = Some(last.as_str().unwrap().into()),
			_ => return count,
		}
	}
}

fn issue_call(number: &str) -> RuntimeCall {
	diploma_issue_call(number, identity_id(0xd0), H256::repeat_byte(0x5a))
}

#[test]
fn a_flood_of_absence_proofs_neither_grows_state_nor_delays_issuance() {
	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let side = Node::start("side-diploma-dev", &dir.path().join("side"));
	let relay = Relay::start(&main, &[&side], &dir.path().join("relay"));
	let registry = MainRegistry { rpc: BlockingNode::new(main.rpc_url()) };
	let nobody = ecert_primitives::sealed::KeyAgreementPair::from_seed("//nobody");
	registry.register(Sr25519Keyring::Charlie, identity_id(0xc0), Role::Issuer, &nobody);
	registry.register(Sr25519Keyring::Dave, identity_id(0xd0), Role::Holder, &nobody);
	let ntu: OrgCode = "NTU".parse().unwrap();
	registry.accredit(&ntu, identity_id(0xc0), "diploma");
	let side_rpc = BlockingNode::new(side.rpc_url());
	wait_for(
		Duration::from_secs(120),
		"the relay proves the registries and the university may issue",
		|| side_rpc.submit::<SideChain>(&Sr25519Keyring::Charlie.pair(), issue_call("N-0")).is_ok(),
		|| relay.log_tail(),
	);
	let view_prefix =
		sp_crypto_hashing::twox_128(storage::REGISTRY_VIEW_PALLET.as_bytes()).to_vec();
	let view_keys_before = count_keys(&side, &view_prefix);

	// A main header the side chain's light client holds: the proofs are
	// genuine, only what they prove (absence) is worthless.
	let chains_key = storage::anchored_chain(&ChainId::Main);
	let state = ecert_primitives::ChainState::<u32>::decode(
		&mut &side.storage(&chains_key).expect("the side chain tracks main")[..],
	)
	.unwrap();
	let anchored = format!("{:?}", state.best_hash);

	let flooded: Vec<(Vec<OrgCode>, Vec<IdentityId>)> = (0..63u64)
		.map(|batch| {
			let ids =
				(0..16).map(|i| IdentityId(H256::from_low_u64_be(0xf1_0000 + batch * 16 + i)));
			let orgs = (0..16).map(|i| format!("FLOOD-{}", batch * 16 + i).parse().unwrap());
			(orgs.collect(), ids.collect())
		})
		.collect();
	let issuances = std::thread::scope(|scope| {
		// The issuer issues while the flood goes on.
		let issuer = scope.spawn(|| {
			let rpc = BlockingNode::new(side.rpc_url());
			(1..=5)
				.map(|n| {
					let best = side.best_number();
					let receipt = rpc
						.submit::<SideChain>(
							&Sr25519Keyring::Charlie.pair(),
							issue_call(&format!("N-{n}")),
						)
						.expect("issuance goes through the flood");
					(best, receipt.block_number)
				})
				.collect::<Vec<_>>()
		});
		let flood_rpc = BlockingNode::new(side.rpc_url());
		for (orgs, ids) in &flooded {
			let keys: Vec<Vec<u8>> =
				orgs.iter().map(storage::issuer).chain(ids.iter().map(storage::identity)).collect();
			#[derive(serde::Deserialize)]
			struct ReadProof {
				proof: Vec<sp_core::Bytes>,
			}
			let read: ReadProof =
				main.rpc_as("state_getReadProof", json!([hex_keys(&keys), anchored]));
			let proof: Vec<Vec<u8>> = read.proof.into_iter().map(|node| node.0).collect();
			let call = RuntimeCall::RegistryView(pallet_registry_view::Call::update_view {
				main_header: state.best_hash,
				issuers: orgs.clone().try_into().unwrap(),
				identities: ids.clone().try_into().unwrap(),
				proof: proof
					.into_iter()
					.map(|node| node.try_into().unwrap())
					.collect::<Vec<_>>()
					.try_into()
					.unwrap(),
			});
			match flood_rpc.submit_unsigned::<SideChain>(&call) {
				Err(ClientError::Rejected(_)) => {},
				other => panic!("the pool must refuse a proof of absence, got {other:?}"),
			}
		}
		issuer.join().unwrap()
	});

	for (best_at_submission, included) in issuances {
		assert!(
			included <= best_at_submission + 2,
			"submitted at #{best_at_submission}, included only at #{included}"
		);
	}
	for (orgs, ids) in &flooded {
		for id in ids {
			assert!(side.storage(&storage::identity_proven_at(id)).is_none());
		}
		for org in orgs {
			assert!(side.storage(&storage::issuer_proven_at(org)).is_none());
		}
	}
	assert_eq!(count_keys(&side, &view_prefix), view_keys_before, "the view did not grow");

	// The relay stops: no main-chain header reaches the side chain any more.
	// Once the development chain's limit (a minute) has passed, issuance is
	// refused with an error that says why.
	relay.kill();
	let mut number = 100;
	wait_for(
		Duration::from_secs(180),
		"issuance is refused once the main-chain view is too old",
		|| {
			number += 1;
			let call = issue_call(&format!("N-{number}"));
			match side_rpc.submit::<SideChain>(&Sr25519Keyring::Charlie.pair(), call) {
				Ok(_) => false,
				Err(ClientError::Rejected(message)) => {
					assert!(message.contains("MainChainViewTooOld"), "{message}");
					true
				},
				Err(other) => panic!("{other}"),
			}
		},
		|| side.log_tail(),
	);
}

/// Every `ecert_*` method a node serves.
fn ecert_methods(node: &Node) -> Vec<String> {
	#[derive(serde::Deserialize)]
	struct Methods {
		methods: Vec<String>,
	}
	let served: Methods = node.rpc_as("rpc_methods", json!([]));
	served.methods.into_iter().filter(|name| name.starts_with("ecert_")).collect()
}

#[test]
fn a_megabyte_string_gets_a_short_invalid_params_error_from_every_ecert_method() {
	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let side = Node::start("side-diploma-dev", &dir.path().join("side"));
	let huge = "5".repeat(1 << 20);
	for node in [&main, &side] {
		let methods = ecert_methods(node);
		assert!(methods.len() >= 11, "{methods:?}");
		for method in &methods {
			let error = node.rpc_error(method, json!([huge]));
			assert_eq!(error.code, INVALID_PARAMS_CODE, "{method}: {error}");
			let shown = error.to_string();
			assert!(shown.len() < 400, "{method} repeats its input: {} bytes", shown.len());
		}
	}
	// A long but plausible address is refused as fast, and named by length.
	let error = main.rpc_error("ecert_publicKey", json!(["5".repeat(65)]));
	assert!(error.message.contains("at most 64"), "{error}");
	let error = main.rpc_error("ecert_identity", json!(["5".repeat(60)]));
	assert_eq!(error.code, INVALID_PARAMS_CODE, "{error}");
	assert!(error.to_string().len() < 300, "{error}");

	// The node's defaults for a public endpoint.
	let help = run_node_command(&["--help"]);
	// An option's text runs to the next option.
	let flag = |name: &str| {
		let at = help.find(name).unwrap_or_else(|| panic!("{name} in --help"));
		let rest = &help[at..];
		rest[..rest[1..].find("\n      --").map_or(rest.len(), |end| end + 1)].to_owned()
	};
	assert!(flag("--rpc-max-request-size").contains("[default: 4]"), "{help}");
	assert!(flag("--rpc-rate-limit <").contains("[default: 6000]"), "{help}");
}

//! A network spread over hosts, as operators in several organisations run
//! it: each host a Linux network namespace with its own address (loopback
//! addresses when the test is not root), four hosts each running a main-chain
//! validator and a diploma-chain validator from production specs with no
//! sudo key, and the relay on a sixth host. The council governs; validators
//! crash and come back; the council adds a main-chain validator on the fifth
//! host, which validates from the session after next, and the diploma
//! chain's light client follows the new set through the relay.
//!
//! Four validators per chain, because GRANDPA finalizes with more than two
//! thirds of the votes: four validators carry on without one of them and
//! stall without two, where three would stall without one.

use codec::Decode;
use ecert_cli::output::{
	CertificateIssued, CheckpointSaved, CouncilView, ProofVerified, SessionKeysSet, ValidatorsView,
};
use ecert_client::api::{IssuerView, Verification};
use ecert_harness::{Host, Lan};
use ecert_primitives::{
	storage, AccreditationStatus, BlockNumber, ChainId, ChainState, Header, VerificationStatus,
};
use ecert_tests::{
	cli::{strs, Ecert, WAITING},
	run_node_command, wait_for, Node, NodeConfig, Relay,
};
use sp_core::{crypto::Ss58Codec, ed25519, sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::{
	path::{Path, PathBuf},
	time::Duration,
};

const TIMEOUT: Duration = Duration::from_secs(180);

/// The hosts that run validators from the start.
const VALIDATOR_HOSTS: usize = 4;
/// The host of the main-chain validator the council adds.
const NEWCOMER_HOST: usize = VALIDATOR_HOSTS;
/// The relay's host.
const RELAY_HOST: usize = VALIDATOR_HOSTS + 1;
/// The newcomer's account, funded in the description.
const NEWCOMER: &str = "//main-validator-4";

/// One validator of one chain: its session keys' secret, its node key.
struct Validator {
	suri: String,
	node_key: String,
	peer_id: String,
}

impl Validator {
	fn new(dir: &Path, chain: &str, host: usize, key_byte: u16) -> Validator {
		let node_key = format!("{:064x}", key_byte);
		let file = dir.join(format!("{chain}-{host}.node-key"));
		std::fs::write(&file, &node_key).unwrap();
		let peer_id =
			run_node_command(&["key", "inspect-node-key", "--file", &file.display().to_string()]);
		Validator {
			suri: format!("//{chain}-validator-{host}"),
			node_key,
			peer_id: peer_id.trim().into(),
		}
	}

	/// Its entry in the network description.
	fn described(&self, table: &str, organisation: &str) -> String {
		let aura = sr25519::Pair::from_string(&self.suri, None).unwrap().public();
		let grandpa = ed25519::Pair::from_string(&self.suri, None).unwrap().public();
		format!(
			"[[{table}]]\norganisation = \"{organisation}\"\naura = \"{}\"\ngrandpa = \"{}\"\npeer_id = \"{}\"\n",
			aura.to_ss58check(),
			grandpa.to_ss58check(),
			self.peer_id
		)
	}

	/// Puts its session keys into the keystore at `base_path`, as its
	/// operator does on the host (`ecert-node key insert`).
	fn insert_keys(&self, spec: &Path, base_path: &Path) {
		for (key_type, scheme) in [("aura", "sr25519"), ("gran", "ed25519")] {
			run_node_command(&[
				"key",
				"insert",
				"--base-path",
				&base_path.display().to_string(),
				"--chain",
				&spec.display().to_string(),
				"--key-type",
				key_type,
				"--scheme",
				scheme,
				"--suri",
				&self.suri,
			]);
		}
	}
}

/// One chain over the hosts: its spec, its validators, the running nodes
/// (`None` while one is down).
struct Chain {
	name: &'static str,
	spec: PathBuf,
	validators: Vec<Validator>,
	nodes: Vec<Option<Node>>,
}

impl Chain {
	fn base_path(&self, dir: &Path, host: usize) -> PathBuf {
		dir.join(format!("host{}", host + 1)).join(self.name)
	}

	/// Starts the validator of `host`, with the first host's node as its
	/// bootnode (the first one has none).
	fn start(&mut self, dir: &Path, hosts: &[Host], host: usize) {
		let base_path = self.base_path(dir, host);
		let bootnodes = match host {
			0 => vec![],
			_ => vec![self.nodes[0].as_ref().expect("the first host runs").multiaddr()],
		};
		let spec = self.spec.display().to_string();
		let node = Node::launch_on(
			NodeConfig {
				chain: &spec,
				base_path: &base_path,
				validator: Some("validator"),
				node_key: &self.validators[host].node_key,
				bootnodes,
			},
			&hosts[host],
		);
		self.nodes[host] = Some(node);
	}

	/// The node of the first host, which runs throughout.
	fn first(&self) -> &Node {
		self.nodes[0].as_ref().expect("the first host runs")
	}

	/// Kills the validator of `host` with SIGKILL, as a crash would.
	fn crash(&mut self, host: usize) {
		self.nodes[host].take().expect("it runs").kill();
	}

	/// Waits until the chain finalizes `blocks` more blocks.
	fn finalizes_more(&self, blocks: u32) {
		let from = self.first().finalized().1;
		self.first().wait_finalized(from + blocks, TIMEOUT);
	}
}

#[test]
fn a_network_over_hosts_carries_on_through_crashes_and_is_governed_by_its_council() {
	let (lan, how) = Lan::new(RELAY_HOST + 1).unwrap_or_else(|error| panic!("{error}"));
	println!("hosts: {how}");
	let hosts = lan.hosts().to_vec();
	let relay_host = &hosts[RELAY_HOST];
	let dir = tempfile::tempdir().unwrap();
	let dir = dir.path();

	// The description: the identity authority governs the main chain, the
	// ministry of education the diploma chain; each host runs one validator
	// of each.
	let main_validators: Vec<Validator> = (0..VALIDATOR_HOSTS)
		.map(|host| Validator::new(dir, "main", host, 0x100 + host as u16))
		.collect();
	let side_validators: Vec<Validator> = (0..VALIDATOR_HOSTS)
		.map(|host| Validator::new(dir, "diploma", host, 0x200 + host as u16))
		.collect();
	let address = |who: Sr25519Keyring| who.to_account_id().to_ss58check();
	let [alice, bob, charlie, dave, eve, ferdie] = [
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.map(address);
	let mut description = format!(
		r#"
[network]
name = "Hostland"
id = "hostland"
block_time_ms = 2000
session_blocks = 10

[[organisation]]
id = "authority"
name = "Hostland Identity Authority"
council = ["{alice}", "{bob}", "{charlie}"]

[[organisation]]
id = "education"
name = "Hostland Ministry of Education"
council = ["{bob}", "{charlie}", "{eve}"]

[main]
governed_by = "authority"
registrars = ["{alice}"]

"#
	);
	let newcomer = sr25519::Pair::from_string(NEWCOMER, None).unwrap().public().to_ss58check();
	for account in [&alice, &bob, &charlie, &dave, &eve, &ferdie, &newcomer] {
		description += &format!("[[balance]]\naccount = \"{account}\"\nect = 1000\n");
	}
	for validator in &main_validators {
		description += &validator.described("main.validator", "authority");
	}
	description +=
		"\n[[side_chain]]\ncertificate_type = \"diploma\"\ngoverned_by = \"education\"\n";
	for validator in &side_validators {
		description += &validator.described("side_chain.validator", "education");
	}
	let description_file = dir.join("network.toml");
	std::fs::write(&description_file, &description).unwrap();
	let specs = dir.join("specs");
	run_node_command(&[
		"network-specs",
		"--network",
		&description_file.display().to_string(),
		"--out",
		&specs.display().to_string(),
	]);

	let mut chains = [
		Chain {
			name: "main",
			spec: specs.join("main.json"),
			validators: main_validators,
			nodes: Vec::new(),
		},
		Chain {
			name: "diploma",
			spec: specs.join("side-diploma.json"),
			validators: side_validators,
			nodes: Vec::new(),
		},
	];
	for chain in &mut chains {
		chain.nodes = (0..VALIDATOR_HOSTS).map(|_| None).collect();
		for host in 0..VALIDATOR_HOSTS {
			chain.validators[host].insert_keys(&chain.spec, &chain.base_path(dir, host));
			chain.start(dir, &hosts, host);
		}
		chain.first().wait_finalized(2, TIMEOUT);
	}
	let relay =
		Relay::start_on(chains[0].first(), &[chains[1].first()], &dir.join("relay"), relay_host);
	let work = dir.join("work");
	std::fs::create_dir_all(&work).unwrap();
	let ecert = Ecert {
		dir: work,
		main_url: chains[0].first().ws_url(),
		side_url: chains[1].first().ws_url(),
	};
	let council: CouncilView = ecert.ok_as(&["council", "list"]);
	assert_eq!((council.members.len(), council.two_thirds, &council.sudo), (3, 2, &None));

	// 1. The council accredits an issuer: one member's vote waits, a second
	//    carries it.
	let university = format!("{:?}", sp_core::H256::repeat_byte(0x17));
	let graduate = format!("{:?}", sp_core::H256::repeat_byte(0x18));
	for (account, role, id) in
		[("//Dave", "issuer", &university), ("//Ferdie", "holder", &graduate)]
	{
		ecert.ok(&["identity", "request", "--as", account, "--role", role]);
		ecert.ok(&["identity", "approve", "--as", "//Alice", "--account", account, "--id", id]);
	}
	let accredit = |member: &str| -> Vec<String> {
		[
			"issuer",
			"accredit",
			"--as",
			member,
			"--org",
			"NTU",
			"--name",
			"National Taiwan University",
			"--identity",
			"//Dave",
			"--types",
			"diploma",
			"--reason",
			"council decision 7",
		]
		.map(String::from)
		.to_vec()
	};
	let waiting = ecert.fails(&strs(&accredit("//Alice")), WAITING);
	assert!(waiting.contains("has 1 of the 2 votes"), "{waiting}");
	ecert.ok(&strs(&accredit("//Charlie")));
	let issuer: IssuerView = ecert.ok_as(&["issuer", "show", "NTU"]);
	assert_eq!(issuer.record.status, AccreditationStatus::Active);

	// 2. A certificate, issued once the relay has carried the accreditation
	//    to the diploma chain, and proven offline.
	let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/diploma.json");
	let data = data.display().to_string();
	let issue = ["cert", "issue", "--as", "//Dave", "--holder", "//Ferdie", "--data", &data];
	let mut issued = None;
	wait_for(
		TIMEOUT,
		"the diploma chain takes the university's certificate",
		|| {
			let run = ecert.run(&[&ecert.on_side(&issue)[..], &["--json"]].concat());
			issued = (run.code == 0).then(|| run.parsed::<CertificateIssued>());
			issued.is_some()
		},
		|| relay.log_tail(),
	);
	let certificate = format!("{:?}", issued.unwrap().certificate_id.0);
	let checkpoint = ecert.path("checkpoint.json");
	let _: CheckpointSaved = ecert.ok_as(&["proof", "checkpoint", "--out", &checkpoint]);
	let proof = ecert.path("proof.bin");
	let export = ecert.on_side(&["proof", "export", &certificate, "--out", &proof]);
	wait_for(
		TIMEOUT,
		"the certificate's block is anchored on the main chain",
		|| ecert.run(&export).code == 0,
		|| relay.log_tail(),
	);
	let proven_offline = |ecert: &Ecert| {
		let proven: ProofVerified =
			ecert.offline().ok_as(&["proof", "verify", &proof, "--checkpoint", &checkpoint]);
		assert!(proven.proof_valid);
		assert_eq!(proven.status, VerificationStatus::Valid);
	};
	proven_offline(&ecert);

	// 3. One validator of each chain crashes: both chains finalize on.
	for chain in &mut chains {
		chain.crash(3);
	}
	for chain in &chains {
		chain.finalizes_more(3);
	}

	// 4. A second one crashes: finality stalls while blocks are still made.
	//    Both come back: finality resumes, and what was finalized before
	//    still verifies.
	for chain in &mut chains {
		chain.crash(2);
	}
	let mut stalled = Vec::new();
	for chain in &chains {
		let node = chain.first();
		// Votes already cast may still finalize a block or two; then
		// nothing more is finalized while the best block moves on.
		node.wait_until(TIMEOUT, "makes blocks past its finalized one", |node| {
			node.best_number() >= node.finalized().1 + 4
		});
		let finalized = node.finalized().1;
		let best = node.best_number();
		node.wait_until(TIMEOUT, "makes more blocks", |node| node.best_number() >= best + 4);
		assert_eq!(
			node.finalized().1,
			finalized,
			"{} finalized with two validators down",
			chain.name
		);
		stalled.push(finalized);
	}
	for chain in &mut chains {
		for host in [2, 3] {
			chain.start(dir, &hosts, host);
		}
	}
	for chain in &chains {
		chain.finalizes_more(3);
	}
	proven_offline(&ecert);
	let online: Verification = ecert.side_as(&["cert", "verify", &certificate]);
	assert_eq!(online.status, VerificationStatus::Valid);
	// The relay carries on from where finality stood: a proof made now is
	// anchored past the stall, and verifies too.
	let later = ecert.path("later.bin");
	let export_later = ecert.on_side(&["proof", "export", &certificate, "--out", &later]);
	let verify_later = ["proof", "verify", &later, "--checkpoint", &checkpoint, "--json"];
	wait_for(
		TIMEOUT,
		"the relay anchors past the stall",
		|| {
			ecert.run(&export_later).code == 0 && {
				let run = ecert.offline().run(&verify_later);
				run.code == 0 && run.parsed::<ProofVerified>().main_block_number > stalled[0]
			}
		},
		|| relay.log_tail(),
	);

	// 5. The council adds a main-chain validator on a host of its own: its
	//    node is admitted, makes its session keys and registers them, and
	//    its account is listed. From the session after next it makes blocks
	//    and votes: with one of the first four down, the main chain
	//    finalizes only with its votes. The diploma chain's light client
	//    follows the new set through the relay, and a new certificate's
	//    proof verifies against a checkpoint of it.
	let old_set: u64 = chains[0].first().decoded(&storage::grandpa_set_id());
	let main = &mut chains[0];
	main.validators.push(Validator::new(dir, "main", NEWCOMER_HOST, 0x100 + NEWCOMER_HOST as u16));
	main.nodes.push(None);
	let peer_id = main.validators[NEWCOMER_HOST].peer_id.clone();
	let admit = |member: &'static str| {
		["node", "admit", "--as", member, "--peer-id", &peer_id, "--owner", NEWCOMER].to_vec()
	};
	ecert.fails(&admit("//Alice"), WAITING);
	ecert.ok(&admit("//Charlie"));
	main.start(dir, &hosts, NEWCOMER_HOST);
	let newcomer_node = main.nodes[NEWCOMER_HOST].as_ref().expect("started");
	// Caught up, finality too: a node whose best block runs far ahead of its
	// finalized one has its subscriptions stopped (chainHead_follow).
	let finalized = main.first().finalized().1;
	newcomer_node.wait_until(TIMEOUT, "catches up with the main chain", |node| {
		node.finalized().1 >= finalized && !node.health().is_syncing
	});
	let keys: SessionKeysSet =
		ecert.ok_as(&["validator", "keys", "--as", NEWCOMER, "--url", &newcomer_node.ws_url()]);
	let keys = hex::decode(keys.keys.trim_start_matches("0x")).unwrap();
	let aura = sr25519::Public::from_raw(keys[..32].try_into().unwrap());
	let add = |member: &'static str| ["validator", "add", "--as", member, "--account", NEWCOMER];
	let waiting = ecert.fails(&add("//Alice"), WAITING);
	assert!(waiting.contains("has 1 of the 2 votes"), "{waiting}");
	ecert.ok(&add("//Charlie"));
	wait_for(
		TIMEOUT,
		"the newcomer validates",
		|| {
			let listed: ValidatorsView = ecert.ok_as(&["validator", "list"]);
			listed
				.validators
				.iter()
				.any(|validator| validator.account == newcomer && validator.active)
		},
		|| main.first().log_tail(),
	);
	let new_set: u64 = main.first().decoded(&storage::grandpa_set_id());
	assert!(new_set > old_set, "no GRANDPA set change: still set {old_set}");
	let mut next = main.first().finalized().1;
	wait_for(
		TIMEOUT,
		"the newcomer makes a block that is finalized",
		|| {
			let finalized = main.first().finalized().1;
			let made = (next..=finalized).any(|number| author(main.first(), number) == aura);
			next = finalized + 1;
			made
		},
		|| newcomer_node.log_tail(),
	);
	main.crash(3);
	main.finalizes_more(3);
	let side = chains[1].first();
	wait_for(
		TIMEOUT,
		"the diploma chain's light client follows the new set",
		|| {
			let followed: ChainState<BlockNumber> =
				side.decoded(&storage::anchored_chain(&ChainId::Main));
			followed.set_id >= new_set && followed.authorities.len() == VALIDATOR_HOSTS + 1
		},
		|| relay.log_tail(),
	);
	let second = ecert.path("second.json");
	let data = std::fs::read_to_string(&data).unwrap().replace("NTU-2026-0001", "NTU-2026-0002");
	std::fs::write(&second, data).unwrap();
	let issue = ["cert", "issue", "--as", "//Dave", "--holder", "//Ferdie", "--data", &second];
	let issued: CertificateIssued = ecert.side_as(&issue);
	let certificate = format!("{:?}", issued.certificate_id.0);
	let new_checkpoint = ecert.path("new-checkpoint.json");
	let saved: CheckpointSaved = ecert.ok_as(&["proof", "checkpoint", "--out", &new_checkpoint]);
	assert!(saved.checkpoint.set_id >= new_set);
	let new_proof = ecert.path("new-proof.bin");
	let export = ecert.on_side(&["proof", "export", &certificate, "--out", &new_proof]);
	wait_for(
		TIMEOUT,
		"the new certificate's block is anchored on the main chain",
		|| ecert.run(&export).code == 0,
		|| relay.log_tail(),
	);
	let proven: ProofVerified =
		ecert.offline().ok_as(&["proof", "verify", &new_proof, "--checkpoint", &new_checkpoint]);
	assert!(proven.proof_valid);
	assert_eq!(proven.status, VerificationStatus::Valid);
	// And the first certificate's proof, made under the old set, still
	// verifies against the checkpoint of its time.
	proven_offline(&ecert);

	// Processes first, then the hosts they ran on.
	drop(relay);
	drop(chains);
	drop(lan);
}

/// The Aura key that made block `number` of `node`'s chain: the slot's
/// author among the authorities of its parent's state.
fn author(node: &Node, number: u32) -> sr25519::Public {
	let hash = node.block_hash(number).expect("a finalized block");
	let header: Header =
		serde_json::from_value(node.rpc("chain_getHeader", serde_json::json!([hash]))).unwrap();
	let slot: u64 = header
		.digest
		.logs()
		.iter()
		// Aura's engine id.
		.find_map(|log| log.pre_runtime_try_to(b"aura"))
		.expect("an Aura block");
	let parent = format!("{:?}", header.parent_hash);
	let key = format!("0x{}", hex::encode(storage::prefix("Aura", "Authorities")));
	let authorities: sp_core::Bytes =
		serde_json::from_value(node.rpc("state_getStorage", serde_json::json!([key, parent])))
			.unwrap();
	let authorities = Vec::<sr25519::Public>::decode(&mut &authorities[..]).unwrap();
	authorities[(slot % authorities.len() as u64) as usize]
}

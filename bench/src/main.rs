//! `ecert-bench`: how fast a side chain finalizes certificates, against
//! plain balance transfers on the same node.
//!
//! It starts a `main-dev` node, a `side-diploma-dev` node and an
//! `ecert-relay`, registers `--issuers` issuer identities and accredits them
//! on the main chain, waits until the relay has proven them to the side
//! chain, then runs two workloads of `--count` transactions each on the side
//! chain, signed in advance and spread over the issuer accounts:
//!
//! 1. `issue`: certificate issuances (a salted commitment, no payload);
//! 2. `transfer`: `transfer_keep_alive` of one unit.
//!
//! For each it reports the transactions finalized per second (from the
//! first submission to the finalization of the last one), the blocks used
//! and the most that fit in one block; then the ratio issue/transfer and the
//! node's peak resident memory.

use clap::Parser;
use ecert_client::{MainChain, Rpc, SideChain};
use ecert_primitives::{
	storage, AssetMetadata, CertificateTerms, DataType, Hash, HashAlgorithm, IdentityId,
	IdentityKeys, KeyAgreementKey, Name, OrgCode, Reason, Role, SigningKey,
};
use ecert_side_runtime::RuntimeCall;
use serde_json::json;
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_keyring::Sr25519Keyring;
use std::{
	collections::HashSet,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// Measures certificates finalized per second on a side chain, against
/// balance transfers on the same node.
///
/// Example: `ecert-bench --count 2000 --issuers 4`
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
	/// Transactions per workload.
	#[arg(long, default_value_t = 2_000)]
	count: u32,
	/// Issuer accounts to spread the load over.
	#[arg(long, default_value_t = 4)]
	issuers: u32,
	/// The ecert-node binary to start. Defaults to the one beside this binary.
	#[arg(long)]
	node: Option<PathBuf>,
	/// The ecert-relay binary to start. Defaults to the one beside this
	/// binary.
	#[arg(long)]
	relay: Option<PathBuf>,
	/// Print the figures as JSON.
	#[arg(long)]
	json: bool,
}

/// A node this tool started; stopped on drop.
struct OwnNode {
	child: Child,
	_dir: tempfile::TempDir,
}

impl Drop for OwnNode {
	fn drop(&mut self) {
		// SAFETY: `kill` with a valid pid and signal has no memory effects.
		unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
		let _ = self.child.wait();
	}
}

fn free_port() -> u16 {
	std::net::TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|address| address.port())
		.unwrap_or(9944)
}

fn start_node(binary: &PathBuf, chain: &str) -> Result<(OwnNode, String), String> {
	let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
	let rpc_port = free_port();
	let log = std::fs::File::create(dir.path().join("node.log")).map_err(|e| e.to_string())?;
	let child = Command::new(binary)
		.args(["--chain", chain, "--alice", "--base-path"])
		.arg(dir.path())
		.args(["--node-key", &format!("{:064x}", 1)])
		.args([
			"--rpc-port",
			&rpc_port.to_string(),
			"--no-prometheus",
			"--no-mdns",
			"--no-telemetry",
		])
		.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", free_port())])
		.args([
			"--pool-limit",
			"100000",
			"--pool-kbytes",
			"200000",
			"--rpc-max-connections",
			"1000",
		])
		.stdin(Stdio::null())
		.stdout(log.try_clone().map_err(|e| e.to_string())?)
		.stderr(log)
		.spawn()
		.map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
	let url = format!("http://127.0.0.1:{rpc_port}");
	eprintln!("{chain}: {url}, log in {}", dir.path().join("node.log").display());
	let node = OwnNode { child, _dir: dir };
	let rpc = Rpc::new(url.clone());
	let start = Instant::now();
	while rpc.call("system_health", json!([])).is_err() {
		if start.elapsed() > Duration::from_secs(60) {
			return Err("the node did not answer RPC within 60 s".into());
		}
		std::thread::sleep(Duration::from_millis(250));
	}
	Ok((node, url))
}

/// Starts `ecert-relay` between the two nodes.
fn start_relay(binary: &PathBuf, main_url: &str, side_url: &str) -> Result<OwnNode, String> {
	let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
	let log = std::fs::File::create(dir.path().join("relay.log")).map_err(|e| e.to_string())?;
	let ws = |url: &str| url.replace("http://", "ws://");
	let child = Command::new(binary)
		.args(["--main", &ws(main_url), "--side", &ws(side_url), "--no-prometheus"])
		.stdin(Stdio::null())
		.stdout(log.try_clone().map_err(|e| e.to_string())?)
		.stderr(log)
		.spawn()
		.map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
	eprintln!("relay: log in {}", dir.path().join("relay.log").display());
	Ok(OwnNode { child, _dir: dir })
}

/// Peak resident memory of process `pid`, in KiB.
fn peak_memory_kib(pid: u32) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
	line.split_whitespace().nth(1)?.parse().ok()
}

/// The figures of one workload.
struct Figures {
	name: &'static str,
	count: usize,
	seconds: f64,
	blocks: usize,
	max_per_block: usize,
}

impl Figures {
	fn per_second(&self) -> f64 {
		self.count as f64 / self.seconds
	}
}

/// Submits `transactions` and waits until finalized blocks hold all of them.
fn run(
	rpc: &Rpc,
	name: &'static str,
	transactions: Vec<(Vec<u8>, Hash)>,
) -> Result<Figures, String> {
	let mut pending: HashSet<Hash> = transactions.iter().map(|(_, hash)| *hash).collect();
	let count = pending.len();
	let mut next = rpc.finalized_number().map_err(|e| e.to_string())? + 1;
	let start = Instant::now();
	for (transaction, _) in &transactions {
		rpc.send(transaction).map_err(|e| format!("{name}: {e}"))?;
	}
	let (mut blocks, mut max_per_block) = (0, 0);
	while !pending.is_empty() {
		if start.elapsed() > Duration::from_secs(600) {
			return Err(format!(
				"{name}: {} transactions not finalized after 600 s",
				pending.len()
			));
		}
		let finalized = rpc.finalized_number().map_err(|e| e.to_string())?;
		while next <= finalized {
			let included = rpc
				.transaction_hashes(next)
				.map_err(|e| e.to_string())?
				.into_iter()
				.filter(|hash| pending.remove(hash))
				.count();
			if included > 0 {
				blocks += 1;
				max_per_block = max_per_block.max(included);
			}
			next += 1;
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	Ok(Figures { name, count, seconds: start.elapsed().as_secs_f64(), blocks, max_per_block })
}

fn issuer_pair(index: u32) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//Issuer{index}"), None).expect("a valid dev seed")
}

fn identity(byte: u8, index: u32) -> IdentityId {
	let mut bytes = [byte; 32];
	bytes[..4].copy_from_slice(&index.to_le_bytes());
	IdentityId(H256(bytes))
}

/// Registers the holder and the issuers on the main chain, accredits the
/// issuers there, funds them on the side chain, and waits until the relay
/// has proven all of them to the side chain.
fn set_up(main: &Rpc, side: &Rpc, issuers: u32) -> Result<(), String> {
	let alice = Sr25519Keyring::Alice.pair();
	let keys = |pair: &sr25519::Pair| IdentityKeys {
		signing: SigningKey::Sr25519(pair.public()),
		key_agreement: KeyAgreementKey(H256::zero()),
	};
	let main_call = |call| ecert_main_runtime::RuntimeCall::Identity(call);

	// Fund the issuers on both chains (the main chain holds a registration
	// deposit; the side chain charges fees).
	let (mut on_main, mut on_side) = (Vec::new(), Vec::new());
	for index in 0..issuers {
		let account: ecert_primitives::AccountId = issuer_pair(index).public().into();
		on_main.push(ecert_main_runtime::RuntimeCall::Balances(
			pallet_balances::Call::transfer_keep_alive {
				dest: account.clone().into(),
				value: 10 * ecert_runtime_common::UNIT,
			},
		));
		on_side.push(RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: account.into(),
			value: 100_000 * ecert_runtime_common::UNIT,
		}));
	}
	run(main, "fund on main", sign::<MainChain>(main, &alice, &on_main)?)?;
	run(side, "fund on side", sign::<SideChain>(side, &alice, &on_side)?)?;

	// Each issuer (and the holder, Dave) asks for an identity.
	let mut requests = Vec::new();
	let requesters = std::iter::once((Sr25519Keyring::Dave.pair(), Role::Holder))
		.chain((0..issuers).map(|index| (issuer_pair(index), Role::Issuer)));
	for (pair, role) in requesters {
		let call = main_call(pallet_ecert_identity::Call::request_registration {
			keys: keys(&pair),
			role,
		});
		requests.extend(sign::<MainChain>(main, &pair, &[call])?);
	}
	run(main, "identity requests", requests)?;

	// Alice, a registrar and the sudo key, approves them and accredits the
	// issuers.
	let mut calls = vec![main_call(pallet_ecert_identity::Call::approve {
		account: Sr25519Keyring::Dave.to_account_id(),
		id: identity(0xd0, 0),
	})];
	let mut view_keys = vec![storage::map_key("RegistryView", "Identities", &identity(0xd0, 0))];
	for index in 0..issuers {
		let org_code: OrgCode = format!("BENCH-{index}").parse().map_err(|e| format!("{e}"))?;
		calls.push(main_call(pallet_ecert_identity::Call::approve {
			account: issuer_pair(index).public().into(),
			id: identity(0x1c, index),
		}));
		calls.push(ecert_main_runtime::RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(ecert_main_runtime::RuntimeCall::Issuers(
				pallet_issuers::Call::accredit {
					org_code: org_code.clone(),
					name: Name::try_from("Benchmark University").map_err(|e| format!("{e}"))?,
					identity: identity(0x1c, index),
					certificate_types: vec!["diploma".parse().map_err(|e| format!("{e}"))?]
						.try_into()
						.map_err(|_| "one type fits")?,
					valid_from: None,
					valid_until: None,
					reason: Reason::try_from("benchmark").map_err(|e| format!("{e}"))?,
				},
			)),
		}));
		view_keys.push(storage::map_key("RegistryView", "Identities", &identity(0x1c, index)));
		view_keys.push(storage::map_key("RegistryView", "Issuers", &org_code));
	}
	run(main, "approvals and accreditations", sign::<MainChain>(main, &alice, &calls)?)?;

	eprintln!("waiting for the relay to prove the registries to the side chain...");
	let start = Instant::now();
	loop {
		let mut missing = 0;
		for key in &view_keys {
			let value = side
				.call("state_getStorage", json!([format!("0x{}", hex::encode(key))]))
				.map_err(|e| e.to_string())?;
			if value.is_null() {
				missing += 1;
			}
		}
		if missing == 0 {
			return Ok(());
		}
		if start.elapsed() > Duration::from_secs(300) {
			return Err(format!("{missing} registry records never reached the side chain"));
		}
		std::thread::sleep(Duration::from_secs(1));
	}
}

/// Signs `calls` as `pair`, with its next nonces on `rpc`'s chain.
fn sign<R: ecert_client::ChainRuntime>(
	rpc: &Rpc,
	pair: &sr25519::Pair,
	calls: &[R::Call],
) -> Result<Vec<(Vec<u8>, Hash)>, String> {
	let nonce = rpc.next_nonce(pair).map_err(|e| e.to_string())?;
	rpc.sign_all::<R>(pair, nonce, calls).map_err(|e| e.to_string())
}

/// Signs `count` calls made by `make`, spread over the issuer accounts in
/// turn.
fn sign_all(
	rpc: &Rpc,
	issuers: u32,
	count: u32,
	make: impl Fn(u32, u32) -> RuntimeCall,
) -> Result<Vec<(Vec<u8>, Hash)>, String> {
	let mut signed = (0..issuers)
		.map(|issuer| {
			let calls: Vec<RuntimeCall> =
				(issuer..count).step_by(issuers as usize).map(|n| make(issuer, n)).collect();
			Ok(sign::<SideChain>(rpc, &issuer_pair(issuer), &calls)?.into_iter())
		})
		.collect::<Result<Vec<_>, String>>()?;
	Ok((0..count).filter_map(|n| signed[(n % issuers) as usize].next()).collect())
}

fn main() {
	let args = Args::parse();
	if let Err(error) = bench(args) {
		eprintln!("ecert-bench: {error}");
		std::process::exit(1);
	}
}

fn bench(args: Args) -> Result<(), String> {
	if args.issuers == 0 || args.count == 0 {
		return Err("--count and --issuers must be at least 1".into());
	}
	let beside = |name: &str| {
		std::env::current_exe()
			.ok()
			.and_then(|exe| exe.parent().map(|dir| dir.join(name)))
			.unwrap_or_else(|| PathBuf::from(name))
	};
	let node_binary = args.node.clone().unwrap_or_else(|| beside("ecert-node"));
	let relay_binary = args.relay.clone().unwrap_or_else(|| beside("ecert-relay"));
	let (main_node, main_url) = start_node(&node_binary, "main-dev")?;
	let (side_node, url) = start_node(&node_binary, "side-diploma-dev")?;
	let pid = Some(side_node.child.id());
	let relay = start_relay(&relay_binary, &main_url, &url)?;
	let main = Rpc::new(main_url);
	let rpc = Rpc::new(url);
	eprintln!("setting up {} issuers...", args.issuers);
	set_up(&main, &rpc, args.issuers)?;

	let asset = AssetMetadata {
		format_version: 1,
		data_type: DataType::Fields,
		hash_algorithm: HashAlgorithm::Blake2b256,
	};
	let issues = sign_all(&rpc, args.issuers, args.count, |issuer, n| {
		RuntimeCall::Certificates(pallet_certificates::Call::issue {
			certificate_type: "diploma".parse().expect("a well-formed type"),
			terms: CertificateTerms {
				number: format!("B{issuer}-{n}").parse().expect("a well-formed number"),
				holder: identity(0xd0, 0),
				commitment: H256::from(sp_crypto_hashing::blake2_256(&n.to_le_bytes())),
				valid_from: 0,
				valid_until: None,
				asset,
				document: None,
			},
			payload: None,
		})
	})?;
	eprintln!("issuing {} certificates...", args.count);
	let issued = run(&rpc, "issue", issues)?;

	let transfers = sign_all(&rpc, args.issuers, args.count, |_, _| {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Sr25519Keyring::Ferdie.to_account_id().into(),
			value: ecert_runtime_common::UNIT,
		})
	})?;
	eprintln!("making {} transfers...", args.count);
	let transferred = run(&rpc, "transfer", transfers)?;

	let ratio = issued.per_second() / transferred.per_second();
	let memory = pid.and_then(peak_memory_kib);
	if args.json {
		let figures = |f: &Figures| {
			json!({ "count": f.count, "seconds": f.seconds, "perSecond": f.per_second(),
				"blocks": f.blocks, "maxPerBlock": f.max_per_block })
		};
		println!(
			"{}",
			json!({ "issue": figures(&issued), "transfer": figures(&transferred), "ratio": ratio,
				"nodePeakMemoryKiB": memory })
		);
	} else {
		println!(
			"{:<10} {:>7} {:>9} {:>11} {:>7} {:>14}",
			"workload", "count", "seconds", "per second", "blocks", "max per block"
		);
		for f in [&issued, &transferred] {
			println!(
				"{:<10} {:>7} {:>9.1} {:>11.1} {:>7} {:>14}",
				f.name,
				f.count,
				f.seconds,
				f.per_second(),
				f.blocks,
				f.max_per_block
			);
		}
		println!("ratio issue/transfer: {ratio:.2}");
		match memory {
			Some(kib) => println!("node peak memory (VmHWM): {} MiB", kib / 1024),
			None => println!("node peak memory: unknown"),
		}
	}
	drop(relay);
	drop(side_node);
	drop(main_node);
	Ok(())
}

//! `ecert-bench`: how fast a side chain finalizes certificates, against
//! plain balance transfers on the same node.
//!
//! It starts a `side-diploma-dev` node (or uses `--url`), accredits
//! `--issuers` issuer accounts in the registry view, then runs two workloads
//! of `--count` transactions each, signed in advance and spread over the
//! issuer accounts:
//!
//! 1. `issue`: certificate issuances (a salted commitment, no payload);
//! 2. `transfer`: `transfer_keep_alive` of one unit.
//!
//! For each it reports the transactions finalized per second (from the
//! first submission to the finalization of the last one), the blocks used
//! and the most that fit in one block; then the ratio issue/transfer and the
//! node's peak resident memory.

use clap::Parser;
use ecert_client::{Rpc, SideChain, SigningContext};
use ecert_primitives::{
	AccreditationStatus, AssetMetadata, CertificateTerms, DataType, Hash, HashAlgorithm,
	IdentityId, IdentityKeys, IdentityRecord, IdentityStatus, IssuerRecord, KeyAgreementKey, Name,
	Role, SigningKey,
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
	/// Use a running side-diploma-dev node at this URL instead of starting
	/// one (its memory is then not reported unless --pid is given).
	#[arg(long)]
	url: Option<String>,
	/// The process id of the node at --url, for its peak memory.
	#[arg(long)]
	pid: Option<u32>,
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

fn start_node(binary: PathBuf) -> Result<(OwnNode, String), String> {
	let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
	let rpc_port = free_port();
	let log = std::fs::File::create(dir.path().join("node.log")).map_err(|e| e.to_string())?;
	let child = Command::new(&binary)
		.args(["--chain", "side-diploma-dev", "--alice", "--base-path"])
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

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// Registers the holder and the issuers, accredits them and funds them.
fn set_up(rpc: &Rpc, context: &SigningContext, issuers: u32) -> Result<(), String> {
	let alice = Sr25519Keyring::Alice.pair();
	let mut nonce = nonce_of(rpc, &alice)?;
	let mut calls = Vec::new();
	let record = |account, role| IdentityRecord {
		account,
		keys: IdentityKeys {
			signing: SigningKey::Sr25519(Sr25519Keyring::Dave.public()),
			key_agreement: KeyAgreementKey(H256::zero()),
		},
		role,
		status: IdentityStatus::Active,
		registered_at: 0,
		updated_at: 0,
	};
	calls.push(sudo(RuntimeCall::RegistryView(pallet_registry_view::Call::set_identity {
		id: identity(0xd0, 0),
		record: record(Sr25519Keyring::Dave.to_account_id(), Role::Holder),
	})));
	for index in 0..issuers {
		let account: ecert_primitives::AccountId = issuer_pair(index).public().into();
		calls.push(sudo(RuntimeCall::RegistryView(pallet_registry_view::Call::set_identity {
			id: identity(0x1c, index),
			record: record(account.clone(), Role::Issuer),
		})));
		calls.push(sudo(RuntimeCall::RegistryView(pallet_registry_view::Call::set_issuer {
			org_code: format!("BENCH-{index}").parse().map_err(|e| format!("{e}"))?,
			record: IssuerRecord {
				name: Name::try_from("Benchmark University").map_err(|e| format!("{e}"))?,
				identity: identity(0x1c, index),
				certificate_types: ["diploma".parse().map_err(|e| format!("{e}"))?]
					.into_iter()
					.collect::<std::collections::BTreeSet<_>>()
					.try_into()
					.map_err(|_| "one type fits")?,
				valid_from: None,
				valid_until: None,
				status: AccreditationStatus::Active,
				accredited_at: 0,
				changes: 1,
			},
		})));
		calls.push(RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: account.into(),
			value: 100_000 * ecert_runtime_common::UNIT,
		}));
	}
	let transactions = calls
		.into_iter()
		.map(|call| {
			let signed = context.sign::<SideChain>(&alice, nonce, call);
			nonce += 1;
			signed
		})
		.collect();
	run(rpc, "set-up", transactions).map(|_| ())
}

fn nonce_of(rpc: &Rpc, pair: &sr25519::Pair) -> Result<u32, String> {
	let account: ecert_primitives::AccountId = pair.public().into();
	rpc.call("system_accountNextIndex", json!([account.to_string()]))
		.map_err(|e| e.to_string())?
		.as_u64()
		.map(|n| n as u32)
		.ok_or_else(|| "no nonce".into())
}

/// Signs `count` calls made by `make`, spread over the issuer accounts.
fn sign_all(
	rpc: &Rpc,
	context: &SigningContext,
	issuers: u32,
	count: u32,
	make: impl Fn(u32, u32) -> RuntimeCall,
) -> Result<Vec<(Vec<u8>, Hash)>, String> {
	let pairs: Vec<sr25519::Pair> = (0..issuers).map(issuer_pair).collect();
	let mut nonces = pairs.iter().map(|pair| nonce_of(rpc, pair)).collect::<Result<Vec<_>, _>>()?;
	Ok((0..count)
		.map(|n| {
			let issuer = n % issuers;
			let nonce = &mut nonces[issuer as usize];
			let signed =
				context.sign::<SideChain>(&pairs[issuer as usize], *nonce, make(issuer, n));
			*nonce += 1;
			signed
		})
		.collect())
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
	let (own, url, pid) = match &args.url {
		Some(url) => (None, url.clone(), args.pid),
		None => {
			let binary = args.node.clone().unwrap_or_else(|| {
				std::env::current_exe()
					.ok()
					.and_then(|exe| exe.parent().map(|dir| dir.join("ecert-node")))
					.unwrap_or_else(|| PathBuf::from("ecert-node"))
			});
			let (node, url) = start_node(binary)?;
			let pid = node.child.id();
			(Some(node), url, Some(pid))
		},
	};
	let rpc = Rpc::new(url);
	let context = rpc.signing_context().map_err(|e| e.to_string())?;
	eprintln!("setting up {} issuers...", args.issuers);
	set_up(&rpc, &context, args.issuers)?;

	let asset = AssetMetadata {
		format_version: 1,
		data_type: DataType::Fields,
		hash_algorithm: HashAlgorithm::Blake2b256,
	};
	let issues = sign_all(&rpc, &context, args.issuers, args.count, |issuer, n| {
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

	let transfers = sign_all(&rpc, &context, args.issuers, args.count, |_, _| {
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
			None => println!("node peak memory: unknown (give --pid with --url)"),
		}
	}
	drop(own);
	Ok(())
}

//! `ecert-bench`: how fast a side chain finalizes certificates, against
//! plain balance transfers on the same node.
//!
//! It starts a `main-dev` node, a `side-diploma-dev` node and an
//! `ecert-relay`, registers `--issuers` issuer identities and accredits them
//! on the main chain, waits until the relay has proven them to the side
//! chain, then runs two workloads of `--count` transactions each on the side
//! chain, signed in advance and spread over the issuer accounts, each
//! issuer's sent in order through its own connection, all at once:
//!
//! 1. `issue`: certificate issuances (a salted commitment, no payload);
//! 2. `transfer`: `transfer_keep_alive` of one unit.
//!
//! For each it reports the transactions finalized per second (from the
//! first submission to the finalization of the last one), the blocks used
//! and the most that fit in one block; then the ratio issue/transfer and the
//! node's peak resident memory.
//!
//! Then it loads the side node's RPC for `--rpc-seconds` from
//! `--rpc-connections` WebSocket connections at once, each waiting for its
//! answer before asking again, with two reads of the certificates just
//! issued:
//!
//! 3. `verify`: `ecert_verifyCertificate` of a found certificate (its
//!    status, history and where it was issued);
//! 4. `getStorage`: `state_getStorage` of the same certificate's record,
//!    the baseline: one raw read through the standard RPC.
//!
//! For each it reports requests per second, the median and 99th percentile
//! latency, and the node's CPU time per request (the load generator shares
//! the machine, so the rates can be its limit; the CPU time is the node's
//! own cost); then the ratio verify/getStorage of each.
//!
//! `ecert-bench scale` instead grows one side chain to 100 million
//! certificates, nearly all batched, and measures it at two sizes (see
//! `scale`).

mod scale;

use clap::Parser;
use codec::{Decode, Encode};
use ecert_bench as report;
use ecert_client::{
	api::Verification,
	main_types::{self, ecert_main_runtime::RuntimeCall as MainCall},
	rpc_params,
	side_types::{
		self, ecert_side_runtime::RuntimeCall, frame_system::limits::BlockWeights,
		pallet_transaction_payment::types::RuntimeDispatchInfo, sp_weights::weight_v2::Weight,
	},
	ArrayParams, BlockingNode, MainChain, Node, SideChain,
};
use ecert_harness::{fresh_log, Host, NodeOptions, NodeProcess, RelayOptions, RelayProcess};
use ecert_primitives::{
	storage, AssetMetadata, CertificateId, CertificateTerms, CertificateTypeId, Hash, IdentityId,
	IdentityKeys, KeyAgreementKey, Name, OrgCode, Reason, Role, SigningKey, VerificationStatus,
	UNIT,
};
use sp_core::{crypto::Pair as _, sr25519, Bytes, H256};
use sp_keyring::Sr25519Keyring;
use std::{
	collections::HashSet,
	path::{Path, PathBuf},
	sync::Arc,
	time::{Duration, Instant},
};

/// Measures certificates finalized per second on a side chain, against
/// balance transfers on the same node; with `scale`, a side chain of 100
/// million certificates.
///
/// Example: `ecert-bench --count 2000 --issuers 4`
#[derive(Parser, Debug)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Args {
	#[command(subcommand)]
	mode: Option<Mode>,
	/// Transactions per workload.
	#[arg(long, default_value_t = 2_000)]
	count: u32,
	/// Issuer accounts to spread the load over.
	#[arg(long, default_value_t = 4)]
	issuers: u32,
	/// The ecert-node binary to start. Defaults to the one beside this binary.
	#[arg(long, global = true)]
	node: Option<PathBuf>,
	/// The ecert-relay binary to start. Defaults to the one beside this
	/// binary.
	#[arg(long, global = true)]
	relay: Option<PathBuf>,
	/// Keep the nodes' and the relay's logs in this directory (by default
	/// they go with the nodes' temporary data).
	#[arg(long, value_name = "DIR", global = true)]
	logs: Option<PathBuf>,
	/// Keep the chains' databases in this directory after the run (it must
	/// be empty or not exist yet), for example to measure them with
	/// `ecert-node benchmark storage`. By default they live in a temporary
	/// directory, removed at the end.
	#[arg(long, value_name = "DIR", global = true)]
	data: Option<PathBuf>,
	/// How long to load the RPC with each read, in seconds.
	#[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=600))]
	rpc_seconds: u32,
	/// RPC connections asking at once.
	#[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=512))]
	rpc_connections: u32,
	/// Rows of the spreadsheet import: `ecert cert batch-issue` of that many
	/// certificates in batches, beside a hundredth of them one by one (the
	/// baseline); 0 skips it. Both run the `ecert` binary beside this one.
	#[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
	import_rows: u32,
	/// The ecert binary (the CLI) for the import. Defaults to the one beside
	/// this binary.
	#[arg(long)]
	cli: Option<PathBuf>,
	/// Print the figures as JSON.
	#[arg(long, global = true)]
	json: bool,
}

#[derive(clap::Subcommand, Debug)]
enum Mode {
	Scale(scale::ScaleArgs),
}

/// One spreadsheet import through the CLI.
struct ImportFigures {
	name: &'static str,
	rows: u32,
	issued: u32,
	seconds: f64,
}

impl ImportFigures {
	fn per_second(&self) -> f64 {
		self.issued as f64 / self.seconds.max(f64::EPSILON)
	}
}

/// `ecert cert batch-issue` of `rows` diplomas for Dave by the first
/// issuer, timed from start to exit (the rows read and checked against the
/// schema, the holders' files drafted and written, the transactions
/// finalized); `--one-by-one` if `one_by_one`.
fn import(
	cli: &std::path::Path,
	(main_url, side_url): (&str, &str),
	rows: u32,
	one_by_one: bool,
	dir: &std::path::Path,
) -> Result<ImportFigures, String> {
	let name = if one_by_one { "one by one" } else { "batched" };
	let tag = if one_by_one { "S" } else { "B" };
	let holder = format!("{:?}", identity(0xd0, 0).0);
	let mut csv =
		String::from("holder,certificate_number,name,id_number,birth_date,school,degree_level\n");
	for n in 0..rows {
		csv += &format!(
			"{holder},BENCH-{tag}-{n:07},Student {n},A{n:09},2000-01-01,Benchmark University,Bachelor\n"
		);
	}
	let data = dir.join(format!("import-{tag}.csv"));
	std::fs::write(&data, csv).map_err(|e| format!("cannot write {}: {e}", data.display()))?;
	let out = dir.join(format!("import-{tag}"));
	let mut command = std::process::Command::new(cli);
	command
		.args(["cert", "batch-issue", "--as", "//Issuer0", "--org", "BENCH-0", "--json"])
		.arg("--data")
		.arg(&data)
		.arg("--out-dir")
		.arg(&out)
		.args(["--url", side_url, "--main-url", main_url]);
	if one_by_one {
		command.arg("--one-by-one");
	}
	let start = Instant::now();
	let output = command.output().map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
	let seconds = start.elapsed().as_secs_f64();
	let report: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|_| {
		format!("the import ({name}) failed: {}", String::from_utf8_lossy(&output.stderr))
	})?;
	let issued = report["issued"].as_u64().unwrap_or_default() as u32;
	if issued != rows {
		return Err(format!("the import ({name}) issued {issued} of {rows}: {report}"));
	}
	Ok(ImportFigures { name, rows, issued, seconds })
}

/// The nodes and the relay this tool started, with their temporary data;
/// stopped when dropped.
struct Network {
	// Dropped in this order: the relay, the nodes, their data (unless kept).
	_relay: RelayProcess,
	side: NodeProcess,
	main: NodeProcess,
	_data: Option<tempfile::TempDir>,
}

impl Network {
	/// Starts a `main-dev` node, a `side-diploma-dev` node and a relay
	/// between them, with their data in `kept` (or a temporary directory)
	/// and logging to `logs` or beside their data.
	fn start(
		node: &Path,
		relay: &Path,
		logs: Option<&PathBuf>,
		kept: Option<&PathBuf>,
	) -> Result<Network, String> {
		let (dir, temporary) = match kept {
			Some(kept) => {
				let empty = std::fs::read_dir(kept).map_or(true, |mut dir| dir.next().is_none());
				if !empty {
					return Err(format!(
						"{} is not empty: give --data a new directory",
						kept.display()
					));
				}
				std::fs::create_dir_all(kept)
					.map_err(|e| format!("cannot make {}: {e}", kept.display()))?;
				(kept.clone(), None)
			},
			None => {
				let temporary = tempfile::tempdir()
					.map_err(|e| format!("cannot make a data directory: {e}"))?;
				(temporary.path().to_path_buf(), Some(temporary))
			},
		};
		let logs = logs.map_or_else(|| dir.clone(), Clone::clone);
		let start_node = |chain: &str| {
			let options = NodeOptions {
				chain: chain.into(),
				base_path: dir.join(chain),
				validator: Some("alice".into()),
				node_key: format!("{:064x}", 1),
				bootnodes: Vec::new(),
				args: ["--pool-limit", "100000", "--pool-kbytes", "200000"]
					.into_iter()
					.chain(["--rpc-max-connections", "1000"])
					.map(String::from)
					.collect(),
				log: fresh_log(&logs, chain),
				host: Host::local(),
			};
			let node = NodeProcess::start(node, options)
				.map_err(|error| format!("{chain} did not start: {error}"))?;
			eprintln!("{chain}: {}, log in {}", node.http_url(), node.log().display());
			Ok::<_, String>(node)
		};
		let main = start_node("main-dev")?;
		let side = start_node("side-diploma-dev")?;
		let options = RelayOptions {
			main: main.ws_url(),
			sides: vec![side.ws_url()],
			metrics: false,
			args: Vec::new(),
			log: fresh_log(&logs, "relay"),
			host: Host::local(),
		};
		let relay = RelayProcess::start(relay, options)
			.map_err(|error| format!("the relay did not start: {error}"))?;
		eprintln!("relay: log in {}", relay.log().display());
		Ok(Network { _relay: relay, side, main, _data: temporary })
	}
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

/// A multi-threaded runtime for the tool's concurrent requests.
fn load_runtime() -> Result<tokio::runtime::Runtime, String> {
	tokio::runtime::Builder::new_multi_thread()
		.worker_threads(2)
		.enable_all()
		.build()
		.map_err(|e| format!("cannot start the load generator: {e}"))
}

/// Sends `transactions` to the node at `url`: transaction `i` through
/// connection `i % connections`, each connection's in order, all
/// connections at once.
fn submit(
	url: &str,
	name: &str,
	transactions: &[(Vec<u8>, Hash)],
	connections: usize,
) -> Result<(), String> {
	let connections = connections.max(1);
	load_runtime()?.block_on(async {
		let sends = (0..connections).map(|first| async move {
			let node = Node::new(url);
			for (transaction, _) in transactions.iter().skip(first).step_by(connections) {
				node.send(transaction).await.map_err(|e| format!("{name}: {e}"))?;
			}
			Ok::<_, String>(())
		});
		futures::future::try_join_all(sends).await.map(|_| ())
	})
}

/// Submits `transactions` through `connections` connections (see
/// [`submit`]) and waits until finalized blocks hold all of them.
fn run(
	rpc: &BlockingNode,
	name: &'static str,
	transactions: Vec<(Vec<u8>, Hash)>,
	connections: usize,
) -> Result<Figures, String> {
	let mut pending: HashSet<Hash> = transactions.iter().map(|(_, hash)| *hash).collect();
	let count = pending.len();
	let mut next = rpc.finalized_number().map_err(|e| e.to_string())? + 1;
	let start = Instant::now();
	submit(rpc.url(), name, &transactions, connections)?;
	let (mut blocks, mut max_per_block) = (0, 0);
	let mut follow = || -> Result<bool, String> {
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
		Ok(pending.is_empty())
	};
	let finished =
		ecert_harness::poll(Duration::from_secs(600), Duration::from_millis(100), || {
			follow().map_or_else(|error| Some(Err(error)), |done| done.then_some(Ok(())))
		});
	finished.unwrap_or_else(|| {
		Err(format!("{name}: {} transactions not finalized after 600 s", pending.len()))
	})?;
	Ok(Figures { name, count, seconds: start.elapsed().as_secs_f64(), blocks, max_per_block })
}

/// CPU time (user and system) process `pid` has used, in seconds.
fn cpu_seconds(pid: u32) -> Option<f64> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	// The fields after the command name: state is the 3rd field of the
	// line, utime the 14th and stime the 15th.
	let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
	let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
	// SAFETY: `sysconf` reads a configuration value and has no memory effects.
	let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
	(per_second > 0).then(|| ticks as f64 / per_second as f64)
}

/// Quantile `q` of `sorted` latencies, in ms.
fn quantile_ms(sorted: &[Duration], q: f64) -> f64 {
	let at = ((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1));
	sorted.get(at).map_or(0.0, |latency| latency.as_secs_f64() * 1000.0)
}

/// The figures of one read method under load.
struct ReadFigures {
	name: &'static str,
	requests: usize,
	seconds: f64,
	p50_ms: f64,
	p99_ms: f64,
	/// The node's CPU time per request, in µs.
	node_cpu_micros: Option<f64>,
}

impl ReadFigures {
	fn per_second(&self) -> f64 {
		self.requests as f64 / self.seconds
	}
}

/// One read method under load: its name in the figures, the method, its
/// parameters for the `n`th request, and what every answer must satisfy.
struct ReadLoad {
	name: &'static str,
	method: &'static str,
	params: Box<dyn Fn(usize) -> ArrayParams + Send + Sync>,
	check: fn(&serde_json::Value) -> bool,
}

/// Calls `load`'s method from `connections` connections to `url` at once,
/// each waiting for its answer before the next request, for `duration`,
/// and measures the CPU time of the node's process `pid`.
fn read_load(
	url: &str,
	pid: u32,
	load: ReadLoad,
	connections: u32,
	duration: Duration,
) -> Result<ReadFigures, String> {
	let runtime = load_runtime()?;
	let ReadLoad { name, method, params, check } = load;
	let params = Arc::new(params);
	runtime.block_on(async move {
		let mut nodes = Vec::new();
		for _ in 0..connections {
			let node = Node::new(url);
			node.rpc().await.map_err(|e| e.to_string())?;
			nodes.push(node);
		}
		let start = Instant::now();
		let cpu_before = cpu_seconds(pid);
		let deadline = start + duration;
		let tasks: Vec<_> = nodes
			.into_iter()
			.enumerate()
			.map(|(first, node)| {
				let params = params.clone();
				tokio::spawn(async move {
					let mut latencies = Vec::new();
					let mut n = first;
					while Instant::now() < deadline {
						let sent = Instant::now();
						let answer: serde_json::Value = node
							.request(method, params(n))
							.await
							.map_err(|e| format!("{name}: {e}"))?;
						latencies.push(sent.elapsed());
						if !check(&answer) {
							return Err(format!("{name}: unexpected answer {answer}"));
						}
						n += connections as usize;
					}
					Ok::<_, String>(latencies)
				})
			})
			.collect();
		let mut latencies = Vec::new();
		for task in tasks {
			latencies.extend(task.await.map_err(|e| format!("{name}: {e}"))??);
		}
		let seconds = start.elapsed().as_secs_f64();
		let node_cpu_micros = cpu_before
			.zip(cpu_seconds(pid))
			.map(|(before, after)| (after - before) * 1e6 / latencies.len().max(1) as f64);
		latencies.sort();
		Ok(ReadFigures {
			name,
			requests: latencies.len(),
			seconds,
			p50_ms: quantile_ms(&latencies, 0.5),
			p99_ms: quantile_ms(&latencies, 0.99),
			node_cpu_micros,
		})
	})
}

/// The ids of the certificates the `issue` workload issues.
fn issued_ids(issuers: u32, count: u32) -> Result<Vec<CertificateId>, String> {
	let diploma: CertificateTypeId = "diploma".parse().map_err(|e| format!("{e}"))?;
	(0..count)
		.map(|n| {
			let issuer = n % issuers;
			let org: OrgCode = format!("BENCH-{issuer}").parse().map_err(|e| format!("{e}"))?;
			let number = format!("B{issuer}-{n}").parse().map_err(|e| format!("{e}"))?;
			Ok(CertificateId::derive(&diploma, &org, &number))
		})
		.collect()
}

/// Certificate `n` by issuer `issuer`: a salted commitment, no payload.
fn issue_call(issuer: u32, n: u32) -> RuntimeCall {
	RuntimeCall::Certificates(side_types::pallet_certificates::pallet::Call::issue {
		certificate_type: "diploma".parse().expect("a well-formed type"),
		terms: CertificateTerms {
			number: format!("B{issuer}-{n}").parse().expect("a well-formed number"),
			holder: identity(0xd0, 0),
			commitment: H256::from(sp_crypto_hashing::blake2_256(&n.to_le_bytes())),
			valid_from: 0,
			valid_until: None,
			asset: AssetMetadata::FIELDS,
			document: None,
		},
		payload: None,
	})
}

fn transfer_call() -> RuntimeCall {
	RuntimeCall::Balances(side_types::pallet_balances::pallet::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Ferdie.to_account_id().into(),
		value: UNIT,
	})
}

/// What one transaction of a workload costs a block, by the runtime's
/// weights (µs of reference time), and how many fit in a block.
struct WeightRow {
	name: &'static str,
	call: f64,
	extensions: f64,
	base: f64,
	fit: u64,
}

/// The weight row of `call`, signed as `signed`, by the node's runtime:
/// the call's own weight (`TransactionPaymentCallApi`), the signed
/// transaction's (`TransactionPaymentApi`, call and extensions), and the
/// base and block limit of the normal class (`System::BlockWeights`).
fn weight_row(
	rpc: &BlockingNode,
	name: &'static str,
	call: &RuntimeCall,
	signed: &[u8],
) -> Result<WeightRow, String> {
	let info = |method: &str, mut args: Vec<u8>, len: usize| {
		(len as u32).encode_to(&mut args);
		let answer: Bytes = rpc
			.request("state_call", rpc_params![method, Bytes(args)])
			.map_err(|e| e.to_string())?;
		RuntimeDispatchInfo::<u128, Weight>::decode(&mut &answer[..])
			.map(|info| info.weight.ref_time as f64 / 1e6)
			.map_err(|e| format!("{method} answered something else: {e}"))
	};
	let call_bytes = call.encode();
	let call_micros =
		info("TransactionPaymentCallApi_query_call_info", call_bytes.clone(), call_bytes.len())?;
	let signed_micros = info("TransactionPaymentApi_query_info", signed.to_vec(), signed.len())?;
	let limits: BlockWeights =
		rpc.constant(storage::SYSTEM_PALLET, "BlockWeights").map_err(|e| e.to_string())?;
	let normal = &limits.per_class.normal;
	let base = normal.base_extrinsic.ref_time as f64 / 1e6;
	let max_total = normal.max_total.as_ref().map_or(0, |weight| weight.ref_time) as f64 / 1e6;
	Ok(WeightRow {
		name,
		call: call_micros,
		extensions: signed_micros - call_micros,
		base,
		fit: (max_total / (signed_micros + base).max(f64::EPSILON)) as u64,
	})
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
fn set_up(main: &BlockingNode, side: &BlockingNode, issuers: u32) -> Result<(), String> {
	let alice = Sr25519Keyring::Alice.pair();
	let keys = |pair: &sr25519::Pair| IdentityKeys {
		signing: SigningKey::Sr25519(pair.public()),
		key_agreement: KeyAgreementKey(H256::zero()),
	};
	let main_call = |call| MainCall::Identity(call);

	// Fund the issuers on both chains (the main chain holds a registration
	// deposit; the side chain charges fees).
	let (mut on_main, mut on_side) = (Vec::new(), Vec::new());
	for index in 0..issuers {
		let account: ecert_primitives::AccountId = issuer_pair(index).public().into();
		on_main.push(MainCall::Balances(
			main_types::pallet_balances::pallet::Call::transfer_keep_alive {
				dest: account.clone().into(),
				value: 10 * UNIT,
			},
		));
		on_side.push(RuntimeCall::Balances(
			side_types::pallet_balances::pallet::Call::transfer_keep_alive {
				dest: account.into(),
				value: 100_000 * UNIT,
			},
		));
	}
	run(main, "fund on main", sign::<MainChain>(main, &alice, &on_main)?, 1)?;
	run(side, "fund on side", sign::<SideChain>(side, &alice, &on_side)?, 1)?;

	// Each issuer (and the holder, Dave) asks for an identity.
	let mut requests = Vec::new();
	let requesters = std::iter::once((Sr25519Keyring::Dave.pair(), Role::Holder))
		.chain((0..issuers).map(|index| (issuer_pair(index), Role::Issuer)));
	for (pair, role) in requesters {
		let call =
			main_call(main_types::pallet_ecert_identity::pallet::Call::request_registration {
				keys: keys(&pair),
				role,
			});
		requests.extend(sign::<MainChain>(main, &pair, &[call])?);
	}
	run(main, "identity requests", requests, 1)?;

	// Alice, a registrar and the sudo key, approves them and accredits the
	// issuers.
	let mut calls = vec![main_call(main_types::pallet_ecert_identity::pallet::Call::approve {
		account: Sr25519Keyring::Dave.to_account_id(),
		id: identity(0xd0, 0),
	})];
	let mut view_keys = vec![storage::viewed_identity(&identity(0xd0, 0))];
	for index in 0..issuers {
		let org_code: OrgCode = format!("BENCH-{index}").parse().map_err(|e| format!("{e}"))?;
		calls.push(main_call(main_types::pallet_ecert_identity::pallet::Call::approve {
			account: issuer_pair(index).public().into(),
			id: identity(0x1c, index),
		}));
		calls.push(MainCall::Sudo(main_types::pallet_sudo::pallet::Call::sudo {
			call: Box::new(MainCall::Issuers(main_types::pallet_issuers::pallet::Call::accredit {
				org_code: org_code.clone(),
				name: Name::try_from("Benchmark University").map_err(|e| format!("{e}"))?,
				identity: identity(0x1c, index),
				certificate_types: vec!["diploma".parse().map_err(|e| format!("{e}"))?]
					.try_into()
					.map_err(|_| "one type fits")?,
				valid_from: None,
				valid_until: None,
				reason: Reason::try_from("benchmark").map_err(|e| format!("{e}"))?,
			})),
		}));
		view_keys.push(storage::viewed_identity(&identity(0x1c, index)));
		view_keys.push(storage::viewed_issuer(&org_code));
	}
	run(main, "approvals and accreditations", sign::<MainChain>(main, &alice, &calls)?, 1)?;

	eprintln!("waiting for the relay to prove the registries to the side chain...");
	let mut missing = view_keys.len();
	let arrived = ecert_harness::poll(Duration::from_secs(300), Duration::from_secs(1), || {
		let mut count = 0;
		for key in &view_keys {
			let value =
				side.request::<Option<Bytes>>("state_getStorage", rpc_params![Bytes(key.clone())]);
			match value {
				Ok(Some(_)) => {},
				Ok(None) => count += 1,
				Err(error) => return Some(Err(error.to_string())),
			}
		}
		missing = count;
		(count == 0).then_some(Ok(()))
	});
	arrived
		.unwrap_or_else(|| Err(format!("{missing} registry records never reached the side chain")))
}

/// Signs `calls` as `pair`, with its next nonces on `rpc`'s chain.
fn sign<R: ecert_client::ChainRuntime>(
	rpc: &BlockingNode,
	pair: &sr25519::Pair,
	calls: &[R::Call],
) -> Result<Vec<(Vec<u8>, Hash)>, String> {
	let nonce = rpc.next_nonce(pair).map_err(|e| e.to_string())?;
	rpc.sign_all::<R>(pair, nonce, calls).map_err(|e| e.to_string())
}

/// Signs `count` calls made by `make`, spread over the issuer accounts in
/// turn.
fn sign_all(
	rpc: &BlockingNode,
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
	let binary = |given: &Option<PathBuf>, name: &str, variable: &str, flag: &str| match given {
		Some(path) => Ok(path.clone()),
		None => ecert_harness::binary(name, variable)
			.map_err(|error| format!("{error}; or give its path with --{flag}")),
	};
	let node_binary = binary(&args.node, "ecert-node", "ECERT_NODE", "node")?;
	let relay_binary = binary(&args.relay, "ecert-relay", "ECERT_RELAY", "relay")?;
	if let Some(logs) = &args.logs {
		std::fs::create_dir_all(logs)
			.map_err(|e| format!("cannot make {}: {e}", logs.display()))?;
	}
	if let Some(Mode::Scale(scale)) = args.mode {
		let binaries = (node_binary.as_path(), relay_binary.as_path());
		return scale::scale(scale, binaries, args.logs.as_ref(), args.data.as_ref(), args.json);
	}
	if args.issuers == 0 || args.count == 0 {
		return Err("--count and --issuers must be at least 1".into());
	}
	let network =
		Network::start(&node_binary, &relay_binary, args.logs.as_ref(), args.data.as_ref())?;
	let (main_url, url) = (network.main.http_url(), network.side.http_url());
	let side_pid = network.side.id().ok_or("the side-chain node has exited")?;
	let main = BlockingNode::new(main_url.clone());
	let rpc = BlockingNode::new(url.clone());
	eprintln!("setting up {} issuers...", args.issuers);
	set_up(&main, &rpc, args.issuers)?;

	let issues = sign_all(&rpc, args.issuers, args.count, issue_call)?;
	let issue_weight = weight_row(&rpc, "issue", &issue_call(0, 0), &issues[0].0)?;
	eprintln!("issuing {} certificates...", args.count);
	let issued = run(&rpc, "issue", issues, args.issuers as usize)?;

	let transfers = sign_all(&rpc, args.issuers, args.count, |_, _| transfer_call())?;
	let transfer_weight = weight_row(&rpc, "transfer", &transfer_call(), &transfers[0].0)?;
	eprintln!("making {} transfers...", args.count);
	let transferred = run(&rpc, "transfer", transfers, args.issuers as usize)?;

	let ids = Arc::new(issued_ids(args.issuers, args.count)?);
	let duration = Duration::from_secs(args.rpc_seconds.into());
	eprintln!(
		"loading the RPC with ecert_verifyCertificate, then state_getStorage, {} s each...",
		args.rpc_seconds
	);
	let verified = {
		let ids = ids.clone();
		let load = ReadLoad {
			name: "verify",
			method: "ecert_verifyCertificate",
			params: Box::new(move |n| rpc_params![ids[n % ids.len()]]),
			check: |answer| {
				serde_json::from_value::<Verification>(answer.clone())
					.is_ok_and(|verification| verification.status == VerificationStatus::Valid)
			},
		};
		read_load(&url, side_pid, load, args.rpc_connections, duration)?
	};
	let read = {
		let load = ReadLoad {
			name: "getStorage",
			method: "state_getStorage",
			params: Box::new(move |n| {
				rpc_params![Bytes(storage::certificate(&ids[n % ids.len()]))]
			}),
			check: |answer| answer.is_string(),
		};
		read_load(&url, side_pid, load, args.rpc_connections, duration)?
	};

	let imports = match args.import_rows {
		0 => Vec::new(),
		rows => {
			let cli = binary(&args.cli, "ecert", "ECERT_CLI", "cli")?;
			let urls = (main_url.as_str(), url.as_str());
			let dir = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
			eprintln!(
				"importing {rows} rows in batches, then {} one by one...",
				(rows / 100).max(1)
			);
			vec![
				import(&cli, urls, rows, false, dir.path())?,
				import(&cli, urls, (rows / 100).max(1), true, dir.path())?,
			]
		},
	};
	let import_ratio = match &imports[..] {
		[batched, single] => Some(batched.per_second() / single.per_second()),
		_ => None,
	};

	let ratio = issued.per_second() / transferred.per_second();
	let read_ratio = verified.per_second() / read.per_second();
	// The node's cost of a raw read against a verification's.
	let cost_ratio = read.node_cpu_micros.zip(verified.node_cpu_micros).map(|(r, v)| r / v);
	let memory = peak_memory_kib(side_pid);
	if args.json {
		let figures = |f: &Figures| report::Throughput {
			count: f.count,
			seconds: f.seconds,
			per_second: f.per_second(),
			blocks: f.blocks,
			max_per_block: f.max_per_block,
		};
		let weights = |w: &WeightRow| report::TransactionWeight {
			call_micros: w.call,
			extensions_micros: w.extensions,
			base_micros: w.base,
			fit_in_block: w.fit,
		};
		let reads = |f: &ReadFigures| report::ReadThroughput {
			requests: f.requests,
			seconds: f.seconds,
			per_second: f.per_second(),
			p50_ms: f.p50_ms,
			p99_ms: f.p99_ms,
			node_cpu_micros: f.node_cpu_micros,
		};
		let report = report::Report {
			issue: figures(&issued),
			transfer: figures(&transferred),
			ratio,
			verify: reads(&verified),
			get_storage: reads(&read),
			read_ratio,
			read_cost_ratio: cost_ratio,
			rpc_connections: args.rpc_connections,
			node_peak_memory_kib: memory,
			imports: imports
				.iter()
				.map(|f| report::Import {
					mode: f.name.into(),
					rows: f.rows,
					seconds: f.seconds,
					per_second: f.per_second(),
				})
				.collect(),
			import_ratio,
			weights: report::Weights {
				issue: weights(&issue_weight),
				transfer: weights(&transfer_weight),
			},
		};
		println!("{}", serde_json::to_string(&report).expect("the report serializes"));
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
		println!();
		println!(
			"{:<10} {:>9} {:>11} {:>8} {:>8} {:>14}",
			"weight µs", "call", "extensions", "base", "total", "fit in a block"
		);
		for w in [&issue_weight, &transfer_weight] {
			println!(
				"{:<10} {:>9.1} {:>11.1} {:>8.1} {:>8.1} {:>14}",
				w.name,
				w.call,
				w.extensions,
				w.base,
				w.call + w.extensions + w.base,
				w.fit
			);
		}
		println!();
		println!(
			"{:<10} {:>9} {:>9} {:>11} {:>8} {:>8} {:>16}",
			"read", "requests", "seconds", "per second", "p50 ms", "p99 ms", "node CPU µs/req"
		);
		for f in [&verified, &read] {
			println!(
				"{:<10} {:>9} {:>9.1} {:>11.1} {:>8.2} {:>8.2} {:>16}",
				f.name,
				f.requests,
				f.seconds,
				f.per_second(),
				f.p50_ms,
				f.p99_ms,
				f.node_cpu_micros.map_or("-".into(), |micros| format!("{micros:.1}"))
			);
		}
		println!(
			"ratio verify/getStorage: {read_ratio:.2} ({} connections); node CPU per request, \
			 getStorage/verify: {}",
			args.rpc_connections,
			cost_ratio.map_or("-".into(), |ratio| format!("{ratio:.2}"))
		);
		if !imports.is_empty() {
			println!();
			println!("{:<12} {:>9} {:>9} {:>11}", "import", "rows", "seconds", "per second");
			for f in &imports {
				println!(
					"{:<12} {:>9} {:>9.1} {:>11.1}",
					f.name,
					f.rows,
					f.seconds,
					f.per_second()
				);
			}
			if let Some(ratio) = import_ratio {
				println!("ratio batched/one by one: {ratio:.1}");
			}
		}
		match memory {
			Some(kib) => println!("node peak memory (VmHWM): {} MiB", kib / 1024),
			None => println!("node peak memory: unknown"),
		}
	}
	drop(network);
	Ok(())
}

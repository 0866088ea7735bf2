//! `ecert-bench scale`: a side chain grown to `--certificates` certificates,
//! nearly all batched, measured once at `--baseline` and again at full size.
//!
//! It issues `--singles` certificates one by one, then batches of
//! `--batch-size` up to each size. The first batch holds real members (so
//! they can be verified, proven and revoked); the others hold members the
//! tool never names, which costs the chain the same. At each size it
//! measures:
//!
//! - the certificates pallet's state: entries and bytes (keys and values),
//!   and what each certificate added to it;
//! - `ecert_verifyCertificate` of a batched and of a single certificate,
//!   one request at a time: median and 99th percentile latency;
//! - `ecert_certificateProof` of each: the portable proof's size;
//! - one revocation of each: the entries and bytes it wrote.

use super::{identity, issue_call, issuer_pair, quantile_ms, run, set_up, sign, Network};
use codec::{Decode, Encode};
use ecert_bench::{ItemState, Latency, ScalePoint, ScaleReport, Written};
use ecert_client::{
	api::{PortableProof, Verification},
	rpc_params,
	side_types::{ecert_side_runtime::RuntimeCall, pallet_certificates},
	ArrayParams, BlockingNode, Metadata, SideChain,
};
use ecert_primitives::{
	batch_memberships, storage, AssetMetadata, BatchLeaf, BatchMembership, BlockNumber,
	CertificateId, CertificateTypeId, Hash, OrgCode, VerificationStatus,
};
use sp_core::H256;
use std::{collections::BTreeMap, path::PathBuf, time::Duration, time::Instant};

/// Grows a side chain to `--certificates` certificates, nearly all batched,
/// and measures its state, verification latency, proof size and the cost of
/// a revocation at `--baseline` and at full size.
///
/// Example: `ecert-bench scale --certificates 100000000 --baseline 1000000`
#[derive(clap::Args, Debug)]
pub struct ScaleArgs {
	/// Certificates on the chain at the end, batched (rounded up to whole
	/// batches).
	#[arg(long, default_value_t = 100_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
	certificates: u64,
	/// Batched certificates at the first measurement.
	#[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
	baseline: u64,
	/// Certificates a batch.
	#[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(3..=100_000))]
	batch_size: u32,
	/// Certificates issued one by one before the batches (at least 3: one
	/// to verify, one to revoke at each size).
	#[arg(long, default_value_t = 1_000, value_parser = clap::value_parser!(u32).range(3..=100_000))]
	singles: u32,
	/// Verification requests at each size, of each kind.
	#[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
	lookups: u32,
}

/// The batch whose members the tool names: its members' leaves, all by the
/// first issuer to the holder the other workloads use.
fn named_batch(size: u32) -> Vec<BatchLeaf> {
	(0..size)
		.map(|n| BatchLeaf {
			number: format!("SCALE-{n:06}").parse().expect("a well-formed number"),
			holder: identity(0xd0, 0),
			commitment: H256(sp_crypto_hashing::blake2_256(&(b"scale", n).encode())),
			valid_from: 0,
			valid_until: None,
		})
		.collect()
}

/// The root of filler batch `n`: a batch the tool never names a member of.
fn filler_root(n: u32) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&(b"ecert-bench/scale/filler", n).encode()))
}

fn issue_batch(root: H256, count: u32) -> RuntimeCall {
	RuntimeCall::Certificates(pallet_certificates::pallet::Call::issue_batch {
		root,
		count,
		asset: AssetMetadata::FIELDS,
	})
}

fn revoke(id: CertificateId, membership: Option<BatchMembership>) -> RuntimeCall {
	RuntimeCall::Certificates(pallet_certificates::pallet::Call::revoke {
		id,
		reason: 0,
		membership,
	})
}

/// The certificates pallet's state at block `at`: every key and value.
fn pallet_state(rpc: &BlockingNode, at: Hash) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, String> {
	let prefix = sp_crypto_hashing::twox_128(storage::CERTIFICATES_PALLET.as_bytes());
	let keys = rpc.storage_keys(&prefix, Some(at)).map_err(|e| e.to_string())?;
	let values = rpc.storage_values_at(&keys, Some(at)).map_err(|e| e.to_string())?;
	Ok(keys.into_iter().zip(values).filter_map(|(key, value)| Some((key, value?))).collect())
}

/// The certificates pallet's storage items, by the prefix of their keys
/// after the pallet's, as the node's metadata names them.
fn item_names(rpc: &BlockingNode) -> Result<BTreeMap<Vec<u8>, String>, String> {
	let encoded: sp_core::Bytes =
		rpc.request("state_getMetadata", rpc_params![]).map_err(|e| e.to_string())?;
	let metadata = Metadata::decode(&mut &encoded[..])
		.map_err(|e| format!("the node's metadata does not decode: {e}"))?;
	let pallet = metadata
		.pallet_by_name(storage::CERTIFICATES_PALLET)
		.ok_or("the side chain has no certificates pallet")?;
	let entries = pallet.storage().map(|storage| storage.entries()).unwrap_or_default();
	Ok(entries
		.iter()
		.map(|entry| {
			let prefix = sp_crypto_hashing::twox_128(entry.name().as_bytes()).to_vec();
			(prefix, entry.name().to_string())
		})
		.collect())
}

/// What `after` holds that `before` does not (entries added or changed),
/// by storage item, largest first.
fn added_by_item(
	before: &BTreeMap<Vec<u8>, Vec<u8>>,
	after: &BTreeMap<Vec<u8>, Vec<u8>>,
	names: &BTreeMap<Vec<u8>, String>,
) -> Vec<ItemState> {
	let mut items: BTreeMap<String, ItemState> = BTreeMap::new();
	for (key, value) in after.iter().filter(|(key, value)| before.get(*key) != Some(*value)) {
		let item = key.get(16..32).and_then(|prefix| names.get(prefix));
		let item = item.cloned().unwrap_or_else(|| "(unknown)".into());
		let state = items.entry(item.clone()).or_insert(ItemState { item, entries: 0, bytes: 0 });
		state.entries += 1;
		state.bytes += (key.len() + value.len()) as u64;
	}
	let mut items: Vec<ItemState> = items.into_values().collect();
	items.sort_by(|a, b| b.bytes.cmp(&a.bytes));
	items
}

fn bytes(state: &BTreeMap<Vec<u8>, Vec<u8>>) -> u64 {
	state.iter().map(|(key, value)| (key.len() + value.len()) as u64).sum()
}

fn finalized_head(rpc: &BlockingNode) -> Result<Hash, String> {
	rpc.request("chain_getFinalizedHead", rpc_params![]).map_err(|e| e.to_string())
}

/// What the block that included `call`, signed by the first issuer, wrote
/// to the certificates pallet's state: entries added or changed, against
/// its parent's.
fn written_by(rpc: &BlockingNode, call: RuntimeCall) -> Result<Written, String> {
	let receipt = rpc.submit::<SideChain>(&issuer_pair(0), call).map_err(|e| e.to_string())?;
	let parent = rpc.header(Some(receipt.block_hash)).map_err(|e| e.to_string())?.parent_hash;
	let (before, after) = (pallet_state(rpc, parent)?, pallet_state(rpc, receipt.block_hash)?);
	let written: Vec<_> =
		after.iter().filter(|(key, value)| before.get(*key) != Some(*value)).collect();
	Ok(Written {
		entries: written.len() as u64,
		bytes: written.iter().map(|(key, value)| (key.len() + value.len()) as u64).sum(),
	})
}

/// `lookups` verifications of `id`, one after another; every answer must
/// say valid.
fn verify_latency(
	rpc: &BlockingNode,
	id: CertificateId,
	membership: Option<&BatchMembership>,
	lookups: u32,
) -> Result<Latency, String> {
	let mut latencies = Vec::with_capacity(lookups as usize);
	for _ in 0..lookups {
		let sent = Instant::now();
		let answer: Verification = rpc
			.request("ecert_verifyCertificate", rpc_params![id, membership])
			.map_err(|e| format!("ecert_verifyCertificate: {e}"))?;
		latencies.push(sent.elapsed());
		if answer.status != VerificationStatus::Valid {
			return Err(format!("certificate {id:?} is {:?}, not valid", answer.status));
		}
	}
	latencies.sort();
	Ok(Latency {
		requests: latencies.len(),
		p50_ms: quantile_ms(&latencies, 0.5),
		p99_ms: quantile_ms(&latencies, 0.99),
	})
}

/// The size of `id`'s portable proof, once the relay has anchored side
/// block `since` or a later one (so the proof is of the chain at its size).
fn proof_size(
	rpc: &BlockingNode,
	id: CertificateId,
	membership: Option<&BatchMembership>,
	since: BlockNumber,
) -> Result<u32, String> {
	let mut last = String::from("no anchored block yet");
	let proof = ecert_harness::poll(Duration::from_secs(300), Duration::from_secs(1), || {
		let params: ArrayParams = rpc_params![id, membership];
		match rpc.request::<PortableProof>("ecert_certificateProof", params) {
			Ok(proof) => (proof.side_block_number >= since).then_some(proof.size),
			Err(error) => {
				last = error.to_string();
				None
			},
		}
	});
	proof.ok_or_else(|| format!("no proof of {id:?} after 300 s: {last}"))
}

pub fn scale(
	args: ScaleArgs,
	(node, relay): (&std::path::Path, &std::path::Path),
	logs: Option<&PathBuf>,
	data: Option<&PathBuf>,
	json: bool,
) -> Result<(), String> {
	if args.baseline > args.certificates {
		return Err("--baseline must not be more than --certificates".into());
	}
	let network = Network::start(node, relay, logs, data)?;
	let main = BlockingNode::new(network.main.http_url());
	let rpc = BlockingNode::new(network.side.http_url());
	eprintln!("setting up the issuer...");
	set_up(&main, &rpc, 1)?;

	let names = item_names(&rpc)?;
	let empty = pallet_state(&rpc, finalized_head(&rpc)?)?;
	eprintln!("issuing {} certificates one by one...", args.singles);
	let singles = (0..args.singles).map(|n| issue_call(0, n)).collect::<Vec<_>>();
	run(&rpc, "singles", sign::<SideChain>(&rpc, &issuer_pair(0), &singles)?, 1)?;
	let with_singles = pallet_state(&rpc, finalized_head(&rpc)?)?;
	let single_state = added_by_item(&empty, &with_singles, &names);
	let mut state = bytes(&with_singles);
	let bytes_per_single = (state - bytes(&empty)) as f64 / f64::from(args.singles);
	let single_ids = super::issued_ids(1, args.singles)?;

	let members = named_batch(args.batch_size);
	let memberships = batch_memberships(&members);
	let diploma: CertificateTypeId = "diploma".parse().map_err(|e| format!("{e}"))?;
	let org: OrgCode = "BENCH-0".parse().map_err(|e| format!("{e}"))?;
	let member_id = |n: usize| CertificateId::derive(&diploma, &org, &members[n].number);

	let batch_size = u64::from(args.batch_size);
	let mut sizes = vec![args.baseline, args.certificates];
	sizes.dedup();
	let mut batches = 0u32;
	let mut points = Vec::new();
	for (round, size) in sizes.into_iter().enumerate() {
		let wanted = size.div_ceil(batch_size) as u32;
		let calls: Vec<RuntimeCall> = (batches..wanted)
			.map(|n| match n {
				0 => issue_batch(memberships[0].root, args.batch_size),
				n => issue_batch(filler_root(n), args.batch_size),
			})
			.collect();
		eprintln!("issuing {} batches of {} certificates...", calls.len(), args.batch_size);
		let added = calls.len() as u64 * batch_size;
		run(&rpc, "batches", sign::<SideChain>(&rpc, &issuer_pair(0), &calls)?, 1)?;
		batches = wanted;
		let since = rpc.finalized_number().map_err(|e| e.to_string())?;
		let now = pallet_state(&rpc, finalized_head(&rpc)?)?;
		let bytes_per_batched = (bytes(&now) - state) as f64 / added.max(1) as f64;

		let batched = u64::from(batches) * batch_size;
		eprintln!("measuring at {batched} batched certificates...");
		let (verify_batched, verify_single) = (
			verify_latency(&rpc, member_id(0), Some(&memberships[0]), args.lookups)?,
			verify_latency(&rpc, single_ids[0], None, args.lookups)?,
		);
		let (proof_batched_bytes, proof_single_bytes) = (
			proof_size(&rpc, member_id(0), Some(&memberships[0]), since)?,
			proof_size(&rpc, single_ids[0], None, since)?,
		);
		let revoke_batched =
			written_by(&rpc, revoke(member_id(round + 1), Some(memberships[round + 1].clone())))?;
		let revoke_single = written_by(&rpc, revoke(single_ids[round + 1], None))?;
		state = bytes(&pallet_state(&rpc, finalized_head(&rpc)?)?);
		points.push(ScalePoint {
			certificates: batched + u64::from(args.singles),
			batched,
			batches,
			state_entries: now.len() as u64,
			state_bytes: bytes(&now),
			bytes_per_batched,
			verify_batched,
			verify_single,
			proof_batched_bytes,
			proof_single_bytes,
			revoke_batched,
			revoke_single,
		});
	}
	let report = ScaleReport { singles: args.singles, bytes_per_single, single_state, points };
	if json {
		println!("{}", serde_json::to_string(&report).expect("the report serializes"));
	} else {
		print_table(&report);
	}
	drop(network);
	Ok(())
}

fn print_table(report: &ScaleReport) {
	println!(
		"{} certificates issued one by one: {:.1} bytes of state each",
		report.singles, report.bytes_per_single
	);
	for item in &report.single_state {
		println!(
			"  {:<20} {:>8.1} bytes, {:.2} entries each",
			item.item,
			item.bytes as f64 / f64::from(report.singles),
			item.entries as f64 / f64::from(report.singles)
		);
	}
	println!();
	println!(
		"{:>13} {:>8} {:>9} {:>11} {:>11} {:>17} {:>17} {:>13} {:>17}",
		"certificates",
		"batches",
		"entries",
		"state bytes",
		"B/batched",
		"verify batched ms",
		"verify single ms",
		"proof bytes",
		"revoke writes"
	);
	println!(
		"{:>13} {:>8} {:>9} {:>11} {:>11} {:>17} {:>17} {:>13} {:>17}",
		"", "", "", "", "", "p50 / p99", "p50 / p99", "batch / single", "batch / single"
	);
	for point in &report.points {
		println!(
			"{:>13} {:>8} {:>9} {:>11} {:>11.4} {:>17} {:>17} {:>13} {:>17}",
			point.certificates,
			point.batches,
			point.state_entries,
			point.state_bytes,
			point.bytes_per_batched,
			format!("{:.3} / {:.3}", point.verify_batched.p50_ms, point.verify_batched.p99_ms),
			format!("{:.3} / {:.3}", point.verify_single.p50_ms, point.verify_single.p99_ms),
			format!("{} / {}", point.proof_batched_bytes, point.proof_single_bytes),
			format!(
				"{} ({} B) / {} ({} B)",
				point.revoke_batched.entries,
				point.revoke_batched.bytes,
				point.revoke_single.entries,
				point.revoke_single.bytes
			),
		);
	}
	if let [first, .., last] = &report.points[..] {
		let ratio = |large: f64, small: f64| large / small.max(f64::EPSILON);
		println!();
		println!(
			"largest against smallest: verify p50 batched x{:.2}, single x{:.2}; proof batched \
			 x{:.2}, single x{:.2}",
			ratio(last.verify_batched.p50_ms, first.verify_batched.p50_ms),
			ratio(last.verify_single.p50_ms, first.verify_single.p50_ms),
			ratio(f64::from(last.proof_batched_bytes), f64::from(first.proof_batched_bytes)),
			ratio(f64::from(last.proof_single_bytes), f64::from(first.proof_single_bytes)),
		);
	}
}

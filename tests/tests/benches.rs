//! Smoke runs of the benchmark tools with tiny counts: they start, run every
//! workload against real nodes and a relay, and print figures that make
//! sense. The figures themselves are measured outside CI (README,
//! "Throughput").

use ecert_bench::{Report, ScaleReport};
use std::{path::PathBuf, process::Command};

/// A binary of this workspace, beside the node the tests start.
fn beside_node(name: &str) -> PathBuf {
	let binary = ecert_tests::node_binary().with_file_name(name);
	assert!(binary.exists(), "{} does not exist: build the workspace first", binary.display());
	binary
}

#[test]
fn ecert_bench_issues_and_transfers_on_real_nodes() {
	let output = Command::new(beside_node("ecert-bench"))
		.args(["--count", "3", "--issuers", "1", "--rpc-seconds", "1", "--rpc-connections", "2"])
		.args(["--import-rows", "200"])
		.arg("--json")
		.output()
		.expect("ecert-bench runs");
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "ecert-bench failed: {stderr}");
	let report: Report = serde_json::from_slice(&output.stdout).expect("ecert-bench prints JSON");
	for (workload, figures) in [("issue", &report.issue), ("transfer", &report.transfer)] {
		assert_eq!(figures.count, 3, "{workload}: {figures:?}");
		assert!(figures.per_second > 0.0, "{workload}: {figures:?}");
		assert!(figures.max_per_block >= 1, "{workload}: {figures:?}");
	}
	assert!(report.ratio > 0.0, "{report:?}");
	for (read, figures) in [("verify", &report.verify), ("getStorage", &report.get_storage)] {
		assert!(figures.requests >= 1, "{read}: {figures:?}");
		assert!(figures.p50_ms > 0.0 && figures.p99_ms >= figures.p50_ms, "{read}: {figures:?}");
	}
	assert!(report.read_ratio > 0.0, "{report:?}");
	// The weights come from the node's runtime (payment and call-info APIs,
	// System::BlockWeights): every part is charged, and issuing costs more
	// than a transfer.
	let weights = &report.weights;
	for (workload, weight) in [("issue", &weights.issue), ("transfer", &weights.transfer)] {
		let parts = [weight.call_micros, weight.extensions_micros, weight.base_micros];
		assert!(parts.iter().all(|micros| *micros > 0.0), "{workload}: {weight:?}");
		assert!(weight.fit_in_block >= 100, "{workload}: {weight:?}");
	}
	assert!(weights.issue.call_micros > weights.transfer.call_micros, "{weights:?}");
	eprintln!("weights: {weights:?}");
	// The spreadsheet import through the CLI: 200 rows in a batch, then 2
	// one by one, each all issued.
	let rows: Vec<(&str, u32)> =
		report.imports.iter().map(|import| (import.mode.as_str(), import.rows)).collect();
	assert_eq!(rows, [("batched", 200), ("one by one", 2)], "{report:?}");
	assert!(report.imports.iter().all(|import| import.per_second > 0.0), "{report:?}");
	assert!(report.import_ratio.is_some_and(|ratio| ratio > 0.0), "{report:?}");
}

#[test]
fn ecert_bench_scale_grows_a_chain_and_measures_it_twice() {
	let dir = tempfile::tempdir().unwrap();
	let kept = dir.path().join("chains");
	let output = Command::new(beside_node("ecert-bench"))
		.args(["scale", "--certificates", "20", "--baseline", "10", "--batch-size", "5"])
		.args(["--singles", "3", "--lookups", "5", "--json", "--data"])
		.arg(&kept)
		.output()
		.expect("ecert-bench scale runs");
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "ecert-bench scale failed: {stderr}");
	// --data keeps the side chain's database for `ecert-node benchmark
	// storage`; a second run refuses to mix its chains into it.
	let chains = kept.join("side-diploma-dev/chains").read_dir().expect("the side chain's data");
	let databases = chains.flatten().map(|chain| chain.path().join("paritydb/full"));
	assert!(databases.filter(|db| db.join("metadata").is_file()).count() == 1, "{stderr}");
	let again = Command::new(beside_node("ecert-bench"))
		.args(["scale", "--data"])
		.arg(&kept)
		.output()
		.expect("ecert-bench scale runs");
	assert!(!again.status.success());
	assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
	let report: ScaleReport =
		serde_json::from_slice(&output.stdout).expect("ecert-bench scale prints JSON");
	assert_eq!(report.singles, 3);
	assert!(report.bytes_per_single > 0.0, "{report:?}");
	let sizes: Vec<(u64, u32)> =
		report.points.iter().map(|point| (point.batched, point.batches)).collect();
	assert_eq!(sizes, [(10, 2), (20, 4)], "{report:?}");
	for point in &report.points {
		assert_eq!(point.certificates, point.batched + 3, "{point:?}");
		// Batches add state, far less than their certificates would alone.
		assert!(point.bytes_per_batched > 0.0, "{point:?}");
		assert!(point.bytes_per_batched < report.bytes_per_single, "{point:?}");
		for latency in [&point.verify_batched, &point.verify_single] {
			assert_eq!(latency.requests, 5, "{point:?}");
			assert!(latency.p50_ms > 0.0 && latency.p99_ms >= latency.p50_ms, "{point:?}");
		}
		assert!(point.proof_batched_bytes > 0 && point.proof_single_bytes > 0, "{point:?}");
		for written in [&point.revoke_batched, &point.revoke_single] {
			assert!(written.entries >= 1 && written.bytes > 0, "{point:?}");
		}
	}
	// Both certificate trees are three levels deep (5 and 7 leaves: the
	// singles and one a batch), so a batched revocation writes as much in
	// either: what it writes does not grow with the certificates a batch
	// holds.
	let [small, large] = &report.points[..] else { unreachable!() };
	assert_eq!(small.revoke_batched.entries, large.revoke_batched.entries, "{report:?}");
}

#[test]
fn ecert_proof_size_prints_a_row_per_size() {
	let output = Command::new(beside_node("ecert-proof-size"))
		.args(["--sizes", "1,1000", "--authorities", "4", "--batched", "100"])
		.output()
		.expect("ecert-proof-size runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let table = String::from_utf8(output.stdout).unwrap();
	let rows: Vec<Vec<&str>> = table
		.lines()
		.map(|line| line.split_whitespace().collect::<Vec<_>>())
		.filter(|row| row.first().is_some_and(|first| first.parse::<u32>().is_ok()))
		.collect();
	assert_eq!(rows.len(), 4, "two sizes, alone then batched: {table}");
	for (row, size) in rows[..2].iter().zip(["1", "1000"]) {
		assert_eq!(row[0], size, "{table}");
		assert!(row[1].parse::<u32>().unwrap() > 0, "{table}");
		assert_eq!(row[2], "yes", "the proof fits one QR code: {table}");
	}
	// Batched: certificates, batch, tree leaves, bytes, revoked bytes, fits.
	for (row, (size, leaves)) in rows[2..].iter().zip([("1", "1"), ("1000", "10")]) {
		assert_eq!((row[0], row[2]), (size, leaves), "{table}");
		let (bytes, revoked) = (row[3].parse::<u32>().unwrap(), row[4].parse::<u32>().unwrap());
		assert!(revoked > bytes, "a change adds its status: {table}");
		assert_eq!(row[5], "yes", "the proof fits one QR code: {table}");
	}
}

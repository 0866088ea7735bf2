//! Smoke runs of the benchmark tools with tiny counts: they start, run every
//! workload against real nodes and a relay, and print figures that make
//! sense. The figures themselves are measured outside CI (README,
//! "Throughput").

use serde_json::Value;
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
		.arg("--json")
		.output()
		.expect("ecert-bench runs");
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(output.status.success(), "ecert-bench failed: {stderr}");
	let figures: Value = serde_json::from_slice(&output.stdout).expect("ecert-bench prints JSON");
	for workload in ["issue", "transfer"] {
		assert_eq!(figures[workload]["count"], 3, "{workload}: {figures}");
		assert!(figures[workload]["perSecond"].as_f64().unwrap() > 0.0, "{workload}: {figures}");
		assert!(figures[workload]["maxPerBlock"].as_u64().unwrap() >= 1, "{workload}: {figures}");
	}
	assert!(figures["ratio"].as_f64().unwrap() > 0.0, "{figures}");
	for read in ["verify", "getStorage"] {
		assert!(figures[read]["requests"].as_u64().unwrap() >= 1, "{read}: {figures}");
		let (p50, p99) = (figures[read]["p50Ms"].as_f64(), figures[read]["p99Ms"].as_f64());
		assert!(p50.unwrap() > 0.0 && p99 >= p50, "{read}: {figures}");
	}
	assert!(figures["readRatio"].as_f64().unwrap() > 0.0, "{figures}");
	// The weights come from the node's runtime (payment and call-info APIs,
	// System::BlockWeights): every part is charged, and issuing costs more
	// than a transfer.
	let weights = &figures["weights"];
	for workload in ["issue", "transfer"] {
		for part in ["callMicros", "extensionsMicros", "baseMicros"] {
			let micros = weights[workload][part].as_f64().unwrap();
			assert!(micros > 0.0, "{workload} {part}: {weights}");
		}
		assert!(weights[workload]["fitInBlock"].as_u64().unwrap() >= 100, "{weights}");
	}
	assert!(
		weights["issue"]["callMicros"].as_f64() > weights["transfer"]["callMicros"].as_f64(),
		"{weights}"
	);
	eprintln!("weights: {weights}");
}

#[test]
fn ecert_proof_size_prints_a_row_per_size() {
	let output = Command::new(beside_node("ecert-proof-size"))
		.args(["--sizes", "1,1000", "--authorities", "4"])
		.output()
		.expect("ecert-proof-size runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let table = String::from_utf8(output.stdout).unwrap();
	let rows: Vec<Vec<&str>> = table
		.lines()
		.map(|line| line.split_whitespace().collect::<Vec<_>>())
		.filter(|row| row.first().is_some_and(|first| first.parse::<u32>().is_ok()))
		.collect();
	assert_eq!(rows.len(), 2, "{table}");
	for (row, size) in rows.iter().zip(["1", "1000"]) {
		assert_eq!(row[0], size, "{table}");
		assert!(row[1].parse::<u32>().unwrap() > 0, "{table}");
		assert_eq!(row[2], "yes", "the proof fits one QR code: {table}");
	}
}

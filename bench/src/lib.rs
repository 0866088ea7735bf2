//! What `ecert-bench --json` prints ([`Report`]), for scripts and tests to
//! read. The benchmark itself is the `ecert-bench` binary.

use serde::{Deserialize, Serialize};

/// `ecert-bench --json`: both write workloads, both read loads, and the
/// runtime's weights of one transaction of each workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
	pub issue: Throughput,
	pub transfer: Throughput,
	/// Issuances per second over transfers per second.
	pub ratio: f64,
	pub verify: ReadThroughput,
	pub get_storage: ReadThroughput,
	/// `verify` requests per second over `getStorage` requests per second.
	pub read_ratio: f64,
	/// The node's CPU time of a raw read over a verification's, where the
	/// node's CPU time could be read.
	pub read_cost_ratio: Option<f64>,
	pub rpc_connections: u32,
	/// The side node's peak resident memory, where it could be read.
	#[serde(rename = "nodePeakMemoryKiB")]
	pub node_peak_memory_kib: Option<u64>,
	pub weights: Weights,
	/// Spreadsheet imports through the CLI: batched, then one by one.
	pub imports: Vec<Import>,
	/// Batched rows per second over rows one by one per second.
	pub import_ratio: Option<f64>,
}

/// One spreadsheet import through `ecert cert batch-issue`, from start to
/// exit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Import {
	/// `batched` or `one by one`.
	pub mode: String,
	pub rows: u32,
	pub seconds: f64,
	pub per_second: f64,
}

/// A write workload: transactions finalized per second.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Throughput {
	pub count: usize,
	/// From the first submission to the finalization of the last one.
	pub seconds: f64,
	pub per_second: f64,
	pub blocks: usize,
	pub max_per_block: usize,
}

/// A read load: requests answered per second.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadThroughput {
	pub requests: usize,
	pub seconds: f64,
	pub per_second: f64,
	pub p50_ms: f64,
	pub p99_ms: f64,
	/// The node's CPU time per request, in µs, where it could be read.
	pub node_cpu_micros: Option<f64>,
}

/// The runtime's weights of one transaction of each write workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Weights {
	pub issue: TransactionWeight,
	pub transfer: TransactionWeight,
}

/// What one transaction costs a block (µs of reference time), and how
/// many fit in one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionWeight {
	/// The call's own weight.
	pub call_micros: f64,
	/// The transaction extensions' weight.
	pub extensions_micros: f64,
	/// The base weight of any transaction.
	pub base_micros: f64,
	pub fit_in_block: u64,
}

/// `ecert-bench scale --json`: one side chain measured as it grows, mostly
/// by batches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleReport {
	/// Certificates issued alone, before the batches.
	pub singles: u32,
	/// Bytes of the certificates pallet's state (keys and values) each of
	/// them added.
	pub bytes_per_single: f64,
	/// What they added, by storage item, largest first.
	pub single_state: Vec<ItemState>,
	/// The measurements, smallest chain first.
	pub points: Vec<ScalePoint>,
}

/// The chain at one size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalePoint {
	/// Certificates on the chain: batched and single.
	pub certificates: u64,
	pub batched: u64,
	pub batches: u32,
	/// The certificates pallet's state: entries, and bytes of keys and
	/// values.
	pub state_entries: u64,
	pub state_bytes: u64,
	/// Bytes of state the batches issued since the last point added, per
	/// certificate they hold.
	pub bytes_per_batched: f64,
	/// `ecert_verifyCertificate`, one request at a time.
	pub verify_batched: Latency,
	pub verify_single: Latency,
	/// `ecert_certificateProof`: the portable proof's size.
	pub proof_batched_bytes: u32,
	pub proof_single_bytes: u32,
	/// What one revocation wrote to the certificates pallet's state.
	pub revoke_batched: Written,
	pub revoke_single: Written,
}

/// Latency of one read method, requests sent one after another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
	pub requests: usize,
	pub p50_ms: f64,
	pub p99_ms: f64,
}

/// Storage entries one block wrote (added or changed), and their bytes
/// (keys and values).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Written {
	pub entries: u64,
	pub bytes: u64,
}

/// Entries and bytes (keys and values) of one storage item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemState {
	pub item: String,
	pub entries: u64,
	pub bytes: u64,
}

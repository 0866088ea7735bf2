//! The relay's Prometheus metrics.

use substrate_prometheus_endpoint::{
	register, CounterVec, GaugeVec, Opts, PrometheusError, Registry, U64,
};

/// What the relay reports, by direction: `source` is the chain whose headers
/// are carried, `target` the chain that imports them.
#[derive(Clone)]
pub struct Metrics {
	/// The best header of `source` that `target` has imported.
	pub best_anchored: GaugeVec<U64>,
	/// The latest finalized header of `source`.
	pub source_finalized: GaugeVec<U64>,
	/// How many finalized `source` blocks `target` has not imported yet.
	pub lag: GaugeVec<U64>,
	/// Transactions submitted to `target`, by kind (`header`, `view`).
	pub submissions: CounterVec<U64>,
	/// Steps that failed (node unreachable, proof refused).
	pub failures: CounterVec<U64>,
}

impl Metrics {
	/// Registers the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		let gauge = |name: &str, help: &str| -> Result<GaugeVec<U64>, PrometheusError> {
			register(GaugeVec::new(Opts::new(name, help), &["source", "target"])?, registry)
		};
		Ok(Self {
			best_anchored: gauge(
				"ecert_relay_best_anchored",
				"Best header number of the source chain imported by the target chain",
			)?,
			source_finalized: gauge(
				"ecert_relay_source_finalized",
				"Latest finalized header number of the source chain",
			)?,
			lag: gauge(
				"ecert_relay_lag_blocks",
				"Finalized source blocks the target chain has not imported yet",
			)?,
			submissions: register(
				CounterVec::new(
					Opts::new("ecert_relay_submissions_total", "Transactions submitted"),
					&["target", "kind"],
				)?,
				registry,
			)?,
			failures: register(
				CounterVec::new(
					Opts::new("ecert_relay_failures_total", "Relay steps that failed"),
					&["source", "target"],
				)?,
				registry,
			)?,
		})
	}

	/// Shows every counter of the lane between the main chain and `side` at
	/// zero from the start, so that a relay that never had to submit (another
	/// relay was quicker) or never failed says so instead of saying nothing.
	pub fn start_lane(&self, side: &str) {
		for (source, target) in [("main", side), (side, "main")] {
			self.failures.with_label_values(&[source, target]);
		}
		self.submissions.with_label_values(&["main", "header"]);
		for kind in ["header", "confirmation", "view"] {
			self.submissions.with_label_values(&[side, kind]);
		}
	}

	/// Records where `source` stands on `target`.
	pub fn observe(&self, source: &str, target: &str, anchored: u32, finalized: u32) {
		self.best_anchored.with_label_values(&[source, target]).set(anchored.into());
		self.source_finalized.with_label_values(&[source, target]).set(finalized.into());
		self.lag
			.with_label_values(&[source, target])
			.set(finalized.saturating_sub(anchored).into());
	}
}

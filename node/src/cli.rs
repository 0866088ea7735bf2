//! The command line.

/// The subcommands besides running a node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate and inspect keys, node keys and the keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Write a chain spec as JSON: `ecert-node build-spec --chain main-local > main.json`.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Write the raw chain specs of a production network from its
	/// description: `ecert-node network-specs --network deploy/network.toml
	/// --out specs/`. The specs have no sudo key; each chain is governed by
	/// its council.
	NetworkSpecs(crate::network::NetworkSpecsCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Show the database's block and state information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Measure this machine: `benchmark storage --chain side-diploma-dev
	/// --base-path <a node's data> --db paritydb` times reads and writes of
	/// that chain's state and writes the database weights the runtimes
	/// charge. Only in a node built with the `runtime-benchmarks` feature.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(BenchmarkCmd),
}

/// What `ecert-node benchmark` measures.
#[cfg(feature = "runtime-benchmarks")]
#[derive(Debug, clap::Subcommand)]
pub enum BenchmarkCmd {
	/// Time database reads and writes of a chain's state, and write them as
	/// the runtimes' `RuntimeDbWeight`.
	Storage(frame_benchmarking_cli::StorageCmd),
}

/// The ecert node: runs the main chain or one side chain of an ecert network.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true,
	after_help = "EXAMPLES:\n  \
	  ecert-node --chain main-dev --tmp                  a throw-away main chain\n  \
	  ecert-node --chain side-diploma-dev --tmp          a throw-away diploma side chain\n  \
	  ecert-node --chain main-local --alice --base-path ./data/main-alice\n  \
	  ecert-node build-spec --chain side-license-local > license.json\n\n\
	CHAINS (--chain):\n  \
	  main-dev, main-local, side-<type>-dev, side-<type>-local (for example\n  \
	  side-diploma-dev), or the path of a chain-spec JSON file. Without --chain\n  \
	  (or with --dev) the node runs main-dev."
)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}

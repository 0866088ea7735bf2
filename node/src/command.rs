//! Dispatches the command line to the node service or a subcommand.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"ecert node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		"The ecert node: runs the main chain (identities, accredited issuers, certificate \
		 types) or the side chain of one certificate type, chosen by --chain."
			.into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/ecert/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		// Without --chain (or with --dev) the node runs a throw-away
		// development main chain.
		let id = if id.is_empty() || id == "dev" { "main-dev" } else { id };
		chain_spec::load(id)
	}
}

/// The largest JSON-RPC request a node takes by default, in MB: a runtime
/// upgrade (about 1.5 MB of hex) fits, a flood of megabytes does not
/// (Substrate's own default is 15).
pub const DEFAULT_RPC_MAX_REQUEST_MB: &str = "4";

/// The most JSON-RPC calls per minute per connection by default, beyond
/// which calls wait (and are then refused): plenty for a wallet, a web page
/// or the relay, and a brake on anyone hammering a public endpoint.
pub const DEFAULT_RPC_RATE_LIMIT: &str = "6000";

/// Addresses that the rate limit spares by default: this machine itself
/// (the operator's own relay, scripts and tests).
pub const DEFAULT_RPC_RATE_LIMIT_EXEMPT: [&str; 2] = ["127.0.0.0/8", "::1/128"];

/// The command line, with ecert's defaults for a public RPC endpoint: a
/// small request size and a rate limit. Every one can still be set.
fn command_line() -> Cli {
	use clap::{CommandFactory, FromArgMatches};
	let command = Cli::command()
		.mut_arg("rpc_max_request_size", |arg| arg.default_value(DEFAULT_RPC_MAX_REQUEST_MB))
		.mut_arg("rpc_rate_limit", |arg| arg.default_value(DEFAULT_RPC_RATE_LIMIT))
		.mut_arg("rpc_rate_limit_whitelisted_ips", |arg| {
			arg.default_values(DEFAULT_RPC_RATE_LIMIT_EXEMPT)
		});
	let matches = Cli::setup_command(command).get_matches();
	Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// Parses the command line and runs it.
pub fn run() -> sc_cli::Result<()> {
	let cli = command_line();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::NetworkSpecs(cmd)) => {
			// A mistake in the description is said in words, for a person.
			if let Err(error) = cmd.run() {
				eprintln!("error: {error}");
				std::process::exit(2);
			}
			Ok(())
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|mut config| {
				config.offchain_worker.indexing_enabled = true;
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<ecert_primitives::OpaqueBlock>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(crate::cli::BenchmarkCmd::Storage(cmd))) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
				let db = backend.expose_db();
				let storage = backend.expose_storage();
				let shared_trie_cache = backend.expose_shared_trie_cache();
				cmd.run(config, client, db, storage, shared_trie_cache)
			})
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|mut config| async move {
				// The certificates pallet indexes transaction hashes offchain
				// for `ecert_verifyCertificate`; every node keeps that index.
				config.offchain_worker.indexing_enabled = true;
				service::new_full::<sc_network::NetworkWorker<_, _>>(config)
					.map_err(sc_cli::Error::Service)
			})
		},
	}
}

//! # ecert-relay
//!
//! Carries proofs between the ecert main chain and its side chains, both
//! ways, for every side chain the main chain's directory lists and every
//! one it is given with `--side`. It proves nothing itself: each runtime
//! checks the GRANDPA justifications and storage proofs it receives.
//!
//! - Side → main: finalized side-chain headers, so that certificates can be
//!   proven against the main chain.
//! - Main → side: finalized main-chain headers, then storage proofs of the
//!   issuers and identities the side chain's registry view needs.
//!
//! The relay keeps no state of its own: after a crash it carries on from
//! what the chains hold. Submissions are unsigned transactions, so it holds
//! no keys either.

mod directory;
mod lane;
mod metrics;
mod rpc;

use clap::Parser;
use ecert_primitives::{storage, ChainId};
use lane::{JustificationCache, Lane};
use rpc::ChainRpc;
use std::{collections::BTreeMap, net::SocketAddr, time::Duration};
use tokio::{sync::mpsc, task::JoinHandle};

/// Carries finality and registry proofs between the ecert main chain and
/// its side chains.
///
/// It relays for every side chain the main chain's directory lists (`ecert
/// type endpoints`), starting and stopping as chains are listed and taken
/// out, without a restart, and for those given with --side.
///
/// Example, for the local network of `scripts/local-network.sh`:
///
///   ecert-relay --main ws://127.0.0.1:9944
#[derive(Debug, Parser)]
#[command(name = "ecert-relay", version, about, long_about = None, verbatim_doc_comment)]
struct Cli {
	/// WebSocket address of a main-chain node.
	#[arg(long, value_name = "URL", default_value = "ws://127.0.0.1:9944")]
	main: String,

	/// WebSocket address of a side-chain node to relay for, whatever the
	/// directory lists (a chain not listed yet, or a private node); one per
	/// side chain.
	#[arg(long = "side", value_name = "URL")]
	sides: Vec<String>,

	/// How often to read the main chain's directory of side chains, in
	/// milliseconds.
	#[arg(long, value_name = "MS", default_value_t = 6000)]
	directory_ms: u64,

	/// Without a reason to anchor sooner (a certificate change, a registry
	/// change, an authority-set change), anchor a chain's header into the
	/// other at least every this many of its blocks.
	#[arg(long, value_name = "BLOCKS", default_value_t = 20)]
	interval: u32,

	/// How often to look at the chains, in milliseconds.
	#[arg(long, value_name = "MS", default_value_t = 1000)]
	poll_ms: u64,

	/// Port of the Prometheus endpoint (metrics at /metrics), on 127.0.0.1;
	/// 0 picks a free port, which the log names once it listens.
	#[arg(long, value_name = "PORT", default_value_t = 9616)]
	prometheus_port: u16,

	/// Expose the Prometheus endpoint on all interfaces.
	#[arg(long)]
	prometheus_external: bool,

	/// Run without the Prometheus endpoint.
	#[arg(long)]
	no_prometheus: bool,
}

#[tokio::main]
async fn main() {
	env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
	let cli = Cli::parse();
	if let Err(error) = run(cli).await {
		log::error!("{error}");
		std::process::exit(1);
	}
}

async fn run(cli: Cli) -> Result<(), String> {
	let metrics = if cli.no_prometheus {
		None
	} else {
		let registry = substrate_prometheus_endpoint::Registry::new();
		let metrics = metrics::Metrics::register(&registry).map_err(|e| e.to_string())?;
		let ip = if cli.prometheus_external { [0, 0, 0, 0] } else { [127, 0, 0, 1] };
		let address = SocketAddr::from((ip, cli.prometheus_port));
		tokio::spawn(async move {
			if let Err(error) =
				substrate_prometheus_endpoint::init_prometheus(address, registry).await
			{
				log::error!("Prometheus endpoint on {address}: {error}");
			}
		});
		Some(metrics)
	};

	let main = ChainRpc::new(&cli.main);
	let main_justifications = follow(main.clone()).0;
	let new_lane = |side_chain: ChainId, side: ChainRpc| {
		let (side_justifications, follower) = follow(side.clone());
		let lane = Lane::new(
			side_chain,
			main.clone(),
			side,
			main_justifications.clone(),
			side_justifications,
			cli.interval,
			metrics.clone(),
		);
		(lane, follower)
	};
	let mut lanes: BTreeMap<ChainId, (Lane, JoinHandle<()>)> = BTreeMap::new();
	for url in &cli.sides {
		let side = ChainRpc::new(url);
		let side_chain = chain_id(&side).await;
		if side_chain == ChainId::Main {
			return Err(format!("{url} is a main-chain node; --side takes side-chain nodes"));
		}
		if lanes.contains_key(&side_chain) {
			return Err(format!("{url} is a second node of {side_chain}; give one per side chain"));
		}
		log::info!("{side_chain}: side-chain node {url}");
		lanes.insert(side_chain.clone(), new_lane(side_chain, side));
	}
	log::info!(
		"relaying between the main chain ({}) and {} side chain(s) given, and those its directory lists",
		cli.main,
		lanes.len()
	);
	let (changes_sender, mut changes) = mpsc::channel(16);
	tokio::spawn(directory::follow(
		main.clone(),
		lanes.keys().cloned().collect(),
		Duration::from_millis(cli.directory_ms.max(100)),
		changes_sender,
	));

	let mut ticks = tokio::time::interval(Duration::from_millis(cli.poll_ms.max(100)));
	ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
	loop {
		tokio::select! {
			_ = ticks.tick() => {
				for (lane, _) in lanes.values_mut() {
					lane.step().await;
				}
			},
			Some(change) = changes.recv() => match change {
				directory::Change::Start { chain, side } => {
					if let Some((_, follower)) = lanes.insert(chain.clone(), new_lane(chain, side)) {
						follower.abort();
					}
				},
				directory::Change::Stop { chain } => {
					if let Some((_, follower)) = lanes.remove(&chain) {
						follower.abort();
						log::info!("{chain}: lane stopped");
					}
				},
			},
			_ = shutdown() => {
				log::info!("stopping");
				return Ok(());
			},
		}
	}
}

/// The chain a node belongs to, waiting for the node to answer.
async fn chain_id(rpc: &ChainRpc) -> ChainId {
	loop {
		match rpc.decoded::<ChainId>(&storage::chain(), None).await {
			Ok(Some(chain)) => return chain,
			Ok(None) => log::warn!("{}: not an ecert chain (no chain id); retrying", rpc.url()),
			Err(error) => log::warn!("{error}; retrying"),
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
}

/// Keeps the latest GRANDPA justification of a chain, resubscribing after a
/// lost connection, until the returned task is aborted.
fn follow(rpc: ChainRpc) -> (JustificationCache, JoinHandle<()>) {
	let cache = JustificationCache::default();
	let latest = cache.clone();
	let task = tokio::spawn(async move {
		loop {
			match rpc.subscribe_justifications().await {
				Ok(mut subscription) => {
					while let Some((hash, number, justification)) =
						rpc::next_justification(&mut subscription).await
					{
						log::debug!("{}: justification of #{number}", rpc.url());
						*latest.lock().await = Some((hash, number, justification));
					}
					log::warn!("{}: justification subscription ended; resubscribing", rpc.url());
				},
				Err(error) => log::warn!("{error}; resubscribing"),
			}
			tokio::time::sleep(Duration::from_secs(2)).await;
		}
	});
	(cache, task)
}

async fn shutdown() {
	#[cfg(unix)]
	{
		let mut terminate =
			tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
				.expect("installing a SIGTERM handler");
		tokio::select! {
			_ = tokio::signal::ctrl_c() => {},
			_ = terminate.recv() => {},
		}
	}
	#[cfg(not(unix))]
	let _ = tokio::signal::ctrl_c().await;
}

//! Follows the main chain's directory of side chains: a lane starts when a
//! type's side chain is listed, moves when its endpoints change or its node
//! stops answering, and stops when the type leaves the directory. The relay
//! is never restarted for a new side chain.
//!
//! A retired type keeps its lane while it is listed: its certificates stay
//! valid, and a revocation must still reach the main chain.

use crate::rpc::ChainRpc;
use ecert_client::{api::main_chain::CertificateTypeView, directory, Node};
use ecert_primitives::{ChainId, SideChainEndpoints};
use std::{collections::BTreeMap, time::Duration};
use tokio::sync::mpsc;

/// What the relay's lanes should do.
pub enum Change {
	/// Relay for `chain` through its node `side`.
	Start { chain: ChainId, side: ChainRpc },
	/// Stop relaying for `chain`.
	Stop { chain: ChainId },
}

/// How long finding a listed chain's node may take before the next look.
const FIND_TIMEOUT: Duration = Duration::from_secs(20);

/// Reads the directory from `main` every `every`, and sends the changes to
/// the lanes. Chains in `fixed` (given with `--side`) are left alone.
pub async fn follow(
	main: ChainRpc,
	fixed: Vec<ChainId>,
	every: Duration,
	changes: mpsc::Sender<Change>,
) {
	// The endpoints each running lane was started from, and the node it
	// relays through.
	let mut running: BTreeMap<ChainId, (SideChainEndpoints, Node)> = BTreeMap::new();
	// The last complaint about each chain, said once until it changes.
	let mut complaints: BTreeMap<ChainId, String> = BTreeMap::new();
	let mut directory_error = None;
	loop {
		match main.certificate_types().await {
			Ok(types) => {
				directory_error = None;
				let listed: BTreeMap<ChainId, CertificateTypeView> = types
					.into_iter()
					.filter(|view| !view.endpoints.is_empty())
					.map(|view| (ChainId::Side(view.id.clone()), view))
					.filter(|(chain, _)| !fixed.contains(chain))
					.collect();
				let mut gone = Vec::new();
				for (chain, (endpoints, node)) in &running {
					let reason = match listed.get(chain) {
						None => "it left the directory".to_owned(),
						Some(view) if &view.endpoints != endpoints => {
							"its endpoints changed".to_owned()
						},
						Some(view) => match directory::serves(node, view).await {
							Ok(()) => continue,
							Err(why) => format!("{} does not answer ({why})", node.url()),
						},
					};
					gone.push((chain.clone(), reason));
				}
				for (chain, reason) in gone {
					let Some((_, node)) = running.remove(&chain) else { continue };
					log::info!("{chain}: {reason}; no longer relaying through {}", node.url());
					if changes.send(Change::Stop { chain }).await.is_err() {
						return;
					}
				}
				for (chain, view) in listed {
					if running.contains_key(&chain) {
						continue;
					}
					let found =
						tokio::time::timeout(FIND_TIMEOUT, directory::side_chain_node(&view)).await;
					match found {
						Ok(Ok(node)) => {
							log::info!(
								"{chain}: listed in the directory; relaying through {}",
								node.url()
							);
							complaints.remove(&chain);
							let side = ChainRpc::new(node.url());
							running.insert(chain.clone(), (view.endpoints.clone(), node));
							if changes.send(Change::Start { chain, side }).await.is_err() {
								return;
							}
						},
						Ok(Err(error)) => complain(&mut complaints, chain, error.to_string()),
						Err(_) => complain(
							&mut complaints,
							chain,
							format!("no listed node answered within {FIND_TIMEOUT:?}"),
						),
					}
				}
			},
			Err(error) => {
				let error = error.to_string();
				if directory_error.as_ref() != Some(&error) {
					log::warn!("cannot read the directory of side chains: {error}; trying again");
					directory_error = Some(error);
				}
			},
		}
		tokio::time::sleep(every).await;
	}
}

fn complain(complaints: &mut BTreeMap<ChainId, String>, chain: ChainId, complaint: String) {
	if complaints.get(&chain) != Some(&complaint) {
		log::warn!("{chain}: {complaint}; trying again");
		complaints.insert(chain, complaint);
	}
}

//! One side chain's lane: both directions between it and the main chain.
//!
//! Each step reads what the chains hold now and acts on the difference; the
//! relay keeps nothing but the latest justification it has seen of each
//! chain and the transaction it has in flight, so a restarted relay carries
//! on from the chains' own state.
//!
//! - **Side → main**: the side chain's finalized header, with its GRANDPA
//!   justification, whenever its certificate root differs from the one last
//!   anchored on the main chain, or every `interval` blocks, and always a
//!   header that changes the side chain's authority set.
//! - **Main → side**: the main chain's finalized header when the side
//!   chain's registry view is out of date with it, or every `interval`
//!   blocks, and always an authority-set change; then storage proofs that
//!   bring the registry view up to date with that header.

use crate::{
	metrics::Metrics,
	rpc::{ChainRpc, ChainRpcError, Justified},
};
use bp_header_chain::{
	justification::{
		verify_and_optimize_justification, GrandpaJustification, JustificationVerificationContext,
	},
	AuthoritySet,
};
use codec::Decode;
use ecert_client::{
	main_types::{ecert_main_runtime as main_runtime, pallet_anchoring as main_anchoring},
	side_types::{
		ecert_side_runtime as side_runtime, pallet_anchoring as side_anchoring,
		pallet_registry_view,
	},
	MainChain, SideChain,
};
use ecert_primitives::{
	storage, AnchorLeaf, AnchorProof, AnchoredHeader, BlockNumber, CertificateTypeRecord,
	ChainCommitment, ChainId, ChainState, Confirmation, Hash, Header, IdentityId, IssuerRecord,
	OrgCode,
};
use std::{
	collections::{BTreeMap, BTreeSet},
	sync::Arc,
	time::{Duration, Instant},
};
use tokio::sync::Mutex;

/// The latest justification seen of a chain, kept by its subscription.
pub type JustificationCache = Arc<Mutex<Option<(Hash, BlockNumber, Vec<u8>)>>>;

/// How long a submitted transaction may take before the relay tries again.
const IN_FLIGHT_TIMEOUT: Duration = Duration::from_secs(60);

/// A transaction the relay waits for.
struct InFlight {
	/// The header number it imports, for a header.
	header: Option<BlockNumber>,
	/// The target chain's best block when it was sent.
	target_best: BlockNumber,
	since: Instant,
}

impl InFlight {
	/// Whether it is done (or lost): the header is in, or the target chain
	/// moved on by two blocks, or it timed out.
	fn settled(&self, imported: BlockNumber, target_best: BlockNumber) -> bool {
		match self.header {
			Some(number) if imported >= number => true,
			Some(_) => self.since.elapsed() > IN_FLIGHT_TIMEOUT,
			None => target_best >= self.target_best + 2 || self.since.elapsed() > IN_FLIGHT_TIMEOUT,
		}
	}
}

/// Records the side chain's view lacks or holds out of date.
#[derive(Default, Debug)]
struct StaleRecords {
	issuers: Vec<OrgCode>,
	identities: Vec<IdentityId>,
}

impl StaleRecords {
	fn is_empty(&self) -> bool {
		self.issuers.is_empty() && self.identities.is_empty()
	}
}

/// A side chain and the main chain, both directions.
pub struct Lane {
	/// The side chain's id.
	pub side_chain: ChainId,
	main: ChainRpc,
	side: ChainRpc,
	main_justifications: JustificationCache,
	side_justifications: JustificationCache,
	interval: BlockNumber,
	metrics: Option<Metrics>,
	to_main: Option<InFlight>,
	to_side: Option<InFlight>,
}

/// Why a step did nothing useful.
#[derive(Debug)]
pub enum StepError {
	/// A node failed.
	Rpc(ChainRpcError),
	/// The chains' state does not allow the step yet.
	NotReady(String),
}

impl std::fmt::Display for StepError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			StepError::Rpc(error) => write!(f, "{error}"),
			StepError::NotReady(reason) => write!(f, "{reason}"),
		}
	}
}

impl From<ChainRpcError> for StepError {
	fn from(error: ChainRpcError) -> Self {
		StepError::Rpc(error)
	}
}

impl Lane {
	/// A lane for the side chain `side_chain`.
	pub fn new(
		side_chain: ChainId,
		main: ChainRpc,
		side: ChainRpc,
		main_justifications: JustificationCache,
		side_justifications: JustificationCache,
		interval: BlockNumber,
		metrics: Option<Metrics>,
	) -> Self {
		if let Some(metrics) = &metrics {
			metrics.start_lane(&side_chain.to_string());
		}
		Self {
			side_chain,
			main,
			side,
			main_justifications,
			side_justifications,
			interval: interval.max(1),
			metrics,
			to_main: None,
			to_side: None,
		}
	}

	fn name(&self) -> String {
		self.side_chain.to_string()
	}

	fn fail(&self, source: &str, target: &str) {
		if let Some(metrics) = &self.metrics {
			metrics.failures.with_label_values(&[source, target]).inc();
		}
	}

	fn count(&self, target: &str, kind: &str) {
		if let Some(metrics) = &self.metrics {
			metrics.submissions.with_label_values(&[target, kind]).inc();
		}
	}

	/// One step each way; failures are logged and retried on the next step.
	pub async fn step(&mut self) {
		let name = self.name();
		if let Err(error) = self.step_to_main().await {
			log::warn!("{name} → main: {error}");
			self.fail(&name, "main");
		}
		if let Err(error) = self.step_to_side().await {
			log::warn!("main → {name}: {error}");
			self.fail("main", &name);
		}
	}

	/// Side → main: anchors the side chain's finalized header when needed.
	async fn step_to_main(&mut self) -> Result<(), StepError> {
		let name = self.name();
		let main_best = self.main.header(None).await?;
		let key = storage::anchored_chain(&self.side_chain);
		let state =
			match self.main.decoded::<ChainState<BlockNumber>>(&key, Some(main_best.hash())).await?
			{
				Some(state) => state,
				None => self.registered_genesis().await?,
			};
		let side_final = self.side.finalized_header().await?;
		if let Some(metrics) = &self.metrics {
			metrics.observe(&name, "main", state.best_number, side_final.number);
		}
		if let Some(in_flight) = &self.to_main {
			if !in_flight.settled(state.best_number, main_best.number) {
				return Ok(());
			}
			self.to_main = None;
		}
		if side_final.number <= state.best_number {
			return Ok(());
		}

		let side_set_id: u64 = self
			.side
			.decoded(&storage::grandpa_set_id(), Some(side_final.hash()))
			.await?
			.unwrap_or_default();
		let Some((candidate, mandatory)) =
			next_header(&self.side, &self.side_justifications, &state, side_set_id).await?
		else {
			return Ok(());
		};
		if !mandatory {
			let anchored_root = if state.best_number == 0 {
				None
			} else {
				let key = storage::anchored_header(&self.side_chain, &state.best_hash);
				self.main
					.decoded::<AnchoredHeader>(&key, Some(main_best.hash()))
					.await?
					.map(|header| header.commitment_root)
			};
			let root = ChainCommitment::find_in(&candidate.header.digest).map(|c| c.root);
			let due = anchored_root.is_none()
				|| anchored_root != root
				|| candidate.header.number - state.best_number >= self.interval;
			if !due {
				return Ok(());
			}
		}

		let number = candidate.header.number;
		let (header, justification) = optimized(candidate, &state)?;
		let call = main_runtime::RuntimeCall::Anchoring(
			main_anchoring::pallet::Call::submit_finality_proof {
				chain: self.side_chain.clone(),
				header: Box::new(header),
				justification,
			},
		);
		let hash = self.main.submit::<MainChain>(&call).await?;
		log::info!("{name} → main: header #{number} submitted ({hash:?})");
		self.count("main", "header");
		self.to_main = Some(InFlight {
			header: Some(number),
			target_best: main_best.number,
			since: Instant::now(),
		});
		Ok(())
	}

	/// The light-client state the main chain starts this side chain from,
	/// from its certificate-type registry.
	async fn registered_genesis(&self) -> Result<ChainState<BlockNumber>, StepError> {
		let certificate_type = self
			.side_chain
			.certificate_type()
			.ok_or_else(|| StepError::NotReady("the main chain is not a side chain".into()))?;
		let record: CertificateTypeRecord<BlockNumber> = self
			.main
			.decoded(&storage::certificate_type(certificate_type), None)
			.await?
			.ok_or_else(|| {
				StepError::NotReady(format!(
					"type {certificate_type} is not registered on the main chain"
				))
			})?;
		Ok(ChainState::from_genesis(record.side_chain))
	}

	/// Main → side: brings the registry view up to date with the latest
	/// imported main header, or imports a newer main header when needed.
	async fn step_to_side(&mut self) -> Result<(), StepError> {
		let name = self.name();
		let side_best = self.side.header(None).await?;
		let key = storage::anchored_chain(&ChainId::Main);
		let state: ChainState<BlockNumber> =
			self.side.decoded(&key, Some(side_best.hash())).await?.ok_or_else(|| {
				StepError::NotReady(format!("{name} does not track the main chain"))
			})?;
		let main_final = self.main.finalized_header().await?;
		if let Some(metrics) = &self.metrics {
			metrics.observe("main", &name, state.best_number, main_final.number);
		}
		if let Some(in_flight) = &self.to_side {
			if !in_flight.settled(state.best_number, side_best.number) {
				return Ok(());
			}
			self.to_side = None;
		}

		// The view, against the latest main header the side chain holds; then
		// the main chain's anchoring of this side chain, as of that header.
		let confirmed = self.confirmed(side_best.hash()).await?;
		if state.best_number > 0 {
			let stale =
				self.stale_records(state.best_hash, state.best_number, side_best.hash()).await?;
			if !stale.is_empty() {
				return self.update_view(state.best_hash, stale, side_best.number).await;
			}
			let anchors = self.anchor_leaves(state.best_hash).await?;
			if let Some(index) = anchors.iter().position(|leaf| leaf.chain == self.side_chain) {
				if anchors[index].number > confirmed {
					return self
						.confirm_anchor(state.best_hash, &anchors, index, side_best.number)
						.await;
				}
			}
		}
		if main_final.number <= state.best_number {
			return Ok(());
		}

		let main_set_id: u64 = self
			.main
			.decoded(&storage::grandpa_set_id(), Some(main_final.hash()))
			.await?
			.unwrap_or_default();
		let Some((candidate, mandatory)) =
			next_header(&self.main, &self.main_justifications, &state, main_set_id).await?
		else {
			return Ok(());
		};
		if !mandatory {
			let anchored_on_main = self
				.anchor_leaves(candidate.header.hash())
				.await?
				.into_iter()
				.find(|leaf| leaf.chain == self.side_chain)
				.map_or(0, |leaf| leaf.number);
			let due = state.best_number == 0
				|| candidate.header.number - state.best_number >= self.interval
				|| anchored_on_main > confirmed
				|| !self
					.stale_records(
						candidate.header.hash(),
						candidate.header.number,
						side_best.hash(),
					)
					.await?
					.is_empty();
			if !due {
				return Ok(());
			}
		}

		let number = candidate.header.number;
		let (header, justification) = optimized(candidate, &state)?;
		let call = side_runtime::RuntimeCall::Anchoring(
			side_anchoring::pallet::Call::submit_finality_proof {
				chain: ChainId::Main,
				header: Box::new(header),
				justification,
			},
		);
		let hash = self.side.submit::<SideChain>(&call).await?;
		log::info!("main → {name}: header #{number} submitted ({hash:?})");
		self.count(&name, "header");
		self.to_side = Some(InFlight {
			header: Some(number),
			target_best: side_best.number,
			since: Instant::now(),
		});
		Ok(())
	}

	/// The number of the latest side-chain header the side chain knows the
	/// main chain anchored (0 for none).
	async fn confirmed(&self, side_at: Hash) -> Result<BlockNumber, StepError> {
		let key = storage::anchor_confirmation(&ChainId::Main);
		let kept: Option<Confirmation> = self.side.decoded(&key, Some(side_at)).await?;
		Ok(kept.map_or(0, |confirmation| confirmation.leaf.number))
	}

	/// The leaves of the main chain's anchors root at `main_at`, as its
	/// anchoring pallet orders them.
	async fn anchor_leaves(&self, main_at: Hash) -> Result<Vec<AnchorLeaf>, StepError> {
		let chains: BTreeMap<ChainId, Vec<u8>> =
			by_key(self.main.entries(&storage::anchored_chains_prefix(), main_at).await?);
		Ok(ecert_primitives::anchor_leaves(
			decoded_values::<_, ChainState<BlockNumber>>(chains)
				.into_iter()
				.map(|(chain, state)| (chain, state.best_number, state.best_hash)),
		))
	}

	/// Tells the side chain that main header `main_at` anchors its header
	/// `anchors[index]`.
	async fn confirm_anchor(
		&mut self,
		main_at: Hash,
		anchors: &[AnchorLeaf],
		index: usize,
		side_best: BlockNumber,
	) -> Result<(), StepError> {
		let name = self.name();
		let proof = AnchorProof::new(anchors, index as u32)
			.ok_or_else(|| StepError::NotReady("no such anchor leaf".into()))?;
		let number = proof.leaf.number;
		let call =
			side_runtime::RuntimeCall::Anchoring(side_anchoring::pallet::Call::confirm_anchor {
				chain: ChainId::Main,
				header: main_at,
				proof,
			});
		let hash = self.side.submit::<SideChain>(&call).await?;
		log::info!("main → {name}: confirmation that main anchored #{number} submitted ({hash:?})");
		self.count(&name, "confirmation");
		self.to_side =
			Some(InFlight { header: None, target_best: side_best, since: Instant::now() });
		Ok(())
	}

	/// What the side chain's view (at `side_at`) lacks, holds out of date, or
	/// should refresh, compared with the main chain's state at `main_at`:
	/// the issuers of this chain's type and every identity.
	async fn stale_records(
		&self,
		main_at: Hash,
		main_number: BlockNumber,
		side_at: Hash,
	) -> Result<StaleRecords, StepError> {
		let certificate_type = self.side_chain.certificate_type().cloned();
		let refresh_age =
			self.side.constant::<BlockNumber>(storage::REGISTRY_VIEW_PALLET, "MaxViewAge").await?
				/ 2;

		let main_issuers: BTreeMap<OrgCode, Vec<u8>> =
			by_key(self.main.entries(&storage::issuers_prefix(), main_at).await?);
		let main_identities: BTreeMap<IdentityId, Vec<u8>> =
			by_key(self.main.entries(&storage::identities_prefix(), main_at).await?);
		let side_issuers: BTreeMap<OrgCode, Vec<u8>> =
			by_key(self.side.entries(&storage::viewed_issuers_prefix(), side_at).await?);
		let side_identities: BTreeMap<IdentityId, Vec<u8>> =
			by_key(self.side.entries(&storage::viewed_identities_prefix(), side_at).await?);
		let issuer_proven: BTreeMap<OrgCode, BlockNumber> = decoded_values(by_key(
			self.side.entries(&storage::issuers_proven_at_prefix(), side_at).await?,
		));
		let identity_proven: BTreeMap<IdentityId, BlockNumber> = decoded_values(by_key(
			self.side.entries(&storage::identities_proven_at_prefix(), side_at).await?,
		));

		// Only records this proof would move forward.
		let newer = |proven: Option<&BlockNumber>| proven.is_none_or(|at| *at < main_number);
		let stale = |proven: Option<&BlockNumber>| {
			proven.is_none_or(|at| main_number.saturating_sub(*at) > refresh_age)
		};

		let mut records = StaleRecords::default();
		let mut issuer_identities = BTreeSet::new();
		for (org, value) in &main_issuers {
			let record = IssuerRecord::<BlockNumber>::decode(&mut &value[..]).ok();
			let of_this_type = record.as_ref().is_some_and(|record| {
				certificate_type.as_ref().is_some_and(|t| record.certificate_types.contains(t))
			});
			if !of_this_type && !side_issuers.contains_key(org) {
				continue;
			}
			if let Some(record) = &record {
				issuer_identities.insert(record.identity);
			}
			let proven = issuer_proven.get(org);
			if newer(proven) && (side_issuers.get(org) != Some(value) || stale(proven)) {
				records.issuers.push(org.clone());
			}
		}
		for org in side_issuers.keys().filter(|org| !main_issuers.contains_key(*org)) {
			if newer(issuer_proven.get(org)) {
				records.issuers.push(org.clone());
			}
		}
		for (id, value) in &main_identities {
			let proven = identity_proven.get(id);
			let refresh = issuer_identities.contains(id) && stale(proven);
			if newer(proven) && (side_identities.get(id) != Some(value) || refresh) {
				records.identities.push(*id);
			}
		}
		for id in side_identities.keys().filter(|id| !main_identities.contains_key(*id)) {
			if newer(identity_proven.get(id)) {
				records.identities.push(*id);
			}
		}
		Ok(records)
	}

	/// Sends one update of the view, proven at main header `main_at`.
	async fn update_view(
		&mut self,
		main_at: Hash,
		stale: StaleRecords,
		side_best: BlockNumber,
	) -> Result<(), StepError> {
		let name = self.name();
		let most =
			self.side.constant::<u32>(storage::REGISTRY_VIEW_PALLET, "MaxRecordsPerUpdate").await?
				as usize;
		let issuers: Vec<OrgCode> = stale.issuers.into_iter().take(most).collect();
		let identities: Vec<IdentityId> = stale.identities.into_iter().take(most).collect();
		let keys: Vec<Vec<u8>> = issuers
			.iter()
			.map(storage::issuer)
			.chain(identities.iter().map(storage::identity))
			.collect();
		let nodes = self.main.read_proof(&keys, main_at).await?;
		let proof: storage::MainChainProof = nodes
			.into_iter()
			.map(|node| node.try_into())
			.collect::<Result<Vec<_>, _>>()
			.ok()
			.and_then(|nodes| nodes.try_into().ok())
			.ok_or_else(|| StepError::NotReady("the read proof is larger than allowed".into()))?;
		let (issuer_count, identity_count) = (issuers.len(), identities.len());
		let call = side_runtime::RuntimeCall::RegistryView(
			pallet_registry_view::pallet::Call::update_view {
				main_header: main_at,
				issuers,
				identities,
				proof: proof.into_iter().map(|node| node.into_inner()).collect(),
			},
		);
		let hash = self.side.submit::<SideChain>(&call).await?;
		log::info!(
			"main → {name}: registry view update of {issuer_count} issuer(s) and \
			 {identity_count} identity(ies) submitted ({hash:?})"
		);
		self.count(&name, "view");
		self.to_side =
			Some(InFlight { header: None, target_best: side_best, since: Instant::now() });
		Ok(())
	}
}

/// The latest justified header of a chain: from its subscription, or, until
/// one arrives (after a restart), the latest GRANDPA kept.
async fn latest(
	rpc: &ChainRpc,
	cache: &JustificationCache,
) -> Result<Option<Justified>, ChainRpcError> {
	let cached = cache.lock().await.clone();
	match cached {
		Some((hash, _, justification)) => {
			let header = rpc.header(Some(hash)).await?;
			Ok(Some(Justified { header, justification }))
		},
		None => Ok(None),
	}
}

/// The header of `source` to carry next to a light client in `state`, and
/// whether it is mandatory: the header that changed the authority set if the
/// light client is behind `source_set_id` (GRANDPA always keeps its
/// justification), else the latest justified header if it is newer.
async fn next_header(
	source: &ChainRpc,
	cache: &JustificationCache,
	state: &ChainState<BlockNumber>,
	source_set_id: u64,
) -> Result<Option<(Justified, bool)>, StepError> {
	if source_set_id > state.set_id {
		let change = source.prove_finality(state.best_number + 1).await?.ok_or_else(|| {
			StepError::NotReady("no justification of the authority-set change yet".into())
		})?;
		return Ok(Some((change, true)));
	}
	Ok(latest(source, cache)
		.await?
		.filter(|candidate| candidate.header.number > state.best_number)
		.map(|candidate| (candidate, false)))
}

/// Checks `candidate` against the tracked authority set, as the target
/// runtime will, and drops the votes and ancestry it does not need.
fn optimized(
	candidate: Justified,
	state: &ChainState<BlockNumber>,
) -> Result<(Header, GrandpaJustification<Header>), StepError> {
	let Justified { header, justification } = candidate;
	let mut justification = GrandpaJustification::<Header>::decode(&mut &justification[..])
		.map_err(|error| StepError::NotReady(format!("undecodable justification: {error}")))?;
	let context = JustificationVerificationContext::try_from(AuthoritySet::new(
		state.authorities.to_vec(),
		state.set_id,
	))
	.map_err(|error| StepError::NotReady(format!("tracked authority set: {error:?}")))?;
	verify_and_optimize_justification((header.hash(), header.number), &context, &mut justification)
		.map_err(|error| {
			StepError::NotReady(format!(
				"the justification of #{} does not verify with set {}: {error:?}",
				header.number, state.set_id
			))
		})?;
	Ok((header, justification))
}

/// Map entries keyed by `Blake2_128Concat`: the key decoded from its tail.
fn by_key<K: Decode + Ord>(entries: Vec<(Vec<u8>, Vec<u8>)>) -> BTreeMap<K, Vec<u8>> {
	entries
		.into_iter()
		.filter_map(|(key, value)| {
			let tail = key.get(48..)?;
			Some((K::decode(&mut &tail[..]).ok()?, value))
		})
		.collect()
}

fn decoded_values<K: Ord, V: Decode>(map: BTreeMap<K, Vec<u8>>) -> BTreeMap<K, V> {
	map.into_iter()
		.filter_map(|(key, value)| Some((key, V::decode(&mut &value[..]).ok()?)))
		.collect()
}

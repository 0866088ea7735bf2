//! # Anchoring pallet
//!
//! A GRANDPA light client of other ecert chains, one pallet for all of them,
//! keyed by [`ChainId`]:
//! - on the main chain it tracks every side chain in the certificate-type
//!   registry, which side chains join without a runtime upgrade;
//! - on a side chain it tracks the main chain, set at genesis.
//!
//! ## Import
//!
//! [`Pallet::submit_finality_proof`] imports a finalized header with its
//! GRANDPA justification. The justification is verified here, in the
//! runtime (`bp-header-chain`), against the authority set and set id this
//! pallet tracks for the chain; the submitter is trusted for nothing. The
//! header must also carry the chain's own [`ChainCommitment`] naming that
//! chain, so that a header of one ecert chain is never taken for another's.
//!
//! - A header that schedules an authority-set change (delay 0) is
//!   **mandatory**: it moves the tracked set to the next one and set id.
//!   Mandatory headers are always accepted.
//! - Any other header is optional: at most one per chain per block.
//! - Forced changes, delayed changes, headers not newer than the best one,
//!   and headers of chains the registry does not know are refused.
//!
//! Submissions are unsigned and free: a valid one costs its submitter
//! nothing, and an invalid or obsolete one never enters a block, since the
//! same checks run when the transaction pool validates it (and again when
//! the pool revalidates after each block, which drops stale submissions).
//!
//! ## Storage
//!
//! For each chain the pallet keeps its [`ChainState`] and the last
//! [`Config::HeadersToKeep`] imported headers ([`AnchoredHeader`]: number,
//! hash, state root, commitment root) in a ring buffer. Whatever is proven
//! against a header (an issuer's accreditation, a certificate anchored on
//! the main chain) is recorded by the pallet that uses it, so it outlives
//! the header's place in the buffer.
//!
//! [`AnchorsRoot`] is the binary Merkle root over every tracked chain's
//! latest anchored header ([`anchors_root`]); the main chain commits to it in
//! each block's header, which lets a certificate be proven against the main
//! chain with one small Merkle proof instead of a state proof.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::{boxed::Box, vec::Vec};
use bp_header_chain::{
	justification::{verify_justification, GrandpaJustification, JustificationVerificationContext},
	AuthoritySet, GrandpaConsensusLogReader,
};
use codec::Encode;
use ecert_primitives::{
	anchors_root, AnchorLeaf, AnchorProof, AnchoredHeader, AnchoredHeaders, BlockNumber,
	ChainCheckpoint, ChainCommitment, ChainId, ChainRegistry, GrandpaAuthorities, Header,
	OnHeaderAnchored, MAX_SIDE_CHAIN_AUTHORITIES,
};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_consensus_grandpa::SetId;
use sp_core::H256;
use sp_runtime::traits::Header as _;

const LOG_TARGET: &str = "runtime::anchoring";

/// The most headers a justification may carry to link votes to its target.
pub const MAX_VOTES_ANCESTRIES: u32 = 16;

/// The largest header accepted, in bytes of SCALE.
pub const MAX_HEADER_SIZE: u32 = 4096;

pub use ecert_primitives::{ChainState, Confirmation, MAX_ANCHOR_PROOF_DEPTH};

/// A header that passed every check, ready to import.
struct Verified<N> {
	state: ChainState<N>,
	/// The chain's genesis hash, as the header commits to it.
	genesis_hash: H256,
	header: AnchoredHeader,
	/// The next authority set, when the header is mandatory.
	next_authorities: Option<GrandpaAuthorities>,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = H256> {
		/// This chain's own id, which anchor confirmations must name.
		type OwnChain: Get<Option<ChainId>>;

		/// The chains this chain may track that are not set at genesis, with
		/// the authority set each starts from: the certificate-type registry
		/// on the main chain.
		type ChainRegistry: ChainRegistry;

		/// Told of each imported header.
		type OnHeaderAnchored: OnHeaderAnchored;

		/// Resets a chain's light client to a new checkpoint (after a forced
		/// authority change, which light clients cannot follow).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most chains tracked at once.
		#[pallet::constant]
		type MaxChains: Get<u32>;

		/// How many imported headers each chain keeps.
		#[pallet::constant]
		type HeadersToKeep: Get<u32>;

		/// The pool priority of a mandatory header; optional ones get half.
		#[pallet::constant]
		type MandatoryHeaderPriority: Get<TransactionPriority>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The light-client state of each tracked chain.
	#[pallet::storage]
	pub type Chains<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, ChainId, ChainState<BlockNumberFor<T>>>;

	/// Imported headers, by chain and hash: the last
	/// [`Config::HeadersToKeep`] of each chain.
	#[pallet::storage]
	pub type Headers<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ChainId, Identity, H256, AnchoredHeader>;

	/// The ring buffer of imported header hashes, by chain and slot.
	#[pallet::storage]
	pub type HeaderRing<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ChainId, Twox64Concat, u32, H256>;

	/// The local block in which each kept header was imported, by chain and
	/// hash: where its justification can be found again.
	#[pallet::storage]
	pub type ImportedAt<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ChainId, Identity, H256, BlockNumberFor<T>>;

	/// The latest proof, from each tracked chain, that it anchored one of
	/// this chain's headers.
	#[pallet::storage]
	pub type Confirmations<T: Config> = StorageMap<_, Blake2_128Concat, ChainId, Confirmation>;

	/// The binary Merkle root over each tracked chain's latest header
	/// ([`anchors_root`], leaves in the order of their SCALE-encoded chain
	/// ids).
	#[pallet::storage]
	pub type AnchorsRoot<T: Config> = StorageValue<_, H256, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Chains tracked from genesis (the main chain, on a side chain).
		pub tracked: Vec<(ChainId, ChainCheckpoint)>,
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.tracked.len() as u32 <= T::MaxChains::get(),
				"invalid anchoring genesis: more chains than MaxChains"
			);
			for (chain, genesis) in &self.tracked {
				assert!(
					!genesis.authorities.is_empty(),
					"invalid anchoring genesis: a chain without authorities"
				);
				Chains::<T>::insert(chain, ChainState::from_genesis(genesis.clone()));
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A finalized header of `chain` was imported.
		HeaderAnchored { chain: ChainId, number: BlockNumber, hash: H256, mandatory: bool },
		/// `chain` moved to authority set `set_id`.
		AuthoritySetChanged { chain: ChainId, set_id: SetId },
		/// `chain`'s light client was reset to a new checkpoint.
		ChainReset { chain: ChainId, set_id: SetId },
		/// `chain`'s header `number` anchors this chain's header `own_number`.
		AnchorConfirmed { chain: ChainId, number: BlockNumber, own_number: BlockNumber },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The chain is neither tracked nor in the registry.
		UnknownChain,
		/// Already as many chains tracked as allowed.
		TooManyChains,
		/// The header is not newer than the chain's latest imported header.
		StaleHeader,
		/// The header is larger than `MAX_HEADER_SIZE`.
		HeaderTooLarge,
		/// The header carries no ecert chain commitment.
		MissingCommitment,
		/// The header's commitment names another chain.
		WrongChain,
		/// The header, or the checkpoint, belongs to another network: its
		/// genesis hash is not the tracked chain's.
		WrongGenesis,
		/// The header's time is before the latest imported header's.
		TimeWentBack,
		/// The header forces an authority change: light clients cannot follow
		/// one; the chain must be reset by the admin origin.
		ForcedChange,
		/// The header schedules an authority change with a delay; only
		/// immediate changes are supported.
		DelayedChange,
		/// The next authority set is empty or too large.
		InvalidAuthoritySet,
		/// The justification has too many votes or ancestry headers.
		JustificationTooLarge,
		/// The justification does not finalize the header with the tracked
		/// authority set and set id.
		InvalidJustification,
		/// An optional header of this chain was already imported in this
		/// block.
		TooManyOptionalHeaders,
		/// The light client does not keep this header of the chain.
		UnknownHeader,
		/// The anchor proof names another chain than this one.
		NotOurChain,
		/// The anchor proof does not lead to the header's commitment root.
		InvalidAnchorProof,
		/// The anchored header is not one of this chain's recent blocks.
		UnknownOwnHeader,
		/// A confirmation of this header or a later one is already kept.
		StaleConfirmation,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::HeadersToKeep::get() > 0, "HeadersToKeep must keep at least one header");
			assert!(
				T::MaxChains::get() <= 1 << MAX_ANCHOR_PROOF_DEPTH,
				"MaxChains is more than an anchor proof of MAX_ANCHOR_PROOF_DEPTH can cover"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Imports `header` of `chain`, finalized by `justification`.
		///
		/// Origin: none (an unsigned transaction; the proof is the
		/// authority).
		///
		/// # Errors
		/// `UnknownChain`, `TooManyChains`, `StaleHeader`, `HeaderTooLarge`,
		/// `MissingCommitment`, `WrongChain`, `WrongGenesis`, `TimeWentBack`,
		/// `ForcedChange`, `DelayedChange`, `InvalidAuthoritySet`,
		/// `JustificationTooLarge`, `InvalidJustification`,
		/// `TooManyOptionalHeaders`.
		///
		/// # Events
		/// `HeaderAnchored`; `AuthoritySetChanged` for a mandatory header.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_finality_proof(
			justification.commit.precommits.len() as u32,
			justification.votes_ancestries.len() as u32,
		).saturating_add(T::DbWeight::get().reads(1)))]
		pub fn submit_finality_proof(
			origin: OriginFor<T>,
			chain: ChainId,
			header: Box<Header>,
			justification: GrandpaJustification<Header>,
		) -> DispatchResult {
			ensure_none(origin)?;
			let verified = Self::verify(&chain, &header, &justification)?;
			Self::import(chain, verified);
			Ok(())
		}

		/// Resets `chain`'s light client to `checkpoint`: the authority set
		/// and set id that finalize the chain's headers after
		/// `checkpoint_number`. Headers at or below it are refused from now
		/// on. Imported headers are kept, and the latest of them stays the
		/// chain's best (and its leaf of the anchors root) until a newer one
		/// is imported. The chain's genesis hash is never changed:
		/// `checkpoint.genesis_hash` names it, and must match it.
		///
		/// Origin: [`Config::AdminOrigin`].
		///
		/// # Errors
		/// `InvalidAuthoritySet` for an empty set, `WrongGenesis`,
		/// `UnknownChain`, `TooManyChains`.
		///
		/// # Events
		/// `ChainReset`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reset_chain())]
		pub fn reset_chain(
			origin: OriginFor<T>,
			chain: ChainId,
			checkpoint: ChainCheckpoint,
			checkpoint_number: BlockNumber,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(!checkpoint.authorities.is_empty(), Error::<T>::InvalidAuthoritySet);
			let set_id = checkpoint.set_id;
			let mut state = Self::chain_state(&chain)?;
			// A chain tracked from genesis without a known genesis hash
			// (development presets) learns it here.
			ensure!(
				state.genesis_hash.is_zero() || state.genesis_hash == checkpoint.genesis_hash,
				Error::<T>::WrongGenesis
			);
			state.genesis_hash = checkpoint.genesis_hash;
			state.authorities = checkpoint.authorities;
			state.set_id = set_id;
			state.reset_at = state.reset_at.max(checkpoint_number);
			Chains::<T>::insert(&chain, state);
			Self::deposit_event(Event::ChainReset { chain, set_id });
			Ok(())
		}

		/// Records that `chain`'s imported header `header` anchors one of
		/// this chain's own headers, as `proof` shows under that header's
		/// commitment root. Together with the header's justification (kept
		/// in the block named by [`ImportedAt`]) this is what a portable
		/// certificate proof needs from the main chain.
		///
		/// Origin: none (an unsigned transaction; the proof is the
		/// authority).
		///
		/// # Errors
		/// `UnknownHeader`, `NotOurChain`, `InvalidAnchorProof`,
		/// `UnknownOwnHeader`, `StaleConfirmation`.
		///
		/// # Events
		/// `AnchorConfirmed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::confirm_anchor())]
		pub fn confirm_anchor(
			origin: OriginFor<T>,
			chain: ChainId,
			header: H256,
			proof: AnchorProof,
		) -> DispatchResult {
			ensure_none(origin)?;
			let confirmation = Self::check_confirmation(&chain, &header, &proof)?;
			let (number, own_number) = (confirmation.number, confirmation.leaf.number);
			Confirmations::<T>::insert(&chain, confirmation);
			Self::deposit_event(Event::AnchorConfirmed { chain, number, own_number });
			Ok(())
		}
	}

	// Submissions are unsigned transactions, validated here. (Deprecated in
	// favour of `#[pallet::authorize]` in later releases, which needs the
	// version-5 general transaction format; this release still supports it.)
	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			if let Call::confirm_anchor { chain, header, proof } = call {
				let confirmation = Self::check_confirmation(chain, header, proof).map_err(
					|error| match error {
						Error::StaleConfirmation | Error::UnknownHeader => {
							InvalidTransaction::Stale
						},
						_ => InvalidTransaction::BadProof,
					},
				)?;
				return ValidTransaction::with_tag_prefix("EcertAnchorConfirmation")
					.priority(T::MandatoryHeaderPriority::get() / 2)
					.and_provides((chain, confirmation.leaf.number))
					.longevity(64)
					.propagate(true)
					.build();
			}
			let Call::submit_finality_proof { chain, header, justification } = call else {
				return InvalidTransaction::Call.into();
			};
			let verified = Self::verify(chain, header, justification).map_err(|error| {
				log::debug!(target: LOG_TARGET, "refused header of {chain}: {error:?}");
				match error {
					Error::StaleHeader | Error::TooManyOptionalHeaders => InvalidTransaction::Stale,
					Error::InvalidJustification => InvalidTransaction::BadProof,
					_ => InvalidTransaction::Custom(error_code(&error)),
				}
			})?;
			let priority = if verified.next_authorities.is_some() {
				T::MandatoryHeaderPriority::get()
			} else {
				T::MandatoryHeaderPriority::get() / 2
			};
			ValidTransaction::with_tag_prefix("EcertAnchoring")
				.priority(priority)
				.and_provides((chain, verified.header.number))
				.longevity(64)
				.propagate(true)
				.build()
		}
	}
}

/// The index of `error` in the pallet's error enum, as a pool error code.
fn error_code<T>(error: &Error<T>) -> u8 {
	error.encode().first().copied().unwrap_or(u8::MAX)
}

impl<T: Config> Pallet<T> {
	/// The state of `chain`: tracked, or new from the registry.
	fn chain_state(chain: &ChainId) -> Result<ChainState<BlockNumberFor<T>>, Error<T>> {
		if let Some(state) = Chains::<T>::get(chain) {
			return Ok(state);
		}
		let genesis = T::ChainRegistry::genesis(chain).ok_or(Error::<T>::UnknownChain)?;
		ensure!(Chains::<T>::count() < T::MaxChains::get(), Error::<T>::TooManyChains);
		ensure!(!genesis.authorities.is_empty(), Error::<T>::InvalidAuthoritySet);
		Ok(ChainState::from_genesis(genesis))
	}

	/// Every check of an anchor confirmation, with no change to storage.
	pub fn check_confirmation(
		chain: &ChainId,
		header: &H256,
		proof: &AnchorProof,
	) -> Result<Confirmation, Error<T>> {
		let anchored = Headers::<T>::get(chain, header).ok_or(Error::<T>::UnknownHeader)?;
		ensure!(T::OwnChain::get().as_ref() == Some(&proof.leaf.chain), Error::<T>::NotOurChain);
		ensure!(proof.verify(&anchored.commitment_root), Error::<T>::InvalidAnchorProof);
		// A pruned or future block has no hash here (zero): never a match.
		let own_hash =
			frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::from(proof.leaf.number));
		ensure!(
			own_hash != H256::zero() && own_hash == proof.leaf.hash,
			Error::<T>::UnknownOwnHeader
		);
		if let Some(kept) = Confirmations::<T>::get(chain) {
			ensure!(kept.leaf.number < proof.leaf.number, Error::<T>::StaleConfirmation);
		}
		Ok(Confirmation {
			number: anchored.number,
			hash: anchored.hash,
			leaf: proof.leaf.clone(),
			index: proof.index,
			count: proof.count,
			siblings: proof.siblings.clone(),
		})
	}

	/// Every check of a submission, with no change to storage.
	fn verify(
		chain: &ChainId,
		header: &Header,
		justification: &GrandpaJustification<Header>,
	) -> Result<Verified<BlockNumberFor<T>>, Error<T>> {
		ensure!(
			justification.commit.precommits.len() as u32 <= MAX_SIDE_CHAIN_AUTHORITIES
				&& justification.votes_ancestries.len() as u32 <= MAX_VOTES_ANCESTRIES,
			Error::<T>::JustificationTooLarge
		);
		ensure!(header.encoded_size() as u32 <= MAX_HEADER_SIZE, Error::<T>::HeaderTooLarge);
		let state = Self::chain_state(chain)?;
		let number = *header.number();
		ensure!(number > state.best_number.max(state.reset_at), Error::<T>::StaleHeader);

		let digest = header.digest();
		let commitment = ChainCommitment::find_in(digest).ok_or(Error::<T>::MissingCommitment)?;
		ensure!(commitment.chain == *chain, Error::<T>::WrongChain);
		// A chain tracked from genesis without a known genesis hash
		// (development presets) learns it from its first finalized header.
		ensure!(
			state.genesis_hash.is_zero() || commitment.genesis_hash == state.genesis_hash,
			Error::<T>::WrongGenesis
		);
		let best_time = Headers::<T>::get(chain, state.best_hash).map_or(0, |best| best.time);
		ensure!(commitment.time >= best_time, Error::<T>::TimeWentBack);
		ensure!(
			GrandpaConsensusLogReader::<BlockNumber>::find_forced_change(digest).is_none(),
			Error::<T>::ForcedChange
		);
		let next_authorities =
			match GrandpaConsensusLogReader::<BlockNumber>::find_scheduled_change(digest) {
				Some(change) => {
					ensure!(change.delay == 0, Error::<T>::DelayedChange);
					let next = GrandpaAuthorities::try_from(change.next_authorities)
						.map_err(|_| Error::<T>::InvalidAuthoritySet)?;
					ensure!(!next.is_empty(), Error::<T>::InvalidAuthoritySet);
					Some(next)
				},
				None => {
					ensure!(
						state.last_optional_import < frame_system::Pallet::<T>::block_number(),
						Error::<T>::TooManyOptionalHeaders
					);
					None
				},
			};

		let hash = header.hash();
		let context = JustificationVerificationContext::try_from(AuthoritySet::new(
			state.authorities.to_vec(),
			state.set_id,
		))
		.map_err(|_| Error::<T>::InvalidAuthoritySet)?;
		verify_justification::<Header>((hash, number), &context, justification).map_err(
			|error| {
				log::debug!(target: LOG_TARGET, "justification of {chain} #{number}: {error:?}");
				Error::<T>::InvalidJustification
			},
		)?;

		Ok(Verified {
			state,
			genesis_hash: commitment.genesis_hash,
			header: AnchoredHeader {
				number,
				hash,
				state_root: *header.state_root(),
				commitment_root: commitment.root,
				time: commitment.time,
			},
			next_authorities,
		})
	}

	/// Stores a verified header: the ring buffer, the chain's state, the
	/// anchors root.
	fn import(chain: ChainId, verified: Verified<BlockNumberFor<T>>) {
		let Verified { mut state, genesis_hash, header, next_authorities } = verified;
		state.genesis_hash = genesis_hash;
		let slot = state.next_slot;
		if let Some(evicted) = HeaderRing::<T>::get(&chain, slot) {
			Headers::<T>::remove(&chain, evicted);
			ImportedAt::<T>::remove(&chain, evicted);
		}
		HeaderRing::<T>::insert(&chain, slot, header.hash);
		Headers::<T>::insert(&chain, header.hash, &header);
		ImportedAt::<T>::insert(&chain, header.hash, frame_system::Pallet::<T>::block_number());
		state.next_slot = (slot + 1) % T::HeadersToKeep::get().max(1);
		state.best_number = header.number;
		state.best_hash = header.hash;

		let mandatory = next_authorities.is_some();
		if let Some(authorities) = next_authorities {
			state.authorities = authorities;
			state.set_id = state.set_id.saturating_add(1);
			Self::deposit_event(Event::AuthoritySetChanged {
				chain: chain.clone(),
				set_id: state.set_id,
			});
		} else {
			state.last_optional_import = frame_system::Pallet::<T>::block_number();
		}
		Chains::<T>::insert(&chain, state);
		AnchorsRoot::<T>::put(Self::compute_anchors_root());
		T::OnHeaderAnchored::on_header_anchored(&chain, &header);
		Self::deposit_event(Event::HeaderAnchored {
			chain,
			number: header.number,
			hash: header.hash,
			mandatory,
		});
	}

	/// The leaves of [`AnchorsRoot`]: each chain that has imported a header,
	/// in the order of their SCALE-encoded ids.
	pub fn anchor_leaves() -> Vec<AnchorLeaf> {
		ecert_primitives::anchor_leaves(
			Chains::<T>::iter().map(|(chain, state)| (chain, state.best_number, state.best_hash)),
		)
	}

	fn compute_anchors_root() -> H256 {
		anchors_root(&Self::anchor_leaves())
	}

	/// Checks the pallet's invariants: each chain's ring holds at most
	/// `HeadersToKeep` headers, all stored, its best among them, and the
	/// anchors root matches the chains.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(Chains::<T>::count() <= T::MaxChains::get(), "more chains than MaxChains");
		for (chain, state) in Chains::<T>::iter() {
			let ring: Vec<(u32, H256)> = HeaderRing::<T>::iter_prefix(&chain).collect();
			ensure!(ring.len() as u32 <= T::HeadersToKeep::get(), "ring overflow");
			for (_, hash) in &ring {
				ensure!(Headers::<T>::contains_key(&chain, hash), "ring names a missing header");
			}
			ensure!(
				Headers::<T>::iter_prefix(&chain).count() == ring.len(),
				"header outside the ring"
			);
			if state.best_number > 0 {
				ensure!(
					Headers::<T>::get(&chain, state.best_hash)
						.is_some_and(|h| h.number == state.best_number),
					"best header not stored"
				);
			}
		}
		ensure!(AnchorsRoot::<T>::get() == Self::compute_anchors_root(), "anchors root stale");
		Ok(())
	}
}

/// For other pallets' benchmarks: makes `header` the best anchored header of
/// `chain`, tracking the chain if need be.
#[cfg(feature = "runtime-benchmarks")]
pub fn benchmark_anchor<T: Config>(chain: &ChainId, header: AnchoredHeader) {
	let mut state = Chains::<T>::get(chain).unwrap_or_else(|| {
		ChainState::from_genesis(ChainCheckpoint {
			genesis_hash: H256::zero(),
			authorities: Default::default(),
			set_id: 0,
		})
	});
	state.best_number = header.number;
	state.best_hash = header.hash;
	Headers::<T>::insert(chain, header.hash, &header);
	Chains::<T>::insert(chain, state);
}

impl<T: Config> AnchoredHeaders for Pallet<T> {
	fn header(chain: &ChainId, hash: &H256) -> Option<AnchoredHeader> {
		Headers::<T>::get(chain, hash)
	}

	fn best(chain: &ChainId) -> Option<AnchoredHeader> {
		let state = Chains::<T>::get(chain)?;
		Headers::<T>::get(chain, state.best_hash)
	}
}

/// The anchors root, for the chain's header commitment.
pub struct CurrentAnchorsRoot<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<H256> for CurrentAnchorsRoot<T> {
	fn get() -> H256 {
		AnchorsRoot::<T>::get()
	}
}

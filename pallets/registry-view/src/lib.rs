//! # Registry view pallet
//!
//! A side chain's view of the main chain's registries: the identities and
//! the accredited issuers that the side chain's certificates involve.
//!
//! ## Proven from main-chain state
//!
//! Nobody writes the view by authority. [`Pallet::update_view`] takes a
//! storage proof of main-chain entries (`Issuers::Issuers`,
//! `Identity::Identities`; see [`ecert_primitives::storage`]) against a
//! main-chain header that this chain's light client has imported
//! ([`Config::MainChain`]), and copies what the proof shows: a record, or
//! its absence. The proof is checked with `bp-runtime`'s
//! `StorageProofChecker`, and refused if it carries a trie node it does not
//! need. Anyone may submit one (the relay does), as an unsigned transaction:
//! the proof is the authority.
//!
//! A view only moves forward: a proof against an older main header than the
//! one a record was last proven at changes nothing.
//!
//! ## Updates cost nothing, so they cannot grow state for nothing
//!
//! An update pays no fee, so the pallet limits what one can do:
//! - a proof that a record is **absent** from the main chain writes nothing
//!   unless the view holds that record (or held it): proofs of absence for
//!   made-up ids are refused at the pool's door;
//! - at most [`Config::MaxUpdatesPerBlock`] updates go in one block; more
//!   wait in the pool for the next block;
//! - updates rank below header imports and signed transactions in the pool
//!   ([`Config::UpdatePriority`]), so they never crowd out issuance.
//!
//! ## Freshness
//!
//! An issuer may issue only while:
//! - its accreditation and its identity were proven at most
//!   [`Config::MaxViewAge`] main blocks before the main chain's latest
//!   imported header, and
//! - that header reached this chain at most [`Config::MaxMainChainSilence`]
//!   (or the limit genesis sets) of this chain's time ago.
//!
//! A suspension on the main chain therefore reaches the side chain either as
//! a proof (the relay pushes changes) or, if nobody carries it or main-chain
//! headers stop arriving, by the view going stale.
//!
//! ## Interface
//!
//! - [`IssuerInspect`] and [`IdentityInspect`], implemented by [`Pallet`],
//!   answer the certificates pallet: which organisation an account issues
//!   for, whether it may issue now, and who is who.
//!
//! ## Privacy
//!
//! Ids, public keys, roles and statuses only, as on the main chain.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub mod proofs;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;
use bp_runtime::StorageProofChecker;
use ecert_primitives::{
	storage, AccreditationStatus, AnchoredHeader, AnchoredHeaders, BlockNumber, CertificateTypeId,
	ChainId, IdentityId, IdentityInspect, IdentityRecord, IdentityStatus, IssueRefusal,
	IssuerInspect, IssuerRecord, Moment, OnHeaderAnchored, OrgCode, Role,
};
use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::BlakeTwo256;

/// An identity as this runtime stores it.
pub type IdentityRecordOf<T> =
	IdentityRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// An issuer as this runtime stores it.
pub type IssuerRecordOf<T> = IssuerRecord<BlockNumberFor<T>>;

pub use ecert_primitives::storage::{MainChainProof, MAX_PROOF_NODES, MAX_PROOF_NODE_SIZE};

/// Sets up the benchmarks in a runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `header` an anchored main-chain header, the best one.
	fn anchor_main_header(header: AnchoredHeader);
}

/// What a proof showed about the main chain's registries.
pub struct ProvenRecords<T: Config> {
	/// The main header the proof was checked against.
	pub header: AnchoredHeader,
	/// Each issuer asked for, with its record or `None` if the main chain
	/// has none.
	pub issuers: Vec<(OrgCode, Option<IssuerRecordOf<T>>)>,
	/// Each identity asked for, likewise.
	pub identities: Vec<(IdentityId, Option<IdentityRecordOf<T>>)>,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The light client of the main chain.
		type MainChain: AnchoredHeaders;

		/// This chain's certificate type.
		type CertificateType: Get<Option<CertificateTypeId>>;

		/// This chain's time.
		type UnixTime: UnixTime;

		/// How many main blocks old a proven accreditation may be and still
		/// be trusted for issuance.
		#[pallet::constant]
		type MaxViewAge: Get<BlockNumber>;

		/// How long (ms of this chain's time) after the latest main-chain
		/// header arrived the view is still trusted for issuance, unless
		/// genesis sets another limit ([`MainChainSilenceLimit`]).
		#[pallet::constant]
		type MaxMainChainSilence: Get<Moment>;

		/// The most issuers, and the most identities, in one update.
		#[pallet::constant]
		type MaxRecordsPerUpdate: Get<u32>;

		/// The most updates in one block.
		#[pallet::constant]
		type MaxUpdatesPerBlock: Get<u32>;

		/// The pool priority of updates: below header imports and signed
		/// transactions.
		#[pallet::constant]
		type UpdatePriority: Get<TransactionPriority>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Identities, by id.
	#[pallet::storage]
	pub type Identities<T: Config> =
		StorageMap<_, Blake2_128Concat, IdentityId, IdentityRecordOf<T>>;

	/// The identity of each account.
	#[pallet::storage]
	pub type IdentityOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IdentityId>;

	/// Accredited issuers, by organisation code.
	#[pallet::storage]
	pub type Issuers<T: Config> = StorageMap<_, Blake2_128Concat, OrgCode, IssuerRecordOf<T>>;

	/// The organisation of each issuer identity.
	#[pallet::storage]
	pub type OrganisationOf<T: Config> = StorageMap<_, Blake2_128Concat, IdentityId, OrgCode>;

	/// The main block each identity was last proven at, present or absent.
	#[pallet::storage]
	pub type IdentityProvenAt<T: Config> = StorageMap<_, Blake2_128Concat, IdentityId, BlockNumber>;

	/// The main block each issuer was last proven at, present or absent.
	#[pallet::storage]
	pub type IssuerProvenAt<T: Config> = StorageMap<_, Blake2_128Concat, OrgCode, BlockNumber>;

	/// This chain's time (ms) when the latest main-chain header arrived.
	#[pallet::storage]
	pub type MainChainHeardAt<T: Config> = StorageValue<_, Moment>;

	/// How long (ms) after the latest main-chain header the view is trusted:
	/// set at genesis, else [`Config::MaxMainChainSilence`].
	#[pallet::storage]
	pub type MainChainSilenceLimit<T: Config> =
		StorageValue<_, Moment, ValueQuery, T::MaxMainChainSilence>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Another limit than [`Config::MaxMainChainSilence`], for
		/// development chains whose tests stop the relay.
		pub max_main_chain_silence: Option<Moment>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(limit) = self.max_main_chain_silence {
				MainChainSilenceLimit::<T>::put(limit);
			}
		}
	}

	/// How many updates the block holds so far, and which block that is.
	#[pallet::storage]
	pub type UpdatesInBlock<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32)>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Identity `id` was proven at main block `main_block` (`present`:
		/// whether the main chain holds it).
		IdentityProven { id: IdentityId, main_block: BlockNumber, present: bool },
		/// Issuer `org_code` was proven at main block `main_block`.
		IssuerProven { org_code: OrgCode, main_block: BlockNumber, present: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The light client does not keep this main-chain header.
		UnknownMainHeader,
		/// The storage proof does not match the header's state root, or lacks
		/// an entry asked for.
		InvalidProof,
		/// The storage proof carries trie nodes it does not need.
		UnusedProofNodes,
		/// A proven entry does not decode as a registry record.
		UndecodableRecord,
		/// The update asks for nothing.
		EmptyUpdate,
		/// No record asked for is news: each was already proven at this main
		/// block or a later one, or is absent and was never in the view.
		NothingNewer,
		/// The block already holds `MaxUpdatesPerBlock` updates.
		TooManyUpdates,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Copies `issuers` and `identities` from the main chain's state at
		/// the anchored main header `main_header`, as `proof` shows them.
		///
		/// Origin: none (an unsigned transaction; the proof is the
		/// authority).
		///
		/// # Errors
		/// `TooManyUpdates`, `EmptyUpdate`, `UnknownMainHeader`,
		/// `InvalidProof`, `UnusedProofNodes`, `UndecodableRecord`,
		/// `NothingNewer`.
		///
		/// # Events
		/// `IssuerProven`, `IdentityProven`, one per record that is news.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::update_view(issuers.len() as u32, identities.len() as u32)
			.saturating_add(T::DbWeight::get().reads_writes(1, 1)))]
		pub fn update_view(
			origin: OriginFor<T>,
			main_header: sp_core::H256,
			issuers: BoundedVec<OrgCode, T::MaxRecordsPerUpdate>,
			identities: BoundedVec<IdentityId, T::MaxRecordsPerUpdate>,
			proof: MainChainProof,
		) -> DispatchResult {
			ensure_none(origin)?;
			let updates = Self::room_for_update()?;
			let proven = Self::check_proof(&main_header, &issuers, &identities, proof)?;
			ensure!(Self::moves_forward(&proven), Error::<T>::NothingNewer);
			UpdatesInBlock::<T>::put((
				frame_system::Pallet::<T>::block_number(),
				updates.saturating_add(1),
			));
			Self::apply(proven);
			Ok(())
		}
	}

	// Updates are unsigned transactions, validated here. (Deprecated in
	// favour of `#[pallet::authorize]` in later releases, which needs the
	// version-5 general transaction format; this release still supports it.)
	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let Call::update_view { main_header, issuers, identities, proof } = call else {
				return InvalidTransaction::Call.into();
			};
			// Full block: wait in the pool for the next one.
			Self::room_for_update().map_err(|_| InvalidTransaction::ExhaustsResources)?;
			let proven = Self::check_proof(main_header, issuers, identities, proof.clone())
				.map_err(|error| match error {
					Error::UnknownMainHeader => InvalidTransaction::Stale,
					_ => InvalidTransaction::BadProof,
				})?;
			if !Self::moves_forward(&proven) {
				return InvalidTransaction::Stale.into();
			}
			let mut valid = ValidTransaction::with_tag_prefix("EcertRegistryView")
				.priority(T::UpdatePriority::get())
				.longevity(64)
				.propagate(true);
			for (org_code, _) in &proven.issuers {
				valid = valid.and_provides((b"issuer", org_code, proven.header.number));
			}
			for (id, _) in &proven.identities {
				valid = valid.and_provides((b"identity", id, proven.header.number));
			}
			valid.build()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Checks `proof` against the anchored main header `main_header` and
	/// reads the records asked for, with no change to storage.
	pub fn check_proof(
		main_header: &sp_core::H256,
		issuers: &[OrgCode],
		identities: &[IdentityId],
		proof: MainChainProof,
	) -> Result<ProvenRecords<T>, Error<T>> {
		ensure!(!issuers.is_empty() || !identities.is_empty(), Error::<T>::EmptyUpdate);
		let header = T::MainChain::header(&ChainId::Main, main_header)
			.ok_or(Error::<T>::UnknownMainHeader)?;
		let nodes = proof.into_iter().map(|node| node.into_inner()).collect();
		let mut checker = StorageProofChecker::<BlakeTwo256>::new(header.state_root, nodes)
			.map_err(|_| Error::<T>::InvalidProof)?;
		let mut read = |key: Vec<u8>| match checker.read_value(&key) {
			Ok(value) => Ok(value),
			Err(_) => Err(Error::<T>::InvalidProof),
		};
		let issuers = issuers
			.iter()
			.map(|org_code| {
				let value = read(storage::issuer(org_code))?;
				Ok((org_code.clone(), decode_optional::<T, IssuerRecordOf<T>>(value)?))
			})
			.collect::<Result<Vec<_>, Error<T>>>()?;
		let identities = identities
			.iter()
			.map(|id| {
				let value = read(storage::identity(id))?;
				Ok((*id, decode_optional::<T, IdentityRecordOf<T>>(value)?))
			})
			.collect::<Result<Vec<_>, Error<T>>>()?;
		checker.ensure_no_unused_nodes().map_err(|_| Error::<T>::UnusedProofNodes)?;
		Ok(ProvenRecords { header, issuers, identities })
	}

	/// How many updates this block holds, if it has room for one more.
	fn room_for_update() -> Result<u32, Error<T>> {
		let updates = UpdatesInBlock::<T>::get()
			.filter(|(block, _)| *block == frame_system::Pallet::<T>::block_number())
			.map_or(0, |(_, updates)| updates);
		ensure!(updates < T::MaxUpdatesPerBlock::get(), Error::<T>::TooManyUpdates);
		Ok(updates)
	}

	/// Whether a record proven at main block `number` is news to a view that
	/// last proved it at `proven_at`: the proof is newer, and the record is
	/// present or the view knows of it. The absence of a record the view
	/// never held is no news: it would only add state.
	fn is_news(proven_at: Option<BlockNumber>, present: bool, number: BlockNumber) -> bool {
		match proven_at {
			Some(at) => at < number,
			None => present,
		}
	}

	/// Whether the proof is news for at least one record.
	fn moves_forward(proven: &ProvenRecords<T>) -> bool {
		let number = proven.header.number;
		proven.issuers.iter().any(|(org_code, record)| {
			Self::is_news(IssuerProvenAt::<T>::get(org_code), record.is_some(), number)
		}) || proven.identities.iter().any(|(id, record)| {
			Self::is_news(IdentityProvenAt::<T>::get(id), record.is_some(), number)
		})
	}

	/// Copies the proven records that are news to the view.
	fn apply(proven: ProvenRecords<T>) {
		let main_block = proven.header.number;
		for (id, record) in proven.identities {
			if !Self::is_news(IdentityProvenAt::<T>::get(id), record.is_some(), main_block) {
				continue;
			}
			let present = record.is_some();
			Self::write_identity(id, record);
			IdentityProvenAt::<T>::insert(id, main_block);
			Self::deposit_event(Event::IdentityProven { id, main_block, present });
		}
		for (org_code, record) in proven.issuers {
			if !Self::is_news(IssuerProvenAt::<T>::get(&org_code), record.is_some(), main_block) {
				continue;
			}
			let present = record.is_some();
			Self::write_issuer(&org_code, record);
			IssuerProvenAt::<T>::insert(&org_code, main_block);
			Self::deposit_event(Event::IssuerProven { org_code, main_block, present });
		}
	}

	/// Writes (or removes) identity `id`, keeping the account index in
	/// step. The main chain gives each account one identity; if the view
	/// still maps the account to another, older identity, that mapping goes.
	pub fn write_identity(id: IdentityId, record: Option<IdentityRecordOf<T>>) {
		if let Some(old) = Identities::<T>::take(id) {
			IdentityOf::<T>::remove(&old.account);
		}
		if let Some(record) = record {
			if let Some(other) = IdentityOf::<T>::get(&record.account) {
				Identities::<T>::remove(other);
			}
			IdentityOf::<T>::insert(&record.account, id);
			Identities::<T>::insert(id, record);
		}
	}

	/// Writes (or removes) issuer `org_code`, keeping the identity index in
	/// step. The main chain gives an identity one accreditation at a time
	/// that is not revoked, and only that one is in the index: a revoked one
	/// (an organisation's old code, say) never takes an identity's current
	/// organisation from it. If the index names another organisation that
	/// is not revoked, that record is out of date and goes.
	pub fn write_issuer(org_code: &OrgCode, record: Option<IssuerRecordOf<T>>) {
		if let Some(old) = Issuers::<T>::take(org_code) {
			if OrganisationOf::<T>::get(old.identity).as_ref() == Some(org_code) {
				OrganisationOf::<T>::remove(old.identity);
			}
		}
		let Some(record) = record else { return };
		if record.status != AccreditationStatus::Revoked {
			if let Some(other) = OrganisationOf::<T>::get(record.identity) {
				Issuers::<T>::remove(&other);
			}
			OrganisationOf::<T>::insert(record.identity, org_code.clone());
		}
		Issuers::<T>::insert(org_code, record);
	}

	/// Whether a record proven at main block `proven_at` is recent enough to
	/// trust for issuance at `now`: at most `MaxViewAge` main blocks behind
	/// the latest main header, which arrived at most `MaxMainChainSilence`
	/// before `now`.
	fn is_fresh(proven_at: Option<BlockNumber>, now: Moment) -> bool {
		let (Some(proven_at), Some(best), Some(heard_at)) =
			(proven_at, T::MainChain::best(&ChainId::Main), MainChainHeardAt::<T>::get())
		else {
			return false;
		};
		best.number.saturating_sub(proven_at) <= T::MaxViewAge::get()
			&& now.saturating_sub(heard_at) <= MainChainSilenceLimit::<T>::get()
	}

	/// Checks the pallet's invariants: the account and identity indexes
	/// match the records both ways, and every record has a proof block.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, record) in Identities::<T>::iter() {
			ensure!(
				IdentityOf::<T>::get(&record.account) == Some(id),
				"identity index out of step"
			);
			ensure!(IdentityProvenAt::<T>::contains_key(id), "an identity never proven");
		}
		for (_, id) in IdentityOf::<T>::iter() {
			ensure!(Identities::<T>::contains_key(id), "account index names no identity");
		}
		for (org_code, record) in Issuers::<T>::iter() {
			let indexed = OrganisationOf::<T>::get(record.identity) == Some(org_code.clone());
			ensure!(
				indexed == (record.status != AccreditationStatus::Revoked),
				"organisation index out of step"
			);
			ensure!(IssuerProvenAt::<T>::contains_key(&org_code), "an issuer never proven");
		}
		for (identity, org_code) in OrganisationOf::<T>::iter() {
			ensure!(
				Issuers::<T>::get(&org_code).is_some_and(|record| record.identity == identity),
				"identity index names no issuer of that identity"
			);
		}
		Ok(())
	}
}

/// Decodes a proven entry, if present.
fn decode_optional<T: Config, V: Decode>(value: Option<Vec<u8>>) -> Result<Option<V>, Error<T>> {
	value
		.map(|bytes| V::decode(&mut &bytes[..]).map_err(|_| Error::<T>::UndecodableRecord))
		.transpose()
}

impl<T: Config> IdentityInspect<T::AccountId> for Pallet<T> {
	fn role_and_status(id: &IdentityId) -> Option<(Role, IdentityStatus)> {
		Identities::<T>::get(id).map(|record| (record.role, record.status))
	}

	fn identity_of(account: &T::AccountId) -> Option<IdentityId> {
		IdentityOf::<T>::get(account)
	}
}

impl<T: Config> IssuerInspect<T::AccountId> for Pallet<T> {
	fn organisation_of(account: &T::AccountId) -> Option<OrgCode> {
		OrganisationOf::<T>::get(IdentityOf::<T>::get(account)?)
	}

	fn may_issue(org_code: &OrgCode, now: Moment) -> Result<(), IssueRefusal> {
		let (Some(record), Some(certificate_type)) =
			(Issuers::<T>::get(org_code), T::CertificateType::get())
		else {
			return Err(IssueRefusal::NotAccredited);
		};
		let identity_active = Identities::<T>::get(record.identity).is_some_and(|i| i.is_active());
		ensure!(
			identity_active && record.may_issue(&certificate_type, now),
			IssueRefusal::NotAccredited
		);
		ensure!(
			Self::is_fresh(IssuerProvenAt::<T>::get(org_code), now)
				&& Self::is_fresh(IdentityProvenAt::<T>::get(record.identity), now),
			IssueRefusal::ViewTooOld
		);
		Ok(())
	}

	fn payout_account(org_code: &OrgCode) -> Option<T::AccountId> {
		let record = Issuers::<T>::get(org_code)?;
		Identities::<T>::get(record.identity).map(|identity| identity.account)
	}
}

/// Notes when main-chain headers arrive, for [`Config::MaxMainChainSilence`].
impl<T: Config> OnHeaderAnchored for Pallet<T> {
	fn on_header_anchored(chain: &ChainId, _: &AnchoredHeader) {
		if *chain == ChainId::Main {
			let now = T::UnixTime::now().as_millis().try_into().unwrap_or(Moment::MAX);
			MainChainHeardAt::<T>::put(now);
		}
	}
}

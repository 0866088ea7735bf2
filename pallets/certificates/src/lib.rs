//! # Certificates pallet
//!
//! Certificate records on a side chain: one chain per certificate type.
//!
//! ## Terminology
//!
//! - **Certificate id** ([`CertificateId`]): derived from the chain's type,
//!   the issuer's organisation code and the issuer's certificate number, so
//!   a verifier holding a paper certificate can find the record.
//! - **Commitment**: the binary Merkle root over the certificate's salted
//!   field leaves (see `ecert_primitives::commitment`). A holder can disclose
//!   some fields and withhold others.
//! - **Batch**: up to [`Config::MaxBatchSize`] certificates recorded as one
//!   Merkle root. The holder keeps the leaf and its proof
//!   ([`BatchMembership`]); calls about a batched certificate carry it.
//! - **Grant**: access to a certificate's shared data, given by the holder or
//!   the issuer to a verifier identity until a time.
//!
//! ## Interface
//!
//! - Issuers: [`Pallet::issue`], [`Pallet::issue_batch`], [`Pallet::renew`].
//! - The issuer or the chain's certificate authority
//!   ([`Config::CertificateAuthority`]): [`Pallet::revoke`] (final),
//!   [`Pallet::suspend`], [`Pallet::reinstate`]. An issuer suspends and
//!   reinstates only while it may issue; a suspension by the authority is
//!   lifted by the authority only ([`AuthoritySuspensions`]).
//! - The holder or the issuer: [`Pallet::grant`], [`Pallet::ungrant`].
//! - Verifiers: [`Pallet::record_verification`], which pays
//!   [`Config::VerificationFee`] to the issuer.
//!
//! Who may issue is asked of [`Config::Issuers`]; who is who, of
//! [`Config::Identities`].
//!
//! ## Privacy
//!
//! State holds commitments, ids, times and statuses: never a name, an ID
//! number or a birth date. The information encrypted to the holder stays in
//! the block body; state keeps its hash. Expiry and supersession are derived,
//! not stored.

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

mod charges;
mod features;

pub use charges::*;
pub use features::tree::CurrentCertificatesRoot;

use ecert_primitives::{
	certificate_leaf, tree_depth, AssetMetadata, BatchMembership, BatchRecord, BatchedStatus,
	CertificateChange, CertificateId, CertificateRecord, CertificateStatus, CertificateTerms,
	CertificateTypeId, ChangeKind, FoundCertificate, Grant, IdentityId, IdentityInspect,
	IdentityStatus, IssueRefusal, IssuerInspect, Moment, OrgCode, Role, TreeNodeStore, TxRef,
	VerificationRecord,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		UnixTime,
	},
};
use frame_system::pallet_prelude::*;
use sp_core::H256;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The most leaves of the certificate tree that one block may change. The
/// block's weight limit keeps it far lower (`integrity_test` checks).
pub const MAX_LEAF_CHANGES_PER_BLOCK: u32 = 16_384;

/// A certificate as this runtime stores it.
pub type CertificateRecordOf<T> = CertificateRecord<BlockNumberFor<T>>;

/// The information encrypted to the holder, as a call carries it.
pub type PayloadOf<T> = BoundedVec<u8, <T as Config>::MaxPayloadLen>;

/// Sets up the registries for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `account` an accredited issuer of this chain's type, as `org`.
	fn accredit(account: &AccountId, org: &OrgCode);
	/// Makes `account` act for an active identity `id` with `role`.
	fn register(account: &AccountId, id: IdentityId, role: Role);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Pays verification fees.
		type Currency: Mutate<Self::AccountId>;

		/// Who may issue.
		type Issuers: IssuerInspect<Self::AccountId>;

		/// Who is who.
		type Identities: IdentityInspect<Self::AccountId>;

		/// This chain's certificate type.
		type CertificateType: Get<Option<CertificateTypeId>>;

		/// The side chain's governing authority: may revoke, suspend and
		/// reinstate any certificate.
		type CertificateAuthority: EnsureOrigin<Self::RuntimeOrigin>;

		/// Chain time.
		type UnixTime: UnixTime;

		/// What a verifier pays the issuer per logged verification.
		#[pallet::constant]
		type VerificationFee: Get<BalanceOf<Self>>;

		/// The largest encrypted payload, in bytes.
		#[pallet::constant]
		type MaxPayloadLen: Get<u32>;

		/// The most certificates in one batch.
		#[pallet::constant]
		type MaxBatchSize: Get<u32>;

		/// The most verifiers one certificate may grant access to at once.
		#[pallet::constant]
		type MaxGrants: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up the registries for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Every certificate issued one by one, by id. Nothing is ever removed.
	#[pallet::storage]
	pub type Certificates<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateId, CertificateRecordOf<T>>;

	/// The leaf index of each certificate issued one by one in the
	/// certificate tree ([`ecert_primitives::certificate_tree`]).
	#[pallet::storage]
	pub type LeafIndex<T: Config> = StorageMap<_, Blake2_128Concat, CertificateId, u32>;

	/// How many leaves the certificate tree has. Read and written by every
	/// issuance, but it reaches the database once a block, so benchmarks
	/// leave it out and [`settle_base_weight`] charges it.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type LeafCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The certificate tree's nodes, by level (0 for leaves) and index.
	/// Missing nodes are zero.
	#[pallet::storage]
	pub type TreeNodes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, u8, Twox64Concat, u32, H256, ValueQuery>;

	/// The certificate tree's root, committed to in every header.
	#[pallet::storage]
	pub type CertificatesRoot<T: Config> = StorageValue<_, H256, ValueQuery>;

	/// The leaves the current block has changed, whose nodes above are
	/// recomputed once, when the block ends. Empty between blocks. Like
	/// [`LeafCount`], charged once a block by [`settle_base_weight`].
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type ChangedLeaves<T: Config> =
		StorageValue<_, BoundedVec<u32, ConstU32<MAX_LEAF_CHANGES_PER_BLOCK>>, ValueQuery>;

	/// The certificates of each holder, for listing.
	#[pallet::storage]
	pub type CertificatesOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		IdentityId,
		Blake2_128Concat,
		CertificateId,
		(),
		OptionQuery,
	>;

	/// What each transaction issued, by block number and transaction index.
	#[pallet::storage]
	pub type Issued<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		u32,
		ecert_primitives::Issued,
	>;

	/// Every batch, by its Merkle root.
	#[pallet::storage]
	pub type Batches<T: Config> =
		StorageMap<_, Blake2_128Concat, H256, BatchRecord<BlockNumberFor<T>>>;

	/// The leaf index of each batch in the certificate tree, by the batch's
	/// root.
	#[pallet::storage]
	pub type BatchLeafIndex<T: Config> = StorageMap<_, Blake2_128Concat, H256, u32>;

	/// Each batch's change tree ([`ecert_primitives::batch_record_leaf`]), by
	/// the batch's root, then level (0 for a leaf a member) and index. Missing
	/// nodes are zero: a batch whose members never changed has none.
	#[pallet::storage]
	pub type BatchChanges<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, H256, Twox64Concat, (u8, u32), H256, ValueQuery>;

	/// Batched certificates whose status changed since their batch.
	#[pallet::storage]
	pub type BatchedStatuses<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateId, BatchedStatus<BlockNumberFor<T>>>;

	/// Each certificate's history of changes, numbered from 0.
	#[pallet::storage]
	pub type Changes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		CertificateId,
		Twox64Concat,
		u32,
		CertificateChange<BlockNumberFor<T>>,
	>;

	/// How many changes each certificate's history holds.
	#[pallet::storage]
	pub type ChangeCount<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateId, u32, ValueQuery>;

	/// Certificates suspended by [`Config::CertificateAuthority`]: only it
	/// may reinstate them.
	#[pallet::storage]
	pub type AuthoritySuspensions<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateId, (), OptionQuery>;

	/// Verifiers' access to certificates.
	#[pallet::storage]
	pub type Grants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, CertificateId, Blake2_128Concat, IdentityId, Grant>;

	/// How many grants each certificate has.
	#[pallet::storage]
	pub type GrantCount<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateId, u32, ValueQuery>;

	/// The verification log of each certificate, numbered from 0.
	#[pallet::storage]
	pub type Verifications<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		CertificateId,
		Twox64Concat,
		u32,
		VerificationRecord<BlockNumberFor<T>, BalanceOf<T>>,
	>;

	/// How many verifications each certificate's log holds.
	#[pallet::storage]
	pub type VerificationCount<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Certificate `id` was issued by `issuer` to `holder`.
		CertificateIssued { id: CertificateId, issuer: OrgCode, holder: IdentityId },
		/// A batch of `count` certificates with Merkle root `root` was issued.
		BatchIssued { root: H256, issuer: OrgCode, count: u32 },
		/// Certificate `id` was revoked with `reason`.
		CertificateRevoked { id: CertificateId, reason: u16 },
		/// Certificate `id` was suspended.
		CertificateSuspended { id: CertificateId },
		/// Certificate `id` was reinstated.
		CertificateReinstated { id: CertificateId },
		/// Certificate `old` was renewed by `new`.
		CertificateRenewed { old: CertificateId, new: CertificateId },
		/// `verifier` may access certificate `id` until `expires_at`.
		AccessGranted { id: CertificateId, verifier: IdentityId, expires_at: Moment },
		/// `verifier` may no longer access certificate `id`.
		AccessWithdrawn { id: CertificateId, verifier: IdentityId },
		/// `verifier` verified certificate `id` for `purpose`, paying `fee`.
		CertificateVerified {
			id: CertificateId,
			verifier: IdentityId,
			purpose: u16,
			fee: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The chain has no certificate type: it is not a side chain.
		NotASideChain,
		/// The certificate type is not this chain's.
		WrongCertificateType,
		/// The caller is not an issuer.
		NotAnIssuer,
		/// The issuer is not accredited for this type now (unknown,
		/// suspended, revoked, outside its window, or another type).
		NotAccredited,
		/// What this chain knows of the main chain's registries is too old to
		/// trust: no main-chain header or accreditation proof arrived
		/// recently. The relay carries them; is it running?
		MainChainViewTooOld,
		/// The holder is not an active identity.
		UnknownHolder,
		/// The validity window ends before it starts.
		BadValidity,
		/// The document URI is empty or not UTF-8.
		BadDocumentUri,
		/// A certificate with this id, or a batch with this root, exists.
		AlreadyIssued,
		/// The batch is empty or larger than `MaxBatchSize`.
		BadBatchSize,
		/// No such certificate (a batched one needs its batch proof).
		NotFound,
		/// The batch proof does not hold for this certificate.
		BadBatchProof,
		/// The caller may not change this certificate.
		NotAuthorized,
		/// The certificate authority suspended the certificate: only it may
		/// reinstate it.
		SuspendedByAuthority,
		/// The certificate is revoked.
		Revoked,
		/// The certificate is not active.
		NotActive,
		/// The certificate is not suspended.
		NotSuspended,
		/// The certificate was already renewed.
		AlreadySuperseded,
		/// A batched certificate is renewed by issuing its successor alone and
		/// revoking it.
		CannotRenewBatched,
		/// The identity is not an active verifier.
		NotAVerifier,
		/// The expiry is not in the future.
		BadExpiry,
		/// The certificate has `MaxGrants` grants.
		TooManyGrants,
		/// The verifier has no grant for this certificate.
		NoGrant,
		/// The verifier's grant has expired.
		GrantExpired,
		/// The issuer has no account to pay.
		NoPayoutAccount,
		/// The verifier cannot pay the fee.
		InsufficientBalance,
		/// A counter cannot grow any more.
		Overflow,
		/// The block has changed `MAX_LEAF_CHANGES_PER_BLOCK` certificates;
		/// try again in the next one.
		TooManyChangesInBlock,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			settle_base_weight::<T>()
		}

		/// Settles the certificate tree, unless the header commitment has
		/// already asked for the root ([`CurrentCertificatesRoot`]).
		fn on_finalize(_: BlockNumberFor<T>) {
			Self::settle_tree();
		}

		fn integrity_test() {
			let block = <T as frame_system::Config>::BlockWeights::get().max_block;
			// The cheapest calls that add to the block's changed leaves.
			let changed = changed_leaf_weight::<T>();
			let cheapest = [
				T::WeightInfo::issue(0).saturating_add(new_leaf_weight::<T>()),
				T::WeightInfo::issue_batch().saturating_add(new_batch_leaf_weight::<T>()),
				T::WeightInfo::revoke().saturating_add(changed),
				T::WeightInfo::suspend().saturating_add(changed),
				T::WeightInfo::reinstate().saturating_add(changed),
			]
			.iter()
			.map(Weight::ref_time)
			.min()
			.unwrap_or_default()
			.max(1);
			assert!(
				block.ref_time() / cheapest < MAX_LEAF_CHANGES_PER_BLOCK as u64,
				"a block could change more than MAX_LEAF_CHANGES_PER_BLOCK leaves"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Issues a certificate of `certificate_type` (this chain's) on
		/// `terms`, with the information optionally encrypted to the holder in
		/// `payload`. The payload stays in the block body; state keeps its
		/// hash.
		///
		/// Origin: signed by an accredited issuer's account.
		///
		/// # Errors
		/// `NotASideChain`, `WrongCertificateType`, `NotAnIssuer`,
		/// `NotAccredited`, `MainChainViewTooOld`, `UnknownHolder`,
		/// `BadValidity`, `BadDocumentUri`, `AlreadyIssued` (also for an id
		/// that a batch issued and that has changed since).
		///
		/// # Events
		/// `CertificateIssued`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::issue(payload.as_ref().map_or(0, |p| p.len() as u32))
			.saturating_add(new_leaf_weight::<T>())
			.saturating_add(transaction_hash_weight()))]
		pub fn issue(
			origin: OriginFor<T>,
			certificate_type: CertificateTypeId,
			terms: CertificateTerms,
			payload: Option<PayloadOf<T>>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			let chain_type = Self::chain_type()?;
			ensure!(certificate_type == chain_type, Error::<T>::WrongCertificateType);
			let issuer = Self::accredited_issuer(&account)?;
			Self::do_issue(&chain_type, issuer, terms, payload, None).map(|_| ())
		}

		/// Issues `count` certificates at once as the Merkle root `root` over
		/// their [`ecert_primitives::BatchLeaf`]s. Its weight does not depend
		/// on `count`: state keeps the root only, and the certificate tree
		/// one leaf for the whole batch.
		///
		/// Origin: signed by an accredited issuer's account.
		///
		/// # Errors
		/// `NotASideChain`, `NotAnIssuer`, `NotAccredited`, `BadBatchSize`,
		/// `AlreadyIssued`.
		///
		/// # Events
		/// `BatchIssued`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::issue_batch()
			.saturating_add(new_batch_leaf_weight::<T>())
			.saturating_add(transaction_hash_weight()))]
		pub fn issue_batch(
			origin: OriginFor<T>,
			root: H256,
			count: u32,
			asset: AssetMetadata,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::chain_type()?;
			let issuer = Self::accredited_issuer(&account)?;
			Self::do_issue_batch(issuer, root, count, asset)
		}

		/// Revokes certificate `id` for good with `reason` (`0`: cancellation).
		/// The record and its history stay, and its id is never issued again.
		/// A batched certificate needs its `membership` proof.
		///
		/// Origin: the certificate's issuer, or
		/// [`Config::CertificateAuthority`].
		///
		/// # Errors
		/// `NotFound`, `BadBatchProof`, `NotAuthorized`, `Revoked`.
		///
		/// # Events
		/// `CertificateRevoked`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke()
			.saturating_add(changed_leaf_weight::<T>())
			.saturating_add(batched_change_weight::<T>())
			.saturating_add(status_check_weight::<T>())
			.saturating_add(transaction_hash_weight()))]
		pub fn revoke(
			origin: OriginFor<T>,
			id: CertificateId,
			reason: u16,
			membership: Option<BatchMembership>,
		) -> DispatchResult {
			Self::change_status(origin, id, membership, ChangeKind::Revoked { reason })?;
			Self::deposit_event(Event::CertificateRevoked { id, reason });
			Ok(())
		}

		/// Suspends active certificate `id`.
		///
		/// Origin: the certificate's issuer while it may issue, or
		/// [`Config::CertificateAuthority`], whose suspension only it lifts.
		///
		/// # Errors
		/// `NotFound`, `BadBatchProof`, `NotAuthorized`, `NotAccredited`,
		/// `MainChainViewTooOld`, `NotActive`.
		///
		/// # Events
		/// `CertificateSuspended`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::suspend()
			.saturating_add(changed_leaf_weight::<T>())
			.saturating_add(batched_change_weight::<T>())
			.saturating_add(status_check_weight::<T>())
			.saturating_add(transaction_hash_weight()))]
		pub fn suspend(
			origin: OriginFor<T>,
			id: CertificateId,
			membership: Option<BatchMembership>,
		) -> DispatchResult {
			Self::change_status(origin, id, membership, ChangeKind::Suspended)?;
			Self::deposit_event(Event::CertificateSuspended { id });
			Ok(())
		}

		/// Reinstates suspended certificate `id`.
		///
		/// Origin: the certificate's issuer while it may issue (not after a
		/// suspension by the authority), or [`Config::CertificateAuthority`].
		///
		/// # Errors
		/// `NotFound`, `BadBatchProof`, `NotAuthorized`, `NotAccredited`,
		/// `MainChainViewTooOld`, `SuspendedByAuthority`, `NotSuspended`.
		///
		/// # Events
		/// `CertificateReinstated`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reinstate()
			.saturating_add(changed_leaf_weight::<T>())
			.saturating_add(batched_change_weight::<T>())
			.saturating_add(status_check_weight::<T>())
			.saturating_add(transaction_hash_weight()))]
		pub fn reinstate(
			origin: OriginFor<T>,
			id: CertificateId,
			membership: Option<BatchMembership>,
		) -> DispatchResult {
			Self::change_status(origin, id, membership, ChangeKind::Reinstated)?;
			Self::deposit_event(Event::CertificateReinstated { id });
			Ok(())
		}

		/// Renews certificate `old` (換證): issues a new certificate on
		/// `terms` that supersedes it. The lineage is kept both ways.
		///
		/// Origin: signed by the old certificate's issuer, still accredited.
		///
		/// # Errors
		/// `NotFound`, `CannotRenewBatched`, `NotAuthorized`,
		/// `SuspendedByAuthority`, `Revoked`,
		/// `AlreadySuperseded`, and those of `issue`.
		///
		/// # Events
		/// `CertificateIssued`, `CertificateRenewed`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::renew(payload.as_ref().map_or(0, |p| p.len() as u32))
			.saturating_add(new_leaf_weight::<T>())
			.saturating_add(changed_leaf_settlement::<T>())
			.saturating_add(transaction_hash_weight()))]
		pub fn renew(
			origin: OriginFor<T>,
			old: CertificateId,
			terms: CertificateTerms,
			payload: Option<PayloadOf<T>>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_renew(&account, old, terms, payload)
		}

		/// Lets `verifier` access certificate `id`'s shared data until
		/// `expires_at` (Unix time, ms). Granting again moves the expiry.
		///
		/// Origin: signed by the holder's or the issuer's account.
		///
		/// # Errors
		/// `NotFound`, `BadBatchProof`, `NotAuthorized`, `NotAVerifier`,
		/// `BadExpiry`, `TooManyGrants`.
		///
		/// # Events
		/// `AccessGranted`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::grant())]
		pub fn grant(
			origin: OriginFor<T>,
			id: CertificateId,
			verifier: IdentityId,
			expires_at: Moment,
			membership: Option<BatchMembership>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_grant(&account, id, verifier, expires_at, membership)
		}

		/// Withdraws `verifier`'s access to certificate `id`.
		///
		/// Origin: signed by the holder's or the issuer's account.
		///
		/// # Errors
		/// `NotFound`, `BadBatchProof`, `NotAuthorized`, `NoGrant`.
		///
		/// # Events
		/// `AccessWithdrawn`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::ungrant())]
		pub fn ungrant(
			origin: OriginFor<T>,
			id: CertificateId,
			verifier: IdentityId,
			membership: Option<BatchMembership>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_ungrant(&account, id, verifier, membership)
		}

		/// Logs that the caller, a verifier with a grant, verified certificate
		/// `id` for `purpose`, and pays the issuer
		/// [`Config::VerificationFee`].
		///
		/// Origin: signed by the verifier's account.
		///
		/// # Errors
		/// `NotAVerifier`, `NotFound`, `BadBatchProof`, `NoGrant`,
		/// `GrantExpired`, `NoPayoutAccount`, `InsufficientBalance`,
		/// `Overflow`.
		///
		/// # Events
		/// `CertificateVerified`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::record_verification().saturating_add(transaction_hash_weight()))]
		pub fn record_verification(
			origin: OriginFor<T>,
			id: CertificateId,
			purpose: u16,
			membership: Option<BatchMembership>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_record_verification(&account, id, purpose, membership)
		}
	}
}

impl<T: Config> Pallet<T> {
	fn chain_type() -> Result<CertificateTypeId, DispatchError> {
		T::CertificateType::get().ok_or_else(|| Error::<T>::NotASideChain.into())
	}

	fn now() -> Moment {
		T::UnixTime::now().as_millis().try_into().unwrap_or(Moment::MAX)
	}

	/// The current block and transaction index. Also writes the
	/// transaction's hash to the node's offchain index
	/// ([`ecert_primitives::storage::transaction_hash_key`]), so that the
	/// node can tell where a certificate was recorded without reading the
	/// block ([`transaction_hash_weight`]).
	fn here() -> TxRef<BlockNumberFor<T>> {
		use sp_runtime::traits::UniqueSaturatedInto;
		let block = frame_system::Pallet::<T>::block_number();
		let index = frame_system::Pallet::<T>::extrinsic_index().unwrap_or_default();
		let transaction = frame_system::Pallet::<T>::extrinsic_data(index);
		if !transaction.is_empty() {
			let key = ecert_primitives::storage::transaction_hash_key(
				block.unique_saturated_into(),
				frame_system::Pallet::<T>::parent_hash().as_ref(),
				&frame_system::Pallet::<T>::digest(),
				index,
			);
			sp_io::offchain_index::set(&key, &sp_io::hashing::blake2_256(&transaction));
		}
		TxRef { block, index }
	}

	fn is_active(identity: &IdentityId, role: Role) -> bool {
		T::Identities::role_and_status(identity) == Some((role, IdentityStatus::Active))
	}

	/// The organisation `account` issues for, if it may issue now.
	fn accredited_issuer(account: &T::AccountId) -> Result<OrgCode, DispatchError> {
		let issuer = T::Issuers::organisation_of(account).ok_or(Error::<T>::NotAnIssuer)?;
		T::Issuers::may_issue(&issuer, Self::now()).map_err(|refusal| match refusal {
			IssueRefusal::NotAccredited => Error::<T>::NotAccredited,
			IssueRefusal::ViewTooOld => Error::<T>::MainChainViewTooOld,
		})?;
		Ok(issuer)
	}

	/// Appends `kind`, made at `at`, to certificate `id`'s history.
	fn push_change(
		id: CertificateId,
		kind: ChangeKind,
		at: TxRef<BlockNumberFor<T>>,
	) -> DispatchResult {
		let index = ChangeCount::<T>::get(id);
		let next = index.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Changes::<T>::insert(id, index, CertificateChange { kind, at, time: Self::now() });
		ChangeCount::<T>::insert(id, next);
		Ok(())
	}
}

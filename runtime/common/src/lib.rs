//! # ecert runtime common
//!
//! What the main runtime and the side runtimes share:
//!
//! - the constants and limits of every ecert chain ([`UNIT`], block weights
//!   and lengths);
//! - the transaction format ([`TxExtension`], [`UncheckedExtrinsic`]);
//! - [`impl_base_configs!`]: the configuration of the base pallets that every
//!   ecert chain runs (system, timestamp, Aura, GRANDPA, balances, transaction
//!   payment, sudo, chain info, the council, the validator list and sessions);
//! - [`impl_runtime_apis_with_base!`]: the standard runtime APIs, to which each
//!   runtime adds its own;
//! - [`genesis`]: the genesis presets' building blocks.
//!
//! ## Node admission
//!
//! Every ecert chain is permissioned: `pallet-node-authorization` keeps the
//! peer ids of the nodes the governing authority admits (set at genesis,
//! changed by [`GoverningAuthority`]). Each node's offchain worker reads that
//! list and puts its networking into reserved-only mode with the admitted
//! nodes as its reserved peers, so an unadmitted node cannot sync.
//!
//! Sudo stands in for governance on development chains only; business calls
//! use configurable origins.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod db_weights;
pub mod genesis;

/// The metadata version the client's code is generated from
/// (`client/metadata/*.scale`).
pub const CLIENT_METADATA_VERSION: u32 = 15;

/// Asserts that `generated` (a client type generated from metadata) encodes
/// as `native` (the runtime's own value) and decodes from its encoding.
#[cfg(feature = "test-helpers")]
pub fn assert_same_encoding<Generated, Native>(generated: Generated, native: Native)
where
	Generated: codec::Encode + codec::Decode + core::fmt::Debug,
	Native: codec::Encode + codec::Decode + PartialEq + core::fmt::Debug,
{
	let encoded = generated.encode();
	assert_eq!(Native::decode(&mut &encoded[..]).ok().as_ref(), Some(&native), "{generated:?}");
	assert_eq!(encoded, native.encode(), "{generated:?}");
	let read_back = Generated::decode(&mut &native.encode()[..]).map(|value| value.encode());
	assert_eq!(read_back.ok(), Some(encoded), "{native:?}");
}

/// Carries `call` as a motion of the governing council: `ayes[0]` proposes
/// it, needing as many votes as there are `ayes`, they all vote for it, and
/// it is closed. The outcome is the motion's: whether the council
/// could close it (the call's own result is in the `Executed` event).
#[cfg(feature = "test-helpers")]
pub fn carry_council_motion<R>(
	call: <R as pallet_collective::Config<CouncilInstance>>::Proposal,
	ayes: &[AccountId],
) -> sp_runtime::DispatchResult
where
	R: pallet_collective::Config<CouncilInstance> + frame_system::Config<AccountId = AccountId>,
{
	use codec::Encode;
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Hash;
	type Council<R> = pallet_collective::Pallet<R, CouncilInstance>;
	let signed = |who: &AccountId| frame_system::RawOrigin::Signed(who.clone()).into();
	let length = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <R as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<R, CouncilInstance>::get();
	Council::<R>::propose(signed(&ayes[0]), ayes.len() as u32, Box::new(call), length)
		.map_err(|error| error.error)?;
	if ayes.len() < 2 {
		// A motion that needs one vote is dispatched as it is proposed.
		return Ok(());
	}
	// The proposer votes too: a motion starts with no votes.
	for member in ayes {
		Council::<R>::vote(signed(member), hash, index, true).map_err(|error| error.error)?;
	}
	Council::<R>::close(signed(&ayes[0]), hash, index, weight, length)
		.map(|_| ())
		.map_err(|error| error.error)
}

/// Checks that the client's committed metadata `client/metadata/{file}` is
/// `metadata`, the runtime's own; with `ECERT_WRITE_METADATA=1` in the
/// environment it writes it instead (`scripts/generate-chain-specs.sh` does).
#[cfg(feature = "test-helpers")]
pub fn check_committed_metadata(metadata: &[u8], file: &str) {
	let path =
		std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../client/metadata").join(file);
	if std::env::var_os("ECERT_WRITE_METADATA").is_some() {
		std::fs::write(&path, metadata).unwrap_or_else(|e| panic!("writing {path:?}: {e}"));
		return;
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == metadata,
		"{path:?} is not this runtime's metadata: run scripts/generate-chain-specs.sh and commit \
		 what it writes"
	);
}

use ecert_primitives::{AccountId, Balance, BlockNumber, Signature};
use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::{generic, MultiAddress, Perbill};

pub use ecert_primitives::UNIT;
/// A thousandth of a unit.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
/// How many block hashes the chain keeps (for mortal transactions).
pub const BLOCK_HASH_COUNT: BlockNumber = 2_400;
/// The largest Aura and GRANDPA authority set.
pub const MAX_AUTHORITIES: u32 = 32;
/// The largest block, in bytes.
pub const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
/// The share of a block that normal transactions may fill.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	/// Two seconds of compute per block, for a six-second block time.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// Blocks of at most 5 MiB.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
}

/// How many of another chain's headers a light client keeps: an hour of
/// six-second blocks.
pub const ANCHORED_HEADERS_TO_KEEP: u32 = 600;

frame_support::parameter_types! {
	/// Mandatory headers (authority-set changes) go first in the pool.
	pub const MandatoryHeaderPriority: sp_runtime::transaction_validity::TransactionPriority =
		sp_runtime::transaction_validity::TransactionPriority::MAX / 2;
}

/// The most nodes a chain admits to its network.
pub const MAX_WELL_KNOWN_NODES: u32 = 64;

/// The governing council's instance of `pallet-collective` (and of
/// `pallet-membership`, which keeps its members).
pub type CouncilInstance = pallet_collective::Instance1;

/// The most members a governing council has.
pub const MAX_COUNCIL_MEMBERS: u32 = 32;

/// The most motions open at once before the council.
pub const MAX_COUNCIL_MOTIONS: u32 = 64;

/// How long a council motion stays open: a week of six-second blocks.
/// A motion closes as soon as enough members have voted.
pub const COUNCIL_MOTION_DURATION: BlockNumber = 7 * 24 * 60 * 10;

/// The chain's governing authority: the identity authority on the main
/// chain, the certificate authority on a side chain. An institution, not a
/// key: at least two thirds of its council, voting on a motion. Root too,
/// which only development chains reach, through their sudo key.
pub type GoverningAuthority = frame_support::traits::EitherOf<
	frame_system::EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilInstance, 2, 3>,
>;

/// The validator list's instance of `pallet-membership`: the accounts the
/// governing authority has made validators (`Validators` in the runtimes).
pub type ValidatorsInstance = pallet_membership::Instance2;

/// What an account holds while its session keys are registered
/// (`Session.set_keys`): keys are state, and state is paid for.
pub const SESSION_KEY_DEPOSIT: Balance = UNIT;

/// Who validates an ecert chain, session by session: the accounts on its
/// validator list (`Validators`, which only the governing authority changes)
/// that have registered session keys (`Session.set_keys`, by the validator's
/// operator, with the keys its node made). The list may name an account
/// before its keys are registered: it joins at the first session after they
/// are.
///
/// A change made during session `n` is planned at the end of session `n`
/// and takes effect at the end of session `n + 1`: Aura then uses the new
/// set, and GRANDPA hands over to it through an authority-set change that
/// the other chains' light clients follow (the relay carries the header
/// that enacts it).
///
/// Nothing changes when the list, keeping only the accounts with keys,
/// is the current set in any order, or is empty (a chain with no
/// validators would stop for good).
pub struct ListedValidators<T, I>(core::marker::PhantomData<(T, I)>);

impl<T, I> pallet_session::SessionManager<AccountId> for ListedValidators<T, I>
where
	T: pallet_session::Config<ValidatorId = AccountId>
		+ pallet_membership::Config<I>
		+ frame_system::Config<AccountId = AccountId>,
	I: 'static,
{
	fn new_session(_: u32) -> Option<alloc::vec::Vec<AccountId>> {
		next_validators(
			pallet_membership::Members::<T, I>::get().into_inner(),
			|account| pallet_session::Pallet::<T>::load_keys(account).is_some(),
			pallet_session::Validators::<T>::get(),
		)
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}

/// The validators of the next session, if they change: the `listed`
/// accounts that `have_keys`, unless they are the `current` set (in any
/// order) or nobody.
pub fn next_validators(
	listed: alloc::vec::Vec<AccountId>,
	have_keys: impl Fn(&AccountId) -> bool,
	mut current: alloc::vec::Vec<AccountId>,
) -> Option<alloc::vec::Vec<AccountId>> {
	let mut next: alloc::vec::Vec<AccountId> =
		listed.into_iter().filter(|a| have_keys(a)).collect();
	next.sort();
	current.sort();
	(!next.is_empty() && next != current).then_some(next)
}

/// The address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;

/// The checks every transaction passes, in order.
pub type TxExtension<Runtime> = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// A transaction as it stands in a block.
pub type UncheckedExtrinsic<Runtime, RuntimeCall> =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension<Runtime>>;

/// Implements the `Config` of the base pallets for `Runtime`; the argument
/// is the `Get<H256>` of the root the chain commits to in every header.
///
/// Expects in scope: `Runtime`, `RuntimeCall`, `RuntimeEvent`,
/// `RuntimeHoldReason`, `RuntimeFreezeReason`, `Block`, `VERSION`,
/// `SessionKeys`, and the pallets `System`, `Aura`, `Balances`, `Council`.
#[macro_export]
macro_rules! impl_base_configs {
	($commitment_root:ty) => {
		frame_support::parameter_types! {
			pub const Version: sp_version::RuntimeVersion = VERSION;
		}

		use frame_support::derive_impl;

		#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
		impl frame_system::Config for Runtime {
			type Block = Block;
			type BlockWeights = $crate::RuntimeBlockWeights;
			type BlockLength = $crate::RuntimeBlockLength;
			type AccountId = ecert_primitives::AccountId;
			type Nonce = ecert_primitives::Nonce;
			type Hash = ecert_primitives::Hash;
			type BlockHashCount = frame_support::traits::ConstU32<{ $crate::BLOCK_HASH_COUNT }>;
			// ParityDB's reads and writes as measured on the reference
			// machine (scripts/benchmark-db.sh), not FRAME's defaults.
			type DbWeight = $crate::db_weights::ParityDbWeight;
			// FRAME's measured weights, with this chain's database weights
			// (the defaults assume RocksDB, which charged every transaction
			// 160 µs more for its nonce, era and fee checks).
			type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
			type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
			type Version = Version;
			type AccountData = pallet_balances::AccountData<ecert_primitives::Balance>;
			type SS58Prefix = frame_support::traits::ConstU16<42>;
			type MaxConsumers = frame_support::traits::ConstU32<16>;
		}

		frame_support::parameter_types! {
			/// This chain's id, from genesis.
			pub OwnChainId: Option<ecert_primitives::ChainId> =
				pallet_chain_info::Chain::<Runtime>::get();
		}

		impl pallet_chain_info::Config for Runtime {
			type CommitmentRoot = $commitment_root;
			type Time = Timestamp;
			type UpgradeOrigin = $crate::GoverningAuthority;
		}

		impl pallet_timestamp::Config for Runtime {
			type Moment = ecert_primitives::Moment;
			type OnTimestampSet = Aura;
			type MinimumPeriod = pallet_chain_info::ConfiguredMinimumPeriod<Runtime>;
			type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
		}

		impl pallet_aura::Config for Runtime {
			type AuthorityId = sp_consensus_aura::sr25519::AuthorityId;
			type DisabledValidators = ();
			type MaxAuthorities = frame_support::traits::ConstU32<{ $crate::MAX_AUTHORITIES }>;
			type AllowMultipleBlocksPerSlot = frame_support::traits::ConstBool<false>;
			type SlotDuration = pallet_chain_info::ConfiguredSlotDuration<Runtime>;
		}

		impl pallet_grandpa::Config for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type WeightInfo = ();
			type MaxAuthorities = frame_support::traits::ConstU32<{ $crate::MAX_AUTHORITIES }>;
			type MaxNominators = frame_support::traits::ConstU32<0>;
			type MaxSetIdSessionEntries = frame_support::traits::ConstU64<0>;
			type KeyOwnerProof = sp_core::Void;
			type EquivocationReportSystem = ();
		}

		impl pallet_balances::Config for Runtime {
			type MaxLocks = frame_support::traits::ConstU32<50>;
			type MaxReserves = ();
			type ReserveIdentifier = [u8; 8];
			type Balance = ecert_primitives::Balance;
			type RuntimeEvent = RuntimeEvent;
			type DustRemoval = ();
			type ExistentialDeposit =
				frame_support::traits::ConstU128<{ $crate::EXISTENTIAL_DEPOSIT }>;
			type AccountStore = System;
			type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
			type FreezeIdentifier = RuntimeFreezeReason;
			type MaxFreezes = frame_support::traits::VariantCountOf<RuntimeFreezeReason>;
			type RuntimeHoldReason = RuntimeHoldReason;
			type RuntimeFreezeReason = RuntimeFreezeReason;
			type DoneSlashHandler = ();
		}

		frame_support::parameter_types! {
			pub FeeMultiplier: pallet_transaction_payment::Multiplier =
				<pallet_transaction_payment::Multiplier as sp_runtime::traits::One>::one();
		}

		impl pallet_transaction_payment::Config for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
			type OperationalFeeMultiplier = frame_support::traits::ConstU8<5>;
			type WeightToFee = frame_support::weights::IdentityFee<ecert_primitives::Balance>;
			type LengthToFee = frame_support::weights::IdentityFee<ecert_primitives::Balance>;
			type FeeMultiplierUpdate =
				pallet_transaction_payment::ConstFeeMultiplier<FeeMultiplier>;
			type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
		}

		impl pallet_node_authorization::Config for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type MaxWellKnownNodes =
				frame_support::traits::ConstU32<{ $crate::MAX_WELL_KNOWN_NODES }>;
			type MaxPeerIdLength = frame_support::traits::ConstU32<128>;
			type AddOrigin = $crate::GoverningAuthority;
			type RemoveOrigin = $crate::GoverningAuthority;
			type SwapOrigin = $crate::GoverningAuthority;
			type ResetOrigin = $crate::GoverningAuthority;
			type WeightInfo = ();
		}

		/// Who may validate: changed by the governing authority alone
		/// ([`$crate::ListedValidators`] turns it into sessions).
		impl pallet_membership::Config<$crate::ValidatorsInstance> for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type AddOrigin = $crate::GoverningAuthority;
			type RemoveOrigin = $crate::GoverningAuthority;
			type SwapOrigin = $crate::GoverningAuthority;
			type ResetOrigin = $crate::GoverningAuthority;
			type PrimeOrigin = $crate::GoverningAuthority;
			type MembershipInitialized = ();
			type MembershipChanged = ();
			type MaxMembers = frame_support::traits::ConstU32<{ $crate::MAX_AUTHORITIES }>;
			type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
		}

		type Sessions = pallet_session::PeriodicSessions<
			pallet_chain_info::ConfiguredSessionLength<Runtime>,
			frame_support::traits::ConstU32<0>,
		>;

		/// Sessions of the chain's configured length; at each, Aura and
		/// GRANDPA take the validators [`$crate::ListedValidators`] gives.
		impl pallet_session::Config for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type ValidatorId = ecert_primitives::AccountId;
			type ValidatorIdOf = sp_runtime::traits::ConvertInto;
			type ShouldEndSession = Sessions;
			type NextSessionRotation = Sessions;
			type SessionManager = $crate::ListedValidators<Runtime, $crate::ValidatorsInstance>;
			type SessionHandler =
				<SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
			type Keys = SessionKeys;
			type DisablingStrategy = ();
			type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
			type Currency = Balances;
			type KeyDeposit = frame_support::traits::ConstU128<{ $crate::SESSION_KEY_DEPOSIT }>;
		}

		impl pallet_sudo::Config for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type RuntimeCall = RuntimeCall;
			type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
		}

		frame_support::parameter_types! {
			/// The heaviest call a council motion may carry: half a block.
			pub MaxCouncilProposalWeight: frame_support::weights::Weight =
				sp_runtime::Perbill::from_percent(50) * $crate::RuntimeBlockWeights::get().max_block;
		}

		/// The governing council: its members propose motions (each a call of
		/// this chain) and vote on them; a motion carried by enough of them
		/// is dispatched with the council's origin ([`$crate::GoverningAuthority`]).
		impl pallet_collective::Config<$crate::CouncilInstance> for Runtime {
			type RuntimeOrigin = RuntimeOrigin;
			type Proposal = RuntimeCall;
			type RuntimeEvent = RuntimeEvent;
			type MotionDuration =
				frame_support::traits::ConstU32<{ $crate::COUNCIL_MOTION_DURATION }>;
			type MaxProposals = frame_support::traits::ConstU32<{ $crate::MAX_COUNCIL_MOTIONS }>;
			type MaxMembers = frame_support::traits::ConstU32<{ $crate::MAX_COUNCIL_MEMBERS }>;
			// A member who has not voted when a motion closes at its end
			// counts as voting as the prime member did, or no without one.
			type DefaultVote = pallet_collective::PrimeDefaultVote;
			type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
			// Members change through `CouncilMembership`, by the council.
			type SetMembersOrigin = frame_system::EnsureRoot<ecert_primitives::AccountId>;
			type MaxProposalWeight = MaxCouncilProposalWeight;
			type DisapproveOrigin = $crate::GoverningAuthority;
			type KillOrigin = $crate::GoverningAuthority;
			type Consideration = ();
		}

		/// Who sits on the governing council, changed by the council itself.
		impl pallet_membership::Config<$crate::CouncilInstance> for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type AddOrigin = $crate::GoverningAuthority;
			type RemoveOrigin = $crate::GoverningAuthority;
			type SwapOrigin = $crate::GoverningAuthority;
			type ResetOrigin = $crate::GoverningAuthority;
			type PrimeOrigin = $crate::GoverningAuthority;
			type MembershipInitialized = Council;
			type MembershipChanged = Council;
			type MaxMembers = frame_support::traits::ConstU32<{ $crate::MAX_COUNCIL_MEMBERS }>;
			type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
		}
	};
}

/// Implements the standard runtime APIs for `Runtime`, followed by the
/// runtime's own API implementations given as the macro's input.
///
/// With the `runtime-benchmarks` feature it also implements
/// `frame_benchmarking::Benchmark` for the pallets listed in the runtime's
/// `benchmarks` module.
///
/// Expects in scope: `Runtime`, `RuntimeCall`, `RuntimeGenesisConfig`,
/// `Block`, `Executive`, `VERSION`, `SessionKeys`, `genesis_config_presets`
/// (with `get_preset` and `preset_names`), and the pallets `System`, `Aura`,
/// `Grandpa`, `TransactionPayment`.
#[macro_export]
macro_rules! impl_runtime_apis_with_base {
	($($own_apis:tt)*) => {
		sp_api::impl_runtime_apis! {
			impl sp_api::Core<Block> for Runtime {
				fn version() -> sp_version::RuntimeVersion {
					VERSION
				}

				fn execute_block(block: <Block as sp_runtime::traits::Block>::LazyBlock) {
					Executive::execute_block(block)
				}

				fn initialize_block(
					header: &<Block as sp_runtime::traits::Block>::Header,
				) -> sp_runtime::ExtrinsicInclusionMode {
					Executive::initialize_block(header)
				}
			}

			impl sp_api::Metadata<Block> for Runtime {
				fn metadata() -> sp_core::OpaqueMetadata {
					sp_core::OpaqueMetadata::new(Runtime::metadata().into())
				}

				fn metadata_at_version(version: u32) -> Option<sp_core::OpaqueMetadata> {
					Runtime::metadata_at_version(version)
				}

				fn metadata_versions() -> alloc::vec::Vec<u32> {
					Runtime::metadata_versions()
				}
			}

			impl sp_block_builder::BlockBuilder<Block> for Runtime {
				fn apply_extrinsic(
					extrinsic: <Block as sp_runtime::traits::Block>::Extrinsic,
				) -> sp_runtime::ApplyExtrinsicResult {
					Executive::apply_extrinsic(extrinsic)
				}

				fn finalize_block() -> <Block as sp_runtime::traits::Block>::Header {
					Executive::finalize_block()
				}

				fn inherent_extrinsics(
					data: sp_inherents::InherentData,
				) -> alloc::vec::Vec<<Block as sp_runtime::traits::Block>::Extrinsic> {
					data.create_extrinsics()
				}

				fn check_inherents(
					block: <Block as sp_runtime::traits::Block>::LazyBlock,
					data: sp_inherents::InherentData,
				) -> sp_inherents::CheckInherentsResult {
					data.check_extrinsics(&block)
				}
			}

			impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
				fn validate_transaction(
					source: sp_runtime::transaction_validity::TransactionSource,
					tx: <Block as sp_runtime::traits::Block>::Extrinsic,
					block_hash: <Block as sp_runtime::traits::Block>::Hash,
				) -> sp_runtime::transaction_validity::TransactionValidity {
					Executive::validate_transaction(source, tx, block_hash)
				}
			}

			impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
				fn offchain_worker(header: &<Block as sp_runtime::traits::Block>::Header) {
					Executive::offchain_worker(header)
				}
			}

			impl sp_consensus_aura::AuraApi<Block, sp_consensus_aura::sr25519::AuthorityId> for Runtime {
				fn slot_duration() -> sp_consensus_aura::SlotDuration {
					sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
				}

				fn authorities() -> alloc::vec::Vec<sp_consensus_aura::sr25519::AuthorityId> {
					pallet_aura::Authorities::<Runtime>::get().into_inner()
				}
			}

			impl sp_session::SessionKeys<Block> for Runtime {
				fn generate_session_keys(
					owner: alloc::vec::Vec<u8>,
					seed: Option<alloc::vec::Vec<u8>>,
				) -> sp_session::OpaqueGeneratedSessionKeys {
					SessionKeys::generate(&owner, seed).into()
				}

				fn decode_session_keys(
					encoded: alloc::vec::Vec<u8>,
				) -> Option<alloc::vec::Vec<(alloc::vec::Vec<u8>, sp_core::crypto::KeyTypeId)>> {
					SessionKeys::decode_into_raw_public_keys(&encoded)
				}
			}

			impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
				fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
					Grandpa::grandpa_authorities()
				}

				fn current_set_id() -> sp_consensus_grandpa::SetId {
					Grandpa::current_set_id()
				}

				fn submit_report_equivocation_unsigned_extrinsic(
					_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
						<Block as sp_runtime::traits::Block>::Hash,
						ecert_primitives::BlockNumber,
					>,
					_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
				) -> Option<()> {
					None
				}

				fn generate_key_ownership_proof(
					_set_id: sp_consensus_grandpa::SetId,
					_authority_id: sp_consensus_grandpa::AuthorityId,
				) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
					// Equivocation reports need session history, which these
					// chains do not keep: GRANDPA authorities change by
					// governance only.
					None
				}
			}

			impl frame_system_rpc_runtime_api::AccountNonceApi<Block, ecert_primitives::AccountId, ecert_primitives::Nonce> for Runtime {
				fn account_nonce(account: ecert_primitives::AccountId) -> ecert_primitives::Nonce {
					System::account_nonce(account)
				}
			}

			impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, ecert_primitives::Balance> for Runtime {
				fn query_info(
					uxt: <Block as sp_runtime::traits::Block>::Extrinsic,
					len: u32,
				) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<ecert_primitives::Balance> {
					TransactionPayment::query_info(uxt, len)
				}

				fn query_fee_details(
					uxt: <Block as sp_runtime::traits::Block>::Extrinsic,
					len: u32,
				) -> pallet_transaction_payment::FeeDetails<ecert_primitives::Balance> {
					TransactionPayment::query_fee_details(uxt, len)
				}

				fn query_weight_to_fee(weight: frame_support::weights::Weight) -> ecert_primitives::Balance {
					TransactionPayment::weight_to_fee(weight)
				}

				fn query_length_to_fee(length: u32) -> ecert_primitives::Balance {
					TransactionPayment::length_to_fee(length)
				}
			}

			impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, ecert_primitives::Balance, RuntimeCall> for Runtime {
				fn query_call_info(
					call: RuntimeCall,
					len: u32,
				) -> pallet_transaction_payment::RuntimeDispatchInfo<ecert_primitives::Balance> {
					TransactionPayment::query_call_info(call, len)
				}

				fn query_call_fee_details(
					call: RuntimeCall,
					len: u32,
				) -> pallet_transaction_payment::FeeDetails<ecert_primitives::Balance> {
					TransactionPayment::query_call_fee_details(call, len)
				}

				fn query_weight_to_fee(weight: frame_support::weights::Weight) -> ecert_primitives::Balance {
					TransactionPayment::weight_to_fee(weight)
				}

				fn query_length_to_fee(length: u32) -> ecert_primitives::Balance {
					TransactionPayment::length_to_fee(length)
				}
			}

			impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
				fn build_state(config: alloc::vec::Vec<u8>) -> sp_genesis_builder::Result {
					frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(config)
				}

				fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<alloc::vec::Vec<u8>> {
					frame_support::genesis_builder_helper::get_preset::<RuntimeGenesisConfig>(
						id,
						genesis_config_presets::get_preset,
					)
				}

				fn preset_names() -> alloc::vec::Vec<sp_genesis_builder::PresetId> {
					genesis_config_presets::preset_names()
				}
			}

			// Only with the `runtime-benchmarks` feature; expects a module
			// `benchmarks` that calls `frame_benchmarking::define_benchmarks!`.
			#[cfg(feature = "runtime-benchmarks")]
			impl frame_benchmarking::Benchmark<Block> for Runtime {
				fn benchmark_metadata(
					extra: bool,
				) -> (
					alloc::vec::Vec<frame_benchmarking::BenchmarkList>,
					alloc::vec::Vec<frame_support::traits::StorageInfo>,
				) {
					use benchmarks::*;
					use frame_benchmarking::BenchmarkList;
					use frame_support::traits::StorageInfoTrait;

					let mut list = alloc::vec::Vec::<BenchmarkList>::new();
					list_benchmarks!(list, extra);
					(list, AllPalletsWithSystem::storage_info())
				}

				fn dispatch_benchmark(
					config: frame_benchmarking::BenchmarkConfig,
				) -> Result<alloc::vec::Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
					use benchmarks::*;
					use frame_benchmarking::BenchmarkBatch;
					use frame_support::traits::WhitelistedStorageKeys;

					let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
					let mut batches = alloc::vec::Vec::<BenchmarkBatch>::new();
					let params = (&config, &whitelist);
					add_benchmarks!(params, batches);
					Ok(batches)
				}
			}

			$($own_apis)*
		}
	};
}

#[cfg(test)]
mod tests {
	use super::next_validators;
	use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};

	#[test]
	fn the_next_validators_are_the_listed_accounts_with_keys() {
		let [alice, bob, charlie] = [Alice, Bob, Charlie].map(|who| who.to_account_id());
		let all = |_: &_| true;
		let mut expected = vec![alice.clone(), bob.clone()];
		expected.sort();
		// Bob added: the set changes.
		assert_eq!(
			next_validators(vec![alice.clone(), bob.clone()], all, vec![alice.clone()]),
			Some(expected.clone())
		);
		// The same set in another order: no change.
		assert_eq!(
			next_validators(
				vec![bob.clone(), alice.clone()],
				all,
				vec![alice.clone(), bob.clone()]
			),
			None
		);
		// Charlie is listed but has no keys yet: he waits, and nothing
		// changes for him.
		let keyed = |who: &_| *who != charlie;
		assert_eq!(
			next_validators(vec![alice.clone(), bob.clone(), charlie.clone()], keyed, expected),
			None
		);
		// An empty list, or a list of accounts without keys, leaves the set.
		assert_eq!(next_validators(vec![], all, vec![alice.clone()]), None);
		assert_eq!(next_validators(vec![charlie.clone()], keyed, vec![alice]), None);
	}
}

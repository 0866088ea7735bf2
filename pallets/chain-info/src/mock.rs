//! A test runtime with only `frame_system` and this pallet.

use crate as pallet_chain_info;
use ecert_primitives::ChainId;
use frame_support::{derive_impl, traits::BuildGenesisConfig};
use sp_io::TestExternalities;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type ChainInfo = pallet_chain_info;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

frame_support::parameter_types! {
	pub const TestCommitmentRoot: sp_core::H256 = sp_core::H256::repeat_byte(0xcc);
}

/// The clock: always [`TEST_TIME`].
pub struct TestTime;
impl frame_support::traits::UnixTime for TestTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(TEST_TIME)
	}
}

/// The time every test block has (Unix ms).
pub const TEST_TIME: u64 = 1_795_996_800_000;

impl pallet_chain_info::Config for Test {
	type CommitmentRoot = TestCommitmentRoot;
	type Time = TestTime;
	type UpgradeOrigin = frame_system::EnsureRoot<u64>;
}

/// Builds genesis for `chain` with `slot_duration`, runs `test`, then checks
/// the pallet's invariants.
pub fn with_genesis(chain: ChainId, slot_duration: u64, test: impl FnOnce()) {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_chain_info::GenesisConfig::<Test> {
		chain,
		slot_duration,
		session_length: 10,
		_config: Default::default(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		test();
		pallet_chain_info::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}

/// Builds genesis with the given config directly, to see it fail.
pub fn build_genesis(chain: ChainId, slot_duration: u64) {
	build_genesis_with_sessions(chain, slot_duration, 10)
}

/// Builds genesis with the given config directly, sessions too.
pub fn build_genesis_with_sessions(chain: ChainId, slot_duration: u64, session_length: u32) {
	TestExternalities::new_empty().execute_with(|| {
		pallet_chain_info::GenesisConfig::<Test> {
			chain,
			slot_duration,
			session_length,
			_config: Default::default(),
		}
		.build()
	});
}

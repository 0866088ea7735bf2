//! A test runtime with `frame_system`, balances and this pallet.

use crate as pallet_ecert_identity;
use ecert_primitives::{IdentityId, IdentityKeys, KeyAgreementKey, SigningKey};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_core::{sr25519, H256};
use sp_io::TestExternalities;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeHoldReason,
		RuntimeFreezeReason,
		RuntimeTask
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Identity = pallet_ecert_identity;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const RegistrationDeposit: u64 = DEPOSIT;
}

impl pallet_ecert_identity::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type IdentityAuthority = EnsureRoot<u64>;
	type RegistrationDeposit = RegistrationDeposit;
	type MaxRegistrars = ConstU32<2>;
	type WeightInfo = ();
}

/// The deposit of a registration request.
pub const DEPOSIT: u64 = 100;
/// The blocks a recovery waits.
pub const RECOVERY_DELAY: u64 = 10;
/// The registrar at genesis.
pub const REGISTRAR: u64 = 1;
/// Accounts with funds.
pub const ALICE: u64 = 10;
pub const BOB: u64 = 11;
/// An account without funds.
pub const POOR: u64 = 12;

/// Keys numbered by `n`.
pub fn keys(n: u8) -> IdentityKeys {
	IdentityKeys {
		signing: SigningKey::Sr25519(sr25519::Public::from_raw([n; 32])),
		key_agreement: KeyAgreementKey(H256::repeat_byte(n)),
	}
}

/// An identity id numbered by `n`.
pub fn id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

/// Builds genesis, runs `test` from block 1, then checks the invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 1_000), (BOB, 1_000), (REGISTRAR, 1_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_ecert_identity::GenesisConfig::<Test> {
		registrars: vec![REGISTRAR],
		recovery_delay: RECOVERY_DELAY,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		test();
		Identity::do_try_state().expect("invariants hold");
	});
}

/// Genesis for the benchmark tests.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> TestExternalities {
	frame_system::GenesisConfig::<Test>::default().build_storage().unwrap().into()
}

/// The last event of this pallet.
pub fn last_event() -> pallet_ecert_identity::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Identity(event) => Some(event),
			_ => None,
		})
		.expect("an identity event")
}

//! A test runtime with `frame_system` and this pallet, on a diploma chain.

use crate as pallet_registry_view;
use ecert_primitives::{
	AccreditationStatus, CertificateTypeId, IdentityId, IdentityKeys, IdentityRecord,
	IdentityStatus, IssuerRecord, KeyAgreementKey, Name, Role, SigningKey,
};
use ecert_primitives::{AnchoredHeader, AnchoredHeaders, ChainId};
use frame_support::{derive_impl, parameter_types};
use sp_core::{sr25519, H256};
use sp_io::TestExternalities;
use sp_runtime::BuildStorage;
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type RegistryView = pallet_registry_view;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub ChainType: Option<CertificateTypeId> = Some("diploma".parse().unwrap());
}

thread_local! {
	static MAIN_HEADERS: RefCell<Vec<AnchoredHeader>> = const { RefCell::new(Vec::new()) };
	static NOW: RefCell<u64> = const { RefCell::new(5_000) };
}

/// The chain's clock, in ms: 5,000 at the start of each test.
pub struct TestTime;
impl frame_support::traits::UnixTime for TestTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW.with(|now| *now.borrow()))
	}
}

/// Sets the chain's clock to `ms`.
pub fn set_now(ms: u64) {
	NOW.with(|now| *now.borrow_mut() = ms);
}

/// A light client of the main chain holding the headers given to
/// [`anchor_main_header`]; the last one is the best.
pub struct TestMainChain;
impl AnchoredHeaders for TestMainChain {
	fn header(chain: &ChainId, hash: &H256) -> Option<AnchoredHeader> {
		if *chain != ChainId::Main {
			return None;
		}
		MAIN_HEADERS
			.with(|headers| headers.borrow().iter().rev().find(|h| h.hash == *hash).cloned())
	}

	fn best(chain: &ChainId) -> Option<AnchoredHeader> {
		if *chain != ChainId::Main {
			return None;
		}
		MAIN_HEADERS.with(|headers| headers.borrow().last().cloned())
	}
}

/// Anchors a main header `number` with `state_root`, as the light client
/// does; returns its hash.
pub fn anchor_main_header(number: u32, state_root: H256) -> H256 {
	use ecert_primitives::OnHeaderAnchored;
	let hash = H256::from_low_u64_be(number as u64 + 0x1000);
	let header =
		AnchoredHeader { number, hash, state_root, commitment_root: H256::zero(), time: 0 };
	MAIN_HEADERS.with(|headers| headers.borrow_mut().push(header.clone()));
	RegistryView::on_header_anchored(&ChainId::Main, &header);
	hash
}

parameter_types! {
	pub const MaxViewAge: u32 = 10;
	pub const MaxMainChainSilence: u64 = 3_000;
}

impl pallet_registry_view::Config for Test {
	type MainChain = TestMainChain;
	type CertificateType = ChainType;
	type UnixTime = TestTime;
	type MaxViewAge = MaxViewAge;
	type MaxMainChainSilence = MaxMainChainSilence;
	type MaxRecordsPerUpdate = frame_support::traits::ConstU32<4>;
	type MaxUpdatesPerBlock = frame_support::traits::ConstU32<3>;
	type UpdatePriority = frame_support::traits::ConstU64<100>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestMainChain;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for TestMainChain {
	fn anchor_main_header(header: AnchoredHeader) {
		MAIN_HEADERS.with(|headers| headers.borrow_mut().push(header));
	}
}

/// Identity `n`, acting through `account`, with `role`.
pub fn identity(account: u64, role: Role) -> IdentityRecord<u64, u64> {
	IdentityRecord {
		account,
		keys: IdentityKeys {
			signing: SigningKey::Sr25519(sr25519::Public::from_raw([account as u8; 32])),
			key_agreement: KeyAgreementKey(H256::repeat_byte(account as u8)),
		},
		role,
		status: IdentityStatus::Active,
		registered_at: 1,
		updated_at: 1,
	}
}

/// The id of identity `n`.
pub fn id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

/// An active accreditation of identity `n` for `types`.
pub fn issuer(n: u8, types: &[&str]) -> IssuerRecord<u64> {
	IssuerRecord {
		name: Name::try_from("National Taiwan University").unwrap(),
		identity: id(n),
		certificate_types: types
			.iter()
			.map(|t| t.parse().unwrap())
			.collect::<std::collections::BTreeSet<_>>()
			.try_into()
			.unwrap(),
		valid_from: None,
		valid_until: Some(10_000),
		status: AccreditationStatus::Active,
		accredited_at: 1,
		changes: 1,
	}
}

/// Empty genesis.
pub fn new_bench_ext() -> TestExternalities {
	MAIN_HEADERS.with(|headers| headers.borrow_mut().clear());
	set_now(5_000);
	frame_system::GenesisConfig::<Test>::default().build_storage().unwrap().into()
}

/// Runs `test` from block 1, then checks the invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	let mut ext = new_bench_ext();
	ext.execute_with(|| {
		System::set_block_number(1);
		test();
		RegistryView::do_try_state().expect("invariants hold");
	});
}

/// The last event of this pallet.
pub fn last_event() -> pallet_registry_view::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::RegistryView(event) => Some(event),
			_ => None,
		})
		.expect("a registry-view event")
}

//! A test runtime with `frame_system` and this pallet. Identities, types and
//! time are stand-ins that each test sets.

use crate as pallet_issuers;
use core::{cell::RefCell, time::Duration};
use ecert_primitives::{
	CertificateTypeId, IdentityId, IdentityInspect, IdentityStatus, Moment, Name, OrgCode, Reason,
	Role,
};
use frame_support::{
	derive_impl,
	traits::{Contains, UnixTime},
};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_io::TestExternalities;
use sp_runtime::BuildStorage;
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Issuers = pallet_issuers;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static IDENTITIES: RefCell<BTreeMap<IdentityId, (Role, IdentityStatus)>> = Default::default();
	static TYPES: RefCell<BTreeSet<CertificateTypeId>> = Default::default();
	static NOW: RefCell<Moment> = const { RefCell::new(0) };
}

/// The identity registry stand-in.
pub struct MockIdentities;
impl IdentityInspect<u64> for MockIdentities {
	fn role_and_status(id: &IdentityId) -> Option<(Role, IdentityStatus)> {
		IDENTITIES.with(|map| map.borrow().get(id).copied())
	}
	fn identity_of(_: &u64) -> Option<IdentityId> {
		None
	}
}

/// The type registry stand-in.
pub struct MockTypes;
impl Contains<CertificateTypeId> for MockTypes {
	fn contains(id: &CertificateTypeId) -> bool {
		TYPES.with(|set| set.borrow().contains(id))
	}
}

/// The clock stand-in.
pub struct MockTime;
impl UnixTime for MockTime {
	fn now() -> Duration {
		Duration::from_millis(NOW.with(|now| *now.borrow()))
	}
}

/// Sets the clock.
pub fn set_now(now: Moment) {
	NOW.with(|cell| *cell.borrow_mut() = now);
}

/// Registers identity `id` with `role` and `status`.
pub fn set_identity(id: IdentityId, role: Role, status: IdentityStatus) {
	IDENTITIES.with(|map| map.borrow_mut().insert(id, (role, status)));
}

/// Registers the certificate type `name`.
pub fn add_type(name: &str) {
	TYPES.with(|set| set.borrow_mut().insert(name.parse().unwrap()));
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockIdentities {
	fn register_issuer_identity(id: IdentityId) {
		set_identity(id, Role::Issuer, IdentityStatus::Active);
	}
	fn register_certificate_type(id: &CertificateTypeId) {
		add_type(id.as_str());
	}
}

impl pallet_issuers::Config for Test {
	type AccreditationOrigin = EnsureRoot<u64>;
	type Identities = MockIdentities;
	type CertificateTypes = MockTypes;
	type UnixTime = MockTime;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockIdentities;
}

/// The university's identity.
pub fn university() -> IdentityId {
	IdentityId(H256::repeat_byte(1))
}

/// The organisation code `code`.
pub fn org(code: &str) -> OrgCode {
	code.parse().unwrap()
}

/// A reason.
pub fn reason(text: &str) -> Reason {
	Reason::try_from(text).unwrap()
}

/// A name.
pub fn name(text: &str) -> Name {
	Name::try_from(text).unwrap()
}

/// Empty genesis.
pub fn new_bench_ext() -> TestExternalities {
	IDENTITIES.with(|map| map.borrow_mut().clear());
	TYPES.with(|set| set.borrow_mut().clear());
	set_now(0);
	frame_system::GenesisConfig::<Test>::default().build_storage().unwrap().into()
}

/// Genesis with the university as an issuer identity, `diploma` and
/// `license` as types and the clock at 1000; runs `test` from block 1, then
/// checks the invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	let mut ext = new_bench_ext();
	ext.execute_with(|| {
		System::set_block_number(1);
		set_now(1_000);
		set_identity(university(), Role::Issuer, IdentityStatus::Active);
		add_type("diploma");
		add_type("license");
		test();
		Issuers::do_try_state().expect("invariants hold");
	});
}

/// The last event of this pallet.
pub fn last_event() -> pallet_issuers::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Issuers(event) => Some(event),
			_ => None,
		})
		.expect("an issuers event")
}

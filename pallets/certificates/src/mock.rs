//! A test runtime: `frame_system`, balances, the registry view (who is who,
//! who may issue) and this pallet, on a diploma chain.

use crate as pallet_certificates;
use core::{cell::RefCell, time::Duration};
use ecert_primitives::{
	AccreditationStatus, AssetMetadata, CertificateTerms, CertificateTypeId, IdentityId,
	IdentityInspect, IdentityStatus, IssueRefusal, IssuerInspect, Moment, OrgCode, Role,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, UnixTime},
};
use frame_system::EnsureRoot;
use sp_core::H256;
use sp_io::TestExternalities;
use sp_runtime::BuildStorage;
use std::collections::BTreeMap;

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
	pub type Certificates = pallet_certificates;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
	// The side runtime's database weights, so that `integrity_test` checks
	// the tree's per-block bound as the runtime charges it.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

thread_local! {
	static IDENTITIES: RefCell<BTreeMap<u64, (IdentityId, Role, IdentityStatus)>> = Default::default();
	static ISSUERS: RefCell<BTreeMap<u64, (OrgCode, AccreditationStatus)>> = Default::default();
	static NOW: RefCell<Moment> = const { RefCell::new(0) };
	static VIEW_TOO_OLD: RefCell<bool> = const { RefCell::new(false) };
}

/// Makes the registry stand-in's view of the main chain too old (or fresh
/// again).
pub fn set_view_too_old(too_old: bool) {
	VIEW_TOO_OLD.with(|old| *old.borrow_mut() = too_old);
}

/// The registries' stand-in: accounts, their identities, and issuers.
pub struct Registry;

impl IdentityInspect<u64> for Registry {
	fn role_and_status(id: &IdentityId) -> Option<(Role, IdentityStatus)> {
		IDENTITIES.with(|map| {
			map.borrow().values().find(|(i, ..)| i == id).map(|(_, role, status)| (*role, *status))
		})
	}
	fn identity_of(account: &u64) -> Option<IdentityId> {
		IDENTITIES.with(|map| map.borrow().get(account).map(|(id, ..)| *id))
	}
}

impl IssuerInspect<u64> for Registry {
	fn organisation_of(account: &u64) -> Option<OrgCode> {
		ISSUERS.with(|map| map.borrow().get(account).map(|(org, _)| org.clone()))
	}
	fn may_issue(org_code: &OrgCode, _now: Moment) -> Result<(), IssueRefusal> {
		let accredited = ISSUERS.with(|map| {
			map.borrow()
				.values()
				.any(|(org, status)| org == org_code && *status == AccreditationStatus::Active)
		});
		frame_support::ensure!(accredited, IssueRefusal::NotAccredited);
		frame_support::ensure!(!VIEW_TOO_OLD.with(|old| *old.borrow()), IssueRefusal::ViewTooOld);
		Ok(())
	}
	fn payout_account(org_code: &OrgCode) -> Option<u64> {
		ISSUERS
			.with(|map| map.borrow().iter().find(|(_, (org, _))| org == org_code).map(|(a, _)| *a))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for Registry {
	fn accredit(account: &u64, org: &OrgCode) {
		register(*account, IdentityId(H256::repeat_byte(*account as u8)), Role::Issuer);
		set_issuer(*account, org.as_str(), AccreditationStatus::Active);
	}
	fn register(account: &u64, id: IdentityId, role: Role) {
		register(*account, id, role);
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

/// Makes `account` act for identity `id` with `role`.
pub fn register(account: u64, id: IdentityId, role: Role) {
	IDENTITIES.with(|map| map.borrow_mut().insert(account, (id, role, IdentityStatus::Active)));
}

/// Makes `account` issue for `org` with `status`.
pub fn set_issuer(account: u64, org: &str, status: AccreditationStatus) {
	ISSUERS.with(|map| map.borrow_mut().insert(account, (org.parse().unwrap(), status)));
}

parameter_types! {
	pub ChainType: Option<CertificateTypeId> = Some("diploma".parse().unwrap());
}

impl pallet_certificates::Config for Test {
	type Currency = Balances;
	type Issuers = Registry;
	type Identities = Registry;
	type CertificateType = ChainType;
	type CertificateAuthority = EnsureRoot<u64>;
	type UnixTime = MockTime;
	type VerificationFee = ConstU64<FEE>;
	type MaxPayloadLen = ConstU32<1024>;
	type MaxBatchSize = ConstU32<100_000>;
	type MaxGrants = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Registry;
}

/// The verification fee.
pub const FEE: u64 = 5;
/// The university's issuing account (organisation `NTU`).
pub const NTU: u64 = 1;
/// Another university's issuing account (organisation `NCKU`).
pub const NCKU: u64 = 2;
/// A holder's account.
pub const HOLDER: u64 = 10;
/// A verifier's account.
pub const VERIFIER: u64 = 20;
/// An account that is nobody.
pub const STRANGER: u64 = 30;

/// The identity of account `account`.
pub fn identity(account: u64) -> IdentityId {
	IdentityId(H256::repeat_byte(account as u8))
}

/// Terms of certificate number `number` for the holder.
pub fn terms(number: &str) -> CertificateTerms {
	CertificateTerms {
		number: number.parse().unwrap(),
		holder: identity(HOLDER),
		commitment: H256::repeat_byte(0xc0),
		valid_from: 1_000,
		valid_until: Some(100_000),
		asset: AssetMetadata::FIELDS,
		document: None,
	}
}

/// Empty genesis with funded accounts.
pub fn new_bench_ext() -> TestExternalities {
	IDENTITIES.with(|map| map.borrow_mut().clear());
	ISSUERS.with(|map| map.borrow_mut().clear());
	set_now(0);
	set_view_too_old(false);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(NTU, 100), (NCKU, 100), (HOLDER, 100), (VERIFIER, 100)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	storage.into()
}

/// Genesis with NTU and NCKU accredited, a holder and a verifier; runs
/// `test` from block 1 at time 2000, then checks the invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	run_test_ext(test);
}

/// Like [`new_test_ext`], and returns the externalities for a look at what
/// the test left outside state (the offchain index).
pub fn run_test_ext(test: impl FnOnce()) -> TestExternalities {
	let mut ext = new_bench_ext();
	ext.execute_with(|| {
		System::set_block_number(1);
		set_now(2_000);
		register(NTU, identity(NTU), Role::Issuer);
		register(NCKU, identity(NCKU), Role::Issuer);
		register(HOLDER, identity(HOLDER), Role::Holder);
		register(VERIFIER, identity(VERIFIER), Role::Verifier);
		set_issuer(NTU, "NTU", AccreditationStatus::Active);
		set_issuer(NCKU, "NCKU", AccreditationStatus::Active);
		test();
		Certificates::settle_tree();
		Certificates::do_try_state().expect("invariants hold");
	});
	ext
}

/// The last event of this pallet.
pub fn last_event() -> pallet_certificates::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Certificates(event) => Some(event),
			_ => None,
		})
		.expect("a certificates event")
}

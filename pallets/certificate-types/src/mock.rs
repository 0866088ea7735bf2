//! A test runtime with `frame_system` and this pallet.

use crate as pallet_certificate_types;
use ecert_primitives::{CertificateTypeId, ChainCheckpoint, GrandpaAuthorities, Name};
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_core::{ed25519, H256};
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
	pub type CertificateTypes = pallet_certificate_types;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_certificate_types::Config for Test {
	type RegistryOrigin = EnsureRoot<u64>;
	type DirectoryOrigin = EnsureRoot<u64>;
	type MaxCertificateTypes = ConstU32<2>;
	type WeightInfo = ();
}

/// The type called `name`.
pub fn type_id(name: &str) -> CertificateTypeId {
	name.parse().unwrap()
}

/// A name.
pub fn name(text: &str) -> Name {
	Name::try_from(text).unwrap()
}

/// A side chain whose genesis hash is all `n`, with one authority.
pub fn side_chain(n: u8) -> ChainCheckpoint {
	let authorities: GrandpaAuthorities =
		vec![(ed25519::Public::from_raw([n; 32]).into(), 1)].try_into().unwrap();
	ChainCheckpoint { genesis_hash: H256::repeat_byte(n), authorities, set_id: 0 }
}

/// Builds genesis, runs `test` from block 1, then checks the invariants.
pub fn new_test_ext(test: impl FnOnce()) {
	let mut ext = new_bench_ext();
	ext.execute_with(|| {
		System::set_block_number(1);
		test();
		CertificateTypes::do_try_state().expect("invariants hold");
	});
}

/// Empty genesis.
pub fn new_bench_ext() -> TestExternalities {
	frame_system::GenesisConfig::<Test>::default().build_storage().unwrap().into()
}

/// The last event of this pallet.
pub fn last_event() -> pallet_certificate_types::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::CertificateTypes(event) => Some(event),
			_ => None,
		})
		.expect("a certificate-types event")
}

use crate::{
	mock::*, Chain, ConfiguredMinimumPeriod, ConfiguredSessionLength, ConfiguredSlotDuration,
	Pallet, SessionLength, SlotDuration,
};
use ecert_primitives::{storage::authorized_upgrade, ChainId};
use frame_support::{assert_noop, assert_ok, traits::Get};

fn diploma() -> ChainId {
	ChainId::Side("diploma".parse().unwrap())
}

#[test]
fn genesis_records_a_side_chain_and_its_block_time() {
	with_genesis(diploma(), 2_000, || {
		assert_eq!(Chain::<Test>::get(), Some(diploma()));
		assert_eq!(Pallet::<Test>::certificate_type().unwrap().as_str(), "diploma");
		assert_eq!(SlotDuration::<Test>::get(), 2_000);
		assert_eq!(<ConfiguredSlotDuration<Test> as Get<u64>>::get(), 2_000);
		assert_eq!(<ConfiguredMinimumPeriod<Test> as Get<u64>>::get(), 1_000);
		assert_eq!(SessionLength::<Test>::get(), 10);
		assert_eq!(<ConfiguredSessionLength<Test> as Get<u32>>::get(), 10);
	});
}

#[test]
#[should_panic(expected = "a session of no blocks")]
fn genesis_refuses_sessions_of_no_blocks() {
	build_genesis_with_sessions(ChainId::Main, 6_000, 0);
}

#[test]
fn the_main_chain_has_no_certificate_type() {
	with_genesis(ChainId::Main, 6_000, || {
		assert_eq!(Chain::<Test>::get(), Some(ChainId::Main));
		assert_eq!(Pallet::<Test>::certificate_type(), None);
		assert_eq!(<ConfiguredMinimumPeriod<Test> as Get<u64>>::get(), 3_000);
	});
}

#[test]
#[should_panic(expected = "shorter than 1000 ms")]
fn genesis_refuses_a_too_short_block_time() {
	build_genesis(ChainId::Main, 500);
}

#[test]
#[should_panic(expected = "even number")]
fn genesis_refuses_an_odd_block_time() {
	build_genesis(ChainId::Main, 2_001);
}

#[test]
fn invariants_fail_without_genesis() {
	sp_io::TestExternalities::new_empty().execute_with(|| {
		assert!(Pallet::<Test>::do_try_state().is_err());
	});
}

#[test]
fn genesis_config_reads_from_json() {
	let config: crate::GenesisConfig<Test> = serde_json::from_str(
		r#"{"chain":{"side":"license"},"slotDuration":4000,"sessionLength":50}"#,
	)
	.unwrap();
	assert_eq!(config.chain, ChainId::Side("license".parse().unwrap()));
	assert_eq!(config.slot_duration, 4_000);
	assert_eq!(config.session_length, 50);
	assert!(serde_json::from_str::<crate::GenesisConfig<Test>>(
		r#"{"chain":{"side":"Bad Type"},"slotDuration":4000,"sessionLength":50}"#
	)
	.is_err());
}

#[test]
fn every_header_commits_to_its_chain_and_root() {
	use frame_support::traits::Hooks;
	with_genesis(diploma(), 2_000, || {
		// Block 1's parent is the genesis block.
		let genesis = sp_core::H256::repeat_byte(0x9e);
		frame_system::Pallet::<Test>::initialize(&1, &genesis, &Default::default());
		Pallet::<Test>::on_finalize(1);
		let header = frame_system::Pallet::<Test>::finalize();
		let commitment = ecert_primitives::ChainCommitment::find_in(&header.digest).unwrap();
		assert_eq!(commitment.chain, diploma());
		assert_eq!(commitment.root, TestCommitmentRoot::get());
		assert_eq!(commitment.genesis_hash, genesis, "the network it belongs to");
		assert_eq!(commitment.time, TEST_TIME);
	});
}

#[test]
fn the_governing_authority_authorises_new_runtime_code() {
	with_genesis(ChainId::Main, 6_000, || {
		frame_system::Pallet::<Test>::set_block_number(1);
		let code_hash = sp_core::H256::repeat_byte(0xc0);
		assert_ok!(Pallet::<Test>::authorize_upgrade(RuntimeOrigin::root(), code_hash));
		let authorised = sp_io::storage::get(&authorized_upgrade()).expect("authorised");
		assert_eq!(
			&authorised[..32],
			code_hash.as_bytes(),
			"the hash, then whether to check versions"
		);
		frame_system::Pallet::<Test>::assert_last_event(
			frame_system::Event::<Test>::UpgradeAuthorized { code_hash, check_version: true }
				.into(),
		);
	});
}

#[test]
fn no_one_else_authorises_runtime_code() {
	with_genesis(ChainId::Main, 6_000, || {
		frame_system::Pallet::<Test>::set_block_number(1);
		let code_hash = sp_core::H256::repeat_byte(0xc0);
		assert_noop!(
			Pallet::<Test>::authorize_upgrade(RuntimeOrigin::signed(7), code_hash),
			sp_runtime::DispatchError::BadOrigin
		);
		assert!(sp_io::storage::get(&authorized_upgrade()).is_none());
	});
}

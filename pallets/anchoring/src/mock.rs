//! A runtime with the anchoring pallet, tracking test chains finalized by
//! `bp-test-utils`' keyring.

use crate as pallet_anchoring;
use bp_header_chain::justification::GrandpaJustification;
use bp_test_utils::{
	make_justification_for_header, Account, JustificationGeneratorParams, TEST_GRANDPA_ROUND,
};
use codec::Encode;
use ecert_primitives::{
	CertificateTypeId, ChainCheckpoint, ChainCommitment, ChainId, ChainRegistry,
	GrandpaAuthorities, Header,
};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_core::H256;
use sp_runtime::{traits::Header as _, BuildStorage, Digest, DigestItem};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Anchoring: pallet_anchoring,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The set id every test chain starts with.
pub const GENESIS_SET_ID: u64 = 1;

/// The chains the mock registry knows.
pub fn side(name: &str) -> ChainId {
	ChainId::Side(CertificateTypeId::try_from(name.as_bytes()).unwrap())
}

/// The keyring accounts that finalize every test chain at genesis.
pub fn genesis_signers() -> Vec<Account> {
	bp_test_utils::test_keyring().into_iter().map(|(account, _)| account).collect()
}

/// A GRANDPA authority set of `signers`, each of weight 1.
pub fn authorities(signers: &[Account]) -> GrandpaAuthorities {
	signers.iter().map(|account| ((*account).into(), 1)).collect::<Vec<_>>().try_into().unwrap()
}

pub fn genesis_of(chain: &ChainId) -> ChainCheckpoint {
	ChainCheckpoint {
		genesis_hash: H256(sp_io::hashing::blake2_256(&chain.encode())),
		authorities: authorities(&genesis_signers()),
		set_id: GENESIS_SET_ID,
	}
}

/// Knows `diploma`, `license` and `marriage`.
pub struct TestRegistry;
impl ChainRegistry for TestRegistry {
	fn genesis(chain: &ChainId) -> Option<ChainCheckpoint> {
		let known = ["diploma", "license", "marriage"].iter().any(|name| *chain == side(name));
		known.then(|| genesis_of(chain))
	}
}

parameter_types! {
	pub const MandatoryHeaderPriority: u64 = 1_000_000;
	pub OwnChain: Option<ChainId> = Some(side("marriage"));
}

impl pallet_anchoring::Config for Test {
	type OwnChain = OwnChain;
	type ChainRegistry = TestRegistry;
	type OnHeaderAnchored = ();
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type MaxChains = ConstU32<2>;
	type HeadersToKeep = ConstU32<3>;
	type MandatoryHeaderPriority = MandatoryHeaderPriority;
	type WeightInfo = ();
}

/// A header of `chain` at `number`, carrying the chain's commitment and any
/// `extra` digest items.
pub fn header_with(chain: &ChainId, number: u32, extra: Vec<DigestItem>) -> Header {
	let mut digest = Digest::default();
	digest.push(
		ChainCommitment {
			chain: chain.clone(),
			genesis_hash: genesis_of(chain).genesis_hash,
			time: 1_000 * number as u64,
			root: H256::repeat_byte(0xcc),
		}
		.to_digest_item(),
	);
	for item in extra {
		digest.push(item);
	}
	Header::new(
		number,
		H256::repeat_byte(0xee),
		H256::repeat_byte(number as u8),
		H256::repeat_byte(number.wrapping_sub(1) as u8),
		digest,
	)
}

pub fn header(chain: &ChainId, number: u32) -> Header {
	header_with(chain, number, vec![])
}

/// A justification of `header` by `signers` in set `set_id`.
pub fn justify(header: &Header, set_id: u64, signers: &[Account]) -> GrandpaJustification<Header> {
	make_justification_for_header(JustificationGeneratorParams {
		header: header.clone(),
		round: TEST_GRANDPA_ROUND,
		set_id,
		authorities: signers.iter().map(|account| (*account, 1)).collect(),
		ancestors: 0,
		forks: 1,
	})
}

/// A justification of `header` by the genesis set.
pub fn justify_genesis(header: &Header) -> GrandpaJustification<Header> {
	justify(header, GENESIS_SET_ID, &genesis_signers())
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Anchoring::do_try_state().unwrap();
	});
}

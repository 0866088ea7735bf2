//! # ecert main runtime
//!
//! The runtime of the main chain, run by the government identity authority.
//! The main chain answers three questions for everyone else: who is this
//! person or organisation, which organisation may issue which certificate
//! type, and which side chain holds that type.
//!
//! It runs the base pallets every ecert chain runs (see
//! [`ecert_runtime_common`]) and three registries:
//!
//! - `Identity` ([`pallet_ecert_identity`]): digital identities;
//! - `Issuers` ([`pallet_issuers`]): accredited issuers;
//! - `CertificateTypes` ([`pallet_certificate_types`]): certificate types and
//!   their side chains.
//!
//! The pallet names are part of the storage layout that the node's RPC and
//! the side chains read ([`ecert_primitives::storage`]); a test checks them.
//! The identity authority, which governs all three, is
//! [`IdentityAuthority`].

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod genesis_config_presets;

use alloc::vec::Vec;
use ecert_primitives::Header;
use sp_version::RuntimeVersion;

pub use ecert_primitives::{AccountId, Balance, Nonce};

/// The main runtime's version. `spec_name` tells it apart from the side
/// runtime on every node.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ecert-main"),
	impl_name: alloc::borrow::Cow::Borrowed("ecert-main"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

sp_runtime::impl_opaque_keys! {
	/// The keys a validator of the main chain holds.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// A transaction as it stands in a block.
pub type UncheckedExtrinsic = ecert_runtime_common::UncheckedExtrinsic<Runtime, RuntimeCall>;
/// The checks every transaction passes.
pub type TxExtension = ecert_runtime_common::TxExtension<Runtime>;
/// A block of this runtime.
pub type Block = sp_runtime::generic::Block<Header, UncheckedExtrinsic>;
/// Dispatches transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type ChainInfo = pallet_chain_info;
	#[runtime::pallet_index(8)]
	pub type NodeAuthorization = pallet_node_authorization;
	#[runtime::pallet_index(9)]
	pub type Identity = pallet_ecert_identity;
	#[runtime::pallet_index(10)]
	pub type Issuers = pallet_issuers;
	#[runtime::pallet_index(11)]
	pub type CertificateTypes = pallet_certificate_types;
	#[runtime::pallet_index(12)]
	pub type Anchoring = pallet_anchoring;
	#[runtime::pallet_index(13)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(14)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	// The validator list before sessions: its genesis is built first, and
	// the first session's validators are read from it.
	#[runtime::pallet_index(15)]
	pub type Validators = pallet_membership<Instance2>;
	#[runtime::pallet_index(16)]
	pub type Session = pallet_session;
}

ecert_runtime_common::impl_base_configs!(pallet_anchoring::CurrentAnchorsRoot<Runtime>);

/// The government identity authority: appoints registrars, deactivates
/// identities, accredits issuers and registers certificate types.
pub type IdentityAuthority = ecert_runtime_common::GoverningAuthority;

frame_support::parameter_types! {
	/// Held while a registration request waits for a registrar.
	pub const RegistrationDeposit: Balance = ecert_runtime_common::UNIT;
}

impl pallet_ecert_identity::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type IdentityAuthority = IdentityAuthority;
	type RegistrationDeposit = RegistrationDeposit;
	type MaxRegistrars = frame_support::traits::ConstU32<64>;
	type WeightInfo = pallet_ecert_identity::weights::SubstrateWeight<Runtime>;
}

impl pallet_issuers::Config for Runtime {
	type AccreditationOrigin = IdentityAuthority;
	type Identities = Identity;
	type CertificateTypes = pallet_certificate_types::ActiveTypes<Runtime>;
	type UnixTime = Timestamp;
	type WeightInfo = pallet_issuers::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::Helper;
}

impl pallet_certificate_types::Config for Runtime {
	type RegistryOrigin = IdentityAuthority;
	type DirectoryOrigin = IdentityAuthority;
	type MaxCertificateTypes = frame_support::traits::ConstU32<MAX_CERTIFICATE_TYPES>;
	type WeightInfo = pallet_certificate_types::weights::SubstrateWeight<Runtime>;
}

/// The most certificate types, and so side chains, the main chain tracks.
pub const MAX_CERTIFICATE_TYPES: u32 = 64;

impl pallet_anchoring::Config for Runtime {
	type OwnChain = OwnChainId;
	type ChainRegistry = CertificateTypes;
	type OnHeaderAnchored = ();
	type AdminOrigin = IdentityAuthority;
	type MaxChains = frame_support::traits::ConstU32<MAX_CERTIFICATE_TYPES>;
	type HeadersToKeep =
		frame_support::traits::ConstU32<{ ecert_runtime_common::ANCHORED_HEADERS_TO_KEEP }>;
	type MandatoryHeaderPriority = ecert_runtime_common::MandatoryHeaderPriority;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmarks {
	use super::*;
	use ecert_primitives::{
		CertificateTypeId, ChainCheckpoint, IdentityId, IdentityKeys, IdentityRecord,
		IdentityStatus, KeyAgreementKey, Name, Role, SigningKey,
	};

	frame_benchmarking::define_benchmarks!(
		[pallet_ecert_identity, Identity]
		[pallet_issuers, Issuers]
		[pallet_certificate_types, CertificateTypes]
		[pallet_anchoring, Anchoring]
	);

	/// Sets up the issuers pallet's benchmarks with the real registries.
	pub struct Helper;

	impl pallet_issuers::BenchmarkHelper for Helper {
		fn register_issuer_identity(id: IdentityId) {
			let account: AccountId = frame_benchmarking::account("issuer", 0, 0);
			let keys = IdentityKeys {
				signing: SigningKey::Sr25519(ecert_primitives::Sr25519Public::from_raw([1; 32])),
				key_agreement: KeyAgreementKey(Default::default()),
			};
			pallet_ecert_identity::Identities::<Runtime>::insert(
				id,
				IdentityRecord {
					account: account.clone(),
					keys,
					role: Role::Issuer,
					status: IdentityStatus::Active,
					registered_at: 0,
					updated_at: 0,
				},
			);
			pallet_ecert_identity::IdentityOf::<Runtime>::insert(account, id);
		}

		fn register_certificate_type(id: &CertificateTypeId) {
			let authority = sp_core::ed25519::Public::from_raw([1; 32]).into();
			let side_chain = ChainCheckpoint {
				genesis_hash: Default::default(),
				authorities: alloc::vec![(authority, 1)].try_into().unwrap_or_default(),
				set_id: 0,
			};
			if let Ok(name) = Name::try_from("benchmark") {
				let _ =
					CertificateTypes::do_register(id.clone(), name, Default::default(), side_chain);
			}
		}
	}
}

/// Checks a portable certificate proof against this chain's genesis hash and
/// current GRANDPA authority set: the `CertificateProofApi`.
pub fn check_certificate_proof(
	proof: &[u8],
) -> Result<ecert_primitives::ProvenCertificate, ecert_primitives::ProofError> {
	use ecert_primitives::{CertificateProof, MainCheckpoint, ProofError};
	let proof = CertificateProof::from_bytes(proof)?;
	let checkpoint = MainCheckpoint {
		genesis_hash: frame_system::BlockHash::<Runtime>::get(0),
		authorities: Grandpa::grandpa_authorities()
			.try_into()
			.map_err(|_| ProofError::BadCheckpoint)?,
		set_id: Grandpa::current_set_id(),
	};
	ecert_primitives::verify_certificate_proof(&proof, &checkpoint)
}

ecert_runtime_common::impl_runtime_apis_with_base! {
	impl ecert_primitives::CertificateProofApi<Block> for Runtime {
		fn verify_certificate_proof(
			proof: Vec<u8>,
		) -> Result<ecert_primitives::ProvenCertificate, ecert_primitives::ProofError> {
			check_certificate_proof(&proof)
		}
	}
}

#[cfg(test)]
mod client_types;

#[cfg(test)]
mod tests {
	use super::*;
	use ecert_primitives::ChainId;
	use frame_support::traits::Get;
	use sp_runtime::BuildStorage;

	fn genesis_of(preset: &str) -> sp_io::TestExternalities {
		let patch = genesis_config_presets::get_preset(&preset.into())
			.unwrap_or_else(|| panic!("no preset {preset}"));
		let config: RuntimeGenesisConfig =
			ecert_runtime_common::genesis::config_from_preset(&patch).unwrap();
		config.build_storage().unwrap().into()
	}

	#[test]
	fn the_clients_committed_metadata_is_this_runtimes() {
		let metadata = sp_io::TestExternalities::default().execute_with(|| {
			Runtime::metadata_at_version(ecert_runtime_common::CLIENT_METADATA_VERSION).unwrap()
		});
		ecert_runtime_common::check_committed_metadata(&metadata, "main.scale");
	}

	#[test]
	fn the_runtime_api_checks_portable_proofs_against_the_chains_own_authorities() {
		use ecert_primitives::{proof_fixtures, ProofError};
		genesis_of("development").execute_with(|| {
			let proof = proof_fixtures::sample_proof(10, 1, 4).to_bytes();
			// The development chain's own set (Alice) did not sign it.
			assert_eq!(check_certificate_proof(&proof), Err(ProofError::NotFinalized));

			let checkpoint = proof_fixtures::main_checkpoint(4);
			pallet_grandpa::Authorities::<Runtime>::put(
				frame_support::WeakBoundedVec::try_from(checkpoint.authorities.to_vec()).unwrap(),
			);
			pallet_grandpa::CurrentSetId::<Runtime>::put(checkpoint.set_id);
			// Signed by this set, but of another network (genesis hash).
			assert_eq!(check_certificate_proof(&proof), Err(ProofError::WrongNetwork));
			frame_system::BlockHash::<Runtime>::insert(0, checkpoint.genesis_hash);
			let proven = check_certificate_proof(&proof).unwrap();
			assert_eq!(proven.record, proof_fixtures::sample_record(0));

			let mut tampered = proof.clone();
			let last = tampered.len() - 1;
			tampered[last] ^= 1;
			assert!(check_certificate_proof(&tampered).is_err());
			assert_eq!(check_certificate_proof(&proof[1..]), Err(ProofError::Undecodable));
		});
	}

	#[test]
	fn presets_build_a_main_chain() {
		for (preset, slot_duration, validators) in
			[("development", 2_000, 1), ("local_testnet", 6_000, 2)]
		{
			genesis_of(preset).execute_with(|| {
				assert_eq!(pallet_chain_info::Chain::<Runtime>::get(), Some(ChainId::Main));
				assert_eq!(Aura::slot_duration(), slot_duration, "{preset}");
				assert_eq!(
					<Runtime as pallet_timestamp::Config>::MinimumPeriod::get(),
					slot_duration / 2
				);
				assert_eq!(
					pallet_aura::Authorities::<Runtime>::get().len(),
					validators,
					"{preset}"
				);
				assert_eq!(Grandpa::grandpa_authorities().len(), validators, "{preset}");
				assert!(pallet_sudo::Key::<Runtime>::get().is_some());
				ChainInfo::do_try_state().unwrap();
			});
		}
	}

	#[test]
	fn only_the_listed_presets_exist() {
		let names = genesis_config_presets::preset_names();
		assert_eq!(names.len(), 2);
		for name in names {
			assert!(genesis_config_presets::get_preset(&name).is_some());
		}
		assert!(genesis_config_presets::get_preset(&"diploma_development".into()).is_none());
	}

	/// The identity authority acts through its council: a motion carried by
	/// two of the three members appoints a registrar; one member alone, or
	/// someone outside the council, cannot.
	#[test]
	fn the_identity_authority_is_two_thirds_of_its_council() {
		use codec::Encode;
		use frame_support::{assert_noop, assert_ok};
		use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
		use sp_runtime::traits::Hash;
		genesis_of("development").execute_with(|| {
			System::set_block_number(1);
			let mut council = ecert_runtime_common::genesis::dev_council();
			council.sort();
			assert_eq!(
				pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
				council
			);
			let dave = Dave.to_account_id();
			let appoint = RuntimeCall::Identity(pallet_ecert_identity::Call::add_registrar {
				registrar: dave.clone(),
			});
			let length = appoint.encoded_size() as u32;
			let is_registrar =
				|| pallet_ecert_identity::Registrars::<Runtime>::get().contains(&dave);

			// One member alone is not the authority.
			let alone = Council::execute(
				RuntimeOrigin::signed(Alice.to_account_id()),
				Box::new(appoint.clone()),
				length,
			);
			assert_ok!(alone);
			let refused = System::events().into_iter().any(|record| {
				matches!(
					record.event,
					RuntimeEvent::Council(pallet_collective::Event::MemberExecuted {
						result: Err(sp_runtime::DispatchError::BadOrigin),
						..
					})
				)
			});
			assert!(refused, "a single member's call is refused");
			assert!(!is_registrar());

			// Someone outside the council has no vote.
			assert_ok!(Council::propose(
				RuntimeOrigin::signed(Alice.to_account_id()),
				3,
				Box::new(appoint.clone()),
				length
			));
			let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&appoint);
			assert_noop!(
				Council::vote(RuntimeOrigin::signed(dave.clone()), hash, 0, true),
				pallet_collective::Error::<Runtime, pallet_collective::Instance1>::NotMember
			);
			assert_ok!(Council::disapprove_proposal(RuntimeOrigin::root(), hash));

			// A motion that Alice proposes and Bob seconds.
			let ayes = [Alice.to_account_id(), Bob.to_account_id()];
			assert_ok!(ecert_runtime_common::carry_council_motion::<Runtime>(appoint, &ayes));
			assert!(is_registrar(), "two of three carried it");
			System::assert_has_event(RuntimeEvent::Identity(
				pallet_ecert_identity::Event::RegistrarAdded { registrar: dave.clone() },
			));
		});
	}

	/// The council adds a validator whose operator registered session keys
	/// made by its node: it is on the next session's queue, Aura and GRANDPA
	/// take it at the session after (GRANDPA through a scheduled change,
	/// which the other chains' light clients follow), and nothing changes
	/// at the sessions after that.
	#[test]
	fn the_council_adds_a_validator_from_the_session_after_next() {
		use codec::Encode;
		use frame_support::{assert_noop, assert_ok, traits::Hooks};
		use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
		use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
		let mut ext = genesis_of("development");
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| {
			let length = pallet_chain_info::SessionLength::<Runtime>::get();
			assert_eq!(length, ecert_runtime_common::genesis::DEV_SESSION_LENGTH);
			let to_block = |n: u32| {
				for block in System::block_number() + 1..=n {
					System::set_block_number(block);
					Session::on_initialize(block);
				}
			};
			System::set_block_number(1);
			let dave = Dave.to_account_id();
			let alice = Alice.to_account_id();

			// Dave's node made keys; he registers them with their proof.
			let owner = dave.encode();
			let made = SessionKeys::generate(&owner, None);
			assert_noop!(
				Session::set_keys(
					RuntimeOrigin::signed(dave.clone()),
					made.keys.clone(),
					Bob.to_account_id().encode()
				),
				pallet_session::Error::<Runtime>::InvalidProof
			);
			assert_ok!(Session::set_keys(
				RuntimeOrigin::signed(dave.clone()),
				made.keys.clone(),
				made.proof.encode()
			));
			assert_eq!(
				<Balances as frame_support::traits::fungible::InspectHold<_>>::total_balance_on_hold(
					&dave
				),
				ecert_runtime_common::SESSION_KEY_DEPOSIT,
				"the keys' deposit"
			);

			// Only the council adds validators.
			let add =
				pallet_membership::Call::<Runtime, pallet_membership::Instance2>::add_member {
					who: dave.clone().into(),
				};
			assert_noop!(
				Validators::add_member(RuntimeOrigin::signed(dave.clone()), dave.clone().into()),
				sp_runtime::DispatchError::BadOrigin
			);
			let ayes = [alice.clone(), Bob.to_account_id()];
			assert_ok!(ecert_runtime_common::carry_council_motion::<Runtime>(
				RuntimeCall::Validators(add),
				&ayes
			));
			System::assert_has_event(RuntimeEvent::Validators(
				pallet_membership::Event::MemberAdded,
			));

			// The end of this session plans the next one with Dave; Aura and
			// GRANDPA still run with Alice alone.
			to_block(length);
			assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), 1);
			let queued: Vec<AccountId> =
				pallet_session::QueuedKeys::<Runtime>::get().into_iter().map(|(v, _)| v).collect();
			assert!(queued.contains(&dave) && queued.contains(&alice), "{queued:?}");
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
			assert!(pallet_grandpa::PendingChange::<Runtime>::get().is_none());

			// The end of the next one hands over: Aura at once, GRANDPA by a
			// scheduled change to the two of them.
			to_block(2 * length);
			assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 2);
			let aura = pallet_aura::Authorities::<Runtime>::get();
			assert!(aura.contains(&made.keys.aura), "Dave produces blocks");
			let change = pallet_grandpa::PendingChange::<Runtime>::get().expect("a set change");
			assert!(change.next_authorities.iter().any(|(key, _)| *key == made.keys.grandpa));
			assert_eq!(change.next_authorities.len(), 2);
			assert_eq!(Grandpa::current_set_id(), 1);

			// With nothing changed since, later sessions change nothing.
			Grandpa::on_finalize(2 * length);
			pallet_grandpa::PendingChange::<Runtime>::kill();
			to_block(4 * length);
			assert_eq!(Grandpa::current_set_id(), 1, "no set change without a validator change");
			assert!(pallet_grandpa::PendingChange::<Runtime>::get().is_none());
		});
	}

	#[test]
	fn presets_appoint_alice_registrar_and_admit_the_dev_nodes() {
		for preset in ["development", "local_testnet"] {
			genesis_of(preset).execute_with(|| {
				let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
				assert!(pallet_ecert_identity::Registrars::<Runtime>::get().contains(&alice));
				let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
				assert_eq!(nodes.len(), 2, "{preset}");
				Identity::do_try_state().unwrap();
			});
		}
	}

	#[test]
	fn storage_layout_matches_the_primitives() {
		use ecert_primitives::{storage, CertificateTypeId, IdentityId, OrgCode};
		use frame_support::storage::StoragePrefixedMap;
		let id = IdentityId(sp_core::H256::repeat_byte(1));
		let account = AccountId::from([2u8; 32]);
		let org: OrgCode = "NTU-01".parse().unwrap();
		let certificate_type: CertificateTypeId = "diploma".parse().unwrap();
		assert_eq!(
			pallet_ecert_identity::Identities::<Runtime>::hashed_key_for(id),
			storage::identity(&id)
		);
		assert_eq!(
			pallet_ecert_identity::IdentityOf::<Runtime>::hashed_key_for(&account),
			storage::identity_of(&account)
		);
		assert_eq!(
			pallet_ecert_identity::Requests::<Runtime>::hashed_key_for(&account),
			storage::registration_request(&account)
		);
		assert_eq!(
			pallet_ecert_identity::Identities::<Runtime>::final_prefix().to_vec(),
			storage::identities_prefix()
		);
		let motion = sp_core::H256::repeat_byte(3);
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::hashed_key()
				.to_vec(),
			storage::council_members()
		);
		assert_eq!(
			pallet_collective::Proposals::<Runtime, pallet_collective::Instance1>::hashed_key()
				.to_vec(),
			storage::council_motions()
		);
		assert_eq!(
			pallet_collective::Voting::<Runtime, pallet_collective::Instance1>::hashed_key_for(
				motion
			),
			storage::council_votes(&motion)
		);
		assert_eq!(
			pallet_collective::ProposalOf::<Runtime, pallet_collective::Instance1>::hashed_key_for(
				motion
			),
			storage::council_motion_call(&motion)
		);
		assert_eq!(
			<Council as frame_support::traits::PalletInfoAccess>::name(),
			storage::COUNCIL_PALLET
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::hashed_key().to_vec(), storage::sudo_key());
		assert_eq!(
			pallet_membership::Members::<Runtime, pallet_membership::Instance2>::hashed_key()
				.to_vec(),
			storage::listed_validators()
		);
		assert_eq!(
			pallet_session::Validators::<Runtime>::hashed_key().to_vec(),
			storage::session_validators()
		);
		assert_eq!(
			pallet_session::CurrentIndex::<Runtime>::hashed_key().to_vec(),
			storage::session_index()
		);
		assert_eq!(
			pallet_session::NextKeys::<Runtime>::hashed_key_for(&account),
			storage::session_keys(&account)
		);
		sp_io::TestExternalities::default().execute_with(|| {
			// frame_system's item is private: read it where it is written.
			let code_hash = sp_core::H256::repeat_byte(4);
			frame_system::Pallet::<Runtime>::do_authorize_upgrade(code_hash, true);
			let stored = sp_io::storage::get(&storage::authorized_upgrade()).expect("authorised");
			assert_eq!(&stored[..32], code_hash.as_bytes());
		});
		assert_eq!(pallet_issuers::Issuers::<Runtime>::hashed_key_for(&org), storage::issuer(&org));
		assert_eq!(
			pallet_issuers::Issuers::<Runtime>::final_prefix().to_vec(),
			storage::issuers_prefix()
		);
		assert_eq!(
			pallet_issuers::History::<Runtime>::hashed_key_for(&org, 3),
			storage::issuer_change(&org, 3)
		);
		assert_eq!(
			pallet_certificate_types::CertificateTypes::<Runtime>::hashed_key_for(
				&certificate_type
			),
			storage::certificate_type(&certificate_type)
		);
		assert_eq!(
			pallet_certificate_types::Schemas::<Runtime>::hashed_key_for(&certificate_type),
			storage::field_schema(&certificate_type)
		);
		assert_eq!(
			pallet_certificate_types::Endpoints::<Runtime>::hashed_key_for(&certificate_type),
			storage::side_chain_endpoints(&certificate_type)
		);
		assert_eq!(pallet_chain_info::Chain::<Runtime>::hashed_key().to_vec(), storage::chain());
		let side = ecert_primitives::ChainId::Side(certificate_type);
		let hash = sp_core::H256::repeat_byte(3);
		assert_eq!(
			pallet_anchoring::Chains::<Runtime>::hashed_key_for(&side),
			storage::anchored_chain(&side)
		);
		assert_eq!(
			pallet_anchoring::Headers::<Runtime>::hashed_key_for(&side, hash),
			storage::anchored_header(&side, &hash)
		);
		assert_eq!(
			pallet_anchoring::Chains::<Runtime>::map_storage_final_prefix(),
			storage::anchored_chains_prefix()
		);
		assert_eq!(
			pallet_grandpa::CurrentSetId::<Runtime>::hashed_key().to_vec(),
			storage::grandpa_set_id()
		);
	}

	#[test]
	fn spec_name_tells_the_main_runtime_apart() {
		assert_eq!(VERSION.spec_name, "ecert-main");
	}
}

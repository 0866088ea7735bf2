//! # ecert side runtime
//!
//! The runtime of a side chain. Every certificate type (diploma, professional
//! licence, ...) has its own side chain, run by that type's certificate
//! authority; one Wasm serves them all, and the chain's certificate type is
//! part of its genesis state (`pallet_chain_info`).
//!
//! It runs the base pallets every ecert chain runs (see
//! [`ecert_runtime_common`]); the certificate records are added on top of
//! them.

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

/// The side runtime's version. `spec_name` tells it apart from the main
/// runtime on every node.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ecert-side"),
	impl_name: alloc::borrow::Cow::Borrowed("ecert-side"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

sp_runtime::impl_opaque_keys! {
	/// The keys a validator of a side chain holds.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// A transaction as it stands in a block.
pub type UncheckedExtrinsic = ecert_runtime_common::UncheckedExtrinsic<Runtime, RuntimeCall>;
/// The checks every transaction passes.
pub type TxExtension = ecert_runtime_common::TxExtension<Runtime>;
/// What a block's normal class spends on one signed transaction.
#[derive(Clone, Copy, Debug)]
pub struct TransactionWeight {
	/// The call's own weight.
	pub call: frame_support::weights::Weight,
	/// Its transaction extensions' (nonce, fee, era, weight checks).
	pub extensions: frame_support::weights::Weight,
	/// The base weight of any transaction.
	pub base: frame_support::weights::Weight,
}

impl TransactionWeight {
	/// All of it.
	pub fn total(&self) -> frame_support::weights::Weight {
		self.call.saturating_add(self.extensions).saturating_add(self.base)
	}
}

/// What one signed transaction making `call` costs a block.
pub fn transaction_weight(call: &RuntimeCall) -> TransactionWeight {
	use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	use sp_runtime::traits::TransactionExtension;
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::from(0),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	);
	TransactionWeight {
		call: call.get_dispatch_info().call_weight,
		extensions: extension.weight(call),
		base: ecert_runtime_common::RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.base_extrinsic,
	}
}

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
	pub type RegistryView = pallet_registry_view;
	#[runtime::pallet_index(10)]
	pub type Certificates = pallet_certificates;
	#[runtime::pallet_index(11)]
	pub type Anchoring = pallet_anchoring;
	#[runtime::pallet_index(12)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(13)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	// The validator list before sessions: its genesis is built first, and
	// the first session's validators are read from it.
	#[runtime::pallet_index(14)]
	pub type Validators = pallet_membership<Instance2>;
	#[runtime::pallet_index(15)]
	pub type Session = pallet_session;
}

ecert_runtime_common::impl_base_configs!(pallet_certificates::CurrentCertificatesRoot<Runtime>);

/// The side chain's certificate authority: may revoke, suspend and reinstate
/// any certificate, and writes the registry view.
pub type CertificateAuthority = ecert_runtime_common::GoverningAuthority;

frame_support::parameter_types! {
	/// This chain's certificate type, from genesis.
	pub ChainCertificateType: Option<ecert_primitives::CertificateTypeId> =
		ChainInfo::certificate_type();
	/// What a verifier pays the issuer per logged verification.
	pub const VerificationFee: Balance = ecert_runtime_common::UNIT / 10;
}

frame_support::parameter_types! {
	/// An accreditation proven more than this many main blocks ago is not
	/// trusted for issuance: an hour of six-second main blocks. The relay
	/// refreshes well before.
	pub const MaxViewAge: ecert_primitives::BlockNumber = 600;
	/// If no main-chain header has arrived for an hour of this chain's time
	/// (the relay is down, or main-chain imports are refused), the view is
	/// not trusted for issuance either.
	pub const MaxMainChainSilence: ecert_primitives::Moment = 60 * 60 * 1_000;
	/// View updates rank below every signed transaction (whose priority is at
	/// least 1) and header imports: they pay no fee, so they never take a
	/// paying transaction's place.
	pub const RegistryUpdatePriority: sp_runtime::transaction_validity::TransactionPriority = 0;
}

impl pallet_registry_view::Config for Runtime {
	type MainChain = Anchoring;
	type CertificateType = ChainCertificateType;
	type UnixTime = Timestamp;
	type MaxViewAge = MaxViewAge;
	type MaxMainChainSilence = MaxMainChainSilence;
	type MaxRecordsPerUpdate = frame_support::traits::ConstU32<16>;
	type MaxUpdatesPerBlock = frame_support::traits::ConstU32<8>;
	type UpdatePriority = RegistryUpdatePriority;
	type WeightInfo = pallet_registry_view::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::Helper;
}

impl pallet_certificates::Config for Runtime {
	type Currency = Balances;
	type Issuers = RegistryView;
	type Identities = RegistryView;
	type CertificateType = ChainCertificateType;
	type CertificateAuthority = CertificateAuthority;
	type UnixTime = Timestamp;
	type VerificationFee = VerificationFee;
	type MaxPayloadLen = frame_support::traits::ConstU32<{ ecert_primitives::MAX_PAYLOAD_LEN }>;
	type MaxBatchSize = frame_support::traits::ConstU32<100_000>;
	type MaxGrants = frame_support::traits::ConstU32<64>;
	type WeightInfo = pallet_certificates::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmarks::Helper;
}

/// A side chain tracks the main chain only, from genesis.
impl pallet_anchoring::Config for Runtime {
	type OwnChain = OwnChainId;
	type ChainRegistry = ();
	type OnHeaderAnchored = RegistryView;
	type AdminOrigin = CertificateAuthority;
	type MaxChains = frame_support::traits::ConstU32<1>;
	type HeadersToKeep =
		frame_support::traits::ConstU32<{ ecert_runtime_common::ANCHORED_HEADERS_TO_KEEP }>;
	type MandatoryHeaderPriority = ecert_runtime_common::MandatoryHeaderPriority;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmarks {
	use super::*;
	use ecert_primitives::{
		AccreditationStatus, IdentityId, IdentityKeys, IdentityRecord, IdentityStatus,
		IssuerRecord, KeyAgreementKey, Name, OrgCode, Role, SigningKey,
	};

	frame_benchmarking::define_benchmarks!(
		[pallet_registry_view, RegistryView]
		[pallet_certificates, Certificates]
		[pallet_anchoring, Anchoring]
	);

	/// Sets up the certificates pallet's benchmarks in the registry view.
	pub struct Helper;

	impl pallet_certificates::BenchmarkHelper<AccountId> for Helper {
		fn accredit(account: &AccountId, org: &OrgCode) {
			let identity = IdentityId(sp_core::H256::repeat_byte(0xee));
			Self::register(account, identity, Role::Issuer);
			let Some(certificate_type) = ChainInfo::certificate_type() else { return };
			let Ok(name) = Name::try_from("benchmark issuer") else { return };
			let record = IssuerRecord {
				name,
				identity,
				certificate_types: [certificate_type]
					.into_iter()
					.collect::<alloc::collections::BTreeSet<_>>()
					.try_into()
					.unwrap_or_default(),
				valid_from: None,
				valid_until: None,
				status: AccreditationStatus::Active,
				accredited_at: 0,
				changes: 1,
			};
			RegistryView::write_issuer(org, Some(record));
			pallet_registry_view::IssuerProvenAt::<Runtime>::insert(org, 1);
			<Self as pallet_registry_view::BenchmarkHelper>::anchor_main_header(
				ecert_primitives::AnchoredHeader {
					number: 1,
					hash: sp_core::H256::repeat_byte(1),
					state_root: Default::default(),
					commitment_root: Default::default(),
					time: 0,
				},
			);
		}

		fn register(account: &AccountId, id: IdentityId, role: Role) {
			let record = IdentityRecord {
				account: account.clone(),
				keys: IdentityKeys {
					signing: SigningKey::Sr25519(ecert_primitives::Sr25519Public::from_raw(
						[1; 32],
					)),
					key_agreement: KeyAgreementKey(Default::default()),
				},
				role,
				status: IdentityStatus::Active,
				registered_at: 0,
				updated_at: 0,
			};
			RegistryView::write_identity(id, Some(record));
			pallet_registry_view::IdentityProvenAt::<Runtime>::insert(id, 1);
		}
	}

	impl pallet_registry_view::BenchmarkHelper for Helper {
		fn anchor_main_header(header: ecert_primitives::AnchoredHeader) {
			pallet_anchoring::benchmark_anchor::<Runtime>(&ecert_primitives::ChainId::Main, header);
			pallet_registry_view::MainChainHeardAt::<Runtime>::put(
				pallet_timestamp::Now::<Runtime>::get(),
			);
		}
	}
}

ecert_runtime_common::impl_runtime_apis_with_base! {}

#[cfg(test)]
mod client_types;

#[cfg(test)]
mod tests {
	use super::*;
	use ecert_primitives::ChainId;
	use sp_runtime::BuildStorage;

	fn genesis_of(preset: &str) -> Option<sp_io::TestExternalities> {
		let patch = genesis_config_presets::get_preset(&preset.into())?;
		let config: RuntimeGenesisConfig =
			ecert_runtime_common::genesis::config_from_preset(&patch).unwrap();
		Some(config.build_storage().unwrap().into())
	}

	/// The certificate authority acts through its council: two of its three
	/// members add a fourth; one alone cannot.
	#[test]
	fn the_certificate_authority_is_two_thirds_of_its_council() {
		use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
		genesis_of("diploma_development").unwrap().execute_with(|| {
			System::set_block_number(1);
			let dave = Dave.to_account_id();
			let add_dave = || {
				RuntimeCall::CouncilMembership(pallet_membership::Call::add_member {
					who: dave.clone().into(),
				})
			};
			let members = pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get;
			let alone = ecert_runtime_common::carry_council_motion::<Runtime>(
				add_dave(),
				&[Alice.to_account_id()],
			);
			assert!(alone.is_ok(), "{alone:?}");
			assert!(!members().contains(&dave), "one member is not the authority");
			let ayes = [Alice.to_account_id(), Bob.to_account_id()];
			ecert_runtime_common::carry_council_motion::<Runtime>(add_dave(), &ayes).unwrap();
			assert!(members().contains(&dave), "two of three carried it");
			let members =
				pallet_membership::Members::<Runtime, pallet_collective::Instance1>::get();
			assert!(members.contains(&dave));
		});
	}

	#[test]
	fn the_clients_committed_metadata_is_this_runtimes() {
		let metadata = sp_io::TestExternalities::default().execute_with(|| {
			Runtime::metadata_at_version(ecert_runtime_common::CLIENT_METADATA_VERSION).unwrap()
		});
		ecert_runtime_common::check_committed_metadata(&metadata, "side.scale");
	}

	#[test]
	fn every_listed_preset_builds_a_side_chain_of_its_type() {
		let names = genesis_config_presets::preset_names();
		assert_eq!(names.len(), 4);
		for name in names {
			let name = String::from_utf8(AsRef::<[u8]>::as_ref(&name).to_vec()).unwrap();
			let certificate_type = name.split('_').next().unwrap().to_string();
			let (slot_duration, validators) =
				if name.ends_with("development") { (2_000, 1) } else { (6_000, 2) };
			genesis_of(&name).unwrap().execute_with(|| {
				assert_eq!(
					pallet_chain_info::Chain::<Runtime>::get(),
					Some(ChainId::Side(certificate_type.parse().unwrap()))
				);
				assert_eq!(Aura::slot_duration(), slot_duration, "{name}");
				assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators, "{name}");
				assert_eq!(Grandpa::grandpa_authorities().len(), validators, "{name}");
				let admitted = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
				let expected: alloc::collections::BTreeSet<_> =
					ecert_runtime_common::genesis::DEV_NODE_PEER_IDS
						.iter()
						.map(|id| sp_core::OpaquePeerId(id.to_vec()))
						.collect();
				assert_eq!(admitted, expected, "{name}");
				let silence = if name.ends_with("development") {
					genesis_config_presets::DEV_MAX_MAIN_CHAIN_SILENCE
				} else {
					<MaxMainChainSilence as frame_support::traits::Get<u64>>::get()
				};
				assert_eq!(pallet_registry_view::MainChainSilenceLimit::<Runtime>::get(), silence);
				ChainInfo::do_try_state().unwrap();
			});
		}
	}

	#[test]
	fn any_well_formed_certificate_type_gets_a_preset() {
		genesis_of("marriage_local_testnet").unwrap().execute_with(|| {
			assert_eq!(ChainInfo::certificate_type().unwrap().as_str(), "marriage");
		});
		assert!(genesis_of("Marriage_local_testnet").is_none());
		assert!(genesis_of("development").is_none());
	}

	#[test]
	fn the_events_key_reads_the_blocks_events() {
		use codec::Decode;
		genesis_of("marriage_local_testnet").unwrap().execute_with(|| {
			System::set_block_number(1);
			let id = ecert_primitives::CertificateId(sp_core::H256::repeat_byte(1));
			System::deposit_event(pallet_certificates::Event::<Runtime>::CertificateSuspended {
				id,
			});
			let raw = sp_io::storage::get(&ecert_primitives::storage::events()).unwrap();
			let read =
				Vec::<frame_system::EventRecord<RuntimeEvent, ecert_primitives::Hash>>::decode(
					&mut &raw[..],
				);
			assert_eq!(read.unwrap(), System::events());
			assert_eq!(System::events().len(), 1);
		});
	}

	#[test]
	fn storage_layout_matches_the_primitives() {
		use ecert_primitives::{storage, CertificateId, IdentityId};
		let id = CertificateId(sp_core::H256::repeat_byte(1));
		let holder = IdentityId(sp_core::H256::repeat_byte(2));
		assert_eq!(
			pallet_certificates::Certificates::<Runtime>::hashed_key_for(id),
			storage::certificate(&id)
		);
		assert_eq!(
			pallet_certificates::CertificatesOf::<Runtime>::hashed_key_for(holder, id),
			storage::certificate_of(&holder, &id)
		);
		assert_eq!(
			pallet_certificates::Issued::<Runtime>::hashed_key_for(7, 3),
			storage::issued(7, 3)
		);
		assert_eq!(
			pallet_certificates::Batches::<Runtime>::hashed_key_for(id.0),
			storage::batch(&id.0)
		);
		assert_eq!(
			pallet_certificates::BatchedStatuses::<Runtime>::hashed_key_for(id),
			storage::batched_status(&id)
		);
		assert_eq!(
			pallet_certificates::Changes::<Runtime>::hashed_key_for(id, 4),
			storage::certificate_change(&id, 4)
		);
		assert_eq!(
			pallet_certificates::ChangeCount::<Runtime>::hashed_key_for(id),
			storage::change_count(&id)
		);
		assert_eq!(
			pallet_certificates::Verifications::<Runtime>::hashed_key_for(id, 5),
			storage::verification(&id, 5)
		);
		assert_eq!(
			pallet_certificates::Grants::<Runtime>::hashed_key_for(id, holder),
			storage::grant(&id, &holder)
		);
		assert_eq!(
			pallet_certificates::VerificationCount::<Runtime>::hashed_key_for(id),
			storage::verification_count(&id)
		);
		assert_eq!(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec(), storage::now());
		// Laid out as on the main chain, whose test checks the keys.
		assert_eq!(
			[
				<Validators as frame_support::traits::PalletInfoAccess>::name(),
				<Session as frame_support::traits::PalletInfoAccess>::name(),
			],
			[storage::VALIDATORS_PALLET, storage::SESSION_PALLET]
		);
		assert_eq!(
			pallet_certificates::LeafIndex::<Runtime>::hashed_key_for(id),
			storage::tree_leaf_index(&id)
		);
		assert_eq!(
			pallet_certificates::LeafCount::<Runtime>::hashed_key().to_vec(),
			storage::tree_leaf_count()
		);
		assert_eq!(
			pallet_certificates::TreeNodes::<Runtime>::hashed_key_for(3, 9),
			storage::tree_node(3, 9)
		);
		assert_eq!(
			pallet_certificates::BatchLeafIndex::<Runtime>::hashed_key_for(id.0),
			storage::batch_leaf_index(&id.0)
		);
		assert_eq!(
			pallet_certificates::BatchChanges::<Runtime>::hashed_key_for(id.0, (3, 9)),
			storage::batch_change_node(&id.0, 3, 9)
		);
		let org: ecert_primitives::OrgCode = "NTU".parse().unwrap();
		assert_eq!(
			pallet_registry_view::Identities::<Runtime>::hashed_key_for(holder),
			storage::viewed_identity(&holder)
		);
		assert_eq!(
			pallet_registry_view::Issuers::<Runtime>::hashed_key_for(&org),
			storage::viewed_issuer(&org)
		);
		assert_eq!(
			pallet_registry_view::IdentityProvenAt::<Runtime>::hashed_key_for(holder),
			storage::identity_proven_at(&holder)
		);
		assert_eq!(
			pallet_registry_view::IssuerProvenAt::<Runtime>::hashed_key_for(&org),
			storage::issuer_proven_at(&org)
		);
		{
			use frame_support::storage::StoragePrefixedMap;
			let prefixes = [
				pallet_registry_view::Identities::<Runtime>::final_prefix(),
				pallet_registry_view::Issuers::<Runtime>::final_prefix(),
				pallet_registry_view::IdentityProvenAt::<Runtime>::final_prefix(),
				pallet_registry_view::IssuerProvenAt::<Runtime>::final_prefix(),
			];
			assert_eq!(
				prefixes.map(|prefix| prefix.to_vec()),
				[
					storage::viewed_identities_prefix(),
					storage::viewed_issuers_prefix(),
					storage::identities_proven_at_prefix(),
					storage::issuers_proven_at_prefix(),
				]
			);
		}
		let main = ecert_primitives::ChainId::Main;
		let hash = sp_core::H256::repeat_byte(3);
		assert_eq!(
			pallet_anchoring::Chains::<Runtime>::hashed_key_for(&main),
			storage::anchored_chain(&main)
		);
		assert_eq!(
			pallet_anchoring::Headers::<Runtime>::hashed_key_for(&main, hash),
			storage::anchored_header(&main, &hash)
		);
		assert_eq!(
			pallet_anchoring::ImportedAt::<Runtime>::hashed_key_for(&main, hash),
			storage::header_imported_at(&main, &hash)
		);
		assert_eq!(
			pallet_anchoring::Confirmations::<Runtime>::hashed_key_for(&main),
			storage::anchor_confirmation(&main)
		);
		assert_eq!(
			pallet_grandpa::CurrentSetId::<Runtime>::hashed_key().to_vec(),
			storage::grandpa_set_id()
		);
	}

	#[test]
	fn a_two_second_block_fits_2000_issuances() {
		use ecert_primitives::{AssetMetadata, CertificateTerms};
		let issue = RuntimeCall::Certificates(pallet_certificates::Call::issue {
			certificate_type: "diploma".parse().unwrap(),
			terms: CertificateTerms {
				number: "B-1".parse().unwrap(),
				holder: ecert_primitives::IdentityId(sp_core::H256::repeat_byte(1)),
				commitment: sp_core::H256::repeat_byte(2),
				valid_from: 0,
				valid_until: None,
				asset: AssetMetadata::FIELDS,
				document: None,
			},
			payload: None,
		});
		let normal = ecert_runtime_common::RuntimeBlockWeights::get()
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_total
			.unwrap();
		// With the RocksDB defaults for the extensions and the tree's
		// once-a-block writes charged to every call, 1,249 fitted; with the
		// tree charged by hand, 1,615; with the tree's settlement
		// benchmarked, 1,547. With ParityDB's reads and writes measured
		// (db_weights.rs) instead of FRAME's defaults, enough for 1,000
		// issuances a second in two-second blocks.
		let fit = normal.ref_time() / transaction_weight(&issue).total().ref_time();
		assert!(fit >= 2_000, "{fit} issuances fit in a block");
	}

	#[test]
	fn spec_name_tells_the_side_runtime_apart() {
		assert_eq!(VERSION.spec_name, "ecert-side");
	}
}

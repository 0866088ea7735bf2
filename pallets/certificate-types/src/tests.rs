//! One module per call: a success and the failures of each.

use crate::{mock::*, ActiveTypes, CertificateTypes as Registry, Endpoints, Error, Event, Schemas};
use ecert_primitives::{
	schema_preset, CertificateTypeStatus, ChainCheckpoint, Endpoint, FieldKind, FieldSchema,
	SideChainEndpoints,
};
use frame_support::{assert_noop, assert_ok, traits::Contains};
use sp_core::H256;
use sp_runtime::DispatchError;

fn schema() -> FieldSchema {
	schema_preset(&type_id("diploma")).unwrap().schema()
}

fn register(id: &str, n: u8) {
	assert_ok!(CertificateTypes::register(
		RuntimeOrigin::root(),
		type_id(id),
		name(id),
		schema(),
		side_chain(n)
	));
}

mod register {
	use super::*;

	#[test]
	fn records_the_type_and_its_side_chain() {
		new_test_ext(|| {
			register("diploma", 1);
			let record = Registry::<Test>::get(type_id("diploma")).unwrap();
			assert_eq!(record.name, name("diploma"));
			assert_eq!(record.schema_hash, schema().hash(&type_id("diploma")));
			assert_eq!(Schemas::<Test>::get(type_id("diploma")), Some(schema()));
			assert_eq!(record.side_chain, side_chain(1));
			assert_eq!(record.status, CertificateTypeStatus::Active);
			assert_eq!(record.registered_at, 1);
			assert!(ActiveTypes::<Test>::contains(&type_id("diploma")));
			assert_eq!(
				last_event(),
				Event::CertificateTypeRegistered {
					id: type_id("diploma"),
					schema_hash: schema().hash(&type_id("diploma")),
					genesis_hash: H256::repeat_byte(1)
				}
			);
		});
	}

	#[test]
	fn fails_for_duplicates_bad_schemas_bad_authorities_non_authority_and_beyond_the_bound() {
		new_test_ext(|| {
			register("diploma", 1);
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::root(),
					type_id("diploma"),
					name("again"),
					schema(),
					side_chain(2)
				),
				Error::<Test>::AlreadyExists
			);
			let mut no_choices = schema();
			no_choices.0[5].kind = FieldKind::Enumeration(Default::default());
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::root(),
					type_id("license"),
					name("l"),
					no_choices,
					side_chain(2)
				),
				Error::<Test>::BadSchema
			);
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::root(),
					type_id("license"),
					name("l"),
					FieldSchema(Default::default()),
					side_chain(2)
				),
				Error::<Test>::BadSchema
			);
			let empty = ChainCheckpoint { authorities: Default::default(), ..side_chain(2) };
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::root(),
					type_id("license"),
					name("l"),
					schema(),
					empty
				),
				Error::<Test>::BadAuthoritySet
			);
			let mut zero_weight = side_chain(2);
			zero_weight.authorities[0].1 = 0;
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::root(),
					type_id("license"),
					name("l"),
					schema(),
					zero_weight
				),
				Error::<Test>::BadAuthoritySet
			);
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::signed(1),
					type_id("license"),
					name("l"),
					schema(),
					side_chain(2)
				),
				DispatchError::BadOrigin
			);
			register("license", 2);
			assert_noop!(
				CertificateTypes::register(
					RuntimeOrigin::root(),
					type_id("marriage"),
					name("m"),
					schema(),
					side_chain(3)
				),
				Error::<Test>::TooManyTypes
			);
		});
	}
}

mod retire {
	use super::*;

	#[test]
	fn stops_new_accreditations_and_keeps_the_record() {
		new_test_ext(|| {
			register("diploma", 1);
			assert_ok!(CertificateTypes::retire(RuntimeOrigin::root(), type_id("diploma")));
			let record = Registry::<Test>::get(type_id("diploma")).unwrap();
			assert_eq!(record.status, CertificateTypeStatus::Retired);
			assert_eq!(record.side_chain, side_chain(1));
			assert!(!ActiveTypes::<Test>::contains(&type_id("diploma")));
			assert_eq!(last_event(), Event::CertificateTypeRetired { id: type_id("diploma") });
		});
	}

	#[test]
	fn fails_for_unknown_retired_and_non_authority() {
		new_test_ext(|| {
			assert_noop!(
				CertificateTypes::retire(RuntimeOrigin::root(), type_id("diploma")),
				Error::<Test>::NotFound
			);
			register("diploma", 1);
			assert_noop!(
				CertificateTypes::retire(RuntimeOrigin::signed(1), type_id("diploma")),
				DispatchError::BadOrigin
			);
			assert_ok!(CertificateTypes::retire(RuntimeOrigin::root(), type_id("diploma")));
			assert_noop!(
				CertificateTypes::retire(RuntimeOrigin::root(), type_id("diploma")),
				Error::<Test>::AlreadyRetired
			);
		});
	}
}

fn endpoints(urls: &[&str]) -> SideChainEndpoints {
	urls.iter().map(|url| Endpoint::try_from(*url).unwrap()).collect::<Vec<_>>().try_into().unwrap()
}

mod set_endpoints {
	use super::*;

	#[test]
	fn lists_replaces_and_removes_a_types_endpoints() {
		new_test_ext(|| {
			register("diploma", 1);
			let first = endpoints(&["wss://diploma.moe.gov.tw", "ws://10.0.0.2:9944"]);
			assert_ok!(CertificateTypes::set_endpoints(
				RuntimeOrigin::root(),
				type_id("diploma"),
				first.clone()
			));
			assert_eq!(Endpoints::<Test>::get(type_id("diploma")), Some(first.clone()));
			assert_eq!(
				last_event(),
				Event::EndpointsSet { id: type_id("diploma"), endpoints: first }
			);
			let second = endpoints(&["wss://rpc.diploma.moe.gov.tw"]);
			assert_ok!(CertificateTypes::set_endpoints(
				RuntimeOrigin::root(),
				type_id("diploma"),
				second.clone()
			));
			assert_eq!(Endpoints::<Test>::get(type_id("diploma")), Some(second));
			// A retired type keeps its directory entry: its certificates stay
			// verifiable.
			assert_ok!(CertificateTypes::retire(RuntimeOrigin::root(), type_id("diploma")));
			assert!(Endpoints::<Test>::contains_key(type_id("diploma")));
			assert_ok!(CertificateTypes::set_endpoints(
				RuntimeOrigin::root(),
				type_id("diploma"),
				endpoints(&[])
			));
			assert!(!Endpoints::<Test>::contains_key(type_id("diploma")));
			assert_eq!(
				last_event(),
				Event::EndpointsSet { id: type_id("diploma"), endpoints: endpoints(&[]) }
			);
			assert_ok!(CertificateTypes::do_try_state());
		});
	}

	#[test]
	fn fails_for_unknown_types_bad_or_repeated_endpoints_and_non_authority() {
		new_test_ext(|| {
			let list = endpoints(&["ws://127.0.0.1:9954"]);
			assert_noop!(
				CertificateTypes::set_endpoints(
					RuntimeOrigin::root(),
					type_id("diploma"),
					list.clone()
				),
				Error::<Test>::NotFound
			);
			register("diploma", 1);
			assert_noop!(
				CertificateTypes::set_endpoints(
					RuntimeOrigin::signed(1),
					type_id("diploma"),
					list.clone()
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				CertificateTypes::set_endpoints(
					RuntimeOrigin::root(),
					type_id("diploma"),
					endpoints(&["ws://127.0.0.1:9954", "ws://127.0.0.1:9954"])
				),
				Error::<Test>::BadEndpoint
			);
			// SCALE decoding checks only the bound; the call checks the rest.
			let mut decoded = list.clone();
			decoded[0] =
				codec::Decode::decode(&mut &codec::Encode::encode(&b"ftp://x".to_vec())[..])
					.unwrap();
			assert_noop!(
				CertificateTypes::set_endpoints(RuntimeOrigin::root(), type_id("diploma"), decoded),
				Error::<Test>::BadEndpoint
			);
		});
	}
}

mod chain_registry {
	use super::*;
	use ecert_primitives::{ChainId, ChainRegistry};

	#[test]
	fn names_every_registered_side_chain_and_nothing_else() {
		new_test_ext(|| {
			register("diploma", 1);
			let diploma = ChainId::Side(type_id("diploma"));
			assert_eq!(CertificateTypes::genesis(&diploma), Some(side_chain(1)));
			assert_ok!(CertificateTypes::retire(RuntimeOrigin::root(), type_id("diploma")));
			assert_eq!(CertificateTypes::genesis(&diploma), Some(side_chain(1)));
			assert_eq!(CertificateTypes::genesis(&ChainId::Side(type_id("license"))), None);
			assert_eq!(CertificateTypes::genesis(&ChainId::Main), None);
		});
	}

	#[test]
	fn genesis_registers_the_listed_types() {
		use sp_runtime::BuildStorage;
		let storage = RuntimeGenesisConfig {
			certificate_types: crate::GenesisConfig {
				types: vec![(type_id("diploma"), name("Diploma"), schema(), side_chain(3))],
				endpoints: vec![(type_id("diploma"), endpoints(&["ws://127.0.0.1:9954"]))],
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.unwrap();
		sp_io::TestExternalities::new(storage).execute_with(|| {
			let record = Registry::<Test>::get(type_id("diploma")).unwrap();
			assert_eq!(record.side_chain, side_chain(3));
			assert_eq!(record.status, CertificateTypeStatus::Active);
			assert_eq!(Schemas::<Test>::get(type_id("diploma")), Some(schema()));
			assert_eq!(
				Endpoints::<Test>::get(type_id("diploma")),
				Some(endpoints(&["ws://127.0.0.1:9954"]))
			);
		});
	}
}

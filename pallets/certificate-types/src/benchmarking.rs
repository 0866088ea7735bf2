//! Benchmarks of the certificate-types pallet's calls, each in its worst
//! case: the largest authority set, the longest names and the largest field
//! schema.

use super::*;
use ecert_primitives::{
	Endpoint, FieldKind, FieldLabels, FieldName, FieldSpec, GrandpaAuthorities, Label,
	MAX_ENDPOINT_LEN, MAX_FIELD_CHOICES, MAX_SCHEMA_FIELDS, MAX_SCHEMA_VALUE_LEN,
	MAX_SIDE_CHAIN_AUTHORITIES, MAX_SIDE_CHAIN_ENDPOINTS,
};
use frame_benchmarking::v2::*;

fn type_id(index: u32) -> CertificateTypeId {
	let mut text = alloc::format!("type-{index}-");
	while text.len() < CertificateTypeId::MAX_LEN as usize {
		text.push('x');
	}
	text.parse().expect("a well-formed id")
}

fn largest_side_chain() -> ChainCheckpoint {
	let authorities: GrandpaAuthorities = (0..MAX_SIDE_CHAIN_AUTHORITIES)
		.map(|n| (sp_core::ed25519::Public::from_raw([n as u8; 32]).into(), 1))
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("exactly the bound");
	ChainCheckpoint { genesis_hash: H256::repeat_byte(1), authorities, set_id: 0 }
}

fn longest_name() -> Name {
	Name::try_from(alloc::vec![b'n'; Name::MAX_LEN as usize]).expect("exactly the bound")
}

/// The most fields, each an enumeration of the most values, every label and
/// value as long as a label may be.
fn largest_schema() -> FieldSchema {
	let text = |tag: u32| {
		let mut text = alloc::format!("{tag}-");
		while (text.len() as u32) < Label::MAX_LEN {
			text.push('x');
		}
		Label::try_from(text).expect("exactly the bound")
	};
	let fields = (0..MAX_SCHEMA_FIELDS)
		.map(|index| {
			let mut name = alloc::format!("f{index}_");
			while (name.len() as u32) < FieldName::MAX_LEN {
				name.push('x');
			}
			let choices = (0..MAX_FIELD_CHOICES).map(text).collect::<alloc::vec::Vec<_>>();
			FieldSpec {
				name: FieldName::try_from(name).expect("a well-formed name"),
				kind: FieldKind::Enumeration(choices.try_into().expect("exactly the bound")),
				required: true,
				max_length: MAX_SCHEMA_VALUE_LEN,
				label: FieldLabels { zh_tw: text(index), en: text(index) },
			}
		})
		.collect::<alloc::vec::Vec<_>>();
	FieldSchema(fields.try_into().expect("exactly the bound"))
}

/// Registers type `index` with the longest name, the largest schema and
/// the largest authority set.
fn register_largest<T: Config>(index: u32) -> DispatchResult {
	Pallet::<T>::do_register(type_id(index), longest_name(), largest_schema(), largest_side_chain())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() -> Result<(), BenchmarkError> {
		for index in 1..T::MaxCertificateTypes::get() {
			register_largest::<T>(index)?;
		}
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			type_id(0),
			longest_name(),
			largest_schema(),
			largest_side_chain(),
		);
		assert!(CertificateTypes::<T>::contains_key(type_id(0)));
		Ok(())
	}

	#[benchmark]
	fn retire() -> Result<(), BenchmarkError> {
		register_largest::<T>(0)?;
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, type_id(0));
		assert!(!ActiveTypes::<T>::contains(&type_id(0)));
		Ok(())
	}

	#[benchmark]
	fn set_endpoints() -> Result<(), BenchmarkError> {
		register_largest::<T>(0)?;
		let endpoints: SideChainEndpoints = (0..MAX_SIDE_CHAIN_ENDPOINTS)
			.map(|index| {
				let mut url = alloc::format!("wss://{index}.");
				while (url.len() as u32) < MAX_ENDPOINT_LEN {
					url.push('x');
				}
				Endpoint::try_from(url.as_str()).expect("a well-formed endpoint")
			})
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.expect("exactly the bound");
		let origin =
			T::DirectoryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, type_id(0), endpoints.clone());
		assert_eq!(Endpoints::<T>::get(type_id(0)), Some(endpoints));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

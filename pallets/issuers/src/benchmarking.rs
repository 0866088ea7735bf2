//! Benchmarks of the issuers pallet's calls, each in its worst case: the
//! most certificate types and the longest name and reason.

use super::*;
use frame_benchmarking::v2::*;
use sp_core::H256;

fn org_code() -> OrgCode {
	OrgCode::try_from(alloc::vec![b'A'; OrgCode::MAX_LEN as usize]).expect("exactly the bound")
}

fn longest_name() -> Name {
	Name::try_from(alloc::vec![b'n'; Name::MAX_LEN as usize]).expect("exactly the bound")
}

fn longest_reason() -> Reason {
	Reason::try_from(alloc::vec![b'r'; Reason::MAX_LEN as usize]).expect("exactly the bound")
}

fn identity() -> IdentityId {
	IdentityId(H256::repeat_byte(1))
}

/// The most types, all registered.
fn most_types<T: Config>() -> CertificateTypeList {
	let list: alloc::vec::Vec<CertificateTypeId> = (0..MAX_TYPES_PER_ISSUER)
		.map(|index| {
			let mut text = alloc::format!("type-{index}-");
			while text.len() < CertificateTypeId::MAX_LEN as usize {
				text.push('x');
			}
			text.parse().expect("a well-formed id")
		})
		.collect();
	for id in &list {
		T::BenchmarkHelper::register_certificate_type(id);
	}
	list.try_into().expect("exactly the bound")
}

fn accredited<T: Config>() -> Result<(), BenchmarkError> {
	T::BenchmarkHelper::register_issuer_identity(identity());
	Pallet::<T>::do_accredit(
		org_code(),
		longest_name(),
		identity(),
		most_types::<T>(),
		None,
		None,
		longest_reason(),
	)?;
	Ok(())
}

fn authority<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AccreditationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn accredit() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::register_issuer_identity(identity());
		let types = most_types::<T>();
		let origin = authority::<T>()?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			org_code(),
			longest_name(),
			identity(),
			types,
			Some(1),
			Some(2),
			longest_reason(),
		);
		assert!(Issuers::<T>::contains_key(org_code()));
		Ok(())
	}

	#[benchmark]
	fn update() -> Result<(), BenchmarkError> {
		accredited::<T>()?;
		let types = most_types::<T>();
		let origin = authority::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org_code(), types, Some(1), Some(2), longest_reason());
		assert_eq!(Issuers::<T>::get(org_code()).map(|r| r.changes), Some(2));
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		accredited::<T>()?;
		let origin = authority::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org_code(), longest_reason());
		assert_eq!(
			Issuers::<T>::get(org_code()).map(|r| r.status),
			Some(AccreditationStatus::Suspended)
		);
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		accredited::<T>()?;
		Issuers::<T>::mutate(org_code(), |record| {
			if let Some(record) = record {
				record.status = AccreditationStatus::Suspended;
			}
		});
		let origin = authority::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org_code(), longest_reason());
		assert_eq!(
			Issuers::<T>::get(org_code()).map(|r| r.status),
			Some(AccreditationStatus::Active)
		);
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		accredited::<T>()?;
		let origin = authority::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org_code(), longest_reason());
		assert_eq!(
			Issuers::<T>::get(org_code()).map(|r| r.status),
			Some(AccreditationStatus::Revoked)
		);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

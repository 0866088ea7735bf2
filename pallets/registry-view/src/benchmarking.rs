//! Benchmarks of the registry-view pallet's calls, each replacing an
//! existing record (the most index work).

use super::*;
use ecert_primitives::{
	AccreditationStatus, IdentityKeys, KeyAgreementKey, Name, SigningKey, MAX_TYPES_PER_ISSUER,
};
use frame_benchmarking::v2::*;
use sp_core::H256;

fn identity<T: Config>(account: T::AccountId) -> IdentityRecordOf<T> {
	IdentityRecord {
		account,
		keys: IdentityKeys {
			signing: SigningKey::Sr25519(sp_core::sr25519::Public::from_raw([1; 32])),
			key_agreement: KeyAgreementKey(H256::repeat_byte(1)),
		},
		role: Role::Issuer,
		status: IdentityStatus::Active,
		registered_at: 0u32.into(),
		updated_at: 0u32.into(),
	}
}

fn issuer<T: Config>(identity: IdentityId) -> IssuerRecord<BlockNumberFor<T>> {
	let types: alloc::collections::BTreeSet<CertificateTypeId> = (0..MAX_TYPES_PER_ISSUER)
		.map(|index| alloc::format!("type-{index}").parse().expect("a well-formed id"))
		.collect();
	IssuerRecord {
		name: Name::try_from(alloc::vec![b'n'; Name::MAX_LEN as usize]).expect("the bound"),
		identity,
		certificate_types: types.try_into().expect("the bound"),
		valid_from: Some(0),
		valid_until: Some(1),
		status: AccreditationStatus::Active,
		accredited_at: 0u32.into(),
		changes: 1,
	}
}

fn org_code() -> OrgCode {
	OrgCode::try_from(alloc::vec![b'A'; OrgCode::MAX_LEN as usize]).expect("the bound")
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_identity() -> Result<(), BenchmarkError> {
		let id = IdentityId(H256::repeat_byte(1));
		Pallet::<T>::do_set_identity(id, identity::<T>(account("old", 0, 0)))?;
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, identity::<T>(account("new", 0, 0)));
		assert_eq!(IdentityOf::<T>::get(account::<T::AccountId>("new", 0, 0)), Some(id));
		Ok(())
	}

	#[benchmark]
	fn set_issuer() -> Result<(), BenchmarkError> {
		Pallet::<T>::do_set_issuer(org_code(), issuer::<T>(IdentityId(H256::repeat_byte(1))))?;
		let origin =
			T::RegistryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let identity = IdentityId(H256::repeat_byte(2));
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org_code(), issuer::<T>(identity));
		assert_eq!(OrganisationOf::<T>::get(identity), Some(org_code()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

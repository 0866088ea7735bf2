//! Benchmarks of the registry-view pallet: an update of `i` issuers and `d`
//! identities, each replacing an existing record (the most index work),
//! proven from a main-chain state that holds unrelated entries beside them.

use super::*;
use crate::proofs::prove;
use ecert_primitives::{
	AccreditationStatus, AnchoredHeader, IdentityKeys, KeyAgreementKey, Name, SigningKey,
	MAX_TYPES_PER_ISSUER,
};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
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

fn issuer<T: Config>(identity: IdentityId) -> IssuerRecordOf<T> {
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

fn org_code(i: u32) -> OrgCode {
	let mut code = alloc::vec![b'A'; OrgCode::MAX_LEN as usize];
	code[..4].copy_from_slice(&i.to_be_bytes().map(|b| b'A' + b % 26));
	OrgCode::try_from(code).expect("the bound")
}

fn identity_id(i: u32) -> IdentityId {
	IdentityId(H256::from_low_u64_be(i as u64 + 1))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn update_view(
		i: Linear<0, { T::MaxRecordsPerUpdate::get() }>,
		d: Linear<1, { T::MaxRecordsPerUpdate::get() }>,
	) -> Result<(), BenchmarkError> {
		let issuers: Vec<OrgCode> = (0..i).map(org_code).collect();
		let identities: Vec<IdentityId> = (0..d).map(identity_id).collect();
		// The view already holds older versions of every record.
		for (n, org) in issuers.iter().enumerate() {
			Pallet::<T>::write_issuer(org, Some(issuer::<T>(identity_id(1000 + n as u32))));
			IssuerProvenAt::<T>::insert(org, 1);
		}
		for (n, id) in identities.iter().enumerate() {
			Pallet::<T>::write_identity(*id, Some(identity::<T>(account("old", n as u32, 0))));
			IdentityProvenAt::<T>::insert(id, 1);
		}
		// The main chain's state: the new versions among unrelated entries.
		let mut entries: Vec<(Vec<u8>, Vec<u8>)> = (0..1000u32)
			.map(|n| {
				(
					<BlakeTwo256 as sp_runtime::traits::Hash>::hash_of(&n).0.to_vec(),
					alloc::vec![7; 64],
				)
			})
			.collect();
		for (n, org) in issuers.iter().enumerate() {
			entries.push((storage::issuer(org), issuer::<T>(identity_id(n as u32)).encode()));
		}
		for (n, id) in identities.iter().enumerate() {
			entries
				.push((storage::identity(id), identity::<T>(account("new", n as u32, 0)).encode()));
		}
		let keys: Vec<Vec<u8>> = issuers
			.iter()
			.map(storage::issuer)
			.chain(identities.iter().map(storage::identity))
			.collect();
		let (state_root, nodes) = prove(&entries, &keys);
		let header = H256::repeat_byte(0xaa);
		T::BenchmarkHelper::anchor_main_header(AnchoredHeader {
			number: 2,
			hash: header,
			state_root,
			commitment_root: H256::zero(),
		});
		let proof: MainChainProof = nodes
			.into_iter()
			.map(|node| node.try_into().expect("nodes are small"))
			.collect::<Vec<_>>()
			.try_into()
			.expect("few nodes");

		#[extrinsic_call]
		_(
			RawOrigin::None,
			header,
			issuers.try_into().expect("within the bound"),
			identities.clone().try_into().expect("within the bound"),
			proof,
		);

		assert_eq!(IdentityProvenAt::<T>::get(identities[0]), Some(2));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

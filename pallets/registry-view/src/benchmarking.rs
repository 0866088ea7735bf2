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
	let mut bytes = [0u8; 32];
	bytes[28..].copy_from_slice(&(i + 1).to_be_bytes());
	IdentityId(H256(bytes))
}

/// How many nibbles deep the siblings of a proven key branch off it.
const NATIONAL_DEPTH: usize = 6;

/// Entries whose keys share the first `prefix + d` nibbles of `key` and
/// differ in the next one, for every other nibble value and `d` below
/// [`NATIONAL_DEPTH`]. `prefix` is the map's prefix length in nibbles.
fn siblings(key: &[u8], prefix: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
	let nibble = |key: &[u8], at: usize| (key[at / 2] >> if at % 2 == 0 { 4 } else { 0 }) & 0x0f;
	let mut entries = Vec::new();
	for depth in 0..NATIONAL_DEPTH {
		let at = prefix + depth;
		for value in (0..16u8).filter(|value| *value != nibble(key, at)) {
			let mut sibling = key.to_vec();
			let shift = if at % 2 == 0 { 4 } else { 0 };
			sibling[at / 2] = (sibling[at / 2] & !(0x0f << shift)) | (value << shift);
			entries.push((sibling, alloc::vec![9; 120]));
		}
	}
	entries
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
		// The main chain's state: the new versions among unrelated entries,
		// and, beside each proven key, siblings that branch off it at each
		// of the first `NATIONAL_DEPTH` nibbles under its map's prefix: the
		// full branch nodes a proof crosses in a map of 16^6 (16.7 million)
		// entries, so the proof is as deep as at national scale.
		let mut entries: Vec<(Vec<u8>, Vec<u8>)> = (0..1000u32)
			.map(|n| {
				(
					<BlakeTwo256 as sp_runtime::traits::Hash>::hash_of(&n).0.to_vec(),
					alloc::vec![7; 64],
				)
			})
			.collect();
		for (n, org) in issuers.iter().enumerate() {
			let key = storage::issuer(org);
			entries.extend(siblings(&key, 64));
			entries.push((key, issuer::<T>(identity_id(n as u32)).encode()));
		}
		for (n, id) in identities.iter().enumerate() {
			let key = storage::identity(id);
			entries.extend(siblings(&key, 64));
			entries.push((key, identity::<T>(account("new", n as u32, 0)).encode()));
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
			time: 0,
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

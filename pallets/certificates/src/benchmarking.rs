//! Benchmarks of the certificates pallet's calls, each in its worst case:
//! the largest payload, the longest document URI, a batched certificate
//! where a call takes one (its proof is the deepest the bound allows); and
//! of the certificate tree's settlement when a block ends, at the deepest
//! tree.

use super::*;
use ecert_primitives::{batch_membership, BatchLeaf, CertificateNumber, DocumentRef, MAX_URI_LEN};
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate as _;
use frame_system::RawOrigin;
use sp_runtime::traits::Bounded;

fn org() -> OrgCode {
	OrgCode::try_from(alloc::vec![b'A'; OrgCode::MAX_LEN as usize]).expect("the bound")
}

fn asset() -> AssetMetadata {
	AssetMetadata::FIELDS
}

fn number(n: u32) -> CertificateNumber {
	let mut text = alloc::format!("N-{n}-");
	while text.len() < CertificateNumber::MAX_LEN as usize {
		text.push('x');
	}
	text.parse().expect("a well-formed number")
}

fn terms(n: u32, holder: IdentityId) -> CertificateTerms {
	CertificateTerms {
		number: number(n),
		holder,
		commitment: H256::repeat_byte(1),
		valid_from: 0,
		valid_until: Some(Moment::MAX),
		asset: asset(),
		document: Some(DocumentRef {
			uri: alloc::vec![b'u'; MAX_URI_LEN as usize].try_into().expect("the bound"),
			hash: H256::repeat_byte(2),
		}),
	}
}

struct Setup<T: Config> {
	issuer: T::AccountId,
	holder: T::AccountId,
	holder_id: IdentityId,
	verifier: T::AccountId,
	verifier_id: IdentityId,
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let account: T::AccountId = account(name, 0, 0);
	T::Currency::set_balance(&account, BalanceOf::<T>::max_value() / 4u32.into());
	account
}

fn setup<T: Config>() -> Setup<T> {
	let issuer = funded::<T>("issuer");
	T::BenchmarkHelper::accredit(&issuer, &org());
	let holder = funded::<T>("holder");
	let holder_id = IdentityId(H256::repeat_byte(0x10));
	T::BenchmarkHelper::register(&holder, holder_id, Role::Holder);
	let verifier = funded::<T>("verifier");
	let verifier_id = IdentityId(H256::repeat_byte(0x20));
	T::BenchmarkHelper::register(&verifier, verifier_id, Role::Verifier);
	Setup { issuer, holder, holder_id, verifier, verifier_id }
}

fn chain_type<T: Config>() -> Result<CertificateTypeId, BenchmarkError> {
	T::CertificateType::get().ok_or(BenchmarkError::Weightless)
}

/// A batch of 2^MAX_PROOF_DEPTH certificates would take too long to build;
/// the proof of a 2^16 batch stands for it, with the cost of the missing
/// levels being eight more hashes.
fn batched<T: Config>(
	setup: &Setup<T>,
) -> Result<(CertificateId, BatchMembership), BenchmarkError> {
	let count = 1u32 << 16;
	let leaves: alloc::vec::Vec<BatchLeaf> = (0..count)
		.map(|n| BatchLeaf {
			number: number(n),
			holder: setup.holder_id,
			commitment: H256::repeat_byte(1),
			valid_from: 0,
			valid_until: None,
		})
		.collect();
	let membership = batch_membership(&leaves, count - 1).ok_or(BenchmarkError::Weightless)?;
	Pallet::<T>::issue_batch(
		RawOrigin::Signed(setup.issuer.clone()).into(),
		membership.root,
		count,
		asset(),
	)?;
	let id = CertificateId::derive(&chain_type::<T>()?, &org(), &membership.leaf.number);
	Ok((id, membership))
}

fn single<T: Config>(setup: &Setup<T>, n: u32) -> Result<CertificateId, BenchmarkError> {
	let (id, _) =
		Pallet::<T>::do_issue(&chain_type::<T>()?, org(), terms(n, setup.holder_id), None, None)?;
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn issue(p: Linear<0, { T::MaxPayloadLen::get() }>) -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let payload: PayloadOf<T> =
			alloc::vec![7u8; p as usize].try_into().map_err(|_| BenchmarkError::Weightless)?;
		let certificate_type = chain_type::<T>()?;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(setup.issuer),
			certificate_type,
			terms(0, setup.holder_id),
			Some(payload),
		);
		assert_eq!(Certificates::<T>::iter().count(), 1);
		Ok(())
	}

	#[benchmark]
	fn issue_batch() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let count = T::MaxBatchSize::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.issuer), H256::repeat_byte(3), count, asset());
		assert!(Batches::<T>::contains_key(H256::repeat_byte(3)));
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let (id, membership) = batched::<T>(&setup)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.issuer), id, 0, Some(membership));
		assert!(BatchedStatuses::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let (id, membership) = batched::<T>(&setup)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.issuer), id, Some(membership));
		assert!(BatchedStatuses::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let (id, membership) = batched::<T>(&setup)?;
		Pallet::<T>::suspend(
			RawOrigin::Signed(setup.issuer.clone()).into(),
			id,
			Some(membership.clone()),
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.issuer), id, Some(membership));
		assert_eq!(
			BatchedStatuses::<T>::get(id).map(|s| s.status),
			Some(CertificateStatus::Active)
		);
		Ok(())
	}

	#[benchmark]
	fn renew(p: Linear<0, { T::MaxPayloadLen::get() }>) -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let old = single::<T>(&setup, 0)?;
		let payload: PayloadOf<T> =
			alloc::vec![7u8; p as usize].try_into().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.issuer), old, terms(1, setup.holder_id), Some(payload));
		assert!(Certificates::<T>::get(old).is_some_and(|r| r.superseded_by.is_some()));
		Ok(())
	}

	#[benchmark]
	fn grant() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let (id, membership) = batched::<T>(&setup)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.holder), id, setup.verifier_id, Moment::MAX, Some(membership));
		assert!(Grants::<T>::contains_key(id, setup.verifier_id));
		Ok(())
	}

	#[benchmark]
	fn ungrant() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let (id, membership) = batched::<T>(&setup)?;
		Pallet::<T>::grant(
			RawOrigin::Signed(setup.holder.clone()).into(),
			id,
			setup.verifier_id,
			Moment::MAX,
			Some(membership.clone()),
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.holder), id, setup.verifier_id, Some(membership));
		assert!(!Grants::<T>::contains_key(id, setup.verifier_id));
		Ok(())
	}

	#[benchmark]
	fn record_verification() -> Result<(), BenchmarkError> {
		let setup = setup::<T>();
		let (id, membership) = batched::<T>(&setup)?;
		Pallet::<T>::grant(
			RawOrigin::Signed(setup.holder.clone()).into(),
			id,
			setup.verifier_id,
			Moment::MAX,
			Some(membership.clone()),
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(setup.verifier), id, 1, Some(membership));
		assert_eq!(VerificationCount::<T>::get(id), 1);
		Ok(())
	}

	/// Settling the certificate tree when a block ends, in a tree as deep
	/// as it can grow (room for 2^32 leaves): `n` leaves appended at its far
	/// edge, and `c` existing leaves changed, spread so that their paths
	/// share as few nodes as they can. Missing nodes read as zero, so the
	/// tree's paths are read and written without the tree being built.
	#[benchmark]
	fn settle_tree(n: Linear<0, 1_000>, c: Linear<0, 1_000>) -> Result<(), BenchmarkError> {
		let first_new = (1u32 << (ecert_primitives::MAX_CERTIFICATE_TREE_DEPTH - 1)) + 1;
		let stride = first_new / c.max(1);
		let changed: alloc::vec::Vec<u32> =
			(0..c).map(|i| i * stride).chain(first_new..first_new + n).collect();
		LeafCount::<T>::put(first_new + n);
		ChangedLeaves::<T>::put(
			BoundedVec::try_from(changed).map_err(|_| BenchmarkError::Weightless)?,
		);
		#[block]
		{
			Pallet::<T>::settle_tree();
		}
		assert!(ChangedLeaves::<T>::get().is_empty());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

//! Benchmarks of the identity pallet's calls, each in its worst case.

use super::*;
use ecert_primitives::{KeyAgreementKey, SigningKey};
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sp_runtime::Saturating;

fn keys(n: u8) -> IdentityKeys {
	IdentityKeys {
		signing: SigningKey::Sr25519(sp_core_public(n)),
		key_agreement: KeyAgreementKey([n; 32].into()),
	}
}

fn sp_core_public(n: u8) -> ecert_primitives::Sr25519Public {
	ecert_primitives::Sr25519Public::from_raw([n; 32])
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let account: T::AccountId = account(name, index, 0);
	// Enough for many deposits, and small enough that several funded
	// accounts do not overflow the total issuance.
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::RegistrationDeposit::get().saturating_mul(1_000u32.into()));
	T::Currency::set_balance(&account, amount);
	account
}

/// Fills the registrar set to its bound, with `registrar` in it.
fn registrars<T: Config>(registrar: &T::AccountId) {
	let mut set = BoundedBTreeSet::new();
	let _ = set.try_insert(registrar.clone());
	let mut index = 1;
	while (set.len() as u32) < T::MaxRegistrars::get() {
		let _ = set.try_insert(account("registrar", index, 0));
		index += 1;
	}
	Registrars::<T>::put(set);
}

fn identity_id(n: u8) -> IdentityId {
	IdentityId([n; 32].into())
}

/// A registrar that approved a holder as identity 1, and a new account for
/// that holder.
fn holder_and_registrar<T: Config>() -> Result<(T::AccountId, T::AccountId), BenchmarkError>
where
	T::Currency: Mutate<T::AccountId>,
{
	let registrar = funded::<T>("registrar", 0);
	registrars::<T>(&registrar);
	let holder = funded::<T>("holder", 0);
	Pallet::<T>::do_request_registration(holder.clone(), keys(1), Role::Holder)?;
	Pallet::<T>::do_approve(registrar.clone(), holder, identity_id(1))?;
	Ok((registrar, account("new", 0, 0)))
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn request_registration() {
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), keys(1), Role::Holder);
		assert!(Requests::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn cancel_request() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::do_request_registration(caller.clone(), keys(1), Role::Holder)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));
		assert!(!Requests::<T>::contains_key(&caller));
		Ok(())
	}

	#[benchmark]
	fn approve() -> Result<(), BenchmarkError> {
		let registrar = funded::<T>("registrar", 0);
		registrars::<T>(&registrar);
		let applicant = funded::<T>("applicant", 0);
		Pallet::<T>::do_request_registration(applicant.clone(), keys(1), Role::Holder)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), applicant.clone(), identity_id(1));
		assert_eq!(IdentityOf::<T>::get(&applicant), Some(identity_id(1)));
		Ok(())
	}

	#[benchmark]
	fn reject() -> Result<(), BenchmarkError> {
		let registrar = funded::<T>("registrar", 0);
		registrars::<T>(&registrar);
		let applicant = funded::<T>("applicant", 0);
		Pallet::<T>::do_request_registration(applicant.clone(), keys(1), Role::Holder)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), applicant.clone());
		assert!(!Requests::<T>::contains_key(&applicant));
		Ok(())
	}

	#[benchmark]
	fn rotate_keys() -> Result<(), BenchmarkError> {
		let registrar = funded::<T>("registrar", 0);
		let holder = funded::<T>("holder", 0);
		Pallet::<T>::do_request_registration(holder.clone(), keys(1), Role::Holder)?;
		Pallet::<T>::do_approve(registrar, holder.clone(), identity_id(1))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), keys(2));
		assert_eq!(Identities::<T>::get(identity_id(1)).map(|r| r.keys), Some(keys(2)));
		Ok(())
	}

	#[benchmark]
	fn deactivate() -> Result<(), BenchmarkError> {
		let registrar = funded::<T>("registrar", 0);
		let holder = funded::<T>("holder", 0);
		Pallet::<T>::do_request_registration(holder.clone(), keys(1), Role::Holder)?;
		Pallet::<T>::do_approve(registrar, holder.clone(), identity_id(1))?;
		let origin = T::IdentityAuthority::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, identity_id(1));
		assert!(!Identities::<T>::get(identity_id(1)).is_some_and(|r| r.is_active()));
		Ok(())
	}

	#[benchmark]
	fn add_registrar() -> Result<(), BenchmarkError> {
		let mut set = BoundedBTreeSet::new();
		for index in 1..T::MaxRegistrars::get() {
			let _ = set.try_insert(account("registrar", index, 0));
		}
		Registrars::<T>::put(set);
		let registrar: T::AccountId = account("registrar", 0, 0);
		let origin = T::IdentityAuthority::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, registrar.clone());
		assert!(Registrars::<T>::get().contains(&registrar));
		Ok(())
	}

	#[benchmark]
	fn remove_registrar() -> Result<(), BenchmarkError> {
		let registrar: T::AccountId = account("registrar", 0, 0);
		registrars::<T>(&registrar);
		let origin = T::IdentityAuthority::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, registrar.clone());
		assert!(!Registrars::<T>::get().contains(&registrar));
		Ok(())
	}

	#[benchmark]
	fn start_recovery() -> Result<(), BenchmarkError> {
		let (registrar, new_account) = holder_and_registrar::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), identity_id(1), new_account, keys(2));
		assert!(Recoveries::<T>::contains_key(identity_id(1)));
		Ok(())
	}

	#[benchmark]
	fn cancel_recovery() -> Result<(), BenchmarkError> {
		// A registrar withdraws it: the identity's account is checked
		// first, then the whole registrar set.
		let (registrar, new_account) = holder_and_registrar::<T>()?;
		Pallet::<T>::do_start_recovery(registrar.clone(), identity_id(1), new_account, keys(2))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), identity_id(1));
		assert!(!Recoveries::<T>::contains_key(identity_id(1)));
		Ok(())
	}

	#[benchmark]
	fn claim_recovery() -> Result<(), BenchmarkError> {
		let (registrar, new_account) = holder_and_registrar::<T>()?;
		Pallet::<T>::do_start_recovery(registrar, identity_id(1), new_account.clone(), keys(2))?;
		let due =
			frame_system::Pallet::<T>::block_number().saturating_add(RecoveryDelay::<T>::get());
		frame_system::Pallet::<T>::set_block_number(due);
		#[extrinsic_call]
		_(RawOrigin::Signed(new_account.clone()), identity_id(1));
		assert_eq!(IdentityOf::<T>::get(&new_account), Some(identity_id(1)));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}

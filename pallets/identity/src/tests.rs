//! One module per call: a success and the failures of each.

use crate::{mock::*, Error, Event, HoldReason, Identities, IdentityOf, Registrars, Requests};
use ecert_primitives::{IdentityInspect, IdentityStatus, Role};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::DispatchError;

fn request(account: u64, n: u8, role: Role) {
	assert_ok!(Identity::request_registration(RuntimeOrigin::signed(account), keys(n), role));
}

fn register(account: u64, n: u8) {
	request(account, n, Role::Holder);
	assert_ok!(Identity::approve(RuntimeOrigin::signed(REGISTRAR), account, id(n)));
}

fn held(account: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::Registration.into(), &account)
}

mod request_registration {
	use super::*;

	#[test]
	fn holds_the_deposit_and_records_the_request() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Issuer);
			let stored = Requests::<Test>::get(ALICE).unwrap();
			assert_eq!(
				(stored.keys, stored.role, stored.deposit, stored.requested_at),
				(keys(1), Role::Issuer, DEPOSIT, 1)
			);
			assert_eq!(held(ALICE), DEPOSIT);
			assert_eq!(
				last_event(),
				Event::RegistrationRequested {
					account: ALICE,
					role: Role::Issuer,
					deposit: DEPOSIT
				}
			);
		});
	}

	#[test]
	fn fails_twice_without_funds_or_when_registered() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Holder);
			assert_noop!(
				Identity::request_registration(RuntimeOrigin::signed(ALICE), keys(1), Role::Holder),
				Error::<Test>::AlreadyRequested
			);
			assert_noop!(
				Identity::request_registration(RuntimeOrigin::signed(POOR), keys(2), Role::Holder),
				Error::<Test>::InsufficientBalance
			);
			register(BOB, 3);
			assert_noop!(
				Identity::request_registration(RuntimeOrigin::signed(BOB), keys(3), Role::Holder),
				Error::<Test>::AlreadyRegistered
			);
		});
	}
}

mod cancel_request {
	use super::*;

	#[test]
	fn releases_the_deposit() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Holder);
			assert_ok!(Identity::cancel_request(RuntimeOrigin::signed(ALICE)));
			assert!(Requests::<Test>::get(ALICE).is_none());
			assert_eq!(held(ALICE), 0);
			assert_eq!(Balances::balance(&ALICE), 1_000);
			assert_eq!(last_event(), Event::RequestCancelled { account: ALICE });
		});
	}

	#[test]
	fn fails_without_a_request() {
		new_test_ext(|| {
			assert_noop!(
				Identity::cancel_request(RuntimeOrigin::signed(ALICE)),
				Error::<Test>::NoRequest
			);
		});
	}
}

mod approve {
	use super::*;

	#[test]
	fn registers_the_identity_and_releases_the_deposit() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Verifier);
			assert_ok!(Identity::approve(RuntimeOrigin::signed(REGISTRAR), ALICE, id(1)));
			let record = Identities::<Test>::get(id(1)).unwrap();
			assert_eq!(record.account, ALICE);
			assert_eq!(record.keys, keys(1));
			assert_eq!(record.role, Role::Verifier);
			assert_eq!(record.status, IdentityStatus::Active);
			assert_eq!(IdentityOf::<Test>::get(ALICE), Some(id(1)));
			assert!(Requests::<Test>::get(ALICE).is_none());
			assert_eq!(held(ALICE), 0);
			assert_eq!(Balances::balance(&ALICE), 1_000);
			assert_eq!(
				Identity::role_and_status(&id(1)),
				Some((Role::Verifier, IdentityStatus::Active))
			);
			assert_eq!(
				last_event(),
				Event::IdentityRegistered {
					id: id(1),
					account: ALICE,
					role: Role::Verifier,
					registrar: REGISTRAR
				}
			);
		});
	}

	#[test]
	fn refuses_a_duplicate_identity_id() {
		new_test_ext(|| {
			register(ALICE, 1);
			request(BOB, 2, Role::Holder);
			assert_noop!(
				Identity::approve(RuntimeOrigin::signed(REGISTRAR), BOB, id(1)),
				Error::<Test>::IdentityIdTaken
			);
		});
	}

	#[test]
	fn only_registrars_approve_pending_requests() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Holder);
			assert_noop!(
				Identity::approve(RuntimeOrigin::signed(BOB), ALICE, id(1)),
				Error::<Test>::NotRegistrar
			);
			assert_noop!(
				Identity::approve(RuntimeOrigin::signed(REGISTRAR), BOB, id(2)),
				Error::<Test>::NoRequest
			);
		});
	}
}

mod reject {
	use super::*;

	#[test]
	fn burns_the_deposit() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Holder);
			let issuance = Balances::total_issuance();
			assert_ok!(Identity::reject(RuntimeOrigin::signed(REGISTRAR), ALICE));
			assert!(Requests::<Test>::get(ALICE).is_none());
			assert_eq!(held(ALICE), 0);
			assert_eq!(Balances::balance(&ALICE), 1_000 - DEPOSIT);
			assert_eq!(Balances::total_issuance(), issuance - DEPOSIT);
			assert_eq!(
				last_event(),
				Event::RegistrationRejected {
					account: ALICE,
					registrar: REGISTRAR,
					deposit: DEPOSIT
				}
			);
		});
	}

	#[test]
	fn fails_for_strangers_and_without_a_request() {
		new_test_ext(|| {
			request(ALICE, 1, Role::Holder);
			assert_noop!(
				Identity::reject(RuntimeOrigin::signed(ALICE), ALICE),
				Error::<Test>::NotRegistrar
			);
			assert_noop!(
				Identity::reject(RuntimeOrigin::signed(REGISTRAR), BOB),
				Error::<Test>::NoRequest
			);
		});
	}
}

mod rotate_keys {
	use super::*;

	#[test]
	fn keeps_the_id() {
		new_test_ext(|| {
			register(ALICE, 1);
			System::set_block_number(5);
			assert_ok!(Identity::rotate_keys(RuntimeOrigin::signed(ALICE), keys(9)));
			let record = Identities::<Test>::get(id(1)).unwrap();
			assert_eq!((record.keys, record.updated_at, record.registered_at), (keys(9), 5, 1));
			assert_eq!(IdentityOf::<Test>::get(ALICE), Some(id(1)));
			assert_eq!(last_event(), Event::KeysRotated { id: id(1) });
		});
	}

	#[test]
	fn fails_without_an_active_identity() {
		new_test_ext(|| {
			assert_noop!(
				Identity::rotate_keys(RuntimeOrigin::signed(ALICE), keys(9)),
				Error::<Test>::NotFound
			);
			register(ALICE, 1);
			assert_ok!(Identity::deactivate(RuntimeOrigin::signed(ALICE), id(1)));
			assert_noop!(
				Identity::rotate_keys(RuntimeOrigin::signed(ALICE), keys(9)),
				Error::<Test>::Deactivated
			);
		});
	}
}

mod deactivate {
	use super::*;

	#[test]
	fn by_the_authority_or_the_owner_is_final() {
		new_test_ext(|| {
			register(ALICE, 1);
			register(BOB, 2);
			assert_ok!(Identity::deactivate(RuntimeOrigin::root(), id(1)));
			assert_eq!(last_event(), Event::IdentityDeactivated { id: id(1), by_authority: true });
			assert_ok!(Identity::deactivate(RuntimeOrigin::signed(BOB), id(2)));
			assert_eq!(last_event(), Event::IdentityDeactivated { id: id(2), by_authority: false });
			assert_eq!(Identities::<Test>::get(id(1)).unwrap().status, IdentityStatus::Deactivated);
		});
	}

	#[test]
	fn a_deactivated_id_can_never_be_registered_again() {
		new_test_ext(|| {
			register(ALICE, 1);
			assert_ok!(Identity::deactivate(RuntimeOrigin::root(), id(1)));
			request(BOB, 1, Role::Holder);
			assert_noop!(
				Identity::approve(RuntimeOrigin::signed(REGISTRAR), BOB, id(1)),
				Error::<Test>::IdentityIdTaken
			);
			assert_noop!(
				Identity::deactivate(RuntimeOrigin::root(), id(1)),
				Error::<Test>::Deactivated
			);
		});
	}

	#[test]
	fn fails_for_strangers_and_unknown_ids() {
		new_test_ext(|| {
			register(ALICE, 1);
			assert_noop!(
				Identity::deactivate(RuntimeOrigin::signed(BOB), id(1)),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Identity::deactivate(RuntimeOrigin::root(), id(7)),
				Error::<Test>::NotFound
			);
			assert_noop!(
				Identity::deactivate(RuntimeOrigin::none(), id(1)),
				DispatchError::BadOrigin
			);
		});
	}
}

mod add_registrar {
	use super::*;

	#[test]
	fn appoints_a_registrar() {
		new_test_ext(|| {
			assert_ok!(Identity::add_registrar(RuntimeOrigin::root(), ALICE));
			assert!(Registrars::<Test>::get().contains(&ALICE));
			assert_eq!(last_event(), Event::RegistrarAdded { registrar: ALICE });
			request(BOB, 2, Role::Holder);
			assert_ok!(Identity::approve(RuntimeOrigin::signed(ALICE), BOB, id(2)));
		});
	}

	#[test]
	fn fails_for_non_authority_duplicates_and_beyond_the_bound() {
		new_test_ext(|| {
			assert_noop!(
				Identity::add_registrar(RuntimeOrigin::signed(ALICE), ALICE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Identity::add_registrar(RuntimeOrigin::root(), REGISTRAR),
				Error::<Test>::AlreadyRegistrar
			);
			assert_ok!(Identity::add_registrar(RuntimeOrigin::root(), ALICE));
			assert_noop!(
				Identity::add_registrar(RuntimeOrigin::root(), BOB),
				Error::<Test>::TooManyRegistrars
			);
		});
	}
}

mod remove_registrar {
	use super::*;

	#[test]
	fn removes_the_registrar() {
		new_test_ext(|| {
			assert_ok!(Identity::remove_registrar(RuntimeOrigin::root(), REGISTRAR));
			assert!(Registrars::<Test>::get().is_empty());
			assert_eq!(last_event(), Event::RegistrarRemoved { registrar: REGISTRAR });
			request(ALICE, 1, Role::Holder);
			assert_noop!(
				Identity::approve(RuntimeOrigin::signed(REGISTRAR), ALICE, id(1)),
				Error::<Test>::NotRegistrar
			);
		});
	}

	#[test]
	fn fails_for_non_authority_and_unknown_registrars() {
		new_test_ext(|| {
			assert_noop!(
				Identity::remove_registrar(RuntimeOrigin::signed(REGISTRAR), REGISTRAR),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Identity::remove_registrar(RuntimeOrigin::root(), ALICE),
				Error::<Test>::NotRegistrar
			);
		});
	}
}

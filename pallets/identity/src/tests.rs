//! One module per call: a success and the failures of each.

use crate::{
	mock::*, Error, Event, HoldReason, Identities, IdentityOf, Recoveries, Registrars, Requests,
};
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

/// Starts the recovery of `n`'s identity (held by ALICE) to BOB with keys
/// `n + 1`.
fn start_recovery(n: u8) {
	assert_ok!(Identity::start_recovery(RuntimeOrigin::signed(REGISTRAR), id(n), BOB, keys(n + 1)));
}

mod start_recovery {
	use super::*;

	#[test]
	fn records_the_recovery_and_tells_both_accounts() {
		new_test_ext(|| {
			register(ALICE, 1);
			start_recovery(1);
			let recovery = Recoveries::<Test>::get(id(1)).unwrap();
			assert_eq!(
				(recovery.new_account, recovery.new_keys, recovery.claimable_at),
				(BOB, keys(2), 1 + RECOVERY_DELAY)
			);
			assert_eq!(
				last_event(),
				Event::RecoveryStarted {
					id: id(1),
					old_account: ALICE,
					new_account: BOB,
					registrar: REGISTRAR,
					claimable_at: 1 + RECOVERY_DELAY,
				}
			);
			// Until claimed, the identity stays with its account.
			assert_eq!(IdentityOf::<Test>::get(ALICE), Some(id(1)));
		});
	}

	#[test]
	fn needs_a_registrar_a_live_identity_and_a_free_new_account() {
		new_test_ext(|| {
			register(ALICE, 1);
			let start = |who: u64, n: u8, to: u64| {
				Identity::start_recovery(RuntimeOrigin::signed(who), id(n), to, keys(9))
			};
			assert_noop!(start(BOB, 1, BOB), Error::<Test>::NotRegistrar);
			assert_noop!(start(REGISTRAR, 7, BOB), Error::<Test>::NotFound);
			assert_noop!(start(REGISTRAR, 1, ALICE), Error::<Test>::SameAccount);
			request(BOB, 3, Role::Holder);
			assert_noop!(start(REGISTRAR, 1, BOB), Error::<Test>::AlreadyRequested);
			assert_ok!(Identity::approve(RuntimeOrigin::signed(REGISTRAR), BOB, id(3)));
			assert_noop!(start(REGISTRAR, 1, BOB), Error::<Test>::AlreadyRegistered);
			assert_ok!(start(REGISTRAR, 1, POOR));
			assert_noop!(start(REGISTRAR, 1, POOR), Error::<Test>::RecoveryInProgress);
			assert_ok!(Identity::deactivate(RuntimeOrigin::root(), id(3)));
			assert_noop!(start(REGISTRAR, 3, POOR), Error::<Test>::Deactivated);
		});
	}
}

mod cancel_recovery {
	use super::*;

	#[test]
	fn the_old_account_vetoes_it_and_both_are_told() {
		new_test_ext(|| {
			register(ALICE, 1);
			start_recovery(1);
			assert_ok!(Identity::cancel_recovery(RuntimeOrigin::signed(ALICE), id(1)));
			assert!(!Recoveries::<Test>::contains_key(id(1)));
			assert_eq!(
				last_event(),
				Event::RecoveryCancelled {
					id: id(1),
					old_account: ALICE,
					new_account: BOB,
					by: ALICE
				}
			);
			// A registrar may withdraw one too.
			start_recovery(1);
			assert_ok!(Identity::cancel_recovery(RuntimeOrigin::signed(REGISTRAR), id(1)));
			assert!(!Recoveries::<Test>::contains_key(id(1)));
		});
	}

	#[test]
	fn nobody_else_may_and_only_while_one_runs() {
		new_test_ext(|| {
			register(ALICE, 1);
			assert_noop!(
				Identity::cancel_recovery(RuntimeOrigin::signed(ALICE), id(1)),
				Error::<Test>::NoRecovery
			);
			start_recovery(1);
			// Not even the new account: it gains nothing by stopping it.
			assert_noop!(
				Identity::cancel_recovery(RuntimeOrigin::signed(BOB), id(1)),
				Error::<Test>::NotAuthorized
			);
		});
	}
}

mod claim_recovery {
	use super::*;

	#[test]
	fn after_the_delay_the_new_account_holds_the_same_identity() {
		new_test_ext(|| {
			register(ALICE, 1);
			start_recovery(1);
			System::set_block_number(1 + RECOVERY_DELAY);
			assert_ok!(Identity::claim_recovery(RuntimeOrigin::signed(BOB), id(1)));
			let record = Identities::<Test>::get(id(1)).unwrap();
			assert_eq!((record.account, record.keys), (BOB, keys(2)));
			assert_eq!(record.updated_at, 1 + RECOVERY_DELAY);
			assert_eq!(IdentityOf::<Test>::get(BOB), Some(id(1)));
			assert_eq!(IdentityOf::<Test>::get(ALICE), None);
			assert!(!Recoveries::<Test>::contains_key(id(1)));
			assert_eq!(
				last_event(),
				Event::IdentityRecovered { id: id(1), old_account: ALICE, new_account: BOB }
			);
			// The old account no longer acts for it.
			assert_noop!(
				Identity::rotate_keys(RuntimeOrigin::signed(ALICE), keys(5)),
				Error::<Test>::NotFound
			);
		});
	}

	#[test]
	fn only_the_new_account_only_when_due_and_never_after_a_veto() {
		new_test_ext(|| {
			register(ALICE, 1);
			start_recovery(1);
			let claim = |who: u64| Identity::claim_recovery(RuntimeOrigin::signed(who), id(1));
			System::set_block_number(RECOVERY_DELAY);
			assert_noop!(claim(BOB), Error::<Test>::RecoveryNotDue);
			System::set_block_number(1 + RECOVERY_DELAY);
			assert_noop!(claim(ALICE), Error::<Test>::NotAuthorized);
			assert_ok!(Identity::cancel_recovery(RuntimeOrigin::signed(ALICE), id(1)));
			assert_noop!(claim(BOB), Error::<Test>::NoRecovery);
			// A deactivated identity's recovery ends with it.
			start_recovery(1);
			assert_ok!(Identity::deactivate(RuntimeOrigin::root(), id(1)));
			assert!(!Recoveries::<Test>::contains_key(id(1)));
			assert_noop!(claim(BOB), Error::<Test>::NoRecovery);
		});
	}
}

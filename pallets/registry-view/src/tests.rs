//! One module per call, and the inspection traits.

use crate::{mock::*, Error, Event, Identities, IdentityOf, Issuers};
use ecert_primitives::{AccreditationStatus, IdentityInspect, IdentityStatus, IssuerInspect, Role};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

mod set_identity {
	use super::*;

	#[test]
	fn writes_the_identity_and_its_account_index() {
		new_test_ext(|| {
			assert_ok!(RegistryView::set_identity(
				RuntimeOrigin::root(),
				id(1),
				identity(10, Role::Holder)
			));
			assert_eq!(Identities::<Test>::get(id(1)), Some(identity(10, Role::Holder)));
			assert_eq!(RegistryView::identity_of(&10), Some(id(1)));
			assert_eq!(last_event(), Event::IdentityUpdated { id: id(1) });
			// A key rotation moves the record, and the account index with it.
			assert_ok!(RegistryView::set_identity(
				RuntimeOrigin::root(),
				id(1),
				identity(11, Role::Holder)
			));
			assert_eq!(IdentityOf::<Test>::get(10), None);
			assert_eq!(RegistryView::identity_of(&11), Some(id(1)));
		});
	}

	#[test]
	fn fails_for_a_taken_account_and_non_authority() {
		new_test_ext(|| {
			assert_ok!(RegistryView::set_identity(
				RuntimeOrigin::root(),
				id(1),
				identity(10, Role::Holder)
			));
			assert_noop!(
				RegistryView::set_identity(
					RuntimeOrigin::root(),
					id(2),
					identity(10, Role::Holder)
				),
				Error::<Test>::AccountTaken
			);
			assert_noop!(
				RegistryView::set_identity(
					RuntimeOrigin::signed(10),
					id(2),
					identity(12, Role::Holder)
				),
				DispatchError::BadOrigin
			);
		});
	}
}

mod set_issuer {
	use super::*;

	#[test]
	fn lets_the_issuer_account_issue_its_types() {
		new_test_ext(|| {
			assert_ok!(RegistryView::set_identity(
				RuntimeOrigin::root(),
				id(1),
				identity(10, Role::Issuer)
			));
			assert_ok!(RegistryView::set_issuer(
				RuntimeOrigin::root(),
				"NTU".parse().unwrap(),
				issuer(1, &["diploma"])
			));
			assert_eq!(last_event(), Event::IssuerUpdated { org_code: "NTU".parse().unwrap() });
			let ntu = "NTU".parse().unwrap();
			assert_eq!(RegistryView::organisation_of(&10), Some("NTU".parse().unwrap()));
			assert!(RegistryView::may_issue(&ntu, 5_000));
			assert!(!RegistryView::may_issue(&ntu, 10_000), "past the validity window");
			assert_eq!(RegistryView::payout_account(&ntu), Some(10));
		});
	}

	#[test]
	fn refuses_other_types_suspended_issuers_and_deactivated_identities() {
		new_test_ext(|| {
			let ntu = "NTU".parse().unwrap();
			assert_ok!(RegistryView::set_identity(
				RuntimeOrigin::root(),
				id(1),
				identity(10, Role::Issuer)
			));
			assert_ok!(RegistryView::set_issuer(
				RuntimeOrigin::root(),
				"NTU".parse().unwrap(),
				issuer(1, &["license"])
			));
			assert!(!RegistryView::may_issue(&ntu, 5_000), "accredited for another type");
			let mut suspended = issuer(1, &["diploma"]);
			suspended.status = AccreditationStatus::Suspended;
			assert_ok!(RegistryView::set_issuer(
				RuntimeOrigin::root(),
				"NTU".parse().unwrap(),
				suspended
			));
			assert!(!RegistryView::may_issue(&ntu, 5_000), "suspended");
			assert_ok!(RegistryView::set_issuer(
				RuntimeOrigin::root(),
				"NTU".parse().unwrap(),
				issuer(1, &["diploma"])
			));
			let mut gone = identity(10, Role::Issuer);
			gone.status = IdentityStatus::Deactivated;
			assert_ok!(RegistryView::set_identity(RuntimeOrigin::root(), id(1), gone));
			assert!(!RegistryView::may_issue(&ntu, 5_000), "identity deactivated");
			assert!(!RegistryView::may_issue(&"OTHER".parse().unwrap(), 5_000), "unknown");
			assert_eq!(Issuers::<Test>::iter().count(), 1);
		});
	}

	#[test]
	fn fails_for_a_taken_identity_and_non_authority() {
		new_test_ext(|| {
			assert_ok!(RegistryView::set_issuer(
				RuntimeOrigin::root(),
				"NTU".parse().unwrap(),
				issuer(1, &["diploma"])
			));
			assert_noop!(
				RegistryView::set_issuer(
					RuntimeOrigin::root(),
					"NCKU".parse().unwrap(),
					issuer(1, &["diploma"])
				),
				Error::<Test>::IdentityTaken
			);
			assert_noop!(
				RegistryView::set_issuer(
					RuntimeOrigin::signed(1),
					"NCKU".parse().unwrap(),
					issuer(2, &["diploma"])
				),
				DispatchError::BadOrigin
			);
		});
	}
}

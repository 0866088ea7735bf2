//! One module per call: a success and the failures of each.

use crate::{
	mock::*, CertificateTypeList, Error, Event, History, Issuers as Accreditations, OrganisationOf,
};
use ecert_primitives::{
	AccreditationStatus, AllowedTypes, IdentityId, IdentityStatus, IssuerChangeKind, Role,
};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

fn types(names: &[&str]) -> CertificateTypeList {
	names.iter().map(|n| n.parse().unwrap()).collect::<Vec<_>>().try_into().unwrap()
}

fn allowed(names: &[&str]) -> AllowedTypes {
	names
		.iter()
		.map(|n| n.parse().unwrap())
		.collect::<std::collections::BTreeSet<_>>()
		.try_into()
		.unwrap()
}

fn accredit_ntu() {
	assert_ok!(Issuers::accredit(
		RuntimeOrigin::root(),
		org("NTU"),
		name("National Taiwan University"),
		university(),
		types(&["diploma"]),
		None,
		None,
		reason("Ministry decision 115-001")
	));
}

fn status() -> AccreditationStatus {
	Accreditations::<Test>::get(org("NTU")).unwrap().status
}

fn history_kinds() -> Vec<IssuerChangeKind> {
	let changes = Accreditations::<Test>::get(org("NTU")).unwrap().changes;
	(0..changes).map(|i| History::<Test>::get(org("NTU"), i).unwrap().kind).collect()
}

mod accredit {
	use super::*;

	#[test]
	fn records_the_accreditation_and_its_first_history_entry() {
		new_test_ext(|| {
			assert_ok!(Issuers::accredit(
				RuntimeOrigin::root(),
				org("NTU"),
				name("National Taiwan University"),
				university(),
				types(&["license", "diploma"]),
				Some(500),
				Some(9_000),
				reason("Ministry decision 115-001")
			));
			let record = Accreditations::<Test>::get(org("NTU")).unwrap();
			assert_eq!(record.name, name("National Taiwan University"));
			assert_eq!(record.identity, university());
			assert_eq!(record.certificate_types, allowed(&["diploma", "license"]));
			assert_eq!((record.valid_from, record.valid_until), (Some(500), Some(9_000)));
			assert_eq!(record.status, AccreditationStatus::Active);
			assert_eq!((record.accredited_at, record.changes), (1, 1));
			assert!(record.may_issue(&"diploma".parse().unwrap(), 1_000));
			let entry = History::<Test>::get(org("NTU"), 0).unwrap();
			assert_eq!(entry.kind, IssuerChangeKind::Accredited);
			assert_eq!(entry.reason, reason("Ministry decision 115-001"));
			assert_eq!((entry.block, entry.time), (1, 1_000));
			assert_eq!(
				last_event(),
				Event::IssuerAccredited {
					org_code: org("NTU"),
					identity: university(),
					certificate_types: allowed(&["diploma", "license"])
				}
			);
		});
	}

	#[test]
	fn checks_the_identity() {
		new_test_ext(|| {
			let accredit = |identity: IdentityId| {
				Issuers::accredit(
					RuntimeOrigin::root(),
					org("NTU"),
					name("NTU"),
					identity,
					types(&["diploma"]),
					None,
					None,
					reason("r"),
				)
			};
			assert_noop!(
				accredit(IdentityId(H256::repeat_byte(9))),
				Error::<Test>::UnknownIdentity
			);
			let holder = IdentityId(H256::repeat_byte(2));
			set_identity(holder, Role::Holder, IdentityStatus::Active);
			assert_noop!(accredit(holder), Error::<Test>::NotAnIssuerIdentity);
			let gone = IdentityId(H256::repeat_byte(3));
			set_identity(gone, Role::Issuer, IdentityStatus::Deactivated);
			assert_noop!(accredit(gone), Error::<Test>::IdentityDeactivated);
		});
	}

	#[test]
	fn checks_the_terms_the_code_and_the_origin() {
		new_test_ext(|| {
			let accredit = |origin, list: &[&str], from, until| {
				Issuers::accredit(
					origin,
					org("NTU"),
					name("NTU"),
					university(),
					types(list),
					from,
					until,
					reason("r"),
				)
			};
			assert_noop!(
				accredit(RuntimeOrigin::root(), &[], None, None),
				Error::<Test>::NoCertificateTypes
			);
			assert_noop!(
				accredit(RuntimeOrigin::root(), &["marriage"], None, None),
				Error::<Test>::UnknownCertificateType
			);
			assert_noop!(
				accredit(RuntimeOrigin::root(), &["diploma", "diploma"], None, None),
				Error::<Test>::DuplicateCertificateType
			);
			assert_noop!(
				accredit(RuntimeOrigin::root(), &["diploma"], Some(5), Some(5)),
				Error::<Test>::BadValidityWindow
			);
			assert_noop!(
				accredit(RuntimeOrigin::signed(1), &["diploma"], None, None),
				DispatchError::BadOrigin
			);
			accredit_ntu();
			assert_noop!(
				accredit(RuntimeOrigin::root(), &["diploma"], None, None),
				Error::<Test>::AlreadyExists
			);
		});
	}
}

mod one_organisation_per_identity {
	use super::*;
	use codec::{Decode, Encode};

	fn accredit_as(code: &str) -> sp_runtime::DispatchResult {
		Issuers::accredit(
			RuntimeOrigin::root(),
			org(code),
			name("NTU"),
			university(),
			types(&["diploma"]),
			None,
			None,
			reason("r"),
		)
	}

	#[test]
	fn an_identity_holds_one_accreditation_until_it_is_revoked() {
		new_test_ext(|| {
			accredit_ntu();
			assert_eq!(OrganisationOf::<Test>::get(university()), Some(org("NTU")));
			assert_noop!(accredit_as("NTU-2"), Error::<Test>::IdentityAlreadyAccredited);
			// Suspended is not revoked: still the identity's organisation.
			assert_ok!(Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("audit")));
			assert_noop!(accredit_as("NTU-2"), Error::<Test>::IdentityAlreadyAccredited);
			assert_ok!(Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("merged")));
			assert_eq!(OrganisationOf::<Test>::get(university()), None);
			assert_ok!(accredit_as("NTU-2"));
			assert_eq!(OrganisationOf::<Test>::get(university()), Some(org("NTU-2")));
		});
	}

	#[test]
	fn a_call_with_a_malformed_organisation_code_does_not_decode() {
		let call = RuntimeCall::Issuers(crate::Call::accredit {
			org_code: org("NTU"),
			name: name("NTU"),
			identity: university(),
			certificate_types: types(&["diploma"]),
			valid_from: None,
			valid_until: None,
			reason: reason("r"),
		});
		let mut bytes = call.encode();
		// The code's bytes follow the pallet and call indexes and the length.
		let at = bytes.windows(3).position(|w| w == b"NTU").unwrap();
		bytes[at..at + 3].copy_from_slice(b"ntu");
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_err(), "lower case is not an org code");
		bytes[at..at + 3].copy_from_slice(b"NTU");
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
	}
}

mod update {
	use super::*;

	#[test]
	fn replaces_the_terms_and_keeps_history() {
		new_test_ext(|| {
			accredit_ntu();
			System::set_block_number(4);
			set_now(2_000);
			assert_ok!(Issuers::update(
				RuntimeOrigin::root(),
				org("NTU"),
				types(&["diploma", "license"]),
				None,
				Some(10_000),
				reason("adds licences")
			));
			let record = Accreditations::<Test>::get(org("NTU")).unwrap();
			assert_eq!(record.certificate_types, allowed(&["diploma", "license"]));
			assert_eq!(record.valid_until, Some(10_000));
			assert_eq!(
				history_kinds(),
				vec![IssuerChangeKind::Accredited, IssuerChangeKind::Updated]
			);
			let entry = History::<Test>::get(org("NTU"), 1).unwrap();
			assert_eq!((entry.block, entry.time), (4, 2_000));
			assert_eq!(
				last_event(),
				Event::IssuerUpdated {
					org_code: org("NTU"),
					certificate_types: allowed(&["diploma", "license"]),
					reason: reason("adds licences")
				}
			);
		});
	}

	#[test]
	fn fails_for_unknown_revoked_or_bad_terms() {
		new_test_ext(|| {
			let update = |list: &[&str]| {
				Issuers::update(
					RuntimeOrigin::root(),
					org("NTU"),
					types(list),
					None,
					None,
					reason("r"),
				)
			};
			assert_noop!(update(&["diploma"]), Error::<Test>::NotFound);
			accredit_ntu();
			assert_noop!(update(&["marriage"]), Error::<Test>::UnknownCertificateType);
			assert_noop!(
				Issuers::update(
					RuntimeOrigin::signed(1),
					org("NTU"),
					types(&["diploma"]),
					None,
					None,
					reason("r")
				),
				DispatchError::BadOrigin
			);
			assert_ok!(Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("closed")));
			assert_noop!(update(&["diploma"]), Error::<Test>::Revoked);
		});
	}
}

mod suspend {
	use super::*;

	#[test]
	fn stops_issuing() {
		new_test_ext(|| {
			accredit_ntu();
			assert_ok!(Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("audit")));
			assert_eq!(status(), AccreditationStatus::Suspended);
			let record = Accreditations::<Test>::get(org("NTU")).unwrap();
			assert!(!record.may_issue(&"diploma".parse().unwrap(), 1_000));
			assert_eq!(
				history_kinds(),
				vec![IssuerChangeKind::Accredited, IssuerChangeKind::Suspended]
			);
			assert_eq!(
				last_event(),
				Event::IssuerSuspended { org_code: org("NTU"), reason: reason("audit") }
			);
		});
	}

	#[test]
	fn fails_unless_active() {
		new_test_ext(|| {
			assert_noop!(
				Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("audit")),
				Error::<Test>::NotFound
			);
			accredit_ntu();
			assert_noop!(
				Issuers::suspend(RuntimeOrigin::signed(1), org("NTU"), reason("audit")),
				DispatchError::BadOrigin
			);
			assert_ok!(Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("audit")));
			assert_noop!(
				Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("again")),
				Error::<Test>::NotActive
			);
		});
	}
}

mod reinstate {
	use super::*;

	#[test]
	fn lets_a_suspended_issuer_issue_again() {
		new_test_ext(|| {
			accredit_ntu();
			assert_ok!(Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("audit")));
			assert_ok!(Issuers::reinstate(
				RuntimeOrigin::root(),
				org("NTU"),
				reason("audit passed")
			));
			assert_eq!(status(), AccreditationStatus::Active);
			assert_eq!(
				history_kinds(),
				vec![
					IssuerChangeKind::Accredited,
					IssuerChangeKind::Suspended,
					IssuerChangeKind::Reinstated
				]
			);
			assert_eq!(
				last_event(),
				Event::IssuerReinstated { org_code: org("NTU"), reason: reason("audit passed") }
			);
		});
	}

	#[test]
	fn fails_unless_suspended() {
		new_test_ext(|| {
			assert_noop!(
				Issuers::reinstate(RuntimeOrigin::root(), org("NTU"), reason("r")),
				Error::<Test>::NotFound
			);
			accredit_ntu();
			assert_noop!(
				Issuers::reinstate(RuntimeOrigin::root(), org("NTU"), reason("r")),
				Error::<Test>::NotSuspended
			);
			assert_ok!(Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("closed")));
			assert_noop!(
				Issuers::reinstate(RuntimeOrigin::root(), org("NTU"), reason("r")),
				Error::<Test>::NotSuspended
			);
			assert_noop!(
				Issuers::reinstate(RuntimeOrigin::signed(1), org("NTU"), reason("r")),
				DispatchError::BadOrigin
			);
		});
	}
}

mod revoke {
	use super::*;

	#[test]
	fn is_final_and_keeps_the_record() {
		new_test_ext(|| {
			accredit_ntu();
			assert_ok!(Issuers::suspend(RuntimeOrigin::root(), org("NTU"), reason("audit")));
			assert_ok!(Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("closed")));
			assert_eq!(status(), AccreditationStatus::Revoked);
			assert_eq!(history_kinds().last(), Some(&IssuerChangeKind::Revoked));
			assert_eq!(
				last_event(),
				Event::IssuerRevoked { org_code: org("NTU"), reason: reason("closed") }
			);
		});
	}

	#[test]
	fn fails_twice_or_for_unknown_codes() {
		new_test_ext(|| {
			assert_noop!(
				Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("r")),
				Error::<Test>::NotFound
			);
			accredit_ntu();
			assert_noop!(
				Issuers::revoke(RuntimeOrigin::signed(1), org("NTU"), reason("r")),
				DispatchError::BadOrigin
			);
			assert_ok!(Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("r")));
			assert_noop!(
				Issuers::revoke(RuntimeOrigin::root(), org("NTU"), reason("r")),
				Error::<Test>::Revoked
			);
		});
	}
}

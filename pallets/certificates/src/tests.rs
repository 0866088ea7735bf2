//! One module per call: a success and the failures of each.

use crate::{
	mock::*, AuthoritySuspensions, BatchedStatuses, Certificates as Records, CertificatesOf,
	ChangeCount, Changes, Error, Event, GrantCount, Grants, Issued, VerificationCount,
	Verifications,
};
use ecert_primitives::{
	batch_membership, batch_root, AccreditationStatus, BatchLeaf, CertificateId, CertificateStatus,
	ChangeKind, DocumentRef, Role, TxRef,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::H256;
use sp_runtime::DispatchError;

fn diploma() -> ecert_primitives::CertificateTypeId {
	"diploma".parse().unwrap()
}

fn id_of(org: &str, number: &str) -> CertificateId {
	CertificateId::derive(&diploma(), &org.parse().unwrap(), &number.parse().unwrap())
}

fn issue(number: &str) -> CertificateId {
	assert_ok!(Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), terms(number), None));
	id_of("NTU", number)
}

fn leaves(count: u32) -> Vec<BatchLeaf> {
	(0..count)
		.map(|i| BatchLeaf {
			number: format!("B-{i}").parse().unwrap(),
			holder: identity(HOLDER),
			commitment: H256::repeat_byte(9),
			valid_from: 1_000,
			valid_until: None,
		})
		.collect()
}

fn issue_batch(count: u32) -> Vec<BatchLeaf> {
	let leaves = leaves(count);
	assert_ok!(Certificates::issue_batch(
		RuntimeOrigin::signed(NTU),
		batch_root(&leaves),
		count,
		terms("X").asset
	));
	leaves
}

fn status(id: CertificateId) -> CertificateStatus {
	Records::<Test>::get(id).unwrap().status
}

mod issue {
	use super::*;

	#[test]
	fn records_the_certificate_and_keeps_only_the_payload_hash() {
		new_test_ext(|| {
			let payload = b"sealed box bytes".to_vec();
			let mut with_document = terms("NTU-2026-0001");
			with_document.document = Some(DocumentRef {
				uri: b"https://ntu.example/d/1".to_vec().try_into().unwrap(),
				hash: H256::repeat_byte(0xd0),
			});
			assert_ok!(Certificates::issue(
				RuntimeOrigin::signed(NTU),
				diploma(),
				with_document.clone(),
				Some(payload.clone().try_into().unwrap())
			));
			let id = id_of("NTU", "NTU-2026-0001");
			let record = Records::<Test>::get(id).unwrap();
			assert_eq!(record.issuer, "NTU".parse().unwrap());
			assert_eq!(record.holder, identity(HOLDER));
			assert_eq!(record.commitment, H256::repeat_byte(0xc0));
			assert_eq!(record.document, with_document.document);
			assert_eq!(record.payload_hash, Some(H256(sp_crypto_hashing::blake2_256(&payload))));
			assert_eq!(record.status, CertificateStatus::Active);
			assert_eq!(record.issued, TxRef { block: 1, index: 0 });
			assert!(CertificatesOf::<Test>::contains_key(identity(HOLDER), id));
			assert_eq!(Issued::<Test>::get(1, 0), Some(ecert_primitives::Issued::Certificate(id)));
			assert_eq!(
				last_event(),
				Event::CertificateIssued {
					id,
					issuer: "NTU".parse().unwrap(),
					holder: identity(HOLDER)
				}
			);
		});
	}

	#[test]
	fn refuses_twice_wrong_type_strangers_and_bad_terms() {
		new_test_ext(|| {
			issue("N-1");
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), terms("N-1"), None),
				Error::<Test>::AlreadyIssued
			);
			assert_noop!(
				Certificates::issue(
					RuntimeOrigin::signed(NTU),
					"license".parse().unwrap(),
					terms("N-2"),
					None
				),
				Error::<Test>::WrongCertificateType
			);
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(STRANGER), diploma(), terms("N-2"), None),
				Error::<Test>::NotAnIssuer
			);
			assert_noop!(
				Certificates::issue(RuntimeOrigin::none(), diploma(), terms("N-2"), None),
				DispatchError::BadOrigin
			);
			let mut bad = terms("N-2");
			bad.valid_until = Some(1_000);
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), bad, None),
				Error::<Test>::BadValidity
			);
			let mut nobody = terms("N-2");
			nobody.holder = identity(STRANGER);
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), nobody, None),
				Error::<Test>::UnknownHolder
			);
			let mut bad_uri = terms("N-2");
			bad_uri.document =
				Some(DocumentRef { uri: vec![0xff].try_into().unwrap(), hash: H256::zero() });
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), bad_uri, None),
				Error::<Test>::BadDocumentUri
			);
		});
	}

	#[test]
	fn refuses_a_suspended_issuer() {
		new_test_ext(|| {
			set_issuer(NTU, "NTU", AccreditationStatus::Suspended);
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), terms("N-1"), None),
				Error::<Test>::NotAccredited
			);
		});
	}

	#[test]
	fn refuses_while_the_main_chain_view_is_too_old() {
		new_test_ext(|| {
			set_view_too_old(true);
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), terms("N-1"), None),
				Error::<Test>::MainChainViewTooOld
			);
			set_view_too_old(false);
			issue("N-1");
		});
	}

	#[test]
	fn a_revoked_batched_certificate_never_comes_back_alone() {
		new_test_ext(|| {
			let leaves = issue_batch(10);
			let membership = batch_membership(&leaves, 3).unwrap();
			let id = id_of("NTU", "B-3");
			assert_ok!(Certificates::revoke(
				RuntimeOrigin::signed(NTU),
				id,
				0,
				Some(membership.clone())
			));
			// The same number issued alone would be the same id, active.
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), terms("B-3"), None),
				Error::<Test>::AlreadyIssued
			);
			// So would one suspended and reinstated: any change counts.
			let other = batch_membership(&leaves, 4).unwrap();
			let other_id = id_of("NTU", "B-4");
			assert_ok!(Certificates::suspend(
				RuntimeOrigin::signed(NTU),
				other_id,
				Some(other.clone())
			));
			assert_ok!(Certificates::reinstate(RuntimeOrigin::signed(NTU), other_id, Some(other)));
			assert_noop!(
				Certificates::issue(RuntimeOrigin::signed(NTU), diploma(), terms("B-4"), None),
				Error::<Test>::AlreadyIssued
			);
		});
	}

	#[test]
	fn the_same_number_from_two_issuers_is_two_certificates() {
		new_test_ext(|| {
			issue("N-1");
			assert_ok!(Certificates::issue(
				RuntimeOrigin::signed(NCKU),
				diploma(),
				terms("N-1"),
				None
			));
			assert_ne!(id_of("NTU", "N-1"), id_of("NCKU", "N-1"));
		});
	}
}

mod issue_batch {
	use super::*;

	#[test]
	fn records_only_the_root() {
		new_test_ext(|| {
			let leaves = issue_batch(10_000);
			let root = batch_root(&leaves);
			let batch = crate::Batches::<Test>::get(root).unwrap();
			assert_eq!((batch.count, batch.issuer.as_str()), (10_000, "NTU"));
			assert_eq!(Issued::<Test>::get(1, 0), Some(ecert_primitives::Issued::Batch(root)));
			assert_eq!(Records::<Test>::iter().count(), 0);
			assert_eq!(
				last_event(),
				Event::BatchIssued { root, issuer: "NTU".parse().unwrap(), count: 10_000 }
			);
		});
	}

	#[test]
	fn refuses_bad_sizes_repeats_and_strangers() {
		new_test_ext(|| {
			let asset = terms("X").asset;
			assert_noop!(
				Certificates::issue_batch(RuntimeOrigin::signed(NTU), H256::zero(), 0, asset),
				Error::<Test>::BadBatchSize
			);
			assert_noop!(
				Certificates::issue_batch(RuntimeOrigin::signed(NTU), H256::zero(), 100_001, asset),
				Error::<Test>::BadBatchSize
			);
			assert_noop!(
				Certificates::issue_batch(RuntimeOrigin::signed(STRANGER), H256::zero(), 1, asset),
				Error::<Test>::NotAnIssuer
			);
			let leaves = issue_batch(3);
			assert_noop!(
				Certificates::issue_batch(
					RuntimeOrigin::signed(NTU),
					batch_root(&leaves),
					3,
					asset
				),
				Error::<Test>::AlreadyIssued
			);
		});
	}
}

mod revoke {
	use super::*;

	#[test]
	fn is_final_keeps_the_record_and_logs_the_change() {
		new_test_ext(|| {
			let id = issue("N-1");
			System::set_block_number(2);
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), id, 0, None));
			let record = Records::<Test>::get(id).unwrap();
			assert_eq!(record.status, CertificateStatus::Revoked { reason: 0 });
			assert_eq!(record.last_changed.block, 2);
			assert_eq!(ChangeCount::<Test>::get(id), 1);
			assert_eq!(
				Changes::<Test>::get(id, 0).unwrap().kind,
				ChangeKind::Revoked { reason: 0 }
			);
			assert_eq!(last_event(), Event::CertificateRevoked { id, reason: 0 });
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::root(), id, 1, None),
				Error::<Test>::Revoked
			);
		});
	}

	#[test]
	fn the_authority_may_revoke_but_not_another_issuer() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(NCKU), id, 0, None),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(HOLDER), id, 0, None),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::root(), id_of("NTU", "N-9"), 0, None),
				Error::<Test>::NotFound
			);
			assert_ok!(Certificates::revoke(RuntimeOrigin::root(), id, 7, None));
			assert_eq!(status(id), CertificateStatus::Revoked { reason: 7 });
		});
	}

	#[test]
	fn a_batched_certificate_is_revoked_on_its_own_with_its_proof() {
		new_test_ext(|| {
			let leaves = issue_batch(1_000);
			let membership = batch_membership(&leaves, 417).unwrap();
			let id = id_of("NTU", "B-417");
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(NTU), id, 0, None),
				Error::<Test>::NotFound
			);
			assert_noop!(
				Certificates::revoke(
					RuntimeOrigin::signed(NTU),
					id_of("NTU", "B-418"),
					0,
					Some(membership.clone())
				),
				Error::<Test>::BadBatchProof
			);
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), id, 0, Some(membership)));
			let changed = BatchedStatuses::<Test>::get(id).unwrap();
			assert_eq!(changed.status, CertificateStatus::Revoked { reason: 0 });
			assert_eq!(BatchedStatuses::<Test>::iter().count(), 1);
			assert_eq!(last_event(), Event::CertificateRevoked { id, reason: 0 });
		});
	}
}

mod suspend {
	use super::*;

	#[test]
	fn suspends_an_active_certificate() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::suspend(RuntimeOrigin::signed(NTU), id, None));
			assert_eq!(status(id), CertificateStatus::Suspended);
			assert_eq!(last_event(), Event::CertificateSuspended { id });
		});
	}

	#[test]
	fn an_issuer_that_may_not_issue_may_not_suspend() {
		new_test_ext(|| {
			let id = issue("N-1");
			set_issuer(NTU, "NTU", AccreditationStatus::Suspended);
			assert_noop!(
				Certificates::suspend(RuntimeOrigin::signed(NTU), id, None),
				Error::<Test>::NotAccredited
			);
			set_issuer(NTU, "NTU", AccreditationStatus::Active);
			set_view_too_old(true);
			assert_noop!(
				Certificates::suspend(RuntimeOrigin::signed(NTU), id, None),
				Error::<Test>::MainChainViewTooOld
			);
		});
	}

	#[test]
	fn fails_unless_active_or_authorised() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_noop!(
				Certificates::suspend(RuntimeOrigin::signed(NCKU), id, None),
				Error::<Test>::NotAuthorized
			);
			assert_ok!(Certificates::suspend(RuntimeOrigin::root(), id, None));
			assert_noop!(
				Certificates::suspend(RuntimeOrigin::signed(NTU), id, None),
				Error::<Test>::NotActive
			);
		});
	}
}

mod reinstate {
	use super::*;

	#[test]
	fn reinstates_a_suspended_certificate() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::suspend(RuntimeOrigin::signed(NTU), id, None));
			assert_ok!(Certificates::reinstate(RuntimeOrigin::signed(NTU), id, None));
			assert_eq!(status(id), CertificateStatus::Active);
			assert_eq!(ChangeCount::<Test>::get(id), 2);
			assert_eq!(last_event(), Event::CertificateReinstated { id });
		});
	}

	#[test]
	fn only_the_authority_lifts_its_own_suspension() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::suspend(RuntimeOrigin::root(), id, None));
			assert_eq!(AuthoritySuspensions::<Test>::get(id), Some(()));
			assert_noop!(
				Certificates::reinstate(RuntimeOrigin::signed(NTU), id, None),
				Error::<Test>::SuspendedByAuthority
			);
			// Nor may the issuer renew it into a fresh, active certificate.
			assert_noop!(
				Certificates::renew(RuntimeOrigin::signed(NTU), id, terms("N-1-R1"), None),
				Error::<Test>::SuspendedByAuthority
			);
			assert_ok!(Certificates::reinstate(RuntimeOrigin::root(), id, None));
			assert_eq!(status(id), CertificateStatus::Active);
			assert_eq!(AuthoritySuspensions::<Test>::get(id), None);
			assert_eq!(last_event(), Event::CertificateReinstated { id });
		});
	}

	#[test]
	fn an_issuer_that_may_not_issue_may_not_reinstate() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::suspend(RuntimeOrigin::signed(NTU), id, None));
			set_issuer(NTU, "NTU", AccreditationStatus::Revoked);
			assert_noop!(
				Certificates::reinstate(RuntimeOrigin::signed(NTU), id, None),
				Error::<Test>::NotAccredited
			);
		});
	}

	#[test]
	fn fails_unless_suspended() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_noop!(
				Certificates::reinstate(RuntimeOrigin::signed(NTU), id, None),
				Error::<Test>::NotSuspended
			);
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), id, 0, None));
			assert_noop!(
				Certificates::reinstate(RuntimeOrigin::root(), id, None),
				Error::<Test>::NotSuspended
			);
		});
	}
}

mod renew {
	use super::*;

	#[test]
	fn links_old_and_new_both_ways() {
		new_test_ext(|| {
			let old = issue("N-1");
			assert_ok!(Certificates::renew(RuntimeOrigin::signed(NTU), old, terms("N-1-R1"), None));
			let new = id_of("NTU", "N-1-R1");
			assert_eq!(Records::<Test>::get(old).unwrap().superseded_by, Some(new));
			assert_eq!(Records::<Test>::get(new).unwrap().supersedes, Some(old));
			assert_eq!(Changes::<Test>::get(old, 0).unwrap().kind, ChangeKind::Renewed { by: new });
			assert_eq!(last_event(), Event::CertificateRenewed { old, new });
		});
	}

	#[test]
	fn an_issuer_that_may_not_issue_may_not_renew() {
		new_test_ext(|| {
			let old = issue("N-1");
			set_issuer(NTU, "NTU", AccreditationStatus::Suspended);
			assert_noop!(
				Certificates::renew(RuntimeOrigin::signed(NTU), old, terms("N-1-R1"), None),
				Error::<Test>::NotAccredited
			);
		});
	}

	#[test]
	fn fails_twice_for_others_and_for_revoked_certificates() {
		new_test_ext(|| {
			let old = issue("N-1");
			assert_noop!(
				Certificates::renew(RuntimeOrigin::signed(NCKU), old, terms("N-1-R1"), None),
				Error::<Test>::NotAuthorized
			);
			assert_ok!(Certificates::renew(RuntimeOrigin::signed(NTU), old, terms("N-1-R1"), None));
			assert_noop!(
				Certificates::renew(RuntimeOrigin::signed(NTU), old, terms("N-1-R2"), None),
				Error::<Test>::AlreadySuperseded
			);
			let revoked = issue("N-2");
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), revoked, 0, None));
			assert_noop!(
				Certificates::renew(RuntimeOrigin::signed(NTU), revoked, terms("N-2-R1"), None),
				Error::<Test>::Revoked
			);
			assert_noop!(
				Certificates::renew(
					RuntimeOrigin::signed(NTU),
					id_of("NTU", "N-9"),
					terms("N-9-R1"),
					None
				),
				Error::<Test>::NotFound
			);
		});
	}
}

mod grant {
	use super::*;

	#[test]
	fn the_holder_or_the_issuer_grants_a_verifier() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				50_000,
				None
			));
			let grant = Grants::<Test>::get(id, identity(VERIFIER)).unwrap();
			assert_eq!((grant.expires_at, grant.granted_by), (50_000, identity(HOLDER)));
			assert_eq!(
				last_event(),
				Event::AccessGranted { id, verifier: identity(VERIFIER), expires_at: 50_000 }
			);
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(NTU),
				id,
				identity(VERIFIER),
				60_000,
				None
			));
			assert_eq!(GrantCount::<Test>::get(id), 1);
		});
	}

	#[test]
	fn fails_for_strangers_non_verifiers_past_expiries_and_beyond_the_bound() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_noop!(
				Certificates::grant(
					RuntimeOrigin::signed(VERIFIER),
					id,
					identity(VERIFIER),
					50_000,
					None
				),
				Error::<Test>::NotAuthorized
			);
			assert_noop!(
				Certificates::grant(
					RuntimeOrigin::signed(HOLDER),
					id,
					identity(NCKU),
					50_000,
					None
				),
				Error::<Test>::NotAVerifier
			);
			assert_noop!(
				Certificates::grant(
					RuntimeOrigin::signed(HOLDER),
					id,
					identity(VERIFIER),
					2_000,
					None
				),
				Error::<Test>::BadExpiry
			);
			register(21, identity(21), Role::Verifier);
			register(22, identity(22), Role::Verifier);
			for verifier in [VERIFIER, 21] {
				assert_ok!(Certificates::grant(
					RuntimeOrigin::signed(HOLDER),
					id,
					identity(verifier),
					50_000,
					None
				));
			}
			assert_noop!(
				Certificates::grant(RuntimeOrigin::signed(HOLDER), id, identity(22), 50_000, None),
				Error::<Test>::TooManyGrants
			);
		});
	}
}

mod ungrant {
	use super::*;

	#[test]
	fn withdraws_access() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				50_000,
				None
			));
			assert_ok!(Certificates::ungrant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				None
			));
			assert!(Grants::<Test>::get(id, identity(VERIFIER)).is_none());
			assert_eq!(GrantCount::<Test>::get(id), 0);
			assert_eq!(last_event(), Event::AccessWithdrawn { id, verifier: identity(VERIFIER) });
		});
	}

	#[test]
	fn fails_without_a_grant_or_for_strangers() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_noop!(
				Certificates::ungrant(RuntimeOrigin::signed(HOLDER), id, identity(VERIFIER), None),
				Error::<Test>::NoGrant
			);
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				50_000,
				None
			));
			assert_noop!(
				Certificates::ungrant(RuntimeOrigin::signed(NCKU), id, identity(VERIFIER), None),
				Error::<Test>::NotAuthorized
			);
		});
	}
}

mod record_verification {
	use super::*;

	#[test]
	fn logs_the_verification_and_pays_the_issuer() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				50_000,
				None
			));
			assert_ok!(Certificates::record_verification(
				RuntimeOrigin::signed(VERIFIER),
				id,
				3,
				None
			));
			let logged = Verifications::<Test>::get(id, 0).unwrap();
			assert_eq!(
				(logged.verifier, logged.purpose, logged.time, logged.fee),
				(identity(VERIFIER), 3, 2_000, FEE)
			);
			assert_eq!(VerificationCount::<Test>::get(id), 1);
			assert_eq!(Balances::balance(&VERIFIER), 100 - FEE);
			assert_eq!(Balances::balance(&NTU), 100 + FEE);
			assert_eq!(
				last_event(),
				Event::CertificateVerified {
					id,
					verifier: identity(VERIFIER),
					purpose: 3,
					fee: FEE
				}
			);
		});
	}

	#[test]
	fn works_for_a_batched_certificate_with_its_proof() {
		new_test_ext(|| {
			let leaves = issue_batch(100);
			let membership = batch_membership(&leaves, 7).unwrap();
			let id = id_of("NTU", "B-7");
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				50_000,
				Some(membership.clone())
			));
			assert_ok!(Certificates::record_verification(
				RuntimeOrigin::signed(VERIFIER),
				id,
				1,
				Some(membership)
			));
			assert_eq!(VerificationCount::<Test>::get(id), 1);
		});
	}

	#[test]
	fn needs_a_live_grant_a_verifier_and_funds() {
		new_test_ext(|| {
			let id = issue("N-1");
			assert_noop!(
				Certificates::record_verification(RuntimeOrigin::signed(VERIFIER), id, 3, None),
				Error::<Test>::NoGrant
			);
			assert_noop!(
				Certificates::record_verification(RuntimeOrigin::signed(HOLDER), id, 3, None),
				Error::<Test>::NotAVerifier
			);
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				3_000,
				None
			));
			set_now(3_000);
			assert_noop!(
				Certificates::record_verification(RuntimeOrigin::signed(VERIFIER), id, 3, None),
				Error::<Test>::GrantExpired
			);
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(VERIFIER),
				9_000,
				None
			));
			register(23, identity(23), Role::Verifier);
			assert_ok!(Certificates::grant(
				RuntimeOrigin::signed(HOLDER),
				id,
				identity(23),
				9_000,
				None
			));
			assert_noop!(
				Certificates::record_verification(RuntimeOrigin::signed(23), id, 3, None),
				Error::<Test>::InsufficientBalance
			);
			assert_eq!(Balances::balance(&NTU), 100);
		});
	}
}

mod certificate_tree {
	use super::*;
	use crate::{CertificatesRoot, ChangedLeaves, CurrentCertificatesRoot};
	use ecert_primitives::{certificate_leaf, MemoryTree};
	use frame_support::traits::{Get, Hooks};

	/// Every certificate's path leads from its current record to the root
	/// the header commits to, and a revocation moves the root.
	#[test]
	fn paths_lead_from_current_records_to_the_root() {
		new_test_ext(|| {
			let ids: Vec<CertificateId> = (0..5).map(|n| issue(&format!("NTU-{n}"))).collect();
			let check = |id: CertificateId| {
				let root = CurrentCertificatesRoot::<Test>::get();
				let path = Certificates::tree_path(&id).unwrap();
				let leaf = certificate_leaf(&id, &Records::<Test>::get(id).unwrap());
				assert_eq!(path.root(leaf), Some(root));
				assert_eq!(path.siblings.len(), 3, "five leaves, depth three");
			};
			ids.iter().copied().for_each(check);

			let before = CurrentCertificatesRoot::<Test>::get();
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), ids[2], 0, None));
			assert_ne!(CurrentCertificatesRoot::<Test>::get(), before);
			ids.iter().copied().for_each(check);
			assert!(Certificates::tree_path(&id_of("NTU", "never")).is_none());
		});
	}

	/// A batch takes one leaf, and every member's evidence (membership, the
	/// batch's record, its change and the change's path) leads through it to
	/// the root the header commits to: before any change, after a
	/// revocation (the revoked member's status, no other's), and after a
	/// suspension and reinstatement in one block. A member claiming no
	/// change after its revocation leads elsewhere.
	#[test]
	fn batched_members_lead_through_their_batchs_leaf_to_the_root() {
		use ecert_primitives::{BatchedEvidence, BatchedStatus};
		new_test_ext(|| {
			issue("NTU-alone");
			let members = issue_batch(1_000);
			let root = batch_root(&members);
			let evidence = |position: u32| {
				let membership = batch_membership(&members, position).unwrap();
				let id = id_of("NTU", membership.leaf.number.as_str());
				BatchedEvidence {
					changed: BatchedStatuses::<Test>::get(id),
					membership,
					batch: crate::Batches::<Test>::get(root).unwrap(),
					changes: (&Certificates::batch_change_path(&root, position).unwrap()).into(),
				}
			};
			let check = |position: u32, status: CertificateStatus| {
				let tree_root = CurrentCertificatesRoot::<Test>::get();
				let evidence = evidence(position);
				assert_eq!(evidence.status(), status, "member {position}");
				let path = Certificates::batch_tree_path(&root).unwrap();
				assert_eq!(path.index, 1, "the batch's leaf follows the certificate's");
				assert_eq!(path.root(evidence.tree_leaf().unwrap()), Some(tree_root));
				assert_eq!(evidence.changes.depth, 10, "1,000 members, depth ten");
			};
			let active = CertificateStatus::Active;
			check(0, active);
			check(999, active);
			assert_eq!(crate::BatchChanges::<Test>::iter_prefix(root).count(), 0);

			let revoked = batch_membership(&members, 417).unwrap();
			let id = id_of("NTU", "B-417");
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), id, 3, Some(revoked)));
			check(417, CertificateStatus::Revoked { reason: 3 });
			check(416, active);
			check(0, active);
			let lying = BatchedEvidence { changed: None, ..evidence(417) };
			let tree_root = CurrentCertificatesRoot::<Test>::get();
			let path = Certificates::batch_tree_path(&root).unwrap();
			assert_ne!(path.root(lying.tree_leaf().unwrap()), Some(tree_root));

			System::set_block_number(2);
			let suspended = batch_membership(&members, 8).unwrap();
			let id = id_of("NTU", "B-8");
			assert_ok!(Certificates::suspend(RuntimeOrigin::root(), id, Some(suspended.clone())));
			assert_ok!(Certificates::reinstate(RuntimeOrigin::root(), id, Some(suspended)));
			assert_eq!(
				BatchedStatuses::<Test>::get(id).map(|changed| changed.last_changed.block),
				Some(2)
			);
			check(8, active);
			check(417, CertificateStatus::Revoked { reason: 3 });
			assert!(matches!(
				BatchedStatuses::<Test>::get(id),
				Some(BatchedStatus { status: CertificateStatus::Active, .. })
			));
		});
	}

	/// Calls write only leaves; the block's end recomputes the nodes above
	/// them once, to the root of the whole tree built at once.
	#[test]
	fn the_tree_settles_once_when_the_block_ends() {
		new_test_ext(|| {
			let first = issue("NTU-first");
			Certificates::on_finalize(1);
			let settled = CertificatesRoot::<Test>::get();
			assert!(ChangedLeaves::<Test>::get().is_empty());

			let ids: Vec<CertificateId> = (0..40).map(|n| issue(&format!("NTU-{n}"))).collect();
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), first, 0, None));
			assert_ok!(Certificates::suspend(RuntimeOrigin::signed(NTU), ids[7], None));
			assert_eq!(ChangedLeaves::<Test>::get().len(), 42);
			assert_eq!(CertificatesRoot::<Test>::get(), settled, "no node above a leaf yet");

			Certificates::on_finalize(2);
			assert!(ChangedLeaves::<Test>::get().is_empty());
			let leaves = core::iter::once(first)
				.chain(ids)
				.map(|id| certificate_leaf(&id, &Records::<Test>::get(id).unwrap()))
				.collect();
			assert_eq!(CertificatesRoot::<Test>::get(), MemoryTree::new(leaves).root());
		});
	}

	#[test]
	fn each_recorded_transaction_leaves_its_hash_in_the_nodes_index() {
		let key_of = |index: u32| {
			ecert_primitives::storage::transaction_hash_key(
				1,
				System::parent_hash().as_ref(),
				&System::digest(),
				index,
			)
		};
		let (mut issued, mut revoked, mut unnoted) = (Vec::new(), Vec::new(), Vec::new());
		let mut ext = run_test_ext(|| {
			System::deposit_log(sp_runtime::DigestItem::PreRuntime(*b"aura", vec![7]));
			frame_system::Pallet::<Test>::note_extrinsic(b"the issuing transaction".to_vec());
			let id = issue("NTU-indexed");
			issued = key_of(0);

			System::set_extrinsic_index(1);
			frame_system::Pallet::<Test>::note_extrinsic(b"the revoking transaction".to_vec());
			assert_ok!(Certificates::revoke(RuntimeOrigin::signed(NTU), id, 0, None));
			revoked = key_of(1);

			// A call whose transaction the block did not note (as in
			// benchmarks) indexes nothing.
			System::set_extrinsic_index(2);
			issue("NTU-unnoted");
			unnoted = key_of(2);
		});
		ext.persist_offchain_overlay();
		let index = ext.offchain_db();
		let hash = |bytes: &[u8]| Some(sp_io::hashing::blake2_256(bytes).to_vec());
		assert_eq!(index.get(&issued), hash(b"the issuing transaction"));
		assert_eq!(index.get(&revoked), hash(b"the revoking transaction"));
		assert_eq!(index.get(&unnoted), None);

		// Another block at the same height (a fork, by another slot) has
		// other keys.
		let mut other = sp_runtime::Digest::default();
		other.push(sp_runtime::DigestItem::PreRuntime(*b"aura", vec![8]));
		let fork = ecert_primitives::storage::transaction_hash_key(1, &[0; 32], &other, 0);
		assert_ne!(fork, issued);
	}

	#[test]
	fn settling_is_charged_every_block_and_bounded() {
		new_test_ext(|| {
			assert_eq!(Certificates::on_initialize(1), crate::settle_base_weight::<Test>());
			assert!(crate::settle_base_weight::<Test>().ref_time() > 0);
			Certificates::integrity_test();
		});
	}
}

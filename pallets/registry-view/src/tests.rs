// The pallet validates its unsigned transactions with the deprecated
// `ValidateUnsigned` (see its implementation); these tests call it.
#![allow(deprecated)]

//! `update_view` (success and each failure), freshness, the pool, and the
//! inspection traits.

use crate::{
	mock::*, proofs::prove, Error, Event, IdentityOf, IdentityProvenAt, IssuerProvenAt, Issuers,
	MainChainProof,
};
use ecert_primitives::{
	storage, AccreditationStatus, IdentityId, IdentityInspect, IdentityRecord, IdentityStatus,
	IssueRefusal, IssuerInspect, IssuerRecord, OrgCode, Role,
};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{InvalidTransaction, TransactionSource, ValidateUnsigned},
};
use sp_core::{Encode, H256};
use sp_runtime::DispatchError;

fn ntu() -> OrgCode {
	"NTU".parse().unwrap()
}

/// The main chain's state: `issuers` and `identities`, and some unrelated
/// entries beside them.
struct MainState {
	entries: Vec<(Vec<u8>, Vec<u8>)>,
}

impl MainState {
	fn new() -> Self {
		// Pending registration requests: entries of another pallet.
		let entries = (0u8..50)
			.map(|i| (storage::registration_request(&[i; 32].into()), vec![1; 40]))
			.collect();
		Self { entries }
	}

	fn with_issuer(mut self, org_code: &OrgCode, record: IssuerRecord<u64>) -> Self {
		self.entries.push((storage::issuer(org_code), record.encode()));
		self
	}

	fn with_identity(mut self, id: IdentityId, record: IdentityRecord<u64, u64>) -> Self {
		self.entries.push((storage::identity(&id), record.encode()));
		self
	}

	/// Anchors this state as main header `number`, and proves `issuers` and
	/// `identities` in it.
	fn anchor_and_prove(
		&self,
		number: u32,
		issuers: &[OrgCode],
		identities: &[IdentityId],
	) -> (H256, Vec<Vec<u8>>) {
		let keys: Vec<Vec<u8>> = issuers
			.iter()
			.map(storage::issuer)
			.chain(identities.iter().map(storage::identity))
			.collect();
		let (root, proof) = prove(&self.entries, &keys);
		(anchor_main_header(number, root), proof)
	}
}

fn bounded(proof: Vec<Vec<u8>>) -> MainChainProof {
	proof.into_iter().map(|node| node.try_into().unwrap()).collect::<Vec<_>>().try_into().unwrap()
}

fn update(
	header: H256,
	issuers: &[OrgCode],
	identities: &[IdentityId],
	proof: Vec<Vec<u8>>,
) -> sp_runtime::DispatchResult {
	RegistryView::update_view(
		RuntimeOrigin::none(),
		header,
		issuers.to_vec().try_into().unwrap(),
		identities.to_vec().try_into().unwrap(),
		bounded(proof),
	)
}

/// The university, accredited for diplomas, with its identity 1 (account 10).
fn university() -> MainState {
	MainState::new()
		.with_issuer(&ntu(), issuer(1, &["diploma"]))
		.with_identity(id(1), identity(10, Role::Issuer))
}

mod update_view {
	use super::*;

	#[test]
	fn copies_proven_records_into_the_view() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));

			assert_eq!(Issuers::<Test>::get(ntu()), Some(issuer(1, &["diploma"])));
			assert_eq!(RegistryView::identity_of(&10), Some(id(1)));
			assert_eq!(IssuerProvenAt::<Test>::get(ntu()), Some(5));
			assert_eq!(IdentityProvenAt::<Test>::get(id(1)), Some(5));
			assert_eq!(
				last_event(),
				Event::IssuerProven { org_code: ntu(), main_block: 5, present: true }
			);
			System::assert_has_event(
				Event::IdentityProven { id: id(1), main_block: 5, present: true }.into(),
			);
			assert_eq!(RegistryView::may_issue(&ntu(), 5_000), Ok(()));
		});
	}

	#[test]
	fn a_suspension_and_an_absence_reach_the_view() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));

			let mut suspended = issuer(1, &["diploma"]);
			suspended.status = AccreditationStatus::Suspended;
			let state = MainState::new()
				.with_issuer(&ntu(), suspended.clone())
				.with_identity(id(1), identity(10, Role::Issuer));
			let (header, proof) = state.anchor_and_prove(6, &[ntu()], &[]);
			assert_ok!(update(header, &[ntu()], &[], proof));
			assert_eq!(Issuers::<Test>::get(ntu()), Some(suspended));
			assert_eq!(
				RegistryView::may_issue(&ntu(), 5_000),
				Err(IssueRefusal::NotAccredited),
				"suspended"
			);

			// The main chain holds no such issuer any more (a proof of absence).
			let (header, proof) = MainState::new()
				.with_identity(id(1), identity(10, Role::Issuer))
				.anchor_and_prove(7, &[ntu()], &[]);
			assert_ok!(update(header, &[ntu()], &[], proof));
			assert_eq!(Issuers::<Test>::get(ntu()), None);
			assert_eq!(
				last_event(),
				Event::IssuerProven { org_code: ntu(), main_block: 7, present: false }
			);
		});
	}

	#[test]
	fn refuses_an_unknown_header_and_a_proof_of_another_state() {
		new_test_ext(|| {
			let (_, proof) = university().anchor_and_prove(5, &[ntu()], &[]);
			assert_noop!(
				update(H256::repeat_byte(9), &[ntu()], &[], proof.clone()),
				Error::<Test>::UnknownMainHeader
			);
			// A header whose state is not the proven one.
			let other = anchor_main_header(6, H256::repeat_byte(3));
			assert_noop!(update(other, &[ntu()], &[], proof), Error::<Test>::InvalidProof);
		});
	}

	#[test]
	fn refuses_a_tampered_proof() {
		new_test_ext(|| {
			let (header, mut proof) = university().anchor_and_prove(5, &[ntu()], &[]);
			// Turn the issuer into an accreditation for licences.
			let genuine = issuer(1, &["diploma"]).encode();
			let forged = issuer(1, &["license"]).encode();
			let node = proof
				.iter_mut()
				.find(|node| node.windows(genuine.len()).any(|w| w == genuine))
				.unwrap();
			let at = node.windows(genuine.len()).position(|w| w == genuine).unwrap();
			node.splice(at..at + genuine.len(), forged);
			assert_noop!(update(header, &[ntu()], &[], proof), Error::<Test>::InvalidProof);
		});
	}

	#[test]
	fn refuses_a_padded_proof() {
		new_test_ext(|| {
			let state = university();
			let (header, mut proof) = state.anchor_and_prove(5, &[ntu()], &[]);
			// A genuine node of the same trie that the read does not need.
			let (_, wider) =
				prove(&state.entries, &[storage::issuer(&ntu()), storage::identity(&id(1))]);
			let extra = wider.into_iter().find(|node| !proof.contains(node)).unwrap();
			proof.push(extra);
			assert_noop!(update(header, &[ntu()], &[], proof), Error::<Test>::UnusedProofNodes);
		});
	}

	#[test]
	fn refuses_a_proof_missing_an_entry_asked_for() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[]);
			assert_noop!(update(header, &[ntu()], &[id(1)], proof), Error::<Test>::InvalidProof);
		});
	}

	#[test]
	fn refuses_an_entry_that_is_not_a_record() {
		new_test_ext(|| {
			let mut state = MainState::new();
			state.entries.push((storage::issuer(&ntu()), vec![0xff; 3]));
			let (header, proof) = state.anchor_and_prove(5, &[ntu()], &[]);
			assert_noop!(update(header, &[ntu()], &[], proof), Error::<Test>::UndecodableRecord);
		});
	}

	#[test]
	fn refuses_empty_older_and_signed_updates() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[]);
			assert_noop!(update(header, &[], &[], proof.clone()), Error::<Test>::EmptyUpdate);
			assert_noop!(
				RegistryView::update_view(
					RuntimeOrigin::signed(1),
					header,
					vec![ntu()].try_into().unwrap(),
					Default::default(),
					bounded(proof.clone()),
				),
				DispatchError::BadOrigin
			);
			let (newer, newer_proof) = university().anchor_and_prove(6, &[ntu()], &[]);
			assert_ok!(update(newer, &[ntu()], &[], newer_proof));
			assert_noop!(update(header, &[ntu()], &[], proof), Error::<Test>::NothingNewer);
			assert_eq!(IssuerProvenAt::<Test>::get(ntu()), Some(6));
		});
	}

	#[test]
	fn absence_proofs_of_records_never_held_write_nothing() {
		new_test_ext(|| {
			let state = university();
			// 1,000 made-up identities and 1,000 made-up org codes, four at a
			// time, each proven absent from the main chain.
			for batch in 0u32..250 {
				let ids: Vec<IdentityId> = (0..4)
					.map(|i| IdentityId(H256::from_low_u64_be((batch * 4 + i + 100) as u64)))
					.collect();
				let orgs: Vec<OrgCode> =
					(0..4).map(|i| format!("X{}", batch * 4 + i).parse().unwrap()).collect();
				let (header, proof) = state.anchor_and_prove(6 + batch, &orgs, &ids);
				let call = crate::Call::<Test>::update_view {
					main_header: header,
					issuers: orgs.clone().try_into().unwrap(),
					identities: ids.clone().try_into().unwrap(),
					proof: bounded(proof.clone()),
				};
				assert_eq!(
					RegistryView::validate_unsigned(TransactionSource::External, &call),
					Err(InvalidTransaction::Stale.into()),
					"the pool refuses it"
				);
				assert_noop!(update(header, &orgs, &ids, proof), Error::<Test>::NothingNewer);
			}
			assert_eq!(IdentityProvenAt::<Test>::iter().count(), 0);
			assert_eq!(IssuerProvenAt::<Test>::iter().count(), 0);
			assert!(System::events().is_empty());
		});
	}

	#[test]
	fn a_block_takes_at_most_max_updates_per_block() {
		new_test_ext(|| {
			let state = university();
			let prove_at = |number: u32| {
				let (header, proof) = state.anchor_and_prove(number, &[ntu()], &[]);
				let call = crate::Call::<Test>::update_view {
					main_header: header,
					issuers: vec![ntu()].try_into().unwrap(),
					identities: Default::default(),
					proof: bounded(proof.clone()),
				};
				(header, proof, call)
			};
			for number in 5..8 {
				let (header, proof, _) = prove_at(number);
				assert_ok!(update(header, &[ntu()], &[], proof));
			}
			let (header, proof, call) = prove_at(8);
			assert_noop!(
				update(header, &[ntu()], &[], proof.clone()),
				Error::<Test>::TooManyUpdates
			);
			assert_eq!(
				RegistryView::validate_unsigned(TransactionSource::InBlock, &call),
				Err(InvalidTransaction::ExhaustsResources.into()),
				"it waits in the pool for the next block"
			);
			System::set_block_number(2);
			assert!(RegistryView::validate_unsigned(TransactionSource::External, &call).is_ok());
			assert_ok!(update(header, &[ntu()], &[], proof));
			assert_eq!(IssuerProvenAt::<Test>::get(ntu()), Some(8));
		});
	}

	#[test]
	fn the_pool_takes_new_proofs_and_drops_stale_or_bad_ones() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[id(1)]);
			let call = crate::Call::<Test>::update_view {
				main_header: header,
				issuers: vec![ntu()].try_into().unwrap(),
				identities: vec![id(1)].try_into().unwrap(),
				proof: bounded(proof.clone()),
			};
			let valid =
				RegistryView::validate_unsigned(TransactionSource::External, &call).unwrap();
			assert_eq!(valid.provides.len(), 2);

			let mut bad = proof.clone();
			bad.pop();
			let bad_call = crate::Call::<Test>::update_view {
				main_header: header,
				issuers: vec![ntu()].try_into().unwrap(),
				identities: vec![id(1)].try_into().unwrap(),
				proof: bounded(bad),
			};
			assert_eq!(
				RegistryView::validate_unsigned(TransactionSource::External, &bad_call),
				Err(InvalidTransaction::BadProof.into())
			);

			assert_ok!(update(header, &[ntu()], &[id(1)], proof));
			assert_eq!(
				RegistryView::validate_unsigned(TransactionSource::External, &call),
				Err(InvalidTransaction::Stale.into())
			);
		});
	}
}

mod freshness {
	use super::*;

	#[test]
	fn a_view_older_than_max_view_age_is_not_trusted_for_issuance() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));
			anchor_main_header(15, H256::zero());
			assert_eq!(RegistryView::may_issue(&ntu(), 5_000), Ok(()), "10 blocks old");
			anchor_main_header(16, H256::zero());
			assert_eq!(
				RegistryView::may_issue(&ntu(), 5_000),
				Err(IssueRefusal::ViewTooOld),
				"11 blocks old"
			);

			// A fresh proof of the same records restores it.
			let (header, proof) = university().anchor_and_prove(17, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));
			assert_eq!(RegistryView::may_issue(&ntu(), 5_000), Ok(()));
		});
	}

	#[test]
	fn a_view_is_too_old_once_main_chain_headers_stop_arriving() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));
			// The main header arrived at 5,000 ms; the chain allows 3 s of
			// silence.
			assert_eq!(RegistryView::may_issue(&ntu(), 8_000), Ok(()));
			assert_eq!(
				RegistryView::may_issue(&ntu(), 8_001),
				Err(IssueRefusal::ViewTooOld),
				"no main header for longer than MaxMainChainSilence"
			);
			// The relay is back: a new main header arrives.
			set_now(8_001);
			anchor_main_header(6, H256::zero());
			assert_eq!(RegistryView::may_issue(&ntu(), 8_001), Ok(()));
		});
	}

	#[test]
	fn the_issuer_identity_must_be_fresh_too() {
		new_test_ext(|| {
			let (header, proof) = university().anchor_and_prove(5, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));
			let (header, proof) = university().anchor_and_prove(14, &[ntu()], &[]);
			assert_ok!(update(header, &[ntu()], &[], proof));
			anchor_main_header(16, H256::zero());
			assert_eq!(
				RegistryView::may_issue(&ntu(), 5_000),
				Err(IssueRefusal::ViewTooOld),
				"identity 11 blocks old"
			);
		});
	}
}

mod inspection {
	use super::*;

	#[test]
	fn answers_who_is_who_and_who_may_issue_what() {
		new_test_ext(|| {
			let mut deactivated = identity(20, Role::Holder);
			deactivated.status = IdentityStatus::Deactivated;
			let state = university()
				.with_identity(id(2), identity(11, Role::Holder))
				.with_identity(id(3), deactivated);
			let (header, proof) = state.anchor_and_prove(5, &[ntu()], &[id(1), id(2), id(3)]);
			assert_ok!(update(header, &[ntu()], &[id(1), id(2), id(3)], proof));

			assert_eq!(RegistryView::organisation_of(&10), Some(ntu()));
			assert_eq!(RegistryView::organisation_of(&11), None);
			assert_eq!(RegistryView::payout_account(&ntu()), Some(10));
			assert_eq!(
				RegistryView::role_and_status(&id(2)),
				Some((Role::Holder, IdentityStatus::Active))
			);
			assert_eq!(
				RegistryView::role_and_status(&id(3)),
				Some((Role::Holder, IdentityStatus::Deactivated))
			);
			assert_eq!(IdentityOf::<Test>::get(11), Some(id(2)));
			assert_eq!(
				RegistryView::may_issue(&ntu(), 10_000),
				Err(IssueRefusal::NotAccredited),
				"past its window"
			);
			assert_eq!(
				RegistryView::may_issue(&"OTHER".parse().unwrap(), 5_000),
				Err(IssueRefusal::NotAccredited)
			);
		});
	}

	#[test]
	fn an_old_revoked_code_does_not_evict_the_current_organisation() {
		new_test_ext(|| {
			// Identity 1 was NTU, revoked, and issues as NTU-2 now.
			let mut revoked = issuer(1, &["diploma"]);
			revoked.status = AccreditationStatus::Revoked;
			let ntu2: OrgCode = "NTU-2".parse().unwrap();
			let state = MainState::new()
				.with_issuer(&ntu(), revoked.clone())
				.with_issuer(&ntu2, issuer(1, &["diploma"]))
				.with_identity(id(1), identity(10, Role::Issuer));
			let (header, proof) = state.anchor_and_prove(5, &[ntu2.clone()], &[id(1)]);
			assert_ok!(update(header, &[ntu2.clone()], &[id(1)], proof));
			assert_eq!(RegistryView::organisation_of(&10), Some(ntu2.clone()));

			// Anyone proves the old code again.
			let (header, proof) = state.anchor_and_prove(6, &[ntu()], &[]);
			assert_ok!(update(header, &[ntu()], &[], proof));
			assert_eq!(Issuers::<Test>::get(ntu()), Some(revoked));
			assert_eq!(RegistryView::organisation_of(&10), Some(ntu2.clone()));
			assert_eq!(RegistryView::may_issue(&ntu2, 5_000), Ok(()));
		});
	}

	#[test]
	fn an_issuer_of_another_type_may_not_issue_here() {
		new_test_ext(|| {
			let state = MainState::new()
				.with_issuer(&ntu(), issuer(1, &["license"]))
				.with_identity(id(1), identity(10, Role::Issuer));
			let (header, proof) = state.anchor_and_prove(5, &[ntu()], &[id(1)]);
			assert_ok!(update(header, &[ntu()], &[id(1)], proof));
			assert_eq!(RegistryView::may_issue(&ntu(), 5_000), Err(IssueRefusal::NotAccredited));
		});
	}
}

// The pallet validates its unsigned transactions with the deprecated
// `ValidateUnsigned` (see its implementation); these tests call it.
#![allow(deprecated)]

use crate::{mock::*, AnchorsRoot, Chains, Error, Event, HeaderRing, Headers};

use bp_test_utils::{DAVE, EVE, FERDIE};
use ecert_primitives::{anchors_root, AnchorLeaf, AnchoredHeaders, ChainId};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{InvalidTransaction, TransactionSource, ValidateUnsigned},
};
use sp_consensus_grandpa::{ConsensusLog, ScheduledChange, GRANDPA_ENGINE_ID};
use sp_core::H256;
use sp_runtime::{traits::Header as _, DigestItem, DispatchError};

fn submit(chain: &ChainId, header: &ecert_primitives::Header) -> sp_runtime::DispatchResult {
	Anchoring::submit_finality_proof(
		RuntimeOrigin::none(),
		chain.clone(),
		Box::new(header.clone()),
		justify_genesis(header),
	)
}

fn scheduled_change(signers: &[bp_test_utils::Account], delay: u32) -> DigestItem {
	DigestItem::Consensus(
		GRANDPA_ENGINE_ID,
		codec::Encode::encode(&ConsensusLog::ScheduledChange(ScheduledChange {
			next_authorities: authorities(signers).into_inner(),
			delay,
		})),
	)
}

fn next_block() {
	System::set_block_number(System::block_number() + 1);
}

mod submit_finality_proof {
	use super::*;

	#[test]
	fn imports_a_header_finalized_by_the_tracked_set() {
		run(|| {
			let diploma = side("diploma");
			let header = header(&diploma, 5);
			assert_ok!(submit(&diploma, &header));

			let anchored = Anchoring::best(&diploma).unwrap();
			assert_eq!(anchored.number, 5);
			assert_eq!(anchored.hash, header.hash());
			assert_eq!(anchored.state_root, *header.state_root());
			assert_eq!(anchored.commitment_root, H256::repeat_byte(0xcc));
			assert_eq!(Anchoring::header(&diploma, &header.hash()), Some(anchored));
			assert_eq!(
				AnchorsRoot::<Test>::get(),
				anchors_root(&[AnchorLeaf {
					chain: diploma.clone(),
					number: 5,
					hash: header.hash()
				}])
			);
			System::assert_last_event(
				Event::HeaderAnchored {
					chain: diploma,
					number: 5,
					hash: header.hash(),
					mandatory: false,
				}
				.into(),
			);
		});
	}

	#[test]
	fn refuses_a_header_of_another_network_or_from_the_past() {
		run(|| {
			let diploma = side("diploma");
			let commitment = |genesis_hash: H256, time: u64| {
				ecert_primitives::ChainCommitment {
					chain: diploma.clone(),
					genesis_hash,
					time,
					root: H256::zero(),
				}
				.to_digest_item()
			};
			let with = |number: u32, item: DigestItem| {
				let mut header = header(&diploma, number);
				header.digest = sp_runtime::Digest { logs: vec![item] };
				header
			};
			// A staging network with the same validators: another genesis.
			let staging = with(2, commitment(H256::repeat_byte(9), 2_000));
			assert_noop!(submit(&diploma, &staging), Error::<Test>::WrongGenesis);

			let genesis_hash = genesis_of(&diploma).genesis_hash;
			assert_ok!(submit(&diploma, &with(2, commitment(genesis_hash, 2_000))));
			assert_eq!(Anchoring::best(&diploma).unwrap().time, 2_000);
			next_block();
			let earlier = with(3, commitment(genesis_hash, 1_999));
			assert_noop!(submit(&diploma, &earlier), Error::<Test>::TimeWentBack);
		});
	}

	#[test]
	fn refuses_a_chain_the_registry_does_not_know() {
		run(|| {
			for chain in [side("unknown"), ChainId::Main] {
				assert_noop!(submit(&chain, &header(&chain, 1)), Error::<Test>::UnknownChain);
			}
		});
	}

	#[test]
	fn refuses_a_tampered_justification() {
		run(|| {
			let diploma = side("diploma");
			let header = header(&diploma, 1);
			let mut justification = justify_genesis(&header);
			justification.commit.precommits[0].signature =
				sp_consensus_grandpa::AuthoritySignature::from(
					sp_core::ed25519::Signature::from_raw([7; 64]),
				);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma.clone(),
					Box::new(header.clone()),
					justification,
				),
				Error::<Test>::InvalidJustification
			);

			// A justification of another header does not finalize this one.
			let other = super::header(&diploma, 2);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma,
					Box::new(header),
					justify_genesis(&other),
				),
				Error::<Test>::InvalidJustification
			);
		});
	}

	#[test]
	fn refuses_a_justification_signed_by_the_wrong_set() {
		run(|| {
			let diploma = side("diploma");
			let header = header(&diploma, 1);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma,
					Box::new(header.clone()),
					justify(&header, GENESIS_SET_ID, &[DAVE, EVE, FERDIE]),
				),
				Error::<Test>::InvalidJustification
			);
		});
	}

	#[test]
	fn refuses_a_justification_with_the_wrong_set_id() {
		run(|| {
			let diploma = side("diploma");
			let header = header(&diploma, 1);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma,
					Box::new(header.clone()),
					justify(&header, GENESIS_SET_ID + 1, &genesis_signers()),
				),
				Error::<Test>::InvalidJustification
			);
		});
	}

	#[test]
	fn refuses_a_header_of_another_chain_or_without_commitment() {
		run(|| {
			let diploma = side("diploma");
			// The license chain's header, finalized by the same keys.
			let license_header = header(&side("license"), 1);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma.clone(),
					Box::new(license_header.clone()),
					justify_genesis(&license_header),
				),
				Error::<Test>::WrongChain
			);

			let mut bare = header(&diploma, 1);
			bare.digest_mut().logs.clear();
			assert_noop!(submit(&diploma, &bare), Error::<Test>::MissingCommitment);
		});
	}

	#[test]
	fn refuses_stale_headers() {
		run(|| {
			let diploma = side("diploma");
			assert_ok!(submit(&diploma, &header(&diploma, 5)));
			next_block();
			assert_noop!(submit(&diploma, &header(&diploma, 5)), Error::<Test>::StaleHeader);
			assert_noop!(submit(&diploma, &header(&diploma, 4)), Error::<Test>::StaleHeader);
			assert_ok!(submit(&diploma, &header(&diploma, 6)));
		});
	}

	#[test]
	fn follows_an_authority_set_change_through_a_mandatory_header() {
		run(|| {
			let diploma = side("diploma");
			let next = [DAVE, EVE, FERDIE];
			let mandatory = header_with(&diploma, 3, vec![scheduled_change(&next, 0)]);
			assert_ok!(submit(&diploma, &mandatory));
			System::assert_has_event(
				Event::AuthoritySetChanged { chain: diploma.clone(), set_id: GENESIS_SET_ID + 1 }
					.into(),
			);
			System::assert_last_event(
				Event::HeaderAnchored {
					chain: diploma.clone(),
					number: 3,
					hash: mandatory.hash(),
					mandatory: true,
				}
				.into(),
			);
			let state = Chains::<Test>::get(&diploma).unwrap();
			assert_eq!(state.set_id, GENESIS_SET_ID + 1);
			assert_eq!(state.authorities, authorities(&next));

			// The old set no longer finalizes, the new one does.
			next_block();
			let later = header(&diploma, 4);
			assert_noop!(submit(&diploma, &later), Error::<Test>::InvalidJustification);
			assert_ok!(Anchoring::submit_finality_proof(
				RuntimeOrigin::none(),
				diploma,
				Box::new(later.clone()),
				justify(&later, GENESIS_SET_ID + 1, &next),
			));
		});
	}

	#[test]
	fn refuses_forced_and_delayed_changes() {
		run(|| {
			let diploma = side("diploma");
			let delayed = header_with(&diploma, 2, vec![scheduled_change(&[DAVE], 5)]);
			assert_noop!(submit(&diploma, &delayed), Error::<Test>::DelayedChange);

			let forced = DigestItem::Consensus(
				GRANDPA_ENGINE_ID,
				codec::Encode::encode(&ConsensusLog::<u32>::ForcedChange(
					0,
					ScheduledChange {
						next_authorities: authorities(&[DAVE]).into_inner(),
						delay: 0,
					},
				)),
			);
			assert_noop!(
				submit(&diploma, &header_with(&diploma, 2, vec![forced])),
				Error::<Test>::ForcedChange
			);
		});
	}

	#[test]
	fn takes_one_optional_header_per_chain_per_block_and_any_mandatory_one() {
		run(|| {
			let diploma = side("diploma");
			let license = side("license");
			assert_ok!(submit(&diploma, &header(&diploma, 1)));
			assert_noop!(
				submit(&diploma, &header(&diploma, 2)),
				Error::<Test>::TooManyOptionalHeaders
			);
			// Another chain has its own allowance.
			assert_ok!(submit(&license, &header(&license, 1)));
			// A mandatory header always goes in.
			let same_set = genesis_signers();
			assert_ok!(submit(
				&diploma,
				&header_with(&diploma, 2, vec![scheduled_change(&same_set, 0)])
			));
			next_block();
			let header = header(&diploma, 3);
			assert_ok!(Anchoring::submit_finality_proof(
				RuntimeOrigin::none(),
				diploma,
				Box::new(header.clone()),
				justify(&header, GENESIS_SET_ID + 1, &same_set),
			));
		});
	}

	#[test]
	fn keeps_a_bounded_ring_of_headers() {
		run(|| {
			let diploma = side("diploma");
			let mut hashes = vec![];
			for number in 1..=5 {
				let header = header(&diploma, number);
				assert_ok!(submit(&diploma, &header));
				hashes.push(header.hash());
				next_block();
			}
			// HeadersToKeep is 3: the first two left the buffer.
			assert_eq!(Headers::<Test>::iter_prefix(&diploma).count(), 3);
			assert_eq!(HeaderRing::<Test>::iter_prefix(&diploma).count(), 3);
			assert!(Anchoring::header(&diploma, &hashes[0]).is_none());
			assert!(Anchoring::header(&diploma, &hashes[1]).is_none());
			assert!(Anchoring::header(&diploma, &hashes[4]).is_some());
		});
	}

	#[test]
	fn tracks_at_most_max_chains() {
		run(|| {
			for name in ["diploma", "license"] {
				let chain = side(name);
				assert_ok!(submit(&chain, &header(&chain, 1)));
			}
			let marriage = side("marriage");
			assert_noop!(submit(&marriage, &header(&marriage, 1)), Error::<Test>::TooManyChains);
			assert_eq!(AnchorsRoot::<Test>::get(), anchors_root(&Anchoring::anchor_leaves()),);
			assert_eq!(Anchoring::anchor_leaves().len(), 2);
		});
	}

	#[test]
	fn refuses_oversized_input_and_signed_origins() {
		run(|| {
			let diploma = side("diploma");
			let big = header_with(&diploma, 1, vec![DigestItem::Other(vec![0; 5000])]);
			assert_noop!(submit(&diploma, &big), Error::<Test>::HeaderTooLarge);

			let header = header(&diploma, 1);
			let mut justification = justify_genesis(&header);
			justification.votes_ancestries = vec![header.clone(); 17];
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma.clone(),
					Box::new(header.clone()),
					justification,
				),
				Error::<Test>::JustificationTooLarge
			);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::signed(1),
					diploma,
					Box::new(header.clone()),
					justify_genesis(&header),
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn the_pool_takes_valid_headers_and_drops_stale_or_forged_ones() {
		run(|| {
			let diploma = side("diploma");
			let header = header(&diploma, 1);
			let call = crate::Call::<Test>::submit_finality_proof {
				chain: diploma.clone(),
				header: Box::new(header.clone()),
				justification: justify_genesis(&header),
			};
			let valid = Anchoring::validate_unsigned(TransactionSource::External, &call).unwrap();
			assert_eq!(valid.provides.len(), 1);
			assert!(valid.priority > 0);

			let forged = crate::Call::<Test>::submit_finality_proof {
				chain: diploma.clone(),
				header: Box::new(header.clone()),
				justification: justify(&header, GENESIS_SET_ID, &[DAVE, EVE, FERDIE]),
			};
			assert_eq!(
				Anchoring::validate_unsigned(TransactionSource::External, &forged),
				Err(InvalidTransaction::BadProof.into())
			);

			assert_ok!(submit(&diploma, &header));
			next_block();
			assert_eq!(
				Anchoring::validate_unsigned(TransactionSource::External, &call),
				Err(InvalidTransaction::Stale.into())
			);
		});
	}
}

mod reset_chain {
	use super::*;

	#[test]
	fn moves_a_chain_to_a_new_checkpoint() {
		run(|| {
			let diploma = side("diploma");
			let first = header(&diploma, 1);
			assert_ok!(submit(&diploma, &first));
			let root_before = AnchorsRoot::<Test>::get();
			let mut checkpoint = genesis_of(&diploma);
			checkpoint.authorities = authorities(&[DAVE, EVE, FERDIE]);
			checkpoint.set_id = 7;
			assert_ok!(Anchoring::reset_chain(
				RuntimeOrigin::root(),
				diploma.clone(),
				checkpoint,
				10
			));
			System::assert_last_event(
				Event::ChainReset { chain: diploma.clone(), set_id: 7 }.into(),
			);
			// The best header is still one the light client holds, and the
			// anchors root still names it.
			assert_eq!(Anchoring::best(&diploma).map(|best| best.hash), Some(first.hash()));
			assert_eq!(AnchorsRoot::<Test>::get(), root_before);
			Anchoring::do_try_state().unwrap();

			next_block();
			// At or below the checkpoint: refused, whoever signs it.
			let old = header(&diploma, 10);
			assert_noop!(
				Anchoring::submit_finality_proof(
					RuntimeOrigin::none(),
					diploma.clone(),
					Box::new(old.clone()),
					justify(&old, 7, &[DAVE, EVE, FERDIE]),
				),
				Error::<Test>::StaleHeader
			);
			let header = header(&diploma, 11);
			assert_noop!(submit(&diploma, &header), Error::<Test>::InvalidJustification);
			assert_ok!(Anchoring::submit_finality_proof(
				RuntimeOrigin::none(),
				diploma,
				Box::new(header.clone()),
				justify(&header, 7, &[DAVE, EVE, FERDIE]),
			));
		});
	}

	#[test]
	fn needs_the_admin_origin_and_a_set() {
		run(|| {
			let diploma = side("diploma");
			let checkpoint = genesis_of(&diploma);
			assert_noop!(
				Anchoring::reset_chain(
					RuntimeOrigin::signed(1),
					diploma.clone(),
					checkpoint.clone(),
					1
				),
				DispatchError::BadOrigin
			);
			let mut empty = checkpoint.clone();
			empty.authorities = Default::default();
			assert_noop!(
				Anchoring::reset_chain(RuntimeOrigin::root(), diploma.clone(), empty, 1),
				Error::<Test>::InvalidAuthoritySet
			);
			// The admin cannot point the light client at another network.
			let mut other_network = checkpoint;
			other_network.genesis_hash = H256::repeat_byte(9);
			assert_noop!(
				Anchoring::reset_chain(RuntimeOrigin::root(), diploma, other_network, 1),
				Error::<Test>::WrongGenesis
			);
		});
	}
}

mod confirm_anchor {
	use super::*;
	use crate::Confirmations;
	use ecert_primitives::AnchorProof;

	/// The tracked diploma chain imports header #3 whose anchors root holds
	/// this chain's (marriage's) block #1 and `other` beside it.
	fn anchored_by_diploma(own_hash: H256) -> (ChainId, H256, AnchorProof) {
		let diploma = side("diploma");
		frame_system::BlockHash::<Test>::insert(1, own_hash);
		let leaves = vec![
			AnchorLeaf { chain: side("license"), number: 9, hash: H256::repeat_byte(2) },
			AnchorLeaf { chain: side("marriage"), number: 1, hash: own_hash },
		];
		let mut digest = sp_runtime::Digest::default();
		digest.push(
			ecert_primitives::ChainCommitment {
				chain: diploma.clone(),
				genesis_hash: genesis_of(&diploma).genesis_hash,
				time: 3_000,
				root: anchors_root(&leaves),
			}
			.to_digest_item(),
		);
		let header = ecert_primitives::Header::new(
			3,
			H256::zero(),
			H256::repeat_byte(3),
			H256::zero(),
			digest,
		);
		assert_ok!(submit(&diploma, &header));
		(diploma, header.hash(), AnchorProof::new(&leaves, 1).unwrap())
	}

	#[test]
	fn records_that_the_tracked_chain_anchored_our_header() {
		run(|| {
			let (diploma, header, proof) = anchored_by_diploma(H256::repeat_byte(7));
			assert_ok!(Anchoring::confirm_anchor(
				RuntimeOrigin::none(),
				diploma.clone(),
				header,
				proof
			));
			let kept = Confirmations::<Test>::get(&diploma).unwrap();
			assert_eq!((kept.number, kept.hash, kept.leaf.number), (3, header, 1));
			assert_eq!(crate::ImportedAt::<Test>::get(&diploma, header), Some(1));
			System::assert_last_event(
				Event::AnchorConfirmed { chain: diploma, number: 3, own_number: 1 }.into(),
			);
		});
	}

	#[test]
	fn a_block_this_chain_does_not_know_is_never_confirmed() {
		run(|| {
			// A pruned or future block has a zero hash here: a leaf naming
			// the zero hash must not match it.
			let (diploma, header, proof) = anchored_by_diploma(H256::zero());
			assert_noop!(
				Anchoring::confirm_anchor(RuntimeOrigin::none(), diploma, header, proof),
				Error::<Test>::UnknownOwnHeader
			);
		});
	}

	#[test]
	fn refuses_bad_or_stale_confirmations() {
		run(|| {
			let (diploma, header, proof) = anchored_by_diploma(H256::repeat_byte(7));
			let confirm = |header: H256, proof: AnchorProof| {
				Anchoring::confirm_anchor(RuntimeOrigin::none(), diploma.clone(), header, proof)
			};
			assert_noop!(
				confirm(H256::repeat_byte(1), proof.clone()),
				Error::<Test>::UnknownHeader
			);
			let mut other_chain = proof.clone();
			other_chain.leaf.chain = side("license");
			assert_noop!(confirm(header, other_chain), Error::<Test>::NotOurChain);
			let mut forged = proof.clone();
			forged.leaf.number = 2;
			frame_system::BlockHash::<Test>::insert(2, H256::repeat_byte(7));
			assert_noop!(confirm(header, forged), Error::<Test>::InvalidAnchorProof);
			frame_system::BlockHash::<Test>::insert(1, H256::repeat_byte(8));
			assert_noop!(confirm(header, proof.clone()), Error::<Test>::UnknownOwnHeader);
			frame_system::BlockHash::<Test>::insert(1, H256::repeat_byte(7));
			assert_ok!(confirm(header, proof.clone()));
			assert_noop!(confirm(header, proof), Error::<Test>::StaleConfirmation);
		});
	}
}

mod genesis {
	use super::*;
	use sp_runtime::BuildStorage;

	/// A chain that tracks the main chain from `main_genesis` at genesis.
	fn tracking_main(main_genesis: ecert_primitives::ChainCheckpoint) -> sp_io::TestExternalities {
		let storage = RuntimeGenesisConfig {
			anchoring: crate::GenesisConfig {
				tracked: vec![(ChainId::Main, main_genesis)],
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.unwrap();
		sp_io::TestExternalities::new(storage)
	}

	#[test]
	fn a_main_chain_of_unknown_genesis_is_learnt_from_its_first_header() {
		let mut main_genesis = genesis_of(&ChainId::Main);
		main_genesis.genesis_hash = H256::zero();
		tracking_main(main_genesis).execute_with(|| {
			System::set_block_number(1);
			assert_ok!(submit(&ChainId::Main, &header(&ChainId::Main, 1)));
			let learnt = Chains::<Test>::get(ChainId::Main).unwrap().genesis_hash;
			assert_eq!(learnt, genesis_of(&ChainId::Main).genesis_hash);
			System::set_block_number(2);
			let mut other = header(&ChainId::Main, 2);
			other.digest = sp_runtime::Digest {
				logs: vec![ecert_primitives::ChainCommitment {
					chain: ChainId::Main,
					genesis_hash: H256::repeat_byte(9),
					time: 2_000,
					root: H256::zero(),
				}
				.to_digest_item()],
			};
			assert_noop!(submit(&ChainId::Main, &other), Error::<Test>::WrongGenesis);
		});
	}

	#[test]
	fn a_side_chain_tracks_the_main_chain_from_genesis() {
		let main_genesis = genesis_of(&ChainId::Main);
		tracking_main(main_genesis.clone()).execute_with(|| {
			System::set_block_number(1);
			let state = Chains::<Test>::get(ChainId::Main).unwrap();
			assert_eq!(state.best_hash, main_genesis.genesis_hash);
			let main_header = header(&ChainId::Main, 1);
			assert_ok!(submit(&ChainId::Main, &main_header));
			Anchoring::do_try_state().unwrap();
		});
	}
}

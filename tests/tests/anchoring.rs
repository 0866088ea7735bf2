//! Two-way anchoring end to end: `main-dev`, `side-diploma-dev`,
//! `side-license-dev` and `ecert-relay` as real processes.
//!
//! 1. An issuer is accredited on the main chain.
//! 2. It issues on the diploma chain (its accreditation reached the side
//!    chain by storage proof).
//! 3. Within a few main blocks the diploma header is anchored on main.
//! 4. The portable proof verifies offline; a tampered copy does not.
//! 5. After a revocation, a fresh proof shows it revoked.
//! 6. After a suspension on main, the diploma chain refuses the issuer.
//! 7. The relay is killed with SIGKILL and restarted: anchoring continues
//!    with no gap.

use codec::Decode;
use ecert_client::SideChain;
use ecert_client::{BlockingNode, ClientError};
use ecert_primitives::{
	commitment, sealed::KeyAgreementPair, verify_certificate_proof, AccreditationStatus,
	BlockNumber, CertificateId, CertificateProof, CertificateStatus, CertificateTypeId, ChainId,
	IdentityId, IssuerRecord, MainCheckpoint, OrgCode, ProofError, ProvenCertificate, Role,
};
use ecert_tests::main_runtime::pallet_issuers;
use ecert_tests::side_runtime::{pallet_certificates, RuntimeCall};
use ecert_tests::{
	diploma_issue_call, proof_at_or_after, proof_bytes, sample_diploma_fields, wait_for,
	MainRegistry, Node, Relay,
};
use serde_json::json;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(180);

fn identity_id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

fn diploma() -> ChainId {
	ChainId::Side("diploma".parse().unwrap())
}

/// The number of the latest `chain` header that `node`'s chain has anchored.
fn anchored_on(node: &Node, chain: &ChainId) -> BlockNumber {
	let key = ecert_primitives::storage::anchored_chain(chain);
	node.storage(&key)
		.map(|bytes| {
			ecert_primitives::ChainState::<BlockNumber>::decode(&mut &bytes[..])
				.unwrap()
				.best_number
		})
		.unwrap_or_default()
}

fn issue(side: &BlockingNode, number: &str) -> Result<BlockNumber, ClientError> {
	let receipt = side.submit::<SideChain>(
		&Sr25519Keyring::Charlie.pair(),
		diploma_issue_call(number, identity_id(0xd0), commitment(&sample_diploma_fields())),
	)?;
	Ok(receipt.block_number)
}

/// The main chain's checkpoint, as a verifier would fetch it once from a
/// main node it trusts.
fn checkpoint(main: &Node) -> MainCheckpoint {
	let (genesis_hash, authorities, set_id) = BlockingNode::new(main.rpc_url())
		.finality_checkpoint()
		.expect("the main node gives a checkpoint");
	MainCheckpoint { genesis_hash, authorities, set_id }
}

#[test]
fn certificates_are_proven_against_the_main_chain_and_issuers_by_main_chain_state() {
	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let diploma_node = Node::start("side-diploma-dev", &dir.path().join("diploma"));
	let license_node = Node::start("side-license-dev", &dir.path().join("license"));
	let relay = Relay::start(&main, &[&diploma_node, &license_node], &dir.path().join("relay"));
	let registry = MainRegistry { rpc: BlockingNode::new(main.rpc_url()) };
	let side = BlockingNode::new(diploma_node.rpc_url());

	// 1. The university is accredited on the main chain.
	let nobody = KeyAgreementPair::from_seed("//nobody");
	registry.register(Sr25519Keyring::Charlie, identity_id(0xc0), Role::Issuer, &nobody);
	registry.register(Sr25519Keyring::Dave, identity_id(0xd0), Role::Holder, &nobody);
	let ntu: OrgCode = "NTU".parse().unwrap();
	registry.accredit(&ntu, identity_id(0xc0), "diploma");

	// 2. It issues on the diploma chain once the relay has proven the
	//    accreditation there.
	let mut issued_at = 0;
	wait_for(
		TIMEOUT,
		"the diploma chain accepts the issuer accredited on main",
		|| match issue(&side, "NTU-2026-0001") {
			Ok(block) => {
				issued_at = block;
				true
			},
			Err(_) => false,
		},
		|| relay.log_tail(),
	);
	let main_at_issue = main.best_number();

	// 3. The diploma header is anchored on main within a few main blocks.
	wait_for(
		TIMEOUT,
		"the main chain anchors the diploma header",
		|| anchored_on(&main, &diploma()) >= issued_at,
		|| relay.log_tail(),
	);
	let lag = main.best_number() - main_at_issue;
	println!(
		"anchoring lag: {lag} main blocks (diploma #{issued_at} issued at main #{main_at_issue})"
	);
	assert!(lag <= 12, "anchoring took {lag} main blocks");
	wait_for(
		TIMEOUT,
		"the main chain anchors the licence chain too",
		|| anchored_on(&main, &ChainId::Side("license".parse().unwrap())) > 0,
		|| relay.log_tail(),
	);

	// 4. The portable proof verifies offline against the main checkpoint.
	let diploma_type: CertificateTypeId = "diploma".parse().unwrap();
	let id = CertificateId::derive(&diploma_type, &ntu, &"NTU-2026-0001".parse().unwrap());
	let checkpoint = checkpoint(&main);
	let proof = proof_at_or_after(&diploma_node, id, issued_at, &relay);
	let bytes = proof_bytes(&proof);
	println!("portable proof: {} bytes", bytes.len());
	assert_eq!(proof.size as usize, bytes.len());
	assert!(bytes.len() <= 2_953, "{} bytes do not fit a QR code", bytes.len());
	let decoded = CertificateProof::from_bytes(&bytes).unwrap();
	let start = Instant::now();
	let proven = verify_certificate_proof(&decoded, &checkpoint).expect("the proof verifies");
	println!("offline verification: {:?}", start.elapsed());
	assert_eq!(proven.certificate, id);
	assert_eq!(proven.side_chain, diploma());
	assert_eq!(proven.record.status, CertificateStatus::Active);
	assert_eq!(proven.record.issuer, ntu);

	// The main runtime offers the same check on chain.
	let on_chain = |bytes: &[u8]| {
		let argument = format!("0x{}", hex::encode(codec::Encode::encode(&bytes.to_vec())));
		let answer = main
			.rpc("state_call", json!(["CertificateProofApi_verify_certificate_proof", argument]));
		let answer = hex::decode(answer.as_str().unwrap().trim_start_matches("0x")).unwrap();
		Result::<ProvenCertificate, ProofError>::decode(&mut &answer[..]).unwrap()
	};
	assert_eq!(on_chain(&bytes).unwrap().certificate, id);

	// A tampered copy fails: any changed byte breaks a link.
	for position in [10, bytes.len() / 2, bytes.len() - 10] {
		let mut tampered = bytes.clone();
		tampered[position] ^= 0x01;
		let verdict = CertificateProof::from_bytes(&tampered)
			.and_then(|proof| verify_certificate_proof(&proof, &checkpoint));
		assert!(verdict.is_err(), "a proof tampered at byte {position} verified");
		assert!(on_chain(&tampered).is_err(), "the runtime took a proof tampered at {position}");
	}
	let mut wrong_set = checkpoint.clone();
	wrong_set.set_id += 1;
	assert!(verify_certificate_proof(&decoded, &wrong_set).is_err());
	// A network with the same validators but another genesis: refused.
	let mut staging = checkpoint.clone();
	staging.genesis_hash = H256::repeat_byte(0x57);
	assert_eq!(verify_certificate_proof(&decoded, &staging), Err(ProofError::WrongNetwork));
	// The proof tells when its record was read: the side block's time.
	assert!(proven.side_time > 1_700_000_000_000 && proven.side_time <= proven.main_time);

	// 5. Revoked: a fresh proof shows it.
	let revoked_at = side
		.submit::<SideChain>(
			&Sr25519Keyring::Charlie.pair(),
			RuntimeCall::Certificates(pallet_certificates::Call::revoke {
				id,
				reason: 3,
				membership: None,
			}),
		)
		.unwrap()
		.block_number;
	let proof = proof_at_or_after(&diploma_node, id, revoked_at, &relay);
	assert_eq!(proof.status, CertificateStatus::Revoked { reason: 3 });
	let proven = verify_certificate_proof(
		&CertificateProof::from_bytes(&proof_bytes(&proof)).unwrap(),
		&checkpoint,
	)
	.unwrap();
	assert_eq!(proven.record.status, CertificateStatus::Revoked { reason: 3 });

	// 6. The main chain suspends the university: once the relay has carried
	//    that, the diploma chain refuses its next certificate.
	registry.sudo(ecert_tests::main_runtime::RuntimeCall::Issuers(pallet_issuers::Call::suspend {
		org_code: ntu.clone(),
		reason: "audit".try_into().unwrap(),
	}));
	let view_key = ecert_primitives::storage::viewed_issuer(&ntu);
	wait_for(
		TIMEOUT,
		"the suspension reaches the diploma chain",
		|| {
			diploma_node.storage(&view_key).is_some_and(|bytes| {
				IssuerRecord::<BlockNumber>::decode(&mut &bytes[..]).unwrap().status
					== AccreditationStatus::Suspended
			})
		},
		|| relay.log_tail(),
	);
	match issue(&side, "NTU-2026-0002") {
		Err(ClientError::Rejected(message)) => {
			assert!(message.contains("NotAccredited"), "{message}")
		},
		other => panic!("a suspended issuer must be refused, got {other:?}"),
	}

	// 7. SIGKILL the relay, restart it: anchoring carries on from the chains'
	//    own state.
	let metrics = relay.metrics();
	assert!(metrics.contains("ecert_relay_best_anchored"), "{metrics}");
	let before = anchored_on(&main, &diploma());
	relay.kill();
	let relay = Relay::start(&main, &[&diploma_node, &license_node], &dir.path().join("relay2"));
	wait_for(
		TIMEOUT,
		"anchoring continues after the restart",
		|| anchored_on(&main, &diploma()) > before,
		|| relay.log_tail(),
	);
	// No gap: the new anchored header follows on from the light client's
	// state (the runtime refuses anything else), and nothing went backwards.
	assert!(anchored_on(&main, &diploma()) > before);
	let renewed_proof = proof_at_or_after(&diploma_node, id, before, &relay);
	assert!(verify_certificate_proof(
		&CertificateProof::from_bytes(&proof_bytes(&renewed_proof)).unwrap(),
		&checkpoint
	)
	.is_ok());

	// 8. A second relay beside the first, as operators run for redundancy:
	//    both send the same proofs, the pool keeps one of each and refuses
	//    the rest before any block spends anything on them, and anchoring
	//    carries on both ways.
	let second = Relay::start(&main, &[&diploma_node, &license_node], &dir.path().join("relay3"));
	let (before, side_before) =
		(anchored_on(&main, &diploma()), anchored_on(&diploma_node, &ChainId::Main));
	let submitted = |a: &Relay, b: &Relay| {
		a.metric_sum("ecert_relay_submissions_total")
			+ b.metric_sum("ecert_relay_submissions_total")
	};
	let submitted_before = submitted(&relay, &second);
	wait_for(
		TIMEOUT,
		"two relays anchor on, both ways",
		|| {
			anchored_on(&main, &diploma()) > before + 5
				&& anchored_on(&diploma_node, &ChainId::Main) > side_before + 5
		},
		|| format!("{}\n---\n{}", relay.log_tail(), second.log_tail()),
	);
	// What the chains refused of the two relays' duplicates, they refused in
	// the pool ("Transaction is already imported", or stale): no block
	// carried a failed proof.
	for log in [relay.log(), second.log()] {
		for refused in log.lines().filter(|line| line.contains("rejected the transaction")) {
			assert!(refused.contains("The transaction is not valid"), "{refused}");
		}
	}
	// Both relays are live and follow both chains; which of them gets each
	// proof in first is a race, so only the two together must have carried
	// some.
	for one in [&relay, &second] {
		assert!(one.metric_sum("ecert_relay_source_finalized") > 0, "{}", one.metrics());
		assert!(one.metrics().contains("ecert_relay_submissions_total{"), "{}", one.metrics());
	}
	assert!(submitted(&relay, &second) > submitted_before);
	let later = proof_at_or_after(&diploma_node, id, side_before, &second);
	assert!(verify_certificate_proof(
		&CertificateProof::from_bytes(&proof_bytes(&later)).unwrap(),
		&checkpoint
	)
	.is_ok());
}

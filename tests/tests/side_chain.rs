//! A side chain end to end: a real `side-diploma-dev` node, real signed
//! transactions from issuers, holders and verifiers, and every result
//! checked through the `ecert_*` RPC. Then a scan of all state and every
//! block body for the personal data that was issued.

use ecert_client::ArrayParams;
use ecert_client::SideChain;
use ecert_client::{
	api::{
		openrpc, CertificateQuery, Number, SideChainApiClient, Verification, INVALID_PARAMS_CODE,
		NOT_ALLOWED_CODE,
	},
	rpc_params, BlockingNode, ClientError, Receipt, RpcError,
};
use ecert_primitives::query::{sign_query, CERTIFICATES_OF};
use ecert_primitives::{
	batch_membership, batch_root, commitment, disclose, sealed::KeyAgreementPair,
	verify_certificate_proof, AssetMetadata, BatchLeaf, BatchMembership, CertificateId,
	CertificateProof, CertificateStatus, CertificateTerms, CertificateTypeId, ChangeKind,
	DisclosedField, IdentityId, MainCheckpoint, OrgCode, Role, SaltedField, VerificationStatus,
};
use ecert_tests::main_runtime::pallet_anchoring;
use ecert_tests::side_runtime::{pallet_balances, pallet_certificates, RuntimeCall, RuntimeEvent};
use ecert_tests::{
	batched_proof_at_or_after, diploma_schema, proof_bytes, wait_for, MainRegistry, Node, Relay,
};
use rand::RngCore;

use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

const NAME: &str = "Chen Mei-Ling";
const ID_NUMBER: &str = "A123456789";
const BIRTH_DATE: &str = "1998-04-12";

fn unix_millis() -> u64 {
	let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
	now.as_millis() as u64
}

fn identity_id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

fn salted(values: [&str; 6]) -> Vec<SaltedField> {
	diploma_schema()
		.names()
		.into_iter()
		.zip(values)
		.map(|(name, value)| {
			let mut salt = [0u8; 32];
			rand::thread_rng().fill_bytes(&mut salt);
			SaltedField { name: name.into(), value: value.into(), salt: salt.into() }
		})
		.collect()
}

fn asset() -> AssetMetadata {
	AssetMetadata::FIELDS
}

struct Chain {
	rpc: BlockingNode,
}

impl Chain {
	fn submit(
		&self,
		signer: Sr25519Keyring,
		call: RuntimeCall,
	) -> Result<Receipt<RuntimeEvent>, ClientError> {
		self.rpc.submit::<SideChain>(&signer.pair(), call)
	}

	/// The status of `certificate`, found by `membership` if batched.
	fn verify(
		&self,
		certificate: impl Into<CertificateQuery>,
		membership: Option<BatchMembership>,
	) -> Result<Verification, RpcError> {
		let certificate = certificate.into();
		self.rpc.read(move |api| api.verify_certificate(certificate, membership, None))
	}

	/// A standard method's answer.
	fn request<T: serde::de::DeserializeOwned>(&self, method: &str, params: ArrayParams) -> T {
		self.rpc.request(method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
	}

	fn issue(
		&self,
		issuer: Sr25519Keyring,
		number: &str,
		fields: &[SaltedField],
		payload: Option<Vec<u8>>,
	) -> Result<Receipt<RuntimeEvent>, ClientError> {
		self.submit(
			issuer,
			RuntimeCall::Certificates(pallet_certificates::Call::issue {
				certificate_type: "diploma".parse().unwrap(),
				terms: terms(number, fields),
				payload: payload.map(|p| p.try_into().unwrap()),
			}),
		)
	}
}

fn terms(number: &str, fields: &[SaltedField]) -> CertificateTerms {
	CertificateTerms {
		number: number.parse().unwrap(),
		holder: identity_id(0xd0),
		commitment: commitment(fields),
		valid_from: 0,
		valid_until: None,
		asset: asset(),
		document: None,
	}
}

fn id_of(org: &str, number: &str) -> CertificateId {
	let diploma: CertificateTypeId = "diploma".parse().unwrap();
	CertificateId::derive(&diploma, &org.parse().unwrap(), &number.parse().unwrap())
}

#[test]
fn issue_verify_disclose_grant_revoke_renew_and_no_personal_data_on_chain() {
	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let node = Node::start("side-diploma-dev", &dir.path().join("side"));
	let relay = Relay::start(&main, &[&node], &dir.path().join("relay"));
	let chain = Chain { rpc: BlockingNode::new(node.rpc_url()) };
	let main_chain = MainRegistry { rpc: BlockingNode::new(main.rpc_url()) };
	let holder_keys = KeyAgreementPair::from_seed("//Dave");
	let nobody = KeyAgreementPair::from_seed("//nobody");

	// The main chain's registries, which the relay proves to the side chain:
	// Charlie acts for the university NTU, Dave is the holder, Eve a
	// verifier, Ferdie an issuer identity without accreditation.
	main_chain.register(Sr25519Keyring::Charlie, identity_id(0xc0), Role::Issuer, &nobody);
	main_chain.register(Sr25519Keyring::Dave, identity_id(0xd0), Role::Holder, &holder_keys);
	main_chain.register(Sr25519Keyring::Eve, identity_id(0xe0), Role::Verifier, &nobody);
	main_chain.register(Sr25519Keyring::Ferdie, identity_id(0xf0), Role::Issuer, &nobody);
	let ntu: OrgCode = "NTU".parse().unwrap();
	main_chain.accredit(&ntu, identity_id(0xc0), "diploma");
	let view_keys: Vec<Vec<u8>> = [0xc0, 0xd0, 0xe0, 0xf0]
		.map(|n| ecert_primitives::storage::viewed_identity(&identity_id(n)))
		.into_iter()
		.chain([ecert_primitives::storage::viewed_issuer(&ntu)])
		.collect();
	wait_for(
		Duration::from_secs(120),
		"the relay proves the main chain's registries to the side chain",
		|| view_keys.iter().all(|key| node.storage(key).is_some()),
		|| relay.log_tail(),
	);

	// 1. One certificate, with its information sealed to the holder.
	let fields = salted([
		"NTU-2026-0001",
		NAME,
		ID_NUMBER,
		BIRTH_DATE,
		"National Taiwan University",
		"Bachelor",
	]);
	let information = serde_json::to_vec(&fields).unwrap();
	let sealed = ecert_primitives::sealed::seal(&holder_keys.public(), &information);
	let receipt =
		chain.issue(Sr25519Keyring::Charlie, "NTU-2026-0001", &fields, Some(sealed)).unwrap();
	let id = id_of("NTU", "NTU-2026-0001");

	//    And a batch of 10,000.
	let leaves: Vec<BatchLeaf> = (0..10_000u32)
		.map(|i| BatchLeaf {
			number: format!("NTU-2026-B{i:05}").parse().unwrap(),
			holder: identity_id(0xd0),
			commitment: H256::from(sp_crypto_hashing::blake2_256(&i.to_le_bytes())),
			valid_from: 0,
			valid_until: None,
		})
		.collect();
	let batch_receipt = chain
		.submit(
			Sr25519Keyring::Charlie,
			RuntimeCall::Certificates(pallet_certificates::Call::issue_batch {
				root: batch_root(&leaves),
				count: 10_000,
				asset: asset(),
			}),
		)
		.unwrap();
	assert!(batch_receipt.block_number >= receipt.block_number);

	// 2. Verify the single certificate, by id and by its printed number...
	let verified = chain.verify(id, None).unwrap();
	assert_eq!(verified.status, VerificationStatus::Valid);
	assert_eq!(verified.issuer.unwrap().as_str(), "NTU");
	assert_eq!(verified.certificate_type.as_str(), "diploma");
	assert_eq!(verified.holder, Some(identity_id(0xd0)));
	let issued = verified.issued.unwrap();
	assert_eq!(issued.block_number, receipt.block_number);
	assert_eq!(issued.block_hash, Some(receipt.block_hash));
	assert_eq!(issued.tx_hash, Some(receipt.tx_hash));
	//    The node found that hash in its offchain index, which the runtime
	//    wrote as the block was imported, not by reading the block.
	let indexed: Option<H256> = chain.request(
		"offchain_localStorageGet",
		rpc_params!["PERSISTENT", indexed_tx_key(&chain, receipt.block_hash, receipt.index)],
	);
	assert_eq!(indexed, Some(receipt.tx_hash), "the node indexed the issuing transaction");
	//    Every field of the answer is one the OpenRPC document describes.
	let document = openrpc::document();
	let documented = document
		.pointer("/components/schemas/Verification/properties")
		.and_then(|properties| properties.as_object())
		.unwrap()
		.clone();
	let wire: serde_json::Map<String, serde_json::Value> =
		node.client().request("ecert_verifyCertificate", rpc_params![id]).unwrap();
	for field in wire.keys() {
		assert!(documented.contains_key(field), "openrpc.json does not describe {field}");
	}
	let printed =
		CertificateQuery::Number { org_code: "NTU".into(), number: "NTU-2026-0001".into() };
	assert_eq!(chain.verify(printed, None).unwrap().certificate_id, id);
	//    ...and one from the batch, with its proof.
	let membership = batch_membership(&leaves, 4_321).unwrap();
	let batched = id_of("NTU", "NTU-2026-B04321");
	let verified = chain.verify(batched, Some(membership.clone())).unwrap();
	assert_eq!(verified.status, VerificationStatus::Valid);
	assert_eq!(verified.batch, Some(membership.root));
	assert_eq!(verified.issued.unwrap().tx_hash, Some(batch_receipt.tx_hash));
	assert_eq!(chain.verify(batched, None).unwrap().status, VerificationStatus::Unknown);
	let mut forged = membership.clone();
	forged.leaf.holder = identity_id(0x66);
	let error = chain.verify(batched, Some(forged)).unwrap_err();
	assert!(matches!(error, RpcError::Call { code: INVALID_PARAMS_CODE, .. }), "{error}");
	//    Each batched certificate has a portable proof, checked offline
	//    against the main chain's checkpoint: one revoked since its batch
	//    shows it, and one of the same batch that did not change is valid.
	let revoked = batch_membership(&leaves, 17).unwrap();
	let revoked_id = id_of("NTU", "NTU-2026-B00017");
	let revocation = chain
		.submit(
			Sr25519Keyring::Charlie,
			RuntimeCall::Certificates(pallet_certificates::Call::revoke {
				id: revoked_id,
				reason: 3,
				membership: Some(revoked.clone()),
			}),
		)
		.unwrap();
	let (genesis_hash, authorities, set_id) =
		main_chain.rpc.finality_checkpoint().expect("the main node gives a checkpoint");
	let checkpoint = MainCheckpoint { genesis_hash, authorities, set_id };
	let at = revocation.block_number;
	for (id, membership, status) in [
		(batched, membership.clone(), CertificateStatus::Active),
		(revoked_id, revoked, CertificateStatus::Revoked { reason: 3 }),
	] {
		let answer = batched_proof_at_or_after(&node, id, Some(membership), at, &relay);
		assert_eq!(answer.status, status);
		let proof = CertificateProof::from_bytes(&proof_bytes(&answer)).unwrap();
		assert!(matches!(proof, CertificateProof::V3(_)), "a batched certificate's proof");
		let proven = verify_certificate_proof(&proof, &checkpoint).unwrap();
		assert_eq!((proven.certificate, proven.record.status), (id, status));
		assert_eq!(proven.record.holder, identity_id(0xd0));
		assert!(answer.size <= 2_953, "{} bytes: more than a QR code holds", answer.size);
	}
	let another = batch_membership(&leaves, 18).unwrap();
	let error = chain.rpc.read(move |api| api.certificate_proof(batched.into(), Some(another)));
	assert!(error.is_err(), "another member's membership proves nothing: {error:?}");

	// 3. Disclose the school and the degree, and nothing else.
	let disclosed = vec![disclose(&fields, 4).unwrap(), disclose(&fields, 5).unwrap()];
	let check_disclosure = |fields: Vec<DisclosedField>| {
		chain.rpc.read(move |api| api.check_disclosure(id.into(), fields, None)).unwrap()
	};
	let check = check_disclosure(disclosed.clone());
	assert!(check.all_match, "{check:?}");
	assert_eq!(check.fields[0].value, "National Taiwan University");
	let mut lie = disclosed.clone();
	lie[1].value = "Doctorate".into();
	let check = check_disclosure(lie);
	assert!(!check.all_match);
	assert!(!check.fields[1].matches);

	// 4. Fetch by block and transaction hash; only the holder can read it.
	let (block, tx) = (Number(receipt.block_number), receipt.tx_hash);
	let by_tx = chain.rpc.read(move |api| api.certificate_by_tx(block, tx)).unwrap();
	assert_eq!(by_tx.issuer.as_str(), "NTU");
	assert_eq!(by_tx.certificate_id, id);
	let payload = by_tx.encrypted_payload.unwrap();
	let payload = hex::decode(payload.trim_start_matches("0x")).unwrap();
	let opened: Vec<SaltedField> =
		serde_json::from_slice(&holder_keys.open(&payload).unwrap()).unwrap();
	assert_eq!(opened, fields);
	assert!(nobody.open(&payload).is_err());

	// 5. Dave grants Eve access; Eve records a verification and pays NTU.
	chain
		.submit(
			Sr25519Keyring::Dave,
			RuntimeCall::Certificates(pallet_certificates::Call::grant {
				id,
				verifier: identity_id(0xe0),
				expires_at: u64::MAX,
				membership: None,
			}),
		)
		.unwrap();
	let verification = chain
		.submit(
			Sr25519Keyring::Eve,
			RuntimeCall::Certificates(pallet_certificates::Call::record_verification {
				id,
				purpose: 7,
				membership: None,
			}),
		)
		.unwrap();
	assert!(verification.events.iter().any(|event| matches!(
		event,
		RuntimeEvent::Balances(pallet_balances::Event::Transfer { to, .. })
			if *to == Sr25519Keyring::Charlie.to_account_id()
	)));
	let log = chain.rpc.read(move |api| api.verifications_of(id, None)).unwrap();
	assert_eq!(log.total, 1);
	assert_eq!(log.items[0].verifier, identity_id(0xe0));
	assert_eq!(log.items[0].purpose, 7);
	assert_eq!(log.items[0].recorded.block, verification.block_number);

	// 6. Revoke (reason 000, cancellation) and verify again.
	chain
		.submit(
			Sr25519Keyring::Charlie,
			RuntimeCall::Certificates(pallet_certificates::Call::revoke {
				id,
				reason: 0,
				membership: None,
			}),
		)
		.unwrap();
	let verified = chain.verify(id, None).unwrap();
	assert_eq!(verified.status, VerificationStatus::Revoked);
	assert_eq!(verified.revocation_reason, Some(0));
	assert_eq!(verified.history[0].kind, ChangeKind::Revoked { reason: 0 });
	assert_ne!(verified.last_changed.unwrap().tx_hash, verified.issued.unwrap().tx_hash);

	// 7. Renew another certificate and follow the lineage.
	let second = salted([
		"NTU-2026-0002",
		NAME,
		ID_NUMBER,
		BIRTH_DATE,
		"National Taiwan University",
		"Master",
	]);
	chain.issue(Sr25519Keyring::Charlie, "NTU-2026-0002", &second, None).unwrap();
	let renewed = salted([
		"NTU-2026-0002-R1",
		NAME,
		ID_NUMBER,
		BIRTH_DATE,
		"National Taiwan University",
		"Master",
	]);
	chain
		.submit(
			Sr25519Keyring::Charlie,
			RuntimeCall::Certificates(pallet_certificates::Call::renew {
				old: id_of("NTU", "NTU-2026-0002"),
				terms: terms("NTU-2026-0002-R1", &renewed),
				payload: None,
			}),
		)
		.unwrap();
	let old = chain.verify(id_of("NTU", "NTU-2026-0002"), None).unwrap();
	assert_eq!(old.status, VerificationStatus::Superseded);
	assert_eq!(old.superseded_by, Some(id_of("NTU", "NTU-2026-0002-R1")));
	let new = chain.verify(id_of("NTU", "NTU-2026-0002-R1"), None).unwrap();
	assert_eq!(new.status, VerificationStatus::Valid);
	assert_eq!(new.supersedes, Some(id_of("NTU", "NTU-2026-0002")));
	// Only the holder, or a verifier the holder granted, lists the holder's
	// certificates, by a fresh signature of the query.
	let list = |signer: Sr25519Keyring, verifier: Option<IdentityId>, after| {
		let params = (identity_id(0xd0), after);
		let signature =
			sign_query(&signer.pair(), CERTIFICATES_OF, &params, unix_millis(), verifier);
		chain.rpc.read(move |api| api.certificates_of(params.0, params.1, Some(signature)))
	};
	let held = list(Sr25519Keyring::Dave, None, None).unwrap();
	assert_eq!(held.items.len(), 3);
	assert!(held.next.is_none(), "one page holds them all");
	// A page starts after a given certificate, read from that key on.
	let rest = list(Sr25519Keyring::Dave, None, Some(held.items[0].certificate_id)).unwrap();
	assert_eq!(rest.items[..], held.items[1..]);
	// Eve, a verifier, sees the one certificate Dave granted her.
	let granted = list(Sr25519Keyring::Eve, Some(identity_id(0xe0)), None).unwrap();
	let granted: Vec<_> = granted.items.iter().map(|held| held.certificate_id).collect();
	assert_eq!(granted, [id]);
	// Nobody else: not unsigned, not another key, not a key claiming to be
	// the holder's or a verifier's.
	let refused = |answer: Result<_, RpcError>| match answer {
		Err(RpcError::Call { code, message }) => {
			assert_eq!(code, NOT_ALLOWED_CODE, "{message}");
			message
		},
		other => panic!("an unauthorised listing must be refused, got {other:?}"),
	};
	let unsigned = chain.rpc.read(|api| api.certificates_of(identity_id(0xd0), None, None));
	assert!(refused(unsigned).contains("only the holder"));
	assert!(refused(list(Sr25519Keyring::Eve, None, None)).contains("signature"));
	refused(list(Sr25519Keyring::Ferdie, Some(identity_id(0xe0)), None));
	// Ferdie signs as himself, and holds no grant: he sees nothing.
	let ungranted = list(Sr25519Keyring::Ferdie, Some(identity_id(0xf0)), None).unwrap();
	assert!(ungranted.items.is_empty(), "{ungranted:?}");
	// The history is paged; the answer to a check names its length.
	let renewed_id = id_of("NTU", "NTU-2026-0002");
	let history = chain.rpc.read(move |api| api.certificate_history(renewed_id, None)).unwrap();
	assert_eq!(history.total, old.history_total);
	assert_eq!(history.items, old.history);

	// 8. An issuer identity without accreditation is refused.
	match chain.issue(Sr25519Keyring::Ferdie, "F-1", &second, None) {
		Err(ClientError::Rejected(message)) => {
			assert!(message.contains("NotAnIssuer"), "{message}")
		},
		other => panic!("an unaccredited issuer must be refused, got {other:?}"),
	}
	assert_eq!(
		chain.verify(id_of("NTU", "F-1"), None).unwrap().status,
		VerificationStatus::Unknown
	);

	// 9. A call of another chain's runtime never reaches the pool: the
	// client reads every call back against the node's metadata first (the
	// main chain's anchoring pallet, index 12, is not in a side runtime).
	let main_only =
		ecert_tests::main_runtime::RuntimeCall::Anchoring(pallet_anchoring::Call::reset_chain {
			chain: ecert_primitives::ChainId::Main,
			checkpoint: ecert_primitives::ChainCheckpoint {
				genesis_hash: H256::zero(),
				authorities: Default::default(),
				set_id: 0,
			},
			checkpoint_number: 0,
		});
	let alice = Sr25519Keyring::Alice.pair();
	let nonce = chain.rpc.next_nonce(&alice).unwrap();
	match chain.rpc.submit::<ecert_client::MainChain>(&alice, main_only) {
		Err(ClientError::BadAnswer(message)) => {
			assert!(message.contains("does not take this call"), "{message}")
		},
		other => panic!("a main-chain call must not be sent to a side node, got {other:?}"),
	}
	assert_eq!(chain.rpc.next_nonce(&alice).unwrap(), nonce, "nothing reached the pool");

	// Privacy: the name, the ID number and the birth date were issued three
	// times over; none of them may appear in any storage key or value, or in
	// any block body.
	let secrets: Vec<String> =
		[NAME, ID_NUMBER, BIRTH_DATE].iter().map(|s| hex::encode(s.as_bytes())).collect();
	let mut scanned_values = 0;
	let mut start: Option<String> = None;
	loop {
		let keys: Vec<String> =
			chain.request("state_getKeysPaged", rpc_params!["0x", 1000, start.clone()]);
		for key in &keys {
			let value: Option<String> = chain.request("state_getStorage", rpc_params![key]);
			let value = value.unwrap_or_default();
			for secret in &secrets {
				assert!(!key.contains(secret.as_str()), "personal data in storage key {key}");
				assert!(!value.contains(secret.as_str()), "personal data in the value of {key}");
			}
			scanned_values += 1;
		}
		if keys.len() < 1000 {
			break;
		}
		start = keys.last().cloned();
	}
	assert!(scanned_values > 20, "only {scanned_values} storage entries scanned");
	let best = node.best_number();
	for number in 0..=best {
		let hash: H256 = chain.request("chain_getBlockHash", rpc_params![number]);
		let block: SignedBlock = chain.request("chain_getBlock", rpc_params![hash]);
		let body = block.block.extrinsics.join(",");
		for secret in &secrets {
			assert!(
				!body.contains(secret.as_str()),
				"personal data in the body of block #{number}"
			);
		}
	}
}

/// The key under which `node` indexes transaction `index` of block `hash`,
/// as 0x-hex, from the block's header.
fn indexed_tx_key(chain: &Chain, hash: H256, index: u32) -> String {
	let header: ecert_primitives::Header = chain.request("chain_getHeader", rpc_params![hash]);
	let key = ecert_primitives::storage::transaction_hash_key(
		header.number,
		header.parent_hash.as_ref(),
		&header.digest,
		index,
	);
	format!("0x{}", hex::encode(key))
}

/// A block as `chain_getBlock` gives it: its transactions, as 0x-hex.
#[derive(serde::Deserialize)]
struct SignedBlock {
	block: BlockBody,
}

#[derive(serde::Deserialize)]
struct BlockBody {
	extrinsics: Vec<String>,
}

//! The main chain end to end: a real `main-dev` node, real signed
//! transactions, and every result checked through the `ecert_*` RPC.

use ecert_client::{ClientError, MainChain, Rpc};
use ecert_main_runtime::RuntimeCall;
use ecert_primitives::{
	identity_derivation::{DocumentKind, IdentityData},
	CertificateTypeId, ChainCheckpoint, GrandpaAuthorities, IdentityKeys, KeyAgreementKey, Name,
	OrgCode, Reason, Role, SigningKey, DIPLOMA_SCHEMA, LICENSE_SCHEMA,
};
use ecert_tests::Node;
use serde_json::{json, Value};
use sp_core::{sr25519, H256};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The identity authority's secret key for identity ids, in this test.
const REGISTRAR_KEY: &[u8] = b"identity authority test key, 32+";

fn keys_of(account: Sr25519Keyring, key_agreement: u8) -> IdentityKeys {
	IdentityKeys {
		signing: SigningKey::Sr25519(account.public()),
		key_agreement: KeyAgreementKey(H256::repeat_byte(key_agreement)),
	}
}

fn person(name: &str, document_number: &str) -> IdentityData {
	IdentityData {
		name: name.into(),
		document: DocumentKind::NationalId,
		document_number: document_number.into(),
		birth_date: "1998-04-12".into(),
		country: "TW".into(),
	}
}

struct Chain {
	rpc: Rpc,
}

impl Chain {
	fn submit(&self, signer: Sr25519Keyring, call: RuntimeCall) -> Result<u32, ClientError> {
		let pair: sr25519::Pair = signer.pair();
		self.rpc.submit::<MainChain>(&pair, call).map(|receipt| {
			assert_ne!(receipt.tx_hash, H256::zero());
			receipt.block_number
		})
	}

	fn sudo(&self, call: RuntimeCall) -> Result<u32, ClientError> {
		self.submit(
			Sr25519Keyring::Alice,
			RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) }),
		)
	}

	fn ecert(&self, method: &str, params: Value) -> Value {
		self.rpc.call(method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
	}
}

fn side_chain(genesis: u8) -> ChainCheckpoint {
	let authorities: GrandpaAuthorities =
		vec![(Ed25519Keyring::Alice.public().into(), 1)].try_into().unwrap();
	ChainCheckpoint { genesis_hash: H256::repeat_byte(genesis), authorities, set_id: 0 }
}

fn register_type(id: &str, name: &str, schema_hash: H256, genesis: u8) -> RuntimeCall {
	RuntimeCall::CertificateTypes(pallet_certificate_types::Call::register {
		id: id.parse().unwrap(),
		name: Name::try_from(name).unwrap(),
		schema_hash,
		side_chain: side_chain(genesis),
	})
}

#[test]
fn identities_issuers_and_types_through_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start("main-dev", dir.path());
	let chain = Chain { rpc: Rpc::new(node.rpc_url()) };
	let dave = Sr25519Keyring::Dave.to_account_id().to_string();
	let eve = Sr25519Keyring::Eve.to_account_id().to_string();
	let charlie = Sr25519Keyring::Charlie.to_account_id().to_string();

	// 1. Dave requests an identity; Alice, the dev registrar, approves it
	//    with the id derived from his identity data.
	chain
		.submit(
			Sr25519Keyring::Dave,
			RuntimeCall::Identity(pallet_ecert_identity::Call::request_registration {
				keys: keys_of(Sr25519Keyring::Dave, 4),
				role: Role::Holder,
			}),
		)
		.unwrap();
	let pending = chain.ecert("ecert_identity", json!([dave]));
	assert_eq!(pending["status"], "pending");
	assert_eq!(pending["role"], "holder");
	let dave_id = person("Lin Da-Wei", "A123456789").identity_id(REGISTRAR_KEY).unwrap();
	chain
		.submit(
			Sr25519Keyring::Alice,
			RuntimeCall::Identity(pallet_ecert_identity::Call::approve {
				account: Sr25519Keyring::Dave.to_account_id(),
				id: dave_id,
			}),
		)
		.unwrap();
	let identity = chain.ecert("ecert_identity", json!([dave]));
	assert_eq!(identity["identityId"], json!(dave_id));
	assert_eq!(identity["status"], "active");
	assert_eq!(identity["role"], "holder");
	assert_eq!(identity["account"], dave);
	let by_id = chain.ecert("ecert_identity", json!([dave_id]));
	assert_eq!(by_id, identity);
	let public_key = chain.ecert("ecert_publicKey", json!([dave]));
	assert_eq!(public_key["identityId"], json!(dave_id));
	assert_eq!(public_key["signing"], json!({ "sr25519": dave }));
	assert_eq!(public_key["keyAgreement"], json!(H256::repeat_byte(4)));

	// 2. Eve asks too, but her registrar finds the same person: the same
	//    identity id is refused, and her request stays pending.
	chain
		.submit(
			Sr25519Keyring::Eve,
			RuntimeCall::Identity(pallet_ecert_identity::Call::request_registration {
				keys: keys_of(Sr25519Keyring::Eve, 5),
				role: Role::Holder,
			}),
		)
		.unwrap();
	let same_person = person("  lin  da-wei", "a123-456-789").identity_id(REGISTRAR_KEY).unwrap();
	assert_eq!(same_person, dave_id);
	let refused = chain.submit(
		Sr25519Keyring::Alice,
		RuntimeCall::Identity(pallet_ecert_identity::Call::approve {
			account: Sr25519Keyring::Eve.to_account_id(),
			id: same_person,
		}),
	);
	match refused {
		Err(ClientError::Rejected(message)) => {
			assert!(message.contains("IdentityIdTaken"), "{message}")
		},
		other => panic!("a duplicate identity id must be refused, got {other:?}"),
	}
	assert_eq!(chain.ecert("ecert_identity", json!([eve]))["status"], "pending");

	// 5 (before 3, since an accreditation names registered types). The
	//    development chain starts with the diploma and licence types; the
	//    authority registers a marriage type (a new side chain, no runtime
	//    upgrade).
	chain
		.sudo(register_type("marriage", "Marriage certificate", DIPLOMA_SCHEMA.hash(), 1))
		.unwrap();
	let types = chain.ecert("ecert_certificateTypes", json!([]));
	let types = types.as_array().unwrap();
	assert_eq!(types.len(), 3);
	let by_id = |id: &str| types.iter().find(|t| t["id"] == id).unwrap().clone();
	let diploma_type = by_id("diploma");
	assert_eq!(diploma_type["name"], "University diploma");
	assert_eq!(diploma_type["schemaHash"], json!(DIPLOMA_SCHEMA.hash()));
	assert_eq!(diploma_type["status"], "active");
	assert_eq!(diploma_type["sideChain"]["setId"], 0);
	assert_eq!(diploma_type["sideChain"]["authorities"].as_array().unwrap().len(), 1);
	assert_eq!(by_id("license")["schemaHash"], json!(LICENSE_SCHEMA.hash()));
	let marriage = by_id("marriage");
	assert_eq!(marriage["name"], "Marriage certificate");
	assert_eq!(marriage["sideChain"]["genesisHash"], json!(H256::repeat_byte(1)));

	// 3. The university registers an issuer identity and is accredited for
	//    diplomas.
	chain
		.submit(
			Sr25519Keyring::Charlie,
			RuntimeCall::Identity(pallet_ecert_identity::Call::request_registration {
				keys: keys_of(Sr25519Keyring::Charlie, 3),
				role: Role::Issuer,
			}),
		)
		.unwrap();
	let university = IdentityData {
		name: "National Taiwan University".into(),
		document_number: "03734301".into(),
		..person("", "")
	}
	.identity_id(REGISTRAR_KEY)
	.unwrap();
	chain
		.submit(
			Sr25519Keyring::Alice,
			RuntimeCall::Identity(pallet_ecert_identity::Call::approve {
				account: Sr25519Keyring::Charlie.to_account_id(),
				id: university,
			}),
		)
		.unwrap();
	assert_eq!(chain.ecert("ecert_identity", json!([charlie]))["role"], "issuer");
	let ntu: OrgCode = "NTU".parse().unwrap();
	let diploma: CertificateTypeId = "diploma".parse().unwrap();
	let accredited_at = chain
		.sudo(RuntimeCall::Issuers(pallet_issuers::Call::accredit {
			org_code: ntu.clone(),
			name: Name::try_from("National Taiwan University").unwrap(),
			identity: university,
			certificate_types: vec![diploma].try_into().unwrap(),
			valid_from: None,
			valid_until: None,
			reason: Reason::try_from("Ministry of Education decision 115-001").unwrap(),
		}))
		.unwrap();
	let issuer = chain.ecert("ecert_issuer", json!(["NTU"]));
	assert_eq!(issuer["orgCode"], "NTU");
	assert_eq!(issuer["name"], "National Taiwan University");
	assert_eq!(issuer["identity"], json!(university));
	assert_eq!(issuer["certificateTypes"], json!(["diploma"]));
	assert_eq!(issuer["status"], "active");
	assert_eq!(issuer["accreditedAt"], accredited_at);
	assert_eq!(issuer["history"][0]["kind"], "accredited");

	// 4. Suspended, then reinstated, with the history to show for it.
	let reason = |text: &str| Reason::try_from(text).unwrap();
	chain
		.sudo(RuntimeCall::Issuers(pallet_issuers::Call::suspend {
			org_code: ntu.clone(),
			reason: reason("audit of 2026 diplomas"),
		}))
		.unwrap();
	assert_eq!(chain.ecert("ecert_issuer", json!(["NTU"]))["status"], "suspended");
	chain
		.sudo(RuntimeCall::Issuers(pallet_issuers::Call::reinstate {
			org_code: ntu.clone(),
			reason: reason("audit passed"),
		}))
		.unwrap();
	let issuer = chain.ecert("ecert_issuer", json!(["NTU"]));
	assert_eq!(issuer["status"], "active");
	let history: Vec<&str> = issuer["history"]
		.as_array()
		.unwrap()
		.iter()
		.map(|change| change["kind"].as_str().unwrap())
		.collect();
	assert_eq!(history, ["accredited", "suspended", "reinstated"]);
	assert_eq!(issuer["history"][1]["reason"], "audit of 2026 diplomas");
	assert!(issuer["history"][2]["time"].as_u64().unwrap() > 0);

	// A type that is not registered cannot be granted.
	let unknown_type = chain.sudo(RuntimeCall::Issuers(pallet_issuers::Call::update {
		org_code: ntu,
		certificate_types: vec!["realestate".parse().unwrap()].try_into().unwrap(),
		valid_from: None,
		valid_until: None,
		reason: reason("adds real-estate certificates"),
	}));
	assert!(
		matches!(&unknown_type, Err(ClientError::Rejected(m)) if m.contains("UnknownCertificateType")),
		"{unknown_type:?}"
	);

	// Bad input gets a JSON-RPC error that says what was wrong, and the node
	// keeps serving.
	let error = node.rpc_error("ecert_publicKey", json!(["not-an-address"]));
	assert_eq!(error["code"], -32602);
	assert!(error["message"].as_str().unwrap().contains("not an SS58 account address"));
	let error = node.rpc_error("ecert_issuer", json!(["lower case"]));
	assert_eq!(error["code"], -32602);
	let error = node.rpc_error("ecert_issuer", json!(["UNKNOWN-ORG"]));
	assert_eq!(error["code"], 1004);
	assert!(error["message"].as_str().unwrap().contains("UNKNOWN-ORG"));
	let error = node.rpc_error("ecert_identity", json!(["0x1234"]));
	assert_eq!(error["code"], -32602);
	let error = node
		.rpc_error("ecert_publicKey", json!([Sr25519Keyring::Ferdie.to_account_id().to_string()]));
	assert_eq!(error["code"], 1004);
	assert_eq!(chain.ecert("ecert_identity", json!([dave]))["status"], "active");
}

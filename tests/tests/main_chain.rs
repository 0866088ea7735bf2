//! The main chain end to end: a real `main-dev` node, real signed
//! transactions, and every result checked through the `ecert_*` RPC.

use ecert_client::MainChain;
use ecert_client::{
	api::{
		IdentityAnswer, IdentityView, IssuerView, MainChainApiClient, INVALID_PARAMS_CODE,
		NOT_FOUND_CODE,
	},
	Api, ApiError, BlockingNode, ClientError, RpcError,
};
use ecert_primitives::{
	identity_derivation::{DocumentKind, IdentityData},
	schema_preset, AccreditationStatus, CertificateTypeId, CertificateTypeStatus, ChainCheckpoint,
	FieldSchema, GrandpaAuthorities, IdentityKeys, IdentityStatus, IssuerChangeKind,
	KeyAgreementKey, Name, OrgCode, Reason, Role, SigningKey,
};
use ecert_tests::main_runtime::{
	pallet_certificate_types, pallet_ecert_identity, pallet_issuers, pallet_sudo, RuntimeCall,
};
use ecert_tests::Node;
use futures::future::BoxFuture;
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
	rpc: BlockingNode,
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

	/// The identity of `account_or_id`, registered or pending.
	fn identity(&self, account_or_id: impl ToString) -> IdentityAnswer {
		let key = account_or_id.to_string();
		self.rpc.read(move |api| api.identity(key, None)).unwrap()
	}

	/// The registered identity of `account_or_id`.
	fn registered(&self, account_or_id: impl ToString) -> IdentityView {
		match self.identity(account_or_id) {
			IdentityAnswer::Registered(view) => view,
			pending => panic!("the identity is still pending: {pending:?}"),
		}
	}

	fn issuer(&self, org_code: &str) -> IssuerView {
		let org_code = org_code.to_owned();
		self.rpc.read(move |api| api.issuer(org_code, None)).unwrap()
	}

	/// The error code and message of `read`, which must fail.
	fn refusal<T: std::fmt::Debug>(
		&self,
		read: impl for<'a> FnOnce(&'a Api) -> BoxFuture<'a, Result<T, ApiError>>,
	) -> (i32, String) {
		match self.rpc.read(read) {
			Err(RpcError::Call { code, message }) => (code, message),
			other => panic!("the read should be refused, but gave {other:?}"),
		}
	}
}

fn side_chain(genesis: u8) -> ChainCheckpoint {
	let authorities: GrandpaAuthorities =
		vec![(Ed25519Keyring::Alice.public().into(), 1)].try_into().unwrap();
	ChainCheckpoint { genesis_hash: H256::repeat_byte(genesis), authorities, set_id: 0 }
}

fn preset(id: &str) -> FieldSchema {
	schema_preset(&id.parse().unwrap()).unwrap().schema()
}

fn register_type(id: &str, name: &str, genesis: u8) -> RuntimeCall {
	RuntimeCall::CertificateTypes(pallet_certificate_types::Call::register {
		id: id.parse().unwrap(),
		name: Name::try_from(name).unwrap(),
		schema: preset(id),
		side_chain: side_chain(genesis),
	})
}

#[test]
fn identities_issuers_and_types_through_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start("main-dev", dir.path());
	let chain = Chain { rpc: BlockingNode::new(node.rpc_url()) };
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
	let IdentityAnswer::Pending(pending) = chain.identity(&dave) else { panic!("not pending") };
	assert_eq!(pending.status, "pending");
	assert_eq!(pending.role, Role::Holder);
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
	let identity = chain.registered(&dave);
	assert_eq!(identity.identity_id, dave_id);
	assert_eq!(identity.record.status, IdentityStatus::Active);
	assert_eq!(identity.record.role, Role::Holder);
	assert_eq!(identity.record.account.to_string(), dave);
	let by_id = chain.registered(dave_id);
	assert_eq!(by_id.record, identity.record);
	let account = dave.clone();
	let public_key = chain.rpc.read(move |api| api.public_key(account, None)).unwrap();
	assert_eq!(public_key.identity_id, dave_id);
	assert_eq!(public_key.keys, keys_of(Sr25519Keyring::Dave, 4));

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
	assert!(matches!(chain.identity(&eve), IdentityAnswer::Pending(_)));

	// 5 (before 3, since an accreditation names registered types). The
	//    development chain starts with the diploma and licence types; the
	//    authority registers a marriage type (a new side chain, no runtime
	//    upgrade).
	chain.sudo(register_type("marriage", "Marriage certificate", 1)).unwrap();
	let types = chain.rpc.read(|api| api.certificate_types(None)).unwrap();
	assert_eq!(types.len(), 3);
	let view = |id: &str| types.iter().find(|t| t.id.as_str() == id).unwrap();
	let by_id = |id: &str| &view(id).record;
	let diploma_type = by_id("diploma");
	assert_eq!(diploma_type.name.as_str(), "University diploma");
	assert_eq!(diploma_type.schema_hash, preset("diploma").hash(&"diploma".parse().unwrap()));
	assert_eq!(view("diploma").schema, preset("diploma"));
	assert_eq!(diploma_type.status, CertificateTypeStatus::Active);
	assert_eq!(diploma_type.side_chain.set_id, 0);
	assert_eq!(diploma_type.side_chain.authorities.len(), 1);
	assert_eq!(by_id("license").schema_hash, preset("license").hash(&"license".parse().unwrap()));
	assert_eq!(view("marriage").schema.names()[5], "marriage_date");
	let marriage = by_id("marriage");
	assert_eq!(marriage.name.as_str(), "Marriage certificate");
	assert_eq!(marriage.side_chain.genesis_hash, H256::repeat_byte(1));

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
	assert_eq!(chain.registered(&charlie).record.role, Role::Issuer);
	let ntu: OrgCode = "NTU".parse().unwrap();
	let diploma: CertificateTypeId = "diploma".parse().unwrap();
	let accredited_at = chain
		.sudo(RuntimeCall::Issuers(pallet_issuers::Call::accredit {
			org_code: ntu.clone(),
			name: Name::try_from("National Taiwan University").unwrap(),
			identity: university,
			certificate_types: vec![diploma.clone()].try_into().unwrap(),
			valid_from: None,
			valid_until: None,
			reason: Reason::try_from("Ministry of Education decision 115-001").unwrap(),
		}))
		.unwrap();
	let issuer = chain.issuer("NTU");
	assert_eq!(issuer.org_code.as_str(), "NTU");
	assert_eq!(issuer.record.name.as_str(), "National Taiwan University");
	assert_eq!(issuer.record.identity, university);
	assert_eq!(issuer.record.certificate_types.iter().collect::<Vec<_>>(), [&diploma]);
	assert_eq!(issuer.record.status, AccreditationStatus::Active);
	assert_eq!(issuer.record.accredited_at, accredited_at);
	assert_eq!(issuer.history[0].kind, IssuerChangeKind::Accredited);

	// 4. Suspended, then reinstated, with the history to show for it.
	let reason = |text: &str| Reason::try_from(text).unwrap();
	chain
		.sudo(RuntimeCall::Issuers(pallet_issuers::Call::suspend {
			org_code: ntu.clone(),
			reason: reason("audit of 2026 diplomas"),
		}))
		.unwrap();
	assert_eq!(chain.issuer("NTU").record.status, AccreditationStatus::Suspended);
	chain
		.sudo(RuntimeCall::Issuers(pallet_issuers::Call::reinstate {
			org_code: ntu.clone(),
			reason: reason("audit passed"),
		}))
		.unwrap();
	let issuer = chain.issuer("NTU");
	assert_eq!(issuer.record.status, AccreditationStatus::Active);
	let history: Vec<_> = issuer.history.iter().map(|change| change.kind.clone()).collect();
	assert_eq!(
		history,
		[IssuerChangeKind::Accredited, IssuerChangeKind::Suspended, IssuerChangeKind::Reinstated]
	);
	assert_eq!(issuer.history[1].reason.as_str(), "audit of 2026 diplomas");
	assert!(issuer.history[2].time > 0);

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
	let (code, message) = chain.refusal(|api| api.public_key("not-an-address".into(), None));
	assert_eq!(code, INVALID_PARAMS_CODE);
	assert!(message.contains("not an SS58 account address"), "{message}");
	let (code, _) = chain.refusal(|api| api.issuer("lower case".into(), None));
	assert_eq!(code, INVALID_PARAMS_CODE);
	let (code, message) = chain.refusal(|api| api.issuer("UNKNOWN-ORG".into(), None));
	assert_eq!(code, NOT_FOUND_CODE);
	assert!(message.contains("UNKNOWN-ORG"), "{message}");
	let (code, _) = chain.refusal(|api| api.identity("0x1234".into(), None));
	assert_eq!(code, INVALID_PARAMS_CODE);
	let ferdie = Sr25519Keyring::Ferdie.to_account_id().to_string();
	let (code, _) = chain.refusal(move |api| api.public_key(ferdie, None));
	assert_eq!(code, NOT_FOUND_CODE);
	assert_eq!(chain.registered(&dave).record.status, IdentityStatus::Active);
}

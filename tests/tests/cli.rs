//! The `ecert` command-line client end to end: every subcommand it has run
//! as a real process against real nodes (main-dev, side-diploma-dev and
//! ecert-relay), with its JSON output and exit codes checked, including the
//! portable proof through a QR code PNG verified offline.

use codec::Decode;
use ecert_cli::calls::{main_calls, side_calls, Maker, MAIN_PALLETS, SIDE_PALLETS};
use ecert_cli::output::{
	AccountList, AccountShown, BatchReport, CertificateFetched, CertificateIssued, CertificateList,
	Changed, CheckpointSaved, CouncilView, CredentialExported, IdentityApproved, ProofExported,
	ProofVerified, Recorded, RecoveryStarted, SessionKeysSet, TypeList, ValidatorsView,
};
use ecert_client::api::{
	CertificateByTx, CertificateTypeView, DisclosureCheck, IdentityAnswer, IdentityView,
	IssuerView, SideChainApiClient, Verification,
};
use ecert_primitives::{
	credential::CredentialReport, storage, AccreditationStatus, BlockNumber, CertificateId,
	CertificateStatus, CertificateTypeStatus, ChainId, ChainState, FieldSchema, HolderFile,
	IdentityId, IdentityStatus, MainCheckpoint, OrgCode, VerificationStatus,
};
use ecert_tests::{
	cli::{ecert_binary, read_json, strs, Ecert, BAD_INPUT, NETWORK, NOT_VALID, REJECTED, WAITING},
	node_binary, wait_for, Node, NodeConfig, Relay, BOB_NODE_KEY,
};
use serde_json::{json, Value};
use std::{os::unix::fs::PermissionsExt, path::Path, process::Command, time::Duration};

const TIMEOUT: Duration = Duration::from_secs(180);

/// The identity id written as 0x-hex.
fn id(hex: &str) -> IdentityId {
	serde_json::from_value(json!(hex)).expect("an identity id")
}

/// The registered identity that `identity show` shows.
fn registered(answer: IdentityAnswer) -> IdentityView {
	match answer {
		IdentityAnswer::Registered(view) => view,
		IdentityAnswer::Pending(pending) => panic!("not registered: {pending:?}"),
	}
}

/// Every call of ecert's pallets (and node admission) in the runtimes'
/// metadata has its maker in `ecert_cli::calls`, and every command named
/// there answers `--help` with an example.
#[test]
fn every_pallet_call_has_a_command_or_the_relay() {
	let dir = tempfile::tempdir().unwrap();
	let ecert = Ecert::without_nodes(dir.path());
	let chains = [
		(&include_bytes!("../../client/metadata/main.scale")[..], MAIN_PALLETS, main_calls()),
		(&include_bytes!("../../client/metadata/side.scale")[..], SIDE_PALLETS, side_calls()),
	];
	let mut missing = Vec::new();
	for (metadata, pallets, makers) in chains {
		let metadata = ecert_client::Metadata::decode_from(metadata).unwrap();
		let mut walked = 0;
		for pallet in pallets {
			let calls = metadata.pallet_by_name(pallet).unwrap().call_variants().unwrap();
			for call in calls {
				walked += 1;
				let maker = makers
					.iter()
					.find(|(p, c, _)| p == pallet && *c == call.name)
					.map(|(_, _, maker)| *maker);
				match maker {
					Some(Maker::Command(words)) => {
						let run = ecert
							.run(&[words.split(' ').collect::<Vec<_>>(), vec!["--help"]].concat());
						assert_eq!(run.code, 0, "ecert {words} --help: {}", run.stderr);
						assert!(run.stdout.contains("Example:"), "ecert {words}: {}", run.stdout);
					},
					Some(Maker::Relay) => {},
					Some(Maker::Missing(why)) => {
						missing.push(format!("{pallet}::{}: {why}", call.name))
					},
					None => panic!("{pallet}::{} has no command in ecert_cli::calls", call.name),
				}
			}
		}
		assert_eq!(walked, makers.len(), "ecert_cli::calls names a call the runtime lacks");
	}
	eprintln!("calls without a command:\n  {}", missing.join("\n  "));
}

#[test]
fn help_explains_every_subcommand_with_an_example() {
	let dir = tempfile::tempdir().unwrap();
	let ecert = Ecert::without_nodes(dir.path());
	let top = ecert.run(&["--help"]);
	assert_eq!(top.code, 0);
	assert!(top.stdout.contains("Exit codes"), "{}", top.stdout);
	let commands: &[(&str, &[&str])] = &[
		("account", &["new", "list", "transfer"]),
		(
			"identity",
			&[
				"request",
				"cancel",
				"approve",
				"reject",
				"rotate",
				"recover",
				"veto",
				"claim",
				"deactivate",
				"show",
			],
		),
		("registrar", &["add", "remove"]),
		("issuer", &["accredit", "update", "suspend", "reinstate", "revoke", "show"]),
		("node", &["admit", "remove"]),
		("council", &["list", "propose", "vote", "close"]),
		("validator", &["list", "add", "remove", "keys"]),
		("runtime", &["upgrade"]),
		("anchor", &["reset"]),
		("type", &["add", "retire", "endpoints", "list", "show", "preset"]),
		(
			"cert",
			&[
				"issue",
				"batch-issue",
				"verify",
				"get",
				"disclose",
				"check-disclosure",
				"suspend",
				"reinstate",
				"renew",
				"grant",
				"ungrant",
				"record-verification",
				"document",
				"check-document",
				"list",
				"revoke",
			],
		),
		("proof", &["export", "verify", "checkpoint", "qr"]),
		("vc", &["export", "verify"]),
	];
	for (group, subcommands) in commands {
		for subcommand in *subcommands {
			let run = ecert.run(&[group, subcommand, "--help"]);
			assert_eq!(run.code, 0, "{group} {subcommand} --help");
			assert!(run.stdout.contains("Example:"), "{group} {subcommand}: {}", run.stdout);
			assert!(run.stdout.contains("--json"), "{group} {subcommand}: {}", run.stdout);
		}
	}
	// A node that is not there is a network failure, with a hint.
	let error = ecert.fails(&["type", "list"], NETWORK);
	assert!(error.contains("--url"), "{error}");
	// A misspelt option is bad input.
	ecert.fails(&["cert", "verify", "--orgg", "NTU"], BAD_INPUT);
}

#[test]
fn accounts_identities_issuers_types_certificates_and_proofs() {
	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let side = Node::start("side-diploma-dev", &dir.path().join("side"));
	let relay = Relay::start(&main, &[&side], &dir.path().join("relay"));
	let work = dir.path().join("work");
	std::fs::create_dir_all(&work).unwrap();
	let ecert = Ecert { dir: work, main_url: main.ws_url(), side_url: side.ws_url() };

	// account: a university's and a holder's (encrypted) keys.
	let ntu: AccountShown = ecert.ok_as(&["account", "new", "--name", "ntu"]);
	let chen: AccountShown = ecert.ok_as(&["account", "new", "--name", "chen"]);
	let acme: AccountShown = ecert.ok_as(&["account", "new", "--name", "acme", "--plain"]);
	assert!(ntu.encrypted, "encrypted unless --plain");
	assert!(chen.encrypted);
	assert!(!acme.encrypted);
	let keystore = ecert.dir.join("keystore.json");
	assert_eq!(std::fs::metadata(&keystore).unwrap().permissions().mode() & 0o777, 0o600);
	let listed: AccountList = ecert.ok_as(&["account", "list"]);
	assert_eq!(listed.accounts.len(), 3);
	assert_eq!(listed.accounts[0].address, ntu.address);
	assert!(!std::fs::read_to_string(&keystore).unwrap().contains("secret passphrase"));
	ecert.fails(&["account", "new", "--name", "ntu"], BAD_INPUT);
	// New accounts hold nothing: Alice pays their deposits and fees on main,
	// and on the diploma chain the university's issuing, the holder's
	// grants and the verifier's logged checks.
	let broke = ecert.run(&["identity", "request", "--as", "chen", "--role", "holder"]);
	assert_eq!(broke.code, REJECTED, "{}", broke.stderr);
	for name in ["chen", "ntu", "acme"] {
		ecert.ok(&["account", "transfer", "--as", "//Alice", "--to", name, "--amount", "10"]);
	}
	for name in ["ntu", "acme", "chen"] {
		ecert.side(&[
			"account", "transfer", "--as", "//Alice", "--to", name, "--amount", "100", "--type",
			"diploma",
		]);
	}

	// identity: request, show pending, approve, show active.
	ecert.ok(&["identity", "request", "--as", "chen", "--role", "holder"]);
	ecert.ok(&["identity", "request", "--as", "ntu", "--role", "issuer"]);
	ecert.ok(&["identity", "request", "--as", "acme", "--role", "verifier"]);
	let pending: IdentityAnswer = ecert.ok_as(&["identity", "show", "chen"]);
	assert!(matches!(pending, IdentityAnswer::Pending(_)), "{pending:?}");
	let chen_id = format!("{:?}", sp_core::H256::repeat_byte(0xc1));
	let ntu_id = format!("{:?}", sp_core::H256::repeat_byte(0xa1));
	ecert.ok(&["identity", "approve", "--as", "//Alice", "--account", "chen", "--id", &chen_id]);
	let acme_id = format!("{:?}", sp_core::H256::repeat_byte(0xac));
	ecert.ok(&["identity", "approve", "--as", "//Alice", "--account", "acme", "--id", &acme_id]);
	let key_file = ecert.path("authority.key");
	std::fs::write(&key_file, [7u8; 32]).unwrap();
	std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
	let derive_ntu = [
		"identity",
		"approve",
		"--as",
		"//Alice",
		"--account",
		"ntu",
		"--name",
		"National Taiwan University",
		"--document-number",
		"03734301",
		"--birth-date",
		"1928-03-16",
		"--derivation-key-file",
		&key_file,
	];
	// The authority's secret key must be private to its owner.
	ecert.fails(&derive_ntu, BAD_INPUT);
	std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
	let approved: IdentityApproved = ecert.ok_as(&derive_ntu);
	let shown = registered(ecert.ok_as(&["identity", "show", "chen"]));
	assert_eq!(shown.record.status, IdentityStatus::Active);
	assert_eq!(format!("{:?}", shown.identity_id.0), chen_id);
	assert_eq!(json!(shown.record.keys.key_agreement), json!(chen.key_agreement_key));
	let ntu_identity = registered(ecert.ok_as(&["identity", "show", "ntu"]));
	assert_eq!(ntu_identity.identity_id, approved.identity_id);
	assert_ne!(
		format!("{:?}", approved.identity_id.0),
		ntu_id,
		"the id is derived, not the one typed before"
	);
	// Only a registrar approves.
	ecert.fails(
		&["identity", "approve", "--as", "//Ferdie", "--account", "//Bob", "--id", &chen_id],
		REJECTED,
	);
	// A registrar rejects a request; its account withdraws another; the
	// authority names a registrar, who then decides, and removes it.
	ecert.ok(&["identity", "request", "--as", "//Dave", "--role", "holder"]);
	ecert.fails(&["identity", "reject", "--as", "//Ferdie", "--account", "//Dave"], REJECTED);
	let rejected: Changed =
		ecert.ok_as(&["identity", "reject", "--as", "//Alice", "--account", "//Dave"]);
	assert_eq!(rejected.done, "request rejected");
	ecert.fails(&["identity", "show", "//Dave"], BAD_INPUT);
	ecert.ok(&["identity", "request", "--as", "//Dave", "--role", "holder"]);
	ecert.ok(&["identity", "cancel", "--as", "//Dave"]);
	ecert.fails(&["identity", "show", "//Dave"], BAD_INPUT);
	ecert.fails(&["identity", "cancel", "--as", "//Dave"], REJECTED);
	ecert.ok(&["identity", "request", "--as", "//Dave", "--role", "holder"]);
	ecert.ok(&["registrar", "add", "--as", "//Alice", "--account", "//Ferdie"]);
	ecert.ok(&["identity", "reject", "--as", "//Ferdie", "--account", "//Dave"]);
	let removed: Changed =
		ecert.ok_as(&["registrar", "remove", "--as", "//Alice", "--account", "//Ferdie"]);
	assert_eq!(removed.done, "registrar removed");
	ecert.fails(&["registrar", "remove", "--as", "//Alice", "--account", "//Ferdie"], REJECTED);
	ecert.fails(&["registrar", "add", "--as", "//Ferdie", "--account", "//Ferdie"], REJECTED);

	// The council acts for the authority: Bob's motion waits for a second
	// vote, and Charlie's carries it and makes the call.
	ecert.fails(&["registrar", "add", "--as", "//Bob", "--account", "//Eve"], WAITING);
	let council: CouncilView = ecert.ok_as(&["council", "list"]);
	assert_eq!((council.members.len(), council.two_thirds), (3, 2));
	let [motion] = &council.motions[..] else { panic!("one motion: {council:?}") };
	assert_eq!(
		(motion.call.as_str(), motion.ayes.len(), motion.carried),
		("Identity.add_registrar", 1, false)
	);
	ecert.fails(&["registrar", "add", "--as", "//Bob", "--account", "//Eve"], WAITING);
	ecert.fails(
		&["council", "vote", "--as", "//Ferdie", "--motion", &format!("{:?}", motion.hash)],
		REJECTED,
	);
	let added: Changed =
		ecert.ok_as(&["registrar", "add", "--as", "//Charlie", "--account", "//Eve"]);
	assert_eq!(added.done, "registrar added");
	let council: CouncilView = ecert.ok_as(&["council", "list"]);
	assert!(council.motions.is_empty(), "closed once carried: {council:?}");
	ecert.ok(&["registrar", "remove", "--as", "//Alice", "--account", "//Eve"]);

	// Validators: the development chain's validate, with their keys. The
	// authority lists Dave, who waits for session keys; only the authority
	// may, once. Taken off again, Dave registers keys his node made (so
	// the development chain never waits for a validator that does not run).
	let listed: ValidatorsView = ecert.ok_as(&["validator", "list"]);
	assert!(!listed.validators.is_empty());
	assert!(listed.validators.iter().all(|validator| validator.active && validator.session_keys));
	let dave = sp_keyring::Sr25519Keyring::Dave.to_account_id();
	let add_dave = ["validator", "add", "--account", "//Dave", "--as"];
	ecert.fails(&[&add_dave[..], &["//Ferdie"]].concat(), REJECTED);
	let added: Changed = ecert.ok_as(&[&add_dave[..], &["//Alice"]].concat());
	assert!(added.done.starts_with("listed as a validator"), "{}", added.done);
	let listed: ValidatorsView = ecert.ok_as(&["validator", "list"]);
	let entry = listed.validators.iter().find(|validator| validator.account == dave.to_string());
	assert_eq!(entry.map(|entry| (entry.session_keys, entry.active)), Some((false, false)));
	ecert.fails(&[&add_dave[..], &["//Alice"]].concat(), BAD_INPUT);
	let removed: Changed =
		ecert.ok_as(&["validator", "remove", "--as", "//Alice", "--account", "//Dave"]);
	assert!(removed.done.starts_with("taken off"), "{}", removed.done);
	ecert.fails(&["validator", "remove", "--as", "//Alice", "--account", "//Dave"], BAD_INPUT);
	let keys: SessionKeysSet = ecert.ok_as(&["validator", "keys", "--as", "//Dave"]);
	let on_chain = main.storage(&storage::session_keys(&dave)).expect("Dave's keys");
	assert_eq!(keys.keys, format!("0x{}", hex::encode(on_chain)));

	// issuer: accredit, show; only the authority may.
	ecert.fails(
		&[
			"issuer",
			"accredit",
			"--as",
			"ntu",
			"--org",
			"NTU",
			"--name",
			"x",
			"--identity",
			"ntu",
			"--types",
			"diploma",
			"--reason",
			"r",
		],
		REJECTED,
	);
	ecert.ok(&[
		"issuer",
		"accredit",
		"--as",
		"//Alice",
		"--org",
		"NTU",
		"--name",
		"National Taiwan University",
		"--identity",
		"ntu",
		"--types",
		"diploma",
		"--valid-until",
		"2099-12-31",
		"--reason",
		"MOE decision 115-001",
	]);
	let issuer: IssuerView = ecert.ok_as(&["issuer", "show", "NTU"]);
	assert_eq!(issuer.record.status, AccreditationStatus::Active);
	assert_eq!(issuer.record.identity, approved.identity_id);
	ecert.fails(&["issuer", "show", "nope!"], BAD_INPUT);

	// type: the built-in ones, and a new one whose side chain is read from
	// its node, with a schema file a registrar started from a preset.
	let types: TypeList = ecert.ok_as(&["type", "list"]);
	let ids: Vec<&str> = types.types.iter().map(|view| view.id.as_str()).collect();
	assert_eq!(ids, ["diploma", "license"]);
	let mut schema: FieldSchema = ecert.ok_as(&["type", "preset", "--id", "marriage"]);
	assert_eq!(schema.names()[0], "certificate_number");
	let mut witnesses = schema.0.last().unwrap().clone();
	witnesses.name = "officiant".try_into().unwrap();
	schema.0.try_push(witnesses).unwrap();
	let schema_file = ecert.path("marriage-schema.json");
	std::fs::write(&schema_file, serde_json::to_string(&schema).unwrap()).unwrap();
	let side_url = side.ws_url();
	let add_marriage = |schema_file: &str| -> Vec<String> {
		let mut args = vec!["type", "add", "--as", "//Alice", "--id", "marriage", "--name"];
		args.extend(["Marriage", "--schema", schema_file, "--side-url", &side_url]);
		args.into_iter().map(String::from).collect()
	};
	let twice = ecert.path("twice.json");
	let mut doubled = schema.clone();
	doubled.0[1].name = doubled.0[0].name.clone();
	std::fs::write(&twice, serde_json::to_string(&doubled).unwrap()).unwrap();
	let error = ecert.fails(&strs(&add_marriage(&twice)), BAD_INPUT);
	assert!(error.contains("appears twice"), "{error}");
	ecert.ok(&strs(&add_marriage(&schema_file)));
	let marriage: CertificateTypeView = ecert.ok_as(&["type", "show", "--id", "marriage"]);
	assert_eq!(marriage.schema, schema);
	assert_eq!(marriage.record.schema_hash, schema.hash(&marriage.id));
	let shown = ecert.run(&["type", "show", "--id", "marriage"]).stdout;
	assert!(shown.contains("officiant") && shown.contains("結婚日期"), "{shown}");
	ecert.fails(&["type", "show", "--id", "land"], BAD_INPUT);
	ecert.fails(
		&["type", "add", "--as", "//Alice", "--id", "land", "--name", "x", "--side-url", "x"],
		BAD_INPUT,
	);
	// Retired, it is listed as such; retiring it twice is refused.
	ecert.ok(&["type", "retire", "--as", "//Alice", "--id", "marriage"]);
	let types: TypeList = ecert.ok_as(&["type", "list"]);
	let marriage = types.types.iter().find(|view| view.id.as_str() == "marriage");
	assert_eq!(
		marriage.map(|view| view.record.status.clone()),
		Some(CertificateTypeStatus::Retired)
	);
	ecert.fails(&["type", "retire", "--as", "//Alice", "--id", "marriage"], REJECTED);

	// The relay carries the issuer and the identities to the diploma chain.
	let org: OrgCode = "NTU".parse().unwrap();
	wait_for(
		TIMEOUT,
		"the diploma chain has NTU's accreditation and both identities",
		|| {
			let identity = |id: IdentityId| storage::viewed_identity(&id);
			side.storage(&storage::viewed_issuer(&org)).is_some()
				&& side.storage(&identity(id(&chen_id))).is_some()
				&& side.storage(&identity(approved.identity_id)).is_some()
				&& side.storage(&identity(id(&acme_id))).is_some()
		},
		|| relay.log_tail(),
	);

	// cert issue: schema checked before anything is sent.
	let data = ecert.path("diploma.json");
	std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/diploma.json"), &data)
		.unwrap();
	let bad = ecert.path("bad.json");
	std::fs::write(&bad, json!({ "certificate_number": "X-1" }).to_string()).unwrap();
	let error = ecert.fails(
		&ecert.on_side(&["cert", "issue", "--as", "ntu", "--holder", "chen", "--data", &bad]),
		BAD_INPUT,
	);
	assert!(error.contains("Name (name) is required and has no value"), "{error}");
	let not_a_degree = ecert.path("not-a-degree.json");
	let mut fields: Value = read_json(&data);
	fields["degree_level"] = json!("Masters");
	std::fs::write(&not_a_degree, fields.to_string()).unwrap();
	let error = ecert.fails(
		&ecert.on_side(&[
			"cert",
			"issue",
			"--as",
			"ntu",
			"--holder",
			"chen",
			"--data",
			&not_a_degree,
		]),
		BAD_INPUT,
	);
	assert!(error.contains("Bachelor, Master, Doctor"), "{error}");
	let issued: CertificateIssued =
		ecert.side_as(&["cert", "issue", "--as", "ntu", "--holder", "chen", "--data", &data]);
	let certificate = format!("{:?}", issued.certificate_id.0);
	let block = issued.receipt.block_number.to_string();
	let tx = format!("{:?}", issued.receipt.tx_hash);
	let holder_file = ecert.dir.join(&issued.holder_file);
	assert_eq!(std::fs::metadata(&holder_file).unwrap().permissions().mode() & 0o777, 0o600);
	let file: HolderFile<Recorded> = read_json(&holder_file);
	assert_eq!(file.fields[1].value, "Chen Mei-Ling");
	assert_eq!(file.receipt, issued.receipt);
	// Issuing the same number twice is refused by the chain.
	ecert.fails(
		&ecert.on_side(&["cert", "issue", "--as", "ntu", "--holder", "chen", "--data", &data]),
		REJECTED,
	);

	// cert verify, by id and by code and number.
	let certificate_id = issued.certificate_id;
	let verified: Verification = ecert.side_as(&["cert", "verify", &certificate]);
	assert_eq!(verified.status, VerificationStatus::Valid);
	// Without --url, through the main chain's directory: diploma came from
	// the genesis preset, with no genesis hash on record, so its node must
	// name itself the diploma chain.
	let unlisted = ecert.fails(&["cert", "verify", &certificate, "--type", "diploma"], BAD_INPUT);
	assert!(unlisted.contains("lists no node of the diploma side chain"), "{unlisted}");
	ecert.ok(&["type", "endpoints", "--as", "//Alice", "--id", "diploma", &side.ws_url()]);
	let found: Verification = ecert.ok_as(&["cert", "verify", &certificate, "--type", "diploma"]);
	assert_eq!(found.status, VerificationStatus::Valid);
	ecert.ok(&["type", "endpoints", "--as", "//Alice", "--id", "diploma", &main.ws_url()]);
	let wrong = ecert.fails(&["cert", "verify", &certificate, "--type", "diploma"], NETWORK);
	assert!(wrong.contains("a node of another chain (main)"), "{wrong}");
	ecert.ok(&["type", "endpoints", "--as", "//Alice", "--id", "diploma", &side.ws_url()]);
	assert_eq!(verified.issuer, Some("NTU".parse().unwrap()));
	let by_number: Verification =
		ecert.side_as(&["cert", "verify", "--org", "NTU", "--number", "NTU-2026-0001"]);
	assert_eq!(by_number.certificate_id, certificate_id);
	let unknown = ecert.run(&[
		"cert",
		"verify",
		"--org",
		"NTU",
		"--number",
		"NTU-0",
		"--url",
		&side.ws_url(),
		"--json",
	]);
	assert_eq!(unknown.code, NOT_VALID);
	assert_eq!(unknown.parsed::<Verification>().status, VerificationStatus::Unknown);

	// cert get: by block and transaction, decrypted by the holder only.
	let got: CertificateByTx = ecert.side_as(&["cert", "get", "--block", &block, "--tx", &tx]);
	assert_eq!(got.certificate_id, certificate_id);
	assert!(got.encrypted_payload.is_some());
	let decrypted_by = |who: &'static str| {
		["cert", "get", "--block", block.as_str(), "--tx", tx.as_str(), "--decrypt", "--as", who]
	};
	let opened: CertificateFetched = ecert.side_as(&decrypted_by("chen"));
	assert_eq!(opened.fields.expect("the fields")[4].value, "National Taiwan University");
	ecert.fails(&ecert.on_side(&decrypted_by("ntu")), BAD_INPUT);

	// cert disclose: two fields shown, checked by a verifier; an altered
	// value is caught.
	let holder_path = holder_file.display().to_string();
	let disclosure = ecert.path("disclosure.json");
	ecert.ok(&[
		"cert",
		"disclose",
		&holder_path,
		"--fields",
		"degree_level,school",
		"--out",
		&disclosure,
	]);
	let text = std::fs::read_to_string(&disclosure).unwrap();
	assert!(text.contains("Master") && !text.contains("A123456789"), "{text}");
	let checked: DisclosureCheck = ecert.side_as(&["cert", "check-disclosure", &disclosure]);
	assert!(checked.all_match);
	assert_eq!(checked.fields.len(), 2);
	let forged = ecert.path("forged.json");
	std::fs::write(&forged, text.replace("Master", "Doctor")).unwrap();
	let run = ecert.run(&["cert", "check-disclosure", &forged, "--url", &side.ws_url(), "--json"]);
	assert_eq!(run.code, NOT_VALID, "{}", run.stderr);
	assert!(!run.parsed::<DisclosureCheck>().all_match);
	ecert.fails(&["cert", "disclose", &holder_path, "--fields", "gpa"], BAD_INPUT);

	// The life of a second certificate: suspend, reinstate, grant a
	// verifier, who logs a check; ungrant; renew.
	let second = ecert.path("second.json");
	std::fs::write(
		&second,
		std::fs::read_to_string(&data).unwrap().replace("NTU-2026-0001", "NTU-2026-0002"),
	)
	.unwrap();
	/// `args` about certificate NTU-2026-0002.
	fn with<'a>(args: &[&'a str]) -> Vec<&'a str> {
		[args, &["--org", "NTU", "--number", "NTU-2026-0002"][..]].concat()
	}
	ecert.side(&["cert", "issue", "--as", "ntu", "--holder", "chen", "--data", &second]);
	ecert.side(&with(&["cert", "suspend", "--as", "ntu"]));
	let run =
		ecert.run(&[&with(&["cert", "verify"])[..], &["--url", &side.ws_url(), "--json"]].concat());
	assert_eq!(
		(run.code, run.parsed::<Verification>().status),
		(NOT_VALID, VerificationStatus::Suspended)
	);
	ecert.side(&with(&["cert", "reinstate", "--as", "ntu"]));
	let reinstated: Verification = ecert.side_as(&with(&["cert", "verify"]));
	assert_eq!(reinstated.status, VerificationStatus::Valid);
	ecert.side(&with(&[
		"cert",
		"grant",
		"--as",
		"chen",
		"--verifier",
		"acme",
		"--until",
		"2099-01-01",
	]));
	ecert.side(&with(&["cert", "record-verification", "--as", "acme", "--purpose", "1"]));
	// cert list: the holder sees both certificates; acme, granted one, sees
	// that one; ntu, granted none, sees none.
	let listed: CertificateList = ecert.side_as(&["cert", "list", "--as", "chen"]);
	assert_eq!(listed.certificates.len(), 2, "{listed:?}");
	let second_id = id_of_second(&ecert, &side);
	let granted: CertificateList =
		ecert.side_as(&["cert", "list", "--as", "acme", "--holder", "chen"]);
	let granted: Vec<_> = granted.certificates.iter().map(|held| held.certificate_id).collect();
	assert_eq!(granted, [second_id]);
	let ungranted: CertificateList =
		ecert.side_as(&["cert", "list", "--as", "ntu", "--holder", "chen"]);
	assert!(ungranted.certificates.is_empty(), "{ungranted:?}");
	let log = side.read(move |api| api.verifications_of(second_id, None));
	assert_eq!(log.total, 1, "{log:?}");
	ecert.side(&with(&["cert", "ungrant", "--as", "chen", "--verifier", "acme"]));
	let refused = ecert.run(
		&[&with(&["cert", "record-verification", "--as", "acme"])[..], &["--url", &side.ws_url()]]
			.concat(),
	);
	assert_eq!(refused.code, REJECTED, "{}", refused.stderr);
	assert!(refused.stderr.contains("NoGrant"), "{}", refused.stderr);
	let renewed_data = ecert.path("renewed.json");
	std::fs::write(
		&renewed_data,
		std::fs::read_to_string(&second).unwrap().replace("NTU-2026-0002", "NTU-2026-0002-R1"),
	)
	.unwrap();
	let renewed: CertificateIssued = ecert.side_as(&with(&[
		"cert",
		"renew",
		"--as",
		"ntu",
		"--holder",
		"chen",
		"--data",
		&renewed_data,
	]));
	let run =
		ecert.run(&[&with(&["cert", "verify"])[..], &["--url", &side.ws_url(), "--json"]].concat());
	assert_eq!(run.code, NOT_VALID);
	let superseded: Verification = run.parsed();
	assert_eq!(superseded.status, VerificationStatus::Superseded);
	assert_eq!(superseded.superseded_by, Some(renewed.certificate_id));

	// proof: a checkpoint, an export once anchored, offline verification of
	// the QR code, and a tampered copy refused.
	let checkpoint = ecert.path("main-checkpoint.json");
	let fetched: CheckpointSaved = ecert.ok_as(&["proof", "checkpoint", "--out", &checkpoint]);
	assert_eq!(fetched.checkpoint.set_id, 0);
	let (bin, png) = (ecert.path("proof.bin"), ecert.path("proof.png"));
	wait_for(
		TIMEOUT,
		"the certificate's header is anchored on main",
		|| {
			ecert
				.run(&[
					"proof",
					"export",
					&certificate,
					"--out",
					&bin,
					"--qr",
					&png,
					"--url",
					&side.ws_url(),
				])
				.code == 0
		},
		|| relay.log_tail(),
	);
	let offline = ecert.offline();
	let proven: ProofVerified =
		offline.ok_as(&["proof", "verify", &png, "--checkpoint", &checkpoint]);
	assert!(proven.proof_valid);
	assert_eq!(proven.status, VerificationStatus::Valid);
	assert_eq!(proven.certificate_id, certificate_id);
	let proven_bin: ProofVerified =
		offline.ok_as(&["proof", "verify", &bin, "--checkpoint", &checkpoint]);
	assert_eq!(proven_bin.main_block_hash, proven.main_block_hash);
	// Tampered: one byte of the proof changed, then drawn as a QR code again.
	let mut bytes = std::fs::read(&bin).unwrap();
	let middle = bytes.len() / 2;
	bytes[middle] ^= 0x01;
	let tampered_bin = ecert.path("tampered.bin");
	std::fs::write(&tampered_bin, &bytes).unwrap();
	offline.fails(&["proof", "verify", &tampered_bin, "--checkpoint", &checkpoint], NOT_VALID);
	let tampered_png = ecert.path("tampered.png");
	std::fs::write(&tampered_png, qr_png(&bytes)).unwrap();
	offline.fails(&["proof", "verify", &tampered_png, "--checkpoint", &checkpoint], NOT_VALID);
	// A checkpoint with another set id does not accept the genuine proof.
	let genuine: MainCheckpoint = read_json(&checkpoint);
	let wrong = MainCheckpoint { set_id: 1, ..genuine.clone() };
	let wrong_checkpoint = ecert.path("wrong-checkpoint.json");
	std::fs::write(&wrong_checkpoint, json!(wrong).to_string()).unwrap();
	offline.fails(&["proof", "verify", &png, "--checkpoint", &wrong_checkpoint], NOT_VALID);
	// Nor does the checkpoint of another network with the same validators.
	let staging = MainCheckpoint { genesis_hash: sp_core::H256::repeat_byte(0x57), ..genuine };
	let staging_checkpoint = ecert.path("staging-checkpoint.json");
	std::fs::write(&staging_checkpoint, json!(staging).to_string()).unwrap();
	let other_network =
		offline.run(&["proof", "verify", &png, "--checkpoint", &staging_checkpoint]);
	assert_eq!(other_network.code, NOT_VALID);
	assert!(other_network.stderr.contains("another network"), "{}", other_network.stderr);
	// The proof tells its time, and one older than --max-age is refused.
	assert!(proven.status_as_of.starts_with("20"), "{proven:?}");
	let too_old =
		offline.run(&["proof", "verify", &png, "--checkpoint", &checkpoint, "--max-age", "0s"]);
	assert_eq!(too_old.code, NOT_VALID, "{}", too_old.stderr);
	assert!(too_old.stderr.contains("fresh proof"), "{}", too_old.stderr);
	// The verifier checks the proof is of the certificate it was shown.
	let shown = ["proof", "verify", &png, "--checkpoint", &checkpoint];
	offline
		.ok(&[&shown[..], &["--expect-org", "NTU", "--expect-number", "NTU-2026-0001"]].concat());
	offline.ok(&[&shown[..], &["--expect-type", "diploma"]].concat());
	offline.fails(&[&shown[..], &["--expect-org", "NCKU"]].concat(), NOT_VALID);
	offline.fails(&[&shown[..], &["--expect-number", "NTU-2026-0002"]].concat(), NOT_VALID);
	offline.fails(&[&shown[..], &["--expect-type", "license"]].concat(), NOT_VALID);

	// vc: the certificate as a W3C credential with DID documents, verified
	// offline; an altered field is caught.
	let credential = ecert.path("diploma.vc.json");
	let exported: CredentialExported =
		ecert.side_as(&["vc", "export", &holder_path, "--out", &credential]);
	let vc: Value = serde_json::from_str(&std::fs::read_to_string(&credential).unwrap()).unwrap();
	// The credential and the DID documents are W3C documents: read by
	// their JSON paths.
	let at = |document: &Value, path: &str| document.pointer(path).cloned().unwrap_or_default();
	assert_eq!(at(&vc, "/@context/0"), "https://www.w3.org/ns/credentials/v2");
	assert_eq!(at(&vc, "/credentialSubject/fields/degree_level"), "Master");
	assert_eq!(at(&vc, "/issuer/orgCode"), "NTU");
	assert_eq!(at(&vc, "/id"), exported.id.as_str());
	let dids: Value = read_json(&exported.did_documents);
	assert_eq!(at(&dids, "/0/id"), at(&vc, "/issuer/id"));
	assert_eq!(at(&dids, "/1/id"), at(&vc, "/credentialSubject/id"));
	let multibase = at(&dids, "/1/keyAgreement/0/publicKeyMultibase");
	assert!(multibase.as_str().unwrap_or_default().starts_with("z6LS"), "{dids}");
	let verified: CredentialReport =
		offline.ok_as(&["vc", "verify", &credential, "--checkpoint", &checkpoint]);
	assert_eq!(verified.status, VerificationStatus::Valid);
	let forged_vc = ecert.path("forged.vc.json");
	std::fs::write(
		&forged_vc,
		std::fs::read_to_string(&credential).unwrap().replace("Master", "Doctor"),
	)
	.unwrap();
	offline.fails(&["vc", "verify", &forged_vc, "--checkpoint", &checkpoint], NOT_VALID);

	// cert batch-issue: a class from CSV, with a bad row reported; run
	// again with more rows, and with a receipt lost: nothing twice.
	let csv = ecert.path("class.csv");
	let header = "holder,certificate_number,name,id_number,birth_date,school,degree_level";
	let row = |n: u32| {
		format!("chen,NTU-B-{n},Student {n},A{n:09},2000-01-01,National Taiwan University,Bachelor")
	};
	let rows: Vec<String> = (1..=3).map(row).collect();
	std::fs::write(&csv, format!("{header}\n{}\nchen,NTU-B-X,,,,,\n", rows.join("\n"))).unwrap();
	let out_dir = ecert.path("class");
	let batch = ["cert", "batch-issue", "--as", "ntu", "--org", "NTU", "--data", &csv, "--out-dir"];
	let batch = [&batch[..], &[out_dir.as_str()]].concat();
	let first = ecert.run(&ecert.on_side(&[&batch[..], &["--json"]].concat()));
	assert_eq!(first.code, REJECTED, "{}", first.stderr);
	let report: BatchReport = first.parsed();
	assert_eq!((report.issued, report.already_issued), (3, 0));
	assert_eq!(report.failed[0].line, 5, "{report:?}");
	let all: Vec<String> = (1..=5).map(row).collect();
	std::fs::write(&csv, format!("{header}\n{}\n", all.join("\n"))).unwrap();
	//    The three went into one batch: each file keeps its membership.
	let file_of = |n: u32| Path::new(&out_dir).join(format!("NTU-B-{n}.ecert.json"));
	let draft = file_of(2);
	let issued: HolderFile<Recorded> = read_json(&draft);
	let membership = issued.membership.clone().expect("a batched certificate's membership");
	assert_eq!((membership.index, membership.verify(3)), (1, true));
	let lost = HolderFile { receipt: Value::Null, ..read_json::<HolderFile<Value>>(&draft) };
	std::fs::write(&draft, json!(lost).to_string()).unwrap();
	let second: BatchReport = ecert.side_as(&batch);
	assert_eq!((second.issued, second.already_issued), (2, 3));
	let restored: HolderFile<Recorded> = read_json(&draft);
	assert_eq!(restored.receipt, issued.receipt);
	assert_eq!(restored.membership, Some(membership));
	for n in 1..=5 {
		let file = file_of(n).display().to_string();
		let verified: Verification = ecert.side_as(&["cert", "verify", "--holder-file", &file]);
		assert_eq!(verified.status, VerificationStatus::Valid, "NTU-B-{n}");
		assert!(verified.batch.is_some(), "NTU-B-{n} is batched");
	}
	//    Without its file, a batched certificate is not found.
	let unknown =
		ecert.run(&ecert.on_side(&["cert", "verify", "--org", "NTU", "--number", "NTU-B-4"]));
	assert_eq!(unknown.code, NOT_VALID, "{}", unknown.stderr);
	//    One by one, each certificate in a transaction of its own.
	let singles = ecert.path("singles.csv");
	let single_rows: Vec<String> = (6..=7).map(row).collect();
	std::fs::write(&singles, format!("{header}\n{}\n", single_rows.join("\n"))).unwrap();
	let one_by_one = [&batch[..], &["--one-by-one"]].concat();
	let one_by_one: Vec<&str> = one_by_one
		.iter()
		.map(|arg| if *arg == csv.as_str() { singles.as_str() } else { arg })
		.collect();
	let singly: BatchReport = ecert.side_as(&one_by_one);
	assert_eq!((singly.issued, singly.already_issued), (2, 0));
	let verified: Verification =
		ecert.side_as(&["cert", "verify", "--org", "NTU", "--number", "NTU-B-7"]);
	assert_eq!((verified.status, verified.batch), (VerificationStatus::Valid, None));
	//    A batched certificate's portable proof, from the holder's file,
	//    checked offline.
	let batched_proof = ecert.path("batched.bin");
	let holder_file = file_of(3).display().to_string();
	let export =
		["proof", "export", "--holder-file", &holder_file, "--out", &batched_proof, "--json"];
	wait_for(
		TIMEOUT,
		"a batched certificate's proof, once its batch is anchored",
		|| ecert.run(&ecert.on_side(&export)).code == 0,
		|| relay.log_tail(),
	);
	let proven: ProofVerified = offline.ok_as(&[
		"proof",
		"verify",
		&batched_proof,
		"--checkpoint",
		&checkpoint,
		"--expect-number",
		"NTU-B-3",
	]);
	assert_eq!(proven.status, VerificationStatus::Valid);

	// cert revoke: verify says so, and a fresh proof shows it offline.
	ecert.side(&["cert", "revoke", "--as", "ntu", &certificate, "--reason", "2"]);
	let revoked = ecert.run(&["cert", "verify", &certificate, "--url", &side.ws_url(), "--json"]);
	assert_eq!(revoked.code, NOT_VALID);
	assert_eq!(revoked.parsed::<Verification>().status, VerificationStatus::Revoked);
	let fresh = ecert.path("revoked.bin");
	wait_for(
		TIMEOUT,
		"a proof of the revoked record",
		|| {
			let run = ecert.run(&[
				"proof",
				"export",
				&certificate,
				"--out",
				&fresh,
				"--url",
				&side.ws_url(),
				"--json",
			]);
			run.code == 0
				&& matches!(
					run.parsed::<ProofExported>().proof.status,
					CertificateStatus::Revoked { .. }
				)
		},
		|| relay.log_tail(),
	);
	let run = offline.run(&["proof", "verify", &fresh, "--checkpoint", &checkpoint, "--json"]);
	assert_eq!(run.code, NOT_VALID, "{}", run.stderr);
	let proven: ProofVerified = run.parsed();
	assert_eq!(proven.status, VerificationStatus::Revoked);
	assert!(proven.proof_valid);

	// issuer update: the types and the window replace the old ones; only
	// the authority may.
	let update = |signer: &'static str| {
		[
			"issuer",
			"update",
			"--as",
			signer,
			"--org",
			"NTU",
			"--types",
			"diploma,license",
			"--valid-until",
			"2098-12-31",
			"--reason",
			"licensing added",
		]
	};
	ecert.fails(&update("ntu"), REJECTED);
	ecert.ok(&update("//Alice"));
	let updated: IssuerView = ecert.ok_as(&["issuer", "show", "NTU"]);
	let types: Vec<String> =
		updated.record.certificate_types.iter().map(ToString::to_string).collect();
	assert_eq!(types, ["diploma", "license"]);

	// issuer suspend, reinstate, revoke.
	for (action, status) in [
		("suspend", AccreditationStatus::Suspended),
		("reinstate", AccreditationStatus::Active),
		("revoke", AccreditationStatus::Revoked),
	] {
		ecert.ok(&["issuer", action, "--as", "//Alice", "--org", "NTU", "--reason", "audit"]);
		let shown: IssuerView = ecert.ok_as(&["issuer", "show", "NTU"]);
		assert_eq!(shown.record.status, status, "after {action}");
	}
	ecert.fails(
		&["issuer", "reinstate", "--as", "//Alice", "--org", "NTU", "--reason", "r"],
		REJECTED,
	);

	// identity deactivate: by its own account, for good.
	ecert.ok(&["identity", "deactivate", "--as", "acme", "--id", &acme_id]);
	let deactivated = registered(ecert.ok_as(&["identity", "show", &acme_id]));
	assert_eq!(deactivated.record.status, IdentityStatus::Deactivated);
	ecert.fails(
		&["identity", "deactivate", "--as", "//Alice", "--id", &acme_id, "--authority"],
		REJECTED,
	);

	// identity rotate: chen's identity takes the keys of a new account; the
	// account that acts for it stays.
	let renewed: AccountShown = ecert.ok_as(&["account", "new", "--name", "chen-2027", "--plain"]);
	let rotated: Changed =
		ecert.ok_as(&["identity", "rotate", "--as", "chen", "--new-keys", "chen-2027"]);
	assert_eq!(rotated.done, "keys rotated");
	let chen = registered(ecert.ok_as(&["identity", "show", "chen"]));
	assert_eq!(format!("{:?}", chen.record.keys.key_agreement.0), renewed.key_agreement_key);
	ecert.fails(&["identity", "rotate", "--as", "//Ferdie", "--new-keys", "chen-2027"], REJECTED);
	// Chen's old key no longer signs for the identity: cert list says so
	// before asking the node.
	let error = ecert.fails(&ecert.on_side(&["cert", "list", "--as", "chen"]), BAD_INPUT);
	assert!(error.contains("it was rotated"), "{error}");

	// identity recover, veto, claim: chen lost the key. A registrar starts
	// moving the identity to chen's new account; chen's old account vetoes
	// it once. The second time, the delay passes and the new account takes
	// the identity, with its certificates.
	let chen_id = chen.identity_id;
	let chen_hex = format!("{:?}", chen_id.0);
	ecert.ok(&["account", "new", "--name", "chen-new", "--plain"]);
	ecert.ok(&["account", "transfer", "--as", "//Alice", "--to", "chen-new", "--amount", "10"]);
	let recover =
		["identity", "recover", "--as", "//Alice", "--id", "chen", "--new-account", "chen-new"];
	let claim = ["identity", "claim", "--as", "chen-new", "--id", &chen_hex];
	ecert.fails(&[&recover[..2], &["--as", "chen"], &recover[4..]].concat(), REJECTED);
	ecert.ok(&recover);
	ecert.fails(&recover, REJECTED);
	ecert.fails(&claim, REJECTED);
	let vetoed: Changed = ecert.ok_as(&["identity", "veto", "--as", "chen"]);
	assert_eq!(vetoed.done, "recovery vetoed");
	ecert.fails(&claim, REJECTED);
	let started: RecoveryStarted = ecert.ok_as(&recover);
	// The test networks' recovery delay is ten blocks.
	assert_eq!(
		(started.identity_id, started.receipt.block_number + 10),
		(chen_id, started.claimable_at)
	);
	let pending = registered(ecert.ok_as(&["identity", "show", "chen"]));
	let recovery = pending.recovery.expect("identity show names the recovery in progress");
	assert_eq!(recovery.claimable_at, started.claimable_at);
	let shown = ecert.run(&["identity", "show", "chen"]).stdout;
	assert!(shown.contains("unless the account above vetoes it"), "{shown}");
	let due = started.claimable_at;
	wait_for(TIMEOUT, "the recovery delay", || main.best_number() >= due, || main.log_tail());
	let recovered: Changed = ecert.ok_as(&claim);
	assert_eq!(recovered.done, "identity recovered");
	let moved = registered(ecert.ok_as(&["identity", "show", "chen-new"]));
	assert_eq!((moved.identity_id, moved.recovery), (chen_id, None));
	ecert.fails(&["identity", "show", "chen"], BAD_INPUT);
	// The certificates stay the identity's, and the relay brings the new
	// keys to the diploma chain, where the new account lists them.
	let run =
		ecert.run(&[&with(&["cert", "verify"])[..], &["--url", &side.ws_url(), "--json"]].concat());
	assert_eq!(run.parsed::<Verification>().holder, Some(chen_id));
	wait_for(
		TIMEOUT,
		"the diploma chain knows chen's new account",
		|| {
			let run = ecert.run(&ecert.on_side(&["cert", "list", "--as", "chen-new", "--json"]));
			run.code == 0 && !run.parsed::<CertificateList>().certificates.is_empty()
		},
		|| relay.log_tail(),
	);
	// The old account no longer names an identity.
	ecert.fails(&ecert.on_side(&["cert", "list", "--as", "chen"]), BAD_INPUT);

	// node admit, remove: on the main chain, and on the diploma chain.
	let peer = "12D3KooWBmAwcd4PJNJvfV89HwE48nwkRmAgo8Vy3uQEyNNHBox2";
	let admit = |signer| ["node", "admit", "--as", signer, "--peer-id", peer, "--owner", "//Bob"];
	ecert.fails(&admit("//Ferdie"), REJECTED);
	let admitted: Changed = ecert.ok_as(&admit("//Alice"));
	assert_eq!((admitted.subject.as_str(), admitted.done.as_str()), (peer, "node admitted"));
	ecert.fails(&admit("//Alice"), REJECTED);
	ecert.ok(&["node", "remove", "--as", "//Alice", "--peer-id", peer]);
	ecert.fails(&["node", "remove", "--as", "//Alice", "--peer-id", peer], REJECTED);
	let not_a_peer = ["node", "remove", "--as", "//Alice", "--peer-id", "12D3-not-a-peer"];
	ecert.fails(&not_a_peer, BAD_INPUT);
	ecert.side(&[&admit("//Alice")[..], &["--type", "diploma"]].concat());

	// anchor reset: the main chain's light client of the diploma chain
	// starts again from that chain's last finalized block, and the relay
	// goes on from there.
	let diploma = ChainId::Side("diploma".parse().unwrap());
	let anchored = || {
		let bytes = main.storage(&storage::anchored_chain(&diploma)).unwrap();
		ChainState::<BlockNumber>::decode(&mut &bytes[..]).unwrap()
	};
	let side_url = side.ws_url();
	let reset =
		["anchor", "reset", "--as", "//Alice", "--type", "diploma", "--side-url", &side_url];
	ecert.ok(&reset);
	let reset_at = anchored().reset_at;
	assert!(reset_at > 0, "{:?}", anchored());
	wait_for(
		TIMEOUT,
		"the relay anchors the diploma chain past the reset",
		|| anchored().best_number > reset_at,
		|| relay.log_tail(),
	);
	ecert.ok(&[&reset[..], &["--side-follows-main"]].concat());

	drop(relay);
	main.stop();
	side.stop();
}

/// The id of certificate NTU-2026-0002, as the side node derives it.
fn id_of_second(ecert: &Ecert, side: &Node) -> CertificateId {
	let run = ecert.run(&[
		"cert",
		"verify",
		"--org",
		"NTU",
		"--number",
		"NTU-2026-0002",
		"--url",
		&side.ws_url(),
		"--json",
	]);
	let verification: Verification = run.parsed();
	verification.certificate_id
}

/// A QR code PNG of `bytes`, drawn by the client itself.
fn qr_png(bytes: &[u8]) -> Vec<u8> {
	let dir = tempfile::tempdir().unwrap();
	let bin = dir.path().join("in.bin");
	std::fs::write(&bin, bytes).unwrap();
	let png = dir.path().join("out.png");
	let output =
		Command::new(ecert_binary()).args(["proof", "qr"]).arg(&bin).arg(&png).output().unwrap();
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	std::fs::read(png).unwrap()
}

/// The lifecycle of a new certificate type, with a relay that is never
/// restarted: the identity authority registers "marriage" with its schema,
/// its side chain starts and is listed in the main chain's directory, the
/// relay picks it up, a registry office issues a marriage certificate with
/// the CLI (which reads the schema from the main chain), and a verifier
/// checks it online, finding the chain through the directory with nothing
/// but the certificate's code and number, and offline through its portable
/// proof. Taken out of the directory, the chain is no longer relayed or
/// found.
#[test]
fn a_new_certificate_type_joins_through_the_directory_without_restarting_the_relay() {
	use ecert_primitives::{sealed::KeyAgreementPair, Role};
	use ecert_tests::MainRegistry;
	use sp_keyring::Sr25519Keyring;

	let dir = tempfile::tempdir().unwrap();
	let main = Node::start("main-dev", &dir.path().join("main"));
	let relay = Relay::start(&main, &[], &dir.path().join("relay"));
	let work = dir.path().join("work");
	std::fs::create_dir_all(&work).unwrap();
	// No side-chain node is given to the client: it must find it.
	let ecert = Ecert { dir: work, main_url: main.ws_url(), side_url: String::new() };
	let verify = ["cert", "verify", "--org", "TPEDA", "--number", "TPE-DA-2026-000123"];

	// 1. The type, with its schema on chain; its side chain is not yet listed.
	let marriage = Node::start("side-marriage-dev", &dir.path().join("marriage"));
	let schema: FieldSchema = ecert.ok_as(&["type", "preset", "--id", "marriage"]);
	let schema_file = ecert.path("marriage-schema.json");
	std::fs::write(&schema_file, serde_json::to_string(&schema).unwrap()).unwrap();
	let side_url = marriage.ws_url();
	ecert.ok(&[
		"type",
		"add",
		"--as",
		"//Alice",
		"--id",
		"marriage",
		"--name",
		"Marriage certificate",
		"--schema",
		&schema_file,
		"--side-url",
		&side_url,
	]);
	let unlisted = ecert.fails(&[&verify[..], &["--type", "marriage"]].concat(), BAD_INPUT);
	assert!(unlisted.contains("lists no node of the marriage side chain"), "{unlisted}");
	ecert.fails(
		&["type", "endpoints", "--as", "//Alice", "--id", "marriage", "http://x"],
		BAD_INPUT,
	);
	ecert
		.fails(&["type", "endpoints", "--as", "//Ferdie", "--id", "marriage", &side_url], REJECTED);

	// 2. Listed, behind a node that is down: clients and the relay go on
	//    to the next.
	let listed: Changed = ecert.ok_as(&[
		"type",
		"endpoints",
		"--as",
		"//Alice",
		"--id",
		"marriage",
		"ws://127.0.0.1:1",
		&side_url,
	]);
	assert!(listed.done.contains(&side_url), "{}", listed.done);
	let shown: CertificateTypeView = ecert.ok_as(&["type", "show", "--id", "marriage"]);
	let endpoints: Vec<&str> = shown.endpoints.iter().map(|endpoint| endpoint.as_str()).collect();
	assert_eq!(endpoints, ["ws://127.0.0.1:1", side_url.as_str()]);
	assert_eq!(shown.schema, schema);
	wait_for(
		TIMEOUT,
		"the relay starts relaying for the marriage chain",
		|| relay.log().contains(&format!("listed in the directory; relaying through {side_url}")),
		|| relay.log_tail(),
	);

	// 3. A registry office, accredited for marriage on main, issues with the
	//    CLI once the relay has carried its accreditation to the new chain.
	let registry = MainRegistry { rpc: ecert_client::BlockingNode::new(main.rpc_url()) };
	let office = IdentityId(sp_core::H256::repeat_byte(0xc0));
	let couple = IdentityId(sp_core::H256::repeat_byte(0xd0));
	let nobody = KeyAgreementPair::from_seed("//nobody");
	registry.register(Sr25519Keyring::Charlie, office, Role::Issuer, &nobody);
	registry.register(
		Sr25519Keyring::Dave,
		couple,
		Role::Holder,
		&KeyAgreementPair::from_seed("//Dave"),
	);
	registry.accredit(&"TPEDA".parse().unwrap(), office, "marriage");
	let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/marriage.json");
	let data = data.display().to_string();
	let issue = [
		"cert",
		"issue",
		"--as",
		"//Charlie",
		"--type",
		"marriage",
		"--holder",
		"//Dave",
		"--data",
		&data,
		"--json",
	];
	let mut issued = None;
	wait_for(
		TIMEOUT,
		"the marriage chain takes the office's certificate",
		|| {
			let run = ecert.run(&issue);
			issued = (run.code == 0).then(|| run.parsed::<CertificateIssued>());
			issued.is_some()
		},
		|| relay.log_tail(),
	);
	let issued = issued.unwrap();
	let certificate = format!("{:?}", issued.certificate_id.0);
	// The schema on chain is checked: a value it does not allow is refused.
	let bad = ecert.path("bad-marriage.json");
	let mut fields: Value = read_json(&data);
	fields["marriage_date"] = json!("2026-02-30");
	std::fs::write(&bad, fields.to_string()).unwrap();
	ecert.fails(
		&[
			"cert",
			"issue",
			"--as",
			"//Charlie",
			"--type",
			"marriage",
			"--holder",
			"//Dave",
			"--data",
			&bad,
		],
		BAD_INPUT,
	);

	// 4. Verified online with only the code and number (every listed chain
	//    is asked) and with the type, and offline through its proof.
	let online: Verification = ecert.ok_as(&verify);
	assert_eq!(online.status, VerificationStatus::Valid);
	assert_eq!(online.certificate_id, issued.certificate_id);
	let by_type: Verification = ecert.ok_as(&[&verify[..], &["--type", "marriage"]].concat());
	assert_eq!(by_type.certificate_id, issued.certificate_id);
	let unknown = ecert.fails(&["cert", "verify", "--org", "TPEDA", "--number", "nope"], NOT_VALID);
	assert!(unknown.contains("no side chain in the main chain's directory knows"), "{unknown}");
	let checkpoint = ecert.path("main-checkpoint.json");
	let _: CheckpointSaved = ecert.ok_as(&["proof", "checkpoint", "--out", &checkpoint]);
	let bin = ecert.path("marriage-proof.bin");
	wait_for(
		TIMEOUT,
		"the marriage chain's header is anchored on main",
		|| ecert.run(&["proof", "export", &certificate, "--out", &bin]).code == 0,
		|| relay.log_tail(),
	);
	let offline = ecert.offline();
	let proven: ProofVerified =
		offline.ok_as(&["proof", "verify", &bin, "--checkpoint", &checkpoint]);
	assert!(proven.proof_valid);
	assert_eq!(proven.status, VerificationStatus::Valid);
	assert_eq!(proven.certificate_id, issued.certificate_id);

	// 5. A second node of the chain, listed after the first: when the first
	//    stops, the relay moves its lane there, and clients find it there.
	let peer = Node::launch(NodeConfig {
		chain: "side-marriage-dev",
		base_path: &dir.path().join("marriage-peer"),
		validator: None,
		node_key: BOB_NODE_KEY,
		bootnodes: vec![marriage.multiaddr()],
	});
	let peer_url = peer.ws_url();
	let (_, finalized) = marriage.finalized();
	peer.wait_finalized(finalized, TIMEOUT);
	let stops = || relay.log().matches("side-marriage: lane stopped").count();
	let stopped = stops();
	ecert.ok(&["type", "endpoints", "--as", "//Alice", "--id", "marriage", &side_url, &peer_url]);
	wait_for(TIMEOUT, "the relay takes the new list", || stops() > stopped, || relay.log_tail());
	marriage.stop();
	wait_for(
		TIMEOUT,
		"the relay moves to the second node",
		|| relay.log().contains(&format!("listed in the directory; relaying through {peer_url}")),
		|| relay.log_tail(),
	);
	let moved: Verification = ecert.ok_as(&[&verify[..], &["--type", "marriage"]].concat());
	assert_eq!(moved.certificate_id, issued.certificate_id);

	// Out of the directory: the relay stops its lane, clients no longer find
	// the chain.
	let stopped = stops();
	ecert.ok(&["type", "endpoints", "--as", "//Alice", "--id", "marriage", "--clear"]);
	wait_for(
		TIMEOUT,
		"the relay stops relaying for the marriage chain",
		|| stops() > stopped,
		|| relay.log_tail(),
	);
	let shown: CertificateTypeView = ecert.ok_as(&["type", "show", "--id", "marriage"]);
	assert!(shown.endpoints.is_empty());
	ecert.fails(&[&verify[..], &["--type", "marriage"]].concat(), BAD_INPUT);
}

/// A production network, as docs/operations.md sets one up: the operator
/// makes a validator's keys on its host (`ecert-node key generate`,
/// `generate-node-key`), `ecert-node network-specs` writes raw specs with no
/// sudo key from the network's description, the keys go into the node's
/// keystore (`key insert`), and the main chain started from its spec is
/// governed by its council alone: one member's accreditation waits, a
/// second member's carries it.
#[test]
fn a_production_network_is_governed_by_its_council_alone() {
	use sp_core::crypto::Ss58Codec;
	use sp_keyring::Sr25519Keyring;
	let dir = tempfile::tempdir().unwrap();
	let node_command = |args: &[&str]| {
		let output = Command::new(node_binary()).args(args).output().expect("ecert-node runs");
		assert!(output.status.success(), "ecert-node {args:?}: {output:?}");
		(String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
	};
	// The validator's keys, made on its host: one secret phrase for both
	// session keys, and a node key whose peer id the description names.
	let (generated, _) =
		node_command(&["key", "generate", "--scheme", "sr25519", "--output-type", "json"]);
	let generated: Value = serde_json::from_str(&generated).unwrap();
	let phrase = generated["secretPhrase"].as_str().unwrap().to_owned();
	let aura = generated["ss58PublicKey"].as_str().unwrap().to_owned();
	let (inspected, _) =
		node_command(&["key", "inspect", "--scheme", "ed25519", "--output-type", "json", &phrase]);
	let inspected: Value = serde_json::from_str(&inspected).unwrap();
	let grandpa = inspected["ss58PublicKey"].as_str().unwrap().to_owned();
	let grandpa_hex = inspected["publicKey"].as_str().unwrap().to_owned();
	let node_key_file = dir.path().join("node.key");
	let (_, peer_id) =
		node_command(&["key", "generate-node-key", "--file", &node_key_file.display().to_string()]);
	let peer_id = peer_id.trim().to_owned();
	let address = |who: Sr25519Keyring| who.to_account_id().to_ss58check();
	let [alice, bob, charlie, dave] =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.map(address);
	let description = format!(
		r#"
[network]
name = "Testland"
id = "testland"
block_time_ms = 2000

[[organisation]]
id = "authority"
name = "Testland Identity Authority"
council = ["{alice}", "{bob}", "{charlie}"]

[[balance]]
account = "{alice}"
ect = 1000
[[balance]]
account = "{bob}"
ect = 1000
[[balance]]
account = "{charlie}"
ect = 1000
[[balance]]
account = "{dave}"
ect = 1000

[main]
governed_by = "authority"
registrars = ["{alice}"]

[[main.validator]]
organisation = "authority"
aura = "{aura}"
grandpa = "{grandpa}"
peer_id = "{peer_id}"
address = "/ip4/127.0.0.1/tcp/30333"

[[side_chain]]
certificate_type = "diploma"
governed_by = "authority"
endpoints = ["ws://127.0.0.1:9954"]

[[side_chain.validator]]
organisation = "authority"
aura = "{aura}"
grandpa = "{grandpa_hex}"
peer_id = "{peer_id}"
"#
	);
	let description_file = dir.path().join("network.toml");
	std::fs::write(&description_file, &description).unwrap();
	let specs = dir.path().join("specs");
	let written = ecert_tests::run_node_command(&[
		"network-specs",
		"--network",
		&description_file.display().to_string(),
		"--out",
		&specs.display().to_string(),
	]);
	assert!(written.contains("main.json") && written.contains("side-diploma.json"), "{written}");

	// Raw specs, with no sudo key, the council as described, and the
	// validator's node as a bootnode.
	for (file, id) in
		[("main.json", "testland_main"), ("side-diploma.json", "testland_side_diploma")]
	{
		let spec: Value = read_json(specs.join(file));
		assert_eq!(spec["id"], id);
		assert_eq!(spec["chainType"], "Live");
		let top = spec["genesis"]["raw"]["top"].as_object().expect("a raw spec");
		let key = |key: Vec<u8>| format!("0x{}", hex::encode(key));
		assert!(!top.contains_key(&key(storage::sudo_key())), "{file} has a sudo key");
		let members = top[&key(storage::council_members())].as_str().unwrap();
		assert!(members.contains(&hex::encode(Sr25519Keyring::Charlie.public())), "{file}");
	}
	let main_spec: Value = read_json(specs.join("main.json"));
	assert_eq!(main_spec["bootNodes"], json!([format!("/ip4/127.0.0.1/tcp/30333/p2p/{peer_id}")]));

	// A description with a mistake is refused in words, naming it.
	let bad = description.replace(&format!("\"{charlie}\"]"), "\"not-an-account\"]");
	std::fs::write(&description_file, bad).unwrap();
	let refused = Command::new(node_binary())
		.args(["network-specs", "--network", &description_file.display().to_string()])
		.args(["--out", &dir.path().join("bad").display().to_string()])
		.output()
		.unwrap();
	assert!(!refused.status.success());
	let words = String::from_utf8_lossy(&refused.stderr);
	assert!(
		words.starts_with(
			"error: a council member of 'authority': 'not-an-account' is not an account"
		),
		"{words}"
	);

	// The main chain from its spec: the validator's keys go into its
	// keystore, it validates, and the council governs.
	let main_spec_path = specs.join("main.json").display().to_string();
	let base_path = dir.path().join("main");
	for (key_type, scheme) in [("aura", "sr25519"), ("gran", "ed25519")] {
		node_command(&[
			"key",
			"insert",
			"--base-path",
			&base_path.display().to_string(),
			"--chain",
			&main_spec_path,
			"--key-type",
			key_type,
			"--scheme",
			scheme,
			"--suri",
			&phrase,
		]);
	}
	let node_key = std::fs::read_to_string(&node_key_file).unwrap();
	let main = Node::launch(NodeConfig {
		chain: &main_spec_path,
		base_path: &base_path,
		validator: Some("validator"),
		node_key: node_key.trim(),
		bootnodes: vec![],
	});
	main.wait_finalized(1, TIMEOUT);
	let work = dir.path().join("work");
	std::fs::create_dir_all(&work).unwrap();
	let ecert = Ecert { dir: work, main_url: main.ws_url(), side_url: main.ws_url() };
	let council: CouncilView = ecert.ok_as(&["council", "list"]);
	assert_eq!((council.members.len(), council.two_thirds, &council.sudo), (3, 2, &None));

	let dave_id = format!("{:?}", sp_core::H256::repeat_byte(0xda));
	ecert.ok(&["identity", "request", "--as", "//Dave", "--role", "issuer"]);
	ecert.ok(&["identity", "approve", "--as", "//Alice", "--account", "//Dave", "--id", &dave_id]);
	let accredit = |member: &str| -> Vec<String> {
		[
			"issuer",
			"accredit",
			"--as",
			member,
			"--org",
			"TLU",
			"--name",
			"Testland University",
			"--identity",
			"//Dave",
			"--types",
			"diploma",
			"--reason",
			"council decision 1",
		]
		.map(String::from)
		.to_vec()
	};
	// Alice holds no sudo key here: her accreditation is a motion like any
	// member's, and one member alone does not carry it.
	let waiting = ecert.fails(&strs(&accredit("//Alice")), WAITING);
	assert!(waiting.contains("has 1 of the 2 votes"), "{waiting}");
	ecert.fails(&strs(&accredit("//Dave")), REJECTED);
	let shown = ecert.run(&["issuer", "show", "TLU", "--json"]);
	assert_ne!(shown.code, 0, "not accredited yet: {}", shown.stdout);
	ecert.ok(&strs(&accredit("//Bob")));
	let issuer: IssuerView = ecert.ok_as(&["issuer", "show", "TLU"]);
	assert_eq!(issuer.record.status, AccreditationStatus::Active);
	let council: CouncilView = ecert.ok_as(&["council", "list"]);
	assert!(council.motions.is_empty(), "closed once carried: {council:?}");

	// A runtime upgrade by the council: the running code, with its spec
	// version raised. One member's command waits; a second's authorises the
	// code and applies it.
	let before: u32 =
		main.rpc("state_getRuntimeVersion", json!([]))["specVersion"].as_u64().unwrap() as u32;
	let code = main.storage(b":code").expect("the chain's code");
	let wasm = dir.path().join("upgraded.wasm");
	std::fs::write(&wasm, with_spec_version(&code, before + 1)).unwrap();
	let wasm = wasm.display().to_string();
	let not_code = ecert.path("not-code.wasm");
	std::fs::write(&not_code, b"hello").unwrap();
	ecert.fails(&["runtime", "upgrade", "--as", "//Alice", "--wasm", &not_code], BAD_INPUT);
	ecert.fails(&["runtime", "upgrade", "--as", "//Alice", "--wasm", &wasm], WAITING);
	let upgraded: Changed =
		ecert.ok_as(&["runtime", "upgrade", "--as", "//Charlie", "--wasm", &wasm]);
	let words = format!("runtime upgraded from spec version {before} to {}", before + 1);
	assert_eq!(upgraded.done, words);
	main.wait_until(TIMEOUT, "the new runtime runs", |node| {
		node.rpc("state_getRuntimeVersion", json!([]))["specVersion"] == json!(before + 1)
	});
	let issuer: IssuerView = ecert.ok_as(&["issuer", "show", "TLU"]);
	assert_eq!(issuer.record.status, AccreditationStatus::Active, "state kept across the upgrade");

	// Back up and restore: the stopped node's blocks, exported and imported
	// into a fresh base path, give a node with the same state.
	let finalized = main.finalized().1;
	main.stop();
	let blocks = dir.path().join("main-blocks.json").display().to_string();
	let base = base_path.display().to_string();
	ecert_tests::run_node_command(&[
		"export-blocks",
		"--chain",
		&main_spec_path,
		"--base-path",
		&base,
		"--from",
		"1",
		&blocks,
	]);
	let restored_path = dir.path().join("main-restored");
	let restored_base = restored_path.display().to_string();
	ecert_tests::run_node_command(&[
		"import-blocks",
		"--chain",
		&main_spec_path,
		"--base-path",
		&restored_base,
		&blocks,
	]);
	let restored = Node::launch(NodeConfig {
		chain: &main_spec_path,
		base_path: &restored_path,
		validator: None,
		node_key: node_key.trim(),
		bootnodes: vec![],
	});
	assert!(restored.best_number() >= finalized, "{}", restored.log_tail());
	let ecert = Ecert { main_url: restored.ws_url(), side_url: restored.ws_url(), ..ecert };
	let issuer: IssuerView = ecert.ok_as(&["issuer", "show", "TLU"]);
	assert_eq!(issuer.record.status, AccreditationStatus::Active);
}

/// Runtime `code` (as a chain holds it: zstd-compressed) with another spec
/// version in its `runtime_version` section, which is where nodes and
/// `System::apply_authorized_upgrade` read a runtime's version from: the same
/// runtime, as a new release of it.
fn with_spec_version(code: &[u8], spec_version: u32) -> Vec<u8> {
	use codec::{Compact, Decode};
	use sp_maybe_compressed_blob::{compress_weakly, decompress, CODE_BLOB_BOMB_LIMIT};
	let mut wasm = decompress(code, CODE_BLOB_BOMB_LIMIT).unwrap().into_owned();
	let mut at = 8; // the magic and the format version
	let leb128 = |wasm: &[u8], at: &mut usize| -> usize {
		let (mut value, mut shift) = (0usize, 0);
		loop {
			let byte = wasm[*at];
			*at += 1;
			value |= ((byte & 0x7f) as usize) << shift;
			shift += 7;
			if byte & 0x80 == 0 {
				return value;
			}
		}
	};
	while at < wasm.len() {
		let id = wasm[at];
		at += 1;
		let size = leb128(&wasm, &mut at);
		let end = at + size;
		if id == 0 {
			let mut name_at = at;
			let name_len = leb128(&wasm, &mut name_at);
			if &wasm[name_at..name_at + name_len] == b"runtime_version" {
				// spec_name, impl_name, authoring_version, then spec_version.
				let mut version = &wasm[name_at + name_len..end];
				let start = version.len();
				for _ in 0..2 {
					let Compact(len) = Compact::<u32>::decode(&mut version).unwrap();
					version = &version[len as usize..];
				}
				let offset = name_at + name_len + (start - version.len()) + 4;
				wasm[offset..offset + 4].copy_from_slice(&spec_version.to_le_bytes());
				return compress_weakly(&wasm, CODE_BLOB_BOMB_LIMIT).unwrap();
			}
		}
		at = end;
	}
	panic!("the code has no runtime_version section");
}

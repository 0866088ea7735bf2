//! The issuer's office (`ecert-office`) end to end, on SQLite and on
//! PostgreSQL (Debian's server, started by the test in a temporary data
//! directory on loopback): a real office process over real nodes (main-dev,
//! side-diploma-dev and the relay). Staff roles and logins, a clerk's draft approved by an officer
//! and issued on chain, the receipt and the audit log, suspension,
//! reinstatement and revocation followed to the chain, the re-issued
//! holder's file that still discloses against the chain, and a scan of the
//! raw database files for the personal data they must not show. The
//! issuer's console of the web app, in headless Chromium: a clerk drafts, an
//! officer approves and sees the receipt.

use ecert_client::api::{CertificateQuery, SideChainApiClient};
use ecert_harness::Process;
use ecert_primitives::{
	sealed::KeyAgreementPair, storage, CertificateId, HashAlgorithm, HolderFile, IdentityId,
	OrgCode, Role, VerificationStatus,
};
use ecert_tests::browser::{Browser, WebApp};
use ecert_tests::{wait_for, MainRegistry, Node, Relay};
use serde_json::{json, Value};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use std::{
	io::Write,
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::Duration,
};

const TIMEOUT: Duration = Duration::from_secs(180);

/// What the holder's personal data is: never in the database in the clear.
const NAME: &str = "Lin Mei-ling";
const ID_NUMBER: &str = "A123456789";
/// A reason in words: kept only sealed, as it may name a person.
const SUSPENSION: &str = "complaint by Chang Wei-ting about the thesis";

fn office_binary() -> PathBuf {
	let path = ecert_tests::node_binary().with_file_name("ecert-office");
	assert!(path.exists(), "{} does not exist: build it first", path.display());
	path
}

fn identity_id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

/// Runs `ecert-office` with `args`, `stdin` and the environment `env`.
fn office_run(args: &[String], stdin: &str, env: &[(&str, &str)]) -> std::process::Output {
	let mut child = Command::new(office_binary())
		.args(args)
		.envs(env.iter().copied())
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.expect("ecert-office starts");
	child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
	child.wait_with_output().unwrap()
}

/// Runs `ecert-office` with `args` and `stdin`; gives its standard output.
fn office_command(args: &[String], stdin: &str) -> String {
	let output = office_run(args, stdin, &[]);
	assert!(
		output.status.success(),
		"ecert-office {args:?} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8(output.stdout).unwrap()
}

/// A client of the office's HTTP API.
struct Api {
	url: String,
}

impl Api {
	/// `method` on `path` with `token` (if any) and a JSON `body`: the status
	/// and the JSON answer.
	fn call(
		&self,
		method: &str,
		path: &str,
		token: Option<&str>,
		body: Option<Value>,
	) -> (u16, Value) {
		let request = self.request(method, path, token);
		let answer = match body {
			Some(body) => request.send_json(body),
			None => request.call(),
		};
		Self::answer(method, path, answer)
	}

	fn request(&self, method: &str, path: &str, token: Option<&str>) -> ureq::Request {
		let request = ureq::request(method, &format!("{}{path}", self.url));
		match token {
			Some(token) => request.set("Authorization", &format!("Bearer {token}")),
			None => request,
		}
	}

	/// Sends `file`, of type `media_type`, as the body.
	fn upload(&self, path: &str, token: &str, media_type: &str, file: &[u8]) -> (u16, Value) {
		let request = self.request("POST", path, Some(token)).set("Content-Type", media_type);
		Self::answer("POST", path, request.send_bytes(file))
	}

	fn answer(
		method: &str,
		path: &str,
		answer: Result<ureq::Response, ureq::Error>,
	) -> (u16, Value) {
		let response = match answer {
			Ok(response) => response,
			Err(ureq::Error::Status(_, response)) => response,
			Err(error) => panic!("{method} {path}: {error}"),
		};
		let status = response.status();
		let text = response.into_string().unwrap();
		(status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
	}

	fn login(&self, username: &str, password: &str) -> String {
		let (status, answer) = self.call(
			"POST",
			"/api/login",
			None,
			Some(json!({ "username": username, "password": password })),
		);
		assert_eq!(status, 200, "{username} logs in: {answer}");
		answer["token"].as_str().unwrap().to_owned()
	}
}

/// Every byte of every file under `dir`.
fn bytes_under(dir: &Path) -> Vec<u8> {
	let mut bytes = Vec::new();
	for entry in std::fs::read_dir(dir).unwrap() {
		let path = entry.unwrap().path();
		if path.is_dir() {
			bytes.extend(bytes_under(&path));
		} else {
			bytes.extend(std::fs::read(&path).unwrap_or_default());
		}
	}
	bytes
}

/// The database an office runs on.
enum Database {
	/// An SQLite file in this directory.
	Sqlite(PathBuf),
	/// A PostgreSQL server of its own, with its data directory.
	Postgres { server: Process, data: tempfile::TempDir, port: u16 },
}

impl Database {
	fn sqlite(dir: &Path) -> Database {
		let dir = dir.join("sqlite");
		std::fs::create_dir_all(&dir).unwrap();
		Database::Sqlite(dir)
	}

	/// A fresh PostgreSQL server on 127.0.0.1, run as the `postgres` user
	/// when the test runs as root (the server refuses to run as root).
	fn postgres(logs: &Path) -> Database {
		use std::os::unix::process::CommandExt;
		let bin = std::fs::read_dir("/usr/lib/postgresql")
			.expect("PostgreSQL is installed (scripts/setup.sh installs it)")
			.map(|entry| entry.unwrap().path().join("bin"))
			.find(|bin| bin.join("initdb").exists())
			.expect("PostgreSQL's initdb");
		let data = tempfile::Builder::new().prefix("ecert-office-pg-").tempdir().unwrap();
		let as_owner = |command: &mut Command| {
			// SAFETY: getuid has no preconditions.
			if unsafe { libc::getuid() } == 0 {
				let id = |flag: &str| {
					let out = Command::new("id").args([flag, "postgres"]).output().unwrap();
					String::from_utf8(out.stdout).unwrap().trim().parse::<u32>().unwrap()
				};
				let (uid, gid) = (id("-u"), id("-g"));
				std::os::unix::fs::chown(data.path(), Some(uid), Some(gid)).unwrap();
				command.uid(uid).gid(gid);
			}
		};
		let mut initdb = Command::new(bin.join("initdb"));
		initdb.args(["--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-sync", "-D"]);
		initdb.arg(data.path());
		as_owner(&mut initdb);
		let made = initdb.output().unwrap();
		assert!(made.status.success(), "initdb: {}", String::from_utf8_lossy(&made.stderr));
		let port = ecert_tests::free_port();
		let mut postgres = Command::new(bin.join("postgres"));
		postgres.arg("-D").arg(data.path()).args(["-p", &port.to_string(), "-k"]).arg(data.path());
		postgres.args(["-c", "listen_addresses=127.0.0.1"]);
		as_owner(&mut postgres);
		let mut server = Process::spawn_command(postgres, &logs.join("postgres.log")).unwrap();
		server.wait_for_line("ready to accept connections").unwrap();
		Database::Postgres { server, data, port }
	}

	fn url(&self) -> String {
		match self {
			Database::Sqlite(dir) => format!("sqlite:{}", dir.join("office.db").display()),
			Database::Postgres { port, .. } => {
				format!("postgres://postgres@127.0.0.1:{port}/postgres")
			},
		}
	}

	/// Every byte the database has written, with its server stopped so that
	/// everything is on disk.
	fn raw_bytes(&mut self) -> Vec<u8> {
		match self {
			Database::Sqlite(dir) => bytes_under(dir),
			Database::Postgres { server, data, .. } => {
				server.stop();
				bytes_under(data.path())
			},
		}
	}
}

fn contains(haystack: &[u8], needle: &str) -> bool {
	haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[test]
fn an_office_on_sqlite_issues_through_the_chain_with_roles_audit_and_no_personal_data_in_the_clear()
{
	let dir = tempfile::tempdir().unwrap();
	let database = Database::sqlite(dir.path());
	office_end_to_end(dir.path(), database);
}

#[test]
fn an_office_on_postgresql_issues_through_the_chain_with_roles_audit_and_no_personal_data_in_the_clear(
) {
	let dir = tempfile::tempdir().unwrap();
	let database = Database::postgres(dir.path());
	office_end_to_end(dir.path(), database);
}

/// Real chains for an office: main, the diploma side chain and the relay;
/// NTU accredited for diplomas (acting through Charlie's identity), Dave a
/// holder and Eve a verifier (an employer), all known to the diploma chain.
struct Chains {
	main: Node,
	side: Node,
	/// Runs for as long as the chains are in use.
	_relay: Relay,
}

impl Chains {
	/// Runs the `ecert` client, with `--json`, against these chains.
	fn ecert(&self, dir: &Path, args: &[&str]) -> (i32, Value, String) {
		let output = Command::new(office_binary().with_file_name("ecert"))
			.args(args)
			.args(["--json", "--main-url", &self.main.ws_url(), "--url", &self.side.ws_url()])
			.args(["--keystore", &dir.join("keystore.json").display().to_string()])
			.current_dir(dir)
			.output()
			.expect("ecert runs");
		let stdout = String::from_utf8_lossy(&output.stdout);
		let answer = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
		(output.status.code().unwrap_or(-1), answer, String::from_utf8_lossy(&output.stderr).into())
	}

	fn start(dir: &Path) -> Chains {
		let main = Node::start("main-dev", &dir.join("main"));
		let side = Node::start("side-diploma-dev", &dir.join("diploma"));
		let relay = Relay::start(&main, &[&side], &dir.join("relay"));
		let registry = MainRegistry { rpc: ecert_client::BlockingNode::new(main.rpc_url()) };
		let nobody = KeyAgreementPair::from_seed("//nobody");
		registry.register(Sr25519Keyring::Charlie, identity_id(0xc0), Role::Issuer, &nobody);
		let dave_keys = KeyAgreementPair::from_seed("//Dave");
		registry.register(Sr25519Keyring::Dave, identity_id(0xd0), Role::Holder, &dave_keys);
		let eve_keys = KeyAgreementPair::from_seed("//Eve");
		registry.register(Sr25519Keyring::Eve, identity_id(0xe0), Role::Verifier, &eve_keys);
		registry.accredit(&ntu(), identity_id(0xc0), "diploma");
		wait_for(
			TIMEOUT,
			"the diploma chain has NTU's accreditation, Dave's and Eve's identities",
			|| {
				side.storage(&storage::viewed_issuer(&ntu())).is_some()
					&& side.storage(&storage::viewed_identity(&identity_id(0xd0))).is_some()
					&& side.storage(&storage::viewed_identity(&identity_id(0xe0))).is_some()
			},
			|| relay.log_tail(),
		);
		Chains { main, side, _relay: relay }
	}

	/// The diploma `number` as the diploma chain has it now.
	fn verify(&self, number: &str) -> ecert_client::api::Verification {
		let id = diploma_id(number);
		self.side.read(move |api| api.verify_certificate(CertificateQuery::Id(id), None, None))
	}
}

fn ntu() -> OrgCode {
	"NTU".parse().unwrap()
}

fn diploma_id(number: &str) -> CertificateId {
	CertificateId::derive(&"diploma".parse().unwrap(), &ntu(), &number.parse().unwrap())
}

/// An office made with `ecert-office init` and given Charlie's key.
struct OfficeFiles {
	/// `--database` and `--data-key`.
	common: Vec<String>,
	admin_password: String,
	dir: PathBuf,
}

impl OfficeFiles {
	fn init(dir: &Path, database: &Database) -> OfficeFiles {
		let key_file = dir.join("office.key");
		let common = vec![
			"--database".into(),
			database.url(),
			"--data-key".into(),
			key_file.display().to_string(),
		];
		let with = |args: &[&str]| {
			args.iter().map(|arg| arg.to_string()).chain(common.iter().cloned()).collect::<Vec<_>>()
		};
		let init = office_command(&with(&["init", "--admin", "registrar"]), "");
		let admin_password = init
			.split("password (shown this once): ")
			.nth(1)
			.expect("init prints the admin's password")
			.trim()
			.to_owned();
		let again = office_command(&with(&["init"]), "");
		assert!(again.contains("no admin was made"), "{again}");
		let key_mode = std::os::unix::fs::PermissionsExt::mode(
			&std::fs::metadata(&key_file).unwrap().permissions(),
		);
		assert_eq!(key_mode & 0o077, 0, "only the office may read its data key");
		let signs_as = office_command(&with(&["issuer-key"]), "//Charlie\n");
		let charlie = sp_core::crypto::Ss58Codec::to_ss58check(&Sr25519Keyring::Charlie.public());
		assert!(signs_as.contains(&charlie), "{signs_as}");
		OfficeFiles { common, admin_password, dir: dir.to_owned() }
	}

	/// `ecert-office serve` on a port of its own, logging to `log`.
	fn serve(&self, chains: &Chains, log: &str) -> (Process, Api) {
		let args: Vec<String> = ["serve", "--listen", "127.0.0.1:0", "--org", "NTU", "--main-url"]
			.iter()
			.map(|arg| arg.to_string())
			.chain([chains.main.ws_url(), "--side-url".into(), chains.side.ws_url()])
			.chain(self.common.iter().cloned())
			.collect();
		let mut office = Process::spawn(&office_binary(), &args, &[], &self.dir.join(log)).unwrap();
		let address = office.wait_for_line("listening on ").unwrap();
		(office, Api { url: address.trim().to_owned() })
	}
}

/// Staff log in with their roles; a clerk drafts, an officer approves and
/// the office issues on chain; the receipt, the audit log and a re-issued
/// holder's file; then a scan of the database's raw files.
fn office_end_to_end(dir: &Path, mut database: Database) {
	let chains = Chains::start(dir);
	let files = OfficeFiles::init(dir, &database);
	let (mut office, api) = files.serve(&chains, "office.log");
	let admin_password = &files.admin_password;

	// The API describes itself, to anyone.
	let (status, description) = api.call("GET", "/api/openapi.json", None, None);
	assert_eq!(status, 200);
	assert_eq!(description["info"]["title"], "ecert-office");
	assert!(description["paths"]["/api/certificates/{id}/renew"]["post"].is_object());

	// Roles: nobody logged out gets in; the admin adds staff.
	let (status, answer) = api.call("GET", "/api/certificates", None, None);
	assert_eq!(status, 401, "{answer}");
	assert_eq!(answer["error"], "you are not logged in");
	let (status, _) = api.call("GET", "/api/certificates", Some("not-a-token"), None);
	assert_eq!(status, 401);
	let (status, _) = api.call(
		"POST",
		"/api/login",
		None,
		Some(json!({"username": "registrar", "password": "wrong password!"})),
	);
	assert_eq!(status, 401);
	let admin = api.login("registrar", admin_password);
	for (name, role) in
		[("clerk.chen", "clerk"), ("officer.wang", "officer"), ("auditor.hsu", "auditor")]
	{
		let body = json!({ "username": name, "password": "a long enough password", "role": role });
		let (status, answer) = api.call("POST", "/api/staff", Some(&admin), Some(body));
		assert_eq!(status, 201, "{answer}");
	}
	let body = json!({ "username": "short.pw", "password": "short", "role": "clerk" });
	let (status, answer) = api.call("POST", "/api/staff", Some(&admin), Some(body));
	assert_eq!(status, 400, "{answer}");
	let clerk = api.login("clerk.chen", "a long enough password");
	let officer = api.login("officer.wang", "a long enough password");
	let auditor = api.login("auditor.hsu", "a long enough password");
	let body =
		json!({ "username": "sneaky", "password": "a long enough password", "role": "admin" });
	let (status, _) = api.call("POST", "/api/staff", Some(&clerk), Some(body));
	assert_eq!(status, 403, "a clerk cannot add staff");

	// A clerk drafts; bad input is refused in words.
	let holder = format!("{:?}", identity_id(0xd0).0);
	let mut draft = fields_json("NTU-2026-0042");
	draft["holder"] = json!(holder);
	let mut bad = draft.clone();
	bad["fields"]["degree_level"] = json!("Emperor");
	let (status, answer) = api.call("POST", "/api/certificates", Some(&clerk), Some(bad));
	assert_eq!(status, 400, "{answer}");
	assert!(answer["error"].as_str().unwrap().contains("degree_level"), "{answer}");
	let (status, _) = api.call("POST", "/api/certificates", Some(&auditor), Some(draft.clone()));
	assert_eq!(status, 403, "an auditor cannot draft");
	let (status, drafted) =
		api.call("POST", "/api/certificates", Some(&clerk), Some(draft.clone()));
	assert_eq!(status, 201, "{drafted}");
	assert_eq!(drafted["state"], "draft");
	assert!(drafted.get("fields").is_none(), "the API does not show the fields");
	assert!(drafted.get("sealedFields").is_none(), "nor their sealed form");
	let id = drafted["id"].as_i64().unwrap();
	let (status, answer) = api.call("POST", "/api/certificates", Some(&clerk), Some(draft));
	assert_eq!(status, 409, "the same number twice: {answer}");

	// The clerk attaches the diploma's PDF to the draft.
	let attach = format!("/api/certificates/{id}/document?name=diploma-NTU-2026-0042.pdf");
	let (status, _) = api.upload(&attach, &auditor, "application/pdf", DIPLOMA_PDF);
	assert_eq!(status, 403, "an auditor cannot attach a document");
	let (status, answer) = api.upload(&attach, &clerk, "application/pdf", b"");
	assert_eq!(status, 400, "an empty file is refused: {answer}");
	let (status, attached) = api.upload(&attach, &clerk, "application/pdf", DIPLOMA_PDF);
	assert_eq!(status, 200, "{attached}");
	let pdf_hash = ecert_primitives::document_hash(HashAlgorithm::Blake2b256, DIPLOMA_PDF);
	assert_eq!(attached["documentHash"], format!("{pdf_hash:?}"));

	// A clerk cannot approve; an officer can, once.
	let approve = format!("/api/certificates/{id}/approve");
	let (status, answer) = api.call("POST", &approve, Some(&clerk), None);
	assert_eq!(status, 403, "{answer}");
	assert_eq!(answer["error"], "a clerk may not approve certificates");

	let (status, answer) = api.call("POST", &approve, Some(&officer), None);
	assert_eq!(status, 202, "{answer}");
	let (status, _) = api.call("POST", &approve, Some(&officer), None);
	assert_eq!(status, 409, "approved once");

	// The office issues it, and keeps the receipt.
	let mut issued = Value::Null;
	wait_for(
		TIMEOUT,
		"the office issues the approved diploma",
		|| {
			issued = api.call("GET", &format!("/api/certificates/{id}"), Some(&clerk), None).1;
			issued["state"] == "issued" || issued["state"] == "failed"
		},
		|| office.log_tail(),
	);
	assert_eq!(issued["state"], "issued", "{issued}");
	let certificate_id = diploma_id("NTU-2026-0042");
	assert_eq!(issued["certificateId"], format!("{:?}", certificate_id.0));
	let on_chain = chains.verify("NTU-2026-0042");
	assert_eq!(on_chain.status, VerificationStatus::Valid);
	assert_eq!(issued["commitment"], format!("{:?}", on_chain.commitment.unwrap()));
	let at = on_chain.issued.clone().unwrap();
	assert_eq!(issued["txHash"], format!("{:?}", at.tx_hash.unwrap()));
	assert_eq!(issued["blockNumber"], at.block_number);
	let (_, found) = api.call(
		"GET",
		"/api/certificates?state=issued&number=NTU-2026-0042",
		Some(&auditor),
		None,
	);
	assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
	// By holder: their identity id, or their account.
	let dave = sp_core::crypto::Ss58Codec::to_ss58check(&Sr25519Keyring::Dave.public());
	for holder in [format!("{:?}", identity_id(0xd0).0), dave] {
		let search = format!("/api/certificates?holder={holder}&number=NTU-2026-0042");
		let (status, found) = api.call("GET", &search, Some(&auditor), None);
		assert_eq!((status, found.as_array().map(Vec::len)), (200, Some(1)), "{holder}: {found}");
	}
	let ferdie = sp_core::crypto::Ss58Codec::to_ss58check(&Sr25519Keyring::Ferdie.public());
	let (status, answer) =
		api.call("GET", &format!("/api/certificates?holder={ferdie}"), Some(&auditor), None);
	assert_eq!(status, 400, "no identity, said so: {answer}");
	documents(dir, &chains, &api, &clerk, id, &on_chain);

	// The holder lost their file: an officer gives it back from the
	// office's records, and it still opens the commitment on chain.
	let reissue = format!("/api/certificates/{id}/holder-file");
	let (status, _) =
		api.call("POST", &reissue, Some(&clerk), Some(json!({"identityChecked": "passport"})));
	assert_eq!(status, 403, "a clerk cannot give out personal data");
	let (status, _) =
		api.call("POST", &reissue, Some(&officer), Some(json!({"identityChecked": " "})));
	assert_eq!(status, 400, "the officer says how they checked the holder");
	let (status, file) = api.call(
		"POST",
		&reissue,
		Some(&officer),
		Some(json!({"identityChecked": "passport 300123456 seen at the counter"})),
	);
	assert_eq!(status, 200, "{file}");
	let file: HolderFile<Value> = serde_json::from_value(file).unwrap();
	assert!(file.opens_commitment());
	assert_eq!(file.commitment, on_chain.commitment.unwrap());
	assert_eq!(file.fields[1].value, NAME);
	let disclosure = file.disclose(["school", "degree_level"]).unwrap();
	let check = chains.side.read(move |api| {
		api.check_disclosure(CertificateQuery::Id(certificate_id), disclosure.fields, None)
	});
	assert!(check.all_match, "{check:?}");

	// The audit log: who did what, with the transaction hash.
	let (status, _) = api.call("GET", "/api/audit", Some(&clerk), None);
	assert_eq!(status, 403, "a clerk cannot read the audit log");
	let (status, log) = api.call("GET", "/api/audit", Some(&auditor), None);
	assert_eq!(status, 200, "{log}");
	let actions: Vec<(String, String)> = log
		.as_array()
		.unwrap()
		.iter()
		.map(|entry| {
			(entry["staff"].as_str().unwrap().into(), entry["action"].as_str().unwrap().into())
		})
		.collect();
	for expected in [
		("office", "issuer-key"),
		("registrar", "add-staff"),
		("clerk.chen", "draft"),
		("officer.wang", "approve"),
		("office", "issued"),
		("officer.wang", "reissue-holder-file"),
		("clerk.chen", "attach-document"),
		("holder", "download-document"),
		(format!("verifier {:?}", identity_id(0xe0).0).as_str(), "download-document"),
	] {
		assert!(
			actions.contains(&(expected.0.into(), expected.1.into())),
			"{expected:?} in {actions:?}"
		);
	}
	let issued_entry =
		log.as_array().unwrap().iter().find(|entry| entry["action"] == "issued").unwrap();
	assert_eq!(issued_entry["txHash"].as_str(), issued["txHash"].as_str());
	let (status, csv) = api.call("GET", "/api/audit.csv", Some(&admin), None);
	assert_eq!(status, 200);
	let csv = csv.as_str().unwrap().to_owned();
	assert!(csv.starts_with("id,at,staff,action,subject,detail,tx_hash\n"), "{csv}");
	assert!(csv.contains(",officer.wang,approve,certificate "), "{csv}");

	// Signed with a key that is not the issuer's, the chain refuses it and
	// the office says so; with the issuer's key back, an officer sends it
	// again.
	let with_files = |args: &[&str]| {
		args.iter()
			.map(|arg| arg.to_string())
			.chain(files.common.iter().cloned())
			.collect::<Vec<_>>()
	};
	office_command(&with_files(&["issuer-key"]), "//Ferdie\n");
	let mut second = fields_json("NTU-2026-0043");
	second["holder"] = json!(holder);
	let (status, drafted) = api.call("POST", "/api/certificates", Some(&clerk), Some(second));
	assert_eq!(status, 201, "{drafted}");
	let second = drafted["id"].as_i64().unwrap();
	let (status, _) =
		api.call("POST", &format!("/api/certificates/{second}/approve"), Some(&officer), None);
	assert_eq!(status, 202);
	let mut refused = Value::Null;
	wait_for(
		TIMEOUT,
		"the chain refuses a certificate signed by another key",
		|| {
			refused = api.call("GET", &format!("/api/certificates/{second}"), Some(&clerk), None).1;
			refused["state"] != "approved"
		},
		|| office.log_tail(),
	);
	assert_eq!(refused["state"], "failed", "{refused}");
	assert!(refused["problem"].as_str().unwrap().contains("refused"), "{refused}");
	let retry = format!("/api/certificates/{second}/retry");
	assert_eq!(api.call("POST", &retry, Some(&clerk), None).0, 403);
	office_command(&with_files(&["issuer-key"]), "//Charlie\n");
	assert_eq!(api.call("POST", &retry, Some(&officer), None).0, 202);
	assert_eq!(api.call("POST", &retry, Some(&officer), None).0, 409, "only a failed one");
	wait_for(
		TIMEOUT,
		"the office sends it again with the issuer's key",
		|| {
			let row = api.call("GET", &format!("/api/certificates/{second}"), Some(&clerk), None).1;
			row["state"] == "issued"
		},
		|| office.log_tail(),
	);
	assert_eq!(chains.verify("NTU-2026-0043").status, VerificationStatus::Valid);

	// Suspend, reinstate and revoke, each with its reason in words, each
	// checked against the chain first and followed to its receipt.
	let change = |kind: &str, by: &str, body: Value| {
		api.call("POST", &format!("/api/certificates/{second}/{kind}"), Some(by), Some(body))
	};
	let reason = |words: &str| json!({ "reason": words });
	assert_eq!(change("suspend", &clerk, reason("an inquiry")).0, 403, "a clerk cannot suspend");
	assert_eq!(change("suspend", &officer, reason(" ")).0, 400, "a reason is required");
	let (status, answer) = change("reinstate", &officer, reason("a mistake"));
	assert_eq!(status, 400, "only a suspended one is reinstated: {answer}");
	assert!(answer["error"].as_str().unwrap().contains("suspended"), "{answer}");
	let mut done_changes = 0;
	let mut follow = |kind: &str, body: Value, on_chain: VerificationStatus, shown: &str| {
		let (status, asked) = change(kind, &officer, body);
		assert_eq!(status, 202, "{asked}");
		assert_eq!(asked["state"], "pending");
		done_changes += 1;
		let mut changes = Value::Null;
		wait_for(
			TIMEOUT,
			&format!("the office puts the {kind} on chain"),
			|| {
				let path = format!("/api/certificates/{second}/changes");
				changes = api.call("GET", &path, Some(&auditor), None).1;
				changes[done_changes - 1]["state"] != "pending"
			},
			|| office.log_tail(),
		);
		let last = &changes[done_changes - 1];
		assert_eq!(last["state"], "done", "{changes}");
		let verification = chains.verify("NTU-2026-0043");
		assert_eq!(verification.status, on_chain);
		let changed_at = verification.last_changed.clone().unwrap();
		assert_eq!(last["txHash"], format!("{:?}", changed_at.tx_hash.unwrap()));
		let row = api.call("GET", &format!("/api/certificates/{second}"), Some(&clerk), None).1;
		assert_eq!(row["chainStatus"], shown, "{row}");
		verification
	};
	follow("suspend", reason(SUSPENSION), VerificationStatus::Suspended, "suspended");
	follow("reinstate", reason("the inquiry found nothing"), VerificationStatus::Valid, "valid");
	let (status, answer) = change("revoke", &officer, reason("rescinded"));
	assert_eq!(status, 400, "a revocation needs the chain's code: {answer}");
	let revoked = follow(
		"revoke",
		json!({ "reason": "rescinded by the senate", "reasonCode": 2 }),
		VerificationStatus::Revoked,
		"revoked",
	);
	assert_eq!(revoked.revocation_reason, Some(2));
	let (status, answer) = change("suspend", &officer, reason("too late"));
	assert_eq!(status, 400, "a revoked certificate stays revoked: {answer}");
	let path = format!("/api/certificates/{second}/changes");
	let (_, listed) = api.call("GET", &path, Some(&auditor), None);
	assert_eq!(listed[0]["reason"], SUSPENSION, "the auditor reads the reasons: {listed}");
	assert_eq!(listed[2]["reasonCode"], 2);
	let (_, listed) = api.call("GET", &path, Some(&clerk), None);
	assert!(listed[0].get("reason").is_none(), "a clerk sees no reasons: {listed}");
	let (_, log) = api.call("GET", "/api/audit", Some(&auditor), None);
	for action in ["suspend", "suspended", "reinstate", "reinstated", "revoke", "revoked"] {
		let entry = log.as_array().unwrap().iter().find(|entry| entry["action"] == action);
		assert!(entry.is_some(), "{action} in the audit log: {log}");
	}
	let entry = log.as_array().unwrap().iter().find(|entry| entry["action"] == "revoked");
	assert_eq!(
		entry.unwrap()["txHash"],
		format!("{:?}", revoked.last_changed.unwrap().tx_hash.unwrap())
	);
	renewal(&api, &chains, &office, [&clerk, &officer, &auditor], id, second);

	// A backup, taken while the office runs.
	let backup = dir.join("office-backup.db");
	if matches!(database, Database::Sqlite(_)) {
		office_command(&with_files(&["backup", "--to", backup.to_str().unwrap()]), "");
		let again = office_run(&with_files(&["backup", "--to", backup.to_str().unwrap()]), "", &[]);
		assert!(!again.status.success(), "a backup never overwrites a file");
	}

	// Logged out, the token no longer opens anything.
	let (status, _) = api.call("POST", "/api/logout", Some(&clerk), None);
	assert_eq!(status, 204);
	let (status, _) = api.call("GET", "/api/me", Some(&clerk), None);
	assert_eq!(status, 401);

	// The raw database files hold no name and no ID number, even with the
	// office stopped and everything written out.
	office.stop();
	let raw = database.raw_bytes();
	assert!(raw.len() > 10_000, "the database files were read");
	assert!(contains(&raw, "NTU-2026-0042"), "the scan sees what is stored in the clear");
	assert!(!contains(&raw, NAME), "the holder's name is not in the database in the clear");
	assert!(!contains(&raw, ID_NUMBER), "the ID number is not in the database in the clear");
	assert!(!contains(&raw, "//Charlie"), "the issuer's key is not in the database in the clear");
	assert!(!contains(&raw, SUSPENSION), "a reason is not in the database in the clear");
	if let Database::Sqlite(_) = database {
		restore_from_backup(&files, &chains, &backup, id, &file);
	}
}

/// Issued diploma `id` (NTU-2026-0042) renewed as NTU-2027-0042: a clerk
/// drafts the renewal, an officer approves it, and the chain marks the old
/// one superseded by the new; a revoked certificate (`revoked`) is not
/// renewed, nor one renewed already.
fn renewal(
	api: &Api,
	chains: &Chains,
	office: &Process,
	[clerk, officer, auditor]: [&str; 3],
	id: i64,
	revoked: i64,
) {
	let renew = |which: i64, by: &str, number: &str| {
		let mut body = fields_json(number);
		body.as_object_mut().unwrap().remove("certificateType");
		body["validUntil"] = json!(4_102_444_800_000i64);
		api.call("POST", &format!("/api/certificates/{which}/renew"), Some(by), Some(body))
	};
	let (status, _) = renew(id, auditor, "NTU-2027-0042");
	assert_eq!(status, 403, "an auditor cannot draft a renewal");
	let (status, answer) = renew(revoked, clerk, "NTU-2027-0043");
	assert_eq!(status, 400, "{answer}");
	assert!(answer["error"].as_str().unwrap().contains("revoked"), "{answer}");
	let (status, answer) = renew(id, clerk, "NTU-2026-0042");
	assert_eq!(status, 400, "the successor needs a number of its own: {answer}");
	// Only the number changes; the other fields stay the renewed one's.
	let only_number = json!({
		"fields": { "certificate_number": "NTU-2027-0042" },
		"validUntil": 4_102_444_800_000i64,
	});
	let (status, drafted) =
		api.call("POST", &format!("/api/certificates/{id}/renew"), Some(clerk), Some(only_number));
	assert_eq!(status, 201, "{drafted}");
	assert_eq!(drafted["renews"], id);
	assert_eq!(drafted["holder"], format!("{:?}", identity_id(0xd0).0), "the same holder");
	let (status, answer) = renew(id, clerk, "NTU-2028-0042");
	assert_eq!(status, 409, "a certificate is renewed once: {answer}");
	let successor = drafted["id"].as_i64().unwrap();
	let approve = format!("/api/certificates/{successor}/approve");
	assert_eq!(api.call("POST", &approve, Some(officer), None).0, 202);
	let mut row = Value::Null;
	wait_for(
		TIMEOUT,
		"the office sends the renewal",
		|| {
			row = api.call("GET", &format!("/api/certificates/{successor}"), Some(clerk), None).1;
			row["state"] != "approved"
		},
		|| office.log_tail(),
	);
	assert_eq!(row["state"], "issued", "{row}");
	let old = chains.verify("NTU-2026-0042");
	assert_eq!(old.status, VerificationStatus::Superseded);
	assert_eq!(old.superseded_by, Some(diploma_id("NTU-2027-0042")));
	let new = chains.verify("NTU-2027-0042");
	assert_eq!(new.status, VerificationStatus::Valid);
	assert_eq!(new.supersedes, Some(diploma_id("NTU-2026-0042")));
	assert_eq!(new.valid_until, Some(4_102_444_800_000));
	assert_eq!(row["txHash"], format!("{:?}", new.issued.unwrap().tx_hash.unwrap()));
	let (status, file) = api.call(
		"POST",
		&format!("/api/certificates/{successor}/holder-file"),
		Some(officer),
		Some(json!({"identityChecked": "passport seen at the counter"})),
	);
	assert_eq!(status, 200, "{file}");
	let file: HolderFile<Value> = serde_json::from_value(file).unwrap();
	let field =
		|name: &str| file.fields.iter().find(|field| field.name == name).unwrap().value.clone();
	assert_eq!((field("certificate_number"), field("name")), ("NTU-2027-0042".into(), NAME.into()));
	assert_eq!(field("id_number"), ID_NUMBER, "kept from the renewed certificate");
	let (_, renewed) = api.call("GET", &format!("/api/certificates/{id}"), Some(clerk), None);
	assert_eq!(renewed["chainStatus"], "superseded", "{renewed}");
	let (status, answer) = renew(id, clerk, "NTU-2028-0042");
	assert_eq!(status, 400, "{answer}");
	assert!(answer["error"].as_str().unwrap().contains("renewed already"), "{answer}");
}

/// A diploma's PDF, with the holder's name and ID number in it: a
/// document is personal data, kept only sealed.
const DIPLOMA_PDF: &[u8] =
	b"%PDF-1.4\n1 0 obj << /Title (Diploma of Lin Mei-ling, A123456789) >> endobj\n%%EOF\n";

/// Issued certificate `id` (`on_chain`) has the clerk's PDF as its
/// document: its address and hash are on chain; the holder downloads it,
/// and so does a verifier once the holder grants access, each checked
/// against the chain by the client; anyone else is refused; a changed copy
/// fails the check.
fn documents(
	dir: &Path,
	chains: &Chains,
	api: &Api,
	clerk: &str,
	id: i64,
	on_chain: &ecert_client::api::Verification,
) {
	let document = on_chain.document.clone().expect("the document is on chain");
	let uri = String::from_utf8(document.uri.to_vec()).unwrap();
	let certificate_id = format!("{:?}", on_chain.certificate_id.0);
	assert_eq!(uri, format!("{}/documents/{certificate_id}", api.url));
	assert_eq!(
		document.hash,
		ecert_primitives::document_hash(HashAlgorithm::Blake2b256, DIPLOMA_PDF)
	);
	let attach = format!("/api/certificates/{id}/document?name=other.pdf");
	let (status, _) = api.upload(&attach, clerk, "application/pdf", b"%PDF other");
	assert_eq!(status, 409, "an issued certificate's document stays as it is on chain");
	let (status, answer) = api.call("GET", &format!("/documents/{certificate_id}"), None, None);
	assert_eq!(status, 401, "a plain link gives nothing: {answer}");

	let which = ["--org", "NTU", "--number", "NTU-2026-0042"];
	let get = |signer: &str, out: &str| {
		let mut args = vec!["cert", "document", "--as", signer, "--out", out];
		args.extend(which);
		chains.ecert(dir, &args)
	};
	// The holder.
	let (code, answer, stderr) = get("//Dave", "by-holder.pdf");
	assert_eq!(code, 0, "{answer} {stderr}");
	assert_eq!(answer["matches"], true);
	assert_eq!(std::fs::read(dir.join("by-holder.pdf")).unwrap(), DIPLOMA_PDF);
	// A verifier, not granted yet: refused, nothing written.
	let (code, _, stderr) = get("//Eve", "by-eve.pdf");
	assert_eq!(code, 4, "{stderr}");
	assert!(stderr.contains("has not granted you access"), "{stderr}");
	assert!(!dir.join("by-eve.pdf").exists());
	// Someone with no identity at all.
	let (code, _, stderr) = get("//Ferdie", "by-ferdie.pdf");
	assert_ne!(code, 0, "{stderr}");
	assert!(!dir.join("by-ferdie.pdf").exists());
	// Once the holder grants access, the verifier gets it.
	let mut grant = vec!["cert", "grant", "--as", "//Dave", "--verifier"];
	let eve = format!("{:?}", identity_id(0xe0).0);
	grant.extend([eve.as_str(), "--until", "2099-01-01"]);
	grant.extend(which);
	let (code, answer, stderr) = chains.ecert(dir, &grant);
	assert_eq!(code, 0, "{answer} {stderr}");
	let (code, answer, stderr) = get("//Eve", "by-eve.pdf");
	assert_eq!(code, 0, "{answer} {stderr}");
	assert_eq!(std::fs::read(dir.join("by-eve.pdf")).unwrap(), DIPLOMA_PDF);
	// A copy someone changed fails the check against the chain.
	let changed = dir.join("changed.pdf");
	let mut bytes = DIPLOMA_PDF.to_vec();
	bytes[40] = b'X';
	std::fs::write(&changed, bytes).unwrap();
	let mut check = vec!["cert", "check-document", "--file"];
	let changed = changed.display().to_string();
	check.push(&changed);
	check.extend(which);
	let (code, _, stderr) = chains.ecert(dir, &check);
	assert_eq!(code, 5, "{stderr}");
	assert!(stderr.contains("not the certificate's document"), "{stderr}");
	let original = dir.join("by-holder.pdf").display().to_string();
	check[3] = &original;
	let (code, answer, stderr) = chains.ecert(dir, &check);
	assert_eq!(code, 0, "{answer} {stderr}");
}

/// The database lost: the backup is put back, checked against the data key
/// first, and the restored office gives the holder's file as before.
fn restore_from_backup(
	files: &OfficeFiles,
	chains: &Chains,
	backup: &Path,
	id: i64,
	file: &HolderFile<Value>,
) {
	let copy = std::fs::read(backup).unwrap();
	assert!(!contains(&copy, NAME) && !contains(&copy, ID_NUMBER), "the backup is sealed too");
	let restore = |extra: &[&str], env: &[(&str, &str)]| {
		let args: Vec<String> = ["restore", "--from", backup.to_str().unwrap()]
			.iter()
			.chain(extra)
			.map(|arg| arg.to_string())
			.chain(files.common.iter().cloned())
			.collect();
		office_run(&args, "", env)
	};
	let refused = restore(&[], &[]);
	assert!(!refused.status.success(), "the database is there: restore asks for --replace");
	assert!(String::from_utf8_lossy(&refused.stderr).contains("--replace"));
	let other_key = "ab".repeat(32);
	let refused = restore(&["--replace"], &[("ECERT_OFFICE_DATA_KEY", &other_key)]);
	assert!(!refused.status.success(), "another office's key does not open the backup");
	assert!(String::from_utf8_lossy(&refused.stderr).contains("does not open with this data key"));
	let restored = restore(&["--replace"], &[]);
	assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
	let (_office, api) = files.serve(chains, "office-restored.log");
	let officer = api.login("officer.wang", "a long enough password");
	let (status, again) = api.call(
		"POST",
		&format!("/api/certificates/{id}/holder-file"),
		Some(&officer),
		Some(json!({"identityChecked": "passport seen again"})),
	);
	assert_eq!(status, 200, "{again}");
	let again: HolderFile<Value> = serde_json::from_value(again).unwrap();
	assert_eq!(again.fields, file.fields, "the same fields and salts");
	assert_eq!(again.commitment, file.commitment);
}

/// A draft of diploma `number`, without its holder.
fn fields_json(number: &str) -> Value {
	json!({
		"certificateType": "diploma",
		"fields": {
			"certificate_number": number,
			"name": NAME,
			"id_number": ID_NUMBER,
			"birth_date": "2003-04-05",
			"school": "National Taiwan University",
			"degree_level": "Bachelor",
		},
	})
}

/// A diploma CSV of `rows` rows for Dave, numbered `NTU-B-0001` on.
fn class_csv(rows: usize) -> String {
	let holder = format!("{:?}", identity_id(0xd0).0);
	let mut csv =
		String::from("holder,certificate_number,name,id_number,birth_date,school,degree_level\n");
	for n in 1..=rows {
		csv += &format!(
			"{holder},NTU-B-{n:04},Student {n},B{n:09},2004-01-01,National Taiwan University,\
			 Master\n"
		);
	}
	csv
}

#[test]
fn a_batch_import_killed_with_sigkill_mid_way_finishes_after_a_restart_every_row_once() {
	let dir = tempfile::tempdir().unwrap();
	let database = Database::sqlite(dir.path());
	let chains = Chains::start(dir.path());
	let files = OfficeFiles::init(dir.path(), &database);
	let (mut office, api) = files.serve(&chains, "office.log");
	let admin = api.login("registrar", &files.admin_password);
	for (name, role) in
		[("clerk.chen", "clerk"), ("officer.wang", "officer"), ("auditor.hsu", "auditor")]
	{
		let body = json!({ "username": name, "password": "a long enough password", "role": role });
		assert_eq!(api.call("POST", "/api/staff", Some(&admin), Some(body)).0, 201);
	}
	let clerk = api.login("clerk.chen", "a long enough password");
	let officer = api.login("officer.wang", "a long enough password");

	// A file with bad rows is refused whole, each bad row named by line.
	let mut bad = class_csv(5);
	bad = bad.replacen("2004-01-01,National Taiwan University,Master", "2004-02-30,NTU,Master", 1);
	bad += &class_csv(1).lines().nth(1).unwrap().replace("NTU-B-0001", "NTU-B-0002");
	let upload = |csv: String| {
		let response =
			ureq::post(&format!("{}/api/imports?type=diploma&fileName=class.csv", api.url))
				.set("Authorization", &format!("Bearer {clerk}"))
				.set("Content-Type", "text/csv")
				.send_string(&csv);
		let response = match response {
			Ok(response) | Err(ureq::Error::Status(_, response)) => response,
			Err(error) => panic!("upload: {error}"),
		};
		(response.status(), response.into_json::<Value>().unwrap())
	};
	let (status, refused) = upload(bad);
	assert_eq!(status, 422, "{refused}");
	let lines = refused_lines(&refused);
	assert_eq!(lines, [2, 7], "the bad birth date, and number 0002 a second time: {refused}");
	let (_, none) = api.call("GET", "/api/certificates", Some(&clerk), None);
	assert_eq!(none, json!([]), "nothing of a refused file is kept");

	// 1,000 rows, drafted together and approved together.
	const ROWS: i64 = 1000;
	let (status, import) = upload(class_csv(ROWS as usize));
	assert_eq!(status, 201, "{import}");
	assert_eq!((import["rows"].as_i64(), import["draft"].as_i64()), (Some(ROWS), Some(ROWS)));
	let id = import["id"].as_i64().unwrap();
	let progress = |api: &Api| api.call("GET", &format!("/api/imports/{id}"), Some(&clerk), None).1;
	let (status, approved) =
		api.call("POST", &format!("/api/imports/{id}/approve"), Some(&officer), None);
	assert_eq!(status, 202, "{approved}");
	assert_eq!(approved["approved"].as_i64(), Some(ROWS));

	// Killed with SIGKILL once part of the file is on chain.
	let mut before = Value::Null;
	wait_for(
		TIMEOUT,
		"the office issues the first rows",
		|| {
			before = progress(&api);
			before["issued"].as_i64().unwrap() > 0
		},
		|| office.log_tail(),
	);
	office.kill();
	let issued_before = before["issued"].as_i64().unwrap();
	assert!(issued_before < ROWS, "killed mid-way: {before}");
	println!("killed with {issued_before} of {ROWS} issued");

	// Restarted on the same database: it finishes, and nothing is doubled.
	let (office, api) = files.serve(&chains, "office-restarted.log");
	let clerk = api.login("clerk.chen", "a long enough password");
	let mut after = Value::Null;
	wait_for(
		TIMEOUT,
		"the restarted office issues the rest",
		|| {
			after = api.call("GET", &format!("/api/imports/{id}"), Some(&clerk), None).1;
			after["done"] == true
		},
		|| office.log_tail(),
	);
	assert_eq!(
		(after["issued"].as_i64(), after["failed"].as_i64()),
		(Some(ROWS), Some(0)),
		"{after}"
	);
	// The API gives at most 500 a search; every row is checked by number.
	for n in 1..=ROWS {
		let number = format!("NTU-B-{n:04}");
		let (_, rows) =
			api.call("GET", &format!("/api/certificates?number={number}"), Some(&clerk), None);
		let row = &rows.as_array().unwrap()[0];
		assert_eq!(row["state"], "issued", "{row}");
		let on_chain = chains.verify(&number);
		assert_eq!(on_chain.status, VerificationStatus::Valid, "{number}");
		assert_eq!(row["commitment"], format!("{:?}", on_chain.commitment.unwrap()), "{number}");
		let at = on_chain.issued.unwrap();
		assert_eq!(row["txHash"], format!("{:?}", at.tx_hash.unwrap()), "{number}'s receipt");
		assert_eq!(row["blockNumber"], at.block_number, "{number}'s block");
	}
	// The audit log, read page by page, has each issuance once.
	let admin = api.login("registrar", &files.admin_password);
	let (mut after, mut issued_entries) = (0, 0);
	loop {
		let (_, page) = api.call("GET", &format!("/api/audit?after={after}"), Some(&admin), None);
		let Some(last) = page.as_array().unwrap().last() else { break };
		after = last["id"].as_i64().unwrap();
		issued_entries +=
			page.as_array().unwrap().iter().filter(|entry| entry["action"] == "issued").count();
	}
	assert_eq!(issued_entries as i64, ROWS);

	xlsx_import(&api, &chains, &clerk, &api.login("officer.wang", "a long enough password"));
}

/// The lines an import's refusal names, in order.
fn refused_lines(refused: &Value) -> Vec<u64> {
	let rows = refused["details"].as_array().unwrap();
	rows.iter().map(|row| row["line"].as_u64().unwrap()).collect()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A diploma workbook for Dave, as a registry office keeps one: a title,
/// then the header and one row per certificate of `degree` from sheet row 3
/// (birth dates as dates, a blank row between the two last), numbered
/// `NTU-X-0001` on.
fn class_workbook(degree: &str) -> Vec<u8> {
	let birth_date = rust_xlsxwriter::ExcelDateTime::from_ymd(1999, 12, 31).unwrap();
	let mut workbook = rust_xlsxwriter::Workbook::new();
	let sheet = workbook.add_worksheet();
	let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
	sheet.write(0, 0, "Class of 2026, Department of Physics").unwrap();
	let header = [
		"holder",
		"certificate_number",
		"name",
		"id_number",
		"birth_date",
		"school",
		"degree_level",
	];
	for (column, name) in header.into_iter().enumerate() {
		sheet.write(2, column as u16, name).unwrap();
	}
	let holder = format!("{:?}", identity_id(0xd0).0);
	for (row, n) in [(3, 1), (4, 2), (6, 3)] {
		sheet.write(row, 0, &holder).unwrap();
		sheet.write(row, 1, format!("NTU-X-{n:04}")).unwrap();
		sheet.write(row, 2, format!("Physicist {n}")).unwrap();
		sheet.write(row, 3, format!("X{n:09}")).unwrap();
		sheet.write_datetime_with_format(row, 4, &birth_date, &date).unwrap();
		sheet.write(row, 5, "National Taiwan University").unwrap();
		sheet.write(row, 6, degree).unwrap();
	}
	workbook.save_to_buffer().unwrap()
}

/// An XLSX workbook is imported as a CSV file is: refused whole with its
/// bad rows named by their line in the sheet, then drafted, approved and
/// issued.
fn xlsx_import(api: &Api, chains: &Chains, clerk: &str, officer: &str) {
	let path = "/api/imports?type=diploma&fileName=physics.xlsx";
	let (status, refused) = api.upload(path, clerk, XLSX, &class_workbook("PhD"));
	assert_eq!(status, 422, "not one of the diploma's degrees: {refused}");
	let lines = refused_lines(&refused);
	assert_eq!(lines, [4, 5, 7], "the sheet's own row numbers: {refused}");

	let (status, import) = api.upload(path, clerk, XLSX, &class_workbook("Doctor"));
	assert_eq!(status, 201, "{import}");
	assert_eq!(
		(import["rows"].as_i64(), import["fileName"].as_str()),
		(Some(3), Some("physics.xlsx"))
	);
	let id = import["id"].as_i64().unwrap();
	let (status, approved) =
		api.call("POST", &format!("/api/imports/{id}/approve"), Some(officer), None);
	assert_eq!(status, 202, "{approved}");
	wait_for(
		TIMEOUT,
		"the workbook's certificates are issued",
		|| api.call("GET", &format!("/api/imports/{id}"), Some(clerk), None).1["issued"] == 3,
		|| String::new(),
	);
	assert_eq!(chains.verify("NTU-X-0003").status, VerificationStatus::Valid);
	let (_, rows) = api.call("GET", "/api/certificates?number=NTU-X-0002", Some(clerk), None);
	assert_eq!(rows[0]["state"], "issued", "{rows}");
}

/// The issuer's console in the web app, in headless Chromium: a clerk logs
/// in and drafts a diploma (no approving for them); an officer logs in,
/// approves it, and sees the receipt the chain gave; imports a file of
/// certificates (a bad one refused by line) and follows it until issued;
/// revokes with a reason; gives the holder's file again. The auditor reads
/// the log.
#[test]
fn in_the_web_console_a_clerk_drafts_and_an_officer_approves_and_sees_the_receipt() {
	let dir = tempfile::tempdir().unwrap();
	let dir = dir.path();
	let chains = Chains::start(dir);
	let files = OfficeFiles::init(dir, &Database::sqlite(dir));
	let (office, api) = files.serve(&chains, "office.log");
	let admin = api.login("registrar", &files.admin_password);
	for (name, role) in
		[("clerk.chen", "clerk"), ("officer.wang", "officer"), ("auditor.hsu", "auditor")]
	{
		let body = json!({ "username": name, "password": "a long enough password", "role": role });
		assert_eq!(api.call("POST", "/api/staff", Some(&admin), Some(body)).0, 201);
	}
	let web = WebApp::start(&dir.join("vite.log"));
	let screenshots =
		tempfile::Builder::new().prefix("ecert-office-console-").tempdir().unwrap().keep();
	println!("screenshots in {}", screenshots.display());
	let browser = Browser::start(screenshots, None);
	browser.go(&format!("{}/?main={}&office={}", web.url, chains.main.ws_url(), api.url));
	browser.click("#tab-office");
	let log_in = |username: &str| {
		browser.fill("#office-username", username);
		browser.fill("#office-password", "a long enough password");
		browser.click("#office-login button[type=submit]");
		browser.wait_for(&format!("{username} logged in"), || {
			browser.attribute("#office-desk", "hidden").is_none()
		});
	};
	let row = |number: &str| format!("#office-certificates tr[data-row='{number}']");
	// An officer approves draft `number`; the console follows it on chain.
	let approve_until_issued = |number: &str| {
		let approve = format!("{} button[data-action=approve]", row(number));
		browser.wait_for("the draft listed", || browser.attribute(&approve, "type").is_some());
		browser.click(&approve);
		wait_for(
			TIMEOUT,
			&format!("the console shows {number} issued"),
			|| browser.attribute(&row(number), "data-state").as_deref() == Some("issued"),
			|| office.log_tail(),
		);
	};

	// A wrong password is refused in words.
	browser.fill("#office-username", "clerk.chen");
	browser.fill("#office-password", "not the password");
	browser.click("#office-login button[type=submit]");
	browser.wait_for("the refusal", || {
		browser.attribute("#office-message", "data-outcome").as_deref() == Some("refused")
	});
	assert!(browser.text("#office-message").contains("password is wrong"));

	// The clerk drafts, in a form made from the type's schema on chain.
	log_in("clerk.chen");
	assert!(browser.text("#office-who").contains("clerk.chen"));
	browser.wait_for("the diploma's fields", || {
		browser.attribute("#office-fields [name=certificate_number]", "name").is_some()
	});
	browser.fill("#office-holder", &format!("{:?}", identity_id(0xd0).0));
	for (name, value) in fields_json("NTU-2026-0077")["fields"].as_object().unwrap() {
		browser.choose(&format!("#office-fields [name={name}]"), value.as_str().unwrap());
	}
	browser.click("#office-draft button[type=submit]");
	browser.wait_for("the draft is saved", || {
		browser.attribute(&row("NTU-2026-0077"), "data-state").as_deref() == Some("draft")
	});
	assert_eq!(browser.attribute("#office-message", "data-outcome").as_deref(), Some("drafted"));
	let approve = format!("{} button[data-action=approve]", row("NTU-2026-0077"));
	assert!(browser.attribute(&approve, "type").is_none(), "a clerk has no approve button");
	// The clerk attaches the diploma's PDF to the draft.
	let pdf = dir.join("diploma.pdf");
	std::fs::write(&pdf, DIPLOMA_PDF).unwrap();
	browser.upload(&format!("{} [data-action=attach] input", row("NTU-2026-0077")), &pdf);
	browser.wait_for("the document attached", || {
		browser.text(&format!("{} [data-field=number]", row("NTU-2026-0077"))).contains("document")
	});
	assert_eq!(
		browser.attribute("#office-message", "data-outcome").as_deref(),
		Some("document-attached")
	);
	browser.screenshot("1-drafted.png");
	browser.click("#office-logout");
	browser.wait_for("logged out", || browser.attribute("#office-login", "hidden").is_none());

	// The officer approves; the office issues it; the console shows the
	// receipt the chain gave.
	log_in("officer.wang");
	approve_until_issued("NTU-2026-0077");
	let on_chain = chains.verify("NTU-2026-0077");
	assert_eq!(on_chain.status, VerificationStatus::Valid);
	let issued = on_chain.issued.unwrap();
	let receipt = format!("{} [data-field=receipt]", row("NTU-2026-0077"));
	let tx_hash = format!("{:?}", issued.tx_hash.unwrap());
	assert_eq!(browser.attribute(&receipt, "data-tx-hash"), Some(tx_hash));
	assert!(browser.text(&receipt).contains(&format!("#{}", issued.block_number)));
	let document = on_chain.document.expect("the attached document is on chain");
	assert_eq!(
		document.hash,
		ecert_primitives::document_hash(HashAlgorithm::Blake2b256, DIPLOMA_PDF)
	);
	browser.screenshot("2-issued.png");

	// A file of certificates: a bad row refuses the whole file, by line;
	// a good file is drafted, approved together and followed until issued.
	let bad = dir.join("bad.csv");
	std::fs::write(&bad, class_csv(3).replace(",Master\n", ",Emperor\n")).unwrap();
	browser.upload("#office-import-file", &bad);
	browser.wait_for("the bad file refused", || {
		browser.attribute("#office-import-progress", "data-state").as_deref() == Some("refused")
	});
	assert!(browser.text("#office-import-progress").contains("line 2"), "the bad row is named");
	let good = dir.join("class.csv");
	std::fs::write(&good, class_csv(3)).unwrap();
	browser.upload("#office-import-file", &good);
	browser.wait_for("the file drafted", || {
		browser.attribute("#office-import-approve", "hidden").is_none()
	});
	browser.click("#office-import-approve");
	wait_for(
		TIMEOUT,
		"the console shows the import issued",
		|| browser.attribute("#office-import-progress", "data-state").as_deref() == Some("done"),
		|| office.log_tail(),
	);
	assert!(browser.text("#office-import-progress").contains("3 issued"));
	assert_eq!(chains.verify("NTU-B-0003").status, VerificationStatus::Valid);

	// The officer renews one of them: a new number, the rest the same.
	browser.wait_for("the import's rows listed", || {
		browser
			.attribute(&format!("{} button[data-action=renew]", row("NTU-B-0001")), "type")
			.is_some()
	});
	browser.click(&format!("{} button[data-action=renew]", row("NTU-B-0001")));
	browser.wait_for("the renewal dialog", || {
		browser.attribute("#office-renew-dialog", "open").is_some()
	});
	browser.fill("#office-renew-number", "NTU-B-1001");
	browser.click("#office-renew-dialog button[value=ok]");
	browser.wait_for("the renewal drafted", || {
		browser.attribute(&row("NTU-B-1001"), "data-state").as_deref() == Some("draft")
	});
	approve_until_issued("NTU-B-1001");
	let renewed = chains.verify("NTU-B-0001");
	assert_eq!(renewed.status, VerificationStatus::Superseded);
	assert_eq!(renewed.superseded_by, Some(diploma_id("NTU-B-1001")));

	// The officer revokes, with the reason in words and the chain's code.
	let answer_dialog = |words: &str, code: Option<&str>| {
		browser.wait_for("the dialog", || browser.attribute("#office-dialog", "open").is_some());
		browser.fill("#office-reason", words);
		if let Some(code) = code {
			browser.fill("#office-reason-code", code);
		}
		browser.click("#office-dialog-ok");
	};
	browser.click(&format!("{} button[data-action=revoke]", row("NTU-2026-0077")));
	answer_dialog("rescinded by the senate", Some("2"));
	wait_for(
		TIMEOUT,
		"the console shows the revocation on chain",
		|| browser.attribute("#office-message", "data-outcome").as_deref() == Some("change-done"),
		|| office.log_tail(),
	);
	let revoked = chains.verify("NTU-2026-0077");
	assert_eq!(revoked.status, VerificationStatus::Revoked);
	assert_eq!(revoked.revocation_reason, Some(2));
	browser.wait_for("the row shows it revoked", || {
		browser.text(&format!("{} [data-field=state]", row("NTU-2026-0077"))) == "Revoked"
	});

	// The holder's file, given again after the officer says how they
	// checked who asks; it opens the commitment on chain.
	browser.click(&format!("{} button[data-action=holderFile]", row("NTU-2026-0077")));
	answer_dialog("passport seen at the counter", None);
	browser.wait_for("the holder's file", || {
		browser.attribute("#office-holder-file", "hidden").is_none()
	});
	let file: HolderFile<Value> =
		serde_json::from_str(&browser.download("#office-holder-file")).unwrap();
	assert!(file.opens_commitment());
	assert_eq!(file.commitment, revoked.commitment.unwrap());
	browser.screenshot("3-revoked.png");
	browser.click("#office-logout");

	// The auditor reads the log: each action, by whom.
	log_in("auditor.hsu");
	browser.wait_for("the audit log", || {
		browser.attribute("#office-audit-log tr[data-action=revoked]", "data-action").is_some()
	});
	for action in ["draft", "approve", "import", "revoke", "reissue-holder-file"] {
		let entry = format!("#office-audit-log tr[data-action={action}]");
		assert!(browser.attribute(&entry, "data-action").is_some(), "{action} in the log");
	}
	assert!(browser.attribute("#office-draft", "hidden").is_some(), "an auditor drafts nothing");
	browser.screenshot("4-audit.png");
	browser.click("#office-logout");

	// The admin adds a clerk, makes them an officer, closes their account
	// and gives them a new password; each takes effect at once.
	browser.wait_for("logged out", || browser.attribute("#office-login", "hidden").is_none());
	browser.fill("#office-username", "registrar");
	browser.fill("#office-password", &files.admin_password);
	browser.click("#office-login button[type=submit]");
	browser.wait_for("the staff list", || {
		browser.attribute("#office-staff-list tr[data-staff='clerk.chen']", "data-staff").is_some()
	});
	assert!(browser.attribute("#office-list", "hidden").is_some(), "an admin sees no certificates");
	browser.fill("#office-staff-username", "clerk.lee");
	browser.fill("#office-staff-password", "lee's first password");
	browser.choose("#office-staff-role", "clerk");
	browser.click("#office-staff-add button[type=submit]");
	let lee = "#office-staff-list tr[data-staff='clerk.lee']";
	browser.wait_for("clerk.lee listed", || browser.attribute(lee, "data-active").is_some());
	let lee_logs_in = |password: &str| {
		let body = json!({ "username": "clerk.lee", "password": password });
		api.call("POST", "/api/login", None, Some(body))
	};
	let (status, login) = lee_logs_in("lee's first password");
	assert_eq!(status, 200, "{login}");
	let lee_token = login["token"].as_str().unwrap().to_owned();
	browser.choose(&format!("{lee} select[data-field=role]"), "officer");
	wait_for(
		TIMEOUT,
		"clerk.lee is an officer",
		|| api.call("GET", "/api/me", Some(&lee_token), None).0 == 401,
		|| office.log_tail(),
	);
	let (_, staff) =
		api.call("GET", "/api/staff", Some(&api.login("registrar", &files.admin_password)), None);
	let lee_row = staff.as_array().unwrap().iter().find(|m| m["username"] == "clerk.lee").unwrap();
	assert_eq!(lee_row["role"], "officer", "a new role ends the old login: {staff}");

	browser.click(&format!("{lee} button[data-action=close]"));
	browser.wait_for("the confirmation", || browser.attribute("#office-dialog", "open").is_some());
	browser.click("#office-dialog-ok");
	browser.wait_for("clerk.lee closed", || {
		browser.attribute(lee, "data-active").as_deref() == Some("false")
	});
	assert_eq!(lee_logs_in("lee's first password").0, 401, "a closed account cannot log in");

	browser.click(&format!("{lee} button[data-action=newPassword]"));
	browser.wait_for("the confirmation", || browser.attribute("#office-dialog", "open").is_some());
	browser.click("#office-dialog-ok");
	browser.wait_for("the new password", || {
		browser.text("#office-message").contains("shown this once")
	});
	let message = browser.text("#office-message");
	let password = message.split("shown this once: ").nth(1).unwrap().split(' ').next().unwrap();
	browser.click(&format!("{lee} button[data-action=reopen]"));
	browser.wait_for("clerk.lee open again", || {
		browser.attribute(lee, "data-active").as_deref() == Some("true")
	});
	assert_eq!(lee_logs_in("lee's first password").0, 401, "the old password is gone");
	assert_eq!(lee_logs_in(password).0, 200, "the new one works: {message}");
	browser.screenshot("5-staff.png");
}

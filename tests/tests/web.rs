//! The web app in a real browser: headless Chromium, driven through
//! chromedriver (WebDriver), on the page that `scripts/build-web.sh` built
//! into `web/dist` and `vite preview` serves, against real `main-dev`,
//! `side-diploma-dev` and `ecert-relay` processes.
//!
//! 1. A QR code scanned with the camera (Chromium's fake camera filming
//!    one), then a QR code PNG exported by the CLI, is verified in the
//!    browser: valid.
//! 2. A proof with a byte changed is forged, in the page as in the CLI.
//! 3. A disclosure of two fields matches the commitment on chain; with a
//!    value changed, that field does not.
//! 4. In the wallet, the holder opens their certificate file and shows two
//!    fields as a QR code, which the verify page checks; and shows the
//!    certificate's proof full screen, which the verify page finds valid.
//!    Then, with no file, the holder opens their keystore (a wrong
//!    passphrase is refused), finds the diploma on its chain, opens the
//!    fields sealed to them, and exports a W3C credential that
//!    `ecert vc verify` accepts.
//! 5. After a revocation, a fresh proof shows the diploma revoked; the
//!    proof made before it still holds as of its time, and the page says
//!    the diploma was revoked since; the look-up by organisation code and
//!    number says revoked, with the issuing transaction and block.
//! 6. The explorer lists the issuer, the types, the anchoring, and the
//!    diploma's issue and revocation among the recent events.
//! 7. The language switches to Traditional Chinese, and every word on the
//!    page with it.
//!
//! Screenshots of each step are kept in a directory the test prints.

use ecert_client::BlockingNode;
use ecert_client::SideChain;
use ecert_primitives::{
	commitment, document_hash,
	keystore::{Keystore, StoredAccount},
	sealed::{seal_fields, KeyAgreementPair},
	CertificateId, Disclosure, DocumentRef, HashAlgorithm, HolderFile, IdentityId, OrgCode, Role,
};
use ecert_tests::browser::{Browser, WebApp};
use ecert_tests::side_runtime::pallet_certificates;
use ecert_tests::{
	diploma_issue_call, node_binary, proof_at_or_after, proof_bytes, sample_diploma_fields,
	wait_for, MainRegistry, Node, Relay,
};
use serde_json::{json, Value};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use std::{
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

const TIMEOUT: Duration = Duration::from_secs(180);
fn identity_id(n: u8) -> IdentityId {
	IdentityId(H256::repeat_byte(n))
}

/// Writes `proof` to `dir`/`name`.bin and, through `ecert proof qr`, as a
/// QR code to `name`.png; gives the PNG's path.
fn qr_png(dir: &Path, name: &str, proof: &[u8]) -> PathBuf {
	let (bin, png) = (dir.join(format!("{name}.bin")), dir.join(format!("{name}.png")));
	std::fs::write(&bin, proof).unwrap();
	let ecert = node_binary().with_file_name("ecert");
	let output = Command::new(ecert).args(["proof", "qr"]).arg(&bin).arg(&png).output().unwrap();
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	png
}

/// A one-frame Y4M video of a QR code holding `data`, four pixels per
/// module with a quiet zone of four modules: what the browser's fake camera
/// films.
fn qr_video(data: &[u8]) -> Vec<u8> {
	let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::L).unwrap();
	let (modules, colors) = (code.width(), code.to_colors());
	let side = (modules + 8) * 4;
	let mut luma = vec![255u8; side * side];
	for (index, color) in colors.iter().enumerate() {
		if *color == qrcode::Color::Dark {
			let (x, y) = ((index % modules + 4) * 4, (index / modules + 4) * 4);
			for row in y..y + 4 {
				luma[row * side + x..row * side + x + 4].fill(0);
			}
		}
	}
	let mut video =
		format!("YUV4MPEG2 W{side} H{side} F10:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
	video.extend_from_slice(&luma);
	video.extend(std::iter::repeat_n(128u8, 2 * (side / 2) * (side / 2)));
	video
}

/// Whether `ecert proof verify` refuses `proof` as not holding (exit 5).
fn cli_refuses(dir: &Path, proof: &[u8], checkpoint: &Path) -> bool {
	let bin = dir.join("candidate.bin");
	std::fs::write(&bin, proof).unwrap();
	let output = Command::new(node_binary().with_file_name("ecert"))
		.args(["proof", "verify"])
		.arg(&bin)
		.arg("--checkpoint")
		.arg(checkpoint)
		.args(["--main-url", "http://127.0.0.1:1"])
		.output()
		.unwrap();
	let stderr = String::from_utf8_lossy(&output.stderr);
	output.status.code() == Some(5) && !stderr.contains("the proof holds")
}

/// The diploma's PDF, its document.
const DIPLOMA_PDF: &[u8] = b"%PDF-1.4 diploma NTU-2026-0001";

#[test]
fn the_verify_page_checks_qr_proofs_in_the_browser_with_the_rust_verifier() {
	let dir = tempfile::tempdir().unwrap();
	let screenshots = tempfile::Builder::new().prefix("ecert-web-").tempdir().unwrap().keep();
	println!("screenshots in {}", screenshots.display());
	let main = Node::start("main-dev", &dir.path().join("main"));
	let side_node = Node::start("side-diploma-dev", &dir.path().join("diploma"));
	let relay = Relay::start(&main, &[&side_node], &dir.path().join("relay"));
	let web = WebApp::start(&dir.path().join("vite.log"));

	// A university accredited on main issues a diploma on its side chain.
	let registry = MainRegistry { rpc: BlockingNode::new(main.rpc_url()) };
	let nobody = KeyAgreementPair::from_seed("//nobody");
	let dave_keys = KeyAgreementPair::from_seed("//Dave");
	registry.register(Sr25519Keyring::Charlie, identity_id(0xc0), Role::Issuer, &nobody);
	registry.register(Sr25519Keyring::Dave, identity_id(0xd0), Role::Holder, &dave_keys);
	let ntu: OrgCode = "NTU".parse().unwrap();
	registry.accredit(&ntu, identity_id(0xc0), "diploma");
	let side = BlockingNode::new(side_node.rpc_url());
	let charlie = Sr25519Keyring::Charlie.pair();
	let mut issued = None;
	wait_for(
		TIMEOUT,
		"the diploma chain accepts the issuer accredited on main",
		|| {
			let fields = sample_diploma_fields();
			let mut call =
				diploma_issue_call("NTU-2026-0001", identity_id(0xd0), commitment(&fields));
			// The fields, sealed to the holder, travel in the transaction.
			// With the diploma's PDF as its document: its address and hash.
			if let ecert_tests::side_runtime::RuntimeCall::Certificates(
				pallet_certificates::Call::issue { payload, terms, .. },
			) = &mut call
			{
				*payload = Some(seal_fields(&dave_keys.public(), &fields).try_into().unwrap());
				terms.document = Some(DocumentRef {
					uri: b"https://office.ntu.example/documents/1".to_vec().try_into().unwrap(),
					hash: document_hash(HashAlgorithm::Blake2b256, DIPLOMA_PDF),
				});
			}
			issued = side.submit::<SideChain>(&charlie, call).ok();
			issued.is_some()
		},
		|| relay.log_tail(),
	);
	let issued = issued.unwrap();
	let id =
		CertificateId::derive(&"diploma".parse().unwrap(), &ntu, &"NTU-2026-0001".parse().unwrap());
	let genuine = proof_bytes(&proof_at_or_after(&side_node, id, 0, &relay));
	let camera = dir.path().join("camera.y4m");
	std::fs::write(&camera, qr_video(&genuine)).unwrap();
	let browser = Browser::start(screenshots.clone(), Some(&camera));

	// 1. The holder's QR code, scanned with the camera: valid. Then the
	//    CLI's QR code PNG, opened on the verify page: valid.
	// The page finds the diploma chain's node in the main chain's directory,
	// and passes over a listed node of another chain (here the main chain's)
	// to the first that is the diploma chain's.
	registry.list_side_chain("diploma", &[&main.ws_url(), &side_node.ws_url()]);
	browser.go(&format!("{}/?main={}", web.url, main.ws_url()));
	browser.forget_verdict();
	browser.click("#scan");
	assert_eq!(browser.outcome(), "valid", "{}", browser.text("#verdict"));
	assert_eq!(browser.attribute("#camera", "hidden").as_deref(), Some("true"), "camera off");
	browser.upload("#proof-file", &qr_png(dir.path(), "proof", &genuine));
	assert_eq!(browser.outcome(), "valid", "{}", browser.text("#verdict"));
	assert_eq!(browser.text("#verdict .headline"), "Valid");
	browser.wait_for("the issuer's name from the main chain", || {
		browser.text("[data-field=issuer]") == "National Taiwan University (NTU)"
	});
	assert_eq!(browser.text("[data-field=type]"), "Diploma");
	assert_eq!(browser.text("[data-field=certificate]"), format!("{:?}", id.0));
	assert!(browser.text("[data-field=trust]").contains(&main.ws_url()));
	browser.wait_for("the status now, from the side chain", || {
		browser.attribute("[data-field=now]", "data-status").as_deref() == Some("valid")
	});
	assert_eq!(browser.text("[data-field=now]"), "Valid, as in the proof");
	browser.screenshot("1-valid.png");
	// Its document: the genuine copy matches the hash in the proof; a
	// changed one does not.
	assert!(browser.text("#document-check").contains("https://office.ntu.example/documents/1"));
	let pdf = dir.path().join("diploma.pdf");
	std::fs::write(&pdf, DIPLOMA_PDF).unwrap();
	browser.upload("#document-file", &pdf);
	browser.wait_for("the document checked", || {
		browser.attribute("#document-result", "data-state").as_deref() == Some("match")
	});
	let changed_pdf = dir.path().join("changed.pdf");
	let mut changed = DIPLOMA_PDF.to_vec();
	changed[12] ^= 1;
	std::fs::write(&changed_pdf, changed).unwrap();
	browser.upload("#document-file", &changed_pdf);
	browser.wait_for("the changed document refused", || {
		browser.attribute("#document-result", "data-state").as_deref() == Some("differs")
	});
	assert!(browser.text("#document-result").contains("not the document the issuer recorded"));

	// 2. Forged: a byte changed, drawn as a QR code again, is refused; and
	//    every changed proof the CLI refuses, the page refuses too.
	let mut forged = genuine.clone();
	let middle = forged.len() / 2;
	forged[middle] ^= 0x01;
	browser.upload("#proof-file", &qr_png(dir.path(), "forged", &forged));
	assert_eq!(browser.outcome(), "forged", "{}", browser.text("#verdict"));
	assert!(browser.text("#verdict").contains("changed after it was issued"));
	browser.screenshot("2-forged.png");
	let checkpoint = dir.path().join("main-checkpoint.json");
	let fetched = Command::new(node_binary().with_file_name("ecert"))
		.args(["proof", "checkpoint", "--out"])
		.arg(&checkpoint)
		.args(["--main-url", &main.ws_url()])
		.output()
		.unwrap();
	assert!(fetched.status.success(), "{}", String::from_utf8_lossy(&fetched.stderr));
	// A byte changed at each of twenty places across the proof: the record,
	// the tree path, both headers, the anchor proof and the signatures.
	let step = genuine.len() / 20;
	for offset in (0..20).map(|i| 1 + i * step).chain([genuine.len() - 1]) {
		let mut changed = genuine.clone();
		changed[offset] ^= 0x10;
		assert!(cli_refuses(dir.path(), &changed, &checkpoint), "the CLI refuses byte {offset}");
		browser.paste(&changed);
		assert_eq!(browser.outcome(), "forged", "byte {offset}: {}", browser.text("#verdict"));
	}

	// 3. A disclosure of two fields, checked against the commitment on the
	//    diploma chain; then with a value changed.
	let disclosure = Disclosure::of(
		id,
		"diploma".parse().unwrap(),
		ntu.clone(),
		&sample_diploma_fields(),
		["degree_level", "school"],
	)
	.unwrap();
	let shown = dir.path().join("disclosure.json");
	let text = serde_json::to_string_pretty(&disclosure).unwrap();
	std::fs::write(&shown, &text).unwrap();
	browser.upload("#proof-file", &shown);
	assert_eq!(browser.outcome(), "disclosure-match", "{}", browser.text("#verdict"));
	assert!(browser.text("[data-field=school]").starts_with("value 4"));
	// Each field under its label from the schema on the main chain.
	assert_eq!(browser.text("[data-label=school]"), "School");
	assert_eq!(browser.text("[data-label=degree_level]"), "Degree");
	assert_eq!(browser.attribute("[data-field=school]", "data-matches").as_deref(), Some("true"));
	assert_eq!(browser.text("[data-field=status]"), "Valid");
	browser.screenshot("3-disclosure.png");
	let changed = dir.path().join("changed-disclosure.json");
	std::fs::write(&changed, text.replace("value 5", "Doctor")).unwrap();
	browser.upload("#proof-file", &changed);
	assert_eq!(browser.outcome(), "disclosure-mismatch", "{}", browser.text("#verdict"));
	let matches = |field: &str| browser.attribute(&format!("[data-field={field}]"), "data-matches");
	assert_eq!(matches("degree_level").as_deref(), Some("false"));
	assert_eq!(matches("school").as_deref(), Some("true"));

	// 4. The wallet: the holder's file opened, two fields shown as a QR code
	//    that the verify page checks; the proof's QR code full screen.
	let fields = sample_diploma_fields();
	let holder_file = dir.path().join("diploma.ecert.json");
	let file = json!({
		"version": 1,
		"certificateId": id,
		"certificateType": "diploma",
		"issuer": "NTU",
		"holder": identity_id(0xd0),
		"fields": fields,
		"commitment": commitment(&fields),
		"receipt": {},
	});
	std::fs::write(&holder_file, file.to_string()).unwrap();
	browser.click("#tab-wallet");
	browser.upload("#holder-file", &holder_file);
	browser.wait_for("the certificate's status in the wallet", || {
		browser.attribute("#certificate-status", "data-status").as_deref() == Some("valid")
	});
	browser.click("#certificate-fields input[value=degree_level]");
	browser.click("#certificate-fields input[value=school]");
	browser.click("#disclose");
	browser
		.wait_for("the chosen fields' QR code", || browser.attribute("#shown", "hidden").is_none());
	browser.screenshot("4-wallet.png");
	let shown_qr = screenshots.join("4-shown-fields-qr.png");
	std::fs::write(&shown_qr, browser.element_png("#shown-qr svg")).unwrap();
	browser.click("#show-proof");
	browser.wait_for("the proof's QR code full screen", || {
		browser.attribute("#fullscreen", "hidden").is_none()
	});
	let proof_qr = screenshots.join("4-proof-full-screen-qr.png");
	std::fs::write(&proof_qr, browser.element_png("#fullscreen-qr svg")).unwrap();
	browser.click("#fullscreen-close");
	browser.click("#tab-verify");
	browser.upload("#proof-file", &shown_qr);
	assert_eq!(browser.outcome(), "disclosure-match", "{}", browser.text("#verdict"));
	assert!(browser.text("[data-field=degree_level]").starts_with("value 5"));
	assert_eq!(browser.attribute("[data-field=name]", "data-matches"), None, "not shown");
	browser.upload("#proof-file", &proof_qr);
	assert_eq!(browser.outcome(), "valid", "{}", browser.text("#verdict"));

	// 4b. The wallet without a file: the holder's keystore, unlocked with
	//     its passphrase, finds the diploma on its chain and opens the
	//     fields sealed to the holder; the certificate is exported as a W3C
	//     credential that `ecert vc verify` accepts.
	let dave = Sr25519Keyring::Dave;
	let mut keystore = Keystore::default();
	let account = StoredAccount::new(
		"dave",
		dave.to_account_id().to_string(),
		format!("0x{}", hex::encode(dave.public().0)),
		"//Dave",
		Some("correct horse"),
	)
	.unwrap();
	keystore.add(account).unwrap();
	let keystore_file = dir.path().join("keystore.json");
	std::fs::write(&keystore_file, keystore.to_json()).unwrap();
	browser.click("#tab-wallet");
	browser.upload("#keystore-file", &keystore_file);
	browser
		.wait_for("the keystore's accounts", || browser.attribute("#unlock", "hidden").is_none());
	let unlock_with = |passphrase: &str| {
		browser.run(
			"document.getElementById('wallet-message').textContent = '';\
			 document.getElementById('passphrase').value = arguments[0];",
			vec![json!(passphrase)],
		);
		browser.click("#unlock button[type=submit]");
	};
	unlock_with("wrong horse");
	browser.wait_for("the wrong passphrase refused", || {
		browser.text("#wallet-message") == "The passphrase is not right. Try again."
	});
	unlock_with("correct horse");
	let row = format!("#held-list tr[data-row='{:?}']", id.0);
	browser.wait_for("the diploma listed", || browser.attribute(&row, "data-type").is_some());
	assert!(browser.text("#held-who").contains(&format!("{:?}", identity_id(0xd0).0)));
	assert_eq!(browser.text(&format!("{row} [data-field=issuer]")), "NTU");
	browser.click(&format!("{row} button"));
	browser.wait_for("the certificate opened from the chain", || {
		browser.attribute("#save-file", "hidden").is_none()
	});
	let saved: HolderFile<Value> = serde_json::from_str(&browser.download("#save-file")).unwrap();
	assert_eq!(saved.fields, sample_diploma_fields(), "the fields sealed on chain");
	assert!(browser.text("#certificate-fields").contains("value 4"));
	browser.click("#export-vc");
	browser.wait_for("the credential", || browser.attribute("#vc-download", "hidden").is_none());
	browser.screenshot("4-keystore.png");
	let credential = dir.path().join("diploma.vc.json");
	std::fs::write(&credential, browser.download("#vc-download")).unwrap();
	let verified = Command::new(node_binary().with_file_name("ecert"))
		.args(["vc", "verify"])
		.arg(&credential)
		.arg("--checkpoint")
		.arg(&checkpoint)
		.output()
		.unwrap();
	assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
	browser.click("#tab-verify");
	// The verify page checks the credential too, and refuses it with a
	// field changed.
	browser.upload("#proof-file", &credential);
	assert_eq!(browser.outcome(), "valid", "{}", browser.text("#verdict"));
	assert!(browser.text("[data-field=degree_level]").starts_with("value 5"));
	let changed = dir.path().join("changed.vc.json");
	std::fs::write(
		&changed,
		std::fs::read_to_string(&credential).unwrap().replace("value 5", "PhD"),
	)
	.unwrap();
	browser.upload("#proof-file", &changed);
	assert_eq!(browser.outcome(), "forged", "{}", browser.text("#verdict"));

	// 5. Revoked: a fresh proof after the issuer revokes it.
	let revoke =
		ecert_tests::side_runtime::RuntimeCall::Certificates(pallet_certificates::Call::revoke {
			id,
			reason: 2,
			membership: None,
		});
	let receipt = side.submit::<SideChain>(&charlie, revoke).unwrap();
	let revoked = proof_bytes(&proof_at_or_after(&side_node, id, receipt.block_number, &relay));
	browser.upload("#proof-file", &qr_png(dir.path(), "revoked", &revoked));
	assert_eq!(browser.outcome(), "revoked", "{}", browser.text("#verdict"));
	assert_eq!(browser.text("#verdict .headline"), "Revoked");
	browser.screenshot("5-revoked.png");
	// The proof made before the revocation still holds, as of its time; the
	// page says that the certificate has been revoked since.
	browser.upload("#proof-file", &qr_png(dir.path(), "proof", &genuine));
	assert_eq!(browser.outcome(), "valid", "{}", browser.text("#verdict"));
	browser.wait_for("the revocation since the proof", || {
		browser.attribute("[data-field=now]", "data-status").as_deref() == Some("revoked")
	});
	assert!(browser.text("[data-field=now]").contains("changed since this proof"));
	// The original check by organisation code and certificate number.
	browser.run("document.getElementById('lookup-box').open = true", vec![]);
	browser.forget_verdict();
	browser.run(
		"document.getElementById('lookup-org').value = 'NTU';\
		 document.getElementById('lookup-number').value = 'NTU-2026-0001';",
		vec![],
	);
	browser.click("#lookup button[type=submit]");
	assert_eq!(browser.outcome(), "revoked", "{}", browser.text("#verdict"));
	assert_eq!(browser.text("[data-field=tx]"), format!("{:?}", issued.tx_hash));
	assert_eq!(browser.text("[data-field=block]"), issued.block_number.to_string());
	browser.upload("#proof-file", &qr_png(dir.path(), "revoked", &revoked));
	assert_eq!(browser.outcome(), "revoked");

	// 6. The explorer: the types, the issuers, and how far the chains have
	//    anchored each other.
	browser.click("#tab-explorer");
	browser.wait_for("the explorer", || browser.attribute("#explorer", "data-loaded").is_some());
	assert_eq!(
		browser.text("#explorer-issuers tr[data-row=NTU] [data-field=name]"),
		"National Taiwan University"
	);
	assert_eq!(browser.text("#explorer-issuers tr[data-row=NTU] [data-field=types]"), "Diploma");
	assert_eq!(browser.text("#explorer-types tr[data-row=diploma] [data-field=status]"), "active");
	let fields = browser.text("#explorer-types tr[data-row=diploma] [data-field=fields]");
	assert!(
		fields.starts_with("Certificate number, Name,") && fields.ends_with("Degree"),
		"{fields}"
	);
	let anchored = browser
		.attribute("#explorer-chains tr[data-row=diploma]", "data-anchored-on-main")
		.and_then(|number| number.parse::<u32>().ok());
	assert!(anchored.is_some_and(|number| number > 0), "{}", browser.text("#explorer-chains"));
	let event = |kind: &str| {
		format!("#explorer-events tr[data-kind={kind}][data-certificate='{:?}']", id.0)
	};
	assert!(browser.text(&event("issued")).contains("Issued by NTU"));
	assert!(browser.text(&event("revoked")).contains("Revoked"));
	browser.screenshot("6-explorer.png");
	browser.click("#tab-verify");

	// 7. In Traditional Chinese: the verdict and every label.
	browser.click("#language");
	browser.wait_for("the page in Chinese", || browser.text("#verdict .headline") == "已撤銷");
	assert_eq!(browser.attribute("html", "lang").as_deref(), Some("zh-Hant"));
	assert_eq!(browser.text("#verify h2"), "檢核證書");
	let untranslated = browser.run(
		"return [...document.querySelectorAll('[data-i18n]')]\
		 .filter(e => !e.textContent || e.textContent === e.dataset.i18n)\
		 .map(e => e.dataset.i18n)",
		vec![],
	);
	assert_eq!(untranslated, json!([]), "words with no translation");
	browser.screenshot("7-chinese.png");
	browser.click("#language");
	browser
		.wait_for("the page in English again", || browser.text("#verdict .headline") == "Revoked");
}

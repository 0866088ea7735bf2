//! ecert's portable-proof verifier in the browser.
//!
//! The web app checks a proof with this crate compiled to WebAssembly
//! (`scripts/build-web.sh`): the very code of `ecert-primitives` that the
//! CLI and the main runtime run ([`verify_certificate_proof`] and the
//! status rule [`VerificationStatus::of_record`]), never a copy in
//! JavaScript. Answers cross into JavaScript as JSON text.
//!
//! The holder's wallet uses it too: to open a holder's certificate file
//! (checking that its fields open its commitment), to disclose some of its
//! fields ([`Disclosure::of`]) and to draw a disclosure or a proof as a QR
//! code; to open the holder's keystore with its passphrase and, with the key
//! it holds, the certificate fields that issuers sealed to the holder on the
//! chain ([`ecert_primitives::sealed`]); and to export a certificate as a
//! W3C Verifiable Credential ([`ecert_primitives::credential`]). The keys
//! stay in the page's memory; nothing the holder opens leaves the browser.

use codec::Decode;
use ecert_primitives::{
	credential::{credential, verify_credential},
	keystore::{Keystore, KeystoreError},
	query::{sign_query, CERTIFICATES_OF},
	sealed::{open_fields, KeyAgreementPair, OpenError},
	OrgCode,
};
use ecert_primitives::{
	verify_certificate_proof, CertificateId, CertificateProof, Disclosure, DocumentRef,
	GrandpaAuthorities, IdentityId, MainCheckpoint, ProofError, VerificationStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_core::{sr25519, H256};
use wasm_bindgen::prelude::*;

/// What a verifier learns from a proof, at a glance.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum Verdict {
	/// The proof holds: the certificate was on its side chain as shown,
	/// anchored under a main-chain block the checkpoint's authorities
	/// finalized.
	#[serde(rename_all = "camelCase")]
	Proven {
		/// Its status now, from its record as of `status_as_of`.
		status: VerificationStatus,
		/// The certificate's id.
		certificate_id: CertificateId,
		/// Its type (`diploma`, `license`, ...).
		certificate_type: Option<String>,
		/// The issuer's organisation code.
		issuer: String,
		/// The holder's identity.
		holder: IdentityId,
		/// The salted commitment to its fields.
		commitment: H256,
		/// Valid from (Unix ms).
		valid_from: u64,
		/// Valid until (Unix ms), if it expires.
		valid_until: Option<u64>,
		/// The certificate that renewed this one, if any.
		superseded_by: Option<CertificateId>,
		/// When the side chain held the record as shown (Unix ms).
		status_as_of: u64,
		/// How old the proof is (ms).
		age_ms: u64,
		/// The side-chain block of the record.
		side_block: u32,
		/// The finalized main-chain block that anchors it.
		main_block: u32,
		/// The main-chain block's hash.
		main_block_hash: H256,
		/// Where its document lies, and its hash, if it has one: a copy is
		/// checked with [`document_matches`].
		#[serde(skip_serializing_if = "Option::is_none")]
		document: Option<DocumentRef>,
	},
	/// The proof does not hold: changed after it was made, or made up.
	#[serde(rename_all = "camelCase")]
	Forged {
		/// Which check failed (`notFinalized`, `notInTree`, ...).
		reason: &'static str,
		/// The same in words.
		message: String,
	},
	/// The proof is of another network than the checkpoint's.
	#[serde(rename_all = "camelCase")]
	OtherNetwork {
		/// In words.
		message: String,
	},
	/// The checkpoint cannot be used.
	#[serde(rename_all = "camelCase")]
	BadCheckpoint {
		/// In words.
		message: String,
	},
}

/// Checks `proof` (its bytes, as in a proof file or a QR code) against
/// `checkpoint` (the JSON of a [`MainCheckpoint`]) at time `now` (Unix ms).
pub fn verdict(proof: &[u8], checkpoint: &str, now: u64) -> Verdict {
	let checkpoint: MainCheckpoint = match serde_json::from_str(checkpoint) {
		Ok(checkpoint) => checkpoint,
		Err(error) => return Verdict::BadCheckpoint { message: error.to_string() },
	};
	let proven = CertificateProof::from_bytes(proof)
		.and_then(|proof| verify_certificate_proof(&proof, &checkpoint));
	match proven {
		Ok(proven) => Verdict::Proven {
			status: proven.status_at(now),
			certificate_id: proven.certificate,
			certificate_type: proven.side_chain.certificate_type().map(|t| t.to_string()),
			issuer: proven.record.issuer.to_string(),
			holder: proven.record.holder,
			commitment: proven.record.commitment,
			valid_from: proven.record.valid_from,
			valid_until: proven.record.valid_until,
			superseded_by: proven.record.superseded_by,
			status_as_of: proven.side_time,
			age_ms: proven.age_at(now),
			side_block: proven.side_block.0,
			main_block: proven.main_block.0,
			main_block_hash: proven.main_block.1,
			document: proven.record.document.clone(),
		},
		Err(ProofError::BadCheckpoint) => {
			Verdict::BadCheckpoint { message: ProofError::BadCheckpoint.to_string() }
		},
		Err(ProofError::WrongNetwork) => {
			Verdict::OtherNetwork { message: ProofError::WrongNetwork.to_string() }
		},
		Err(error) => Verdict::Forged { reason: reason(error), message: error.to_string() },
	}
}

/// Whether `file` is the document of the certificate `proof` proves
/// (against `checkpoint`): `Ok(())`, or why not, in words.
pub fn document_matches(proof: &[u8], checkpoint: &str, file: &[u8]) -> Result<(), String> {
	let checkpoint: MainCheckpoint =
		serde_json::from_str(checkpoint).map_err(|error| error.to_string())?;
	let proven = CertificateProof::from_bytes(proof)
		.and_then(|proof| verify_certificate_proof(&proof, &checkpoint))
		.map_err(|error| error.to_string())?;
	proven.record.check_document(file).map_err(|mismatch| mismatch.to_string())
}

/// [`document_matches`], for the page: `{"matches": true}`, or
/// `{"matches": false, "message": "..."}`.
#[wasm_bindgen(js_name = documentMatches)]
pub fn document_matches_js(proof: &[u8], checkpoint: &str, file: &[u8]) -> String {
	match document_matches(proof, checkpoint, file) {
		Ok(()) => json!({ "matches": true }).to_string(),
		Err(message) => json!({ "matches": false, "message": message }).to_string(),
	}
}

/// The name of the check that `error` failed, for the page to put in words.
fn reason(error: ProofError) -> &'static str {
	match error {
		ProofError::Undecodable => "undecodable",
		ProofError::BadCheckpoint => "badCheckpoint",
		ProofError::NotFinalized => "notFinalized",
		ProofError::NoMainCommitment => "noMainCommitment",
		ProofError::WrongNetwork => "wrongNetwork",
		ProofError::NotAnchored => "notAnchored",
		ProofError::NoSideCommitment => "noSideCommitment",
		ProofError::NotInTree => "notInTree",
	}
}

/// The checkpoint that a main node's answers give: its genesis hash (hex)
/// and the SCALE bytes (hex) of `GrandpaApi_grandpa_authorities` and
/// `GrandpaApi_current_set_id` at its finalized head.
pub fn checkpoint_from_answers(
	genesis_hash: &str,
	authorities: &str,
	set_id: &str,
) -> Result<MainCheckpoint, String> {
	let bytes = |what: &str, text: &str| {
		hex::decode(text.trim().trim_start_matches("0x"))
			.map_err(|error| format!("the node's {what} is not hex: {error}"))
	};
	let genesis = bytes("genesis hash", genesis_hash)?;
	if genesis.len() != 32 {
		return Err(format!("the node's genesis hash has {} bytes, not 32", genesis.len()));
	}
	let authorities = GrandpaAuthorities::decode(&mut &bytes("authorities", authorities)?[..])
		.map_err(|error| format!("the node's GRANDPA authorities do not decode: {error}"))?;
	let set_id = u64::decode(&mut &bytes("set id", set_id)?[..])
		.map_err(|error| format!("the node's GRANDPA set id does not decode: {error}"))?;
	Ok(MainCheckpoint { genesis_hash: H256::from_slice(&genesis), authorities, set_id })
}

/// What a verifier sees of a disclosure: each field shown, and whether it
/// is part of the certificate's commitment.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureCheck {
	/// The certificate's id.
	pub certificate_id: CertificateId,
	/// Its type.
	pub certificate_type: String,
	/// Its issuer's organisation code.
	pub issuer: String,
	/// The fields shown, in the order the holder chose.
	pub fields: Vec<CheckedField>,
	/// Whether every field matches.
	pub all_match: bool,
}

/// One field of a [`DisclosureCheck`].
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CheckedField {
	/// Its name in the schema.
	pub name: String,
	/// The value shown.
	pub value: String,
	/// Whether it is the value the issuer committed to.
	pub matches: bool,
}

/// Reads a disclosure file's text (`ecert cert disclose`, the wallet).
pub fn read_disclosure(text: &str) -> Result<Disclosure, String> {
	serde_json::from_str(text).map_err(|error| format!("not a disclosure: {error}"))
}

/// Checks `disclosure` against the certificate's `commitment`.
pub fn check_disclosure(disclosure: &Disclosure, commitment: &H256) -> DisclosureCheck {
	let matches = disclosure.check(commitment);
	let fields: Vec<CheckedField> = disclosure
		.fields
		.iter()
		.zip(matches)
		.map(|(field, matches)| CheckedField {
			name: field.name.clone(),
			value: field.value.clone(),
			matches,
		})
		.collect();
	DisclosureCheck {
		certificate_id: disclosure.certificate_id,
		certificate_type: disclosure.certificate_type.to_string(),
		issuer: disclosure.issuer.to_string(),
		all_match: !fields.is_empty() && fields.iter().all(|field| field.matches),
		fields,
	}
}

/// [`read_disclosure`] for JavaScript: the disclosure's certificate id,
/// type and issuer as JSON, or why the text is not a disclosure.
#[wasm_bindgen(js_name = readDisclosure)]
pub fn read_disclosure_js(text: &str) -> Result<String, JsError> {
	let disclosure = read_disclosure(text).map_err(|error| JsError::new(&error))?;
	let summary = serde_json::json!({
		"certificateId": disclosure.certificate_id,
		"certificateType": disclosure.certificate_type,
		"issuer": disclosure.issuer,
	});
	Ok(summary.to_string())
}

/// [`check_disclosure`] for JavaScript: `commitment` is the certificate's
/// commitment as the side chain gives it (hex); the answer is the check's
/// JSON.
#[wasm_bindgen(js_name = checkDisclosure)]
pub fn check_disclosure_js(text: &str, commitment: &str) -> Result<String, JsError> {
	let disclosure = read_disclosure(text).map_err(|error| JsError::new(&error))?;
	let commitment = hex::decode(commitment.trim_start_matches("0x"))
		.ok()
		.filter(|bytes| bytes.len() == 32)
		.map(|bytes| H256::from_slice(&bytes))
		.ok_or_else(|| JsError::new("the node's commitment is not a 32-byte hash"))?;
	let check = check_disclosure(&disclosure, &commitment);
	Ok(serde_json::to_string(&check).expect("a check serializes"))
}

/// A holder's certificate file, with its receipt as it was written.
pub type HolderFile = ecert_primitives::HolderFile<serde_json::Value>;

/// Reads a holder's certificate file, and checks that its fields open its
/// commitment.
pub fn open_holder_file(text: &str) -> Result<HolderFile, String> {
	let file: HolderFile = serde_json::from_str(text)
		.map_err(|error| format!("this is not a certificate file: {error}"))?;
	if !file.opens_commitment() {
		return Err("the fields in this file do not match its commitment: it was changed".into());
	}
	Ok(file)
}

/// [`open_holder_file`] for JavaScript: the file's certificate and fields
/// as JSON, or why it cannot be used.
#[wasm_bindgen(js_name = openHolderFile)]
pub fn open_holder_file_js(text: &str) -> Result<String, JsError> {
	let file = open_holder_file(text).map_err(|error| JsError::new(&error))?;
	Ok(serde_json::to_string(&file).expect("a holder file serializes"))
}

/// The disclosure of the fields named in `names` (a JSON list) of the
/// holder's certificate file `text`, as JSON.
#[wasm_bindgen]
pub fn disclose(text: &str, names: &str) -> Result<String, JsError> {
	let file = open_holder_file(text).map_err(|error| JsError::new(&error))?;
	let names: Vec<String> =
		serde_json::from_str(names).map_err(|error| JsError::new(&error.to_string()))?;
	let disclosure = file
		.disclose(names.iter().map(String::as_str))
		.map_err(|name| JsError::new(&format!("the certificate has no field {name:?}")))?;
	Ok(serde_json::to_string(&disclosure).expect("a disclosure serializes"))
}

/// The modules of the QR code holding `data`, in byte mode with the
/// lowest error correction (the largest capacity, 2,953 bytes): its width,
/// and whether each module is dark, row by row.
pub fn qr_modules(data: &[u8]) -> Result<(usize, Vec<bool>), String> {
	let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::L)
		.map_err(|_| format!("{} bytes do not fit in one QR code (2,953 at most)", data.len()))?;
	let dark = code.to_colors().into_iter().map(|color| color == qrcode::Color::Dark).collect();
	Ok((code.width(), dark))
}

/// The QR code holding `data` as an SVG image, `scale` pixels per module
/// (a whole number, so that every module has the same size on screen and a
/// camera reads it), with the standard quiet zone of four modules.
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(data: &[u8], scale: u32) -> Result<String, JsError> {
	let (width, dark) = qr_modules(data).map_err(|error| JsError::new(&error))?;
	let side = width + 8;
	let pixels = side * scale.max(1) as usize;
	let mut path = String::new();
	for (index, _) in dark.iter().enumerate().filter(|(_, dark)| **dark) {
		let (x, y) = (index % width + 4, index / width + 4);
		path.push_str(&format!("M{x} {y}h1v1h-1z"));
	}
	Ok(format!(
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" \
		 viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" \
		 height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
	))
}

/// The most pixels per module that a QR code holding `bytes` bytes can
/// have within `pixels` pixels, and at least one.
#[wasm_bindgen(js_name = qrScale)]
pub fn qr_scale(bytes: &[u8], pixels: u32) -> u32 {
	qr_modules(bytes).map_or(1, |(width, _)| (pixels / (width as u32 + 8)).max(1))
}

/// The storage key (hex) of what a chain's light client holds of the
/// chain of certificate type `certificate_type`, or of the main chain if
/// it is empty: the explorer reads it to tell how far each chain has
/// anchored the other.
#[wasm_bindgen(js_name = anchoredChainKey)]
pub fn anchored_chain_key(certificate_type: &str) -> Result<String, JsError> {
	let chain = if certificate_type.is_empty() {
		ecert_primitives::ChainId::Main
	} else {
		ecert_primitives::ChainId::Side(
			certificate_type.parse().map_err(|_| JsError::new("not a certificate type"))?,
		)
	};
	Ok(format!("0x{}", hex::encode(ecert_primitives::storage::anchored_chain(&chain))))
}

/// The storage key (hex) of the name a chain gives itself (the chain-info
/// pallet's value): with [`side_chain_node_check`], how the page tells a
/// type's side-chain node from another chain's.
#[wasm_bindgen(js_name = chainIdKey)]
pub fn chain_id_key() -> String {
	format!("0x{}", hex::encode(ecert_primitives::storage::chain()))
}

/// Whether the node that answered `genesis` (its `chain_getBlockHash(0)`)
/// and `chain` (its value at [`chain_id_key`], if any) is one of the side
/// chain of `certificate_type`, whose genesis hash the main chain's
/// registry holds as `registered_genesis`
/// ([`ecert_primitives::check_side_chain_node`]): nothing if it is, else
/// why not, in words.
#[wasm_bindgen(js_name = sideChainNodeCheck)]
pub fn side_chain_node_check(
	certificate_type: &str,
	registered_genesis: &str,
	genesis: &str,
	chain: Option<String>,
) -> Result<Option<String>, JsError> {
	let hash = |text: &str| {
		hex::decode(text.trim_start_matches("0x"))
			.ok()
			.filter(|bytes| bytes.len() == 32)
			.map(|bytes| H256::from_slice(&bytes))
			.ok_or_else(|| JsError::new("a genesis hash is a 32-byte hash"))
	};
	let id = certificate_type.parse().map_err(|_| JsError::new("not a certificate type"))?;
	let chain = chain
		.and_then(|value| hex::decode(value.trim_start_matches("0x")).ok())
		.and_then(|bytes| ecert_primitives::ChainId::decode(&mut &bytes[..]).ok());
	Ok(ecert_primitives::check_side_chain_node(
		&id,
		hash(registered_genesis)?,
		hash(genesis)?,
		chain,
	)
	.err()
	.map(|other| other.to_string()))
}

/// The number of the latest header anchored, from the value (hex) at
/// [`anchored_chain_key`]; 0 if there is none.
#[wasm_bindgen(js_name = anchoredNumber)]
pub fn anchored_number(value: Option<String>) -> u32 {
	value
		.and_then(|value| hex::decode(value.trim_start_matches("0x")).ok())
		.and_then(|bytes| {
			ecert_primitives::ChainState::<ecert_primitives::BlockNumber>::decode(&mut &bytes[..])
				.ok()
		})
		.map_or(0, |state| state.best_number)
}

/// The accounts of keystore document `text`, as JSON: each one's name,
/// address and whether a passphrase protects it. An error's message is a
/// [`keystore_error`] code.
#[wasm_bindgen(js_name = keystoreAccounts)]
pub fn keystore_accounts(text: &str) -> Result<String, JsError> {
	let keystore =
		Keystore::from_json(text).map_err(|error| JsError::new(keystore_error(error)))?;
	let accounts: Vec<Value> = keystore
		.accounts()
		.iter()
		.map(|account| {
			json!({
				"name": account.name,
				"address": account.address,
				"encrypted": account.encrypted(),
			})
		})
		.collect();
	Ok(Value::Array(accounts).to_string())
}

/// A keystore error as a code the page puts in words.
fn keystore_error(error: KeystoreError) -> &'static str {
	match error {
		KeystoreError::UnsupportedVersion(_) => "unsupportedVersion",
		KeystoreError::PassphraseNeeded(_) => "passphraseNeeded",
		KeystoreError::WrongPassphrase(_) => "wrongPassphrase",
		KeystoreError::Damaged(_) => "damaged",
		_ => "notAKeystore",
	}
}

/// A holder's keys, opened from the keystore: one opens what issuers
/// sealed to the holder, the other signs the holder's queries. They live
/// in the page's memory only.
#[wasm_bindgen]
pub struct HolderKey {
	pair: KeyAgreementPair,
	signing: sr25519::Pair,
	address: String,
}

/// Opens account `name` of keystore document `text` with `passphrase`
/// (empty for an account kept in the clear). An error's message is a
/// [`keystore_error`] code, or `noSuchAccount`.
pub fn unlock(text: &str, name: &str, passphrase: &str) -> Result<HolderKey, &'static str> {
	let keystore = Keystore::from_json(text).map_err(keystore_error)?;
	let account = keystore.get(name).ok_or("noSuchAccount")?;
	let passphrase = Some(passphrase).filter(|passphrase| !passphrase.is_empty());
	let (signing, pair) = account.key_pairs(passphrase).map_err(keystore_error)?;
	Ok(HolderKey { pair, signing, address: account.address.clone() })
}

/// [`unlock`] for JavaScript.
#[wasm_bindgen(js_name = unlockAccount)]
pub fn unlock_account(text: &str, name: &str, passphrase: &str) -> Result<HolderKey, JsError> {
	unlock(text, name, passphrase).map_err(JsError::new)
}

/// What the wallet reads of an `ecert_certificateByTx` answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IssuedByTx {
	certificate_id: CertificateId,
	issuer: OrgCode,
	record: IssuedRecord,
	encrypted_payload: Option<String>,
	location: IssuedAt,
}

#[derive(Deserialize)]
struct IssuedRecord {
	holder: IdentityId,
	commitment: H256,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IssuedAt {
	block_number: u32,
	block_hash: Option<H256>,
	tx_hash: Option<H256>,
}

impl HolderKey {
	/// The holder's certificate file of the certificate of type
	/// `certificate_type` that a side node's `ecert_certificateByTx`
	/// `answer` describes: its fields opened with this key, and checked
	/// against the record's commitment. An error is a code:
	/// `badAnswer`, `noFields`, `notForThisKey` or `notCommitted`.
	pub fn holder_file(
		&self,
		certificate_type: &str,
		answer: &str,
	) -> Result<HolderFile, &'static str> {
		let answer: IssuedByTx = serde_json::from_str(answer).map_err(|_| "badAnswer")?;
		let certificate_type = certificate_type.parse().map_err(|_| "badAnswer")?;
		let sealed = answer.encrypted_payload.ok_or("noFields")?;
		let sealed = hex::decode(sealed.trim_start_matches("0x")).map_err(|_| "badAnswer")?;
		let fields = open_fields(&self.pair, &sealed, &answer.record.commitment).map_err(
			|error| match error {
				OpenError::NotForThisKey => "notForThisKey",
				OpenError::NotFields | OpenError::NotCommitted => "notCommitted",
			},
		)?;
		let receipt = json!({
			"txHash": answer.location.tx_hash,
			"blockNumber": answer.location.block_number,
			"blockHash": answer.location.block_hash,
		});
		Ok(HolderFile::new(
			answer.certificate_id,
			certificate_type,
			answer.issuer,
			answer.record.holder,
			fields,
			receipt,
		))
	}
}

#[wasm_bindgen]
impl HolderKey {
	/// The account's SS58 address.
	#[wasm_bindgen(getter)]
	pub fn address(&self) -> String {
		self.address.clone()
	}

	/// The key-agreement public key (hex), as the holder's identity on the
	/// main chain registers it.
	#[wasm_bindgen(getter, js_name = keyAgreementKey)]
	pub fn key_agreement_key(&self) -> String {
		format!("{:?}", self.pair.public().0)
	}

	/// The signature (JSON) that lets the holder list their certificates:
	/// `ecert_certificatesOf` of identity `holder` (0x-hex), the first page,
	/// signed at `now` (Unix milliseconds).
	#[wasm_bindgen(js_name = signCertificatesOf)]
	pub fn sign_certificates_of(&self, holder: &str, now: f64) -> Result<String, JsError> {
		let holder: IdentityId = serde_json::from_value(Value::String(holder.into()))
			.map_err(|_| JsError::new("notAnIdentity"))?;
		let first_page = (holder, None::<CertificateId>);
		let signature = sign_query(&self.signing, CERTIFICATES_OF, &first_page, now as u64, None);
		Ok(serde_json::to_string(&signature).expect("a signature serializes"))
	}

	/// [`HolderKey::holder_file`] for JavaScript: the file's JSON.
	#[wasm_bindgen(js_name = holderFile)]
	pub fn holder_file_js(&self, certificate_type: &str, answer: &str) -> Result<String, JsError> {
		let file = self.holder_file(certificate_type, answer).map_err(JsError::new)?;
		Ok(serde_json::to_string(&file).expect("a holder file serializes"))
	}
}

/// The W3C Verifiable Credential of the holder's certificate file `text`:
/// `issuer` is the main node's `ecert_issuer` answer for its issuer, and
/// `proof` the certificate's portable proof.
pub fn credential_of(text: &str, issuer: &str, proof: &[u8]) -> Result<Value, String> {
	let file = open_holder_file(text)?;
	let issuer: Value =
		serde_json::from_str(issuer).map_err(|_| "the main node's answer is not JSON")?;
	let issuer_id: IdentityId = serde_json::from_value(issuer["identity"].clone())
		.map_err(|_| "the main node gave no issuer identity")?;
	let decoded = CertificateProof::from_bytes(proof)
		.map_err(|error| format!("the side node's proof does not decode: {error}"))?;
	if *decoded.certificate() != file.certificate_id {
		return Err("the side node's proof is of another certificate".into());
	}
	Ok(credential(&file, &issuer_id, &issuer["name"], &decoded.record(), proof))
}

/// [`credential_of`] for JavaScript: the credential's JSON, pretty.
#[wasm_bindgen(js_name = credential)]
pub fn credential_js(text: &str, issuer: &str, proof: &[u8]) -> Result<String, JsError> {
	let credential = credential_of(text, issuer, proof).map_err(|error| JsError::new(&error))?;
	Ok(serde_json::to_string_pretty(&credential).expect("a credential serializes"))
}

/// Checks a W3C Verifiable Credential's text against `checkpoint` (JSON)
/// at `now` (`Date.now()`): the report's JSON, or why it does not hold.
#[wasm_bindgen(js_name = verifyCredential)]
pub fn verify_credential_js(text: &str, checkpoint: &str, now: f64) -> Result<String, JsError> {
	let credential: Value =
		serde_json::from_str(text).map_err(|_| JsError::new("this file is not a credential"))?;
	let checkpoint: MainCheckpoint =
		serde_json::from_str(checkpoint).map_err(|error| JsError::new(&error.to_string()))?;
	let report = verify_credential(&credential, &checkpoint, now.max(0.0) as u64)
		.map_err(|error| JsError::new(&error.to_string()))?;
	Ok(serde_json::to_string(&report).expect("a report serializes"))
}

/// [`verdict`] for JavaScript: `now` is `Date.now()`; the answer is the
/// verdict's JSON.
#[wasm_bindgen(js_name = verifyProof)]
pub fn verify_proof(proof: &[u8], checkpoint: &str, now: f64) -> String {
	let verdict = verdict(proof, checkpoint, now.max(0.0) as u64);
	serde_json::to_string(&verdict).expect("a verdict serializes")
}

/// [`checkpoint_from_answers`] for JavaScript: the checkpoint's JSON, or
/// an error in words.
#[wasm_bindgen(js_name = checkpointFromAnswers)]
pub fn checkpoint_from_answers_js(
	genesis_hash: &str,
	authorities: &str,
	set_id: &str,
) -> Result<String, JsError> {
	let checkpoint = checkpoint_from_answers(genesis_hash, authorities, set_id)
		.map_err(|error| JsError::new(&error))?;
	Ok(serde_json::to_string(&checkpoint).expect("a checkpoint serializes"))
}

/// A checkpoint file's text, checked: the checkpoint's JSON, or why it is
/// not one.
#[wasm_bindgen(js_name = readCheckpoint)]
pub fn read_checkpoint(text: &str) -> Result<String, JsError> {
	let checkpoint: MainCheckpoint =
		serde_json::from_str(text).map_err(|error| JsError::new(&error.to_string()))?;
	Ok(serde_json::to_string(&checkpoint).expect("a checkpoint serializes"))
}

/// The bytes of a proof pasted as text: hex, with or without `0x`, spaces
/// and line breaks allowed.
#[wasm_bindgen(js_name = proofFromText)]
pub fn proof_from_text(text: &str) -> Result<Vec<u8>, JsError> {
	let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
	hex::decode(digits.trim_start_matches("0x"))
		.map_err(|_| JsError::new("the text is not a proof: a proof is pasted as hexadecimal"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use ecert_primitives::{
		commitment,
		proof_fixtures::{main_checkpoint, sample_proof},
		SaltedField,
	};

	/// A name and a school, salted with `salt` repeated.
	fn name_and_school(salt: u8) -> Vec<SaltedField> {
		["name", "school"]
			.iter()
			.map(|name| SaltedField {
				name: (*name).into(),
				value: format!("{name} value"),
				salt: H256::repeat_byte(salt),
			})
			.collect()
	}

	/// A holder's file of a diploma with `fields`.
	fn holder_file_text(fields: &[SaltedField]) -> String {
		json!({
			"version": 1,
			"certificateId": CertificateId(H256::repeat_byte(7)),
			"certificateType": "diploma",
			"issuer": "NTU",
			"holder": IdentityId(H256::repeat_byte(8)),
			"fields": fields,
			"commitment": commitment(fields),
			"receipt": { "txHash": "0x00" },
		})
		.to_string()
	}

	fn checkpoint_json(validators: u16) -> String {
		serde_json::to_string(&main_checkpoint(validators)).unwrap()
	}

	#[test]
	fn a_genuine_proof_is_proven_with_its_status_now() {
		let proof = sample_proof(1_000, 3, 4).to_bytes();
		// In 2027: after the sample's valid_from (2026), before its valid_until.
		let verdict = verdict(&proof, &checkpoint_json(4), 1_800_000_000_000);
		let Verdict::Proven { status, certificate_type, age_ms, .. } = &verdict else {
			panic!("{verdict:?}")
		};
		assert_eq!(*status, VerificationStatus::Valid);
		assert!(certificate_type.is_some());
		assert!(*age_ms > 0);
		let json: serde_json::Value =
			serde_json::from_str(&verify_proof(&proof, &checkpoint_json(4), 0.0)).unwrap();
		assert_eq!(json["outcome"], "proven");
		assert_eq!(json["status"], "notYetValid", "at time 0 it is not valid yet");
	}

	#[test]
	fn a_document_is_checked_against_the_proven_record() {
		// The sample certificate has no document: no file is its document.
		let proof = sample_proof(10, 0, 4).to_bytes();
		let refused = document_matches(&proof, &checkpoint_json(4), b"%PDF").unwrap_err();
		assert!(refused.contains("no document"), "{refused}");
		let json: serde_json::Value =
			serde_json::from_str(&document_matches_js(&proof, &checkpoint_json(4), b"%PDF"))
				.unwrap();
		assert_eq!(json["matches"], false);
		// Nor does a forged proof vouch for any file.
		let mut forged = proof.clone();
		let middle = forged.len() / 2;
		forged[middle] ^= 1;
		assert!(document_matches(&forged, &checkpoint_json(4), b"%PDF").is_err());
	}

	#[test]
	fn a_changed_byte_or_another_authority_set_is_forged() {
		let mut proof = sample_proof(1_000, 3, 4).to_bytes();
		assert!(matches!(
			verdict(&proof, &checkpoint_json(16), 0),
			Verdict::Forged { reason: "notFinalized", .. }
		));
		let middle = proof.len() / 2;
		proof[middle] ^= 1;
		assert!(matches!(verdict(&proof, &checkpoint_json(4), 0), Verdict::Forged { .. }));
		assert!(matches!(
			verdict(&proof[..10], &checkpoint_json(4), 0),
			Verdict::Forged { reason: "undecodable", .. }
		));
	}

	#[test]
	fn another_networks_checkpoint_and_a_broken_one_are_told_apart() {
		let proof = sample_proof(10, 0, 4).to_bytes();
		let mut other = main_checkpoint(4);
		other.genesis_hash = H256::repeat_byte(9);
		let other = serde_json::to_string(&other).unwrap();
		assert!(matches!(verdict(&proof, &other, 0), Verdict::OtherNetwork { .. }));
		assert!(matches!(verdict(&proof, "{}", 0), Verdict::BadCheckpoint { .. }));
	}

	#[test]
	fn a_checkpoint_is_built_from_a_main_nodes_answers() {
		let expected = main_checkpoint(4);
		let hex = |bytes: Vec<u8>| format!("0x{}", hex::encode(bytes));
		let built = checkpoint_from_answers(
			&format!("{:?}", expected.genesis_hash),
			&hex(expected.authorities.encode()),
			&hex(expected.set_id.encode()),
		)
		.unwrap();
		assert_eq!(built, expected);
		assert!(checkpoint_from_answers("0x12", "0x", "0x").unwrap_err().contains("32"));
	}

	#[test]
	fn a_disclosure_is_checked_field_by_field_against_the_commitment() {
		let fields: Vec<SaltedField> = ["name", "school"]
			.iter()
			.enumerate()
			.map(|(i, name)| SaltedField {
				name: (*name).into(),
				value: format!("value {i}"),
				salt: H256::repeat_byte(i as u8 + 1),
			})
			.collect();
		let disclosure = Disclosure::of(
			CertificateId(H256::repeat_byte(7)),
			"diploma".parse().unwrap(),
			"NTU".parse().unwrap(),
			&fields,
			["school", "name"],
		)
		.unwrap();
		let text = serde_json::to_string(&disclosure).unwrap();
		let commitment = ecert_primitives::commitment(&fields);
		let check = check_disclosure(&read_disclosure(&text).unwrap(), &commitment);
		assert!(check.all_match);
		assert_eq!(check.fields[0].name, "school");
		let changed = read_disclosure(&text.replace("value 1", "value 9")).unwrap();
		let check = check_disclosure(&changed, &commitment);
		assert!(!check.all_match);
		assert_eq!((check.fields[0].matches, check.fields[1].matches), (false, true));
		assert!(read_disclosure("{}").is_err());
	}

	#[test]
	fn a_holder_file_opens_only_if_its_fields_match_its_commitment() {
		let fields = name_and_school(3);
		let file = holder_file_text(&fields);
		assert_eq!(open_holder_file(&file).unwrap().fields, fields);
		let changed = file.replace("school value", "other school");
		assert!(open_holder_file(&changed).unwrap_err().contains("was changed"));
	}

	#[test]
	fn the_keystore_opens_the_fields_sealed_to_the_holder() {
		use ecert_primitives::{keystore::StoredAccount, sealed::seal_fields};
		let secret = "0x0202020202020202020202020202020202020202020202020202020202020202";
		let mut keystore = Keystore::default();
		let account =
			StoredAccount::new("chen", "5Chen".into(), "0x00".into(), secret, Some("horse"))
				.unwrap();
		keystore.add(account).unwrap();
		let text = keystore.to_json();
		let listed: Value = serde_json::from_str(&keystore_accounts(&text).unwrap()).unwrap();
		assert_eq!(listed, json!([{ "name": "chen", "address": "5Chen", "encrypted": true }]));
		assert_eq!(unlock(&text, "chen", "mule").err(), Some("wrongPassphrase"));
		assert_eq!(unlock(&text, "chen", "").err(), Some("passphraseNeeded"));
		assert_eq!(unlock(&text, "lee", "horse").err(), Some("noSuchAccount"));
		assert_eq!(unlock("[]", "chen", "horse").err(), Some("notAKeystore"));
		let key = unlock(&text, "chen", "horse").unwrap();
		assert_eq!(key.address(), "5Chen");

		let fields = name_and_school(5);
		let answer = |sealed: &[u8], commitment: H256| {
			json!({
				"certificateId": CertificateId(H256::repeat_byte(7)),
				"issuer": "NTU",
				"record": { "holder": IdentityId(H256::repeat_byte(8)), "commitment": commitment },
				"encryptedPayload": format!("0x{}", hex::encode(sealed)),
				"location": { "blockNumber": 12, "blockHash": null, "txHash": H256::repeat_byte(1), "txIndex": 1 },
			})
			.to_string()
		};
		let sealed = seal_fields(&KeyAgreementPair::from_seed(secret).public(), &fields);
		let file = key.holder_file("diploma", &answer(&sealed, commitment(&fields))).unwrap();
		assert_eq!(file.fields, fields);
		assert!(file.opens_commitment());
		assert_eq!(file.receipt["blockNumber"], 12);
		assert_eq!(
			key.holder_file("diploma", &answer(&sealed, H256::repeat_byte(1))).err(),
			Some("notCommitted")
		);
		let to_someone_else = seal_fields(&KeyAgreementPair::from_seed("//Eve").public(), &fields);
		assert_eq!(
			key.holder_file("diploma", &answer(&to_someone_else, commitment(&fields))).err(),
			Some("notForThisKey")
		);
	}

	#[test]
	fn a_credential_needs_the_proof_of_its_own_certificate() {
		let proof = sample_proof(4, 0, 4).to_bytes();
		let file = holder_file_text(&[]);
		let issuer = json!({ "identity": IdentityId(H256::repeat_byte(9)), "name": "NTU" });
		assert_eq!(
			credential_of(&file, &issuer.to_string(), &proof).unwrap_err(),
			"the side node's proof is of another certificate"
		);
		assert!(credential_of(&file, "{}", &proof).unwrap_err().contains("issuer identity"));
	}

	#[test]
	fn a_qr_code_holds_up_to_2953_bytes() {
		let (width, dark) = qr_modules(&[7; 2_953]).unwrap();
		assert_eq!(width, 177, "version 40");
		assert_eq!(dark.len(), 177 * 177);
		assert!(qr_modules(&[7; 2_954]).is_err());
	}

	#[test]
	fn a_pasted_proof_is_hex_with_spaces_allowed() {
		assert_eq!(proof_from_text("0x01 02\n0a").unwrap(), vec![1, 2, 10]);
		assert_eq!(proof_from_text("0a0b").unwrap(), vec![10, 11]);
	}
}

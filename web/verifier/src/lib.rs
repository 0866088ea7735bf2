//! ecert's portable-proof verifier in the browser.
//!
//! The web app checks a proof with this crate compiled to WebAssembly
//! (`scripts/build-web.sh`): the very code of `ecert-primitives` that the
//! CLI and the main runtime run ([`verify_certificate_proof`] and the
//! status rule [`VerificationStatus::of_record`]), never a copy in
//! JavaScript. Answers cross into JavaScript as JSON text.

use codec::Decode;
use ecert_primitives::{
	verify_certificate_proof, CertificateId, CertificateProof, GrandpaAuthorities, IdentityId,
	MainCheckpoint, ProofError, VerificationStatus,
};
use serde::Serialize;
use sp_core::H256;
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
	use ecert_primitives::proof_fixtures::{main_checkpoint, sample_proof};

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
	fn a_pasted_proof_is_hex_with_spaces_allowed() {
		assert_eq!(proof_from_text("0x01 02\n0a").unwrap(), vec![1, 2, 10]);
		assert_eq!(proof_from_text("0a0b").unwrap(), vec![10, 11]);
	}
}

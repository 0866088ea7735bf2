//! A certificate as a W3C Verifiable Credential (Data Model 2.0), with the
//! DID documents of its issuer and holder, and its offline check: one
//! implementation for the CLI (`ecert vc`) and the holder's wallet.
//!
//! Identities are named `did:ecert:<identity id>`. The credential's proof
//! section is ecert's own ([`PROOF_TYPE`]): the fields' salts, the
//! commitment they open, where the certificate was issued, and the portable
//! proof that anchors the certificate's record in the main chain. Checking
//! it needs nothing but the credential and a main-chain checkpoint.

use crate::{
	commitment, iso8601, verify_certificate_proof, BlockNumber, CertificateProof,
	CertificateRecord, CertificateTypeId, HolderFile, IdentityId, MainCheckpoint, SaltedField,
	VerificationStatus,
};
use alloc::{
	format,
	string::{String, ToString},
	vec,
	vec::Vec,
};
use core::fmt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sp_core::H256;

/// The W3C credentials context, version 2.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The proof type of an ecert credential.
pub const PROOF_TYPE: &str = "EcertAnchoredCommitment";

/// `did:ecert:<identity id>`.
pub fn did(id: &IdentityId) -> String {
	format!("did:ecert:{:?}", id.0)
}

/// A public key as multibase (base58btc) of its multicodec-prefixed bytes.
pub fn multibase(codec: [u8; 2], key: &[u8]) -> String {
	let mut bytes = codec.to_vec();
	bytes.extend_from_slice(key);
	format!("z{}", bs58::encode(bytes).into_string())
}

/// The DID document of identity `id`, from its main-chain record as
/// `ecert_identity` gives it.
pub fn did_document(id: &IdentityId, record: &Value) -> Value {
	let did = did(id);
	let mut methods = Vec::new();
	if let Some((scheme, key)) = record["keys"]["signing"].as_object().and_then(|k| k.iter().next())
	{
		// The signing key comes as an SS58 address.
		let raw = key
			.as_str()
			.and_then(|address| {
				use sp_core::crypto::Ss58Codec;
				sp_core::sr25519::Public::from_ss58check(address).ok()
			})
			.map(|public| public.0.to_vec())
			.unwrap_or_default();
		let codec = if scheme == "ed25519" { [0xed, 0x01] } else { [0xef, 0x01] };
		methods.push(json!({
			"id": format!("{did}#signing"),
			"type": "Multikey",
			"controller": did,
			"publicKeyMultibase": multibase(codec, &raw),
		}));
	}
	let agreement = record["keys"]["keyAgreement"]
		.as_str()
		.and_then(|key| hex::decode(key.trim_start_matches("0x")).ok())
		.unwrap_or_default();
	json!({
		"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
		"id": did,
		"verificationMethod": methods,
		"assertionMethod": [format!("{did}#signing")],
		"authentication": [format!("{did}#signing")],
		"keyAgreement": [{
			"id": format!("{did}#key-agreement"),
			"type": "Multikey",
			"controller": did,
			"publicKeyMultibase": multibase([0xec, 0x01], &agreement),
		}],
		"ecert": { "account": record["account"], "role": record["role"], "status": record["status"] },
	})
}

/// The id of the credential of the holder's `certificate`: a URN of its
/// type and certificate id.
pub fn credential_id<Receipt>(certificate: &HolderFile<Receipt>) -> String {
	format!(
		"urn:ecert:{}:{:?}",
		certificate.certificate_type.as_str(),
		certificate.certificate_id.0
	)
}

/// The credential of the holder's `certificate`, issued by `issuer_id`
/// (named `issuer_name`), whose record and anchoring the portable `proof`
/// (the bytes of `record`'s proof) carries.
pub fn credential<Receipt: Serialize>(
	certificate: &HolderFile<Receipt>,
	issuer_id: &IdentityId,
	issuer_name: &Value,
	record: &CertificateRecord<BlockNumber>,
	proof: &[u8],
) -> Value {
	let fields: Map<String, Value> =
		certificate.fields.iter().map(|field| (field.name.clone(), json!(field.value))).collect();
	let salts: Map<String, Value> =
		certificate.fields.iter().map(|field| (field.name.clone(), json!(field.salt))).collect();
	let order: Vec<&str> = certificate.fields.iter().map(|field| field.name.as_str()).collect();
	let id = credential_id(certificate);
	let name = certificate.fields.first().map(|field| field.value.as_str()).unwrap_or_default();
	let mut credential = json!({
		"@context": [CREDENTIALS_V2],
		"id": id,
		"type": ["VerifiableCredential", "EcertCertificate"],
		"name": format!("{} {}", certificate.certificate_type.as_str(), name),
		"issuer": {
			"id": did(issuer_id),
			"name": issuer_name,
			"orgCode": certificate.issuer,
		},
		"validFrom": iso8601(record.valid_from),
		"credentialSubject": {
			"id": did(&certificate.holder),
			"certificateType": certificate.certificate_type,
			"fields": fields,
		},
		"credentialStatus": {
			"id": format!("{id}#status"),
			"type": "EcertChainStatus",
			"chain": certificate.certificate_type,
			"certificateId": certificate.certificate_id,
		},
		"proof": {
			"type": PROOF_TYPE,
			"proofPurpose": "assertionMethod",
			"verificationMethod": format!("{}#signing", did(issuer_id)),
			"certificateId": certificate.certificate_id,
			"commitment": certificate.commitment,
			"salts": salts,
			"fieldOrder": order,
			"issuance": certificate.receipt,
			"portableProof": format!("0x{}", hex::encode(proof)),
		},
	});
	if let Some(until) = record.valid_until {
		credential["validUntil"] = json!(iso8601(until));
	}
	credential
}

/// What a credential that holds proves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialReport {
	/// The credential's id.
	pub id: Value,
	/// The certificate's status now, from its proven record.
	pub status: VerificationStatus,
	/// The issuer's organisation code.
	pub issuer: crate::OrgCode,
	/// The holder's DID.
	pub holder: String,
	/// The certificate's id.
	pub certificate_id: crate::CertificateId,
	/// When the side chain held the record as proven.
	pub status_as_of: String,
	/// The finalized main-chain block that anchors it.
	pub main_block_number: BlockNumber,
	/// That block's hash.
	pub main_block_hash: H256,
}

/// Why a credential was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialError {
	/// Not a W3C Verifiable Credential 2.0.
	NotACredential,
	/// A credential, but not with an ecert proof.
	NotAnEcertProof,
	/// An ecert credential that does not hold, and why.
	DoesNotHold(String),
}

impl fmt::Display for CredentialError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			CredentialError::NotACredential => f.write_str("not a W3C Verifiable Credential 2.0"),
			CredentialError::NotAnEcertProof => {
				f.write_str("the credential's proof is not an ecert proof")
			},
			CredentialError::DoesNotHold(why) => write!(f, "the credential does not hold: {why}"),
		}
	}
}

/// Checks `credential` offline against `checkpoint` at time `now` (Unix
/// ms): its fields open the commitment, its portable proof holds and proves
/// that commitment for that certificate, issuer and holder. The proven
/// status is in the report, whatever it is.
pub fn verify_credential(
	credential: &Value,
	checkpoint: &MainCheckpoint,
	now: crate::Moment,
) -> Result<CredentialReport, CredentialError> {
	let not_valid = |why: &str| CredentialError::DoesNotHold(why.to_string());
	if credential["@context"][0] != CREDENTIALS_V2
		|| !credential["type"]
			.as_array()
			.is_some_and(|t| t.contains(&json!("VerifiableCredential")))
	{
		return Err(CredentialError::NotACredential);
	}
	let proof = &credential["proof"];
	if proof["type"] != PROOF_TYPE {
		return Err(CredentialError::NotAnEcertProof);
	}
	let subject = &credential["credentialSubject"];
	serde_json::from_value::<CertificateTypeId>(subject["certificateType"].clone())
		.map_err(|_| not_valid("no certificate type"))?;
	// The leaves commit to each field's position and name, so an order
	// other than the issuer's does not open the commitment.
	let order = proof["fieldOrder"].as_array().ok_or_else(|| not_valid("no field order"))?;
	let fields = order
		.iter()
		.map(|name| {
			let name = name.as_str().ok_or_else(|| not_valid("a field name is not text"))?;
			let value =
				subject["fields"][name].as_str().ok_or_else(|| not_valid("a field is missing"))?;
			let salt = serde_json::from_value(proof["salts"][name].clone())
				.map_err(|_| not_valid("a salt is missing"))?;
			Ok(SaltedField { name: name.into(), value: value.into(), salt })
		})
		.collect::<Result<Vec<_>, CredentialError>>()?;
	let claimed: H256 = serde_json::from_value(proof["commitment"].clone())
		.map_err(|_| not_valid("no commitment"))?;
	if commitment(&fields) != claimed {
		return Err(not_valid("the fields do not open the commitment"));
	}
	let bytes =
		hex::decode(proof["portableProof"].as_str().unwrap_or_default().trim_start_matches("0x"))
			.map_err(|_| not_valid("the portable proof is not hex"))?;
	let decoded = CertificateProof::from_bytes(&bytes).map_err(|error| {
		CredentialError::DoesNotHold(format!("the portable proof does not decode: {error}"))
	})?;
	let proven = verify_certificate_proof(&decoded, checkpoint).map_err(|error| {
		CredentialError::DoesNotHold(format!("the portable proof does not hold: {error}"))
	})?;
	let holder = did(&proven.record.holder);
	if json!(proven.certificate) != proof["certificateId"]
		|| proven.record.commitment != claimed
		|| json!(proven.record.issuer) != credential["issuer"]["orgCode"]
		|| subject["id"] != json!(holder)
	{
		return Err(not_valid("the portable proof is about another certificate, issuer or holder"));
	}
	Ok(CredentialReport {
		id: credential["id"].clone(),
		status: proven.status_at(now),
		issuer: proven.record.issuer.clone(),
		holder,
		certificate_id: proven.certificate,
		status_as_of: iso8601(proven.side_time),
		main_block_number: proven.main_block.0,
		main_block_hash: proven.main_block.1,
	})
}

/// The issuer's and holder's DID documents, in that order, from their
/// `ecert_identity` records.
pub fn did_documents(issuer: (&IdentityId, &Value), holder: (&IdentityId, &Value)) -> Value {
	Value::Array(vec![did_document(issuer.0, issuer.1), did_document(holder.0, holder.1)])
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn keys_are_multibase_with_their_multicodec() {
		// An X25519 key of 32 zero bytes: 0xec01 then the key, base58btc.
		let encoded = multibase([0xec, 0x01], &[0u8; 32]);
		assert!(encoded.starts_with("z6LS"), "{encoded}");
		let decoded = bs58::decode(&encoded[1..]).into_vec().unwrap();
		assert_eq!(&decoded[..2], &[0xec, 0x01]);
		assert_eq!(decoded.len(), 34);
	}

	#[test]
	fn a_credential_holds_only_for_the_record_its_proof_anchors() {
		use crate::proof_fixtures::{main_checkpoint, sample_id, sample_proof, SAMPLE_TIME};
		let proof = sample_proof(4, 1, 4);
		let record = proof.record();
		let fields: Vec<SaltedField> = ["certificate_number", "name", "school"]
			.iter()
			.map(|name| SaltedField {
				name: (*name).into(),
				value: "x".into(),
				salt: H256::repeat_byte(7),
			})
			.collect();
		let file = HolderFile::new(
			sample_id(0),
			"diploma".parse().unwrap(),
			record.issuer.clone(),
			record.holder,
			fields,
			json!({ "blockNumber": 1 }),
		);
		let issuer = IdentityId(H256::repeat_byte(9));
		let credential = credential(&file, &issuer, &json!("NTU"), &record, &proof.to_bytes());
		assert_eq!(credential["credentialSubject"]["id"], json!(did(&record.holder)));
		assert_eq!(credential["proof"]["commitment"], json!(file.commitment));

		// The fields open the credential's commitment, but the proof anchors
		// another one.
		let checkpoint = main_checkpoint(4);
		assert_eq!(
			verify_credential(&credential, &checkpoint, SAMPLE_TIME),
			Err(CredentialError::DoesNotHold(
				"the portable proof is about another certificate, issuer or holder".into()
			))
		);
		let mut changed = credential.clone();
		changed["credentialSubject"]["fields"]["name"] = json!("y");
		assert_eq!(
			verify_credential(&changed, &checkpoint, SAMPLE_TIME),
			Err(CredentialError::DoesNotHold("the fields do not open the commitment".into()))
		);
		assert_eq!(
			verify_credential(&json!({}), &checkpoint, SAMPLE_TIME),
			Err(CredentialError::NotACredential)
		);
	}
}

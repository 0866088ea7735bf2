//! `ecert vc`: a certificate as a W3C Verifiable Credential (Data Model
//! 2.0), with DID documents for its issuer and holder, and its offline
//! check.
//!
//! Identities are named `did:ecert:<identity id>`. The credential's proof
//! section is ecert's own (`EcertAnchoredCommitment`): the fields' salts,
//! the commitment they open, where the certificate was issued, and the
//! portable proof that anchors the certificate's record in the main chain.
//! `vc verify` needs nothing but the file and a main-chain checkpoint.

use super::proof::{read, read_checkpoint, status_now, write};
use crate::{
	chain,
	context::Context,
	error::CliError,
	holder_file::{HolderCertificate, HolderFileIo},
};
use clap::Subcommand;
use ecert_primitives::{
	commitment, known_schema, verify_certificate_proof, CertificateProof, CertificateTypeId,
	IdentityId, SaltedField,
};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// The W3C credentials context, version 2.
const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The proof type of an ecert credential.
const PROOF_TYPE: &str = "EcertAnchoredCommitment";

#[derive(Subcommand, Debug)]
pub enum VcCommand {
	/// Export a certificate, from the holder's file, as a W3C Verifiable
	/// Credential 2.0, with the DID documents of its issuer and holder
	/// (read from the main chain) and its portable proof.
	///
	/// Example: ecert vc export NTU-2026-0001.ecert.json --out diploma.vc.json
	Export {
		/// The holder's certificate file.
		file: PathBuf,
		/// Where to write the credential.
		#[arg(long, value_name = "FILE", default_value = "credential.json")]
		out: PathBuf,
		/// Where to write the issuer's and holder's DID documents
		/// [default: <out>.dids.json].
		#[arg(long, value_name = "FILE")]
		dids: Option<PathBuf>,
		/// A portable proof file to embed; fetched from the side node if
		/// absent.
		#[arg(long, value_name = "FILE")]
		proof: Option<PathBuf>,
	},
	/// Verify a credential offline against a main-chain checkpoint: its
	/// fields open the commitment, its portable proof holds and proves that
	/// commitment for that certificate, issuer and holder, and the proven
	/// status is valid. Exits with 5 if not.
	///
	/// Example: ecert vc verify diploma.vc.json --checkpoint main-checkpoint.json
	Verify {
		/// The credential.
		file: PathBuf,
		/// The main-chain checkpoint you trust (`ecert proof checkpoint`).
		#[arg(long, value_name = "FILE", default_value = "main-checkpoint.json")]
		checkpoint: PathBuf,
	},
}

pub fn run(context: &Context, command: VcCommand) -> Result<(), CliError> {
	match command {
		VcCommand::Export { file, out, dids, proof } => {
			let certificate = HolderCertificate::load(&file)?;
			let main = context.main_node_beside();
			let issuer = chain::read(&main, "ecert_issuer", json!([certificate.issuer]))?;
			let issuer_id: IdentityId = serde_json::from_value(issuer["identity"].clone())
				.map_err(|_| CliError::network("the main node gave no issuer identity", ""))?;
			let issuer_identity = identity(&main, &issuer_id)?;
			let holder_identity = identity(&main, &certificate.holder)?;
			let proof_bytes = match proof {
				Some(path) => read(&path)?,
				None => {
					let node = context.side_node(&certificate.certificate_type)?;
					let answer = chain::read(
						&node,
						"ecert_certificateProof",
						json!([certificate.certificate_id]),
					)?;
					hex::decode(
						answer["proof"].as_str().unwrap_or_default().trim_start_matches("0x"),
					)
					.map_err(|_| CliError::network("the node's proof is not hex", ""))?
				},
			};
			let decoded = CertificateProof::from_bytes(&proof_bytes)
				.map_err(|error| CliError::input(format!("not a portable proof: {error}"), ""))?;
			let credential =
				credential(&certificate, &issuer, &issuer_id, decoded.record(), &proof_bytes);
			let documents = json!([
				did_document(&issuer_id, &issuer_identity),
				did_document(&certificate.holder, &holder_identity)
			]);
			let dids = dids.unwrap_or_else(|| out.with_extension("dids.json"));
			write(&out, serde_json::to_string_pretty(&credential).expect("JSON").as_bytes())?;
			write(&dids, serde_json::to_string_pretty(&documents).expect("JSON").as_bytes())?;
			context.emit(
				json!({
					"credential": out.display().to_string(),
					"didDocuments": dids.display().to_string(),
					"id": credential["id"],
				}),
				|| {
					format!(
						"credential {} written to {}; DID documents of {} and {} in {}",
						credential["id"].as_str().unwrap_or("-"),
						out.display(),
						did(&issuer_id),
						did(&certificate.holder),
						dids.display()
					)
				},
			);
			Ok(())
		},
		VcCommand::Verify { file, checkpoint } => {
			let checkpoint = read_checkpoint(&checkpoint)?;
			let text = read(&file)?;
			let credential: Value = serde_json::from_slice(&text).map_err(|error| {
				CliError::input(format!("{} is not JSON: {error}", file.display()), "")
			})?;
			let report = verify(&credential, &checkpoint)?;
			let status = report["status"].as_str().unwrap_or("unknown").to_owned();
			context.emit(report.clone(), || {
				format!(
					"the credential holds: {} issued by {} to {}\n  status {status}, proven at \
					 main block #{}",
					report["id"].as_str().unwrap_or("-"),
					report["issuer"].as_str().unwrap_or("-"),
					report["holder"].as_str().unwrap_or("-"),
					report["mainBlockNumber"],
				)
			});
			match status.as_str() {
				"valid" => Ok(()),
				other => Err(CliError::not_valid(format!(
					"the credential holds, but the certificate is {other}"
				))),
			}
		},
	}
}

/// `did:ecert:<identity id>`.
fn did(id: &IdentityId) -> String {
	format!("did:ecert:{:?}", id.0)
}

/// An identity's record on the main chain.
fn identity(main: &ecert_client::Rpc, id: &IdentityId) -> Result<Value, CliError> {
	chain::read(main, "ecert_identity", json!([format!("{:?}", id.0)]))
}

/// A public key as multibase (base58btc) of its multicodec-prefixed bytes.
fn multibase(codec: [u8; 2], key: &[u8]) -> String {
	let mut bytes = codec.to_vec();
	bytes.extend_from_slice(key);
	format!("z{}", bs58::encode(bytes).into_string())
}

/// The DID document of identity `id`, from its main-chain record.
fn did_document(id: &IdentityId, record: &Value) -> Value {
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

fn credential(
	certificate: &HolderCertificate,
	issuer: &Value,
	issuer_id: &IdentityId,
	record: &ecert_primitives::CertificateRecord<ecert_primitives::BlockNumber>,
	proof: &[u8],
) -> Value {
	let fields: Map<String, Value> =
		certificate.fields.iter().map(|field| (field.name.clone(), json!(field.value))).collect();
	let salts: Map<String, Value> =
		certificate.fields.iter().map(|field| (field.name.clone(), json!(field.salt))).collect();
	let id = format!(
		"urn:ecert:{}:{:?}",
		certificate.certificate_type.as_str(),
		certificate.certificate_id.0
	);
	let mut credential = json!({
		"@context": [CREDENTIALS_V2],
		"id": id,
		"type": ["VerifiableCredential", "EcertCertificate"],
		"name": format!("{} {}", certificate.certificate_type.as_str(), certificate.fields[0].value),
		"issuer": {
			"id": did(issuer_id),
			"name": issuer["name"],
			"orgCode": certificate.issuer,
		},
		"validFrom": chain::iso8601(record.valid_from),
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
			"issuance": certificate.receipt,
			"portableProof": format!("0x{}", hex::encode(proof)),
		},
	});
	if let Some(until) = record.valid_until {
		credential["validUntil"] = json!(chain::iso8601(until));
	}
	credential
}

/// Checks `credential` offline; gives what it proves.
fn verify(
	credential: &Value,
	checkpoint: &ecert_primitives::MainCheckpoint,
) -> Result<Value, CliError> {
	let not_valid =
		|what: &str| CliError::not_valid(format!("the credential does not hold: {what}"));
	if credential["@context"][0] != CREDENTIALS_V2
		|| !credential["type"]
			.as_array()
			.is_some_and(|t| t.contains(&json!("VerifiableCredential")))
	{
		return Err(CliError::input(
			"not a W3C Verifiable Credential 2.0",
			"give the file `ecert vc export` wrote",
		));
	}
	let proof = &credential["proof"];
	if proof["type"] != PROOF_TYPE {
		return Err(CliError::input("the credential's proof is not an ecert proof", ""));
	}
	let subject = &credential["credentialSubject"];
	let certificate_type: CertificateTypeId =
		serde_json::from_value(subject["certificateType"].clone())
			.map_err(|_| not_valid("no certificate type"))?;
	let schema = known_schema(&certificate_type).ok_or_else(|| not_valid("unknown type"))?;
	let fields = schema
		.fields
		.iter()
		.map(|name| {
			let value =
				subject["fields"][*name].as_str().ok_or_else(|| not_valid("a field is missing"))?;
			let salt = serde_json::from_value(proof["salts"][*name].clone())
				.map_err(|_| not_valid("a salt is missing"))?;
			Ok(SaltedField { name: (*name).into(), value: value.into(), salt })
		})
		.collect::<Result<Vec<_>, CliError>>()?;
	let claimed = chain::hash(proof["commitment"].as_str().unwrap_or_default(), "commitment")?;
	if commitment(&fields) != claimed {
		return Err(not_valid("the fields do not open the commitment"));
	}
	let bytes =
		hex::decode(proof["portableProof"].as_str().unwrap_or_default().trim_start_matches("0x"))
			.map_err(|_| not_valid("the portable proof is not hex"))?;
	let decoded = CertificateProof::from_bytes(&bytes)
		.map_err(|error| not_valid(&format!("the portable proof does not decode: {error}")))?;
	let proven = verify_certificate_proof(&decoded, checkpoint)
		.map_err(|error| not_valid(&format!("the portable proof does not hold: {error}")))?;
	let holder = format!("did:ecert:{:?}", proven.record.holder.0);
	if json!(proven.certificate) != proof["certificateId"]
		|| proven.record.commitment != claimed
		|| json!(proven.record.issuer) != credential["issuer"]["orgCode"]
		|| subject["id"] != json!(holder)
	{
		return Err(not_valid("the portable proof is about another certificate, issuer or holder"));
	}
	let status = status_now(&proven, chain::now_ms());
	Ok(json!({
		"id": credential["id"],
		"status": status,
		"issuer": proven.record.issuer,
		"holder": holder,
		"certificateId": proven.certificate,
		"statusAsOf": chain::iso8601(proven.side_time),
		"mainBlockNumber": proven.main_block.0,
		"mainBlockHash": proven.main_block.1,
	}))
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
}

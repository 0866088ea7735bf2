//! `ecert vc`: a certificate as a W3C Verifiable Credential (Data Model
//! 2.0), with DID documents for its issuer and holder, and its offline
//! check.
//!
//! Identities are named `did:ecert:<identity id>`. The credential's proof
//! section is ecert's own (`EcertAnchoredCommitment`): the fields' salts,
//! the commitment they open, where the certificate was issued, and the
//! portable proof that anchors the certificate's record in the main chain.
//! `vc verify` needs nothing but the file and a main-chain checkpoint. The
//! format and its check are `ecert_primitives::credential`, which the
//! wallet in the browser shares.

use super::proof::{read, read_checkpoint, write};
use crate::{
	chain,
	context::Context,
	error::CliError,
	holder_file::{HolderCertificate, HolderFileIo},
};
use clap::Subcommand;
use ecert_cli::output::CredentialExported;
use ecert_client::api::{CertificateQuery, MainChainApiClient, SideChainApiClient};
use ecert_primitives::{
	credential::{
		credential, credential_id, did, did_documents, verify_credential, CredentialError,
	},
	CertificateProof, IdentityId, VerificationStatus,
};
use serde_json::{json, Value};
use std::path::PathBuf;

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
			let org_code = certificate.issuer.to_string();
			let issuer = chain::read(&main, move |api| api.issuer(org_code, None))?;
			let issuer_id = issuer.record.identity;
			let issuer_identity = identity(&main, &issuer_id)?;
			let holder_identity = identity(&main, &certificate.holder)?;
			let proof_bytes = match proof {
				Some(path) => read(&path)?,
				None => {
					let node = context.side_node(&certificate.certificate_type)?;
					let query = CertificateQuery::Id(certificate.certificate_id);
					let membership = certificate.membership.clone();
					let answer =
						chain::read(&node, move |api| api.certificate_proof(query, membership))?;
					hex::decode(answer.proof.trim_start_matches("0x"))
						.map_err(|_| CliError::network("the node's proof is not hex", ""))?
				},
			};
			let decoded = CertificateProof::from_bytes(&proof_bytes)
				.map_err(|error| CliError::input(format!("not a portable proof: {error}"), ""))?;
			let credential = credential(
				&certificate,
				&issuer_id,
				&json!(issuer.record.name),
				&decoded.record(),
				&proof_bytes,
			);
			let documents = did_documents(
				(&issuer_id, &issuer_identity),
				(&certificate.holder, &holder_identity),
			);
			let dids = dids.unwrap_or_else(|| out.with_extension("dids.json"));
			write(&out, serde_json::to_string_pretty(&credential).expect("JSON").as_bytes())?;
			write(&dids, serde_json::to_string_pretty(&documents).expect("JSON").as_bytes())?;
			let exported = CredentialExported {
				credential: out.display().to_string(),
				did_documents: dids.display().to_string(),
				id: credential_id(&certificate),
			};
			context.emit(&exported, || {
				format!(
					"credential {} written to {}; DID documents of {} and {} in {}",
					exported.id,
					out.display(),
					did(&issuer_id),
					did(&certificate.holder),
					dids.display()
				)
			});
			Ok(())
		},
		VcCommand::Verify { file, checkpoint } => {
			let checkpoint = read_checkpoint(&checkpoint)?;
			let text = read(&file)?;
			let credential: Value = serde_json::from_slice(&text).map_err(|error| {
				CliError::input(format!("{} is not JSON: {error}", file.display()), "")
			})?;
			let report =
				verify_credential(&credential, &checkpoint, chain::now_ms()).map_err(|error| {
					match error {
						CredentialError::DoesNotHold(_) => CliError::not_valid(error.to_string()),
						_ => CliError::input(
							error.to_string(),
							"give the file `ecert vc export` wrote",
						),
					}
				})?;
			context.emit(&report, || {
				format!(
					"the credential holds: {} issued by {} to {}\n  status {}, proven at main \
					 block #{}",
					report.id.as_str().unwrap_or("-"),
					report.issuer,
					report.holder,
					report.status,
					report.main_block_number,
				)
			});
			match report.status {
				VerificationStatus::Valid => Ok(()),
				other => Err(CliError::not_valid(format!(
					"the credential holds, but the certificate is {other}"
				))),
			}
		},
	}
}

/// An identity's record on the main chain, as JSON.
fn identity(main: &ecert_client::BlockingNode, id: &IdentityId) -> Result<Value, CliError> {
	let id = id.to_string();
	Ok(json!(chain::read(main, move |api| api.identity(id, None))?))
}

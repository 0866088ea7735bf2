//! `ecert proof`: the portable certificate proof, exported as a file and a
//! QR code, verified offline against a main-chain checkpoint.

use crate::{context::Context, error::CliError, qr};
use clap::Subcommand;
use ecert_primitives::{
	verify_certificate_proof, CertificateProof, CertificateStatus, MainCheckpoint,
	ProvenCertificate,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

use super::cert::Which;

/// The checkpoint file's default name.
const DEFAULT_CHECKPOINT: &str = "main-checkpoint.json";

#[derive(Subcommand, Debug)]
pub enum ProofCommand {
	/// Export a certificate's portable proof: its record, the side-chain
	/// header, the evidence that the main chain anchored that header, and
	/// the main chain's finality proof. Anyone with a main-chain checkpoint
	/// checks it offline (`ecert proof verify`).
	///
	/// Example: ecert proof export --org NTU --number NTU-2026-0001 --out proof.bin --qr proof.png
	Export {
		#[command(flatten)]
		which: Which,
		/// Where to write the proof's bytes.
		#[arg(long, value_name = "FILE", default_value = "proof.bin")]
		out: PathBuf,
		/// Also write it as a QR code PNG.
		#[arg(long, value_name = "FILE")]
		qr: Option<PathBuf>,
	},
	/// Verify a portable proof offline, with no network: a proof file or a
	/// QR code PNG, against a main-chain checkpoint. Exits with 5 if the
	/// proof does not hold, or if it holds but shows the certificate
	/// revoked, suspended, superseded or expired.
	///
	/// Example: ecert proof verify proof.png --checkpoint main-checkpoint.json
	Verify {
		/// The proof: its bytes, or a QR code PNG.
		proof: PathBuf,
		/// The main-chain checkpoint you trust (`ecert proof checkpoint`).
		#[arg(long, value_name = "FILE", default_value = DEFAULT_CHECKPOINT)]
		checkpoint: PathBuf,
	},
	/// Fetch a main-chain checkpoint from a main node you trust: the genesis
	/// hash and the GRANDPA authority set and set id. It is the only input
	/// of trust of `ecert proof verify`; fetch it again after the main
	/// chain's authority set changes.
	///
	/// Example: ecert proof checkpoint --url ws://127.0.0.1:9944 --out main-checkpoint.json
	Checkpoint {
		/// Where to write it.
		#[arg(long, value_name = "FILE", default_value = DEFAULT_CHECKPOINT)]
		out: PathBuf,
	},
	/// Draw a proof file as a QR code PNG, offline.
	///
	/// Example: ecert proof qr proof.bin proof.png
	Qr {
		/// The proof's bytes.
		proof: PathBuf,
		/// The PNG to write.
		png: PathBuf,
	},
}

pub fn run(context: &Context, command: ProofCommand) -> Result<(), CliError> {
	match command {
		ProofCommand::Export { which, out, qr: qr_path } => {
			let node = which.node(context)?;
			context.note("fetching the proof ...");
			let answer =
				crate::chain::read(&node, "ecert_certificateProof", json!([which.query()?]))?;
			let bytes =
				hex::decode(answer["proof"].as_str().unwrap_or_default().trim_start_matches("0x"))
					.map_err(|_| CliError::network("the node's proof is not hex", ""))?;
			write(&out, &bytes)?;
			if let Some(path) = &qr_path {
				write(path, &qr::encode_png(&bytes)?)?;
			}
			let mut report = answer.clone();
			if let Some(object) = report.as_object_mut() {
				object.remove("proof");
			}
			report["file"] = json!(out.display().to_string());
			report["qr"] = json!(qr_path.as_ref().map(|path| path.display().to_string()));
			context.emit(report, || {
				format!(
					"proof of {} ({} bytes) written to {}{}\n  status at side block #{}: {}\n  \
					 anchored under main block #{}",
					answer["certificateId"].as_str().unwrap_or("-"),
					bytes.len(),
					out.display(),
					qr_path.map(|path| format!(" and {}", path.display())).unwrap_or_default(),
					answer["sideBlockNumber"],
					answer["status"],
					answer["mainBlockNumber"],
				)
			});
			Ok(())
		},
		ProofCommand::Verify { proof, checkpoint } => {
			let checkpoint = read_checkpoint(&checkpoint)?;
			let bytes = read(&proof)?;
			let bytes = if qr::is_png(&bytes) { qr::decode_png(&bytes)? } else { bytes };
			let decoded = CertificateProof::from_bytes(&bytes).map_err(|error| {
				CliError::not_valid(format!("{} is not a portable proof: {error}", proof.display()))
			})?;
			let proven = verify_certificate_proof(&decoded, &checkpoint).map_err(|error| {
				CliError::not_valid(format!("the proof does not hold: {error}"))
			})?;
			let status = status_now(&proven, crate::chain::now_ms());
			let report = proven_json(&proven, status, bytes.len());
			context.emit(report, || {
				format!(
					"the proof holds: certificate {:?}\n  status           {status}\n  issuer           \
					 {}\n  holder           {:?}\n  commitment       {:?}\n  side block       #{} \
					 {:?}\n  main block       #{} {:?} (finalized by the checkpoint's set {})",
					proven.certificate.0,
					proven.record.issuer.as_str(),
					proven.record.holder.0,
					proven.record.commitment,
					proven.side_block.0,
					proven.side_block.1,
					proven.main_block.0,
					proven.main_block.1,
					checkpoint.set_id,
				)
			});
			match status {
				"valid" => Ok(()),
				other => Err(CliError::not_valid(format!(
					"the proof holds, but the certificate is {other}"
				))),
			}
		},
		ProofCommand::Qr { proof, png } => {
			let bytes = read(&proof)?;
			write(&png, &qr::encode_png(&bytes)?)?;
			context.emit(json!({ "size": bytes.len(), "png": png.display().to_string() }), || {
				format!("{} bytes drawn as a QR code in {}", bytes.len(), png.display())
			});
			Ok(())
		},
		ProofCommand::Checkpoint { out } => {
			let node = context.main_node();
			let (genesis_hash, authorities, set_id) = node.finality_checkpoint()?;
			let checkpoint = MainCheckpoint { genesis_hash, authorities, set_id };
			let text = serde_json::to_string_pretty(&checkpoint).expect("a checkpoint serializes");
			write(&out, text.as_bytes())?;
			context.emit(
				json!({ "checkpoint": checkpoint, "file": out.display().to_string() }),
				|| {
					format!(
						"checkpoint of the main chain {:?} written to {}: {} GRANDPA authorities, \
						 set id {}",
						checkpoint.genesis_hash,
						out.display(),
						checkpoint.authorities.len(),
						checkpoint.set_id
					)
				},
			);
			Ok(())
		},
	}
}

/// The certificate's status as the proof shows it, at time `now`.
pub(crate) fn status_now(proven: &ProvenCertificate, now: u64) -> &'static str {
	match proven.record.status {
		CertificateStatus::Revoked { .. } => "revoked",
		CertificateStatus::Suspended => "suspended",
		CertificateStatus::Active if proven.record.superseded_by.is_some() => "superseded",
		CertificateStatus::Active
			if proven.record.valid_until.is_some_and(|until| now >= until) =>
		{
			"expired"
		},
		CertificateStatus::Active => "valid",
	}
}

fn proven_json(proven: &ProvenCertificate, status: &str, size: usize) -> Value {
	json!({
		"proofValid": true,
		"status": status,
		"size": size,
		"certificateId": proven.certificate,
		"sideChain": proven.side_chain,
		"record": proven.record,
		"sideBlockNumber": proven.side_block.0,
		"sideBlockHash": proven.side_block.1,
		"mainBlockNumber": proven.main_block.0,
		"mainBlockHash": proven.main_block.1,
	})
}

pub(crate) fn read_checkpoint(path: &Path) -> Result<MainCheckpoint, CliError> {
	let bytes = read(path)?;
	serde_json::from_slice(&bytes).map_err(|error| {
		CliError::input(
			format!("{} is not a main-chain checkpoint: {error}", path.display()),
			"fetch one from a main node you trust with `ecert proof checkpoint`",
		)
	})
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, CliError> {
	std::fs::read(path)
		.map_err(|error| CliError::input(format!("cannot read {}: {error}", path.display()), ""))
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
	std::fs::write(path, bytes)
		.map_err(|error| CliError::input(format!("cannot write {}: {error}", path.display()), ""))
}

#[cfg(test)]
mod tests {
	use super::*;
	use ecert_primitives::proof_fixtures;

	#[test]
	fn status_follows_the_proven_record_and_the_clock() {
		let proof = proof_fixtures::sample_proof(1, 0, 4);
		let checkpoint = proof_fixtures::main_checkpoint(4);
		let proven = verify_certificate_proof(&proof, &checkpoint).unwrap();
		assert_eq!(status_now(&proven, 0), "valid");
		let mut revoked = proven.clone();
		revoked.record.status = CertificateStatus::Revoked { reason: 1 };
		assert_eq!(status_now(&revoked, 0), "revoked");
		let mut expiring = proven.clone();
		expiring.record.valid_until = Some(1_000);
		assert_eq!(status_now(&expiring, 999), "valid");
		assert_eq!(status_now(&expiring, 1_000), "expired");
	}
}

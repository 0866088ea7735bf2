//! `ecert proof`: the portable certificate proof, exported as a file and a
//! QR code, verified offline against a main-chain checkpoint.

use crate::{context::Context, error::CliError, qr};
use clap::Subcommand;
use ecert_cli::output::{CheckpointSaved, ProofExported, ProofVerified, QrDrawn};
use ecert_client::api::SideChainApiClient;
use ecert_primitives::{
	verify_certificate_proof, CertificateId, CertificateNumber, CertificateProof,
	CertificateTypeId, MainCheckpoint, OrgCode, ProvenCertificate, VerificationStatus,
};
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
	/// QR code PNG, against a main-chain checkpoint. It tells the
	/// certificate's status as of the time the proof was made; a change since
	/// (a revocation, say) cannot show offline, so a proof older than
	/// --max-age is refused. Exits with 5 if the proof does not hold, is too
	/// old, or shows the certificate revoked, suspended, superseded, expired
	/// or not valid yet.
	///
	/// To be sure the proof is about the certificate you were shown, give
	/// what it says: `--expect-org`, `--expect-number`, `--expect-type`.
	///
	/// Example: ecert proof verify proof.png --checkpoint main-checkpoint.json --expect-org NTU --expect-number NTU-2026-0001
	Verify {
		/// The proof: its bytes, or a QR code PNG.
		proof: PathBuf,
		/// The main-chain checkpoint you trust (`ecert proof checkpoint`).
		#[arg(long, value_name = "FILE", default_value = DEFAULT_CHECKPOINT)]
		checkpoint: PathBuf,
		/// Fail unless the certificate was issued by this organisation code.
		#[arg(long, value_name = "ORG")]
		expect_org: Option<String>,
		/// Fail unless the certificate has this number (as printed on it).
		#[arg(long, value_name = "NUMBER")]
		expect_number: Option<String>,
		/// Fail unless the certificate is of this type (diploma, license, ...).
		#[arg(long, value_name = "TYPE")]
		expect_type: Option<String>,
		/// The oldest proof to accept: 30d (days), 12h, 90m or 45s.
		#[arg(long, value_name = "AGE", default_value = "30d")]
		max_age: String,
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
			let (query, membership) = (which.query()?, which.membership()?);
			let answer =
				crate::chain::read(&node, move |api| api.certificate_proof(query, membership))?;
			let bytes = hex::decode(answer.proof.trim_start_matches("0x"))
				.map_err(|_| CliError::network("the node's proof is not hex", ""))?;
			write(&out, &bytes)?;
			if let Some(path) = &qr_path {
				write(path, &qr::encode_png(&bytes)?)?;
			}
			let report = ProofExported {
				proof: answer,
				file: out.display().to_string(),
				qr: qr_path.as_ref().map(|path| path.display().to_string()),
			};
			context.emit(&report, || {
				let answer = &report.proof;
				format!(
					"proof of {:?} ({} bytes) written to {}{}\n  status at side block #{}: {:?}\n  \
					 anchored under main block #{}",
					answer.certificate_id.0,
					bytes.len(),
					out.display(),
					qr_path.map(|path| format!(" and {}", path.display())).unwrap_or_default(),
					answer.side_block_number,
					answer.status,
					answer.main_block_number,
				)
			});
			Ok(())
		},
		ProofCommand::Verify {
			proof,
			checkpoint,
			expect_org,
			expect_number,
			expect_type,
			max_age,
		} => {
			let expected = Expected::parse(expect_org, expect_number, expect_type)?;
			let max_age = crate::chain::duration_ms(&max_age)?;
			let checkpoint = read_checkpoint(&checkpoint)?;
			let bytes = read(&proof)?;
			let bytes = if qr::is_png(&bytes) { qr::decode_png(&bytes)? } else { bytes };
			let decoded = CertificateProof::from_bytes(&bytes).map_err(|error| {
				CliError::not_valid(format!("{} is not a portable proof: {error}", proof.display()))
			})?;
			let proven = verify_certificate_proof(&decoded, &checkpoint).map_err(|error| {
				CliError::not_valid(format!("the proof does not hold: {error}"))
			})?;
			expected.check(&proven)?;
			let now = crate::chain::now_ms();
			let status = status_now(&proven, now);
			let as_of = crate::chain::iso8601(proven.side_time);
			let age = proven.age_at(now);
			if age > max_age {
				return Err(CliError::not_valid(format!(
					"the proof was made {} ago ({as_of}), longer ago than --max-age allows: a \
					 change since then (a revocation, say) would not show; ask the holder for a \
					 fresh proof",
					words_for(age)
				)));
			}
			let report = ProofVerified::new(&proven, status, bytes.len(), as_of.clone());
			context.emit(report, || {
				format!(
					"the proof holds: certificate {:?}\n  status           {status} (as of \
					 {as_of})\n  type             \
					 {}\n  issuer           {}\n  holder           {:?}\n  commitment       {:?}\n  \
					 side block       #{} {:?}\n  main block       #{} {:?} (finalized by the \
					 checkpoint's set {})",
					proven.certificate.0,
					certificate_type(&proven),
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
				VerificationStatus::Valid => Ok(()),
				other => Err(CliError::not_valid(format!(
					"the proof holds, but the certificate is {other}"
				))),
			}
		},
		ProofCommand::Qr { proof, png } => {
			let bytes = read(&proof)?;
			write(&png, &qr::encode_png(&bytes)?)?;
			let drawn = QrDrawn { size: bytes.len(), png: png.display().to_string() };
			context.emit(drawn, || {
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
			let saved =
				CheckpointSaved { checkpoint: checkpoint.clone(), file: out.display().to_string() };
			context.emit(saved, || {
				format!(
					"checkpoint of the main chain {:?} written to {}: {} GRANDPA authorities, \
						 set id {}",
					checkpoint.genesis_hash,
					out.display(),
					checkpoint.authorities.len(),
					checkpoint.set_id
				)
			});
			Ok(())
		},
	}
}

/// The certificate's status as the proof shows it, at time `now`: the
/// same rule as the node's (`VerificationStatus::of`).
pub(crate) fn status_now(proven: &ProvenCertificate, now: u64) -> VerificationStatus {
	VerificationStatus::of_record(&proven.record, now)
}

/// What the verifier was shown, for `--expect-*`.
struct Expected {
	org: Option<OrgCode>,
	number: Option<CertificateNumber>,
	certificate_type: Option<CertificateTypeId>,
}

impl Expected {
	fn parse(
		org: Option<String>,
		number: Option<String>,
		certificate_type: Option<String>,
	) -> Result<Self, CliError> {
		fn parsed<T: std::str::FromStr>(
			text: Option<String>,
			what: &str,
		) -> Result<Option<T>, CliError>
		where
			T::Err: std::fmt::Display,
		{
			text.map(|text| {
				text.parse().map_err(|error| {
					CliError::input(format!("--expect-{what} {text:?}: {error}"), "")
				})
			})
			.transpose()
		}
		Ok(Self {
			org: parsed(org, "org")?,
			number: parsed(number, "number")?,
			certificate_type: parsed(certificate_type, "type")?,
		})
	}

	/// Fails with exit 5 unless the proof is about the expected certificate.
	fn check(&self, proven: &ProvenCertificate) -> Result<(), CliError> {
		let proven_type = proven.side_chain.certificate_type();
		if let Some(org) = &self.org {
			if *org != proven.record.issuer {
				return Err(CliError::not_valid(format!(
					"the proof is of a certificate issued by {}, not by {org}",
					proven.record.issuer
				)));
			}
		}
		if let Some(expected) = &self.certificate_type {
			if proven_type != Some(expected) {
				return Err(CliError::not_valid(format!(
					"the proof is of a {} certificate, not a {expected}",
					certificate_type(proven)
				)));
			}
		}
		if let (Some(number), Some(proven_type)) = (&self.number, proven_type) {
			let id = CertificateId::derive(proven_type, &proven.record.issuer, number);
			if id != proven.certificate {
				return Err(CliError::not_valid(format!(
					"the proof is not of certificate number {number}"
				)));
			}
		}
		Ok(())
	}
}

/// A length of time in words: days, hours or minutes.
fn words_for(ms: u64) -> String {
	match ms / 60_000 {
		minutes if minutes >= 2 * 24 * 60 => format!("{} days", minutes / (24 * 60)),
		minutes if minutes >= 120 => format!("{} hours", minutes / 60),
		minutes => format!("{minutes} minutes"),
	}
}

/// The proven certificate's type, in words.
fn certificate_type(proven: &ProvenCertificate) -> String {
	proven.side_chain.certificate_type().map_or_else(|| "-".into(), |t| t.to_string())
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
		use ecert_primitives::CertificateStatus;
		let proof = proof_fixtures::sample_proof(1, 0, 4);
		let checkpoint = proof_fixtures::main_checkpoint(4);
		let proven = verify_certificate_proof(&proof, &checkpoint).unwrap();
		let from = proven.record.valid_from;
		assert_eq!(status_now(&proven, from), VerificationStatus::Valid);
		let mut revoked = proven.clone();
		revoked.record.status = CertificateStatus::Revoked { reason: 1 };
		assert_eq!(status_now(&revoked, from), VerificationStatus::Revoked);
		let mut expiring = proven.clone();
		expiring.record.valid_until = Some(from + 1_000);
		assert_eq!(status_now(&expiring, from + 999), VerificationStatus::Valid);
		assert_eq!(status_now(&expiring, from + 1_000), VerificationStatus::Expired);
	}

	#[test]
	fn a_certificate_before_its_valid_from_is_not_valid_yet_offline_as_online() {
		let proof = proof_fixtures::sample_proof(1, 0, 4);
		let checkpoint = proof_fixtures::main_checkpoint(4);
		let proven = verify_certificate_proof(&proof, &checkpoint).unwrap();
		let before = proven.record.valid_from - 1;
		assert_eq!(status_now(&proven, before), VerificationStatus::NotYetValid);
		assert_eq!(status_now(&proven, before).to_string(), "not valid yet");
	}
}

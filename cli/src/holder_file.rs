//! The holder's certificate file (`ecert_primitives::HolderFile`): what
//! `ecert cert issue` hands the holder. It holds the certificate's fields
//! with their salts (personal data, so it is written owner-only), the
//! commitment they open, and the receipt as JSON.

use crate::error::CliError;
use serde_json::Value;
use std::{io::Write, os::unix::fs::OpenOptionsExt, path::Path};

/// A holder's certificate file, with the receipt as the CLI writes it.
pub type HolderCertificate = ecert_primitives::HolderFile<Value>;

/// Reading and writing a holder's file.
pub trait HolderFileIo: Sized {
	/// Reads a holder's file and checks that its fields open its commitment.
	fn load(path: &Path) -> Result<Self, CliError>;

	/// Writes the file, readable by its owner only.
	fn save(&self, path: &Path) -> Result<(), CliError>;
}

impl HolderFileIo for HolderCertificate {
	fn load(path: &Path) -> Result<Self, CliError> {
		let text = std::fs::read_to_string(path).map_err(|error| {
			CliError::input(format!("cannot read {}: {error}", path.display()), "")
		})?;
		let file: HolderCertificate = serde_json::from_str(&text).map_err(|error| {
			CliError::input(
				format!("{} is not a holder's certificate file: {error}", path.display()),
				"give the file `ecert cert issue` wrote",
			)
		})?;
		if !file.opens_commitment() {
			return Err(CliError::not_valid(format!(
				"the fields in {} do not open its commitment: the file was altered",
				path.display()
			)));
		}
		Ok(file)
	}

	fn save(&self, path: &Path) -> Result<(), CliError> {
		let text = serde_json::to_string_pretty(self).expect("the file serializes");
		std::fs::OpenOptions::new()
			.write(true)
			.create(true)
			.truncate(true)
			.mode(0o600)
			.open(path)
			.and_then(|mut file| file.write_all(text.as_bytes()))
			.map_err(|error| {
				CliError::input(format!("cannot write {}: {error}", path.display()), "check --out")
			})
	}
}

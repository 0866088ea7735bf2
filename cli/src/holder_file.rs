//! The holder's certificate file: what `ecert cert issue` hands the holder.
//! It holds the certificate's fields with their salts (personal data, so
//! it is written owner-only), the commitment they open, and the receipt.

use crate::error::CliError;
use ecert_primitives::{CertificateId, CertificateTypeId, IdentityId, OrgCode, SaltedField};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sp_core::H256;
use std::{io::Write, os::unix::fs::OpenOptionsExt, path::Path};

/// The file's format version.
const VERSION: u32 = 1;

/// A holder's certificate file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HolderCertificate {
	pub version: u32,
	pub certificate_id: CertificateId,
	pub certificate_type: CertificateTypeId,
	pub issuer: OrgCode,
	pub holder: IdentityId,
	/// The fields in schema order, each with its salt.
	pub fields: Vec<SaltedField>,
	/// The commitment the salted fields open.
	pub commitment: H256,
	/// Where the issue was recorded: transaction hash, block number and hash.
	pub receipt: Value,
}

impl HolderCertificate {
	pub fn new(
		certificate_id: CertificateId,
		certificate_type: CertificateTypeId,
		issuer: OrgCode,
		holder: IdentityId,
		fields: Vec<SaltedField>,
		commitment: H256,
		receipt: Value,
	) -> Self {
		HolderCertificate {
			version: VERSION,
			certificate_id,
			certificate_type,
			issuer,
			holder,
			fields,
			commitment,
			receipt,
		}
	}

	/// Reads a holder's file and checks that its fields open its commitment.
	pub fn load(path: &Path) -> Result<Self, CliError> {
		let text = std::fs::read_to_string(path).map_err(|error| {
			CliError::input(format!("cannot read {}: {error}", path.display()), "")
		})?;
		let file: HolderCertificate = serde_json::from_str(&text).map_err(|error| {
			CliError::input(
				format!("{} is not a holder's certificate file: {error}", path.display()),
				"give the file `ecert cert issue` wrote",
			)
		})?;
		if ecert_primitives::commitment(&file.fields) != file.commitment {
			return Err(CliError::not_valid(format!(
				"the fields in {} do not open its commitment: the file was altered",
				path.display()
			)));
		}
		Ok(file)
	}

	/// Writes the file, readable by its owner only.
	pub fn save(&self, path: &Path) -> Result<(), CliError> {
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

//! A certificate's document: a file (a PDF of the diploma, a scan of a
//! licence) that its issuer keeps off chain. The chain's record holds only
//! where it lies and its hash ([`DocumentRef`]), so whoever gets the file,
//! from the issuer's office or from the holder, can tell that it is the one
//! issued.
//!
//! The issuer's office hands the file only to the holder, or to a verifier
//! the holder granted access to the certificate on chain: the request
//! carries a [`crate::query::QuerySignature`] of [`DOCUMENT_DOWNLOAD`] with
//! the certificate's id, as a holder's query to a node does.

use crate::{AssetMetadata, CertificateRecord, DocumentRef, HashAlgorithm};
use sp_core::H256;

/// What a request for a certificate's document signs as its method; the
/// parameter is the certificate's id.
pub const DOCUMENT_DOWNLOAD: &str = "ecert_document";

/// The hash of `document` with `algorithm`.
pub fn document_hash(algorithm: HashAlgorithm, document: &[u8]) -> H256 {
	H256(match algorithm {
		HashAlgorithm::Blake2b256 => sp_crypto_hashing::blake2_256(document),
		HashAlgorithm::Sha256 => sp_crypto_hashing::sha2_256(document),
	})
}

/// Why a file is not a certificate's document.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DocumentMismatch {
	/// The certificate has no document on chain.
	NoDocument,
	/// The file's hash is not the one on chain: it is another file, or it
	/// was changed.
	Differs {
		/// The hash on chain.
		expected: H256,
		/// The file's hash.
		found: H256,
	},
}

impl core::fmt::Display for DocumentMismatch {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			DocumentMismatch::NoDocument => {
				write!(f, "the certificate has no document on chain")
			},
			DocumentMismatch::Differs { .. } => write!(
				f,
				"this file is not the certificate's document: it differs from the one the issuer \
				 recorded on chain (another file, or one that was changed)"
			),
		}
	}
}

/// Checks that `file` is the document `document` names, hashed as `asset`
/// says.
pub fn check_document(
	asset: &AssetMetadata,
	document: Option<&DocumentRef>,
	file: &[u8],
) -> Result<(), DocumentMismatch> {
	let document = document.ok_or(DocumentMismatch::NoDocument)?;
	let found = document_hash(asset.hash_algorithm, file);
	match found == document.hash {
		true => Ok(()),
		false => Err(DocumentMismatch::Differs { expected: document.hash, found }),
	}
}

impl<BlockNumber> CertificateRecord<BlockNumber> {
	/// Checks that `file` is this certificate's document.
	pub fn check_document(&self, file: &[u8]) -> Result<(), DocumentMismatch> {
		check_document(&self.asset, self.document.as_ref(), file)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn reference(file: &[u8], algorithm: HashAlgorithm) -> DocumentRef {
		DocumentRef {
			uri: b"https://office.ntu.example/documents/0x01".to_vec().try_into().unwrap(),
			hash: document_hash(algorithm, file),
		}
	}

	#[test]
	fn the_document_itself_matches_and_a_changed_one_does_not() {
		let pdf = b"%PDF-1.7 diploma of Chen Mei-Ling".to_vec();
		for algorithm in [HashAlgorithm::Blake2b256, HashAlgorithm::Sha256] {
			let asset = AssetMetadata { hash_algorithm: algorithm, ..AssetMetadata::FIELDS };
			let on_chain = reference(&pdf, algorithm);
			assert_eq!(check_document(&asset, Some(&on_chain), &pdf), Ok(()));
			let mut changed = pdf.clone();
			changed[9] ^= 1;
			assert_eq!(
				check_document(&asset, Some(&on_chain), &changed),
				Err(DocumentMismatch::Differs {
					expected: on_chain.hash,
					found: document_hash(algorithm, &changed)
				})
			);
			assert_eq!(check_document(&asset, None, &pdf), Err(DocumentMismatch::NoDocument));
		}
	}

	#[test]
	fn the_algorithms_are_the_standard_ones() {
		// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
		assert_eq!(
			document_hash(HashAlgorithm::Sha256, b"abc"),
			"0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
				.parse::<H256>()
				.unwrap()
		);
		assert_eq!(
			document_hash(HashAlgorithm::Blake2b256, b"abc"),
			H256(sp_crypto_hashing::blake2_256(b"abc"))
		);
	}
}

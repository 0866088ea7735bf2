//! The office's data key, and what it seals: every certificate's fields and
//! salts, and the issuer's chain key. A copy of the database alone reveals
//! no personal data; the data key lives apart from it (a file readable only
//! by the office, or an environment variable).
//!
//! Sealing is XChaCha20-Poly1305 with a fresh random 24-byte nonce, stored
//! before the ciphertext. The row's purpose (`what`) is bound in as
//! associated data, so a sealed value copied into another column or row
//! does not open.

use chacha20poly1305::{
	aead::{rand_core::RngCore, Aead, AeadCore, KeyInit, OsRng, Payload},
	XChaCha20Poly1305, XNonce,
};
use std::{fmt, path::Path};

/// The length of a data key, in bytes.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// The office's data key.
#[derive(Clone)]
pub struct DataKey(XChaCha20Poly1305);

/// Why a data key could not be read, or a sealed value not opened.
#[derive(Debug, PartialEq, Eq)]
pub enum VaultError {
	/// The key is not 64 hex digits.
	BadKey(String),
	/// The value was sealed with another key, or changed.
	CannotOpen,
}

impl fmt::Display for VaultError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			VaultError::BadKey(why) => write!(f, "the data key is not usable: {why}"),
			VaultError::CannotOpen => write!(
				f,
				"a sealed record does not open with this data key (another office's key, or the \
				 record was changed)"
			),
		}
	}
}

impl std::error::Error for VaultError {}

impl DataKey {
	/// A new random key, as the hex text a key file holds.
	pub fn generate_hex() -> String {
		let mut key = [0u8; KEY_LEN];
		OsRng.fill_bytes(&mut key);
		hex::encode(key)
	}

	/// The key from its hex text (64 hex digits, surrounding space ignored).
	pub fn from_hex(text: &str) -> Result<Self, VaultError> {
		let bytes = hex::decode(text.trim())
			.map_err(|_| VaultError::BadKey("it must be 64 hex digits".into()))?;
		if bytes.len() != KEY_LEN {
			return Err(VaultError::BadKey(format!(
				"it is {} bytes long, not {KEY_LEN}",
				bytes.len()
			)));
		}
		Ok(DataKey(XChaCha20Poly1305::new(bytes.as_slice().into())))
	}

	/// The key in `path`.
	pub fn from_file(path: &Path) -> Result<Self, VaultError> {
		let text = std::fs::read_to_string(path).map_err(|error| {
			VaultError::BadKey(format!("cannot read {}: {error}", path.display()))
		})?;
		Self::from_hex(&text)
	}

	/// `plaintext`, sealed for the purpose `what`.
	pub fn seal(&self, what: &str, plaintext: &[u8]) -> Vec<u8> {
		let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
		let sealed = self
			.0
			.encrypt(&nonce, Payload { msg: plaintext, aad: what.as_bytes() })
			.expect("XChaCha20-Poly1305 encrypts any length the database can hold");
		[nonce.as_slice(), &sealed].concat()
	}

	/// What `sealed` holds, if it was sealed with this key for `what`.
	pub fn open(&self, what: &str, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
		if sealed.len() < NONCE_LEN {
			return Err(VaultError::CannotOpen);
		}
		let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
		self.0
			.decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: what.as_bytes() })
			.map_err(|_| VaultError::CannotOpen)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sealed_values_open_only_with_their_key_and_purpose() {
		let key = DataKey::from_hex(&DataKey::generate_hex()).unwrap();
		let sealed = key.seal("certificate 1", b"Lin Mei-ling, A123456789");
		assert!(!sealed.windows(8).any(|w| w == b"Lin Mei-"), "the plaintext is not visible");
		assert_eq!(key.open("certificate 1", &sealed).unwrap(), b"Lin Mei-ling, A123456789");
		assert_eq!(key.open("certificate 2", &sealed), Err(VaultError::CannotOpen));
		let other = DataKey::from_hex(&DataKey::generate_hex()).unwrap();
		assert_eq!(other.open("certificate 1", &sealed), Err(VaultError::CannotOpen));
		let mut changed = sealed.clone();
		*changed.last_mut().unwrap() ^= 1;
		assert_eq!(key.open("certificate 1", &changed), Err(VaultError::CannotOpen));
		assert_eq!(key.open("certificate 1", &sealed[..10]), Err(VaultError::CannotOpen));
	}

	#[test]
	fn a_key_must_be_32_bytes_of_hex() {
		assert!(DataKey::from_hex("00").is_err());
		assert!(DataKey::from_hex("not hex").is_err());
		assert!(DataKey::from_hex(&format!(" {}\n", "ab".repeat(32))).is_ok());
	}
}

//! Certificate information encrypted to a holder.
//!
//! An issuer seals the certificate's information to the holder's X25519
//! key-agreement key (registered with the holder's identity on the main
//! chain) with a libsodium-compatible sealed box (`crypto_box`: an
//! ephemeral X25519 key, XSalsa20-Poly1305). Only the holder's secret key
//! opens it. The sealed bytes travel in the issuing transaction; the chain
//! keeps their hash.

use crypto_box::{aead::OsRng, PublicKey, SecretKey};
use ecert_primitives::KeyAgreementKey;

/// Why a sealed payload could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError;

impl std::fmt::Display for OpenError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("the payload is not sealed to this key, or it was altered")
	}
}

impl std::error::Error for OpenError {}

/// A holder's X25519 key-agreement key pair.
#[derive(Clone)]
pub struct KeyAgreementPair(SecretKey);

impl KeyAgreementPair {
	/// The pair with secret `secret`.
	pub fn from_secret(secret: [u8; 32]) -> Self {
		Self(SecretKey::from(secret))
	}

	/// A pair derived from a seed phrase or a dev name such as `//Alice`:
	/// the secret is `blake2_256("ecert/key-agreement/v1" ++ seed)`.
	pub fn from_seed(seed: &str) -> Self {
		let mut preimage = b"ecert/key-agreement/v1".to_vec();
		preimage.extend_from_slice(seed.as_bytes());
		Self::from_secret(sp_crypto_hashing::blake2_256(&preimage))
	}

	/// The public key, as an identity registers it.
	pub fn public(&self) -> KeyAgreementKey {
		KeyAgreementKey(self.0.public_key().to_bytes().into())
	}

	/// Opens `sealed`.
	pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
		self.0.unseal(sealed).map_err(|_| OpenError)
	}
}

/// Seals `plaintext` to `recipient`.
pub fn seal(recipient: &KeyAgreementKey, plaintext: &[u8]) -> Vec<u8> {
	PublicKey::from(recipient.0.to_fixed_bytes())
		.seal(&mut OsRng, plaintext)
		.expect("sealing to a 32-byte public key does not fail")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_the_holder_opens_what_was_sealed_to_them() {
		let holder = KeyAgreementPair::from_seed("//Dave");
		let sealed = seal(&holder.public(), b"name=Chen Mei-Ling");
		assert_eq!(holder.open(&sealed).unwrap(), b"name=Chen Mei-Ling");
		assert_eq!(KeyAgreementPair::from_seed("//Eve").open(&sealed), Err(OpenError));
		let mut altered = sealed.clone();
		*altered.last_mut().unwrap() ^= 1;
		assert_eq!(holder.open(&altered), Err(OpenError));
		assert!(!sealed.windows(5).any(|w| w == b"Chen "), "the plaintext shows through");
	}
}

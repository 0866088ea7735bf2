//! Certificate information encrypted to a holder.
//!
//! An issuer seals the certificate's fields, with their salts, to the
//! holder's X25519 key-agreement key (registered with the holder's identity
//! on the main chain) with a libsodium-compatible sealed box (`crypto_box`:
//! an ephemeral X25519 key, XSalsa20-Poly1305). Only the holder's secret key
//! opens it. The sealed bytes travel in the issuing transaction; the chain
//! keeps their hash. The holder's CLI and wallet open them with
//! [`open_fields`], which also checks them against the certificate's
//! commitment.

use crate::{commitment, KeyAgreementKey, SaltedField};
use alloc::vec::Vec;
use core::fmt;
use crypto_box::{aead::OsRng, PublicKey, SecretKey};
use sp_core::H256;

/// Why sealed fields could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
	/// Not sealed to this key, or altered.
	NotForThisKey,
	/// Opened, but not a list of salted fields.
	NotFields,
	/// Opened, but the fields do not open the certificate's commitment.
	NotCommitted,
}

impl fmt::Display for OpenError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			OpenError::NotForThisKey => "the payload is not sealed to this key, or it was altered",
			OpenError::NotFields => "the opened payload is not a certificate's fields",
			OpenError::NotCommitted => {
				"the opened fields do not match the certificate's commitment"
			},
		})
	}
}

#[cfg(feature = "std")]
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
		self.0.unseal(sealed).map_err(|_| OpenError::NotForThisKey)
	}
}

/// Seals `plaintext` to `recipient`.
pub fn seal(recipient: &KeyAgreementKey, plaintext: &[u8]) -> Vec<u8> {
	PublicKey::from(recipient.0.to_fixed_bytes())
		.seal(&mut OsRng, plaintext)
		.expect("sealing to a 32-byte public key does not fail")
}

/// Seals a certificate's salted `fields` to its holder, as the issuing
/// transaction carries them.
pub fn seal_fields(holder: &KeyAgreementKey, fields: &[SaltedField]) -> Vec<u8> {
	seal(holder, &serde_json::to_vec(fields).expect("fields serialize"))
}

/// Opens the salted fields sealed to `key`, and checks that they open the
/// certificate's `commitment`.
pub fn open_fields(
	key: &KeyAgreementPair,
	sealed: &[u8],
	commitment_on_chain: &H256,
) -> Result<Vec<SaltedField>, OpenError> {
	let plain = key.open(sealed)?;
	let fields: Vec<SaltedField> =
		serde_json::from_slice(&plain).map_err(|_| OpenError::NotFields)?;
	if commitment(&fields) != *commitment_on_chain {
		return Err(OpenError::NotCommitted);
	}
	Ok(fields)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn fields() -> Vec<SaltedField> {
		["Chen Mei-Ling", "Master"]
			.iter()
			.enumerate()
			.map(|(index, value)| SaltedField {
				name: ["name", "degree_level"][index].into(),
				value: (*value).into(),
				salt: H256::repeat_byte(index as u8 + 1),
			})
			.collect()
	}

	#[test]
	fn only_the_holder_opens_what_was_sealed_to_them() {
		let holder = KeyAgreementPair::from_seed("//Dave");
		let sealed = seal(&holder.public(), b"name=Chen Mei-Ling");
		assert_eq!(holder.open(&sealed).unwrap(), b"name=Chen Mei-Ling");
		assert_eq!(
			KeyAgreementPair::from_seed("//Eve").open(&sealed),
			Err(OpenError::NotForThisKey)
		);
		let mut altered = sealed.clone();
		*altered.last_mut().unwrap() ^= 1;
		assert_eq!(holder.open(&altered), Err(OpenError::NotForThisKey));
		assert!(!sealed.windows(5).any(|w| w == b"Chen "), "the plaintext shows through");
	}

	#[test]
	fn opened_fields_must_open_the_commitment_on_chain() {
		let holder = KeyAgreementPair::from_seed("//Dave");
		let sealed = seal_fields(&holder.public(), &fields());
		assert_eq!(open_fields(&holder, &sealed, &commitment(&fields())), Ok(fields()));

		let mut other = fields();
		other[1].value = "PhD".into();
		assert_eq!(
			open_fields(&holder, &sealed, &commitment(&other)),
			Err(OpenError::NotCommitted)
		);
		let not_fields = seal(&holder.public(), b"[1, 2]");
		assert_eq!(
			open_fields(&holder, &not_fields, &commitment(&fields())),
			Err(OpenError::NotFields)
		);
	}
}

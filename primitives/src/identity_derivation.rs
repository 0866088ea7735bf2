//! How a registrar derives an [`IdentityId`] from a registrant's identity
//! data. Std only: it runs in the registrar's tools, never in the runtime.
//!
//! ## The scheme (version 1)
//!
//! 1. **Canonicalise** the data ([`IdentityData::canonical`]), so that the
//!    same person always gives the same bytes:
//!    - name: Unicode NFKC, white space trimmed and collapsed to one space,
//!      upper case;
//!    - document number: spaces and `-` removed, ASCII upper case, then only
//!      letters and digits are allowed;
//!    - birth date: a real calendar date written `YYYY-MM-DD`;
//!    - issuing country: ISO 3166-1 alpha-2, upper case.
//! 2. **Encode** the domain tag `ecert/identity-id/v1`, then the country, the
//!    document kind (`national-id` or `passport`), the document number, the
//!    birth date and the name, each as a 4-byte big-endian length followed by
//!    its UTF-8 bytes.
//! 3. **Hash** with HMAC-SHA256 under the identity authority's secret key of
//!    at least 32 bytes. The key stays off chain.
//!
//! A plain hash of a name and an ID number can be found by trying every
//! likely name and number. With the key kept secret, this one cannot: the id
//! in chain state reveals nothing about the data.

use crate::IdentityId;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sp_core::H256;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// The domain tag of version 1 of the scheme.
pub const IDENTITY_ID_DOMAIN: &[u8] = b"ecert/identity-id/v1";

/// The shortest secret key, in bytes.
pub const MIN_KEY_LEN: usize = 32;

/// The kind of document that proves an identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
	/// A national identity card.
	NationalId,
	/// A passport.
	Passport,
}

impl DocumentKind {
	fn tag(self) -> &'static str {
		match self {
			DocumentKind::NationalId => "national-id",
			DocumentKind::Passport => "passport",
		}
	}
}

/// The identity data a registrar checks, as the registrant gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityData {
	/// The full name, as on the document.
	pub name: String,
	/// The kind of document.
	pub document: DocumentKind,
	/// The document's number.
	pub document_number: String,
	/// The birth date, `YYYY-MM-DD`.
	pub birth_date: String,
	/// The country that issued the document, ISO 3166-1 alpha-2 (`TW`).
	pub country: String,
}

/// Why identity data or a key was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DerivationError {
	/// The name is empty.
	EmptyName,
	/// The document number is empty or holds a character other than letters,
	/// digits, spaces and `-`.
	BadDocumentNumber,
	/// The birth date is not a real date written `YYYY-MM-DD`.
	BadBirthDate,
	/// The country is not two letters.
	BadCountry,
	/// The secret key is shorter than [`MIN_KEY_LEN`] bytes.
	WeakKey,
}

impl fmt::Display for DerivationError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			DerivationError::EmptyName => "the name is empty",
			DerivationError::BadDocumentNumber => {
				"the document number may hold only letters, digits, spaces and '-'"
			},
			DerivationError::BadBirthDate => "the birth date is not a real date as YYYY-MM-DD",
			DerivationError::BadCountry => "the country is not an ISO 3166-1 alpha-2 code",
			DerivationError::WeakKey => "the secret key is shorter than 32 bytes",
		})
	}
}

impl std::error::Error for DerivationError {}

/// Identity data in canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalIdentity {
	pub name: String,
	pub document: DocumentKind,
	pub document_number: String,
	pub birth_date: String,
	pub country: String,
}

impl IdentityData {
	/// The canonical form of the data, or why it is not acceptable.
	pub fn canonical(&self) -> Result<CanonicalIdentity, DerivationError> {
		let name = self
			.name
			.nfkc()
			.collect::<String>()
			.split_whitespace()
			.collect::<Vec<_>>()
			.join(" ")
			.to_uppercase();
		if name.is_empty() {
			return Err(DerivationError::EmptyName);
		}
		let document_number: String = self
			.document_number
			.chars()
			.filter(|c| !c.is_whitespace() && *c != '-')
			.map(|c| c.to_ascii_uppercase())
			.collect();
		if document_number.is_empty() || !document_number.chars().all(|c| c.is_ascii_alphanumeric())
		{
			return Err(DerivationError::BadDocumentNumber);
		}
		let birth_date = self.birth_date.trim().to_string();
		if !is_calendar_date(&birth_date) {
			return Err(DerivationError::BadBirthDate);
		}
		let country = self.country.trim().to_ascii_uppercase();
		if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
			return Err(DerivationError::BadCountry);
		}
		Ok(CanonicalIdentity {
			name,
			document: self.document,
			document_number,
			birth_date,
			country,
		})
	}

	/// The identity id of this data under `key`.
	pub fn identity_id(&self, key: &[u8]) -> Result<IdentityId, DerivationError> {
		self.canonical()?.identity_id(key)
	}
}

impl CanonicalIdentity {
	/// The bytes that are hashed: the domain tag, then each field with its
	/// length.
	pub fn encode(&self) -> Vec<u8> {
		let mut out = IDENTITY_ID_DOMAIN.to_vec();
		for field in [
			self.country.as_str(),
			self.document.tag(),
			self.document_number.as_str(),
			self.birth_date.as_str(),
			self.name.as_str(),
		] {
			out.extend_from_slice(&(field.len() as u32).to_be_bytes());
			out.extend_from_slice(field.as_bytes());
		}
		out
	}

	/// HMAC-SHA256 of [`Self::encode`] under `key`.
	pub fn identity_id(&self, key: &[u8]) -> Result<IdentityId, DerivationError> {
		if key.len() < MIN_KEY_LEN {
			return Err(DerivationError::WeakKey);
		}
		let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| DerivationError::WeakKey)?;
		mac.update(&self.encode());
		Ok(IdentityId(H256(mac.finalize().into_bytes().into())))
	}
}

/// A birth date: a real day, written `YYYY-MM-DD`, from 1800 on.
fn is_calendar_date(text: &str) -> bool {
	crate::calendar_date(text).is_some_and(|(year, _, _)| year >= 1800)
}

#[cfg(test)]
mod tests {
	use super::*;

	const KEY: &[u8] = b"ecert test vector key: 32 bytes!";

	fn chen() -> IdentityData {
		IdentityData {
			name: "Chen Mei-Ling".into(),
			document: DocumentKind::NationalId,
			document_number: "A123456789".into(),
			birth_date: "1998-04-12".into(),
			country: "TW".into(),
		}
	}

	fn hex_id(id: IdentityId) -> String {
		format!("{:?}", id.0)
	}

	#[test]
	fn hmac_sha256_matches_rfc_4231() {
		// RFC 4231, test case 2.
		let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
		mac.update(b"what do ya want for nothing?");
		assert_eq!(
			hex::encode(mac.finalize().into_bytes()),
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
		);
	}

	#[test]
	fn canonical_encoding_is_fixed() {
		let canonical = chen().canonical().unwrap();
		let mut expected = b"ecert/identity-id/v1".to_vec();
		for field in ["TW", "national-id", "A123456789", "1998-04-12", "CHEN MEI-LING"] {
			expected.extend_from_slice(&(field.len() as u32).to_be_bytes());
			expected.extend_from_slice(field.as_bytes());
		}
		assert_eq!(canonical.encode(), expected);
	}

	#[test]
	fn test_vectors() {
		// Computed independently with Python's hmac module over the encoding
		// above.
		assert_eq!(
			hex_id(chen().identity_id(KEY).unwrap()),
			"0x8ab5a21915ecd18d04bd4052f45be41d4b827d673dabf3db4263cb4137d95212"
		);
		let passport = IdentityData {
			name: "José Álvarez".into(),
			document: DocumentKind::Passport,
			document_number: "X1234567".into(),
			birth_date: "2000-02-29".into(),
			country: "es".into(),
		};
		assert_eq!(
			hex_id(passport.identity_id(KEY).unwrap()),
			"0x50aa0fc2d3d9dbf620148a33f2f88477ff218ea2761bc94865217df57e347828"
		);
	}

	#[test]
	fn the_same_person_written_differently_gets_the_same_id() {
		let messy = IdentityData {
			name: "  chen   mei-ling ".into(),
			document_number: "a 123-456-789".into(),
			country: " tw".into(),
			..chen()
		};
		assert_eq!(messy.identity_id(KEY), chen().identity_id(KEY));
		// Composed and decomposed accents are the same name.
		let composed = IdentityData { name: "Jos\u{e9}".into(), ..chen() };
		let decomposed = IdentityData { name: "Jose\u{301}".into(), ..chen() };
		assert_eq!(composed.identity_id(KEY), decomposed.identity_id(KEY));
	}

	#[test]
	fn different_people_or_keys_get_different_ids() {
		let base = chen().identity_id(KEY).unwrap();
		let other_birth = IdentityData { birth_date: "1998-04-13".into(), ..chen() };
		let passport = IdentityData { document: DocumentKind::Passport, ..chen() };
		assert_ne!(other_birth.identity_id(KEY).unwrap(), base);
		assert_ne!(passport.identity_id(KEY).unwrap(), base);
		assert_ne!(chen().identity_id(&[7u8; 32]).unwrap(), base);
	}

	#[test]
	fn bad_data_and_weak_keys_are_refused() {
		let with = |f: fn(&mut IdentityData)| {
			let mut data = chen();
			f(&mut data);
			data.identity_id(KEY)
		};
		assert_eq!(with(|d| d.name = " \t ".into()), Err(DerivationError::EmptyName));
		assert_eq!(
			with(|d| d.document_number = "A12/34".into()),
			Err(DerivationError::BadDocumentNumber)
		);
		assert_eq!(
			with(|d| d.birth_date = "1998-02-30".into()),
			Err(DerivationError::BadBirthDate)
		);
		assert_eq!(
			with(|d| d.birth_date = "1999-02-29".into()),
			Err(DerivationError::BadBirthDate)
		);
		assert_eq!(
			with(|d| d.birth_date = "12/04/1998".into()),
			Err(DerivationError::BadBirthDate)
		);
		assert_eq!(with(|d| d.country = "TWN".into()), Err(DerivationError::BadCountry));
		assert_eq!(chen().identity_id(b"short"), Err(DerivationError::WeakKey));
	}
}

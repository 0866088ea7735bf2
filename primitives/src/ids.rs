//! Ids of chains, certificate types, organisations and certificates.
//!
//! The textual ids are short ASCII strings with a fixed character set, so that
//! they are unambiguous when printed on paper, typed by a person or put in a
//! URL. Each one is checked when it is made ([`core::str::FromStr`],
//! `TryFrom<Vec<u8>>`) and when it is decoded, from JSON or SCALE (so a call
//! cannot carry a malformed one), and it is bounded in storage.

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::{fmt, str::FromStr};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ConstU32, H256};
use sp_crypto_hashing::blake2_256;
use sp_runtime::BoundedVec;

/// Why a textual id was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdError {
	/// The id is empty.
	Empty,
	/// The id is longer than its bound.
	TooLong { max: u32 },
	/// The id holds a character outside its character set.
	BadCharacter { position: usize },
}

impl fmt::Display for IdError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			IdError::Empty => write!(f, "the id is empty"),
			IdError::TooLong { max } => write!(f, "the id is longer than {max} characters"),
			IdError::BadCharacter { position } => {
				write!(f, "the id has a character that is not allowed at position {position}")
			},
		}
	}
}

/// Defines a bounded ASCII id with a character rule, its checks and its
/// conversions. The three textual ids differ only in name, bound and rule.
macro_rules! textual_id {
	($(#[$doc:meta])* $name:ident, $max:literal, $allowed:expr) => {
		$(#[$doc])*
		#[derive(
			Clone,
			PartialEq,
			Eq,
			PartialOrd,
			Ord,
			Encode,
			MaxEncodedLen,
			TypeInfo,
			Serialize,
			Deserialize,
		)]
		#[serde(try_from = "String", into = "String")]
		pub struct $name(BoundedVec<u8, ConstU32<$max>>);

		/// Decoding checks the character set too, so that no call, proof or
		/// stored value carries an id that the rules refuse.
		impl Decode for $name {
			fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
				let bytes = BoundedVec::<u8, ConstU32<$max>>::decode(input)?;
				Self::check(&bytes)
					.map_err(|_| codec::Error::from(concat!("a malformed ", stringify!($name))))?;
				Ok(Self(bytes))
			}
		}

		impl DecodeWithMemTracking for $name {}

		impl $name {
			/// The longest id, in bytes.
			pub const MAX_LEN: u32 = $max;

			/// Checks `bytes` against this id's bound and character set.
			pub fn check(bytes: &[u8]) -> Result<(), IdError> {
				if bytes.is_empty() {
					return Err(IdError::Empty)
				}
				if bytes.len() > $max as usize {
					return Err(IdError::TooLong { max: $max })
				}
				let allowed: fn(u8) -> bool = $allowed;
				match bytes.iter().position(|b| !allowed(*b)) {
					Some(position) => Err(IdError::BadCharacter { position }),
					None => Ok(()),
				}
			}

			/// The id as text.
			pub fn as_str(&self) -> &str {
				// The character set is ASCII, checked on every way in.
				core::str::from_utf8(&self.0).unwrap_or_default()
			}

			/// The id's bytes.
			pub fn as_bytes(&self) -> &[u8] {
				&self.0
			}

			/// Whether a decoded value keeps the rules. SCALE decoding checks
			/// only the bound, so storage invariants call this.
			pub fn is_well_formed(&self) -> bool {
				Self::check(&self.0).is_ok()
			}
		}

		impl TryFrom<Vec<u8>> for $name {
			type Error = IdError;
			fn try_from(bytes: Vec<u8>) -> Result<Self, IdError> {
				Self::check(&bytes)?;
				BoundedVec::try_from(bytes).map(Self).map_err(|_| IdError::TooLong { max: $max })
			}
		}

		impl TryFrom<&[u8]> for $name {
			type Error = IdError;
			fn try_from(bytes: &[u8]) -> Result<Self, IdError> {
				Self::try_from(bytes.to_vec())
			}
		}

		impl TryFrom<String> for $name {
			type Error = IdError;
			fn try_from(text: String) -> Result<Self, IdError> {
				Self::try_from(text.into_bytes())
			}
		}

		impl FromStr for $name {
			type Err = IdError;
			fn from_str(text: &str) -> Result<Self, IdError> {
				Self::try_from(text.as_bytes())
			}
		}

		impl From<$name> for String {
			fn from(id: $name) -> String {
				String::from(id.as_str())
			}
		}

		impl fmt::Display for $name {
			fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				f.write_str(self.as_str())
			}
		}

		impl fmt::Debug for $name {
			fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				write!(f, "{}({:?})", stringify!($name), self.as_str())
			}
		}
	};
}

textual_id!(
	/// The short name of a certificate type, such as `diploma` or `license`:
	/// lower-case letters, digits and `-`, at most 32 characters.
	CertificateTypeId,
	32,
	|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
);

textual_id!(
	/// An issuing organisation's code, such as `NTU-0001`: upper-case letters,
	/// digits and `-`, at most 32 characters.
	OrgCode,
	32,
	|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'
);

textual_id!(
	/// The number an issuer gives a certificate, as printed on it: letters,
	/// digits and `-`, `/`, `.`, `_`, at most 64 characters.
	CertificateNumber,
	64,
	|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'/' | b'.' | b'_')
);

/// Which chain of an ecert network: the main chain, or the side chain of one
/// certificate type.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum ChainId {
	/// The identity authority's main chain.
	Main,
	/// The side chain that holds the certificates of one type.
	Side(CertificateTypeId),
}

impl ChainId {
	/// The certificate type of a side chain; `None` on the main chain.
	pub fn certificate_type(&self) -> Option<&CertificateTypeId> {
		match self {
			ChainId::Main => None,
			ChainId::Side(certificate_type) => Some(certificate_type),
		}
	}
}

impl fmt::Display for ChainId {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			ChainId::Main => f.write_str("main"),
			ChainId::Side(certificate_type) => write!(f, "side-{certificate_type}"),
		}
	}
}

/// The on-chain id of a certificate.
///
/// It is derived from public facts printed on the certificate (its type, its
/// issuer's organisation code and its number; see [`CertificateId::derive`]),
/// so a verifier holding a paper certificate can find the record, and one
/// issuer cannot record the same number twice.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct CertificateId(pub H256);

impl CertificateId {
	/// Domain separator of the derivation, so that the id can never collide
	/// with another hash of the same bytes.
	pub const DOMAIN: &'static [u8] = b"ecert/certificate-id/v1";

	/// `blake2_256(DOMAIN ++ SCALE(certificate_type, org_code, number))`.
	pub fn derive(
		certificate_type: &CertificateTypeId,
		org_code: &OrgCode,
		number: &CertificateNumber,
	) -> Self {
		let mut preimage = Vec::with_capacity(
			Self::DOMAIN.len() + (CertificateTypeId::MAX_LEN + OrgCode::MAX_LEN) as usize + 72,
		);
		preimage.extend_from_slice(Self::DOMAIN);
		(certificate_type, org_code, number).encode_to(&mut preimage);
		CertificateId(H256(blake2_256(&preimage)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn textual_ids_accept_their_character_set() {
		assert_eq!("diploma".parse::<CertificateTypeId>().unwrap().as_str(), "diploma");
		assert_eq!("NTU-0001".parse::<OrgCode>().unwrap().as_str(), "NTU-0001");
		assert_eq!(
			"B-2026/001.a_7".parse::<CertificateNumber>().unwrap().as_str(),
			"B-2026/001.a_7"
		);
	}

	#[test]
	fn textual_ids_refuse_bad_input() {
		assert_eq!("".parse::<CertificateTypeId>(), Err(IdError::Empty));
		assert_eq!(
			"Diploma".parse::<CertificateTypeId>(),
			Err(IdError::BadCharacter { position: 0 })
		);
		assert_eq!("ntu".parse::<OrgCode>(), Err(IdError::BadCharacter { position: 0 }));
		assert_eq!("A B".parse::<CertificateNumber>(), Err(IdError::BadCharacter { position: 1 }));
		let long = "a".repeat(33);
		assert_eq!(long.parse::<CertificateTypeId>(), Err(IdError::TooLong { max: 32 }));
		assert_eq!("a".repeat(65).parse::<CertificateNumber>(), Err(IdError::TooLong { max: 64 }));
	}

	#[test]
	fn json_round_trip_checks_the_rules() {
		let id: CertificateTypeId = serde_json::from_str("\"license\"").unwrap();
		assert_eq!(serde_json::to_string(&id).unwrap(), "\"license\"");
		assert!(serde_json::from_str::<CertificateTypeId>("\"lic ense\"").is_err());
		let chain: ChainId = serde_json::from_str("{\"side\":\"diploma\"}").unwrap();
		assert_eq!(chain.to_string(), "side-diploma");
		assert_eq!(serde_json::to_string(&ChainId::Main).unwrap(), "\"main\"");
	}

	#[test]
	fn scale_decoding_keeps_the_bound_and_refuses_bad_characters() {
		let bad = b"Not Valid".to_vec().encode();
		assert!(CertificateTypeId::decode(&mut &bad[..]).is_err());
		assert!(OrgCode::decode(&mut &b"ntu".to_vec().encode()[..]).is_err());
		assert!(CertificateNumber::decode(&mut &Vec::<u8>::new().encode()[..]).is_err());
		let too_long = alloc::vec![b'a'; 33].encode();
		assert!(CertificateTypeId::decode(&mut &too_long[..]).is_err());
		let good = b"diploma".to_vec().encode();
		assert_eq!(CertificateTypeId::decode(&mut &good[..]).unwrap().as_str(), "diploma");
	}

	#[test]
	fn certificate_id_depends_on_every_part() {
		let diploma: CertificateTypeId = "diploma".parse().unwrap();
		let license: CertificateTypeId = "license".parse().unwrap();
		let ntu: OrgCode = "NTU".parse().unwrap();
		let nthu: OrgCode = "NTHU".parse().unwrap();
		let one: CertificateNumber = "1".parse().unwrap();
		let two: CertificateNumber = "2".parse().unwrap();
		let id = CertificateId::derive(&diploma, &ntu, &one);
		assert_eq!(id, CertificateId::derive(&diploma, &ntu, &one));
		assert_ne!(id, CertificateId::derive(&license, &ntu, &one));
		assert_ne!(id, CertificateId::derive(&diploma, &nthu, &one));
		assert_ne!(id, CertificateId::derive(&diploma, &ntu, &two));
	}

	#[test]
	fn certificate_id_matches_its_documented_derivation() {
		let id = CertificateId::derive(
			&"diploma".parse().unwrap(),
			&"NTU".parse().unwrap(),
			&"B1".parse().unwrap(),
		);
		let mut preimage = b"ecert/certificate-id/v1".to_vec();
		preimage.extend_from_slice(&[7 << 2]);
		preimage.extend_from_slice(b"diploma");
		preimage.extend_from_slice(&[3 << 2]);
		preimage.extend_from_slice(b"NTU");
		preimage.extend_from_slice(&[2 << 2]);
		preimage.extend_from_slice(b"B1");
		assert_eq!(id.0, H256(blake2_256(&preimage)));
	}
}

//! Queries that only a holder may make.
//!
//! Anyone may check one certificate by its id, or by organisation code and
//! number: that reveals its status and issuer, never its holder or fields.
//! Listing *which* certificates a person holds is the holder's choice. A
//! node answers such a query only when it carries a [`QuerySignature`]
//! made:
//!
//! - by the holder, with the signing key of their identity: the node lists
//!   every certificate; or
//! - by a verifier, with the signing key of the verifier's identity: the
//!   node lists only the certificates the holder granted that verifier
//!   access to (`ecert cert grant`), while the grant lasts.
//!
//! The signature covers the method, its parameters and the time it was
//! made, so a captured request is good for [`QUERY_FRESH_FOR`] only, and
//! for that query only.

use crate::{IdentityId, Moment, SigningKey};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use serde::{Deserialize, Serialize};
use sp_core::{ed25519, sr25519, Pair as _, H512};

/// The method `ecert_certificatesOf`, whose queries only a holder, or a
/// verifier the holder granted access, may make.
pub const CERTIFICATES_OF: &str = "ecert_certificatesOf";

/// How long a query signature is good for, either side of its time, in
/// milliseconds: five minutes, for clocks that disagree a little.
pub const QUERY_FRESH_FOR: Moment = 5 * 60 * 1000;

/// What a query signature signs before the method and parameters.
const QUERY_CONTEXT: &[u8] = b"ecert holder query v1";

/// The signature that authorises one query.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuerySignature {
	/// The verifier's identity, when a verifier signed; none when the
	/// holder did.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub verifier: Option<IdentityId>,
	/// When it was signed (Unix time in milliseconds).
	pub signed_at: Moment,
	/// The signature of the method, its parameters and `signed_at`.
	pub signature: H512,
}

/// Why a node refused a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryRefused {
	/// It carries no signature.
	Unsigned,
	/// It was signed too long ago, or in the future.
	Stale,
	/// The signature is not the signer's signature of this query.
	BadSignature,
	/// The chain knows no such holder or verifier.
	UnknownSigner,
	/// The verifier's identity is deactivated.
	Deactivated,
}

impl QueryRefused {
	/// What went wrong, for people.
	pub fn describe(&self) -> &'static str {
		match self {
			QueryRefused::Unsigned => {
				"only the holder, or a verifier the holder granted access, may list a holder's \
				 certificates, and the request must carry their signature"
			},
			QueryRefused::Stale => {
				"the request was signed more than five minutes from now; check the clock"
			},
			QueryRefused::BadSignature => {
				"the request's signature is not the holder's (or the verifier's) signature of it"
			},
			QueryRefused::UnknownSigner => "this chain knows no such holder or verifier",
			QueryRefused::Deactivated => "the verifier's identity is deactivated",
		}
	}
}

/// The message a query signature signs: the method's name, its
/// SCALE-encoded parameters and the time.
pub fn query_message(method: &str, params: &impl Encode, signed_at: Moment) -> Vec<u8> {
	(QUERY_CONTEXT, method, params, signed_at).encode()
}

impl SigningKey {
	/// Whether `signature` is this key's signature of `message`.
	pub fn verifies(&self, signature: &H512, message: &[u8]) -> bool {
		match self {
			SigningKey::Sr25519(key) => {
				sr25519::Pair::verify(&sr25519::Signature::from_raw(signature.0), message, key)
			},
			SigningKey::Ed25519(key) => {
				ed25519::Pair::verify(&ed25519::Signature::from_raw(signature.0), message, key)
			},
		}
	}
}

impl QuerySignature {
	/// Checks that it is `signer`'s signature of query `method` with
	/// `params`, made within [`QUERY_FRESH_FOR`] of `now`. `signer` is the
	/// holder's signing key, or the verifier's when [`Self::verifier`] is
	/// set.
	pub fn check(
		&self,
		method: &str,
		params: &impl Encode,
		signer: &SigningKey,
		now: Moment,
	) -> Result<(), QueryRefused> {
		if self.signed_at.abs_diff(now) > QUERY_FRESH_FOR {
			return Err(QueryRefused::Stale);
		}
		match signer.verifies(&self.signature, &query_message(method, params, self.signed_at)) {
			true => Ok(()),
			false => Err(QueryRefused::BadSignature),
		}
	}
}

/// Signs query `method` with `params` at time `now` with `pair`: the
/// holder's key (`verifier` none), or the key of identity `verifier`.
#[cfg(feature = "wallet")]
pub fn sign_query(
	pair: &sr25519::Pair,
	method: &str,
	params: &impl Encode,
	now: Moment,
	verifier: Option<IdentityId>,
) -> QuerySignature {
	let signature = pair.sign(&query_message(method, params, now));
	QuerySignature { verifier, signed_at: now, signature: H512(signature.0) }
}

#[cfg(all(test, feature = "wallet"))]
mod tests {
	use super::*;
	use crate::CertificateId;
	use sp_core::H256;

	const NOW: Moment = 1_800_000_000_000;

	fn pair(seed: u8) -> sr25519::Pair {
		sr25519::Pair::from_seed(&[seed; 32])
	}

	fn key(seed: u8) -> SigningKey {
		SigningKey::Sr25519(pair(seed).public())
	}

	fn first_page() -> (IdentityId, Option<CertificateId>) {
		(IdentityId(H256::repeat_byte(7)), None)
	}

	#[test]
	fn the_signer_may_query_within_five_minutes() {
		let signed = sign_query(&pair(1), CERTIFICATES_OF, &first_page(), NOW - 60_000, None);
		assert_eq!(signed.check(CERTIFICATES_OF, &first_page(), &key(1), NOW), Ok(()));
		let ahead = sign_query(&pair(1), CERTIFICATES_OF, &first_page(), NOW + 60_000, None);
		assert_eq!(ahead.check(CERTIFICATES_OF, &first_page(), &key(1), NOW), Ok(()));
		let stale = sign_query(&pair(1), CERTIFICATES_OF, &first_page(), NOW - 301_000, None);
		assert_eq!(
			stale.check(CERTIFICATES_OF, &first_page(), &key(1), NOW),
			Err(QueryRefused::Stale)
		);
	}

	#[test]
	fn another_key_another_query_or_another_time_is_refused() {
		let signed = sign_query(&pair(1), CERTIFICATES_OF, &first_page(), NOW, None);
		assert_eq!(
			signed.check(CERTIFICATES_OF, &first_page(), &key(2), NOW),
			Err(QueryRefused::BadSignature)
		);
		let next_page = (first_page().0, Some(CertificateId(H256::repeat_byte(1))));
		assert_eq!(
			signed.check(CERTIFICATES_OF, &next_page, &key(1), NOW),
			Err(QueryRefused::BadSignature)
		);
		assert_eq!(
			signed.check("ecert_other", &first_page(), &key(1), NOW),
			Err(QueryRefused::BadSignature)
		);
		let moved = QuerySignature { signed_at: NOW + 1, ..signed };
		assert_eq!(
			moved.check(CERTIFICATES_OF, &first_page(), &key(1), NOW),
			Err(QueryRefused::BadSignature)
		);
	}

	#[test]
	fn an_ed25519_key_verifies_its_own_signatures() {
		let pair = ed25519::Pair::from_seed(&[3; 32]);
		let message = query_message(CERTIFICATES_OF, &first_page(), NOW);
		let signed = QuerySignature {
			verifier: None,
			signed_at: NOW,
			signature: H512(pair.sign(&message).0),
		};
		let key = SigningKey::Ed25519(pair.public());
		assert_eq!(signed.check(CERTIFICATES_OF, &first_page(), &key, NOW), Ok(()));
	}
}

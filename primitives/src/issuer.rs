//! Accredited issuers: which organisation may issue which certificate types.
//!
//! The main chain stores one [`IssuerRecord`] per organisation code, and its
//! change history beside it (see [`crate::storage`]). Side chains check an
//! issuer against this record, proven from main-chain state, so the record
//! is kept small: the history lives in its own map.

use crate::{CertificateTypeId, IdentityId, Moment, Name, Reason};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::ConstU32;
use sp_runtime::BoundedBTreeSet;

/// The most certificate types one issuer may be accredited for.
pub const MAX_TYPES_PER_ISSUER: u32 = 16;

/// The certificate types an issuer may issue.
pub type AllowedTypes = BoundedBTreeSet<CertificateTypeId, ConstU32<MAX_TYPES_PER_ISSUER>>;

/// The state of an accreditation.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
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
pub enum AccreditationStatus {
	/// The issuer may issue.
	Active,
	/// The issuer may not issue until reinstated.
	Suspended,
	/// The accreditation has ended for good.
	Revoked,
}

/// An accredited issuer, stored under its organisation code.
#[derive(
	Clone,
	PartialEq,
	Eq,
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
pub struct IssuerRecord<BlockNumber> {
	/// The organisation's name.
	pub name: Name,
	/// The organisation's identity on the main chain.
	pub identity: IdentityId,
	/// The certificate types it may issue.
	pub certificate_types: AllowedTypes,
	/// From when it may issue (Unix time, ms), if limited.
	pub valid_from: Option<Moment>,
	/// Until when it may issue (Unix time, ms, exclusive), if limited.
	pub valid_until: Option<Moment>,
	/// The state of the accreditation.
	pub status: AccreditationStatus,
	/// The block in which it was accredited.
	pub accredited_at: BlockNumber,
	/// How many changes its history holds.
	pub changes: u32,
}

impl<BlockNumber> IssuerRecord<BlockNumber> {
	/// Whether the issuer may issue a certificate of `certificate_type` at
	/// time `now`.
	pub fn may_issue(&self, certificate_type: &CertificateTypeId, now: Moment) -> bool {
		self.status == AccreditationStatus::Active
			&& self.certificate_types.contains(certificate_type)
			&& self.valid_from.map_or(true, |from| from <= now)
			&& self.valid_until.map_or(true, |until| now < until)
	}
}

/// What changed in an accreditation.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
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
pub enum IssuerChangeKind {
	/// The organisation was accredited.
	Accredited,
	/// Its certificate types or validity window changed.
	Updated,
	/// It was suspended.
	Suspended,
	/// It was reinstated after a suspension.
	Reinstated,
	/// Its accreditation was revoked for good.
	Revoked,
}

/// One entry of an issuer's history: what changed, when and why.
#[derive(
	Clone,
	PartialEq,
	Eq,
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
pub struct IssuerChange<BlockNumber> {
	/// What changed.
	pub kind: IssuerChangeKind,
	/// Why, as the authority wrote it.
	pub reason: Reason,
	/// The block of the change.
	pub block: BlockNumber,
	/// The chain time of the change (Unix time, ms).
	pub time: Moment,
}

#[cfg(test)]
mod tests {
	use super::*;

	fn record(status: AccreditationStatus) -> IssuerRecord<u32> {
		IssuerRecord {
			name: Name::try_from("National Taiwan University").unwrap(),
			identity: IdentityId(Default::default()),
			certificate_types: [CertificateTypeId::try_from("diploma".as_bytes()).unwrap()]
				.into_iter()
				.collect::<alloc::collections::BTreeSet<_>>()
				.try_into()
				.unwrap(),
			valid_from: Some(1_000),
			valid_until: Some(2_000),
			status,
			accredited_at: 1,
			changes: 1,
		}
	}

	#[test]
	fn may_issue_only_its_types_while_active_and_in_its_window() {
		let diploma: CertificateTypeId = "diploma".parse().unwrap();
		let license: CertificateTypeId = "license".parse().unwrap();
		let active = record(AccreditationStatus::Active);
		assert!(active.may_issue(&diploma, 1_000));
		assert!(active.may_issue(&diploma, 1_999));
		assert!(!active.may_issue(&diploma, 999));
		assert!(!active.may_issue(&diploma, 2_000));
		assert!(!active.may_issue(&license, 1_500));
		assert!(!record(AccreditationStatus::Suspended).may_issue(&diploma, 1_500));
		assert!(!record(AccreditationStatus::Revoked).may_issue(&diploma, 1_500));
	}
}

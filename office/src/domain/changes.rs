//! Changing an issued certificate's status: an officer revokes (with the
//! chain's reason code), suspends or reinstates it, saying why in words.
//! The request is checked against the certificate's status on chain, the
//! reason is sealed with the data key (it may name a person), and the
//! [`super::sender::Sender`] puts the change on chain.

use super::{
	issuing::{chain_error, parse_hex, Chains, IssueError},
	vault::DataKey,
};
use crate::store::{CertificateRow, ChangeRow, NewChange, StatusChangeKind, StoreError};
use ecert_client::api::{CertificateQuery, SideChainApiClient};
use ecert_primitives::{CertificateId, CertificateTypeId, VerificationStatus};

/// The longest reason the office keeps, in characters.
pub const MAX_REASON_LEN: usize = 500;

/// An officer's request to change a certificate's status.
pub struct ChangeRequest {
	pub kind: StatusChangeKind,
	/// The chain's reason code: required to revoke, not taken otherwise.
	pub reason_code: Option<u16>,
	/// Why, in words, for the office's records.
	pub reason: String,
}

/// The purpose a change's sealed reason is bound to.
fn reason_purpose(certificate_id: &str) -> String {
	format!("reason of a status change of certificate {certificate_id}")
}

/// Whether a certificate whose status on chain is `status` is already as
/// `kind` leaves it.
pub fn is_done(kind: StatusChangeKind, status: VerificationStatus) -> bool {
	match kind {
		StatusChangeKind::Revoke => status == VerificationStatus::Revoked,
		StatusChangeKind::Suspend => status == VerificationStatus::Suspended,
		StatusChangeKind::Reinstate => !matches!(
			status,
			VerificationStatus::Suspended
				| VerificationStatus::Revoked
				| VerificationStatus::Unknown
		),
	}
}

/// Why a certificate whose status on chain is `status` cannot take `kind`,
/// in words; `None` if it can.
fn refusal(kind: StatusChangeKind, status: VerificationStatus) -> Option<&'static str> {
	use VerificationStatus::*;
	match (kind, status) {
		(_, Unknown) => Some("the chain does not know this certificate"),
		(_, Revoked) => Some("it is revoked, for good"),
		(StatusChangeKind::Suspend, Suspended) => Some("it is suspended already"),
		(StatusChangeKind::Reinstate, status) if status != Suspended => {
			Some("only a suspended certificate is reinstated")
		},
		_ => None,
	}
}

impl Chains {
	/// The status on chain of the certificate `row` holds.
	pub async fn chain_status(
		&self,
		certificate_type: &str,
		certificate_id: &str,
	) -> Result<ecert_client::api::Verification, IssueError> {
		let certificate_type: CertificateTypeId = parse_hex(certificate_type, "type")?;
		let id = CertificateId(parse_hex(certificate_id, "certificate id")?);
		let node = self.side_node(&certificate_type).await?;
		node.read(move |api| api.verify_certificate(CertificateQuery::Id(id), None, None))
			.await
			.map_err(chain_error)
	}

	/// Checks `request` for certificate `row` against the chain, and makes
	/// it a change to store, its reason sealed with `key`.
	pub async fn check_change(
		&self,
		key: &DataKey,
		row: &CertificateRow,
		request: ChangeRequest,
	) -> Result<NewChange, IssueError> {
		let reason = request.reason.trim();
		if reason.is_empty() || reason.chars().count() > MAX_REASON_LEN {
			return Err(IssueError::Input(format!(
				"say why, in at most {MAX_REASON_LEN} characters, for the office's records"
			)));
		}
		match (request.kind, request.reason_code) {
			(StatusChangeKind::Revoke, None) => {
				return Err(IssueError::Input(
					"a revocation needs the chain's reason code (reasonCode; 0 is cancellation)"
						.into(),
				))
			},
			(StatusChangeKind::Suspend | StatusChangeKind::Reinstate, Some(_)) => {
				return Err(IssueError::Input("only a revocation takes a reason code".into()))
			},
			_ => {},
		}
		let on_chain = self.chain_status(&row.certificate_type, &row.certificate_id).await?;
		if let Some(why) = refusal(request.kind, on_chain.status) {
			return Err(IssueError::Input(format!(
				"certificate number {} cannot be {}: {why}",
				row.number,
				request.kind.past()
			)));
		}
		Ok(NewChange {
			kind: request.kind,
			reason_code: request.reason_code,
			sealed_reason: key.seal(&reason_purpose(&row.certificate_id), reason.as_bytes()),
		})
	}
}

/// The reason of `change`, opened with `key`.
pub fn open_reason(key: &DataKey, change: &ChangeRow) -> Result<String, IssueError> {
	let plain = key
		.open(&reason_purpose(&change.certificate_id), &change.sealed_reason)
		.map_err(|error| IssueError::Store(StoreError(error.to_string())))?;
	String::from_utf8(plain)
		.map_err(|_| IssueError::Store(StoreError("a sealed reason is not text".into())))
}

#[cfg(test)]
mod tests {
	use super::*;
	use StatusChangeKind::*;
	use VerificationStatus::*;

	#[test]
	fn each_change_is_refused_where_the_chain_would_refuse_it_and_done_once_applied() {
		assert_eq!(refusal(Suspend, Valid), None);
		assert_eq!(refusal(Suspend, Expired), None);
		assert!(refusal(Suspend, Suspended).is_some());
		assert!(refusal(Reinstate, Valid).is_some());
		assert_eq!(refusal(Reinstate, Suspended), None);
		assert_eq!(refusal(Revoke, Suspended), None);
		for kind in StatusChangeKind::ALL {
			assert!(refusal(kind, Revoked).is_some());
			assert!(refusal(kind, Unknown).is_some());
		}
		assert!(is_done(Suspend, Suspended) && !is_done(Suspend, Valid));
		assert!(is_done(Reinstate, Valid) && !is_done(Reinstate, Suspended));
		assert!(!is_done(Reinstate, Revoked));
		assert!(is_done(Revoke, Revoked) && !is_done(Revoke, Suspended));
	}
}

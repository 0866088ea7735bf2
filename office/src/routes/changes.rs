//! Revoking, suspending and reinstating an issued certificate: an officer
//! asks, with the reason in words (and, to revoke, the chain's reason
//! code); the office puts the change on chain and keeps its receipt.

use super::ErrorBody;
use super::{ApiError, Office, Staff};
use crate::{
	domain::{
		changes::{open_reason, ChangeRequest},
		staff::Action,
	},
	store::{ChangeRefused, ChangeRow, StatusChangeKind},
};
use axum::{
	extract::{Path, State},
	http::StatusCode,
	Json,
};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

/// An officer's change of a certificate's status.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Change {
	/// Why, in words.
	reason: String,
	/// The chain's reason code (revocation only).
	reason_code: Option<u16>,
}

/// Revokes an issued certificate, for good, with the chain's reason code.
#[utoipa::path(post, path = "/api/certificates/{id}/revoke", tag = "changes", params(("id" = i64, Path, description = "The office's number for the certificate")),
	request_body = Change,
	responses(
		(status = 202, description = "Asked for; being sent", body = ChangeRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such certificate", body = ErrorBody),
		(status = 409, description = "Not issued, or another change is on its way", body = ErrorBody),
		(status = 502, description = "The chain could not be asked", body = ErrorBody),
	))]
pub async fn revoke(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Json(change): Json<Change>,
) -> Result<(StatusCode, Json<ChangeRow>), ApiError> {
	request(office, staff, id, StatusChangeKind::Revoke, change).await
}

/// Suspends an issued certificate.
#[utoipa::path(post, path = "/api/certificates/{id}/suspend", tag = "changes", params(("id" = i64, Path, description = "The office's number for the certificate")),
	request_body = Change,
	responses(
		(status = 202, description = "Asked for; being sent", body = ChangeRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such certificate", body = ErrorBody),
		(status = 409, description = "Not issued, or another change is on its way", body = ErrorBody),
		(status = 502, description = "The chain could not be asked", body = ErrorBody),
	))]
pub async fn suspend(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Json(change): Json<Change>,
) -> Result<(StatusCode, Json<ChangeRow>), ApiError> {
	request(office, staff, id, StatusChangeKind::Suspend, change).await
}

/// Reinstates a suspended certificate.
#[utoipa::path(post, path = "/api/certificates/{id}/reinstate", tag = "changes", params(("id" = i64, Path, description = "The office's number for the certificate")),
	request_body = Change,
	responses(
		(status = 202, description = "Asked for; being sent", body = ChangeRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such certificate", body = ErrorBody),
		(status = 409, description = "Not issued, or another change is on its way", body = ErrorBody),
		(status = 502, description = "The chain could not be asked", body = ErrorBody),
	))]
pub async fn reinstate(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Json(change): Json<Change>,
) -> Result<(StatusCode, Json<ChangeRow>), ApiError> {
	request(office, staff, id, StatusChangeKind::Reinstate, change).await
}

/// An officer asks for change `kind` of certificate `id`.
async fn request(
	office: Office,
	staff: Staff,
	id: i64,
	kind: StatusChangeKind,
	change: Change,
) -> Result<(StatusCode, Json<ChangeRow>), ApiError> {
	staff.may(Action::ChangeStatus)?;
	let row = office.certificate(id).await?;
	let request = ChangeRequest { kind, reason_code: change.reason_code, reason: change.reason };
	let new = office.chains.check_change(&office.key, &row, request).await?;
	let stored = match office.store.request_change(id, new, staff.by()).await? {
		Ok(stored) => stored,
		Err(ChangeRefused::NotFound) => return Err(ApiError::not_found("such certificate")),
		Err(ChangeRefused::NotIssued(state)) => {
			return Err(ApiError::new(
				StatusCode::CONFLICT,
				format!("certificate {id} is {state}, not issued"),
				"only a certificate on chain is revoked, suspended or reinstated",
			))
		},
		Err(ChangeRefused::Pending(pending)) => {
			return Err(ApiError::new(
				StatusCode::CONFLICT,
				format!("change {pending} of certificate {id} is still being sent"),
				"wait until it is on chain, then ask again",
			))
		},
	};
	office.wake.notify_one();
	Ok((StatusCode::ACCEPTED, Json(stored)))
}

/// The changes of certificate `id`, oldest first; with their reasons in
/// words for those who may change a status or read the audit log.
#[utoipa::path(get, path = "/api/certificates/{id}/changes", tag = "changes", params(("id" = i64, Path, description = "The office's number for the certificate")),
	responses(
		(status = 200, description = "The changes; each with `reason`, in words, for officers and auditors",
			body = [ChangeRow]),
		(status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
	))]
pub async fn list(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<Json<Vec<Value>>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	let with_reasons =
		staff.may(Action::ChangeStatus).is_ok() || staff.may(Action::ReadAudit).is_ok();
	let mut listed = Vec::new();
	for change in office.store.changes_of(id).await? {
		let mut shown = serde_json::to_value(&change).expect("a change serializes");
		if with_reasons {
			shown["reason"] = open_reason(&office.key, &change)?.into();
		}
		listed.push(shown);
	}
	Ok(Json(listed))
}

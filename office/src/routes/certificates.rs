//! The office's certificates: a clerk drafts, an officer approves (the
//! office then issues on chain), and anyone allowed reads where each stands.
//! The fields themselves leave the office only in a holder's file that an
//! officer re-issues after checking who is asking.

use super::ErrorBody;
use super::{ApiError, Office, Staff};
use crate::{
	domain::{
		issuing::{self, DraftRequest},
		staff::Action,
	},
	store::{CertificateRow, CertificateState, Search},
};
use axum::{
	extract::{Path, Query, State},
	http::StatusCode,
	Json,
};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A clerk's draft of a certificate.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
	/// The certificate type's id, as the main chain's registry has it.
	certificate_type: String,
	/// The holder: an account (SS58) or an identity id (0x-hex).
	holder: String,
	/// The type's fields by name, the certificate number first.
	#[schema(value_type = BTreeMap<String, String>)]
	fields: BTreeMap<String, Value>,
	/// Valid until, Unix ms; no end if absent.
	valid_until: Option<i64>,
}

/// Drafts a certificate: checked against the type's schema and the
/// holder's identity, and stored, fields sealed, before anything is sent.
#[utoipa::path(post, path = "/api/certificates", tag = "certificates", request_body = Draft,
	responses(
		(status = 201, description = "Drafted", body = CertificateRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 409, description = "The office has this number already", body = ErrorBody), (status = 502, description = "The chain could not be asked", body = ErrorBody),
	))]
pub async fn draft(
	State(office): State<Office>,
	staff: Staff,
	Json(draft): Json<Draft>,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	staff.may(Action::Draft)?;
	let fields = text_fields(draft.fields)?;
	let request = DraftRequest {
		certificate_type: draft.certificate_type,
		holder: draft.holder,
		fields,
		valid_until: draft.valid_until,
	};
	let new = office.chains.draft(&office.key, request).await?;
	let stored = office.store.add_draft(staff.by(), new).await.map_err(|error| {
		ApiError::new(StatusCode::CONFLICT, error.0, "each certificate number is issued once")
	})?;
	Ok((StatusCode::CREATED, Json(stored)))
}

/// A form's fields as text: numbers are taken as written.
fn text_fields(fields: BTreeMap<String, Value>) -> Result<BTreeMap<String, String>, ApiError> {
	fields
		.into_iter()
		.map(|(name, value)| match value {
			Value::String(text) => Ok((name, text)),
			Value::Number(number) => Ok((name, number.to_string())),
			_ => Err(ApiError::bad_input(format!("field {name:?} must be text"))),
		})
		.collect()
}

/// A renewal's new data: the successor's fields that change (its own
/// number, at least) and end of validity. The holder and the type are the renewed one's.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Renewal {
	/// The fields that change, by name: at least a number of its own. Those
	/// not given are the renewed certificate's.
	#[schema(value_type = BTreeMap<String, String>)]
	fields: BTreeMap<String, Value>,
	/// Valid until, Unix ms; no end if absent.
	valid_until: Option<i64>,
}

/// A clerk drafts the renewal of issued certificate `id`; an officer
/// approves it like any draft, and the chain then marks `id` superseded.
#[utoipa::path(post, path = "/api/certificates/{id}/renew", tag = "certificates",
	params(("id" = i64, Path, description = "The office's number for the certificate")), request_body = Renewal,
	responses(
		(status = 201, description = "The renewal, drafted", body = CertificateRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such certificate", body = ErrorBody),
		(status = 409, description = "Renewed already, or the number is taken", body = ErrorBody),
		(status = 502, description = "The chain could not be asked", body = ErrorBody),
	))]
pub async fn renew(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Json(renewal): Json<Renewal>,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	staff.may(Action::Draft)?;
	let old = office.certificate(id).await?;
	let fields = text_fields(renewal.fields)?;
	let new = office.chains.renewal(&office.key, &old, fields, renewal.valid_until).await?;
	let stored = office.store.add_draft(staff.by(), new).await.map_err(|error| {
		ApiError::new(
			StatusCode::CONFLICT,
			error.0,
			"a certificate is renewed once, and each number is issued once",
		)
	})?;
	Ok((StatusCode::CREATED, Json(stored)))
}

/// The most certificates one search gives.
const SEARCH_LIMIT: i64 = 500;

/// Searches the office's certificates, newest first (at most 500).
#[utoipa::path(get, path = "/api/certificates", tag = "certificates", params(Search),
	responses((status = 200, description = "What matches", body = [CertificateRow]), (status = 400, description = "The holder has no identity on the main chain", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 502, description = "The chain could not be asked", body = ErrorBody)))]
pub async fn search(
	State(office): State<Office>,
	staff: Staff,
	Query(mut search): Query<Search>,
) -> Result<Json<Vec<CertificateRow>>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	if let Some(holder) = search.holder.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
		search.holder = Some(office.chains.identity_of(holder).await?);
	}
	let found = office.store.search(&search, SEARCH_LIMIT).await?;
	Ok(Json(found))
}

/// One certificate of the office, and where it stands.
#[utoipa::path(get, path = "/api/certificates/{id}", tag = "certificates", params(("id" = i64, Path, description = "The office's number for the certificate")),
	responses((status = 200, description = "The certificate", body = CertificateRow), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such certificate", body = ErrorBody)))]
pub async fn one(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<Json<CertificateRow>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	let row = office.certificate(id).await?;
	Ok(Json(row))
}

/// An officer approves a draft: the office then issues it on chain.
#[utoipa::path(post, path = "/api/certificates/{id}/approve", tag = "certificates", params(("id" = i64, Path, description = "The office's number for the certificate")),
	responses(
		(status = 202, description = "Approved; being sent", body = CertificateRow), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 404, description = "There is no such certificate", body = ErrorBody), (status = 409, description = "It is not a draft", body = ErrorBody),
	))]
pub async fn approve(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	send(office, staff, id, CertificateState::Draft).await
}

/// An officer sends again a certificate the chain refused.
#[utoipa::path(post, path = "/api/certificates/{id}/retry", tag = "certificates", params(("id" = i64, Path, description = "The office's number for the certificate")),
	responses(
		(status = 202, description = "Being sent again", body = CertificateRow), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 404, description = "There is no such certificate", body = ErrorBody), (status = 409, description = "The chain did not refuse it", body = ErrorBody),
	))]
pub async fn retry(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	send(office, staff, id, CertificateState::Failed).await
}

/// An officer sends certificate `id`, which must be in state `from`.
async fn send(
	office: Office,
	staff: Staff,
	id: i64,
	from: CertificateState,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	staff.may(Action::Approve)?;
	let Some(row) = office.store.send(id, from, staff.by()).await? else {
		let row = office.certificate(id).await?;
		let hint = match from {
			CertificateState::Draft => "only a draft can be approved",
			_ => "only a certificate the chain refused is sent again",
		};
		return Err(ApiError::new(
			StatusCode::CONFLICT,
			format!("certificate {id} is {}, not {}", row.state.as_str(), from.as_str()),
			hint,
		));
	};
	office.wake.notify_one();
	Ok((StatusCode::ACCEPTED, Json(row)))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reissue {
	/// How the officer checked that the person asking is the holder, in
	/// words (kept in the audit log).
	identity_checked: String,
}

/// An officer gives the holder their certificate file again, from the
/// office's records, having checked who is asking.
#[utoipa::path(post, path = "/api/certificates/{id}/holder-file", tag = "certificates",
	params(("id" = i64, Path, description = "The office's number for the certificate")), request_body = Reissue,
	responses(
		(status = 200, description = "The holder's `.ecert.json` file", body = Value), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody),
		(status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such certificate", body = ErrorBody),
		(status = 409, description = "It is not on chain yet", body = ErrorBody),
	))]
pub async fn holder_file(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Json(reissue): Json<Reissue>,
) -> Result<Json<Value>, ApiError> {
	staff.may(Action::ReissueHolderFile)?;
	let checked = reissue.identity_checked.trim();
	if checked.is_empty() || checked.len() > 200 {
		return Err(ApiError::bad_input(
			"say how you checked the holder's identity (at most 200 characters), for the audit log",
		));
	}
	let row = office.certificate(id).await?;
	if row.state != CertificateState::Issued {
		return Err(ApiError::new(
			StatusCode::CONFLICT,
			format!("certificate {id} is {}, not issued", row.state.as_str()),
			"a holder's file is given once the certificate is on chain",
		));
	}
	let file = issuing::holder_file(&office.key, &office.chains.org, &row)?;
	office
		.store
		.audit(staff.by().1, "reissue-holder-file", &format!("certificate {id}"), checked)
		.await?;
	Ok(Json(serde_json::to_value(file).expect("a holder's file serializes")))
}

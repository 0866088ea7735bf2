//! The office's certificates: a clerk drafts, an officer approves (the
//! office then issues on chain), and anyone allowed reads where each stands.
//! The fields themselves leave the office only in a holder's file that an
//! officer re-issues after checking who is asking.

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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
	certificate_type: String,
	holder: String,
	fields: BTreeMap<String, Value>,
	valid_until: Option<i64>,
}

pub async fn draft(
	State(office): State<Office>,
	staff: Staff,
	Json(draft): Json<Draft>,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	staff.may(Action::Draft)?;
	let fields = draft
		.fields
		.into_iter()
		.map(|(name, value)| match value {
			Value::String(text) => Ok((name, text)),
			Value::Number(number) => Ok((name, number.to_string())),
			_ => Err(ApiError::bad_input(format!("field {name:?} must be text"))),
		})
		.collect::<Result<_, _>>()?;
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

/// The most certificates one search gives.
const SEARCH_LIMIT: i64 = 500;

pub async fn search(
	State(office): State<Office>,
	staff: Staff,
	Query(search): Query<Search>,
) -> Result<Json<Vec<CertificateRow>>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	let found = office.store.search(&search, SEARCH_LIMIT).await?;
	Ok(Json(found))
}

pub async fn one(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<Json<CertificateRow>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	let row = office
		.store
		.certificate(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such certificate"))?;
	Ok(Json(row))
}

pub async fn approve(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<(StatusCode, Json<CertificateRow>), ApiError> {
	send(office, staff, id, CertificateState::Draft).await
}

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
		let row = office
			.store
			.certificate(id)
			.await?
			.ok_or_else(|| ApiError::not_found("such certificate"))?;
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reissue {
	/// How the officer checked that the person asking is the holder, in
	/// words (kept in the audit log).
	identity_checked: String,
}

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
	let row = office
		.store
		.certificate(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such certificate"))?;
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

//! Certificates' documents: a clerk attaches a file to a draft; once the
//! certificate is on chain, its holder, or a verifier the holder granted,
//! downloads it at the address on chain, with their signature.

use super::{ApiError, Office, Staff};
use crate::{
	domain::{
		documents::{self, Refused},
		issuing::IssueError,
		staff::Action,
	},
	store::{CertificateRow, CertificateState},
};
use axum::{
	body::Bytes,
	extract::{Path, Query, State},
	http::{header, HeaderMap, StatusCode},
	response::{IntoResponse, Response},
	Json,
};
use ecert_primitives::query::QuerySignature;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Attach {
	/// The file's name, as the holder will get it.
	name: String,
}

/// `POST /api/certificates/{id}/document?name=…`: the file is the body,
/// its type the `Content-Type` header.
pub async fn attach(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Query(attach): Query<Attach>,
	headers: HeaderMap,
	file: Bytes,
) -> Result<Json<CertificateRow>, ApiError> {
	staff.may(Action::Draft)?;
	let row = office
		.store
		.certificate(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such certificate"))?;
	let media_type = headers
		.get(header::CONTENT_TYPE)
		.and_then(|value| value.to_str().ok())
		.filter(|value| value.len() <= 100)
		.unwrap_or("application/octet-stream");
	let document =
		documents::prepare(&office.key, &office.public_url, &row, &attach.name, media_type, &file)?;
	let attached = office.store.attach_document(id, staff.by(), document).await?;
	attached.map(Json).ok_or_else(|| {
		ApiError::new(
			StatusCode::CONFLICT,
			format!("certificate {id} is {}, not a draft", row.state.as_str()),
			"a document is attached before approval: its hash goes on chain with the certificate",
		)
	})
}

/// `GET /documents/{certificate}`: what a browser that follows the address
/// on chain is told.
pub async fn how(Path(_): Path<String>) -> ApiError {
	ApiError::new(
		StatusCode::UNAUTHORIZED,
		"this certificate's document is given only to its holder, or to a verifier the holder \
		 granted access",
		"download it with `ecert cert document`, signed with the holder's or the verifier's key",
	)
}

/// `POST /documents/{certificate}` with the reader's signature
/// ([`QuerySignature`]) as the body.
pub async fn download(
	State(office): State<Office>,
	Path(certificate_id): Path<String>,
	Json(signature): Json<QuerySignature>,
) -> Result<Response, ApiError> {
	let row = office.store.certificate_by_chain_id(&certificate_id).await?;
	let row = row
		.filter(|row| row.state == CertificateState::Issued && row.document_hash.is_some())
		.ok_or_else(|| ApiError::not_found("document of such a certificate at this office"))?;
	let now = crate::domain::issuing::now_ms() as u64;
	let reader = match office.chains.document_reader(&row, &signature, now).await {
		Ok(reader) => reader,
		Err(Refused::Query(refused)) => {
			return Err(ApiError::new(StatusCode::FORBIDDEN, refused.describe(), ""))
		},
		Err(Refused::NoGrant) => {
			return Err(ApiError::new(
				StatusCode::FORBIDDEN,
				"the holder has not granted you access to this certificate, or the grant has \
				 ended",
				"ask the holder to grant it (`ecert cert grant`)",
			))
		},
		Err(Refused::Failed(error)) => return Err(error.into()),
	};
	let document = office.store.document(row.id).await?.ok_or_else(|| {
		IssueError::Store(crate::store::StoreError("a document's content is missing".into()))
	})?;
	let content = documents::open(&office.key, &row, &document)?;
	let who = match reader {
		None => "holder".to_owned(),
		Some(verifier) => format!("verifier {:?}", verifier.0),
	};
	office
		.store
		.audit(&who, "download-document", &format!("certificate {}", row.id), &document.name)
		.await?;
	let disposition = format!("attachment; filename=\"{}\"", document.name);
	Ok((
		[(header::CONTENT_TYPE, document.media_type), (header::CONTENT_DISPOSITION, disposition)],
		content,
	)
		.into_response())
}

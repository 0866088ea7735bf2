//! Certificates' documents: a clerk attaches a file to a draft; once the
//! certificate is on chain, its holder, or a verifier the holder granted,
//! downloads it at the address on chain, with their signature.

use super::ErrorBody;
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
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Attach {
	/// The file's name, as the holder will get it.
	name: String,
}

/// A clerk attaches the certificate's document to its draft.
///
/// The file is the body, its type the `Content-Type` header. Its hash, and
/// the address it is downloaded from, go on chain with the certificate.
#[utoipa::path(post, path = "/api/certificates/{id}/document", tag = "documents",
	params(("id" = i64, Path, description = "The office's number for the certificate"), Attach),
	request_body(content = Vec<u8>, content_type = "application/octet-stream",
		description = "The file; its media type in `Content-Type`"),
	responses(
		(status = 200, description = "Attached", body = CertificateRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 404, description = "There is no such certificate", body = ErrorBody), (status = 409, description = "It is not a draft", body = ErrorBody),
	))]
pub async fn attach(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
	Query(attach): Query<Attach>,
	headers: HeaderMap,
	file: Bytes,
) -> Result<Json<CertificateRow>, ApiError> {
	staff.may(Action::Draft)?;
	let row = office.certificate(id).await?;
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

/// What a browser that follows a document's address on chain is told.
#[utoipa::path(get, path = "/documents/{certificate}", tag = "documents", security(()),
	params(("certificate" = String, Path, description = "The chain's certificate id, hex")),
	responses((status = 401, description = "How to download it", body = ErrorBody)))]
pub async fn how(Path(_): Path<String>) -> ApiError {
	ApiError::new(
		StatusCode::UNAUTHORIZED,
		"this certificate's document is given only to its holder, or to a verifier the holder \
		 granted access",
		"download it with `ecert cert document`, signed with the holder's or the verifier's key",
	)
}

/// The holder, or a verifier the holder granted, downloads the document.
///
/// The body is the reader's signature ([`QuerySignature`]), made as for
/// `ecert_certificatesOf`; `ecert cert document` makes it.
#[utoipa::path(post, path = "/documents/{certificate}", tag = "documents", security(()),
	params(("certificate" = String, Path, description = "The chain's certificate id, hex")),
	request_body(content = Value, description = "The reader's signature (QuerySignature)"),
	responses(
		(status = 200, description = "The document", body = Vec<u8>,
			content_type = "application/octet-stream"),
		(status = 403, description = "Not the holder, nor a granted verifier", body = ErrorBody),
		(status = 404, description = "The office has no document of this certificate", body = ErrorBody),
	))]
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

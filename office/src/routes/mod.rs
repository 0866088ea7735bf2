//! The office's JSON HTTP API: thin handlers over [`crate::domain`] and
//! [`crate::store`]. Every answer that is not a success is one JSON shape,
//! `{"error": "...", "hint": "..."}`, in plain words.

mod audit;
mod auth;
mod certificates;
mod changes;
mod documents;
mod imports;
mod staff;

use crate::{
	domain::{
		issuing::{Chains, IssueError},
		vault::DataKey,
	},
	store::{Store, StoreError},
};
use axum::{
	extract::DefaultBodyLimit,
	http::{header, Method, StatusCode},
	response::{IntoResponse, Response},
	routing::{get, post},
	Json, Router,
};
use serde_json::json;
use std::sync::Arc;
use tokio::sync::Notify;
use tower_http::cors::{Any, CorsLayer};

pub use auth::Staff;

/// What every handler may use.
#[derive(Clone)]
pub struct Office {
	pub store: Store,
	pub key: DataKey,
	pub chains: Chains,
	/// Wakes the sender when an officer approves or changes a status.
	pub wake: Arc<Notify>,
	/// The address holders and verifiers reach the office at: documents'
	/// addresses on chain start with it.
	pub public_url: String,
}

/// The largest request body: an import of 100,000 rows of a few hundred
/// bytes each.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// The API's routes.
///
/// Any web page may call them (CORS), so that the web app's issuer console,
/// served from elsewhere, reaches the office: a login's token travels in a
/// header that only the page the member of staff logged in on holds, never
/// in a cookie that another page could make the browser send.
pub fn router(office: Office) -> Router {
	let console = CorsLayer::new()
		.allow_origin(Any)
		.allow_methods([Method::GET, Method::POST])
		.allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
	Router::new()
		.route("/api/login", post(auth::login))
		.route("/api/logout", post(auth::logout))
		.route("/api/me", get(auth::me))
		.route("/api/staff", get(staff::list).post(staff::add))
		.route("/api/certificates", get(certificates::search).post(certificates::draft))
		.route("/api/certificates/{id}", get(certificates::one))
		.route("/api/certificates/{id}/approve", post(certificates::approve))
		.route("/api/certificates/{id}/retry", post(certificates::retry))
		.route("/api/certificates/{id}/holder-file", post(certificates::holder_file))
		.route("/api/certificates/{id}/revoke", post(changes::revoke))
		.route("/api/certificates/{id}/suspend", post(changes::suspend))
		.route("/api/certificates/{id}/reinstate", post(changes::reinstate))
		.route("/api/certificates/{id}/changes", get(changes::list))
		.route("/api/certificates/{id}/document", post(documents::attach))
		.route("/documents/{certificate}", get(documents::how).post(documents::download))
		.route("/api/imports", post(imports::add))
		.route("/api/imports/{id}", get(imports::one))
		.route("/api/imports/{id}/approve", post(imports::approve))
		.route("/api/imports/{id}/events", get(imports::events))
		.route("/api/audit", get(audit::log))
		.route("/api/audit.csv", get(audit::csv))
		.fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "there is no such page", "") })
		.layer(DefaultBodyLimit::max(MAX_BODY))
		.layer(console)
		.with_state(office)
}

/// A refusal or failure, as the API answers it.
#[derive(Debug)]
pub struct ApiError {
	status: StatusCode,
	error: String,
	hint: String,
	/// What exactly is wrong, where there is more to say (an import's rows).
	details: Option<serde_json::Value>,
}

impl ApiError {
	pub fn new(status: StatusCode, error: impl Into<String>, hint: impl Into<String>) -> Self {
		ApiError { status, error: error.into(), hint: hint.into(), details: None }
	}

	pub fn with_details(
		status: StatusCode,
		error: impl Into<String>,
		hint: impl Into<String>,
		details: serde_json::Value,
	) -> Self {
		ApiError { details: Some(details), ..ApiError::new(status, error, hint) }
	}

	pub fn bad_input(error: impl Into<String>) -> Self {
		ApiError::new(StatusCode::BAD_REQUEST, error, "")
	}

	pub fn not_found(what: &str) -> Self {
		ApiError::new(StatusCode::NOT_FOUND, format!("there is no {what}"), "")
	}
}

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		let mut body = json!({ "error": self.error, "hint": self.hint });
		if let Some(details) = self.details {
			body["details"] = details;
		}
		(self.status, Json(body)).into_response()
	}
}

impl From<StoreError> for ApiError {
	fn from(error: StoreError) -> Self {
		eprintln!("ecert-office: {error}");
		ApiError::new(
			StatusCode::INTERNAL_SERVER_ERROR,
			"the office's database failed",
			"try again; if it goes on, tell the office's administrator",
		)
	}
}

impl From<IssueError> for ApiError {
	fn from(error: IssueError) -> Self {
		match error {
			IssueError::Input(message) => ApiError::bad_input(message),
			IssueError::Chain(message) => ApiError::new(
				StatusCode::BAD_GATEWAY,
				format!("the chain could not be asked: {message}"),
				"try again in a moment",
			),
			IssueError::Store(error) => ApiError::from(error),
		}
	}
}

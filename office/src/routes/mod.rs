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
	routing::get,
	Json, Router,
};
use serde::Serialize;
use std::sync::Arc;
use tokio::sync::Notify;
use tower_http::cors::{Any, CorsLayer};
use utoipa::{
	openapi::security::{Http, HttpAuthScheme, SecurityScheme},
	OpenApi, ToSchema,
};
use utoipa_axum::{router::OpenApiRouter, routes};

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
		.allow_methods([Method::GET, Method::POST, Method::PATCH])
		.allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
	let (api, description) = api().split_for_parts();
	let description = Arc::new(description);
	api.route("/api/openapi.json", get(move || async move { Json(description.clone()) }))
		.fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "there is no such page", "") })
		.layer(DefaultBodyLimit::max(MAX_BODY))
		.layer(console)
		.with_state(office)
}

impl Office {
	/// The office's certificate `id`, or the API's "there is no such
	/// certificate".
	async fn certificate(&self, id: i64) -> Result<crate::store::CertificateRow, ApiError> {
		self.store.certificate(id).await?.ok_or_else(|| ApiError::not_found("such certificate"))
	}
}

/// The API's description, OpenAPI 3.1, served at `/api/openapi.json`.
#[derive(OpenApi)]
#[openapi(
	info(
		title = "ecert-office",
		description = "The issuer's office: staff draft, approve, renew, revoke and import \
			certificates, which the office issues on chain. Log in at `/api/login`, then send \
			the token as `Authorization: Bearer <token>`. Every answer that is not a success is \
			an `ErrorBody`, in plain words."
	),
	modifiers(&StaffToken),
	security(("staff" = [])),
	components(schemas(ErrorBody)),
	tags(
		(name = "staff", description = "Logging in, and the office's staff"),
		(name = "certificates", description = "Drafting, approving, renewing; holders' files"),
		(name = "changes", description = "Revoking, suspending and reinstating"),
		(name = "documents", description = "Certificates' documents"),
		(name = "imports", description = "Batch imports from CSV"),
		(name = "audit", description = "The append-only audit log"),
	)
)]
struct ApiDoc;

/// The staff's bearer token, the API's one way of logging in.
struct StaffToken;

impl utoipa::Modify for StaffToken {
	fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
		let components = openapi.components.get_or_insert_with(Default::default);
		let mut token = Http::new(HttpAuthScheme::Bearer);
		token.description = Some("The token `/api/login` gives".into());
		components.add_security_scheme("staff", SecurityScheme::Http(token));
	}
}

/// The API's routes with their description: one list, so the document
/// describes exactly what is served.
fn api() -> OpenApiRouter<Office> {
	OpenApiRouter::with_openapi(ApiDoc::openapi())
		.routes(routes!(auth::login))
		.routes(routes!(auth::logout))
		.routes(routes!(auth::me))
		.routes(routes!(staff::list, staff::add))
		.routes(routes!(staff::change))
		.routes(routes!(certificates::search, certificates::draft))
		.routes(routes!(certificates::one))
		.routes(routes!(certificates::approve))
		.routes(routes!(certificates::retry))
		.routes(routes!(certificates::holder_file))
		.routes(routes!(certificates::renew))
		.routes(routes!(changes::revoke))
		.routes(routes!(changes::suspend))
		.routes(routes!(changes::reinstate))
		.routes(routes!(changes::list))
		.routes(routes!(documents::attach))
		.routes(routes!(documents::how, documents::download))
		.routes(routes!(imports::add))
		.routes(routes!(imports::one))
		.routes(routes!(imports::approve))
		.routes(routes!(imports::events))
		.routes(routes!(audit::log))
		.routes(routes!(audit::csv))
}

/// The API's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
	api().into_openapi()
}

/// Every answer that is not a success.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
	/// What went wrong, in plain words.
	error: String,
	/// What to do about it; may be empty.
	hint: String,
	/// What exactly is wrong, where there is more to say: an import's rows.
	#[serde(skip_serializing_if = "Option::is_none")]
	details: Option<serde_json::Value>,
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
		let body = ErrorBody { error: self.error, hint: self.hint, details: self.details };
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

#[cfg(test)]
mod tests {
	use serde_json::{json, Value};

	/// Every `$ref` under `value`.
	fn references(value: &Value, found: &mut Vec<String>) {
		match value {
			Value::Object(map) => {
				if let Some(Value::String(target)) = map.get("$ref") {
					found.push(target.clone());
				}
				map.values().for_each(|value| references(value, found));
			},
			Value::Array(items) => items.iter().for_each(|value| references(value, found)),
			_ => {},
		}
	}

	#[test]
	fn the_openapi_document_describes_every_route_and_who_may_call_it() {
		let document = serde_json::to_value(super::openapi()).unwrap();
		assert!(
			document["openapi"].as_str().unwrap().starts_with("3.1"),
			"{}",
			document["openapi"]
		);
		let public =
			["POST /api/login", "GET /documents/{certificate}", "POST /documents/{certificate}"];
		let mut described = Vec::new();
		for (path, item) in document["paths"].as_object().unwrap() {
			for (method, operation) in item.as_object().unwrap() {
				let route = format!("{} {path}", method.to_uppercase());
				let responses = operation["responses"].as_object().unwrap();
				assert!(!responses.is_empty(), "{route} says what it answers");
				let open = operation.get("security") == Some(&json!([{}]));
				assert_eq!(open, public.contains(&route.as_str()), "{route}: who may call it");
				if !open {
					assert!(responses.contains_key("401"), "{route} answers 401 logged out");
				}
				described.push(route);
			}
		}
		described.sort();
		let mut expected = vec![
			"POST /api/login",
			"POST /api/logout",
			"GET /api/me",
			"GET /api/staff",
			"POST /api/staff",
			"PATCH /api/staff/{username}",
			"GET /api/certificates",
			"POST /api/certificates",
			"GET /api/certificates/{id}",
			"POST /api/certificates/{id}/approve",
			"POST /api/certificates/{id}/retry",
			"POST /api/certificates/{id}/holder-file",
			"POST /api/certificates/{id}/renew",
			"POST /api/certificates/{id}/revoke",
			"POST /api/certificates/{id}/suspend",
			"POST /api/certificates/{id}/reinstate",
			"GET /api/certificates/{id}/changes",
			"POST /api/certificates/{id}/document",
			"GET /documents/{certificate}",
			"POST /documents/{certificate}",
			"POST /api/imports",
			"GET /api/imports/{id}",
			"POST /api/imports/{id}/approve",
			"GET /api/imports/{id}/events",
			"GET /api/audit",
			"GET /api/audit.csv",
		];
		expected.sort();
		assert_eq!(described, expected);
		assert_eq!(document["components"]["securitySchemes"]["staff"]["scheme"], "bearer");
		let mut targets = Vec::new();
		references(&document, &mut targets);
		assert!(targets.len() > 50, "{targets:?}");
		for target in targets {
			let name = target.strip_prefix("#/components/schemas/").unwrap();
			assert!(document["components"]["schemas"].get(name).is_some(), "{target} is described");
		}
		let row = &document["components"]["schemas"]["CertificateRow"]["properties"];
		assert!(row.get("renews").is_some() && row.get("sealedFields").is_none(), "{row}");
	}
}

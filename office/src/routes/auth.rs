//! Logging in and out, and who is asking: a bearer token from `/api/login`
//! in the `Authorization` header.

use super::ErrorBody;
use super::{ApiError, Office};
use crate::domain::staff::Role;
use crate::{
	domain::staff::{new_session_token, password_matches, Action},
	store::Session,
};
use axum::{
	extract::{FromRequestParts, State},
	http::{header::AUTHORIZATION, request::Parts, StatusCode},
	Json,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The logged-in member of staff making a request.
pub struct Staff {
	pub session: Session,
	token: String,
}

impl Staff {
	/// The member of staff, if their role may do `action`.
	pub fn may(&self, action: Action) -> Result<(), ApiError> {
		match self.session.staff.role.may(action) {
			true => Ok(()),
			false => Err(ApiError::new(
				StatusCode::FORBIDDEN,
				format!("a {} may not {}", self.session.staff.role, action.words()),
				"ask a member of staff whose role allows it",
			)),
		}
	}

	/// Who, for the audit log.
	pub fn by(&self) -> (i64, &str) {
		(self.session.staff.id, &self.session.staff.username)
	}
}

fn logged_out() -> ApiError {
	ApiError::new(StatusCode::UNAUTHORIZED, "you are not logged in", "log in at /api/login")
}

impl FromRequestParts<Office> for Staff {
	type Rejection = ApiError;

	async fn from_request_parts(parts: &mut Parts, office: &Office) -> Result<Self, ApiError> {
		let token = parts
			.headers
			.get(AUTHORIZATION)
			.and_then(|value| value.to_str().ok())
			.and_then(|value| value.strip_prefix("Bearer "))
			.ok_or_else(logged_out)?
			.trim()
			.to_owned();
		let session = office.store.session(&token).await?.ok_or_else(logged_out)?;
		Ok(Staff { session, token })
	}
}

#[derive(Deserialize, ToSchema)]
pub struct Login {
	username: String,
	password: String,
}

/// A member of staff's session.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
	pub username: String,
	pub role: Role,
	/// When the session ends, in Unix seconds.
	pub expires_at: i64,
}

/// A new session, and the token that opens it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoggedIn {
	/// Sent with every call as `Authorization: Bearer <token>`.
	pub token: String,
	pub username: String,
	pub role: Role,
	/// When the session ends, in Unix seconds.
	pub expires_at: i64,
}

/// Logs in with a username and password.
#[utoipa::path(post, path = "/api/login", tag = "staff", security(()), request_body = Login,
	responses(
		(status = 200, description = "Logged in", body = LoggedIn),
		(status = 401, description = "The username or the password is wrong", body = ErrorBody),
	))]
pub async fn login(
	State(office): State<Office>,
	Json(login): Json<Login>,
) -> Result<Json<LoggedIn>, ApiError> {
	let found = office.store.staff_named(&login.username).await?;
	let staff = found
		.filter(|staff| staff.active && password_matches(&login.password, &staff.password_hash))
		.ok_or_else(|| {
			ApiError::new(
				StatusCode::UNAUTHORIZED,
				"the username or the password is wrong",
				"check both; an administrator can reset a password",
			)
		})?;
	let (token, hash) = new_session_token();
	let expires_at = office.store.start_session(&staff, hash).await?;
	Ok(Json(LoggedIn { token, username: staff.username, role: staff.role, expires_at }))
}

/// Logs out: the token opens nothing any more.
#[utoipa::path(post, path = "/api/logout", tag = "staff",
	responses((status = 204, description = "Logged out"), (status = 401, description = "Not logged in", body = ErrorBody)))]
pub async fn logout(State(office): State<Office>, staff: Staff) -> Result<StatusCode, ApiError> {
	office.store.end_session(&staff.session.staff.username, &staff.token).await?;
	Ok(StatusCode::NO_CONTENT)
}

/// Who is logged in, with which role, until when.
#[utoipa::path(get, path = "/api/me", tag = "staff",
	responses((status = 200, description = "The session", body = SessionView), (status = 401, description = "Not logged in", body = ErrorBody)))]
pub async fn me(staff: Staff) -> Json<SessionView> {
	Json(SessionView {
		username: staff.session.staff.username,
		role: staff.session.staff.role,
		expires_at: staff.session.expires_at,
	})
}

//! Logging in and out, and who is asking: a bearer token from `/api/login`
//! in the `Authorization` header.

use super::{ApiError, Office};
use crate::{
	domain::staff::{new_session_token, password_matches, Action},
	store::Session,
};
use axum::{
	extract::{FromRequestParts, State},
	http::{header::AUTHORIZATION, request::Parts, StatusCode},
	Json,
};
use serde::Deserialize;
use serde_json::{json, Value};

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

#[derive(Deserialize)]
pub struct Login {
	username: String,
	password: String,
}

pub async fn login(
	State(office): State<Office>,
	Json(login): Json<Login>,
) -> Result<Json<Value>, ApiError> {
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
	Ok(Json(json!({
		"token": token,
		"username": staff.username,
		"role": staff.role,
		"expiresAt": expires_at,
	})))
}

pub async fn logout(State(office): State<Office>, staff: Staff) -> Result<StatusCode, ApiError> {
	office.store.end_session(&staff.session.staff.username, &staff.token).await?;
	Ok(StatusCode::NO_CONTENT)
}

pub async fn me(staff: Staff) -> Json<Value> {
	Json(json!({
		"username": staff.session.staff.username,
		"role": staff.session.staff.role,
		"expiresAt": staff.session.expires_at,
	}))
}

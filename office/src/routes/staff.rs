//! Staff accounts, managed by an admin.

use super::ErrorBody;
use super::{ApiError, Office, Staff};
use crate::{
	domain::staff::{check_username, hash_password, Action, Role},
	store::StaffRow,
};
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;
use utoipa::ToSchema;

/// The office's staff.
#[utoipa::path(get, path = "/api/staff", tag = "staff",
	responses((status = 200, description = "Every member of staff", body = [StaffRow]), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody)))]
pub async fn list(
	State(office): State<Office>,
	staff: Staff,
) -> Result<Json<Vec<StaffRow>>, ApiError> {
	staff.may(Action::ManageStaff)?;
	Ok(Json(office.store.staff().await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewStaff {
	username: String,
	password: String,
	/// `clerk`, `officer`, `auditor` or `admin`.
	role: String,
}

/// Adds a member of staff (an admin only).
#[utoipa::path(post, path = "/api/staff", tag = "staff", request_body = NewStaff,
	responses(
		(status = 201, description = "Added", body = StaffRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 409, description = "The username is taken", body = ErrorBody),
	))]
pub async fn add(
	State(office): State<Office>,
	staff: Staff,
	Json(new): Json<NewStaff>,
) -> Result<(StatusCode, Json<StaffRow>), ApiError> {
	staff.may(Action::ManageStaff)?;
	check_username(&new.username).map_err(ApiError::bad_input)?;
	let role: Role = new.role.parse().map_err(ApiError::bad_input)?;
	let hash = hash_password(&new.password).map_err(ApiError::bad_input)?;
	if office.store.staff_named(&new.username).await?.is_some() {
		return Err(ApiError::new(
			StatusCode::CONFLICT,
			format!("there is already a member of staff named {:?}", new.username),
			"choose another username",
		));
	}
	let added = office.store.add_staff(staff.by().1, &new.username, &hash, role).await?;
	Ok((StatusCode::CREATED, Json(added)))
}

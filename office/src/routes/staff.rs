//! Staff accounts, managed by an admin.

use super::ErrorBody;
use super::{ApiError, Office, Staff};
use crate::{
	domain::staff::{check_username, hash_password, Action, Role},
	store::{StaffChange, StaffRefused, StaffRow},
};
use axum::{
	extract::{Path, State},
	http::StatusCode,
	Json,
};
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

/// What an admin changes of a member of staff: any of these.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
	/// `false` closes the account, and its logins end at once; `true` opens
	/// it again.
	active: Option<bool>,
	/// A new role: `clerk`, `officer`, `auditor` or `admin`.
	role: Option<String>,
	/// A new password, for one who has forgotten theirs (at least 12
	/// characters).
	password: Option<String>,
}

/// Closes or reopens a member of staff's account, changes their role, or
/// gives them a new password (an admin only). A closed account, a new role
/// or a new password ends the member's logins.
#[utoipa::path(patch, path = "/api/staff/{username}", tag = "staff", request_body = Change,
	params(("username" = String, Path, description = "The member of staff")),
	responses(
		(status = 200, description = "Changed", body = StaffRow), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 404, description = "There is no such member of staff", body = ErrorBody),
		(status = 409, description = "It would leave the office without an admin", body = ErrorBody),
	))]
pub async fn change(
	State(office): State<Office>,
	staff: Staff,
	Path(username): Path<String>,
	Json(change): Json<Change>,
) -> Result<Json<StaffRow>, ApiError> {
	staff.may(Action::ManageStaff)?;
	if change.active.is_none() && change.role.is_none() && change.password.is_none() {
		return Err(ApiError::bad_input("nothing to change: give active, role or password"));
	}
	let change = StaffChange {
		active: change.active,
		role: change.role.map(|role| role.parse()).transpose().map_err(ApiError::bad_input)?,
		password_hash: change
			.password
			.map(|password| hash_password(&password))
			.transpose()
			.map_err(ApiError::bad_input)?,
	};
	match office.store.change_staff(staff.by().1, &username, change).await {
		Ok(changed) => Ok(Json(changed)),
		Err(StaffRefused::Unknown) => Err(ApiError::not_found("such member of staff")),
		Err(StaffRefused::LastAdmin) => Err(ApiError::new(
			StatusCode::CONFLICT,
			format!("{username} is the office's only admin"),
			"make another member of staff an admin first",
		)),
		Err(StaffRefused::Store(error)) => Err(error.into()),
	}
}

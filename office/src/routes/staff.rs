//! Staff accounts, managed by an admin.

use super::{ApiError, Office, Staff};
use crate::{
	domain::staff::{check_username, hash_password, Action, Role},
	store::StaffRow,
};
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;

pub async fn list(
	State(office): State<Office>,
	staff: Staff,
) -> Result<Json<Vec<StaffRow>>, ApiError> {
	staff.may(Action::ManageStaff)?;
	Ok(Json(office.store.staff().await?))
}

#[derive(Deserialize)]
pub struct NewStaff {
	username: String,
	password: String,
	role: String,
}

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

//! Batch imports: an XLSX workbook or a CSV file of certificates, checked row by row and
//! drafted all together (or not at all), approved together by an officer,
//! and followed as the office issues them (as JSON, or as server-sent
//! events for the console's progress bar).

use super::ErrorBody;
use super::{ApiError, Office, Staff};
use crate::{
	domain::{
		issuing::{import_rows, ImportProblems},
		staff::Action,
	},
	store::{ImportProgress, ImportRefused},
};
use axum::{
	body::Bytes,
	extract::{Path, Query, State},
	http::StatusCode,
	response::sse::{Event, KeepAlive, Sse},
	Json,
};
use futures::Stream;
use serde::Deserialize;
use serde_json::{json, Value};
use std::{convert::Infallible, time::Duration};
use utoipa::IntoParams;

/// An import's type and file name.
#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct NewImport {
	/// The certificate type's id.
	#[serde(rename = "type")]
	certificate_type: String,
	/// The file's name, for the records.
	#[serde(default)]
	file_name: String,
}

fn refused_rows(problems: Value) -> ApiError {
	ApiError::with_details(
		StatusCode::UNPROCESSABLE_ENTITY,
		"some rows cannot be issued; nothing was imported",
		"correct those rows and import the whole file again",
		problems,
	)
}

/// A clerk imports an XLSX workbook (its first sheet) or a CSV file of
/// certificates of one type: every row is checked first, and one bad row
/// refuses the whole file.
#[utoipa::path(post, path = "/api/imports", tag = "imports", params(NewImport),
	request_body(description = "A header row (`holder`, the type's fields, optionally `valid_until`), then one row per certificate",
		content((String = "text/csv"),
			(Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
	responses(
		(status = 201, description = "Every row drafted", body = ImportProgress), (status = 400, description = "The request is wrong; the error says how", body = ErrorBody), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody),
		(status = 422, description = "Some rows cannot be issued: `details` lists them by line; nothing was imported",
			body = ErrorBody),
		(status = 502, description = "The chain could not be asked", body = ErrorBody),
	))]
pub async fn add(
	State(office): State<Office>,
	staff: Staff,
	Query(new): Query<NewImport>,
	file: Bytes,
) -> Result<(StatusCode, Json<ImportProgress>), ApiError> {
	staff.may(Action::Draft)?;
	let rows = import_rows(&file).map_err(ApiError::bad_input)?;
	let drafts = match office.chains.draft_rows(&office.key, &new.certificate_type, rows).await {
		Ok(drafts) => drafts,
		Err(ImportProblems::Rows(problems)) => return Err(refused_rows(json!(problems))),
		Err(ImportProblems::Whole(error)) => return Err(error.into()),
	};
	let file_name = match new.file_name.trim() {
		"" => "upload".to_owned(),
		name => name.chars().take(200).collect(),
	};
	let id =
		match office.store.add_import(staff.by(), &new.certificate_type, &file_name, &drafts).await
		{
			Ok(id) => id,
			Err(ImportRefused::Taken(indexes)) => {
				let problems: Vec<Value> = indexes
					.iter()
					.map(|&index| {
						json!({
							"number": drafts[index].number,
							"error": format!("the office already has number {}", drafts[index].number),
						})
					})
					.collect();
				return Err(refused_rows(json!(problems)));
			},
			Err(ImportRefused::Store(error)) => return Err(error.into()),
		};
	let progress = office
		.store
		.import_progress(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such import"))?;
	Ok((StatusCode::CREATED, Json(progress)))
}

/// Where an import's rows stand.
#[utoipa::path(get, path = "/api/imports/{id}", tag = "imports",
	params(("id" = i64, Path, description = "The import")),
	responses((status = 200, description = "Where its rows stand", body = ImportProgress), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such import", body = ErrorBody)))]
pub async fn one(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<Json<ImportProgress>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	let progress = office
		.store
		.import_progress(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such import"))?;
	Ok(Json(progress))
}

/// An officer approves every draft of an import at once.
#[utoipa::path(post, path = "/api/imports/{id}/approve", tag = "imports",
	params(("id" = i64, Path, description = "The import")),
	responses((status = 202, description = "Approved; being sent", body = ImportProgress), (status = 401, description = "Not logged in", body = ErrorBody),
		(status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such import", body = ErrorBody),
		(status = 409, description = "No drafts are left in it", body = ErrorBody)))]
pub async fn approve(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<(StatusCode, Json<ImportProgress>), ApiError> {
	staff.may(Action::Approve)?;
	let progress = office
		.store
		.import_progress(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such import"))?;
	if progress.draft == 0 {
		return Err(ApiError::new(
			StatusCode::CONFLICT,
			format!("import {id} has no drafts left to approve"),
			"",
		));
	}
	office.store.approve_import(id, staff.by()).await?;
	office.wake.notify_one();
	let progress = office
		.store
		.import_progress(id)
		.await?
		.ok_or_else(|| ApiError::not_found("such import"))?;
	Ok((StatusCode::ACCEPTED, Json(progress)))
}

/// How often the progress stream reports.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// An import's progress, as server-sent events.
#[utoipa::path(get, path = "/api/imports/{id}/events", tag = "imports",
	params(("id" = i64, Path, description = "The import")),
	responses((status = 200, description = "Server-sent `progress` events, one a second, until it is done",
			body = ImportProgress, content_type = "text/event-stream"),
		(status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody), (status = 404, description = "There is no such import", body = ErrorBody)))]
pub async fn events(
	State(office): State<Office>,
	staff: Staff,
	Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
	staff.may(Action::ReadCertificates)?;
	office.store.import_progress(id).await?.ok_or_else(|| ApiError::not_found("such import"))?;
	let stream = futures::stream::unfold(Some(office), move |office| async move {
		let office = office?;
		let progress = office.store.import_progress(id).await.ok().flatten()?;
		let event = Event::default().event("progress").json_data(&progress).ok()?;
		let next = match progress.done {
			true => None,
			false => {
				tokio::time::sleep(PROGRESS_EVERY).await;
				Some(office)
			},
		};
		Some((Ok(event), next))
	});
	Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

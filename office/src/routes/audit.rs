//! The audit log, for auditors and admins: as JSON pages, or whole as CSV.

use super::ErrorBody;
use super::{ApiError, Office, Staff};
use crate::{domain::staff::Action, store::AuditEntry};
use axum::{
	extract::{Query, State},
	http::header::{CONTENT_DISPOSITION, CONTENT_TYPE},
	response::IntoResponse,
	Json,
};
use serde::Deserialize;
use utoipa::IntoParams;

/// The most entries one page holds.
const PAGE: i64 = 1000;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
	/// Entries after this id.
	#[serde(default)]
	after: i64,
}

/// The audit log, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/audit", tag = "audit", params(Page),
	responses((status = 200, description = "Up to 1,000 entries", body = [AuditEntry]), (status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody)))]
pub async fn log(
	State(office): State<Office>,
	staff: Staff,
	Query(page): Query<Page>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
	staff.may(Action::ReadAudit)?;
	Ok(Json(office.store.audit_log(page.after, PAGE).await?))
}

/// The whole audit log as a CSV file.
#[utoipa::path(get, path = "/api/audit.csv", tag = "audit",
	responses(
		(status = 200, description = "The log", body = String, content_type = "text/csv"),
		(status = 401, description = "Not logged in", body = ErrorBody), (status = 403, description = "The role does not allow it", body = ErrorBody),
	))]
pub async fn csv(
	State(office): State<Office>,
	staff: Staff,
) -> Result<impl IntoResponse, ApiError> {
	staff.may(Action::ReadAudit)?;
	let mut text = String::from("id,at,staff,action,subject,detail,tx_hash\n");
	let mut after = 0;
	loop {
		let entries = office.store.audit_log(after, PAGE).await?;
		let Some(last) = entries.last() else { break };
		after = last.id;
		for entry in &entries {
			let cells = [
				entry.id.to_string(),
				entry.at.to_string(),
				entry.staff.clone(),
				entry.action.clone(),
				entry.subject.clone(),
				entry.detail.clone(),
				entry.tx_hash.clone().unwrap_or_default(),
			];
			text += &cells.map(|cell| csv_cell(&cell)).join(",");
			text.push('\n');
		}
	}
	Ok((
		[
			(CONTENT_TYPE, "text/csv; charset=utf-8"),
			(CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\""),
		],
		text,
	))
}

/// `cell` as one CSV cell: quoted when it holds a comma, a quote or a line
/// break, and never starting with a character a spreadsheet would run as a
/// formula.
fn csv_cell(cell: &str) -> String {
	let cell = match cell.starts_with(['=', '+', '-', '@']) {
		true => format!("'{cell}"),
		false => cell.to_owned(),
	};
	match cell.contains([',', '"', '\n', '\r']) {
		true => format!("\"{}\"", cell.replace('"', "\"\"")),
		false => cell,
	}
}

#[cfg(test)]
mod tests {
	#[test]
	fn cells_are_quoted_and_never_formulas() {
		assert_eq!(super::csv_cell("plain"), "plain");
		assert_eq!(super::csv_cell("a,b"), "\"a,b\"");
		assert_eq!(super::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
		assert_eq!(super::csv_cell("=1+1"), "'=1+1");
	}
}

//! Batch imports: every row of a file drafted in one transaction (all or
//! none), approved together, and followed as a whole.

use super::{
	audit::record,
	certificates::{insert_draft, taken},
	now, NewDraft, Store, StoreError,
};
use serde::Serialize;
use utoipa::ToSchema;

/// An import and where its certificates stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
	pub id: i64,
	pub certificate_type: String,
	pub file_name: String,
	pub rows: i64,
	pub draft: i64,
	pub approved: i64,
	pub issued: i64,
	pub failed: i64,
	/// True once nothing is left to send: every row issued or failed.
	pub done: bool,
}

/// Why an import was not stored.
#[derive(Debug)]
pub enum ImportRefused {
	/// Rows whose certificate number the office already has, by index.
	Taken(Vec<usize>),
	Store(StoreError),
}

impl From<sqlx::Error> for ImportRefused {
	fn from(error: sqlx::Error) -> Self {
		ImportRefused::Store(error.into())
	}
}

impl From<StoreError> for ImportRefused {
	fn from(error: StoreError) -> Self {
		ImportRefused::Store(error)
	}
}

impl Store {
	/// Stores `drafts`, the rows of `file_name`, as one import: all of them,
	/// or none if the office already has one of their numbers.
	pub async fn add_import(
		&self,
		by: (i64, &str),
		certificate_type: &str,
		file_name: &str,
		drafts: &[NewDraft],
	) -> Result<i64, ImportRefused> {
		let mut tx = self.pool.begin().await?;
		let ids: Vec<&str> = drafts.iter().map(|draft| draft.certificate_id.as_str()).collect();
		let taken = taken(&mut tx, &ids).await?;
		if !taken.is_empty() {
			let rows = ids.iter().enumerate().filter(|(_, id)| taken.contains(**id));
			return Err(ImportRefused::Taken(rows.map(|(index, _)| index).collect()));
		}
		let id: i64 = sqlx::query_scalar(
			"INSERT INTO imports (certificate_type, file_name, row_count, drafted_by, created_at) \
			 VALUES ($1, $2, $3, $4, $5) RETURNING id",
		)
		.bind(certificate_type)
		.bind(file_name)
		.bind(drafts.len() as i64)
		.bind(by.0)
		.bind(now())
		.fetch_one(&mut *tx)
		.await?;
		for draft in drafts {
			insert_draft(&mut tx, by.0, Some(id), draft).await?;
		}
		let detail = format!("{} rows of {certificate_type} from {file_name}", drafts.len());
		record(&mut tx, by.1, "import", &format!("import {id}"), &detail, None).await?;
		tx.commit().await?;
		Ok(id)
	}

	/// An officer's approval of every draft of import `id`; gives how many.
	pub async fn approve_import(&self, id: i64, by: (i64, &str)) -> Result<u64, StoreError> {
		let mut tx = self.pool.begin().await?;
		let approved = sqlx::query(
			"UPDATE certificates SET state = 'approved', approved_by = $1, updated_at = $2 \
			 WHERE import_id = $3 AND state = 'draft'",
		)
		.bind(by.0)
		.bind(now())
		.bind(id)
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if approved > 0 {
			let detail = format!("{approved} certificates");
			record(&mut tx, by.1, "approve-import", &format!("import {id}"), &detail, None).await?;
		}
		tx.commit().await?;
		Ok(approved)
	}

	/// Import `id` and where its certificates stand.
	pub async fn import_progress(&self, id: i64) -> Result<Option<ImportProgress>, StoreError> {
		let found: Option<(i64, String, String, i64)> = sqlx::query_as(
			"SELECT id, certificate_type, file_name, row_count FROM imports WHERE id = $1",
		)
		.bind(id)
		.fetch_optional(&self.pool)
		.await?;
		let Some((id, certificate_type, file_name, rows)) = found else { return Ok(None) };
		let counts: Vec<(String, i64)> = sqlx::query_as(
			"SELECT state, COUNT(*) FROM certificates WHERE import_id = $1 GROUP BY state",
		)
		.bind(id)
		.fetch_all(&self.pool)
		.await?;
		let count = |state: &str| {
			counts.iter().find(|(s, _)| s == state).map(|(_, n)| *n).unwrap_or_default()
		};
		let (issued, failed) = (count("issued"), count("failed"));
		Ok(Some(ImportProgress {
			id,
			certificate_type,
			file_name,
			rows,
			draft: count("draft"),
			approved: count("approved"),
			issued,
			failed,
			done: issued + failed == rows,
		}))
	}
}

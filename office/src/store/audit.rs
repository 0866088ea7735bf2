//! The append-only audit log: who did what, when, and the transaction hash
//! where the action reached the chain. The database itself refuses to
//! change or delete an entry (a trigger in each engine's migration).

use super::{now, Store, StoreError};
use serde::Serialize;
use sqlx::{Any, Transaction};
use utoipa::ToSchema;

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
	pub id: i64,
	/// When, in Unix seconds.
	pub at: i64,
	/// The member of staff, by username, or `office` for the office itself.
	pub staff: String,
	/// What was done, as one word (`login`, `draft`, `approve`, `issued`, ...).
	pub action: String,
	/// What it was done to (`certificate 12`, `staff lin`).
	pub subject: String,
	/// More, in words. Never personal data.
	pub detail: String,
	pub tx_hash: Option<String>,
}

/// Adds an entry to the log, inside `tx`.
pub(super) async fn record(
	tx: &mut Transaction<'_, Any>,
	staff: &str,
	action: &str,
	subject: &str,
	detail: &str,
	tx_hash: Option<&str>,
) -> Result<(), StoreError> {
	sqlx::query(
		"INSERT INTO audit_log (at, staff, action, subject, detail, tx_hash) \
		 VALUES ($1, $2, $3, $4, $5, $6)",
	)
	.bind(now())
	.bind(staff)
	.bind(action)
	.bind(subject)
	.bind(detail)
	.bind(tx_hash)
	.execute(&mut **tx)
	.await?;
	Ok(())
}

impl Store {
	/// Adds an entry of its own to the log (an action that changes nothing
	/// else, such as a login or a re-issued holder's file).
	pub async fn audit(
		&self,
		staff: &str,
		action: &str,
		subject: &str,
		detail: &str,
	) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		record(&mut tx, staff, action, subject, detail, None).await?;
		tx.commit().await?;
		Ok(())
	}

	/// The log, oldest first, from entry `after` on, at most `limit` entries.
	pub async fn audit_log(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
		Ok(sqlx::query_as(
			"SELECT id, at, staff, action, subject, detail, tx_hash FROM audit_log \
			 WHERE id > $1 ORDER BY id LIMIT $2",
		)
		.bind(after)
		.bind(limit)
		.fetch_all(&self.pool)
		.await?)
	}
}

//! Changes of an issued certificate's status on chain (revoke, suspend,
//! reinstate), each asked for by an officer with its reason, then sent by
//! the office like an issuance: `pending` → `done` (with its receipt) or
//! `failed` (the chain refused it, and says why). A certificate has at most
//! one pending change.

use super::{audit::record, now, Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use utoipa::ToSchema;

/// What a change does to a certificate.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusChangeKind {
	/// Revoked for good.
	Revoke,
	/// Suspended until reinstated.
	Suspend,
	/// A suspended certificate in force again.
	Reinstate,
}

impl StatusChangeKind {
	pub const ALL: [Self; 3] = [Self::Revoke, Self::Suspend, Self::Reinstate];

	pub fn as_str(self) -> &'static str {
		match self {
			Self::Revoke => "revoke",
			Self::Suspend => "suspend",
			Self::Reinstate => "reinstate",
		}
	}

	/// The certificate's status on chain once the change is done, as the
	/// `chainStatus` column spells it.
	pub fn chain_status(self) -> &'static str {
		match self {
			Self::Revoke => "revoked",
			Self::Suspend => "suspended",
			Self::Reinstate => "valid",
		}
	}

	/// The change done, in words (and as the audit log names it).
	pub fn past(self) -> &'static str {
		match self {
			Self::Revoke => "revoked",
			Self::Suspend => "suspended",
			Self::Reinstate => "reinstated",
		}
	}
}

impl TryFrom<String> for StatusChangeKind {
	type Error = StoreError;

	fn try_from(text: String) -> Result<Self, StoreError> {
		Self::ALL
			.into_iter()
			.find(|kind| kind.as_str() == text)
			.ok_or_else(|| StoreError(format!("unknown status change {text:?}")))
	}
}

/// Where a change stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeState {
	/// Asked for: the office is sending it, or will after a restart.
	Pending,
	/// On chain.
	Done,
	/// The chain refused it.
	Failed,
}

impl TryFrom<String> for ChangeState {
	type Error = StoreError;

	fn try_from(text: String) -> Result<Self, StoreError> {
		match text.as_str() {
			"pending" => Ok(Self::Pending),
			"done" => Ok(Self::Done),
			"failed" => Ok(Self::Failed),
			_ => Err(StoreError(format!("unknown change state {text:?}"))),
		}
	}
}

/// The columns of a change, with its certificate's chain id and type.
const COLUMNS: &str = "c.id, c.certificate, k.certificate_id, k.certificate_type, c.kind, \
	c.reason_code, c.sealed_reason, c.state, c.requested_by, c.tx_hash, c.block_number, \
	c.problem, c.created_at, c.updated_at";
const FROM: &str = "status_changes c JOIN certificates k ON k.id = c.certificate";

/// A status change, as the database holds it and the API shows it (without
/// its sealed reason).
#[derive(Clone, Debug, FromRow, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeRow {
	pub id: i64,
	/// The office's certificate record.
	pub certificate: i64,
	/// The chain's certificate id, hex.
	pub certificate_id: String,
	pub certificate_type: String,
	#[sqlx(try_from = "String")]
	pub kind: StatusChangeKind,
	/// The chain's reason code of a revocation.
	pub reason_code: Option<i64>,
	/// The reason in words, sealed with the data key.
	#[serde(skip)]
	pub sealed_reason: Vec<u8>,
	#[sqlx(try_from = "String")]
	pub state: ChangeState,
	pub requested_by: i64,
	pub tx_hash: Option<String>,
	pub block_number: Option<i64>,
	/// Why the chain refused it, in words.
	pub problem: Option<String>,
	pub created_at: i64,
	pub updated_at: i64,
}

/// A change to store.
pub struct NewChange {
	pub kind: StatusChangeKind,
	pub reason_code: Option<u16>,
	pub sealed_reason: Vec<u8>,
}

/// Why a change was not stored.
#[derive(Debug)]
pub enum ChangeRefused {
	/// There is no certificate `id`.
	NotFound,
	/// The certificate is not on chain (its state).
	NotIssued(&'static str),
	/// Another change of it is still being sent (its id).
	Pending(i64),
}

impl Store {
	/// An officer's change of issued certificate `certificate`.
	pub async fn request_change(
		&self,
		certificate: i64,
		change: NewChange,
		by: (i64, &str),
	) -> Result<Result<ChangeRow, ChangeRefused>, StoreError> {
		let mut tx = self.pool.begin().await?;
		let state: Option<String> =
			sqlx::query_scalar("SELECT state FROM certificates WHERE id = $1")
				.bind(certificate)
				.fetch_optional(&mut *tx)
				.await?;
		match state.map(super::CertificateState::try_from).transpose()? {
			None => return Ok(Err(ChangeRefused::NotFound)),
			Some(super::CertificateState::Issued) => {},
			Some(other) => return Ok(Err(ChangeRefused::NotIssued(other.as_str()))),
		}
		let pending: Option<i64> = sqlx::query_scalar(
			"SELECT id FROM status_changes WHERE certificate = $1 AND state = 'pending'",
		)
		.bind(certificate)
		.fetch_optional(&mut *tx)
		.await?;
		if let Some(pending) = pending {
			return Ok(Err(ChangeRefused::Pending(pending)));
		}
		let id: i64 = sqlx::query_scalar(
			"INSERT INTO status_changes (certificate, kind, reason_code, sealed_reason, state, \
			 requested_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6) \
			 RETURNING id",
		)
		.bind(certificate)
		.bind(change.kind.as_str())
		.bind(change.reason_code.map(i64::from))
		.bind(change.sealed_reason)
		.bind(by.0)
		.bind(now())
		.fetch_one(&mut *tx)
		.await?;
		let detail = match change.reason_code {
			Some(code) => format!("change {id}, reason code {code}"),
			None => format!("change {id}"),
		};
		let subject = format!("certificate {certificate}");
		record(&mut tx, by.1, change.kind.as_str(), &subject, &detail, None).await?;
		tx.commit().await?;
		let row = self.change(id).await?;
		Ok(row.ok_or(ChangeRefused::NotFound))
	}

	/// The change stored as `id`.
	pub async fn change(&self, id: i64) -> Result<Option<ChangeRow>, StoreError> {
		Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.id = $1"))
			.bind(id)
			.fetch_optional(&self.pool)
			.await?)
	}

	/// The changes of certificate `certificate`, oldest first.
	pub async fn changes_of(&self, certificate: i64) -> Result<Vec<ChangeRow>, StoreError> {
		Ok(sqlx::query_as(&format!(
			"SELECT {COLUMNS} FROM {FROM} WHERE c.certificate = $1 ORDER BY c.id"
		))
		.bind(certificate)
		.fetch_all(&self.pool)
		.await?)
	}

	/// The pending changes, oldest first.
	pub async fn pending_changes(&self, limit: i64) -> Result<Vec<ChangeRow>, StoreError> {
		Ok(sqlx::query_as(&format!(
			"SELECT {COLUMNS} FROM {FROM} WHERE c.state = 'pending' ORDER BY c.id LIMIT $1"
		))
		.bind(limit)
		.fetch_all(&self.pool)
		.await?)
	}

	/// Change `change` is on chain, made by `tx_hash` in block `number`.
	pub async fn mark_change_done(
		&self,
		change: &ChangeRow,
		tx_hash: &str,
		number: i64,
	) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		let changed = sqlx::query(
			"UPDATE status_changes SET state = 'done', tx_hash = $1, block_number = $2, \
			 updated_at = $3 WHERE id = $4 AND state = 'pending'",
		)
		.bind(tx_hash)
		.bind(number)
		.bind(now())
		.bind(change.id)
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if changed == 1 {
			sqlx::query("UPDATE certificates SET chain_status = $1, updated_at = $2 WHERE id = $3")
				.bind(change.kind.chain_status())
				.bind(now())
				.bind(change.certificate)
				.execute(&mut *tx)
				.await?;
			let subject = format!("certificate {}", change.certificate);
			let detail = format!("change {} in block {number}", change.id);
			let action = change.kind.past();
			record(&mut tx, "office", action, &subject, &detail, Some(tx_hash)).await?;
		}
		tx.commit().await?;
		Ok(())
	}

	/// The chain refused change `change`, for `problem`.
	pub async fn mark_change_failed(
		&self,
		change: &ChangeRow,
		problem: &str,
	) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		let changed = sqlx::query(
			"UPDATE status_changes SET state = 'failed', problem = $1, updated_at = $2 \
			 WHERE id = $3 AND state = 'pending'",
		)
		.bind(problem)
		.bind(now())
		.bind(change.id)
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if changed == 1 {
			let subject = format!("certificate {}", change.certificate);
			let detail = format!("change {}: {problem}", change.id);
			record(&mut tx, "office", "change-failed", &subject, &detail, None).await?;
		}
		tx.commit().await?;
		Ok(())
	}
}

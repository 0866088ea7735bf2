//! The office's certificates: each written here, fields and salts sealed,
//! before anything is sent to the chain.
//!
//! A certificate goes `draft` (a clerk's) → `approved` (an officer's; the
//! office now sends it) → `issued` (on chain, with its receipt), or
//! `failed` (the chain refused it, and says why).

use super::{audit::record, now, Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::{Any, FromRow, Transaction};
use std::collections::BTreeSet;
use utoipa::{IntoParams, ToSchema};

/// Where a certificate stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CertificateState {
	/// Drafted, waiting for an officer.
	Draft,
	/// Approved: the office is sending it, or will after a restart.
	Approved,
	/// On chain.
	Issued,
	/// The chain refused it.
	Failed,
}

impl CertificateState {
	pub fn as_str(self) -> &'static str {
		match self {
			CertificateState::Draft => "draft",
			CertificateState::Approved => "approved",
			CertificateState::Issued => "issued",
			CertificateState::Failed => "failed",
		}
	}

	fn parse(text: &str) -> Result<Self, StoreError> {
		[Self::Draft, Self::Approved, Self::Issued, Self::Failed]
			.into_iter()
			.find(|state| state.as_str() == text)
			.ok_or_else(|| StoreError(format!("unknown certificate state {text:?}")))
	}
}

impl TryFrom<String> for CertificateState {
	type Error = StoreError;

	fn try_from(text: String) -> Result<Self, StoreError> {
		Self::parse(&text)
	}
}

pub(super) const COLUMNS: &str = "id, certificate_type, number, certificate_id, holder, holder_key, \
	sealed_fields, commitment, valid_from, valid_until, state, drafted_by, approved_by, tx_hash, \
	block_number, block_hash, problem, created_at, updated_at, import_id, chain_status, document_hash, document_uri, \
	renews";

/// A certificate of the office, as the database holds it and the API shows
/// it (without its sealed fields).
#[derive(Clone, Debug, FromRow, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CertificateRow {
	pub id: i64,
	pub certificate_type: String,
	pub number: String,
	/// The chain's certificate id, hex.
	pub certificate_id: String,
	/// The holder's identity id, hex.
	pub holder: String,
	/// The holder's encryption key, hex.
	pub holder_key: String,
	/// The fields and their salts, sealed with the data key.
	#[serde(skip)]
	pub sealed_fields: Vec<u8>,
	pub commitment: String,
	/// Valid from, Unix ms.
	pub valid_from: i64,
	/// Valid until, Unix ms.
	pub valid_until: Option<i64>,
	#[sqlx(try_from = "String")]
	pub state: CertificateState,
	/// Who drafted and who approved it, by staff id.
	pub drafted_by: i64,
	pub approved_by: Option<i64>,
	pub tx_hash: Option<String>,
	pub block_number: Option<i64>,
	pub block_hash: Option<String>,
	/// Why the chain refused it, in words.
	pub problem: Option<String>,
	pub created_at: i64,
	pub updated_at: i64,
	/// The batch import it came in, if any.
	pub import_id: Option<i64>,
	/// Once issued, its status on chain as the office last saw it: `valid`,
	/// `suspended` or `revoked`.
	pub chain_status: Option<String>,
	/// The hash (hex) of its document, if one is attached, and where
	/// holders and granted verifiers download it: both go on chain.
	pub document_hash: Option<String>,
	pub document_uri: Option<String>,
	/// The office's certificate this one renews (supersedes on chain).
	pub renews: Option<i64>,
}

/// A draft to store.
pub struct NewDraft {
	pub certificate_type: String,
	pub number: String,
	pub certificate_id: String,
	pub holder: String,
	pub holder_key: String,
	pub sealed_fields: Vec<u8>,
	pub commitment: String,
	pub valid_from: i64,
	pub valid_until: Option<i64>,
	/// The office's issued certificate it renews, if it is a renewal.
	pub renews: Option<i64>,
}

/// What to look for among the office's certificates.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Search {
	/// Only certificates in this state.
	pub state: Option<CertificateState>,
	/// Only the certificate with this number.
	pub number: Option<String>,
	/// Only certificates of this holder: an identity id (hex) or an account
	/// (SS58), whose identity the main chain gives.
	pub holder: Option<String>,
}

/// Inserts `draft`, drafted by staff `by`, in import `import` if any.
pub(super) async fn insert_draft(
	tx: &mut Transaction<'_, Any>,
	by: i64,
	import: Option<i64>,
	draft: &NewDraft,
) -> Result<CertificateRow, StoreError> {
	Ok(sqlx::query_as(&format!(
		"INSERT INTO certificates (certificate_type, number, certificate_id, holder, holder_key, \
		 sealed_fields, commitment, valid_from, valid_until, state, drafted_by, created_at, \
		 updated_at, import_id, renews) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, \
		 $11, $11, $12, $13) RETURNING {COLUMNS}"
	))
	.bind(&draft.certificate_type)
	.bind(&draft.number)
	.bind(&draft.certificate_id)
	.bind(&draft.holder)
	.bind(&draft.holder_key)
	.bind(draft.sealed_fields.clone())
	.bind(&draft.commitment)
	.bind(draft.valid_from)
	.bind(draft.valid_until)
	.bind(by)
	.bind(now())
	.bind(import)
	.bind(draft.renews)
	.fetch_one(&mut **tx)
	.await?)
}

/// The ids of the certificates the office already has among `ids`.
pub(super) async fn taken(
	tx: &mut Transaction<'_, Any>,
	ids: &[&str],
) -> Result<BTreeSet<String>, StoreError> {
	// Well under both engines' limits on a query's parameters.
	const CHUNK: usize = 500;
	let mut found = BTreeSet::new();
	for chunk in ids.chunks(CHUNK) {
		let marks = (1..=chunk.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
		let sql =
			format!("SELECT certificate_id FROM certificates WHERE certificate_id IN ({marks})");
		let mut query = sqlx::query_scalar(&sql);
		for id in chunk {
			query = query.bind(*id);
		}
		let rows: Vec<String> = query.fetch_all(&mut **tx).await?;
		found.extend(rows);
	}
	Ok(found)
}

impl Store {
	/// Stores a clerk's draft.
	pub async fn add_draft(
		&self,
		by: (i64, &str),
		draft: NewDraft,
	) -> Result<CertificateRow, StoreError> {
		let mut tx = self.pool.begin().await?;
		if !taken(&mut tx, &[&draft.certificate_id]).await?.is_empty() {
			return Err(StoreError(format!(
				"the office already has certificate number {} of this type",
				draft.number
			)));
		}
		if let Some(old) = draft.renews {
			let successor: Option<i64> = sqlx::query_scalar(
				"SELECT id FROM certificates WHERE renews = $1 AND state <> 'failed'",
			)
			.bind(old)
			.fetch_optional(&mut *tx)
			.await?;
			if let Some(successor) = successor {
				return Err(StoreError(format!(
					"certificate {old} is renewed already, by certificate {successor}"
				)));
			}
		}
		let created = insert_draft(&mut tx, by.0, None, &draft).await?;
		let subject = format!("certificate {}", created.id);
		let mut detail = format!("{} number {}", draft.certificate_type, draft.number);
		if let Some(old) = draft.renews {
			detail += &format!(", renewing certificate {old}");
		}
		record(&mut tx, by.1, "draft", &subject, &detail, None).await?;
		tx.commit().await?;
		Ok(created)
	}

	/// The certificate stored as `id`.
	pub async fn certificate(&self, id: i64) -> Result<Option<CertificateRow>, StoreError> {
		Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM certificates WHERE id = $1"))
			.bind(id)
			.fetch_optional(&self.pool)
			.await?)
	}

	/// The certificates that match `search`, newest first, at most `limit`.
	pub async fn search(
		&self,
		search: &Search,
		limit: i64,
	) -> Result<Vec<CertificateRow>, StoreError> {
		let found: Vec<CertificateRow> = sqlx::query_as(&format!(
			"SELECT {COLUMNS} FROM certificates WHERE ($1 = '' OR state = $1) \
			 AND ($2 = '' OR number = $2) AND ($3 = '' OR holder = $3) ORDER BY id DESC LIMIT $4"
		))
		.bind(search.state.map(CertificateState::as_str).unwrap_or_default())
		.bind(search.number.clone().unwrap_or_default())
		.bind(search.holder.clone().unwrap_or_default())
		.bind(limit)
		.fetch_all(&self.pool)
		.await?;
		Ok(found)
	}

	/// An officer's word to send certificate `id`: a draft they approve, or
	/// a failed one to send again once what the chain refused is put right
	/// (its problem is then cleared). From now on the office sends it.
	/// `None` if `id` is not in state `from`.
	pub async fn send(
		&self,
		id: i64,
		from: CertificateState,
		by: (i64, &str),
	) -> Result<Option<CertificateRow>, StoreError> {
		let mut tx = self.pool.begin().await?;
		let changed = sqlx::query(
			"UPDATE certificates SET state = 'approved', problem = NULL, approved_by = $1, \
			 updated_at = $2 WHERE id = $3 AND state = $4",
		)
		.bind(by.0)
		.bind(now())
		.bind(id)
		.bind(from.as_str())
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if changed == 0 {
			return Ok(None);
		}
		let action = match from {
			CertificateState::Draft => "approve",
			_ => "retry",
		};
		record(&mut tx, by.1, action, &format!("certificate {id}"), "", None).await?;
		tx.commit().await?;
		self.certificate(id).await
	}

	/// The approved certificates not yet on chain, oldest first.
	pub async fn to_send(&self, limit: i64) -> Result<Vec<CertificateRow>, StoreError> {
		let found: Vec<CertificateRow> = sqlx::query_as(&format!(
			"SELECT {COLUMNS} FROM certificates WHERE state = 'approved' ORDER BY id LIMIT $1"
		))
		.bind(limit)
		.fetch_all(&self.pool)
		.await?;
		Ok(found)
	}

	/// Certificate `id` is on chain, issued by `tx_hash` in block `number`
	/// (`hash`).
	pub async fn mark_issued(
		&self,
		id: i64,
		tx_hash: &str,
		number: i64,
		hash: &str,
	) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		let changed = sqlx::query(
			"UPDATE certificates SET state = 'issued', chain_status = 'valid', tx_hash = $1, \
			 block_number = $2, block_hash = $3, updated_at = $4 WHERE id = $5 AND state = 'approved'",
		)
		.bind(tx_hash)
		.bind(number)
		.bind(hash)
		.bind(now())
		.bind(id)
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if changed == 1 {
			let detail = format!("in block {number}");
			let subject = format!("certificate {id}");
			record(&mut tx, "office", "issued", &subject, &detail, Some(tx_hash)).await?;
			// A renewal supersedes, on chain, the certificate it renews.
			sqlx::query(
				"UPDATE certificates SET chain_status = 'superseded', updated_at = $1 \
				 WHERE id = (SELECT renews FROM certificates WHERE id = $2)",
			)
			.bind(now())
			.bind(id)
			.execute(&mut *tx)
			.await?;
		}
		tx.commit().await?;
		Ok(())
	}

	/// The chain refused certificate `id`, for `problem`.
	pub async fn mark_failed(&self, id: i64, problem: &str) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		let changed = sqlx::query(
			"UPDATE certificates SET state = 'failed', problem = $1, updated_at = $2 \
			 WHERE id = $3 AND state = 'approved'",
		)
		.bind(problem)
		.bind(now())
		.bind(id)
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if changed == 1 {
			record(&mut tx, "office", "failed", &format!("certificate {id}"), problem, None)
				.await?;
		}
		tx.commit().await?;
		Ok(())
	}
}

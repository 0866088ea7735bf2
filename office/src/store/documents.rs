//! Certificates' documents: attached to a draft, their content sealed with
//! the data key, their hash and address kept beside the certificate for the
//! chain's record.

use super::{audit::record, certificates::COLUMNS, now, CertificateRow, Store, StoreError};
use sqlx::FromRow;

/// A document to attach.
pub struct NewDocument {
	/// The file's name and media type, as given.
	pub name: String,
	pub media_type: String,
	pub size: i64,
	/// The file, sealed with the data key.
	pub sealed_content: Vec<u8>,
	/// Its hash (hex) and the address it is served at, for the chain.
	pub hash: String,
	pub uri: String,
}

/// A stored document.
#[derive(Clone, Debug, FromRow)]
pub struct DocumentRow {
	pub name: String,
	pub media_type: String,
	pub size: i64,
	pub sealed_content: Vec<u8>,
}

impl Store {
	/// Attaches `document` to draft `id` (replacing the one it had), by
	/// staff `by`. `None` if `id` is not a draft.
	pub async fn attach_document(
		&self,
		id: i64,
		by: (i64, &str),
		document: NewDocument,
	) -> Result<Option<CertificateRow>, StoreError> {
		let mut tx = self.pool.begin().await?;
		let changed = sqlx::query(
			"UPDATE certificates SET document_hash = $1, document_uri = $2, updated_at = $3 \
			 WHERE id = $4 AND state = 'draft'",
		)
		.bind(&document.hash)
		.bind(&document.uri)
		.bind(now())
		.bind(id)
		.execute(&mut *tx)
		.await?
		.rows_affected();
		if changed == 0 {
			return Ok(None);
		}
		sqlx::query("DELETE FROM documents WHERE certificate = $1")
			.bind(id)
			.execute(&mut *tx)
			.await?;
		sqlx::query(
			"INSERT INTO documents (certificate, name, media_type, size, sealed_content, \
			 attached_by, attached_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		)
		.bind(id)
		.bind(&document.name)
		.bind(&document.media_type)
		.bind(document.size)
		.bind(document.sealed_content)
		.bind(by.0)
		.bind(now())
		.execute(&mut *tx)
		.await?;
		let detail = format!("{} ({} bytes, hash {})", document.name, document.size, document.hash);
		record(&mut tx, by.1, "attach-document", &format!("certificate {id}"), &detail, None)
			.await?;
		tx.commit().await?;
		self.certificate(id).await
	}

	/// The document of certificate `id`, if it has one.
	pub async fn document(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
		Ok(sqlx::query_as(
			"SELECT name, media_type, size, sealed_content FROM documents WHERE certificate = $1",
		)
		.bind(id)
		.fetch_optional(&self.pool)
		.await?)
	}

	/// The office's certificate with the chain's id `certificate_id` (hex).
	pub async fn certificate_by_chain_id(
		&self,
		certificate_id: &str,
	) -> Result<Option<CertificateRow>, StoreError> {
		Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM certificates WHERE certificate_id = $1"))
			.bind(certificate_id)
			.fetch_optional(&self.pool)
			.await?)
	}
}

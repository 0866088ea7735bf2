//! The office's database: SQLite (one file) by default, or PostgreSQL, the
//! same SQL through sqlx's `Any` driver, with each engine's migrations in
//! `migrations/sqlite` and `migrations/postgres`.
//!
//! Every change a person makes is written in one database transaction with
//! its audit entry, so the log never misses an action that happened.

mod audit;
mod certificates;
mod changes;
mod documents;
mod imports;
mod staff;

pub use audit::AuditEntry;
pub use certificates::{CertificateRow, CertificateState, NewDraft, Search};
pub use changes::{ChangeRefused, ChangeRow, ChangeState, NewChange, StatusChangeKind};
pub use documents::{DocumentRow, NewDocument};
pub use imports::{ImportProgress, ImportRefused};
pub use staff::{Session, StaffChange, StaffRefused, StaffRow};

use sqlx::{any::AnyPoolOptions, AnyPool};
use std::{fmt, time::Duration};

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The database.
#[derive(Clone)]
pub struct Store {
	pool: AnyPool,
	engine: Engine,
}

/// A database error, in words.
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "the office's database: {}", self.0)
	}
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
	fn from(error: sqlx::Error) -> Self {
		StoreError(error.to_string())
	}
}

impl From<sqlx::migrate::MigrateError> for StoreError {
	fn from(error: sqlx::migrate::MigrateError) -> Self {
		StoreError(format!("cannot bring the tables up to date: {error}"))
	}
}

/// The database engine a URL names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Engine {
	Sqlite,
	Postgres,
}

impl Engine {
	/// The engine of `url`: `sqlite:` or `postgres:`/`postgresql:`.
	pub fn of(url: &str) -> Result<Engine, StoreError> {
		match url.split_once(':').map(|(scheme, _)| scheme) {
			Some("sqlite") => Ok(Engine::Sqlite),
			Some("postgres" | "postgresql") => Ok(Engine::Postgres),
			_ => Err(StoreError(format!(
				"{url:?} is not a database URL: use sqlite:PATH or postgres://USER@HOST/NAME"
			))),
		}
	}
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|since| since.as_secs() as i64)
		.unwrap_or_default()
}

impl Store {
	/// Opens the database at `url`, creating an SQLite file if there is none,
	/// and brings its tables up to date.
	pub async fn open(url: &str) -> Result<Store, StoreError> {
		sqlx::any::install_default_drivers();
		let engine = Engine::of(url)?;
		let url = match engine {
			Engine::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
			_ => url.to_owned(),
		};
		let pool = AnyPoolOptions::new()
			.max_connections(match engine {
				// One writer at a time is what SQLite allows anyway.
				Engine::Sqlite => 1,
				Engine::Postgres => 8,
			})
			.acquire_timeout(Duration::from_secs(30))
			.connect(&url)
			.await?;
		match engine {
			Engine::Sqlite => SQLITE.run(&pool).await?,
			Engine::Postgres => POSTGRES.run(&pool).await?,
		}
		Ok(Store { pool, engine })
	}

	/// Closes the database, writing everything out.
	pub async fn close(&self) {
		self.pool.close().await;
	}

	/// Writes a consistent copy of the whole SQLite database to `path`, while
	/// the office runs (`VACUUM INTO`). `path` must not exist yet.
	pub async fn backup_to(&self, path: &str) -> Result<(), StoreError> {
		if !matches!(self.engine, Engine::Sqlite) {
			return Err(StoreError(
				"backup copies an SQLite database; back up PostgreSQL with pg_dump".into(),
			));
		}
		sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
		Ok(())
	}

	/// Whether the office's sealed records open with `key`: the issuer's key,
	/// and the newest certificate's fields (what a restore must check).
	pub async fn opens_with(
		&self,
		key: &crate::domain::vault::DataKey,
	) -> Result<bool, StoreError> {
		use crate::domain::issuing::{open_fields, ISSUER_KEY};
		if let Some(sealed) = self.secret(ISSUER_KEY).await? {
			if key.open(ISSUER_KEY, &sealed).is_err() {
				return Ok(false);
			}
		}
		let newest = self.search(&Search::default(), 1).await?;
		Ok(newest.first().is_none_or(|row| open_fields(key, row).is_ok()))
	}

	/// Stores `value` sealed under `name` (replacing what was there).
	pub async fn put_secret(&self, name: &str, sealed: &[u8]) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		sqlx::query("DELETE FROM secrets WHERE name = $1").bind(name).execute(&mut *tx).await?;
		sqlx::query("INSERT INTO secrets (name, sealed_value) VALUES ($1, $2)")
			.bind(name)
			.bind(sealed.to_vec())
			.execute(&mut *tx)
			.await?;
		tx.commit().await?;
		Ok(())
	}

	/// The sealed value stored under `name`.
	pub async fn secret(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
		Ok(sqlx::query_scalar("SELECT sealed_value FROM secrets WHERE name = $1")
			.bind(name)
			.fetch_optional(&self.pool)
			.await?)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::domain::staff::Role;

	#[tokio::test]
	async fn the_audit_log_cannot_be_changed_or_emptied() {
		let dir = tempfile::tempdir().unwrap();
		let url = format!("sqlite:{}", dir.path().join("office.db").display());
		let store = Store::open(&url).await.unwrap();
		store.add_staff("office", "registrar", "a hash", Role::Admin).await.unwrap();
		store.audit("registrar", "login", "staff registrar", "").await.unwrap();
		let log = store.audit_log(0, 10).await.unwrap();
		assert_eq!(log.len(), 2);
		assert_eq!((log[0].action.as_str(), log[1].action.as_str()), ("add-staff", "login"));
		let changed =
			sqlx::query("UPDATE audit_log SET staff = 'nobody'").execute(&store.pool).await;
		assert!(changed.unwrap_err().to_string().contains("append-only"));
		let emptied = sqlx::query("DELETE FROM audit_log").execute(&store.pool).await;
		assert!(emptied.unwrap_err().to_string().contains("append-only"));
		assert_eq!(store.audit_log(0, 10).await.unwrap(), log);
		// Opened again, the tables are up to date and the log is whole.
		drop(store);
		let store = Store::open(&url).await.unwrap();
		assert_eq!(store.audit_log(0, 10).await.unwrap(), log);
		assert!(Engine::of("mysql://x").is_err());
	}

	#[tokio::test]
	async fn closing_an_account_ends_its_logins_and_the_last_admin_stays() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(&format!("sqlite:{}", dir.path().join("office.db").display()))
			.await
			.unwrap();
		let admin = store.add_staff("office", "registrar", "a hash", Role::Admin).await.unwrap();
		let clerk =
			store.add_staff("registrar", "clerk.chen", "a hash", Role::Clerk).await.unwrap();
		store.start_session(&clerk, crate::domain::staff::token_hash("token")).await.unwrap();
		assert!(store.session("token").await.unwrap().is_some());

		let close = StaffChange { active: Some(false), ..Default::default() };
		let closed = store.change_staff("registrar", "clerk.chen", close.clone()).await.unwrap();
		assert!(!closed.active);
		assert!(store.session("token").await.unwrap().is_none(), "its login ended");
		let reopen = StaffChange { active: Some(true), ..Default::default() };
		assert!(store.change_staff("registrar", "clerk.chen", reopen).await.unwrap().active);
		assert!(
			store.session("token").await.unwrap().is_none(),
			"a reopened account logs in again"
		);

		let refused = store.change_staff("registrar", "registrar", close).await;
		assert!(matches!(refused, Err(StaffRefused::LastAdmin)), "{refused:?}");
		let demote = StaffChange { role: Some(Role::Officer), ..Default::default() };
		let refused = store.change_staff("registrar", "registrar", demote.clone()).await;
		assert!(matches!(refused, Err(StaffRefused::LastAdmin)), "{refused:?}");
		let promote = StaffChange { role: Some(Role::Admin), ..Default::default() };
		store.change_staff("registrar", "clerk.chen", promote).await.unwrap();
		let demoted = store.change_staff("clerk.chen", "registrar", demote).await.unwrap();
		assert_eq!((demoted.id, demoted.role), (admin.id, Role::Officer), "another admin is left");
		let missing = store.change_staff("registrar", "nobody", StaffChange::default()).await;
		assert!(matches!(missing, Err(StaffRefused::Unknown)), "{missing:?}");

		let actions: Vec<String> =
			store.audit_log(0, 20).await.unwrap().into_iter().map(|entry| entry.action).collect();
		let changes: Vec<&str> = actions
			.iter()
			.map(String::as_str)
			.filter(|action| !matches!(*action, "add-staff" | "login"))
			.collect();
		assert_eq!(changes, ["close-staff", "reopen-staff", "change-role", "change-role"]);
	}
}

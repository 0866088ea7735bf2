//! Staff accounts and their logins.

use super::{audit::record, now, Store, StoreError};
use crate::domain::staff::{token_hash, Role, SESSION_SECONDS};
use serde::Serialize;
use utoipa::ToSchema;

/// A member of staff.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffRow {
	pub id: i64,
	pub username: String,
	pub role: Role,
	pub active: bool,
	pub created_at: i64,
	#[serde(skip)]
	pub password_hash: String,
}

/// What an admin changes of a member of staff: whatever is given.
#[derive(Clone, Debug, Default)]
pub struct StaffChange {
	/// False closes the account, true opens it again.
	pub active: Option<bool>,
	pub role: Option<Role>,
	/// The Argon2id hash of a new password.
	pub password_hash: Option<String>,
}

/// Why a change to a member of staff was not made.
#[derive(Debug)]
pub enum StaffRefused {
	/// There is no member of staff of that name.
	Unknown,
	/// The office would be left with no active admin.
	LastAdmin,
	Store(StoreError),
}

impl From<sqlx::Error> for StaffRefused {
	fn from(error: sqlx::Error) -> Self {
		StaffRefused::Store(error.into())
	}
}

impl From<StoreError> for StaffRefused {
	fn from(error: StoreError) -> Self {
		StaffRefused::Store(error)
	}
}

/// A logged-in member of staff.
#[derive(Clone, Debug)]
pub struct Session {
	pub staff: StaffRow,
	pub expires_at: i64,
}

type Columns = (i64, String, String, i64, i64, String);

const COLUMNS: &str = "id, username, role, active, created_at, password_hash";

fn row(
	(id, username, role, active, created_at, password_hash): Columns,
) -> Result<StaffRow, StoreError> {
	Ok(StaffRow {
		id,
		username,
		role: role.parse().map_err(StoreError)?,
		active: active == 1,
		created_at,
		password_hash,
	})
}

impl Store {
	/// Adds a member of staff, `by` whom (a username, for the log).
	pub async fn add_staff(
		&self,
		by: &str,
		username: &str,
		password_hash: &str,
		role: Role,
	) -> Result<StaffRow, StoreError> {
		let mut tx = self.pool.begin().await?;
		let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
			.bind(username)
			.fetch_optional(&mut *tx)
			.await?;
		if taken.is_some() {
			return Err(StoreError(format!(
				"there is already a member of staff named {username:?}"
			)));
		}
		let created: Columns = sqlx::query_as(&format!(
			"INSERT INTO staff (username, password_hash, role, active, created_at) \
			 VALUES ($1, $2, $3, 1, $4) RETURNING {COLUMNS}"
		))
		.bind(username)
		.bind(password_hash)
		.bind(role.as_str())
		.bind(now())
		.fetch_one(&mut *tx)
		.await?;
		record(
			&mut tx,
			by,
			"add-staff",
			&format!("staff {username}"),
			&format!("role {role}"),
			None,
		)
		.await?;
		tx.commit().await?;
		row(created)
	}

	/// Makes `change` to the member of staff named `username`, `by` whom (a
	/// username, for the log): each part is logged. Closing the account,
	/// changing its role or its password ends its logins. Refused if no
	/// active admin would be left.
	pub async fn change_staff(
		&self,
		by: &str,
		username: &str,
		change: StaffChange,
	) -> Result<StaffRow, StaffRefused> {
		let mut tx = self.pool.begin().await?;
		let found: Option<Columns> =
			sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff WHERE username = $1"))
				.bind(username)
				.fetch_optional(&mut *tx)
				.await?;
		let before = row(found.ok_or(StaffRefused::Unknown)?)?;
		let active = change.active.unwrap_or(before.active);
		let role = change.role.unwrap_or(before.role);
		let was_admin = before.active && before.role == Role::Admin;
		if was_admin && !(active && role == Role::Admin) {
			let admins: i64 = sqlx::query_scalar(
				"SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1",
			)
			.fetch_one(&mut *tx)
			.await?;
			if admins <= 1 {
				return Err(StaffRefused::LastAdmin);
			}
		}
		let password_hash = change.password_hash.as_deref().unwrap_or(&before.password_hash);
		let changed: Columns = sqlx::query_as(&format!(
			"UPDATE staff SET active = $1, role = $2, password_hash = $3 WHERE id = $4 \
			 RETURNING {COLUMNS}"
		))
		.bind(i64::from(active))
		.bind(role.as_str())
		.bind(password_hash)
		.bind(before.id)
		.fetch_one(&mut *tx)
		.await?;
		let subject = format!("staff {username}");
		let mut logins_end = false;
		if active != before.active {
			let action = if active { "reopen-staff" } else { "close-staff" };
			record(&mut tx, by, action, &subject, "", None).await?;
			logins_end |= !active;
		}
		if role != before.role {
			let detail = format!("from {} to {role}", before.role);
			record(&mut tx, by, "change-role", &subject, &detail, None).await?;
			logins_end = true;
		}
		if change.password_hash.is_some() {
			record(&mut tx, by, "reset-password", &subject, "", None).await?;
			logins_end = true;
		}
		if logins_end {
			sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
				.bind(before.id)
				.execute(&mut *tx)
				.await?;
		}
		tx.commit().await?;
		Ok(row(changed)?)
	}

	/// The member of staff named `username`.
	pub async fn staff_named(&self, username: &str) -> Result<Option<StaffRow>, StoreError> {
		let found: Option<Columns> =
			sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff WHERE username = $1"))
				.bind(username)
				.fetch_optional(&self.pool)
				.await?;
		found.map(row).transpose()
	}

	/// Every member of staff, by id.
	pub async fn staff(&self) -> Result<Vec<StaffRow>, StoreError> {
		let all: Vec<Columns> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff ORDER BY id"))
			.fetch_all(&self.pool)
			.await?;
		all.into_iter().map(row).collect()
	}

	/// How many members of staff there are.
	pub async fn staff_count(&self) -> Result<i64, StoreError> {
		Ok(sqlx::query_scalar("SELECT COUNT(*) FROM staff").fetch_one(&self.pool).await?)
	}

	/// Opens a login for `staff` with the token whose hash is `hash`.
	pub async fn start_session(&self, staff: &StaffRow, hash: [u8; 32]) -> Result<i64, StoreError> {
		let expires_at = now() + SESSION_SECONDS;
		let mut tx = self.pool.begin().await?;
		sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
			.bind(now())
			.execute(&mut *tx)
			.await?;
		sqlx::query("INSERT INTO sessions (token_hash, staff_id, expires_at) VALUES ($1, $2, $3)")
			.bind(hash.to_vec())
			.bind(staff.id)
			.bind(expires_at)
			.execute(&mut *tx)
			.await?;
		record(&mut tx, &staff.username, "login", &format!("staff {}", staff.username), "", None)
			.await?;
		tx.commit().await?;
		Ok(expires_at)
	}

	/// The login `token` opens, if it is current and its account active.
	pub async fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
		let found: Option<(i64, i64)> = sqlx::query_as(
			"SELECT staff_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
		)
		.bind(token_hash(token).to_vec())
		.bind(now())
		.fetch_optional(&self.pool)
		.await?;
		let Some((staff_id, expires_at)) = found else { return Ok(None) };
		let staff: Columns = sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff WHERE id = $1"))
			.bind(staff_id)
			.fetch_one(&self.pool)
			.await?;
		let staff = row(staff)?;
		Ok(staff.active.then_some(Session { staff, expires_at }))
	}

	/// Ends the login of `token`.
	pub async fn end_session(&self, staff: &str, token: &str) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
			.bind(token_hash(token).to_vec())
			.execute(&mut *tx)
			.await?;
		record(&mut tx, staff, "logout", &format!("staff {staff}"), "", None).await?;
		tx.commit().await?;
		Ok(())
	}
}

//! The office's staff: who may do what, and how they prove who they are.
//!
//! | role | may |
//! |---|---|
//! | clerk | draft certificates, read the office's certificates |
//! | officer | the clerk's work, and approve: issue on chain; revoke, suspend and reinstate; re-issue a holder's file |
//! | auditor | read the certificates and the audit log |
//! | admin | manage staff accounts, read the audit log |
//!
//! Passwords are kept as Argon2id hashes (PHC strings). A login gives a
//! random bearer token; the office keeps only its hash, until it expires.

use argon2::{
	password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
	Argon2,
};
use chacha20poly1305::aead::rand_core::RngCore;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// The shortest password the office accepts.
pub const MIN_PASSWORD_LEN: usize = 12;

/// How long a login lasts, in seconds: a working day.
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;

/// A member of staff's role.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
	Clerk,
	Officer,
	Auditor,
	Admin,
}

/// Something a member of staff may or may not do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Action {
	Draft,
	ReadCertificates,
	Approve,
	ChangeStatus,
	ReissueHolderFile,
	ReadAudit,
	ManageStaff,
}

impl Action {
	/// The action in words, for a refusal.
	pub fn words(self) -> &'static str {
		match self {
			Action::Draft => "draft certificates",
			Action::ReadCertificates => "read the office's certificates",
			Action::Approve => "approve certificates",
			Action::ChangeStatus => "revoke, suspend or reinstate certificates",
			Action::ReissueHolderFile => "re-issue a holder's file",
			Action::ReadAudit => "read the audit log",
			Action::ManageStaff => "manage staff accounts",
		}
	}
}

impl Role {
	/// Every role, in the order the table above lists them.
	pub const ALL: [Role; 4] = [Role::Clerk, Role::Officer, Role::Auditor, Role::Admin];

	/// Whether this role may do `action`.
	pub fn may(self, action: Action) -> bool {
		use Action::*;
		match self {
			Role::Clerk => matches!(action, Draft | ReadCertificates),
			Role::Officer => {
				matches!(
					action,
					Draft | ReadCertificates | Approve | ChangeStatus | ReissueHolderFile
				)
			},
			Role::Auditor => matches!(action, ReadCertificates | ReadAudit),
			Role::Admin => matches!(action, ManageStaff | ReadAudit),
		}
	}

	/// The role's name, as the database and the API spell it.
	pub fn as_str(self) -> &'static str {
		match self {
			Role::Clerk => "clerk",
			Role::Officer => "officer",
			Role::Auditor => "auditor",
			Role::Admin => "admin",
		}
	}
}

impl fmt::Display for Role {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.as_str())
	}
}

impl FromStr for Role {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, Self::Err> {
		Role::ALL
			.into_iter()
			.find(|role| role.as_str() == text)
			.ok_or_else(|| format!("{text:?} is not a role: use clerk, officer, auditor or admin"))
	}
}

/// A username: 3 to 64 letters, digits, `.`, `-` or `_`.
pub fn check_username(name: &str) -> Result<(), String> {
	let fits = (3..=64).contains(&name.len())
		&& name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
	match fits {
		true => Ok(()),
		false => Err(format!(
			"{name:?} is not a usable username: use 3 to 64 letters, digits, '.', '-' or '_'"
		)),
	}
}

/// `password`'s Argon2id hash, or why the password is refused.
pub fn hash_password(password: &str) -> Result<String, String> {
	if password.chars().count() < MIN_PASSWORD_LEN {
		return Err(format!("a password needs at least {MIN_PASSWORD_LEN} characters"));
	}
	let salt = SaltString::generate(&mut OsRng);
	Argon2::default()
		.hash_password(password.as_bytes(), &salt)
		.map(|hash| hash.to_string())
		.map_err(|error| format!("cannot hash the password: {error}"))
}

/// Whether `password` is the one `hash` was made from.
pub fn password_matches(password: &str, hash: &str) -> bool {
	PasswordHash::new(hash)
		.map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
		.unwrap_or(false)
}

/// A new random password (for the first admin), 24 characters.
pub fn generate_password() -> String {
	const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	let mut bytes = [0u8; 24];
	OsRng.fill_bytes(&mut bytes);
	bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// A new login token, and the hash the office keeps of it.
pub fn new_session_token() -> (String, [u8; 32]) {
	let mut token = [0u8; 32];
	OsRng.fill_bytes(&mut token);
	let token = hex::encode(token);
	let hash = token_hash(&token);
	(token, hash)
}

/// The hash the office keeps of a login token.
pub fn token_hash(token: &str) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(token.as_bytes())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn each_role_may_do_only_its_own_work() {
		assert!(Role::Clerk.may(Action::Draft));
		assert!(!Role::Clerk.may(Action::Approve));
		assert!(!Role::Clerk.may(Action::ReadAudit));
		assert!(Role::Officer.may(Action::Approve));
		assert!(!Role::Officer.may(Action::ManageStaff));
		assert!(Role::Auditor.may(Action::ReadAudit));
		assert!(!Role::Auditor.may(Action::Draft));
		assert!(Role::Admin.may(Action::ManageStaff));
		assert!(!Role::Admin.may(Action::Approve), "an admin manages staff, not certificates");
	}

	#[test]
	fn passwords_are_argon2id_hashes_that_check() {
		let hash = hash_password("correct horse battery").unwrap();
		assert!(hash.starts_with("$argon2id$"), "{hash}");
		assert!(password_matches("correct horse battery", &hash));
		assert!(!password_matches("correct horse battery!", &hash));
		assert!(!password_matches("anything", "not a hash"));
		assert!(hash_password("short").is_err());
	}

	#[test]
	fn roles_and_usernames_read_from_text() {
		assert_eq!("officer".parse::<Role>(), Ok(Role::Officer));
		assert!("root".parse::<Role>().is_err());
		assert!(check_username("registrar.lin").is_ok());
		assert!(check_username("a b").is_err());
		assert!(check_username("ab").is_err());
		assert_eq!(generate_password().len(), 24);
	}
}

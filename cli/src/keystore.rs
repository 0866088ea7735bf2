//! The local keystore: one JSON file of named accounts, readable and
//! writable by its owner only (mode 0600, in a 0700 directory).
//!
//! An account is one secret, a secret URI: `0x` and 32 random bytes for an
//! account made by `ecert account new`. Its sr25519 signing key is
//! `sr25519::Pair::from_string(secret)`, and its X25519 key-agreement key is
//! [`KeyAgreementPair::from_seed`]`(secret)`, so one backup restores both.
//! The same rules turn a development name such as `//Alice` into keys, so
//! `--as //Alice` works without a keystore entry.
//!
//! A secret is encrypted with XChaCha20-Poly1305 under a key stretched from
//! a passphrase by Argon2id (its default parameters, a fresh salt per
//! account), or, only when asked for (`--plain`, for tests and development),
//! kept in the clear.
//!
//! The file is refused if others may read it or its directory may be
//! written by others, and it is replaced through a new temporary file that
//! is never a link.

use crate::error::CliError;
use argon2::Argon2;
use chacha20poly1305::{
	aead::{Aead, KeyInit},
	XChaCha20Poly1305, XNonce,
};
use ecert_client::sealed::KeyAgreementPair;
use ecert_primitives::AccountId;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sp_core::{crypto::Pair as _, sr25519};
use std::{
	fs,
	io::Write,
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::{Path, PathBuf},
};

/// The keystore file's format version.
const VERSION: u32 = 1;

/// The keystore file.
#[derive(Serialize, Deserialize)]
pub struct Keystore {
	version: u32,
	accounts: Vec<StoredAccount>,
}

impl Default for Keystore {
	fn default() -> Self {
		Keystore { version: VERSION, accounts: vec![] }
	}
}

/// An account as the file keeps it.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredAccount {
	/// The name the user gave it.
	pub name: String,
	/// Its SS58 address.
	pub address: String,
	/// The sr25519 signing public key, 0x-hex.
	pub signing_key: String,
	/// The X25519 key-agreement public key, 0x-hex.
	pub key_agreement_key: String,
	/// The secret, in the clear or encrypted.
	secret: Secret,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Secret {
	Plain(String),
	Encrypted { salt: String, nonce: String, ciphertext: String },
}

/// An account's keys, ready to sign and to open sealed payloads.
pub struct Signer {
	/// Its name: the keystore name or the development URI.
	pub name: String,
	/// Its signing key pair.
	pub pair: sr25519::Pair,
	/// Its key-agreement key pair.
	pub key_agreement: KeyAgreementPair,
}

impl Signer {
	/// The keys of secret URI `secret`.
	pub fn from_secret(name: &str, secret: &str) -> Result<Self, CliError> {
		let pair = sr25519::Pair::from_string(secret, None).map_err(|error| {
			CliError::input(format!("{name}: not a usable secret ({error:?})"), "")
		})?;
		Ok(Signer { name: name.into(), pair, key_agreement: KeyAgreementPair::from_seed(secret) })
	}

	/// The account id.
	pub fn account(&self) -> AccountId {
		AccountId::from(self.pair.public())
	}
}

/// Where the keystore is: `--keystore`, else `$ECERT_KEYSTORE`, else
/// `~/.ecert/keystore.json`.
pub fn default_path() -> PathBuf {
	if let Some(path) = std::env::var_os("ECERT_KEYSTORE") {
		return path.into();
	}
	let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| ".".into());
	home.join(".ecert").join("keystore.json")
}

impl Keystore {
	/// Reads the keystore at `path`; a missing file is an empty keystore.
	/// A file that others may read or change is refused.
	pub fn load(path: &Path) -> Result<Self, CliError> {
		check_modes(path)?;
		let text = match fs::read_to_string(path) {
			Ok(text) => text,
			Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
				return Ok(Keystore::default())
			},
			Err(error) => {
				return Err(CliError::input(
					format!("cannot read the keystore {}: {error}", path.display()),
					"check --keystore",
				))
			},
		};
		let keystore: Keystore = serde_json::from_str(&text).map_err(|error| {
			CliError::input(
				format!("the keystore {} is damaged: {error}", path.display()),
				"restore it from your backup",
			)
		})?;
		if keystore.version != VERSION {
			return Err(CliError::input(
				format!("keystore version {} is not supported", keystore.version),
				"use the ecert release that wrote it",
			));
		}
		Ok(keystore)
	}

	/// Writes the keystore to `path`, owner-only, replacing the old file at
	/// once so that a crash leaves either the old or the new one.
	pub fn save(&self, path: &Path) -> Result<(), CliError> {
		let fail = |error: std::io::Error| {
			CliError::input(
				format!("cannot write the keystore {}: {error}", path.display()),
				"check --keystore and its directory's permissions",
			)
		};
		if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
			if !dir.exists() {
				fs::create_dir_all(dir).map_err(fail)?;
				fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(fail)?;
			}
		}
		let temporary = path.with_extension("json.tmp");
		// A temporary file left by a crash goes; a link there is removed, not
		// followed. `create_new` (O_CREAT | O_EXCL) never follows a link and
		// refuses anything that appears meanwhile.
		match fs::remove_file(&temporary) {
			Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(fail(error)),
			_ => {},
		}
		let mut file = fs::OpenOptions::new()
			.write(true)
			.create_new(true)
			.mode(0o600)
			.open(&temporary)
			.map_err(fail)?;
		let text = serde_json::to_string_pretty(self).expect("the keystore serializes");
		file.write_all(text.as_bytes()).and_then(|_| file.sync_all()).map_err(fail)?;
		fs::set_permissions(&temporary, fs::Permissions::from_mode(0o600)).map_err(fail)?;
		fs::rename(&temporary, path).map_err(fail)
	}

	/// The accounts, in the order they were made.
	pub fn accounts(&self) -> &[StoredAccount] {
		&self.accounts
	}

	/// The account named `name`.
	pub fn get(&self, name: &str) -> Option<&StoredAccount> {
		self.accounts.iter().find(|account| account.name == name)
	}

	/// Makes a new account `name` with a fresh random secret, encrypted
	/// with `passphrase` if given.
	pub fn create(
		&mut self,
		name: &str,
		passphrase: Option<&str>,
	) -> Result<StoredAccount, CliError> {
		if name.is_empty() || name.starts_with('/') || name.len() > 64 {
			return Err(CliError::input(
				format!("{name:?} is not a usable account name"),
				"use 1 to 64 characters, not starting with '/'",
			));
		}
		if self.get(name).is_some() {
			return Err(CliError::input(
				format!("an account named {name:?} already exists"),
				"pick another --name (`ecert account list` shows the names in use)",
			));
		}
		let mut seed = [0u8; 32];
		rand::rngs::OsRng.fill_bytes(&mut seed);
		let secret_uri = format!("0x{}", hex::encode(seed));
		let signer = Signer::from_secret(name, &secret_uri)?;
		let secret = match passphrase {
			None => Secret::Plain(secret_uri),
			Some(passphrase) => encrypt(&secret_uri, passphrase)?,
		};
		let account = StoredAccount {
			name: name.into(),
			address: signer.account().to_string(),
			signing_key: format!("0x{}", hex::encode(signer.pair.public().0)),
			key_agreement_key: format!("{:?}", signer.key_agreement.public().0),
			secret,
		};
		self.accounts.push(account.clone());
		Ok(account)
	}
}

impl StoredAccount {
	/// What may be shown of it: name, address, public keys, and whether its
	/// secret is encrypted.
	pub fn public_json(&self) -> serde_json::Value {
		serde_json::json!({
			"name": self.name,
			"address": self.address,
			"signingKey": self.signing_key,
			"keyAgreementKey": self.key_agreement_key,
			"encrypted": self.encrypted(),
		})
	}

	/// Whether its secret is encrypted.
	pub fn encrypted(&self) -> bool {
		matches!(self.secret, Secret::Encrypted { .. })
	}

	/// Its keys; `passphrase` opens an encrypted secret.
	pub fn unlock(&self, passphrase: Option<&str>) -> Result<Signer, CliError> {
		let secret = match &self.secret {
			Secret::Plain(secret) => secret.clone(),
			Secret::Encrypted { salt, nonce, ciphertext } => {
				let passphrase = passphrase.ok_or_else(|| {
					CliError::input(
						format!("account {:?} is encrypted", self.name),
						"give its passphrase with --passphrase-file or ECERT_PASSPHRASE",
					)
				})?;
				decrypt(salt, nonce, ciphertext, passphrase).ok_or_else(|| {
					CliError::input(
						format!("wrong passphrase for account {:?}", self.name),
						"check the passphrase",
					)
				})?
			},
		};
		Signer::from_secret(&self.name, &secret)
	}
}

/// Refuses a secret file (`what`: "the keystore", "the derivation key")
/// that is a link or that others may read or write. A missing file passes.
pub fn check_private_file(path: &Path, what: &str) -> Result<(), CliError> {
	let Ok(metadata) = fs::symlink_metadata(path) else { return Ok(()) };
	if metadata.file_type().is_symlink() {
		return Err(CliError::input(
			format!("{what} {} is a link", path.display()),
			"give the real file's path",
		));
	}
	let mode = metadata.permissions().mode() & 0o777;
	if mode & 0o077 != 0 {
		return Err(CliError::input(
			format!("{what} {} may be read by others (mode {mode:o})", path.display()),
			format!("make it private: chmod 600 {}", path.display()),
		));
	}
	Ok(())
}

/// Refuses a keystore file that others may read or write, or whose
/// directory others may write (and so swap the file).
fn check_modes(path: &Path) -> Result<(), CliError> {
	check_private_file(path, "the keystore")?;
	let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty());
	if let Some(metadata) = dir.and_then(|dir| fs::metadata(dir).ok()) {
		let mode = metadata.permissions().mode() & 0o777;
		if mode & 0o022 != 0 {
			let dir = dir.unwrap_or(path).display();
			return Err(CliError::input(
				format!("the keystore's directory {dir} may be changed by others (mode {mode:o})"),
				format!("make it private: chmod 700 {dir}"),
			));
		}
	}
	Ok(())
}

fn stretch(passphrase: &str, salt: &[u8]) -> Result<[u8; 32], CliError> {
	let mut key = [0u8; 32];
	Argon2::default()
		.hash_password_into(passphrase.as_bytes(), salt, &mut key)
		.map_err(|error| CliError::input(format!("unusable passphrase: {error}"), ""))?;
	Ok(key)
}

fn encrypt(secret: &str, passphrase: &str) -> Result<Secret, CliError> {
	if passphrase.is_empty() {
		return Err(CliError::input("the passphrase is empty", "give a non-empty passphrase"));
	}
	let mut salt = [0u8; 16];
	let mut nonce = [0u8; 24];
	rand::rngs::OsRng.fill_bytes(&mut salt);
	rand::rngs::OsRng.fill_bytes(&mut nonce);
	let cipher = XChaCha20Poly1305::new(&stretch(passphrase, &salt)?.into());
	let ciphertext = cipher
		.encrypt(XNonce::from_slice(&nonce), secret.as_bytes())
		.expect("encrypting a short secret does not fail");
	Ok(Secret::Encrypted {
		salt: hex::encode(salt),
		nonce: hex::encode(nonce),
		ciphertext: hex::encode(ciphertext),
	})
}

fn decrypt(salt: &str, nonce: &str, ciphertext: &str, passphrase: &str) -> Option<String> {
	let salt = hex::decode(salt).ok()?;
	let nonce = hex::decode(nonce).ok().filter(|nonce| nonce.len() == 24)?;
	let ciphertext = hex::decode(ciphertext).ok()?;
	let cipher = XChaCha20Poly1305::new(&stretch(passphrase, &salt).ok()?.into());
	let plain = cipher.decrypt(XNonce::from_slice(&nonce), ciphertext.as_slice()).ok()?;
	String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accounts_survive_a_round_trip_owner_only() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keys").join("keystore.json");
		let mut keystore = Keystore::load(&path).unwrap();
		let plain = keystore.create("university", None).unwrap();
		let sealed = keystore.create("holder", Some("correct horse")).unwrap();
		keystore.save(&path).unwrap();

		let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
		assert_eq!(mode, 0o600);
		let text = fs::read_to_string(&path).unwrap();
		assert!(!text.contains("correct horse"));

		let keystore = Keystore::load(&path).unwrap();
		let signer = keystore.get("university").unwrap().unlock(None).unwrap();
		assert_eq!(signer.account().to_string(), plain.address);
		let holder = keystore.get("holder").unwrap();
		assert!(holder.encrypted());
		assert!(holder.unlock(None).is_err());
		assert!(holder.unlock(Some("wrong")).is_err());
		let signer = holder.unlock(Some("correct horse")).unwrap();
		assert_eq!(signer.account().to_string(), sealed.address);
		assert_eq!(format!("{:?}", signer.key_agreement.public().0), sealed.key_agreement_key);
	}

	#[test]
	fn a_keystore_others_may_read_or_swap_is_refused() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keys").join("keystore.json");
		let mut keystore = Keystore::default();
		keystore.create("university", Some("correct horse")).unwrap();
		keystore.save(&path).unwrap();
		assert!(Keystore::load(&path).is_ok());

		fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
		assert!(Keystore::load(&path).is_err(), "readable by others");
		fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();

		let keys = path.parent().unwrap();
		fs::set_permissions(keys, fs::Permissions::from_mode(0o777)).unwrap();
		assert!(Keystore::load(&path).is_err(), "a directory others may write");
		fs::set_permissions(keys, fs::Permissions::from_mode(0o700)).unwrap();

		let link = dir.path().join("link.json");
		std::os::unix::fs::symlink(&path, &link).unwrap();
		assert!(Keystore::load(&link).is_err(), "a link");
	}

	#[test]
	fn saving_never_writes_through_a_planted_link() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keystore.json");
		let target = dir.path().join("elsewhere");
		fs::write(&target, "untouched").unwrap();
		std::os::unix::fs::symlink(&target, path.with_extension("json.tmp")).unwrap();
		let mut keystore = Keystore::default();
		keystore.create("university", Some("correct horse")).unwrap();
		keystore.save(&path).unwrap();
		assert_eq!(fs::read_to_string(&target).unwrap(), "untouched");
		assert!(Keystore::load(&path).unwrap().get("university").is_some());
	}

	#[test]
	fn names_are_unique_and_well_formed() {
		let mut keystore = Keystore::default();
		keystore.create("a", None).unwrap();
		assert!(keystore.create("a", None).is_err());
		assert!(keystore.create("", None).is_err());
		assert!(keystore.create("//Alice", None).is_err());
	}

	#[test]
	fn a_damaged_keystore_is_reported_not_overwritten() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keystore.json");
		fs::write(&path, "{ not json").unwrap();
		assert!(Keystore::load(&path).is_err());
		assert_eq!(fs::read_to_string(&path).unwrap(), "{ not json");
	}
}

//! The local keystore: one JSON file of named accounts
//! ([`ecert_primitives::keystore`], which also says how secrets are kept),
//! readable and writable by its owner only (mode 0600, in a 0700
//! directory).
//!
//! The same rules that turn an account's secret into keys turn a
//! development name such as `//Alice` into keys, so `--as //Alice` works
//! without a keystore entry.
//!
//! The file is refused if others may read it or its directory may be
//! written by others, and it is replaced through a new temporary file that
//! is never a link.

use crate::error::CliError;
pub use ecert_primitives::keystore::{Keystore, StoredAccount};
use ecert_primitives::{keystore::KeystoreError, sealed::KeyAgreementPair, AccountId};
use rand::RngCore;
use sp_core::{crypto::Pair as _, sr25519};
use std::{
	fs,
	io::Write,
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::{Path, PathBuf},
};

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

/// The keystore as a private file.
pub trait KeystoreFile: Sized {
	/// Reads the keystore at `path`; a missing file is an empty keystore.
	/// A file that others may read or change is refused.
	fn load(path: &Path) -> Result<Self, CliError>;

	/// Writes the keystore to `path`, owner-only, replacing the old file at
	/// once so that a crash leaves either the old or the new one.
	fn save(&self, path: &Path) -> Result<(), CliError>;

	/// Makes a new account `name` with a fresh random secret, encrypted
	/// with `passphrase` if given.
	fn create(&mut self, name: &str, passphrase: Option<&str>) -> Result<StoredAccount, CliError>;
}

impl KeystoreFile for Keystore {
	fn load(path: &Path) -> Result<Self, CliError> {
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
		Keystore::from_json(&text).map_err(|error| match error {
			KeystoreError::UnsupportedVersion(_) => {
				CliError::input(error.to_string(), "use the ecert release that wrote it")
			},
			_ => CliError::input(
				format!("the keystore {} is damaged: {error}", path.display()),
				"restore it from your backup",
			),
		})
	}

	fn save(&self, path: &Path) -> Result<(), CliError> {
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
		file.write_all(self.to_json().as_bytes()).and_then(|_| file.sync_all()).map_err(fail)?;
		fs::set_permissions(&temporary, fs::Permissions::from_mode(0o600)).map_err(fail)?;
		fs::rename(&temporary, path).map_err(fail)
	}

	fn create(&mut self, name: &str, passphrase: Option<&str>) -> Result<StoredAccount, CliError> {
		let mut seed = [0u8; 32];
		rand::rngs::OsRng.fill_bytes(&mut seed);
		let secret = format!("0x{}", hex::encode(seed));
		let pair = sr25519::Pair::from_string(&secret, None).expect("32 bytes are a seed");
		let account = StoredAccount::new(
			name,
			AccountId::from(pair.public()).to_string(),
			format!("0x{}", hex::encode(pair.public().0)),
			&secret,
			passphrase,
		)
		.map_err(keystore_error)?;
		self.add(account.clone()).map_err(keystore_error)?;
		Ok(account)
	}
}

/// The keys of `account`; `passphrase` opens an encrypted secret.
pub fn unlock(account: &StoredAccount, passphrase: Option<&str>) -> Result<Signer, CliError> {
	let secret = account.secret(passphrase).map_err(keystore_error)?;
	Signer::from_secret(&account.name, &secret)
}

/// A keystore error in the CLI's words, with what to do about it.
fn keystore_error(error: KeystoreError) -> CliError {
	let hint = match &error {
		KeystoreError::BadName(_) => "use 1 to 64 characters, not starting with '/'",
		KeystoreError::NameTaken(_) => {
			"pick another --name (`ecert account list` shows the names in use)"
		},
		KeystoreError::EmptyPassphrase => "give a non-empty passphrase",
		KeystoreError::PassphraseNeeded(_) => {
			"give its passphrase with --passphrase-file or ECERT_PASSPHRASE"
		},
		KeystoreError::WrongPassphrase(_) => "check the passphrase",
		_ => "restore the keystore from your backup",
	};
	CliError::input(error.to_string(), hint)
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
		let signer = unlock(keystore.get("university").unwrap(), None).unwrap();
		assert_eq!(signer.account().to_string(), plain.address);
		let holder = keystore.get("holder").unwrap();
		assert!(holder.encrypted());
		assert!(unlock(holder, None).is_err());
		assert!(unlock(holder, Some("wrong")).is_err());
		let signer = unlock(holder, Some("correct horse")).unwrap();
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
	fn a_damaged_keystore_is_reported_not_overwritten() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keystore.json");
		fs::write(&path, "{ not json").unwrap();
		assert!(Keystore::load(&path).is_err());
		assert_eq!(fs::read_to_string(&path).unwrap(), "{ not json");
	}
}

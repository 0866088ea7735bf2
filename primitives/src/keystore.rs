//! The keystore's format: one JSON document of named accounts, which the
//! CLI keeps in a private file (`~/.ecert/keystore.json`) and the holder's
//! wallet opens in the browser.
//!
//! An account is one secret, a secret URI: `0x` and 32 random bytes for an
//! account made by `ecert account new`. Its sr25519 signing key is
//! `sr25519::Pair::from_string(secret)`, and its X25519 key-agreement key is
//! [`KeyAgreementPair::from_seed`]`(secret)`, so one backup restores both.
//!
//! A secret is encrypted with XChaCha20-Poly1305 under a key stretched from
//! a passphrase by Argon2id (its default parameters, a fresh salt per
//! account), or, only when asked for (for tests and development), kept in
//! the clear.

use crate::sealed::KeyAgreementPair;
use alloc::{
	format,
	string::{String, ToString},
	vec::Vec,
};
use argon2::Argon2;
use chacha20poly1305::{
	aead::{rand_core::RngCore, Aead, KeyInit, OsRng},
	XChaCha20Poly1305, XNonce,
};
use core::fmt;
use serde::{Deserialize, Serialize};
use sp_core::{sr25519, Pair as _};

/// The keystore document.
#[derive(Clone, Serialize, Deserialize)]
pub struct Keystore {
	version: u32,
	accounts: Vec<StoredAccount>,
}

impl Default for Keystore {
	fn default() -> Self {
		Keystore { version: Keystore::VERSION, accounts: Vec::new() }
	}
}

/// An account as the keystore keeps it.
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

/// Why a keystore or one of its accounts cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeystoreError {
	/// The document is not a keystore (the parser's words).
	NotAKeystore(String),
	/// A keystore version this release does not read.
	UnsupportedVersion(u32),
	/// A name that is empty, too long, or starts with `/` (kept for
	/// development URIs such as `//Alice`).
	BadName(String),
	/// The name is taken.
	NameTaken(String),
	/// An empty passphrase.
	EmptyPassphrase,
	/// The account is encrypted and no passphrase was given.
	PassphraseNeeded(String),
	/// The passphrase does not open the account.
	WrongPassphrase(String),
	/// The account's secret does not give its recorded keys.
	Damaged(String),
}

impl fmt::Display for KeystoreError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			KeystoreError::NotAKeystore(why) => write!(f, "this is not an ecert keystore: {why}"),
			KeystoreError::UnsupportedVersion(version) => {
				write!(f, "keystore version {version} is not supported")
			},
			KeystoreError::BadName(name) => write!(f, "{name:?} is not a usable account name"),
			KeystoreError::NameTaken(name) => write!(f, "an account named {name:?} already exists"),
			KeystoreError::EmptyPassphrase => f.write_str("the passphrase is empty"),
			KeystoreError::PassphraseNeeded(name) => write!(f, "account {name:?} is encrypted"),
			KeystoreError::WrongPassphrase(name) => {
				write!(f, "wrong passphrase for account {name:?}")
			},
			KeystoreError::Damaged(name) => {
				write!(f, "account {name:?} is damaged: its secret does not give its keys")
			},
		}
	}
}

#[cfg(feature = "std")]
impl std::error::Error for KeystoreError {}

impl Keystore {
	/// The format version this release reads and writes.
	pub const VERSION: u32 = 1;

	/// Reads a keystore document.
	pub fn from_json(text: &str) -> Result<Self, KeystoreError> {
		let keystore: Keystore = serde_json::from_str(text)
			.map_err(|error| KeystoreError::NotAKeystore(error.to_string()))?;
		if keystore.version != Self::VERSION {
			return Err(KeystoreError::UnsupportedVersion(keystore.version));
		}
		Ok(keystore)
	}

	/// The document, as the file keeps it.
	pub fn to_json(&self) -> String {
		serde_json::to_string_pretty(self).expect("a keystore serializes")
	}

	/// The accounts, in the order they were made.
	pub fn accounts(&self) -> &[StoredAccount] {
		&self.accounts
	}

	/// The account named `name`.
	pub fn get(&self, name: &str) -> Option<&StoredAccount> {
		self.accounts.iter().find(|account| account.name == name)
	}

	/// Adds `account`, whose name must be well formed and new.
	pub fn add(&mut self, account: StoredAccount) -> Result<(), KeystoreError> {
		let name = &account.name;
		if name.is_empty() || name.starts_with('/') || name.len() > 64 {
			return Err(KeystoreError::BadName(name.clone()));
		}
		if self.get(name).is_some() {
			return Err(KeystoreError::NameTaken(name.clone()));
		}
		self.accounts.push(account);
		Ok(())
	}
}

impl StoredAccount {
	/// The account `name` of secret URI `secret`, with its `address` and
	/// `signing_key` (0x-hex), its secret encrypted with `passphrase` if
	/// given.
	pub fn new(
		name: &str,
		address: String,
		signing_key: String,
		secret: &str,
		passphrase: Option<&str>,
	) -> Result<Self, KeystoreError> {
		let key_agreement_key = format!("{:?}", KeyAgreementPair::from_seed(secret).public().0);
		let secret = match passphrase {
			None => Secret::Plain(secret.into()),
			Some(passphrase) => encrypt(secret, passphrase)?,
		};
		Ok(StoredAccount { name: name.into(), address, signing_key, key_agreement_key, secret })
	}

	/// Whether its secret is encrypted.
	pub fn encrypted(&self) -> bool {
		matches!(self.secret, Secret::Encrypted { .. })
	}

	/// Its secret URI; `passphrase` opens an encrypted one.
	pub fn secret(&self, passphrase: Option<&str>) -> Result<String, KeystoreError> {
		match &self.secret {
			Secret::Plain(secret) => Ok(secret.clone()),
			Secret::Encrypted { salt, nonce, ciphertext } => {
				let passphrase =
					passphrase.ok_or_else(|| KeystoreError::PassphraseNeeded(self.name.clone()))?;
				decrypt(salt, nonce, ciphertext, passphrase)
					.ok_or_else(|| KeystoreError::WrongPassphrase(self.name.clone()))
			},
		}
	}

	/// Its key-agreement key pair, which opens what issuers sealed to it;
	/// `passphrase` opens an encrypted secret.
	pub fn key_agreement(
		&self,
		passphrase: Option<&str>,
	) -> Result<KeyAgreementPair, KeystoreError> {
		self.key_pairs(passphrase).map(|(_, key_agreement)| key_agreement)
	}

	/// Its signing key pair, which signs for the account and its identity,
	/// and its key-agreement key pair; `passphrase` opens an encrypted
	/// secret.
	pub fn key_pairs(
		&self,
		passphrase: Option<&str>,
	) -> Result<(sr25519::Pair, KeyAgreementPair), KeystoreError> {
		let secret = self.secret(passphrase)?;
		let damaged = || KeystoreError::Damaged(self.name.clone());
		let key_agreement = KeyAgreementPair::from_seed(&secret);
		if format!("{:?}", key_agreement.public().0) != self.key_agreement_key {
			return Err(damaged());
		}
		let signing = sr25519::Pair::from_string(&secret, None).map_err(|_| damaged())?;
		Ok((signing, key_agreement))
	}
}

fn stretch(passphrase: &str, salt: &[u8]) -> Option<[u8; 32]> {
	let mut key = [0u8; 32];
	Argon2::default().hash_password_into(passphrase.as_bytes(), salt, &mut key).ok()?;
	Some(key)
}

fn encrypt(secret: &str, passphrase: &str) -> Result<Secret, KeystoreError> {
	if passphrase.is_empty() {
		return Err(KeystoreError::EmptyPassphrase);
	}
	let mut salt = [0u8; 16];
	let mut nonce = [0u8; 24];
	OsRng.fill_bytes(&mut salt);
	OsRng.fill_bytes(&mut nonce);
	let key = stretch(passphrase, &salt).expect("a 16-byte salt and a 32-byte key are accepted");
	let ciphertext = XChaCha20Poly1305::new(&key.into())
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
	let cipher = XChaCha20Poly1305::new(&stretch(passphrase, &salt)?.into());
	let plain = cipher.decrypt(XNonce::from_slice(&nonce), ciphertext.as_slice()).ok()?;
	String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	const SECRET: &str = "0x0101010101010101010101010101010101010101010101010101010101010101";

	fn account(name: &str, passphrase: Option<&str>) -> StoredAccount {
		StoredAccount::new(name, "address".into(), "0x00".into(), SECRET, passphrase).unwrap()
	}

	#[test]
	fn an_encrypted_secret_opens_with_its_passphrase_only() {
		let mut keystore = Keystore::default();
		keystore.add(account("holder", Some("correct horse"))).unwrap();
		let sealed = keystore.to_json();
		assert!(!sealed.contains(&SECRET[2..]), "the encrypted secret shows through");
		assert!(!sealed.contains("correct horse"));
		keystore.add(account("university", None)).unwrap();
		let text = keystore.to_json();

		let keystore = Keystore::from_json(&text).unwrap();
		let holder = keystore.get("holder").unwrap();
		assert!(holder.encrypted());
		assert_eq!(holder.secret(None), Err(KeystoreError::PassphraseNeeded("holder".into())));
		assert_eq!(
			holder.secret(Some("wrong")).err(),
			Some(KeystoreError::WrongPassphrase("holder".into()))
		);
		assert_eq!(holder.secret(Some("correct horse")).unwrap(), SECRET);
		let pair = holder.key_agreement(Some("correct horse")).unwrap();
		assert_eq!(pair.public(), KeyAgreementPair::from_seed(SECRET).public());
		assert_eq!(keystore.get("university").unwrap().secret(None).unwrap(), SECRET);
	}

	#[test]
	fn names_are_unique_and_well_formed() {
		let mut keystore = Keystore::default();
		keystore.add(account("a", None)).unwrap();
		assert_eq!(keystore.add(account("a", None)), Err(KeystoreError::NameTaken("a".into())));
		assert_eq!(keystore.add(account("", None)), Err(KeystoreError::BadName("".into())));
		assert_eq!(
			keystore.add(account("//Alice", None)),
			Err(KeystoreError::BadName("//Alice".into()))
		);
		assert_eq!(
			StoredAccount::new("b", "".into(), "".into(), SECRET, Some("")).err(),
			Some(KeystoreError::EmptyPassphrase)
		);
	}

	#[test]
	fn a_damaged_or_foreign_document_is_refused() {
		assert!(matches!(Keystore::from_json("{ not json"), Err(KeystoreError::NotAKeystore(_))));
		assert_eq!(
			Keystore::from_json(r#"{"version": 9, "accounts": []}"#).err(),
			Some(KeystoreError::UnsupportedVersion(9))
		);
		let mut keystore = Keystore::default();
		let mut swapped = account("holder", None);
		swapped.key_agreement_key =
			format!("{:?}", KeyAgreementPair::from_seed("//Eve").public().0);
		keystore.add(swapped).unwrap();
		assert_eq!(
			keystore.get("holder").unwrap().key_agreement(None).err(),
			Some(KeystoreError::Damaged("holder".into()))
		);
	}
}

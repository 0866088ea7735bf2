//! `ecert-office`: a certificate authority's back office. See the crate's
//! documentation, and `ecert-office --help`.

use clap::{Args, Parser, Subcommand};
use ecert_client::Node;
use ecert_office::{
	domain::{
		documents::check_public_url,
		issuing::{Chains, ISSUER_KEY},
		sender::Sender,
		staff::{check_username, generate_password, hash_password, Role},
		vault::DataKey,
	},
	routes::{self, Office},
	store::{StaffChange, StaffRefused, Store},
};
use ecert_primitives::keystore::Keystore;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use std::{
	io::Read,
	net::SocketAddr,
	os::unix::fs::OpenOptionsExt,
	path::{Path, PathBuf},
	process::ExitCode,
	sync::Arc,
};
use tokio::sync::Notify;

/// The issuer's office: staff draft and approve certificates, and the office
/// issues them on chain with the issuer's key, keeping every certificate's
/// fields (encrypted) so that a holder's lost file can be given back.
///
/// First `ecert-office init` (makes the data key and the database, and the
/// first admin account), then `ecert-office issuer-key` (the issuer's chain
/// key, read from standard input), then `ecert-office serve`.
#[derive(Parser)]
#[command(name = "ecert-office", version)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Makes the data key (if its file does not exist), brings the database
	/// up to date, and creates the first admin account, whose password is
	/// printed once.
	///
	/// Example: ecert-office init --admin registrar
	Init {
		#[command(flatten)]
		office: OfficeArgs,
		/// The first admin's username.
		#[arg(long, default_value = "admin")]
		admin: String,
	},
	/// Gives a member of staff a new password, printed once, and opens their
	/// account if it was closed; their logins end. For an admin who has
	/// forgotten theirs: an admin resets other staff's passwords in the
	/// console.
	///
	/// Example: ecert-office reset-password --user registrar
	ResetPassword {
		#[command(flatten)]
		office: OfficeArgs,
		/// The member of staff's username.
		#[arg(long)]
		user: String,
	},
	/// Stores the issuer's chain key, encrypted with the data key. Officers'
	/// approvals are signed with it. The key is read from standard input (a
	/// secret phrase or URI), or taken from an account of the `ecert`
	/// client's keystore (its passphrase from $ECERT_PASSPHRASE if it is
	/// encrypted).
	///
	/// Examples: ecert-office issuer-key < issuer-secret.txt
	///           ecert-office issuer-key --keystore keystore.json --account ntu
	IssuerKey {
		#[command(flatten)]
		office: OfficeArgs,
		/// The `ecert` keystore file to take the key from.
		#[arg(long, requires = "account")]
		keystore: Option<PathBuf>,
		/// The keystore account whose key the office signs with.
		#[arg(long, requires = "keystore")]
		account: Option<String>,
	},
	/// Copies the whole database, while the office runs, to a new file
	/// (SQLite; for PostgreSQL use pg_dump). The copy holds personal data
	/// only sealed: keep the data key apart from it, and safe, or the copy
	/// cannot be opened.
	///
	/// Example: ecert-office backup --to /backups/office-2026-12-03.db
	Backup {
		#[command(flatten)]
		office: OfficeArgs,
		/// The new file to write.
		#[arg(long)]
		to: PathBuf,
	},
	/// Puts a backup back as the office's SQLite database (with the office
	/// stopped), after checking that the data key opens it. Refuses to
	/// replace a database that exists unless --replace is given.
	///
	/// Example: ecert-office restore --from /backups/office-2026-12-03.db
	Restore {
		#[command(flatten)]
		office: OfficeArgs,
		/// The backup to restore.
		#[arg(long)]
		from: PathBuf,
		/// Replace the database that is there now.
		#[arg(long)]
		replace: bool,
	},
	/// Runs the office's API, and issues what officers approve.
	///
	/// Example: ecert-office serve --org NTU --main-url ws://127.0.0.1:9944
	Serve {
		#[command(flatten)]
		office: OfficeArgs,
		/// The address to listen on. Keep it on a private network, or behind
		/// a TLS proxy.
		#[arg(long, default_value = "127.0.0.1:8090")]
		listen: SocketAddr,
		/// A node of the main chain (the registry of types and identities).
		#[arg(long, env = "ECERT_MAIN_URL", default_value = "ws://127.0.0.1:9944")]
		main_url: String,
		/// The issuer's organisation code, as accredited on the main chain.
		#[arg(long)]
		org: String,
		/// A node of the side chain to issue on, instead of the one the main
		/// chain's directory lists.
		#[arg(long)]
		side_url: Option<String>,
		/// The address holders and verifiers reach the office at (behind
		/// its TLS proxy, say https://office.ntu.edu.tw). Each document's
		/// address on chain starts with it, so choose one that lasts
		/// [default: http://LISTEN].
		#[arg(long, env = "ECERT_OFFICE_PUBLIC_URL")]
		public_url: Option<String>,
	},
}

#[derive(Args)]
struct OfficeArgs {
	/// The database: sqlite:FILE, or postgres://USER@HOST/NAME.
	#[arg(long, env = "ECERT_OFFICE_DATABASE", default_value = "sqlite:ecert-office.db")]
	database: String,
	/// The file holding the office's data key (64 hex digits), which
	/// encrypts personal data and the issuer's key in the database. Keep it
	/// apart from the database's backups. $ECERT_OFFICE_DATA_KEY, if set,
	/// holds the key itself instead.
	#[arg(long, default_value = "ecert-office.key")]
	data_key: PathBuf,
}

impl OfficeArgs {
	fn key(&self) -> Result<DataKey, String> {
		match std::env::var("ECERT_OFFICE_DATA_KEY") {
			Ok(hex) => DataKey::from_hex(&hex),
			Err(_) => DataKey::from_file(&self.data_key),
		}
		.map_err(|error| format!("{error} (make one with `ecert-office init`)"))
	}

	async fn store(&self) -> Result<Store, String> {
		Store::open(&self.database).await.map_err(|error| error.to_string())
	}
}

/// Writes a new data key to `path`, readable by its owner only.
fn create_key_file(path: &Path) -> Result<(), String> {
	let mut file = std::fs::OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(path)
		.map_err(|error| format!("cannot create {}: {error}", path.display()))?;
	use std::io::Write;
	writeln!(file, "{}", DataKey::generate_hex())
		.map_err(|error| format!("cannot write {}: {error}", path.display()))
}

async fn init(office: OfficeArgs, admin: String) -> Result<(), String> {
	if std::env::var("ECERT_OFFICE_DATA_KEY").is_err() && !office.data_key.exists() {
		create_key_file(&office.data_key)?;
		println!(
			"made a new data key in {} (keep it apart from the database's backups)",
			office.data_key.display()
		);
	}
	office.key()?;
	let store = office.store().await?;
	if store.staff_count().await.map_err(|e| e.to_string())? > 0 {
		println!("the database is up to date; it already has staff, so no admin was made");
		return Ok(());
	}
	check_username(&admin)?;
	let password = generate_password();
	let hash = hash_password(&password)?;
	store.add_staff("office", &admin, &hash, Role::Admin).await.map_err(|e| e.to_string())?;
	println!("admin account {admin:?}, password (shown this once): {password}");
	Ok(())
}

async fn reset_password(office: OfficeArgs, user: String) -> Result<(), String> {
	let store = office.store().await?;
	let password = generate_password();
	let change = StaffChange {
		active: Some(true),
		role: None,
		password_hash: Some(hash_password(&password)?),
	};
	match store.change_staff("office", &user, change).await {
		Ok(_) => {},
		Err(StaffRefused::Unknown) => {
			return Err(format!("there is no member of staff named {user:?}"))
		},
		// Not met: the account stays open, in its role.
		Err(StaffRefused::LastAdmin) => return Err("the office would have no admin left".into()),
		Err(StaffRefused::Store(error)) => return Err(error.to_string()),
	}
	println!("{user:?}'s new password (shown this once): {password}");
	Ok(())
}

/// The secret of `account` in the `ecert` keystore at `path`.
fn keystore_secret(path: &Path, account: &str) -> Result<String, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|error| format!("cannot read the keystore {}: {error}", path.display()))?;
	let keystore = Keystore::from_json(&text).map_err(|error| error.to_string())?;
	let stored = keystore
		.get(account)
		.ok_or_else(|| format!("the keystore {} has no account {account:?}", path.display()))?;
	let passphrase = std::env::var("ECERT_PASSPHRASE").ok();
	stored.secret(passphrase.as_deref()).map_err(|error| error.to_string())
}

async fn issuer_key(
	office: OfficeArgs,
	keystore: Option<PathBuf>,
	account: Option<String>,
) -> Result<(), String> {
	let key = office.key()?;
	let secret = match (keystore, account) {
		(Some(keystore), Some(account)) => keystore_secret(&keystore, &account)?,
		_ => {
			let mut secret = String::new();
			std::io::stdin()
				.read_to_string(&mut secret)
				.map_err(|error| format!("cannot read the key from standard input: {error}"))?;
			secret
		},
	};
	let secret = secret.trim();
	let pair = sr25519::Pair::from_string(secret, None).map_err(|_| {
		"standard input holds no usable key: give the issuer's secret phrase or URI".to_owned()
	})?;
	let account = pair.public().to_ss58check();
	let store = office.store().await?;
	store
		.put_secret(ISSUER_KEY, &key.seal(ISSUER_KEY, secret.as_bytes()))
		.await
		.map_err(|e| e.to_string())?;
	store
		.audit("office", "issuer-key", "issuer key", &format!("account {account}"))
		.await
		.map_err(|e| e.to_string())?;
	println!("the office now signs as {account}");
	Ok(())
}

async fn backup(office: OfficeArgs, to: PathBuf) -> Result<(), String> {
	if to.exists() {
		return Err(format!("{} exists already: give a new file", to.display()));
	}
	let store = office.store().await?;
	let path = to.to_str().ok_or("the backup's path is not text")?;
	store.backup_to(path).await.map_err(|error| error.to_string())?;
	use std::os::unix::fs::PermissionsExt;
	std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600))
		.map_err(|error| format!("cannot protect {}: {error}", to.display()))?;
	store
		.audit("office", "backup", "database", &format!("to {}", to.display()))
		.await
		.map_err(|e| e.to_string())?;
	println!("backed up to {}", to.display());
	Ok(())
}

async fn restore(office: OfficeArgs, from: PathBuf, replace: bool) -> Result<(), String> {
	let target = office
		.database
		.strip_prefix("sqlite:")
		// sqlite:FILE, sqlite://FILE and sqlite:///ABSOLUTE/FILE alike.
		.map(|path| path.trim_start_matches("//"))
		.map(|path| path.split('?').next().unwrap_or(path).to_owned())
		.ok_or("restore puts back an SQLite database; restore PostgreSQL with pg_restore")?;
	let target = Path::new(&target);
	if target.exists() && !replace {
		return Err(format!(
			"{} exists: give --replace to put the backup in its place",
			target.display()
		));
	}
	let key = office.key()?;
	// Checked in a copy first, so a backup that does not open leaves the
	// database as it was.
	let staged = target.with_extension("restoring");
	std::fs::copy(&from, &staged)
		.map_err(|error| format!("cannot read {}: {error}", from.display()))?;
	let store = Store::open(&format!("sqlite:{}", staged.display()))
		.await
		.map_err(|error| format!("{} is not an office backup: {error}", from.display()))?;
	let opens = store.opens_with(&key).await.map_err(|e| e.to_string())?;
	store.close().await;
	for stale in ["-wal", "-shm"] {
		let _ = std::fs::remove_file(format!("{}{stale}", staged.display()));
	}
	if !opens {
		let _ = std::fs::remove_file(&staged);
		return Err(format!("{} does not open with this data key", from.display()));
	}
	for stale in ["-wal", "-shm"] {
		let _ = std::fs::remove_file(format!("{}{stale}", target.display()));
	}
	std::fs::rename(&staged, target)
		.map_err(|error| format!("cannot put the backup in place: {error}"))?;
	let store = office.store().await?;
	store
		.audit("office", "restore", "database", &format!("from {}", from.display()))
		.await
		.map_err(|e| e.to_string())?;
	println!("restored {} from {}", target.display(), from.display());
	Ok(())
}

async fn serve(
	office: OfficeArgs,
	listen: SocketAddr,
	main_url: String,
	org: String,
	side_url: Option<String>,
	public_url: Option<String>,
) -> Result<(), String> {
	let listener = tokio::net::TcpListener::bind(listen)
		.await
		.map_err(|error| format!("cannot listen on {listen}: {error}"))?;
	let address = listener.local_addr().map_err(|e| e.to_string())?;
	let public_url = public_url.unwrap_or_else(|| format!("http://{address}"));
	check_public_url(&public_url)?;
	let key = office.key()?;
	let store = office.store().await?;
	let org = org.parse().map_err(|_| format!("{org:?} is not an organisation code"))?;
	let chains = Chains { main: Arc::new(Node::new(&main_url)), side_url, org };
	let wake = Arc::new(Notify::new());
	let sender = Sender {
		store: store.clone(),
		key: key.clone(),
		chains: chains.clone(),
		wake: wake.clone(),
	};
	tokio::spawn(sender.run());
	let app = routes::router(Office { store, key, chains, wake, public_url });
	println!("ecert-office: listening on http://{address}");
	axum::serve(listener, app)
		.with_graceful_shutdown(async {
			let _ = tokio::signal::ctrl_c().await;
		})
		.await
		.map_err(|error| format!("the server stopped: {error}"))
}

#[tokio::main]
async fn main() -> ExitCode {
	let result = match Cli::parse().command {
		Command::Init { office, admin } => init(office, admin).await,
		Command::ResetPassword { office, user } => reset_password(office, user).await,
		Command::IssuerKey { office, keystore, account } => {
			issuer_key(office, keystore, account).await
		},
		Command::Backup { office, to } => backup(office, to).await,
		Command::Restore { office, from, replace } => restore(office, from, replace).await,
		Command::Serve { office, listen, main_url, org, side_url, public_url } => {
			serve(office, listen, main_url, org, side_url, public_url).await
		},
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(message) => {
			eprintln!("ecert-office: {message}");
			ExitCode::from(2)
		},
	}
}

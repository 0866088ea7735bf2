//! What every command shares: the options that apply to all of them, the
//! nodes, the signer, and how results are printed.

use crate::{
	chain,
	error::CliError,
	keystore::{self, Keystore, KeystoreFile, Signer},
};
use clap::Args;
use ecert_client::{
	api::{CertificateQuery, MainChainApiClient, SideChainApiClient},
	BlockingNode, DirectoryError,
};
use ecert_primitives::{CertificateTypeId, VerificationStatus};
use std::path::PathBuf;

/// The main chain's node on the local network.
pub const LOCAL_MAIN_URL: &str = "ws://127.0.0.1:9944";

/// The options every command takes.
#[derive(Args, Clone, Debug)]
pub struct Global {
	/// Print the result as one JSON object, for scripts.
	#[arg(long, global = true)]
	pub json: bool,
	/// The node to talk to (ws:// or http://, same port) [default:
	/// $ECERT_URL, else: main-chain commands the local network's main node
	/// (port 9944); certificate commands a node of the type's side chain, as
	/// the main chain's directory lists it].
	#[arg(long, global = true, value_name = "URL")]
	pub url: Option<String>,
	/// The main chain's node, for certificate commands that also need
	/// main-chain facts, such as a holder's encryption key [default:
	/// $ECERT_MAIN_URL, else ws://127.0.0.1:9944].
	#[arg(long, global = true, value_name = "URL")]
	pub main_url: Option<String>,
	/// The keystore file [default: $ECERT_KEYSTORE or ~/.ecert/keystore.json].
	#[arg(long, global = true, value_name = "FILE")]
	pub keystore: Option<PathBuf>,
	/// A file holding the passphrase of encrypted accounts; else
	/// $ECERT_PASSPHRASE, else a prompt.
	#[arg(long, global = true, value_name = "FILE")]
	pub passphrase_file: Option<PathBuf>,
}

/// The running command's context.
pub struct Context {
	pub global: Global,
}

impl Context {
	/// The keystore's path.
	pub fn keystore_path(&self) -> PathBuf {
		self.global.keystore.clone().unwrap_or_else(keystore::default_path)
	}

	/// The keystore.
	pub fn keystore(&self) -> Result<Keystore, CliError> {
		Keystore::load(&self.keystore_path())
	}

	/// The passphrase, from `--passphrase-file`, `$ECERT_PASSPHRASE` or a
	/// prompt on the terminal, in that order.
	pub fn passphrase(&self, prompt: &str) -> Result<String, CliError> {
		if let Some(path) = &self.global.passphrase_file {
			let text = std::fs::read_to_string(path).map_err(|error| {
				CliError::input(
					format!("cannot read the passphrase file {}: {error}", path.display()),
					"",
				)
			})?;
			return Ok(text.trim_end_matches(['\r', '\n']).to_owned());
		}
		if let Ok(passphrase) = std::env::var("ECERT_PASSPHRASE") {
			return Ok(passphrase);
		}
		rpassword::prompt_password(prompt).map_err(|error| {
			CliError::input(
				format!("no passphrase given and none can be asked for ({error})"),
				"use --passphrase-file or ECERT_PASSPHRASE",
			)
		})
	}

	/// A new passphrase for account `name`: from `--passphrase-file` or
	/// `$ECERT_PASSPHRASE`, else asked for twice on the terminal, which must
	/// match.
	pub fn new_passphrase(&self, name: &str) -> Result<String, CliError> {
		if self.global.passphrase_file.is_some() || std::env::var_os("ECERT_PASSPHRASE").is_some() {
			return self.passphrase("");
		}
		let first = self.passphrase(&format!("new passphrase for {name}: "))?;
		let second = self.passphrase(&format!("the same passphrase again: "))?;
		if first != second {
			return Err(CliError::input(
				"the two passphrases differ",
				"run the command again and type the same passphrase twice",
			));
		}
		Ok(first)
	}

	/// The signer `name`: a keystore account, or a development URI such as
	/// `//Alice`.
	pub fn signer(&self, name: &str) -> Result<Signer, CliError> {
		if name.starts_with("//") {
			return Signer::from_secret(name, name);
		}
		let keystore = self.keystore()?;
		let account = keystore.get(name).ok_or_else(|| {
			CliError::input(
				format!("no account named {name:?} in {}", self.keystore_path().display()),
				"make one with `ecert account new --name NAME`, or use a development \
				 account such as //Alice",
			)
		})?;
		let passphrase = if account.encrypted() {
			Some(self.passphrase(&format!("passphrase of {name}: "))?)
		} else {
			None
		};
		keystore::unlock(account, passphrase.as_deref())
	}

	/// `--url`, else `$ECERT_URL`.
	fn url(&self) -> Option<String> {
		self.global.url.clone().or_else(|| std::env::var("ECERT_URL").ok())
	}

	/// The main chain's node: `--url`, else the one beside.
	pub fn main_node(&self) -> BlockingNode {
		match self.url() {
			Some(url) => BlockingNode::new(url),
			None => self.main_node_beside(),
		}
	}

	/// The main chain's node when `--url` names a side node: `--main-url`,
	/// else `$ECERT_MAIN_URL`, else the local network's.
	pub fn main_node_beside(&self) -> BlockingNode {
		let url = self.global.main_url.clone().or_else(|| std::env::var("ECERT_MAIN_URL").ok());
		BlockingNode::new(url.as_deref().unwrap_or(LOCAL_MAIN_URL))
	}

	/// The node of `certificate_type`'s side chain: `--url`, else the first
	/// node of the chain that answers among those the main chain's directory
	/// lists.
	pub fn side_node(
		&self,
		certificate_type: &CertificateTypeId,
	) -> Result<BlockingNode, CliError> {
		if let Some(url) = self.url() {
			return Ok(BlockingNode::new(url));
		}
		let main = self.main_node_beside();
		let view = chain::certificate_type(&main, certificate_type).map_err(|mut error| {
			if error.code == crate::error::exit::NETWORK {
				error.hint = format!(
					"the {certificate_type} side chain is found through the main chain: give \
					 a main-chain node with --main-url, or a node of the side chain with --url"
				);
			}
			error
		})?;
		BlockingNode::of_side_chain(&view).map_err(|error| match error {
			DirectoryError::Unlisted(_) => CliError::input(
				error.to_string(),
				"give a node of the side chain with --url, or ask the identity authority to \
				 list one (`ecert type endpoints`)",
			),
			DirectoryError::Unreachable(..) => CliError::network(
				error.to_string(),
				"try again later, or give another node of the side chain with --url",
			),
		})
	}

	/// The node `--url` (or `$ECERT_URL`) names, if any.
	pub fn url_node(&self) -> Option<BlockingNode> {
		self.url().map(BlockingNode::new)
	}

	/// The node of the side chain that holds the certificate `query` names,
	/// and its type: each side chain the main chain's directory lists is
	/// asked in turn. Chains that cannot be reached are passed over.
	pub fn side_node_holding(
		&self,
		query: &CertificateQuery,
	) -> Result<(BlockingNode, CertificateTypeId), CliError> {
		let types = chain::read(&self.main_node_beside(), |api| api.certificate_types(None))?;
		let mut unreachable = Vec::new();
		for view in types.iter().filter(|view| !view.endpoints.is_empty()) {
			let Ok(node) = BlockingNode::of_side_chain(view) else {
				unreachable.push(view.id.to_string());
				continue;
			};
			let query = query.clone();
			match node.read(move |api| api.verify_certificate(query, None, None)) {
				Ok(answer) if answer.status != VerificationStatus::Unknown => {
					return Ok((node, view.id.clone()))
				},
				Ok(_) => {},
				Err(_) => unreachable.push(view.id.to_string()),
			}
		}
		let mut message =
			"no side chain in the main chain's directory knows this certificate".to_owned();
		if !unreachable.is_empty() {
			message += &format!(" (not reached: {})", unreachable.join(", "));
		}
		Err(CliError::not_valid(message))
	}

	/// Prints `value` as JSON with `--json`, else `human`.
	pub fn emit(&self, value: impl serde::Serialize, human: impl FnOnce() -> String) {
		if self.global.json {
			println!("{}", serde_json::to_value(value).unwrap_or_default());
		} else {
			println!("{}", human());
		}
	}

	/// Prints a progress note on standard error, unless `--json` asks for
	/// quiet output.
	pub fn note(&self, message: &str) {
		if !self.global.json {
			eprintln!("{message}");
		}
	}
}

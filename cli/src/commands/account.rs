//! `ecert account`: make and list the accounts of the local keystore (seed
//! API 1, "register a blockchain user").

use crate::{
	chain::{self, receipt_text},
	context::Context,
	error::CliError,
	keystore::KeystoreFile,
};
use clap::Subcommand;
use ecert_cli::output::{AccountList, AccountShown, Recorded, Transferred};
use ecert_client::{main_types, side_types};
use ecert_primitives::UNIT;

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
	/// Make an account: an sr25519 signing key and an X25519 encryption key.
	///
	/// Prints the address and both public keys; the secret stays in the
	/// keystore (mode 0600), encrypted with a passphrase: from
	/// --passphrase-file, $ECERT_PASSPHRASE, or asked for twice. Only with
	/// --plain is it kept unencrypted (for tests and development).
	/// The chain learns the public keys when the account requests an
	/// identity (`ecert identity request`).
	///
	/// Example: ecert account new --name ntu-registrar
	New {
		/// The account's name in the keystore.
		#[arg(long)]
		name: String,
		/// Keep the secret unencrypted: anyone who can read the keystore
		/// file can then sign as this account. For tests and development.
		#[arg(long)]
		plain: bool,
		/// Encrypt the secret with a passphrase (the default; kept so that
		/// older scripts still run).
		#[arg(long, hide = true, conflicts_with = "plain")]
		encrypt: bool,
	},
	/// List the keystore's accounts: name, address and public keys.
	///
	/// Example: ecert account list --json
	List,
	/// Send funds to an account, for its transaction fees and the identity
	/// request's deposit: on the main chain, or with --type on that type's
	/// side chain (issuers pay their issuing fees there).
	///
	/// Example: ecert account transfer --as //Alice --to ntu --amount 100 --type diploma
	Transfer {
		/// The paying account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The receiving account: address, keystore name or //Dev.
		#[arg(long)]
		to: String,
		/// How much, in whole units.
		#[arg(long)]
		amount: u64,
		/// Pay on this certificate type's side chain instead of the main
		/// chain.
		#[arg(long = "type", value_name = "TYPE")]
		certificate_type: Option<String>,
	},
}

pub fn run(context: &Context, command: AccountCommand) -> Result<(), CliError> {
	match command {
		AccountCommand::New { name, plain, encrypt: _ } => {
			let path = context.keystore_path();
			let mut keystore = context.keystore()?;
			let passphrase = if plain { None } else { Some(context.new_passphrase(&name)?) };
			let account = keystore.create(&name, passphrase.as_deref())?;
			keystore.save(&path)?;
			let shown = AccountShown {
				keystore: Some(path.display().to_string()),
				..AccountShown::from(&account)
			};
			context.emit(shown, || {
				format!(
					"account {}\n  address            {}\n  signing key        {} (sr25519)\n  \
						 encryption key     {} (X25519)\n  secret kept in     {}{}",
					account.name,
					account.address,
					account.signing_key,
					account.key_agreement_key,
					path.display(),
					if account.encrypted() { " (encrypted)" } else { "" }
				)
			});
		},
		AccountCommand::List => {
			let keystore = context.keystore()?;
			let accounts = keystore.accounts().iter().map(AccountShown::from).collect();
			context.emit(AccountList { accounts }, || {
				if keystore.accounts().is_empty() {
					return format!(
						"no accounts in {} (make one with `ecert account new --name NAME`)",
						context.keystore_path().display()
					);
				}
				keystore
					.accounts()
					.iter()
					.map(|account| {
						format!(
							"{:<20} {}{}",
							account.name,
							account.address,
							if account.encrypted() { "  (encrypted)" } else { "" }
						)
					})
					.collect::<Vec<_>>()
					.join("\n")
			});
		},
		AccountCommand::Transfer { signer, to, amount, certificate_type } => {
			let dest = chain::account(context, &to)?;
			let value = u128::from(amount) * UNIT;
			let signer = context.signer(&signer)?;
			let (receipt, text) = match certificate_type {
				None => {
					let call = main_types::ecert_main_runtime::RuntimeCall::Balances(
						main_types::pallet_balances::pallet::Call::transfer_keep_alive {
							dest: dest.clone().into(),
							value,
						},
					);
					let receipt = chain::submit_main(context, &signer, call)?;
					(Recorded::from(&receipt), receipt_text(&receipt))
				},
				Some(certificate_type) => {
					let certificate_type = chain::parse(&certificate_type, "certificate type")?;
					let call = side_types::ecert_side_runtime::RuntimeCall::Balances(
						side_types::pallet_balances::pallet::Call::transfer_keep_alive {
							dest: dest.clone().into(),
							value,
						},
					);
					let node = context.side_node(&certificate_type)?;
					let receipt = chain::submit_side(context, &node, &signer, call)?;
					(Recorded::from(&receipt), receipt_text(&receipt))
				},
			};
			context.emit(Transferred { to: dest.to_string(), amount, receipt }, || {
				format!("{amount} units sent to {dest}; {text}")
			});
		},
	}
	Ok(())
}

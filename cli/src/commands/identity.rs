//! `ecert identity`: request an identity, cancel the request, approve or
//! reject it as a registrar, deactivate one, and show one; `ecert
//! registrar`: the identity authority names and removes registrars.

use crate::{
	chain::{self, receipt_text},
	context::Context,
	error::CliError,
};
use clap::{Subcommand, ValueEnum};
use ecert_cli::output::{Changed, IdentityApproved, IdentityRequested, Recorded, RecoveryStarted};
use ecert_client::api::{IdentityAnswer, MainChainApiClient};
use ecert_client::main_types::{
	ecert_main_runtime::{RuntimeCall, RuntimeEvent},
	pallet_ecert_identity::pallet::{Call, Event},
};
use ecert_client::Receipt;
use ecert_primitives::{
	identity_derivation::{DocumentKind, IdentityData},
	IdentityKeys, KeyAgreementKey, Role, SigningKey, Sr25519Public,
};
use sp_core::crypto::Pair as _;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
	/// Holds certificates: a citizen.
	Holder,
	/// Issues certificates: a university, a licensing office.
	Issuer,
	/// Checks certificates: an employer, a bank, a government office.
	Verifier,
}

impl From<RoleArg> for Role {
	fn from(role: RoleArg) -> Role {
		match role {
			RoleArg::Holder => Role::Holder,
			RoleArg::Issuer => Role::Issuer,
			RoleArg::Verifier => Role::Verifier,
		}
	}
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DocumentArg {
	NationalId,
	Passport,
}

#[derive(Subcommand, Debug)]
pub enum IdentityCommand {
	/// Ask the main chain for an identity: registers the account's signing
	/// and encryption keys, and holds the registration deposit until a
	/// registrar decides.
	///
	/// Example: ecert identity request --as chen --role holder
	Request {
		/// The account asking (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// What the identity will do.
		#[arg(long, value_enum)]
		role: RoleArg,
	},
	/// Approve an account's request, as a registrar, after checking the
	/// person's real name off chain.
	///
	/// The identity id is either given (--id) or derived from the person's
	/// document data with the identity authority's secret derivation key
	/// (--derivation-key-file): the same person always gets the same id, and
	/// the id reveals nothing about them.
	///
	/// Example: ecert identity approve --as //Alice --account chen --name "Chen Mei-Ling" --document national-id --document-number A123456789 --birth-date 1998-04-12 --country TW --derivation-key-file authority.key
	Approve {
		/// The registrar (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The requesting account: address, keystore name or //Dev.
		#[arg(long)]
		account: String,
		/// The identity id, 0x-hex; instead of the person's data.
		#[arg(long, conflicts_with_all = ["name", "derivation_key_file"])]
		id: Option<String>,
		/// The full name, as on the document.
		#[arg(long, requires = "derivation_key_file")]
		name: Option<String>,
		/// The kind of document.
		#[arg(long, value_enum, default_value = "national-id")]
		document: DocumentArg,
		/// The document's number.
		#[arg(long)]
		document_number: Option<String>,
		/// The birth date, YYYY-MM-DD.
		#[arg(long)]
		birth_date: Option<String>,
		/// The issuing country, ISO 3166-1 alpha-2.
		#[arg(long, default_value = "TW")]
		country: String,
		/// The identity authority's secret derivation key (at least 32 bytes).
		#[arg(long, value_name = "FILE")]
		derivation_key_file: Option<PathBuf>,
	},
	/// Reject an account's request, as a registrar. The account's deposit
	/// is returned; it may ask again.
	///
	/// Example: ecert identity reject --as //Alice --account chen
	Reject {
		/// The registrar (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The requesting account: address, keystore name or //Dev.
		#[arg(long)]
		account: String,
	},
	/// Withdraw the account's own request before a registrar decides; its
	/// deposit is returned.
	///
	/// Example: ecert identity cancel --as chen
	Cancel {
		/// The account that asked (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
	},
	/// Replace an identity's public keys with those of another keystore
	/// account (--new-keys): the key that signs for the identity, and the
	/// key issuers seal certificates to. The identity's account signs and
	/// stays the same. Certificates sealed before open only with the old
	/// keys: keep them.
	///
	/// Example: ecert identity rotate --as chen --new-keys chen-2027
	Rotate {
		/// The identity's account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The account whose keys the identity takes (keystore name or
		/// //Dev).
		#[arg(long, value_name = "ACCOUNT")]
		new_keys: String,
	},
	/// Start giving an identity back to a person who lost their account's
	/// key. After checking the person off chain, a registrar names the new
	/// account they made (`ecert account new`); the identity takes its
	/// keys. The identity's old account is told and may veto it during the
	/// recovery delay (`identity veto`); after the delay the new account
	/// takes the identity over (`identity claim`). The identity id, and
	/// every certificate held under it, stay the same. Needs a registrar's
	/// key.
	///
	/// Example: ecert identity recover --as clerk --id 0x… --new-account 5F…  --encryption-key 0x…
	Recover {
		/// The registrar (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The identity: its id (0x-hex), or its old account.
		#[arg(long)]
		id: String,
		/// The new account: an address, a keystore name or //Dev.
		#[arg(long, value_name = "ACCOUNT")]
		new_account: String,
		/// The new account's encryption key (0x-hex), as its owner's
		/// `ecert account list` shows it; read from the keystore when the
		/// new account is in it.
		#[arg(long, value_name = "KEY")]
		encryption_key: Option<String>,
	},
	/// Veto a recovery of your identity that you did not ask for, during
	/// the recovery delay; a registrar may also withdraw one.
	///
	/// Example: ecert identity veto --as chen
	Veto {
		/// The identity's account, or a registrar (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The identity (0x-hex id, or its account) [default: the signer's
		/// own].
		#[arg(long)]
		id: Option<String>,
	},
	/// Take over an identity whose recovery to this account has waited out
	/// its delay.
	///
	/// Example: ecert identity claim --as chen-new --id 0x…
	Claim {
		/// The new account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The identity id (0x-hex).
		#[arg(long)]
		id: String,
	},
	/// Deactivate an identity for good: its certificates stay as they are,
	/// but its id can never be registered again. Its own account may, and so
	/// may the identity authority (with --authority).
	///
	/// Example: ecert identity deactivate --as chen --id 0x…
	Deactivate {
		/// The identity's account, or with --authority the identity
		/// authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The identity id (0x-hex).
		#[arg(long)]
		id: String,
		/// Act as the identity authority rather than as the identity's
		/// account.
		#[arg(long)]
		authority: bool,
	},
	/// Show an identity (or a pending request) by account or id: status,
	/// role and public keys (seed API 4).
	///
	/// Example: ecert identity show 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY
	Show {
		/// An address, a keystore name, //Dev, or an identity id (0x-hex).
		account_or_id: String,
	},
}

#[derive(Subcommand, Debug)]
pub enum RegistrarCommand {
	/// Name an account a registrar, who approves and rejects identity
	/// requests. Needs the identity authority's key.
	///
	/// Example: ecert registrar add --as //Alice --account clerk
	Add {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The registrar's account: address, keystore name or //Dev.
		#[arg(long)]
		account: String,
	},
	/// Remove a registrar. Needs the identity authority's key.
	///
	/// Example: ecert registrar remove --as //Alice --account clerk
	Remove {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The registrar's account: address, keystore name or //Dev.
		#[arg(long)]
		account: String,
	},
}

pub fn run_registrar(context: &Context, command: RegistrarCommand) -> Result<(), CliError> {
	let (signer, account, added) = match command {
		RegistrarCommand::Add { signer, account } => (signer, account, true),
		RegistrarCommand::Remove { signer, account } => (signer, account, false),
	};
	let registrar = chain::account(context, &account)?;
	let (call, done) = match added {
		true => (Call::add_registrar { registrar: registrar.clone() }, "registrar added"),
		false => (Call::remove_registrar { registrar: registrar.clone() }, "registrar removed"),
	};
	let signer = context.signer(&signer)?;
	let receipt = chain::submit_main_as_authority(context, &signer, RuntimeCall::Identity(call))?;
	report(context, registrar.to_string(), done, &receipt);
	Ok(())
}

/// Prints that `done` was done to `subject`, recorded in `receipt`.
fn report<Event>(context: &Context, subject: String, done: &str, receipt: &Receipt<Event>) {
	let changed = Changed {
		subject: subject.clone(),
		done: done.to_owned(),
		receipt: Recorded::from(receipt),
	};
	context.emit(changed, || format!("{subject}: {done}; {}", receipt_text(receipt)));
}

pub fn run(context: &Context, command: IdentityCommand) -> Result<(), CliError> {
	match command {
		IdentityCommand::Request { signer, role } => {
			let signer = context.signer(&signer)?;
			let keys = IdentityKeys {
				signing: SigningKey::Sr25519(signer.pair.public()),
				key_agreement: signer.key_agreement.public(),
			};
			let receipt = chain::submit_main(
				context,
				&signer,
				RuntimeCall::Identity(Call::request_registration { keys, role: role.into() }),
			)?;
			context.emit(
				IdentityRequested {
					account: signer.account().to_string(),
					receipt: Recorded::from(&receipt),
				},
				|| {
					format!(
						"{} asked for an identity; {}\nA registrar approves it with \
						 `ecert identity approve --account {}`",
						signer.name,
						receipt_text(&receipt),
						signer.account()
					)
				},
			);
		},
		IdentityCommand::Approve {
			signer,
			account,
			id,
			name,
			document,
			document_number,
			birth_date,
			country,
			derivation_key_file,
		} => {
			let account = chain::account(context, &account)?;
			let id = match (id, derivation_key_file) {
				(Some(id), _) => ecert_primitives::IdentityId(chain::hash(&id, "identity id")?),
				(None, Some(key_file)) => {
					crate::keystore::check_private_file(&key_file, "the derivation key")?;
					let key = std::fs::read(&key_file).map_err(|error| {
						CliError::input(format!("cannot read {}: {error}", key_file.display()), "")
					})?;
					let missing = |what: &str| {
						CliError::input(
							format!("deriving the identity id needs --{what}"),
							"give the person's document data, or --id",
						)
					};
					let data = IdentityData {
						name: name.ok_or_else(|| missing("name"))?,
						document: match document {
							DocumentArg::NationalId => DocumentKind::NationalId,
							DocumentArg::Passport => DocumentKind::Passport,
						},
						document_number: document_number
							.ok_or_else(|| missing("document-number"))?,
						birth_date: birth_date.ok_or_else(|| missing("birth-date"))?,
						country,
					};
					data.identity_id(&key).map_err(|error| {
						CliError::input(format!("the identity data is refused: {error:?}"), "")
					})?
				},
				(None, None) => {
					return Err(CliError::input(
						"no identity id",
						"give --id, or the person's data with --derivation-key-file",
					))
				},
			};
			let registrar = context.signer(&signer)?;
			let receipt = chain::submit_main(
				context,
				&registrar,
				RuntimeCall::Identity(Call::approve { account: account.clone(), id }),
			)?;
			context.emit(
				IdentityApproved {
					account: account.to_string(),
					identity_id: id,
					receipt: Recorded::from(&receipt),
				},
				|| {
					format!(
						"identity {:?} approved for {account}; {}",
						id.0,
						receipt_text(&receipt)
					)
				},
			);
		},
		IdentityCommand::Reject { signer, account } => {
			let account = chain::account(context, &account)?;
			let registrar = context.signer(&signer)?;
			let call = Call::reject { account: account.clone() };
			let receipt = chain::submit_main(context, &registrar, RuntimeCall::Identity(call))?;
			report(context, account.to_string(), "request rejected", &receipt);
		},
		IdentityCommand::Cancel { signer } => {
			let signer = context.signer(&signer)?;
			let call = RuntimeCall::Identity(Call::cancel_request {});
			let receipt = chain::submit_main(context, &signer, call)?;
			report(context, signer.account().to_string(), "request cancelled", &receipt);
		},
		IdentityCommand::Rotate { signer, new_keys } => {
			let signer = context.signer(&signer)?;
			let new_keys = context.signer(&new_keys)?;
			let keys = IdentityKeys {
				signing: SigningKey::Sr25519(new_keys.pair.public()),
				key_agreement: new_keys.key_agreement.public(),
			};
			let call = RuntimeCall::Identity(Call::rotate_keys { keys });
			let receipt = chain::submit_main(context, &signer, call)?;
			report(context, signer.account().to_string(), "keys rotated", &receipt);
		},
		IdentityCommand::Recover { signer, id, new_account, encryption_key } => {
			let id = chain::identity(context, &context.main_node(), &id)?;
			let account = chain::account(context, &new_account)?;
			let key_agreement = match encryption_key {
				Some(key) => KeyAgreementKey(chain::hash(&key, "encryption key")?),
				None => encryption_key_of(context, &new_account)?,
			};
			let new_keys = IdentityKeys {
				signing: SigningKey::Sr25519(Sr25519Public::from_raw(account.clone().into())),
				key_agreement,
			};
			let registrar = context.signer(&signer)?;
			let call = Call::start_recovery { id, new_account: account.clone(), new_keys };
			let receipt = chain::submit_main(context, &registrar, RuntimeCall::Identity(call))?;
			let claimable_at = receipt
				.events
				.iter()
				.find_map(|event| match event {
					RuntimeEvent::Identity(Event::RecoveryStarted { claimable_at, .. }) => {
						Some(*claimable_at)
					},
					_ => None,
				})
				.ok_or_else(|| {
					CliError::network("the chain did not say when the recovery is due", "")
				})?;
			let started = RecoveryStarted {
				identity_id: id,
				new_account: account.to_string(),
				claimable_at,
				receipt: Recorded::from(&receipt),
			};
			context.emit(&started, || {
				format!(
					"the recovery of identity {:?} to {account} started; {}\nThe identity's \
					 account may veto it until block #{claimable_at}, when the new account \
					 takes it with `ecert identity claim --as <new account> --id {:?}`",
					id.0,
					receipt_text(&receipt),
					id.0
				)
			});
		},
		IdentityCommand::Veto { signer, id } => {
			let signer = context.signer(&signer)?;
			let id = id.unwrap_or_else(|| signer.account().to_string());
			let id = chain::identity(context, &context.main_node(), &id)?;
			let call = RuntimeCall::Identity(Call::cancel_recovery { id });
			let receipt = chain::submit_main(context, &signer, call)?;
			report(context, format!("{:?}", id.0), "recovery vetoed", &receipt);
		},
		IdentityCommand::Claim { signer, id } => {
			let id = ecert_primitives::IdentityId(chain::hash(&id, "identity id")?);
			let signer = context.signer(&signer)?;
			let call = RuntimeCall::Identity(Call::claim_recovery { id });
			let receipt = chain::submit_main(context, &signer, call)?;
			report(context, format!("{:?}", id.0), "identity recovered", &receipt);
		},
		IdentityCommand::Deactivate { signer, id, authority } => {
			let id = ecert_primitives::IdentityId(chain::hash(&id, "identity id")?);
			let signer = context.signer(&signer)?;
			let call = RuntimeCall::Identity(Call::deactivate { id });
			let receipt = match authority {
				true => chain::submit_main_as_authority(context, &signer, call)?,
				false => chain::submit_main(context, &signer, call)?,
			};
			report(context, format!("{:?}", id.0), "identity deactivated", &receipt);
		},
		IdentityCommand::Show { account_or_id } => {
			let key = if account_or_id.starts_with("0x") {
				account_or_id.clone()
			} else {
				chain::account(context, &account_or_id)?.to_string()
			};
			let answer = chain::read(&context.main_node(), move |api| api.identity(key, None))?;
			context.emit(&answer, || describe_identity(&answer));
		},
	}
	Ok(())
}

/// The encryption key of `account`, a keystore name or //Dev.
fn encryption_key_of(context: &Context, account: &str) -> Result<KeyAgreementKey, CliError> {
	if account.starts_with("//") {
		return Ok(context.signer(account)?.key_agreement.public());
	}
	let stored = context.keystore()?.get(account).cloned().ok_or_else(|| {
		CliError::input(
			format!("{account:?} is not in the keystore, so its encryption key is unknown"),
			"give --encryption-key, as the new account's owner sees it in `ecert account list`",
		)
	})?;
	Ok(KeyAgreementKey(chain::hash(&stored.key_agreement_key, "encryption key")?))
}

/// A signing key as `sr25519 <key>`.
fn signing_key(key: &SigningKey) -> String {
	match key {
		SigningKey::Sr25519(key) => format!("sr25519 {key:?}"),
		SigningKey::Ed25519(key) => format!("ed25519 {key:?}"),
	}
}

fn describe_identity(answer: &IdentityAnswer) -> String {
	let view = match answer {
		IdentityAnswer::Pending(pending) => {
			return format!(
				"account {}: request pending a registrar (role {})",
				pending.account,
				chain::word(&pending.role)
			)
		},
		IdentityAnswer::Registered(view) => view,
	};
	let record = &view.record;
	let mut text = format!(
		"identity {}\n  account          {}\n  status           {}\n  role             {}\n  \
		 signing key      {}\n  encryption key   {:?}",
		view.identity_id,
		record.account,
		chain::word(&record.status),
		chain::word(&record.role),
		signing_key(&record.keys.signing),
		record.keys.key_agreement.0,
	);
	if let Some(recovery) = &view.recovery {
		text += &format!(
			"\n  recovery         to account {} from block #{}, unless the account above \
			 vetoes it (`ecert identity veto`)",
			recovery.new_account, recovery.claimable_at,
		);
	}
	text
}

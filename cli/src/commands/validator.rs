//! `ecert validator`: who produces and finalizes a chain's blocks. The
//! chain's governing authority lists the validators' accounts; each
//! validator registers the session keys its node made. A change takes
//! effect from the session after next, through a GRANDPA authority-set
//! change that the other chains' light clients follow on their own.

use crate::{
	chain::{self, recorded_text, submit_as_authority},
	commands::council::Which,
	context::Context,
	error::CliError,
	keystore::Signer,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, Recorded, SessionKeysSet, ValidatorView, ValidatorsView};
use ecert_client::{
	validators::{Validating, Validators},
	BlockingNode, ClientError, MainChain, RpcError, SideChain,
};

#[derive(Subcommand, Debug)]
pub enum ValidatorCommand {
	/// The listed validators: whether each registered its session keys and
	/// validates in the current session.
	///
	/// Example: ecert validator list --type diploma
	List {
		#[command(flatten)]
		chain: Which,
	},
	/// List an account as a validator. It validates from the session after
	/// next once it has registered session keys (`validator keys`). Needs
	/// the chain's governing authority: as a council member, this proposes
	/// the motion or votes for it (exit 6 while it needs more votes).
	///
	/// Example: ecert validator add --as //Alice --account 5Ff3…
	Add {
		#[command(flatten)]
		change: Change,
	},
	/// Take a validator off the list: it stops validating from the session
	/// after next. Keep at least four per chain, so that finality survives
	/// one down. Needs the chain's governing authority, as for `add`.
	///
	/// Example: ecert validator remove --as //Alice --account 5Ff3…
	Remove {
		#[command(flatten)]
		change: Change,
	},
	/// Make new session keys on the validator's own node and register them
	/// for its account. Run it against that node with --url (its RPC must
	/// allow unsafe methods: only on the validator's own machine); the
	/// secrets stay in the node's keystore. The account pays a deposit,
	/// returned when the keys are removed. Run it again to rotate the keys.
	///
	/// Example: ecert validator keys --as validator-1 --url ws://127.0.0.1:9944
	Keys {
		#[command(flatten)]
		chain: Which,
		/// The validator's account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
	},
}

/// A change of the list of validators.
#[derive(clap::Args, Debug)]
pub struct Change {
	#[command(flatten)]
	chain: Which,
	/// A council member, or the sudo key (keystore name or //Dev).
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	/// The validator's account: address, keystore name or //Dev.
	#[arg(long)]
	account: String,
}

pub fn run(context: &Context, command: ValidatorCommand) -> Result<(), CliError> {
	match command {
		ValidatorCommand::List { chain } => {
			let view = view(&chain.node(context)?.validators()?);
			let text = list_text(&view);
			context.emit(view, || text);
			Ok(())
		},
		ValidatorCommand::Add { change } => change.make(context, true),
		ValidatorCommand::Remove { change } => change.make(context, false),
		ValidatorCommand::Keys { chain, signer } => {
			let signer = context.signer(&signer)?;
			let node = chain.node(context)?;
			match chain.is_main() {
				true => set_keys::<MainChain>(context, &node, &signer),
				false => set_keys::<SideChain>(context, &node, &signer),
			}
		},
	}
}

impl Change {
	fn make(self, context: &Context, add: bool) -> Result<(), CliError> {
		let account = chain::account(context, &self.account)?;
		let signer = context.signer(&self.signer)?;
		let node = self.chain.node(context)?;
		let listed = node.validators()?.listed.iter().any(|(listed, _)| *listed == account);
		if listed == add {
			return Err(CliError::input(
				match add {
					true => format!("{account} is a listed validator already"),
					false => format!("{account} is not a listed validator"),
				},
				"`ecert validator list` shows the listed validators",
			));
		}
		let receipt = match self.chain.is_main() {
			true => change::<MainChain>(context, &node, &signer, account.clone(), add)?,
			false => change::<SideChain>(context, &node, &signer, account.clone(), add)?,
		};
		let done = match add {
			true => {
				"listed as a validator: it validates from the session after next, once it \
			         has registered session keys"
			},
			false => "taken off the validators: it stops from the session after next",
		};
		let subject = account.to_string();
		let text = format!("{subject}: {done}; {}", recorded_text(&receipt));
		context.emit(Changed { subject, done: done.to_owned(), receipt }, || text);
		Ok(())
	}
}

fn change<R: Validating>(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
	account: ecert_primitives::AccountId,
	add: bool,
) -> Result<Recorded, CliError> {
	let call = match add {
		true => R::list(account),
		false => R::unlist(account),
	};
	Ok(Recorded::from(&submit_as_authority::<R>(context, node, signer, call)?))
}

/// The most blocks a node that has caught up leaves unfinalized (far
/// fewer than the 128 at which it stops following its chain for clients).
const CAUGHT_UP: u32 = 64;

fn set_keys<R: Validating>(
	context: &Context,
	node: &BlockingNode,
	signer: &Signer,
) -> Result<(), CliError> {
	let account = signer.account();
	let health: serde_json::Value = node.request("system_health", ecert_client::rpc_params![])?;
	let best = node.header(None)?.number;
	// A node whose best block runs far ahead of its finalized one has not
	// caught up with finality yet, and drops transaction subscriptions.
	let unfinalized = best.saturating_sub(node.finalized_number()?);
	if health["isSyncing"].as_bool() != Some(false) || unfinalized > CAUGHT_UP {
		return Err(CliError::network(
			format!("{} is still catching up with the chain", node.url()),
			"run this again once the node has caught up (its log stops saying \"Syncing\")",
		));
	}
	let made = node.rotate_session_keys(&account).map_err(|error| match error {
		ClientError::Rpc(RpcError::Call { message, .. }) => CliError::rejected(
			format!("{} did not make session keys: {message}", node.url()),
			"give the validator's own node with --url, from its own machine: a node allows \
			 unsafe methods on its local address (127.0.0.1) by default, and nowhere else \
			 unless told to (--rpc-methods unsafe)",
		),
		other => other.into(),
	})?;
	let receipt = Recorded::from(&chain::submit::<R>(context, node, signer, R::set_keys(&made)?)?);
	let keys = format!("0x{}", hex::encode(&made.keys));
	let text = format!(
		"{account}: session keys {keys} registered; they sign from the session after next; {}",
		recorded_text(&receipt)
	);
	context.emit(SessionKeysSet { account: account.to_string(), keys, receipt }, || text);
	Ok(())
}

fn view(validators: &Validators) -> ValidatorsView {
	ValidatorsView {
		session: validators.session,
		validators: validators
			.listed
			.iter()
			.map(|(account, session_keys)| ValidatorView {
				account: account.to_string(),
				session_keys: *session_keys,
				active: validators.active.contains(account),
			})
			.collect(),
		leaving: validators
			.active
			.iter()
			.filter(|active| !validators.listed.iter().any(|(listed, _)| listed == *active))
			.map(ToString::to_string)
			.collect(),
	}
}

fn list_text(view: &ValidatorsView) -> String {
	let mut lines =
		vec![format!("session {}: {} listed validators", view.session, view.validators.len())];
	for validator in &view.validators {
		let state = match (validator.active, validator.session_keys) {
			(true, _) => "validating",
			(false, true) => "starts within two sessions",
			(false, false) => "waiting for its session keys (`ecert validator keys`)",
		};
		lines.push(format!("  {}: {state}", validator.account));
	}
	lines.extend(
		view.leaving
			.iter()
			.map(|account| format!("  {account}: no longer listed, stops within two sessions")),
	);
	lines.join("\n")
}

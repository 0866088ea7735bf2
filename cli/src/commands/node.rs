//! `ecert node`: which nodes may join a chain's network. The chains run
//! with node authorization: a node whose peer id is not admitted cannot
//! connect to the validators.

use crate::{
	chain::{self, recorded_text},
	context::Context,
	error::CliError,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, Recorded};
use ecert_client::{
	main_types::{self, ecert_main_runtime as main_runtime},
	side_types::{self, ecert_side_runtime as side_runtime},
};

#[derive(Subcommand, Debug)]
pub enum NodeCommand {
	/// Admit a node to a chain's network by its peer id (what the node
	/// prints at start as "Local node identity is: …"), naming the account
	/// of the organisation that runs it. Needs the chain's governing
	/// authority's key.
	///
	/// Example: ecert node admit --as //Alice --peer-id 12D3KooW… --owner moe
	Admit {
		#[command(flatten)]
		node: Which,
		/// The account of the organisation that runs the node: address,
		/// keystore name or //Dev.
		#[arg(long)]
		owner: String,
	},
	/// Remove a node from a chain's network. Needs the chain's governing
	/// authority's key.
	///
	/// Example: ecert node remove --as //Alice --peer-id 12D3KooW…
	Remove {
		#[command(flatten)]
		node: Which,
	},
}

/// A node of a chain, and who acts.
#[derive(clap::Args, Debug)]
pub struct Which {
	/// The chain's governing authority (keystore name or //Dev).
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	/// The node's peer id (base58, `12D3KooW…`).
	#[arg(long)]
	peer_id: String,
	/// The side chain of this certificate type, rather than the main
	/// chain.
	#[arg(long = "type", value_name = "TYPE")]
	certificate_type: Option<String>,
}

/// The bytes of peer id `text`, as the chain keeps them.
fn peer_id(text: &str) -> Result<Vec<u8>, CliError> {
	let bad = || {
		CliError::input(
			format!("{text:?} is not a peer id"),
			"copy it from the node's log: \"Local node identity is: 12D3KooW…\"",
		)
	};
	let bytes = bs58::decode(text.trim()).into_vec().map_err(|_| bad())?;
	match bytes.len() {
		20..=128 => Ok(bytes),
		_ => Err(bad()),
	}
}

pub fn run(context: &Context, command: NodeCommand) -> Result<(), CliError> {
	let (which, owner, done) = match command {
		NodeCommand::Admit { node, owner } => (node, Some(owner), "node admitted"),
		NodeCommand::Remove { node } => (node, None, "node removed"),
	};
	let node = peer_id(&which.peer_id)?;
	let owner = owner.map(|owner| chain::account(context, &owner)).transpose()?;
	let signer = context.signer(&which.signer)?;
	let receipt = match &which.certificate_type {
		None => {
			use main_types::pallet_node_authorization::pallet::Call;
			let node = main_types::sp_core::OpaquePeerId(node);
			let call = match owner {
				Some(owner) => Call::add_well_known_node { node, owner: owner.into() },
				None => Call::remove_well_known_node { node },
			};
			let call = main_runtime::RuntimeCall::NodeAuthorization(call);
			Recorded::from(&chain::submit_main_as_authority(context, &signer, call)?)
		},
		Some(certificate_type) => {
			use side_types::pallet_node_authorization::pallet::Call;
			let side = context.side_node(&chain::parse(certificate_type, "certificate type")?)?;
			let node = side_types::sp_core::OpaquePeerId(node);
			let call = match owner {
				Some(owner) => Call::add_well_known_node { node, owner: owner.into() },
				None => Call::remove_well_known_node { node },
			};
			let call = side_runtime::RuntimeCall::NodeAuthorization(call);
			Recorded::from(&chain::submit_side_as_authority(context, &side, &signer, call)?)
		},
	};
	let subject = which.peer_id.trim().to_owned();
	let text = format!("{subject}: {done}; {}", recorded_text(&receipt));
	context.emit(Changed { subject, done: done.to_owned(), receipt }, || text);
	Ok(())
}

//! `ecert anchor`: the light clients by which the main chain and each side
//! chain follow each other's finalized blocks (the relay feeds them).

use crate::{
	chain::{self, recorded_text},
	context::Context,
	error::CliError,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, Recorded};
use ecert_client::{main_types, side_types, BlockingNode};
use ecert_primitives::{CertificateTypeId, ChainId};

#[derive(Subcommand, Debug)]
pub enum AnchorCommand {
	/// Start a light client again from the other chain's last finalized
	/// block, read from that chain's node: after the other chain's
	/// validators changed in a way the relay cannot prove (a lost
	/// validator set, a restart of that chain's finality). By default the
	/// main chain's light client of the side chain of --type; with
	/// --side-follows-main, that side chain's light client of the main
	/// chain. Needs the governing authority's key of the chain that
	/// follows. Trust the node you read from: what it says is taken as
	/// true.
	///
	/// Example: ecert anchor reset --as //Alice --type diploma --side-url ws://127.0.0.1:9954
	Reset {
		/// The governing authority of the chain that follows (keystore name
		/// or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The side chain's certificate type.
		#[arg(long = "type", value_name = "TYPE")]
		certificate_type: String,
		/// A node of the side chain (the main chain's node is --url).
		#[arg(long, value_name = "URL")]
		side_url: String,
		/// Reset the side chain's light client of the main chain instead.
		#[arg(long)]
		side_follows_main: bool,
	},
}

pub fn run(context: &Context, command: AnchorCommand) -> Result<(), CliError> {
	let AnchorCommand::Reset { signer, certificate_type, side_url, side_follows_main } = command;
	let certificate_type: CertificateTypeId = chain::parse(&certificate_type, "certificate type")?;
	let side = BlockingNode::new(side_url);
	let main = context.main_node();
	let signer = context.signer(&signer)?;
	let (subject, receipt) = match side_follows_main {
		false => {
			let (checkpoint_number, checkpoint) = side.finalized_checkpoint()?;
			let call = main_types::pallet_anchoring::pallet::Call::reset_chain {
				chain: ChainId::Side(certificate_type.clone()),
				checkpoint,
				checkpoint_number,
			};
			let call = main_types::ecert_main_runtime::RuntimeCall::Anchoring(call);
			let receipt = chain::submit_main_as_authority(context, &signer, call)?;
			let subject = format!("the main chain's light client of {certificate_type}");
			(subject, Recorded::from(&receipt))
		},
		true => {
			let (checkpoint_number, checkpoint) = main.finalized_checkpoint()?;
			let call = side_types::pallet_anchoring::pallet::Call::reset_chain {
				chain: ChainId::Main,
				checkpoint,
				checkpoint_number,
			};
			let call = side_types::ecert_side_runtime::RuntimeCall::Anchoring(call);
			let receipt = chain::submit_side_as_authority(context, &side, &signer, call)?;
			let subject = format!("{certificate_type}'s light client of the main chain");
			(subject, Recorded::from(&receipt))
		},
	};
	let done = "restarted from the last finalized block";
	let text = format!("{subject}: {done}; {}", recorded_text(&receipt));
	context.emit(Changed { subject, done: done.to_owned(), receipt }, || text);
	Ok(())
}

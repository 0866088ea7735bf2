//! `ecert council`: the council that governs a chain (the identity
//! authority's on the main chain, a certificate authority's on its side
//! chain). Its members propose motions, each a call of the chain, and vote;
//! a motion two thirds of them carry is made as the governing authority.
//!
//! The authority's own commands (`issuer accredit`, `type add`, `registrar
//! add`, `node admit`, ...) make or vote for the motion themselves; these
//! commands are for what they do not cover, and to see where motions stand.

use crate::{
	chain::{self, recorded_text, submit_as_authority},
	context::Context,
	error::CliError,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, CouncilView, MotionView, Recorded};
use ecert_client::{
	council::{Council, Governed, Motion},
	BlockingNode, MainChain, SideChain,
};
use ecert_primitives::Hash;

#[derive(Subcommand, Debug)]
pub enum CouncilCommand {
	/// The council's members, and the motions before it with their votes.
	///
	/// Example: ecert council list --type diploma
	List {
		#[command(flatten)]
		chain: Which,
	},
	/// Propose a motion: any call of the chain, SCALE-encoded as hex (as
	/// polkadot.js apps shows it under "encoded call data"). The proposer's
	/// vote is counted, and the call is made once two thirds of the council
	/// vote for it.
	///
	/// Example: ecert council propose --as //Bob --call 0x0904…
	Propose {
		#[command(flatten)]
		chain: Which,
		/// A council member (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The call, as 0x-hex.
		#[arg(long, value_name = "HEX")]
		call: String,
	},
	/// Vote on a motion, by its hash (`council list`). The last vote it
	/// needs makes the call.
	///
	/// Example: ecert council vote --as //Charlie --motion 0x5c1f…
	Vote {
		#[command(flatten)]
		motion: OnMotion,
		/// Vote against it.
		#[arg(long)]
		against: bool,
	},
	/// Close a motion: made if carried; dropped if its time is over without
	/// enough votes.
	///
	/// Example: ecert council close --as //Bob --motion 0x5c1f…
	Close {
		#[command(flatten)]
		motion: OnMotion,
	},
}

/// A member acting on a motion.
#[derive(clap::Args, Debug)]
pub struct OnMotion {
	#[command(flatten)]
	chain: Which,
	/// A council member (keystore name or //Dev).
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	/// The motion's hash.
	#[arg(long, value_name = "HASH")]
	motion: String,
}

/// Which chain's council.
#[derive(clap::Args, Debug)]
pub(crate) struct Which {
	/// The council of this certificate type's side chain, rather than the
	/// main chain's.
	#[arg(long = "type", value_name = "TYPE")]
	certificate_type: Option<String>,
}

impl Which {
	/// Whether it is the main chain.
	pub(crate) fn is_main(&self) -> bool {
		self.certificate_type.is_none()
	}

	/// A node of the chain.
	pub(crate) fn node(&self, context: &Context) -> Result<BlockingNode, CliError> {
		match &self.certificate_type {
			None => Ok(context.main_node()),
			Some(name) => context.side_node(&chain::parse(name, "certificate type")?),
		}
	}
}

fn view(council: &Council) -> CouncilView {
	let address = |account: &ecert_primitives::AccountId| account.to_string();
	CouncilView {
		members: council.members.iter().map(address).collect(),
		two_thirds: council.two_thirds(),
		sudo: council.sudo.as_ref().map(address),
		motions: council
			.motions
			.iter()
			.map(|motion| MotionView {
				hash: motion.hash,
				index: motion.index,
				call: motion.call_name.clone(),
				threshold: motion.threshold,
				ayes: motion.ayes.iter().map(address).collect(),
				nays: motion.nays.iter().map(address).collect(),
				carried: motion.carried(),
				end: motion.end,
			})
			.collect(),
	}
}

fn list_text(view: &CouncilView) -> String {
	let mut lines = vec![format!(
		"council of {} (a motion needs {} votes){}",
		view.members.len(),
		view.two_thirds,
		view.sudo.as_ref().map(|sudo| format!("; sudo key {sudo}")).unwrap_or_default()
	)];
	lines.extend(view.members.iter().map(|member| format!("  member {member}")));
	if view.motions.is_empty() {
		lines.push("no motions open".into());
	}
	for motion in &view.motions {
		lines.push(format!(
			"motion {:?}: {}, {} for and {} against of {} needed{}",
			motion.hash,
			motion.call,
			motion.ayes.len(),
			motion.nays.len(),
			motion.threshold,
			if motion.carried { " (carried: close it to make the call)" } else { "" }
		));
	}
	lines.join("\n")
}

/// The open motion `text` names.
fn motion(council: &Council, text: &str) -> Result<Motion, CliError> {
	let hash: Hash = chain::hash(text, "motion hash")?;
	council.motions.iter().find(|motion| motion.hash == hash).cloned().ok_or_else(|| {
		CliError::input(
			format!("the council has no open motion {hash:?}"),
			"`ecert council list` shows the open motions; a closed one is gone",
		)
	})
}

pub fn run(context: &Context, command: CouncilCommand) -> Result<(), CliError> {
	match command {
		CouncilCommand::List { chain } => {
			let view = view(&chain.node(context)?.council()?);
			let text = list_text(&view);
			context.emit(view, || text);
			Ok(())
		},
		CouncilCommand::Propose { chain, signer, call } => {
			let call = hex::decode(call.trim().trim_start_matches("0x")).map_err(|_| {
				CliError::input("--call is not hex", "give the encoded call as 0x-hex")
			})?;
			let signer = context.signer(&signer)?;
			let node = chain.node(context)?;
			let receipt = match chain.certificate_type {
				None => Recorded::from(&submit_as_authority::<MainChain>(
					context,
					&node,
					&signer,
					decode_call::<MainChain>(&call)?,
				)?),
				Some(_) => Recorded::from(&submit_as_authority::<SideChain>(
					context,
					&node,
					&signer,
					decode_call::<SideChain>(&call)?,
				)?),
			};
			done(context, format!("0x{}", hex::encode(&call)), "motion carried and made", receipt)
		},
		CouncilCommand::Vote { motion: OnMotion { chain, signer, motion: hash }, against } => {
			let signer = context.signer(&signer)?;
			let node = chain.node(context)?;
			let motion = motion(&node.council()?, &hash)?;
			let receipt = match chain.certificate_type {
				None => Recorded::from(&chain::vote::<MainChain>(
					context, &node, &signer, &motion, !against,
				)?),
				Some(_) => Recorded::from(&chain::vote::<SideChain>(
					context, &node, &signer, &motion, !against,
				)?),
			};
			let done_words = match against {
				true => "voted against",
				false => "voted for",
			};
			done(context, format!("{:?}", motion.hash), done_words, receipt)
		},
		CouncilCommand::Close { motion: OnMotion { chain, signer, motion: hash } } => {
			let signer = context.signer(&signer)?;
			let node = chain.node(context)?;
			let motion = motion(&node.council()?, &hash)?;
			let receipt = match chain.certificate_type {
				None => {
					Recorded::from(&chain::close::<MainChain>(context, &node, &signer, &motion)?)
				},
				Some(_) => {
					Recorded::from(&chain::close::<SideChain>(context, &node, &signer, &motion)?)
				},
			};
			done(context, format!("{:?}", motion.hash), "closed", receipt)
		},
	}
}

/// `call` as chain `R`'s call.
fn decode_call<R: Governed>(call: &[u8]) -> Result<R::Call, CliError>
where
	R::Call: codec::Decode,
{
	<R::Call as codec::Decode>::decode(&mut &call[..]).map_err(|error| {
		CliError::input(
			format!("--call is not a call of this chain: {error}"),
			"encode it for this chain's runtime (polkadot.js apps: Developer > Extrinsics)",
		)
	})
}

fn done(context: &Context, subject: String, done: &str, receipt: Recorded) -> Result<(), CliError> {
	let text = format!("{subject}: {done}; {}", recorded_text(&receipt));
	context.emit(Changed { subject, done: done.to_owned(), receipt }, || text);
	Ok(())
}

//! `ecert runtime`: the code a chain runs. A new runtime is authorised by
//! the chain's governing authority (its council, or the sudo key of a
//! development chain), then applied by anyone.

use crate::{
	chain::{self, recorded_text, submit_as_authority},
	commands::council::Which,
	context::Context,
	error::CliError,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, Recorded};
use ecert_client::{council::Governed, BlockingNode, MainChain, SideChain};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum RuntimeCommand {
	/// Upgrade a chain to new runtime code: the Wasm file of a release
	/// build (`ecert_main_runtime.compact.compressed.wasm`, or the side
	/// runtime's for a side chain). As a council member, this proposes
	/// authorising the code's hash, or votes for that motion (exit 6 while
	/// it needs more votes); once two thirds are for it, the code is
	/// applied. The code must be this chain's runtime with a higher spec
	/// version.
	///
	/// Example: ecert runtime upgrade --as //Alice --wasm ecert_main_runtime.compact.compressed.wasm
	Upgrade {
		#[command(flatten)]
		chain: Which,
		/// A council member, or the sudo key (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The runtime code.
		#[arg(long, value_name = "FILE")]
		wasm: PathBuf,
	},
}

pub fn run(context: &Context, command: RuntimeCommand) -> Result<(), CliError> {
	let RuntimeCommand::Upgrade { chain, signer, wasm } = command;
	let code = std::fs::read(&wasm)
		.map_err(|error| CliError::input(format!("cannot read {}: {error}", wasm.display()), ""))?;
	if !is_wasm(&code) {
		return Err(CliError::input(
			format!("{} is not runtime code (a Wasm module)", wasm.display()),
			"give the .wasm file of a runtime build",
		));
	}
	let signer = context.signer(&signer)?;
	let node = chain.node(context)?;
	match chain.is_main() {
		true => upgrade::<MainChain>(context, &node, &signer, code),
		false => upgrade::<SideChain>(context, &node, &signer, code),
	}
}

/// Whether `code` is a Wasm module, plain or zstd-compressed as runtime
/// builds write it.
fn is_wasm(code: &[u8]) -> bool {
	use sp_maybe_compressed_blob::{decompress, CODE_BLOB_BOMB_LIMIT};
	decompress(code, CODE_BLOB_BOMB_LIMIT).is_ok_and(|plain| plain.starts_with(b"\0asm"))
}

fn upgrade<R: Governed>(
	context: &Context,
	node: &BlockingNode,
	signer: &crate::keystore::Signer,
	code: Vec<u8>,
) -> Result<(), CliError> {
	let code_hash = sp_core::H256(sp_crypto_hashing::blake2_256(&code));
	let before = node.spec_version(None)?;
	if node.authorized_upgrade()? != Some(code_hash) {
		submit_as_authority::<R>(context, node, signer, R::authorize_upgrade(code_hash))?;
	}
	let receipt = chain::submit::<R>(context, node, signer, R::apply_authorized_upgrade(code))?;
	let after = node.spec_version(Some(receipt.block_hash))?;
	if after <= before {
		return Err(CliError::rejected(
			format!("the chain did not take the code: it still runs spec version {before}"),
			"give this chain's runtime (the same spec name), built with a higher spec_version",
		));
	}
	let receipt = Recorded::from(&receipt);
	let subject = format!("{code_hash:?}");
	let done = format!("runtime upgraded from spec version {before} to {after}");
	let text = format!("{subject}: {done}; {}", recorded_text(&receipt));
	context.emit(Changed { subject, done, receipt }, || text);
	Ok(())
}

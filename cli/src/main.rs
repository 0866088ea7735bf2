//! `ecert`: the command-line client of the ecert platform, for identity
//! authorities, issuers, holders and verifiers.

mod chain;
mod commands;
mod context;
mod error;
mod holder_file;
mod keystore;
mod qr;

use clap::{Parser, Subcommand};
use commands::{
	account::AccountCommand,
	anchor::AnchorCommand,
	cert::CertCommand,
	council::CouncilCommand,
	identity::{IdentityCommand, RegistrarCommand},
	issuer::IssuerCommand,
	node::NodeCommand,
	proof::ProofCommand,
	runtime::RuntimeCommand,
	types::TypeCommand,
	validator::ValidatorCommand,
	vc::VcCommand,
};
use context::{Context, Global};
use ecert_cli::output;

const AFTER_HELP: &str = "\
Exit codes: 0 done; 2 bad input; 3 the node could not be reached; 4 the chain
refused; 5 a check did not hold (a proof, a certificate that is not valid);
6 waiting for the council (the motion needs more members' votes).

The main chain's node is the local network's (port 9944) unless --url or
--main-url names another. Certificate commands find the node of the
type's side chain in the main chain's directory (`ecert type show`); on
the local network (scripts/local-network.sh) it lists the diploma chain on
port 9954 and the licence chain on 9964. Development accounts (//Alice, //Bob, ...) sign with --as
without a keystore; //Alice is the governing authority there (the sudo key).
Where a chain has no sudo key, the authority's commands (issuer accredit,
type add, identity approve for registrars, ...) make a motion of its
council, or vote for the same motion, and make the call once two thirds
of the members are for it: see `ecert council`.

Examples:
  ecert account new --name chen
  ecert identity request --as chen --role holder
  ecert identity approve --as //Alice --account chen --id 0x…
  ecert issuer accredit --as //Alice --org NTU --name \"National Taiwan University\" \\
      --identity ntu --types diploma --reason \"MOE decision 115-001\"
  ecert cert issue --as ntu --holder chen --data diploma.json
  ecert cert batch-issue --as ntu --org NTU --data class-of-2026.csv
  ecert cert verify --org NTU --number NTU-2026-0001
  ecert proof checkpoint
  ecert proof export --org NTU --number NTU-2026-0001 --out proof.bin --qr proof.png
  ecert proof verify proof.png
  ecert vc export NTU-2026-0001.ecert.json --out diploma.vc.json";

/// The ecert command-line client: identities, accredited issuers,
/// certificate types, certificates and their portable proofs.
#[derive(Parser, Debug)]
#[command(name = "ecert", version, after_help = AFTER_HELP)]
struct Cli {
	#[command(flatten)]
	global: Global,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Accounts of the local keystore: signing and encryption keys.
	#[command(subcommand)]
	Account(AccountCommand),
	/// Identities on the main chain: request, cancel, approve, reject,
	/// rotate, recover, veto, claim, deactivate, show.
	#[command(subcommand)]
	Identity(IdentityCommand),
	/// The registrars who decide identity requests: add, remove.
	#[command(subcommand)]
	Registrar(RegistrarCommand),
	/// Accredited issuers on the main chain.
	#[command(subcommand)]
	Issuer(IssuerCommand),
	/// The nodes admitted to a chain's network: admit, remove.
	#[command(subcommand)]
	Node(NodeCommand),
	/// The council that governs a chain: list, propose, vote, close.
	#[command(subcommand)]
	Council(CouncilCommand),
	/// Who produces and finalizes a chain's blocks: list, add, remove, and
	/// a validator's session keys.
	#[command(subcommand)]
	Validator(ValidatorCommand),
	/// The code a chain runs: upgrade.
	#[command(subcommand)]
	Runtime(RuntimeCommand),
	/// The light clients by which the chains follow each other: reset.
	#[command(subcommand)]
	Anchor(AnchorCommand),
	/// Certificate types and their side chains.
	#[command(subcommand)]
	Type(TypeCommand),
	/// Certificates on a side chain: issue (one or a CSV batch), verify,
	/// get, disclose, suspend, renew, grant, revoke.
	#[command(subcommand)]
	Cert(CertCommand),
	/// Portable proofs: export, verify offline, fetch a checkpoint.
	#[command(subcommand)]
	Proof(ProofCommand),
	/// W3C Verifiable Credentials: export a certificate, verify offline.
	#[command(subcommand)]
	Vc(VcCommand),
}

fn main() {
	let cli = Cli::parse();
	let json = cli.global.json;
	let context = Context { global: cli.global };
	let result = match cli.command {
		Command::Account(command) => commands::account::run(&context, command),
		Command::Identity(command) => commands::identity::run(&context, command),
		Command::Registrar(command) => commands::identity::run_registrar(&context, command),
		Command::Issuer(command) => commands::issuer::run(&context, command),
		Command::Node(command) => commands::node::run(&context, command),
		Command::Council(command) => commands::council::run(&context, command),
		Command::Validator(command) => commands::validator::run(&context, command),
		Command::Runtime(command) => commands::runtime::run(&context, command),
		Command::Anchor(command) => commands::anchor::run(&context, command),
		Command::Type(command) => commands::types::run(&context, command),
		Command::Cert(command) => commands::cert::run(&context, command),
		Command::Proof(command) => commands::proof::run(&context, command),
		Command::Vc(command) => commands::vc::run(&context, command),
	};
	if let Err(error) = result {
		let code = error.code;
		if json {
			let failure =
				output::Failure { error: error.message, hint: error.hint, code: error.code };
			eprintln!("{}", serde_json::to_value(failure).unwrap_or_default());
		} else {
			eprintln!("error: {error}");
		}
		std::process::exit(code);
	}
}

//! `ecert type`: the registry of certificate types, each with its side
//! chain.

use crate::{
	chain::{self, receipt_text},
	context::Context,
	error::CliError,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, Recorded, TypeList, TypeRegistered};
use ecert_client::main_types::{
	ecert_main_runtime::RuntimeCall, pallet_certificate_types::pallet::Call,
};
use ecert_client::{api::MainChainApiClient, BlockingNode};
use ecert_primitives::{known_schema, CertificateTypeId, ChainCheckpoint};

#[derive(Subcommand, Debug)]
pub enum TypeCommand {
	/// Register a certificate type and its side chain. Needs the identity
	/// authority's key.
	///
	/// The side chain's genesis hash and GRANDPA authorities are read from
	/// its node (--side-url), so the main chain's light client of it can
	/// start; check them against what its certificate authority publishes.
	/// The schema hash of the built-in types (diploma, license) is known;
	/// give others with --schema-hash.
	///
	/// Example: ecert type add --as //Alice --id marriage --name "Marriage certificate" --schema-hash 0x… --side-url ws://127.0.0.1:9974
	Add {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The type's id, such as `marriage`.
		#[arg(long)]
		id: String,
		/// Its name, such as "Marriage certificate".
		#[arg(long)]
		name: String,
		/// The hash of its field schema (0x-hex); known for built-in types.
		#[arg(long)]
		schema_hash: Option<String>,
		/// A node of its side chain, to read the chain's genesis from.
		#[arg(long, value_name = "URL")]
		side_url: String,
	},
	/// Retire a certificate type: no new accreditations for it; the
	/// certificates already issued stay verifiable. Needs the identity
	/// authority's key.
	///
	/// Example: ecert type retire --as //Alice --id marriage
	Retire {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The type's id, such as `marriage`.
		#[arg(long)]
		id: String,
	},
	/// List the registered certificate types.
	///
	/// Example: ecert type list
	List,
}

pub fn run(context: &Context, command: TypeCommand) -> Result<(), CliError> {
	match command {
		TypeCommand::Add { signer, id, name, schema_hash, side_url } => {
			let type_id = chain::parse::<CertificateTypeId>(&id, "certificate type id")?;
			let schema_hash = match (schema_hash, known_schema(&type_id)) {
				(Some(hash), _) => chain::hash(&hash, "schema hash")?,
				(None, Some(schema)) => schema.hash(),
				(None, None) => {
					return Err(CliError::input(
						format!("{id} is not a built-in type, so its schema hash is unknown"),
						"give --schema-hash",
					))
				},
			};
			let side = BlockingNode::new(side_url);
			let (genesis_hash, authorities, set_id) = side.finality_checkpoint()?;
			let signer = context.signer(&signer)?;
			let receipt = chain::submit_main_as_authority(
				context,
				&signer,
				RuntimeCall::CertificateTypes(Call::register {
					id: type_id.clone(),
					name: chain::text(&name, "name")?,
					schema_hash,
					side_chain: ChainCheckpoint { genesis_hash, authorities, set_id },
				}),
			)?;
			context.emit(
				TypeRegistered {
					id: type_id,
					schema_hash,
					side_chain_genesis: genesis_hash,
					receipt: Recorded::from(&receipt),
				},
				|| format!("certificate type {id} registered; {}", receipt_text(&receipt)),
			);
		},
		TypeCommand::Retire { signer, id } => {
			let type_id = chain::parse::<CertificateTypeId>(&id, "certificate type id")?;
			let signer = context.signer(&signer)?;
			let call = RuntimeCall::CertificateTypes(Call::retire { id: type_id });
			let receipt = chain::submit_main_as_authority(context, &signer, call)?;
			let changed = Changed {
				subject: id.clone(),
				done: "retired".into(),
				receipt: Recorded::from(&receipt),
			};
			context.emit(changed, || {
				format!("certificate type {id} retired; {}", receipt_text(&receipt))
			});
		},
		TypeCommand::List => {
			let answer = chain::read(&context.main_node(), |api| api.certificate_types(None))?;
			let list = TypeList { types: answer.clone() };
			context.emit(list, || {
				answer
					.iter()
					.map(|view| {
						format!(
							"{:<12} {:<10} {}",
							view.id,
							chain::word(&view.record.status),
							view.record.name.as_str(),
						)
					})
					.collect::<Vec<_>>()
					.join("\n")
			});
		},
	}
	Ok(())
}

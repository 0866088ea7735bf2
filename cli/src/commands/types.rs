//! `ecert type`: the registry of certificate types, each with its side
//! chain.

use crate::{
	chain::{self, receipt_text},
	context::Context,
	error::CliError,
	keystore::Signer,
};
use clap::Subcommand;
use ecert_cli::output::{Changed, Recorded, TypeList, TypeRegistered};
use ecert_client::main_types::{
	ecert_main_runtime::{RuntimeCall, RuntimeEvent},
	pallet_certificate_types::pallet::Call,
};
use ecert_client::{api::MainChainApiClient, BlockingNode, Receipt};
use ecert_primitives::{
	schema_preset, CertificateTypeId, ChainCheckpoint, Endpoint, FieldKind, FieldSchema,
	SideChainEndpoints, MAX_SIDE_CHAIN_ENDPOINTS, SCHEMA_PRESETS,
};
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum TypeCommand {
	/// Register a certificate type, its field schema and its side chain.
	/// Needs the identity authority's key.
	///
	/// The schema lists the type's fields in order: each field's name, kind
	/// (text, date, number, or one of a list of values), whether it is
	/// required, its longest value and its labels in Traditional Chinese and
	/// English. The first field is the certificate's number. Issuers' and
	/// verifiers' apps read it from the main chain. This release has presets
	/// for diploma, license, marriage, real-estate and business-license,
	/// used when --schema is left out; `ecert type preset` prints one to
	/// start a new schema from.
	///
	/// The side chain's genesis hash and GRANDPA authorities are read from
	/// its node (--side-url), so the main chain's light client of it can
	/// start; check them against what its certificate authority publishes.
	/// With --endpoint, the main chain's directory lists the chain's public
	/// nodes at once (see `ecert type endpoints`).
	///
	/// Example: ecert type add --as //Alice --id marriage --name "Marriage certificate" --side-url ws://127.0.0.1:9974 --endpoint ws://127.0.0.1:9974
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
		/// Its field schema, a JSON file (see `ecert type preset`); by default
		/// this release's preset for the id.
		#[arg(long, value_name = "FILE")]
		schema: Option<PathBuf>,
		/// A node of its side chain, to read the chain's genesis from.
		#[arg(long, value_name = "URL")]
		side_url: String,
		/// A public node of its side chain (ws:// or wss://) for the
		/// directory; give up to 4, in the order apps should try them.
		#[arg(long = "endpoint", value_name = "URL")]
		endpoints: Vec<String>,
	},
	/// List a type's side-chain nodes in the main chain's directory, in
	/// place of those listed before. Apps (`ecert cert verify`, the web
	/// verifier) find the chain of a certificate type there, and the relay
	/// starts carrying proofs for a chain as soon as it is listed. With
	/// --clear the type leaves the directory and the relay stops carrying
	/// its proofs. Needs the identity authority's key.
	///
	/// Example: ecert type endpoints --as //Alice --id marriage wss://marriage.example.gov.tw ws://10.0.0.7:9944
	Endpoints {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The type's id, such as `marriage`.
		#[arg(long)]
		id: String,
		/// Public nodes of the side chain (ws:// or wss://), up to 4, in the
		/// order apps should try them.
		#[arg(value_name = "URL", required_unless_present = "clear")]
		endpoints: Vec<String>,
		/// Take the type out of the directory.
		#[arg(long, conflicts_with = "endpoints")]
		clear: bool,
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
	/// Show a registered type: its side chain and its fields, with their
	/// kinds and labels, as the main chain holds them.
	///
	/// Example: ecert type show --id diploma
	Show {
		/// The type's id, such as `diploma`.
		#[arg(long)]
		id: String,
	},
	/// Print this release's preset field schema for a type, as JSON: a
	/// starting point for `ecert type add --schema`.
	///
	/// Example: ecert type preset --id marriage > marriage-schema.json
	Preset {
		/// One of diploma, license, marriage, real-estate, business-license.
		#[arg(long)]
		id: String,
	},
}

pub fn run(context: &Context, command: TypeCommand) -> Result<(), CliError> {
	match command {
		TypeCommand::Add { signer, id, name, schema, side_url, endpoints } => {
			let type_id = chain::parse::<CertificateTypeId>(&id, "certificate type id")?;
			let endpoints = parse_endpoints(&endpoints)?;
			let schema = match schema {
				Some(path) => read_schema(&path)?,
				None => preset(&type_id)?,
			};
			let schema_hash = schema.hash(&type_id);
			let side = BlockingNode::new(side_url);
			let (genesis_hash, authorities, set_id) = side.finality_checkpoint()?;
			let signer = context.signer(&signer)?;
			let receipt = chain::submit_main_as_authority(
				context,
				&signer,
				RuntimeCall::CertificateTypes(Call::register {
					id: type_id.clone(),
					name: chain::text(&name, "name")?,
					schema,
					side_chain: ChainCheckpoint { genesis_hash, authorities, set_id },
				}),
			)?;
			let listed = endpoints_text(&endpoints);
			if !endpoints.is_empty() {
				set_endpoints(context, &signer, type_id.clone(), endpoints.clone())?;
			}
			context.emit(
				TypeRegistered {
					id: type_id,
					schema_hash,
					side_chain_genesis: genesis_hash,
					endpoints,
					receipt: Recorded::from(&receipt),
				},
				|| {
					let mut text =
						format!("certificate type {id} registered; {}", receipt_text(&receipt));
					if !listed.is_empty() {
						text += &format!("\nits side chain is listed at {listed}");
					}
					text
				},
			);
		},
		TypeCommand::Endpoints { signer, id, endpoints, clear } => {
			let type_id = chain::parse::<CertificateTypeId>(&id, "certificate type id")?;
			let endpoints = if clear { Default::default() } else { parse_endpoints(&endpoints)? };
			let listed = endpoints_text(&endpoints);
			let signer = context.signer(&signer)?;
			let receipt = set_endpoints(context, &signer, type_id, endpoints)?;
			let done = if listed.is_empty() {
				"left the directory".into()
			} else {
				format!("listed at {listed}")
			};
			let changed = Changed { subject: id.clone(), done, receipt: Recorded::from(&receipt) };
			context.emit(&changed, || {
				format!("side chain of {id}: {}; {}", changed.done, receipt_text(&receipt))
			});
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
							"{:<12} {:<10} {:<32} {}",
							view.id,
							chain::word(&view.record.status),
							view.record.name.as_str(),
							endpoints_text(&view.endpoints),
						)
					})
					.collect::<Vec<_>>()
					.join("\n")
			});
		},
		TypeCommand::Show { id } => {
			let type_id = chain::parse::<CertificateTypeId>(&id, "certificate type id")?;
			let view = chain::certificate_type(&context.main_node(), &type_id)?;
			context.emit(&view, || {
				let mut text = format!(
					"{} ({}), {}\n  side chain genesis {:?}\n  side chain nodes   {}\n  \
					 schema hash        {:?}\n  fields:",
					view.record.name.as_str(),
					view.id,
					chain::word(&view.record.status),
					view.record.side_chain.genesis_hash,
					endpoints_text(&view.endpoints),
					view.record.schema_hash,
				);
				for field in view.schema.fields() {
					text += &format!(
						"\n    {:<22} {:<10} {:<9} up to {:>4}  {} / {}",
						field.name.as_str(),
						kind_word(&field.kind),
						if field.required { "required" } else { "optional" },
						field.max_length,
						field.label.zh_tw.as_str(),
						field.label.en.as_str(),
					);
					if let FieldKind::Enumeration(choices) = &field.kind {
						let choices: Vec<&str> = choices.iter().map(|c| c.as_str()).collect();
						text += &format!("\n      one of: {}", choices.join(", "));
					}
				}
				text
			});
		},
		TypeCommand::Preset { id } => {
			let type_id = chain::parse::<CertificateTypeId>(&id, "certificate type id")?;
			let schema = preset(&type_id)?;
			let json = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
			context.emit(&schema, || json.clone());
		},
	}
	Ok(())
}

/// Lists `endpoints` in the directory for `type_id`.
fn set_endpoints(
	context: &Context,
	signer: &Signer,
	type_id: CertificateTypeId,
	endpoints: SideChainEndpoints,
) -> Result<Receipt<RuntimeEvent>, CliError> {
	let call = RuntimeCall::CertificateTypes(Call::set_endpoints {
		id: type_id,
		endpoints: endpoints.into_inner(),
	});
	chain::submit_main_as_authority(context, signer, call)
}

/// `urls` as the directory's list, checked.
fn parse_endpoints(urls: &[String]) -> Result<SideChainEndpoints, CliError> {
	let endpoints = urls
		.iter()
		.map(|url| {
			Endpoint::try_from(url.as_str()).map_err(|error| {
				CliError::input(format!("{url:?}: {error}"), "such as ws://10.0.0.7:9944")
			})
		})
		.collect::<Result<Vec<_>, _>>()?;
	if let Some(index) = (1..endpoints.len()).find(|&i| endpoints[..i].contains(&endpoints[i])) {
		return Err(CliError::input(format!("{} is given twice", endpoints[index]), ""));
	}
	endpoints.try_into().map_err(|_| {
		CliError::input(
			format!(
				"{} endpoints given; the directory lists at most {MAX_SIDE_CHAIN_ENDPOINTS}",
				urls.len()
			),
			"give the public nodes apps should try first",
		)
	})
}

/// The endpoints, as one line; empty if there are none.
fn endpoints_text(endpoints: &SideChainEndpoints) -> String {
	endpoints.iter().map(|endpoint| endpoint.as_str()).collect::<Vec<_>>().join(" ")
}

fn kind_word(kind: &FieldKind) -> &'static str {
	match kind {
		FieldKind::Text => "text",
		FieldKind::Date => "date",
		FieldKind::Number => "number",
		FieldKind::Enumeration(_) => "one of",
	}
}

/// This release's preset schema for `id`.
fn preset(id: &CertificateTypeId) -> Result<FieldSchema, CliError> {
	let preset = schema_preset(id).ok_or_else(|| {
		let ids: Vec<&str> = SCHEMA_PRESETS.iter().map(|preset| preset.id).collect();
		CliError::input(
			format!("this release has no preset schema for {:?}", id.as_str()),
			format!("give --schema FILE, or use a preset: {}", ids.join(", ")),
		)
	})?;
	Ok(preset.schema())
}

/// A schema from a JSON file, checked against the registry's rules.
fn read_schema(path: &Path) -> Result<FieldSchema, CliError> {
	let text = std::fs::read_to_string(path)
		.map_err(|error| CliError::input(format!("cannot read {}: {error}", path.display()), ""))?;
	let schema: FieldSchema = serde_json::from_str(&text).map_err(|error| {
		CliError::input(
			format!("{} is not a field schema: {error}", path.display()),
			"`ecert type preset --id diploma` prints an example",
		)
	})?;
	schema.check().map_err(|error| {
		CliError::input(format!("{}: {error}", path.display()), "fix the schema file")
	})?;
	Ok(schema)
}

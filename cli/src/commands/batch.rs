//! `ecert cert batch-issue`: a whole graduating class from a spreadsheet, each
//! certificate issued on its own (so each has a portable proof), many per
//! block, with a progress bar, and safe to run again after an interruption.
//!
//! Resuming never issues twice. Before anything is sent, each row's
//! holder's file is drafted in the output directory with its salts; a run
//! that finds a draft reuses its salts, so the commitment stays the same.
//! Then each row's certificate id (type, organisation code, number) is
//! looked up on chain: one already there with the draft's commitment is
//! done, and its receipt is filled in from the chain; one there with
//! another commitment is reported, not replaced. Only the rest are sent.

use super::cert::{holder_identity, salted_fields, seal_fields};
use crate::{
	chain,
	context::Context,
	error::CliError,
	holder_file::{HolderCertificate, HolderFileIo},
};
use ecert_cli::output::{BatchReport, IssuedAt, Recorded, RowFailure};
use ecert_client::side_types::{ecert_side_runtime::RuntimeCall, pallet_certificates};
use ecert_client::{
	api::{CertificateQuery, SideChainApiClient},
	BlockingNode, ClientError, SideChain,
};
use ecert_primitives::{
	CertificateId, CertificateNumber, CertificateTypeId, FieldSchema, KeyAgreementKey, OrgCode,
	SaltedField, VerificationStatus,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Map, Value};
use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
};

/// What `cert batch-issue` takes.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
	/// The issuer's account (keystore name or //Dev).
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	/// The issuer's organisation code (part of every certificate's id).
	#[arg(long)]
	org: String,
	/// The certificate type.
	#[arg(long = "type", default_value = "diploma", value_name = "TYPE")]
	certificate_type: String,
	/// The certificates: an XLSX workbook or a CSV file, whose first row
	/// names a `holder` column (account or identity id), one column per field of the type's
	/// schema, and optionally `valid_until` (YYYY-MM-DD).
	#[arg(long, value_name = "FILE")]
	data: PathBuf,
	/// Where the holders' certificate files go [default: <data>-certificates].
	#[arg(long, value_name = "DIR")]
	out_dir: Option<PathBuf>,
	/// How many transactions to send before waiting for them.
	#[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=500))]
	window: u32,
}

/// One row, ready to issue.
struct Row {
	line: usize,
	number: CertificateNumber,
	id: CertificateId,
	holder_key: KeyAgreementKey,
	draft: HolderCertificate,
	path: PathBuf,
	valid_until: Option<u64>,
}

pub fn run(context: &Context, args: BatchArgs) -> Result<(), CliError> {
	let certificate_type: CertificateTypeId =
		chain::parse(&args.certificate_type, "certificate type")?;
	let org: OrgCode = chain::parse(&args.org, "organisation code")?;
	let out_dir = args.out_dir.clone().unwrap_or_else(|| {
		let stem = args.data.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
		args.data.with_file_name(format!("{stem}-certificates"))
	});
	std::fs::create_dir_all(&out_dir).map_err(|error| {
		CliError::input(format!("cannot make {}: {error}", out_dir.display()), "check --out-dir")
	})?;
	let records = read_rows(&args.data)?;
	let node = context.side_node(&certificate_type)?;
	let main = context.main_node_beside();
	let schema = chain::field_schema(&main, &certificate_type)?;
	let signer = context.signer(&args.signer)?;

	let progress = if context.global.json {
		ProgressBar::with_draw_target(Some(records.len() as u64), ProgressDrawTarget::hidden())
	} else {
		ProgressBar::new(records.len() as u64)
	};
	progress.set_style(
		ProgressStyle::with_template(
			"{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, {eta} left) {msg}",
		)
		.expect("the template is valid"),
	);
	let mut tally = BatchReport { out_dir: out_dir.display().to_string(), ..Default::default() };
	let mut keys = BTreeMap::new();
	for window in records.chunks(args.window as usize) {
		let mut to_send = Vec::new();
		for (line, record) in window {
			let prepared = prepare(
				context,
				&main,
				&mut keys,
				(&certificate_type, &schema, &org),
				*line,
				record,
				&out_dir,
			)
			.and_then(|row| settle_if_issued(&node, row));
			match prepared {
				Ok(Some(row)) => to_send.push(row),
				Ok(None) => {
					tally.already_issued += 1;
					progress.inc(1);
				},
				Err(error) => {
					tally.failed.push(RowFailure {
						line: *line,
						number: None,
						error: error.message,
					});
					progress.inc(1);
				},
			}
		}
		progress.set_message(format!("sending {}", to_send.len()));
		let calls = to_send
			.iter()
			.map(|row| {
				let terms = ecert_primitives::CertificateTerms::of_fields(
					row.number.clone(),
					row.draft.holder,
					&row.draft.fields,
					chain::now_ms(),
					row.valid_until,
				);
				let payload = seal_fields(&row.holder_key, &row.draft.fields)?;
				Ok(RuntimeCall::Certificates(pallet_certificates::pallet::Call::issue {
					certificate_type: certificate_type.clone(),
					terms,
					payload: Some(payload),
				}))
			})
			.collect::<Result<Vec<_>, CliError>>()?;
		let results = node.submit_all::<SideChain>(&signer.pair, calls)?;
		for (mut row, result) in to_send.into_iter().zip(results) {
			match result {
				Ok(receipt) => {
					row.draft.receipt = json!(Recorded::from(&receipt));
					row.draft.save(&row.path)?;
					tally.issued += 1;
				},
				Err(error) => tally.failed.push(RowFailure {
					line: row.line,
					number: Some(row.number.as_str().to_owned()),
					error: describe(error),
				}),
			}
			progress.inc(1);
		}
	}
	progress.finish_with_message("done");
	let failed = tally.failed.len();
	context.emit(&tally, || {
		let mut text = format!(
			"{} issued, {} already on chain, {} failed; holders' files in {}",
			tally.issued,
			tally.already_issued,
			failed,
			out_dir.display()
		);
		for failure in &tally.failed {
			text += &format!("\n  line {}: {}", failure.line, failure.error);
		}
		text
	});
	match failed {
		0 => Ok(()),
		_ => Err(CliError::rejected(
			format!("{failed} certificates were not issued"),
			"fix those rows and run the same command again: issued rows are skipped",
		)),
	}
}

fn describe(error: ClientError) -> String {
	CliError::from(error).message
}

/// The spreadsheet's rows with their line numbers, as field name to value.
fn read_rows(path: &Path) -> Result<Vec<ecert_client::rows::Row>, CliError> {
	let file = std::fs::read(path)
		.map_err(|error| CliError::input(format!("cannot read {}: {error}", path.display()), ""))?;
	ecert_client::rows::spreadsheet_rows(&file).map_err(|problem| {
		CliError::input(
			format!("{}: {problem}", path.display()),
			"the first row names `holder` and the type's fields",
		)
	})
}

/// Drafts row `record`: reuses the draft of an earlier run, or draws salts
/// and writes a new one.
fn prepare(
	context: &Context,
	main: &BlockingNode,
	keys: &mut BTreeMap<String, (ecert_primitives::IdentityId, KeyAgreementKey)>,
	(certificate_type, schema, org): (&CertificateTypeId, &FieldSchema, &OrgCode),
	line: usize,
	record: &BTreeMap<String, String>,
	out_dir: &Path,
) -> Result<Row, CliError> {
	let at_line =
		|error: CliError| CliError { message: format!("line {line}: {}", error.message), ..error };
	let holder_text = record.get("holder").cloned().unwrap_or_default();
	let valid_until =
		record.get("valid_until").filter(|v| !v.is_empty()).map(|v| chain::moment(v)).transpose();
	let data: Map<String, Value> = record
		.iter()
		.filter(|(name, _)| !matches!(name.as_str(), "holder" | "valid_until"))
		.map(|(name, value)| (name.clone(), json!(value)))
		.collect();
	let fields = salted_fields(schema, &Value::Object(data)).map_err(at_line)?;
	let number: CertificateNumber =
		chain::parse(&fields[0].value, "certificate number").map_err(at_line)?;
	let (holder, holder_key) = match keys.get(&holder_text) {
		Some(known) => *known,
		None => {
			let found = holder_identity(context, main, &holder_text).map_err(at_line)?;
			keys.insert(holder_text, found);
			found
		},
	};
	let id = CertificateId::derive(certificate_type, org, &number);
	let path = out_dir.join(format!("{}.ecert.json", number.as_str()));
	let draft = match path.exists() {
		true => {
			let draft = HolderCertificate::load(&path).map_err(at_line)?;
			if !same_values(&draft.fields, &fields)
				|| draft.holder != holder
				|| draft.certificate_id != id
			{
				return Err(at_line(CliError::input(
					format!("the row differs from its draft {}", path.display()),
					"restore the row, or remove the draft if nothing was issued",
				)));
			}
			draft
		},
		false => {
			let draft = HolderCertificate::new(
				id,
				certificate_type.clone(),
				org.clone(),
				holder,
				fields.clone(),
				Value::Null,
			);
			draft.save(&path)?;
			draft
		},
	};
	Ok(Row {
		line,
		number,
		id,
		holder_key,
		draft,
		path,
		valid_until: valid_until.map_err(at_line)?,
	})
}

fn same_values(a: &[SaltedField], b: &[SaltedField]) -> bool {
	a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.name == b.name && a.value == b.value)
}

/// `None` if the chain already holds the row's certificate with the
/// draft's commitment (its receipt is then written into the draft);
/// the row if it still has to be issued.
fn settle_if_issued(node: &BlockingNode, mut row: Row) -> Result<Option<Row>, CliError> {
	let query = CertificateQuery::Id(row.id);
	let answer = chain::read(node, move |api| api.verify_certificate(query, None, None))?;
	if answer.status == VerificationStatus::Unknown {
		return Ok(Some(row));
	}
	if answer.commitment != Some(row.draft.commitment) {
		return Err(CliError::rejected(
			format!(
				"line {}: certificate {} is already on chain with other data",
				row.line,
				row.number.as_str()
			),
			"",
		));
	}
	if row.draft.receipt.is_null() {
		let issued = answer.issued.as_ref().ok_or_else(|| {
			CliError::network("the node did not say where the certificate was issued", "")
		})?;
		row.draft.receipt = json!(IssuedAt::from(issued));
		row.draft.save(&row.path)?;
	}
	Ok(None)
}

//! `ecert cert batch-issue`: a whole graduating class from a spreadsheet,
//! with a progress bar, safe to run again after an interruption.
//!
//! By default the rows go into batches (`issue_batch`, `--batch-size` rows a
//! transaction, 10,000 by default): the chain keeps each batch's Merkle
//! root, and each holder's file keeps the certificate's membership in its
//! batch, which its checks and its portable proof need. With
//! `--one-by-one`, each certificate is issued in a transaction of its own,
//! with its information sealed to the holder in it, `--window` at a time.
//!
//! Resuming never issues twice. Each row's holder's file keeps its salts
//! (and, batched, its membership) before anything is sent; a run that finds
//! the file reuses them, so the commitment stays the same. Then the chain is
//! asked: a row already there with the file's commitment (or in a batch the
//! chain holds) is done, and its receipt is filled in from the chain; one
//! there with another commitment is reported, not replaced. Only the rest
//! are sent.

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
	batch_memberships, storage, AssetMetadata, BatchLeaf, CertificateId, CertificateNumber,
	CertificateTypeId, FieldSchema, IdentityId, KeyAgreementKey, OrgCode, SaltedField,
	VerificationStatus,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Map, Value};
use sp_core::H256;
use std::{
	collections::{btree_map::Entry, BTreeMap},
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
	/// How many certificates go into one batch (one transaction).
	#[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
	batch_size: u32,
	/// Issue each certificate in a transaction of its own, with its
	/// information sealed to its holder in it, instead of in batches.
	#[arg(long)]
	one_by_one: bool,
	/// With --one-by-one: how many transactions to send before waiting for
	/// them.
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
	let mut job = Job {
		context,
		main,
		node,
		signer,
		certificate_type,
		schema,
		org,
		out_dir: out_dir.clone(),
		progress,
		keys: BTreeMap::new(),
		tally: BatchReport { out_dir: out_dir.display().to_string(), ..Default::default() },
	};
	match args.one_by_one {
		true => job.one_by_one(&records, args.window)?,
		false => job.in_batches(&records, args.batch_size)?,
	}
	job.progress.finish_with_message("done");
	let tally = job.tally;
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

/// One run of `cert batch-issue`: where it issues, and what it has done.
struct Job<'a> {
	context: &'a Context,
	main: BlockingNode,
	node: BlockingNode,
	signer: crate::keystore::Signer,
	certificate_type: CertificateTypeId,
	schema: FieldSchema,
	org: OrgCode,
	out_dir: PathBuf,
	progress: ProgressBar,
	/// Holders' identities and keys, by the text of the `holder` column.
	keys: BTreeMap<String, (IdentityId, KeyAgreementKey)>,
	tally: BatchReport,
}

impl Job<'_> {
	/// Row `record` at `line`, its file drafted (and written if `write`).
	fn prepare(
		&mut self,
		line: usize,
		record: &BTreeMap<String, String>,
		write: bool,
	) -> Result<Row, CliError> {
		prepare(
			self.context,
			&self.main,
			&mut self.keys,
			(&self.certificate_type, &self.schema, &self.org),
			line,
			record,
			&self.out_dir,
			write,
		)
	}

	/// Counts a row that was not issued.
	fn failed(&mut self, line: usize, number: Option<&CertificateNumber>, error: String) {
		let number = number.map(|number| number.as_str().to_owned());
		self.tally.failed.push(RowFailure { line, number, error });
		self.progress.inc(1);
	}

	/// Issues each row in a transaction of its own, `window` at a time.
	fn one_by_one(
		&mut self,
		records: &[ecert_client::rows::Row],
		window: u32,
	) -> Result<(), CliError> {
		for window in records.chunks(window as usize) {
			let mut to_send = Vec::new();
			for (line, record) in window {
				let prepared = self.prepare(*line, record, true);
				match prepared.and_then(|row| settle_if_issued(&self.node, row)) {
					Ok(Some(row)) => to_send.push(row),
					Ok(None) => {
						self.tally.already_issued += 1;
						self.progress.inc(1);
					},
					Err(error) => self.failed(*line, None, error.message),
				}
			}
			self.progress.set_message(format!("sending {}", to_send.len()));
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
						certificate_type: self.certificate_type.clone(),
						terms,
						payload: Some(payload),
					}))
				})
				.collect::<Result<Vec<_>, CliError>>()?;
			let results = self.node.submit_all::<SideChain>(&self.signer.pair, calls)?;
			for (mut row, result) in to_send.into_iter().zip(results) {
				match result {
					Ok(receipt) => {
						row.draft.receipt = json!(Recorded::from(&receipt));
						row.draft.save(&row.path)?;
						self.tally.issued += 1;
						self.progress.inc(1);
					},
					Err(error) => self.failed(row.line, Some(&row.number), describe(error)),
				}
			}
		}
		Ok(())
	}

	/// Issues the rows in batches of `batch_size`: every row drafted and
	/// checked against the chain first, then each batch's members written to
	/// their holders' files with their membership, then every batch sent at
	/// once.
	fn in_batches(
		&mut self,
		records: &[ecert_client::rows::Row],
		batch_size: u32,
	) -> Result<(), CliError> {
		self.progress.set_message("checking the rows");
		let mut rows = Vec::new();
		let mut first_lines = BTreeMap::new();
		for (line, record) in records {
			match self.prepare(*line, record, false) {
				Ok(row) => match first_lines.entry(row.id) {
					Entry::Vacant(entry) => {
						entry.insert(row.line);
						rows.push(row);
					},
					Entry::Occupied(first) => {
						let error =
							format!("line {line}: the number is line {}'s too", first.get());
						self.failed(*line, Some(&row.number), error);
					},
				},
				Err(error) => self.failed(*line, None, error.message),
			}
		}
		self.progress.set_message("asking the chain");
		let mut fresh = self.settle_issued(rows)?;

		let now = chain::now_ms();
		let mut calls = Vec::new();
		for batch in fresh.chunks_mut(batch_size as usize) {
			let leaves: Vec<BatchLeaf> = batch
				.iter()
				.map(|row| BatchLeaf {
					number: row.number.clone(),
					holder: row.draft.holder,
					commitment: row.draft.commitment,
					valid_from: now,
					valid_until: row.valid_until,
				})
				.collect();
			let memberships = batch_memberships(&leaves);
			let root = memberships.first().map(|membership| membership.root).unwrap_or_default();
			for (row, membership) in batch.iter_mut().zip(memberships) {
				row.draft.membership = Some(membership);
				row.draft.receipt = Value::Null;
				row.draft.save(&row.path)?;
			}
			calls.push(RuntimeCall::Certificates(pallet_certificates::pallet::Call::issue_batch {
				root,
				count: batch.len() as u32,
				asset: AssetMetadata::FIELDS,
			}));
		}
		self.progress.set_message(format!("sending {} batches", calls.len()));
		let results = match calls.is_empty() {
			true => Vec::new(),
			false => self.node.submit_all::<SideChain>(&self.signer.pair, calls)?,
		};
		for (batch, result) in fresh.chunks_mut(batch_size as usize).zip(results) {
			match result {
				Ok(receipt) => {
					let receipt = json!(Recorded::from(&receipt));
					for row in batch {
						row.draft.receipt = receipt.clone();
						row.draft.save(&row.path)?;
						self.tally.issued += 1;
						self.progress.inc(1);
					}
				},
				Err(error) => {
					let error = describe(error);
					for row in batch {
						self.failed(row.line, Some(&row.number), error.clone());
					}
				},
			}
		}
		Ok(())
	}

	/// The rows still to issue. The others are on chain already: in a batch
	/// the chain holds (by the membership their file keeps), or issued
	/// alone; each is counted, and its receipt filled in if missing. A row
	/// whose certificate is on chain with other data, or changed in a batch
	/// its file does not name, is reported.
	fn settle_issued(&mut self, rows: Vec<Row>) -> Result<Vec<Row>, CliError> {
		let keys: Vec<Vec<u8>> = rows
			.iter()
			.flat_map(|row| [storage::certificate(&row.id), storage::batched_status(&row.id)])
			.chain(rows.iter().filter_map(|row| {
				row.draft.membership.as_ref().map(|membership| storage::batch(&membership.root))
			}))
			.collect();
		let values = self.node.storage_values(&keys)?;
		let (held, batches) = values.split_at(2 * rows.len());
		let mut on_chain = batches.iter().map(Option::is_some);
		let mut fresh = Vec::new();
		let mut in_held_batches: BTreeMap<H256, Vec<Row>> = BTreeMap::new();
		for (mut row, held) in rows.into_iter().zip(held.chunks(2)) {
			let batched = row.draft.membership.as_ref().map(|membership| membership.root);
			let batch_held = batched.is_some() && on_chain.next() == Some(true);
			match (batched, batch_held, held[0].is_some(), held[1].is_some()) {
				(Some(root), true, _, _) => in_held_batches.entry(root).or_default().push(row),
				(_, _, true, _) => {
					let (line, number) = (row.line, row.number.clone());
					match settle_if_issued(&self.node, row) {
						Ok(None) => {
							self.tally.already_issued += 1;
							self.progress.inc(1);
						},
						Ok(Some(row)) => fresh.push(row),
						Err(error) => self.failed(line, Some(&number), error.message),
					}
				},
				(_, _, false, true) => {
					let error = "already issued in a batch that this row's file does not name";
					self.failed(row.line, Some(&row.number), error.into());
				},
				_ => {
					row.draft.membership = None;
					fresh.push(row);
				},
			}
		}
		for rows in in_held_batches.into_values() {
			self.settle_batch(rows)?;
		}
		Ok(fresh)
	}

	/// Counts `rows`, members of one batch on chain, as issued before, and
	/// fills in the receipts they lack from the chain.
	fn settle_batch(&mut self, rows: Vec<Row>) -> Result<(), CliError> {
		let missing: Vec<&Row> = rows.iter().filter(|row| row.draft.receipt.is_null()).collect();
		if let Some(first) = missing.first() {
			let query = CertificateQuery::Id(first.id);
			let membership = first.draft.membership.clone();
			let answer = chain::read(&self.node, move |api| {
				api.verify_certificate(query, membership, None)
			})?;
			let issued = answer.issued.as_ref().ok_or_else(|| {
				CliError::network("the node did not say where the batch was issued", "")
			})?;
			for row in missing {
				let mut draft = row.draft.clone();
				draft.receipt = json!(IssuedAt::from(issued));
				draft.save(&row.path)?;
			}
		}
		self.tally.already_issued += rows.len() as u32;
		self.progress.inc(rows.len() as u64);
		Ok(())
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
/// for a new one, written if `write`.
fn prepare(
	context: &Context,
	main: &BlockingNode,
	keys: &mut BTreeMap<String, (ecert_primitives::IdentityId, KeyAgreementKey)>,
	(certificate_type, schema, org): (&CertificateTypeId, &FieldSchema, &OrgCode),
	line: usize,
	record: &BTreeMap<String, String>,
	out_dir: &Path,
	write: bool,
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
			if write {
				draft.save(&path)?;
			}
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

//! `ecert cert`: issue a certificate, check it, fetch it by block and
//! transaction, and revoke it.

use crate::{
	chain::{self, receipt_text},
	context::Context,
	error::CliError,
	holder_file::{HolderCertificate, HolderFileIo},
};
use clap::Subcommand;
use ecert_cli::output::{
	CertificateChanged, CertificateFetched, CertificateIssued, CertificateList, Disclosed, Recorded,
};
use ecert_client::{
	api::{CertificateByTx, CertificateQuery, Number, SideChainApiClient, Verification},
	side_types::{
		ecert_side_runtime::{RuntimeCall, RuntimeEvent},
		pallet_certificates::pallet::{Call, Event},
	},
	BlockingNode,
};
use ecert_primitives::{
	query::{sign_query, CERTIFICATES_OF},
	sealed::{self, OpenError},
	BatchMembership, CertificateId, CertificateTerms, CertificateTypeId, ChainId, Disclosure,
	FieldSchema, IdentityId, IdentityStatus, KeyAgreementKey, SaltedField, SigningKey,
	VerificationStatus, MAX_PAYLOAD_LEN,
};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// Which certificate: its id, the issuer's code and the number printed on
/// it, or the holder's certificate file.
#[derive(clap::Args, Debug)]
pub struct Which {
	/// The certificate id (0x-hex).
	#[arg(
		required_unless_present_any = ["org", "holder_file"],
		conflicts_with_all = ["org", "number", "holder_file"]
	)]
	id: Option<String>,
	/// The holder's certificate file: it names the certificate and its
	/// type, and a certificate issued in a batch needs it (its membership in
	/// the batch).
	#[arg(long, value_name = "FILE", conflicts_with_all = ["org", "number"])]
	holder_file: Option<PathBuf>,
	/// The issuer's organisation code.
	#[arg(long, requires = "number")]
	org: Option<String>,
	/// The certificate number, as printed on the certificate.
	#[arg(long, requires = "org")]
	number: Option<String>,
	/// The certificate type, such as `marriage`: its side chain is the one
	/// asked. Without it (and without --url), each side chain the main
	/// chain's directory lists is asked in turn.
	#[arg(long = "type", value_name = "TYPE")]
	certificate_type: Option<String>,
}

/// Where a certificate is: its side chain's node, its id, and its type when
/// known.
pub(crate) struct Located {
	pub node: BlockingNode,
	pub id: CertificateId,
	pub certificate_type: Option<CertificateTypeId>,
}

impl Which {
	/// The holder's file, if one was given.
	fn holder_file(&self) -> Result<Option<HolderCertificate>, CliError> {
		self.holder_file.as_deref().map(HolderCertificate::load).transpose()
	}

	/// The certificate's membership in its batch, from the holder's file.
	pub(crate) fn membership(&self) -> Result<Option<BatchMembership>, CliError> {
		Ok(self.holder_file()?.and_then(|file| file.membership))
	}

	/// The type given: by `--type`, or by the holder's file.
	fn given_type(&self) -> Result<Option<CertificateTypeId>, CliError> {
		match (&self.certificate_type, self.holder_file()?) {
			(Some(name), _) => chain::parse(name, "certificate type").map(Some),
			(None, file) => Ok(file.map(|file| file.certificate_type)),
		}
	}

	/// The node of the certificate's side chain: the type's, else `--url`,
	/// else the first side chain in the main chain's directory that knows
	/// the certificate.
	pub(crate) fn node(&self, context: &Context) -> Result<BlockingNode, CliError> {
		if let Some(certificate_type) = self.given_type()? {
			return context.side_node(&certificate_type);
		}
		match context.url_node() {
			Some(node) => Ok(node),
			None => Ok(context.side_node_holding(&self.query()?)?.0),
		}
	}

	/// The certificate's node, id and type. Without `--type`, a code and
	/// number are looked up on the node to learn the id.
	pub(crate) fn locate(&self, context: &Context) -> Result<Located, CliError> {
		if let Some(certificate_type) = self.given_type()? {
			let id = self.derived_id(&certificate_type)?;
			let node = context.side_node(&certificate_type)?;
			return Ok(Located { node, id, certificate_type: Some(certificate_type) });
		}
		let query = self.query()?;
		let (node, certificate_type) = match context.url_node() {
			Some(node) => {
				let certificate_type = match node.chain_id()? {
					Some(ChainId::Side(certificate_type)) => Some(certificate_type),
					_ => None,
				};
				(node, certificate_type)
			},
			None => {
				let (node, found) = context.side_node_holding(&query)?;
				(node, Some(found))
			},
		};
		let id = match (&self.id, &certificate_type) {
			(Some(id), _) => CertificateId(chain::hash(id, "certificate id")?),
			(None, Some(found)) => self.derived_id(found)?,
			(None, None) => {
				let answer =
					chain::read(&node, move |api| api.verify_certificate(query, None, None))?;
				if answer.status == VerificationStatus::Unknown {
					return Err(CliError::input(
						"the node knows no such certificate",
						"check the code and number, or give --type",
					));
				}
				answer.certificate_id
			},
		};
		Ok(Located { node, id, certificate_type })
	}

	/// The query `ecert_verifyCertificate` and `ecert_certificateProof` take.
	pub(crate) fn query(&self) -> Result<CertificateQuery, CliError> {
		if let Some(file) = self.holder_file()? {
			return Ok(CertificateQuery::Id(file.certificate_id));
		}
		match (&self.id, &self.org, &self.number) {
			(Some(id), _, _) => {
				Ok(CertificateQuery::Id(CertificateId(chain::hash(id, "certificate id")?)))
			},
			(None, Some(org), Some(number)) => {
				Ok(CertificateQuery::Number { org_code: org.clone(), number: number.clone() })
			},
			_ => Err(CliError::input("no certificate given", "give its id, or --org and --number")),
		}
	}

	/// The certificate id, derived from the code and number for
	/// `certificate_type` if need be.
	fn derived_id(&self, certificate_type: &CertificateTypeId) -> Result<CertificateId, CliError> {
		if let Some(file) = self.holder_file()? {
			return Ok(file.certificate_id);
		}
		match (&self.id, &self.org, &self.number) {
			(Some(id), _, _) => Ok(CertificateId(chain::hash(id, "certificate id")?)),
			(None, Some(org), Some(number)) => Ok(CertificateId::derive(
				certificate_type,
				&chain::parse(org, "organisation code")?,
				&chain::parse(number, "certificate number")?,
			)),
			_ => Err(CliError::input("no certificate given", "give its id, or --org and --number")),
		}
	}
}

/// A verifier's access to a certificate, granted or withdrawn by its holder
/// or issuer.
#[derive(clap::Args, Debug)]
pub struct Access {
	/// The holder's or issuer's account.
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	#[command(flatten)]
	which: Which,
	/// The verifier: an account or an identity id.
	#[arg(long)]
	verifier: String,
}

/// What `cert issue` takes.
#[derive(clap::Args, Debug)]
pub struct IssueArgs {
	/// The issuer's account (keystore name or //Dev).
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	/// The certificate type.
	#[arg(long = "type", default_value = "diploma", value_name = "TYPE")]
	certificate_type: String,
	/// The holder: an account (address, keystore name, //Dev) or an
	/// identity id.
	#[arg(long)]
	holder: String,
	/// The certificate's fields, as a JSON object keyed by the schema's
	/// field names (`ecert type show --id TYPE` lists them).
	#[arg(long, value_name = "FILE")]
	data: PathBuf,
	/// Valid from this date (YYYY-MM-DD); from now if absent.
	#[arg(long)]
	valid_from: Option<String>,
	/// Valid until this date (YYYY-MM-DD); no expiry if absent.
	#[arg(long)]
	valid_until: Option<String>,
	/// Where to write the holder's certificate file
	/// [default: <certificate number>.ecert.json].
	#[arg(long, value_name = "FILE")]
	out: Option<PathBuf>,
	/// Do not carry the encrypted fields in the transaction; the holder
	/// then gets them only from the certificate file.
	#[arg(long)]
	no_payload: bool,
}

#[derive(Subcommand, Debug)]
pub enum CertCommand {
	/// Issue a certificate to a holder (seed API 2).
	///
	/// Reads the certificate's fields from a JSON object (--data) and checks
	/// them against the type's schema, read from the main chain (required
	/// fields, dates, numbers, lists of values, lengths), draws a random salt
	/// per field,
	/// commits to the salted fields, encrypts the fields and salts to the
	/// holder's key, and submits. Prints the transaction hash and block
	/// number, and writes the holder's certificate file (--out): the data,
	/// the salts and the receipt. Keep that file private: it holds the
	/// personal data.
	///
	/// Example: ecert cert issue --as ntu --type diploma --holder chen --data diploma.json
	Issue(IssueArgs),
	/// Issue many certificates from a spreadsheet (an XLSX workbook or a CSV
	/// file), each on its own (so each has a portable proof), many per
	/// block, with a progress bar. Run the same command again after an
	/// interruption: certificates already on chain are skipped, never issued
	/// twice, and their holders' files completed.
	///
	/// The first row names a `holder` column, the type's fields (diploma:
	/// certificate_number, name, id_number, birth_date, school,
	/// degree_level) and optionally `valid_until`. In a workbook, the first
	/// sheet is read.
	///
	/// Example: ecert cert batch-issue --as ntu --org NTU --data class-of-2026.xlsx
	BatchIssue(super::batch::BatchArgs),
	/// Check a certificate: status, issuer, holder, validity and history
	/// (seed API 3). Exits with 5 unless it is valid.
	///
	/// Example: ecert cert verify --org NTU --number NTU-2026-0001
	Verify(Which),
	/// Fetch a certificate by the block number and transaction hash of its
	/// issue (seed API 5); with --decrypt, open its encrypted fields with
	/// the holder's key and check them against the commitment.
	///
	/// Example: ecert cert get --block 42 --tx 0x… --decrypt --as chen
	Get {
		/// The block number.
		#[arg(long)]
		block: u32,
		/// The transaction hash.
		#[arg(long)]
		tx: String,
		/// Open the encrypted fields (needs --as, the holder).
		#[arg(long, requires = "signer")]
		decrypt: bool,
		/// The holder's account, for --decrypt.
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: Option<String>,
		/// The certificate type, which picks the default node.
		#[arg(long = "type", default_value = "diploma", value_name = "TYPE")]
		certificate_type: String,
	},
	/// Write a selective-disclosure file from the holder's certificate
	/// file: only the named fields, each with its salt and its Merkle proof
	/// against the on-chain commitment. The other fields stay private.
	///
	/// Example: ecert cert disclose NTU-2026-0001.ecert.json --fields degree_level,school --out disclosure.json
	Disclose {
		/// The holder's certificate file.
		file: PathBuf,
		/// The fields to show, comma-separated.
		#[arg(long, value_delimiter = ',', required = true)]
		fields: Vec<String>,
		/// Where to write the disclosure.
		#[arg(long, value_name = "FILE", default_value = "disclosure.json")]
		out: PathBuf,
	},
	/// Check a selective-disclosure file: every shown field against the
	/// certificate's commitment on chain, and the certificate's status.
	/// Exits with 5 unless every field matches and the certificate is
	/// valid.
	///
	/// Example: ecert cert check-disclosure disclosure.json
	CheckDisclosure {
		/// The disclosure file (`ecert cert disclose`).
		file: PathBuf,
	},
	/// Suspend a certificate; `cert reinstate` lifts it.
	///
	/// Example: ecert cert suspend --as ntu --org NTU --number NTU-2026-0001
	Suspend {
		/// The issuer's account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		#[command(flatten)]
		which: Which,
	},
	/// Lift a certificate's suspension.
	///
	/// Example: ecert cert reinstate --as ntu --org NTU --number NTU-2026-0001
	Reinstate {
		/// The issuer's account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		#[command(flatten)]
		which: Which,
	},
	/// Renew a certificate: issue its successor from new data, like `cert
	/// issue`; the old one is marked superseded and the lineage stays
	/// visible.
	///
	/// Example: ecert cert renew --as ntu --org NTU --number NTU-2026-0001 --holder chen --data renewed.json
	Renew {
		/// The issuer's account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		#[command(flatten)]
		which: Which,
		/// The holder: an account or an identity id.
		#[arg(long)]
		holder: String,
		/// The successor's fields, as a JSON object.
		#[arg(long, value_name = "FILE")]
		data: PathBuf,
		/// Valid until this date (YYYY-MM-DD); no expiry if absent.
		#[arg(long)]
		valid_until: Option<String>,
		/// Where to write the holder's certificate file of the successor.
		#[arg(long, value_name = "FILE")]
		out: Option<PathBuf>,
	},
	/// Let a verifier check a certificate (and log the check) until a date.
	/// Signed by the holder or the issuer.
	///
	/// Example: ecert cert grant --as chen --org NTU --number NTU-2026-0001 --verifier acme --until 2027-01-31
	Grant {
		#[command(flatten)]
		access: Access,
		/// The grant ends on this date (YYYY-MM-DD).
		#[arg(long)]
		until: String,
	},
	/// Withdraw a verifier's grant.
	///
	/// Example: ecert cert ungrant --as chen --org NTU --number NTU-2026-0001 --verifier acme
	Ungrant(Access),
	/// Log a check of a certificate on chain, as a verifier holding a grant
	/// (commercial verifiers pay the type's fee).
	///
	/// Example: ecert cert record-verification --as acme --org NTU --number NTU-2026-0001 --purpose 1
	RecordVerification {
		/// The verifier's account.
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		#[command(flatten)]
		which: Which,
		/// Why it was checked, as a purpose code.
		#[arg(long, default_value_t = 0)]
		purpose: u16,
	},
	/// Download a certificate's document (the issuer's PDF of it, say) from
	/// the issuer's office, at the address on chain, and save it only if
	/// it is the document the issuer recorded there (its hash). Only the
	/// holder may, or a verifier the holder granted (`cert grant`): the
	/// request is signed with --as.
	///
	/// Example: ecert cert document --as chen --org NTU --number NTU-2026-0001 --out diploma.pdf
	Document {
		/// The holder, or a granted verifier (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		#[command(flatten)]
		which: Which,
		/// Where to save the document.
		#[arg(long)]
		out: PathBuf,
	},
	/// Check that a file is a certificate's document: the same as the one
	/// its issuer recorded on chain (by its hash). Exits with 5 unless it
	/// is.
	///
	/// Example: ecert cert check-document --org NTU --number NTU-2026-0001 --file diploma.pdf
	CheckDocument {
		#[command(flatten)]
		which: Which,
		/// The file to check.
		#[arg(long)]
		file: PathBuf,
	},
	/// List a holder's certificates on a type's side chain, with their
	/// issuer and status. Only the holder may, or a verifier the holder
	/// granted access (`cert grant`), who then sees only the certificates
	/// granted. The request is signed with --as; the node refuses anyone
	/// else.
	///
	/// Example: ecert cert list --as chen
	/// Example: ecert cert list --as acme --holder chen
	List {
		/// The holder, or a verifier (keystore name or //Dev), who signs.
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// Whose certificates, when a verifier asks: the holder's account
		/// or identity id [default: the signer's own].
		#[arg(long)]
		holder: Option<String>,
		/// The certificate type, which picks the node.
		#[arg(long = "type", default_value = "diploma", value_name = "TYPE")]
		certificate_type: String,
	},
	/// Revoke a certificate, for good, with a reason code.
	///
	/// Example: ecert cert revoke --as ntu --org NTU --number NTU-2026-0001 --reason 2
	Revoke {
		/// The issuer's account (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		#[command(flatten)]
		which: Which,
		/// The reason code, kept on record.
		#[arg(long)]
		reason: u16,
	},
}

pub fn run(context: &Context, command: CertCommand) -> Result<(), CliError> {
	match command {
		CertCommand::Issue(args) => issue(context, args, None),
		CertCommand::BatchIssue(args) => super::batch::run(context, args),
		CertCommand::Verify(which) => {
			let (query, membership) = (which.query()?, which.membership()?);
			let answer = chain::read(&which.node(context)?, move |api| {
				api.verify_certificate(query, membership, None)
			})?;
			context.emit(&answer, || describe_verification(&answer));
			match answer.status {
				VerificationStatus::Valid => Ok(()),
				status => Err(CliError::not_valid(format!("the certificate is {status}"))),
			}
		},
		CertCommand::Document { signer, which, out } => {
			super::document::download(context, &signer, &which, &out)
		},
		CertCommand::CheckDocument { which, file } => {
			super::document::check(context, &which, &file)
		},
		CertCommand::List { signer, holder, certificate_type } => {
			list(context, &signer, holder.as_deref(), &certificate_type)
		},
		CertCommand::Get { block, tx, decrypt, signer, certificate_type } => {
			let node = context.side_node(&chain::parse(&certificate_type, "certificate type")?)?;
			let tx = chain::hash(&tx, "transaction hash")?;
			let answer = chain::read(&node, move |api| api.certificate_by_tx(Number(block), tx))?;
			let fields = match decrypt {
				true => {
					let holder = context.signer(signer.as_deref().unwrap_or_default())?;
					Some(open_payload(&answer, &holder.key_agreement)?)
				},
				false => None,
			};
			let fetched = CertificateFetched { answer, fields };
			context.emit(&fetched, || {
				let answer = &fetched.answer;
				let mut text = format!(
					"certificate {:?}\n  issuer           {}\n  holder           {}\n  status           {:?}",
					answer.certificate_id.0, answer.issuer, answer.record.holder, answer.record.status,
				);
				for field in fetched.fields.iter().flatten() {
					text += &format!("\n  {:<16} {}", field.name, field.value);
				}
				text
			});
			Ok(())
		},
		CertCommand::Disclose { file, fields, out } => {
			let certificate = HolderCertificate::load(&file)?;
			let disclosure = disclosure_of(&certificate, &fields)?;
			let text = serde_json::to_string_pretty(&disclosure).expect("a disclosure serializes");
			std::fs::write(&out, text).map_err(|error| {
				CliError::input(format!("cannot write {}: {error}", out.display()), "")
			})?;
			let disclosed = Disclosed {
				certificate_id: certificate.certificate_id,
				fields: fields.clone(),
				file: out.display().to_string(),
			};
			context.emit(disclosed, || {
				format!("disclosed {} in {}", fields.join(", "), out.display())
			});
			Ok(())
		},
		CertCommand::CheckDisclosure { file } => {
			let text = std::fs::read_to_string(&file).map_err(|error| {
				CliError::input(format!("cannot read {}: {error}", file.display()), "")
			})?;
			let disclosure: Disclosure = serde_json::from_str(&text).map_err(|error| {
				CliError::input(
					format!("{} is not a disclosure file: {error}", file.display()),
					"give the file `ecert cert disclose` wrote",
				)
			})?;
			let node = context.side_node(&disclosure.certificate_type)?;
			let Disclosure { certificate_id, fields, .. } = disclosure;
			let answer = chain::read(&node, move |api| {
				api.check_disclosure(CertificateQuery::Id(certificate_id), fields, None)
			})?;
			context.emit(&answer, || {
				let mut text =
					format!("certificate {:?}: {}", answer.certificate_id.0, answer.status);
				for field in &answer.fields {
					text += &format!(
						"\n  {:<16} {:<32} {}",
						field.name,
						field.value,
						if field.matches { "matches" } else { "DOES NOT MATCH" }
					);
				}
				text
			});
			if !answer.all_match {
				return Err(CliError::not_valid("a disclosed field does not match the commitment"));
			}
			match answer.status {
				VerificationStatus::Valid => Ok(()),
				status => Err(CliError::not_valid(format!(
					"the fields match, but the certificate is {status}"
				))),
			}
		},
		CertCommand::Revoke { signer, which, reason } => {
			change(context, &signer, &which, "revoked", |id, membership| {
				Ok(Call::revoke { id, reason, membership })
			})
		},
		CertCommand::Suspend { signer, which } => {
			change(context, &signer, &which, "suspended", |id, membership| {
				Ok(Call::suspend { id, membership })
			})
		},
		CertCommand::Reinstate { signer, which } => {
			change(context, &signer, &which, "reinstated", |id, membership| {
				Ok(Call::reinstate { id, membership })
			})
		},
		CertCommand::Grant { access, until } => {
			let verifier = chain::identity(context, &context.main_node_beside(), &access.verifier)?;
			let expires_at = chain::moment(&until)?;
			change(context, &access.signer, &access.which, "granted", |id, membership| {
				Ok(Call::grant { id, verifier, expires_at, membership })
			})
		},
		CertCommand::Ungrant(access) => {
			let verifier = chain::identity(context, &context.main_node_beside(), &access.verifier)?;
			change(context, &access.signer, &access.which, "ungranted", |id, membership| {
				Ok(Call::ungrant { id, verifier, membership })
			})
		},
		CertCommand::RecordVerification { signer, which, purpose } => {
			change(context, &signer, &which, "verification recorded", |id, membership| {
				Ok(Call::record_verification { id, purpose, membership })
			})
		},
		CertCommand::Renew { signer, which, holder, data, valid_until, out } => {
			let located = which.locate(context)?;
			let certificate_type = located.certificate_type.ok_or_else(|| {
				CliError::input(
					"which type is the certificate?",
					"give --type, such as --type diploma",
				)
			})?;
			let args = IssueArgs {
				signer,
				certificate_type: certificate_type.to_string(),
				holder,
				data,
				valid_from: None,
				valid_until,
				out,
				no_payload: false,
			};
			issue(context, args, Some(located.id))
		},
	}
}

/// Submits a change of certificate `which`, made by `call`, signed by
/// `signer`, and reports it as `done`.
fn change(
	context: &Context,
	signer: &str,
	which: &Which,
	done: &str,
	call: impl FnOnce(CertificateId, Option<BatchMembership>) -> Result<Call, CliError>,
) -> Result<(), CliError> {
	let Located { node, id, .. } = which.locate(context)?;
	let call = call(id, which.membership()?)?;
	let signer = context.signer(signer)?;
	let receipt = chain::submit_side(context, &node, &signer, RuntimeCall::Certificates(call))?;
	let changed = CertificateChanged {
		certificate_id: id,
		done: done.to_owned(),
		receipt: Recorded::from(&receipt),
	};
	context.emit(changed, || format!("certificate {:?}: {done}; {}", id.0, receipt_text(&receipt)));
	Ok(())
}

/// Issues a certificate from `request`: a new one, or the successor of
/// `renews`.
fn issue(
	context: &Context,
	request: IssueArgs,
	renews: Option<CertificateId>,
) -> Result<(), CliError> {
	let certificate_type: CertificateTypeId =
		chain::parse(&request.certificate_type, "certificate type")?;
	let text = std::fs::read_to_string(&request.data).map_err(|error| {
		CliError::input(format!("cannot read {}: {error}", request.data.display()), "")
	})?;
	let data: Value = serde_json::from_str(&text).map_err(|error| {
		CliError::input(format!("{} is not JSON: {error}", request.data.display()), "")
	})?;
	let main = context.main_node_beside();
	let schema = chain::field_schema(&main, &certificate_type)?;
	let fields = salted_fields(&schema, &data)?;
	let number = chain::parse(&fields[0].value, "certificate number")?;
	let (holder, holder_key) = holder_identity(context, &main, &request.holder)?;
	let signer = context.signer(&request.signer)?;
	let valid_from = match request.valid_from.as_deref() {
		Some(date) => chain::moment(date)?,
		None => chain::now_ms(),
	};
	let terms = CertificateTerms::of_fields(
		number,
		holder,
		&fields,
		valid_from,
		request.valid_until.as_deref().map(chain::moment).transpose()?,
	);
	let payload = if request.no_payload { None } else { Some(seal_fields(&holder_key, &fields)?) };
	let node = context.side_node(&certificate_type)?;
	let call = match renews {
		None => Call::issue {
			certificate_type: certificate_type.clone(),
			terms: terms.clone(),
			payload,
		},
		Some(old) => Call::renew { old, terms: terms.clone(), payload },
	};
	let receipt = chain::submit_side(context, &node, &signer, RuntimeCall::Certificates(call))?;
	let (id, issuer) = receipt
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Certificates(Event::CertificateIssued { id, issuer, .. }) => {
				Some((*id, issuer.clone()))
			},
			_ => None,
		})
		.ok_or_else(|| CliError::network("the receipt has no CertificateIssued event", ""))?;
	let file = HolderCertificate::new(
		id,
		certificate_type,
		issuer.clone(),
		holder,
		fields,
		json!(Recorded::from(&receipt)),
	);
	let path = request
		.out
		.unwrap_or_else(|| PathBuf::from(format!("{}.ecert.json", terms.number.as_str())));
	file.save(&path)?;
	context.emit(
		CertificateIssued {
			certificate_id: id,
			issuer: issuer.clone(),
			holder,
			commitment: terms.commitment,
			receipt: Recorded::from(&receipt),
			holder_file: path.display().to_string(),
		},
		|| {
			format!(
				"certificate {:?} issued by {}\n  {}\n  holder's file: {} (give it to the holder; \
				 it holds the personal data)",
				id.0,
				issuer.as_str(),
				receipt_text(&receipt),
				path.display()
			)
		},
	);
	Ok(())
}

/// `fields` with their salts, sealed to the holder's key, as the issuing
/// transaction carries them.
pub(crate) fn seal_fields(
	holder_key: &KeyAgreementKey,
	fields: &[SaltedField],
) -> Result<Vec<u8>, CliError> {
	let sealed = sealed::seal_fields(holder_key, fields);
	if sealed.len() > MAX_PAYLOAD_LEN as usize {
		return Err(CliError::input(
			format!(
				"the encrypted fields exceed the chain's {} KiB payload limit",
				MAX_PAYLOAD_LEN / 1024
			),
			"shorten the values, or use --no-payload",
		));
	}
	Ok(sealed)
}

/// The fields of `data`, in `schema`'s order, each checked against the
/// schema and given a fresh salt.
pub fn salted_fields(schema: &FieldSchema, data: &Value) -> Result<Vec<SaltedField>, CliError> {
	let object: &Map<String, Value> = data.as_object().ok_or_else(|| {
		CliError::input("the certificate data is not a JSON object", "see --help for an example")
	})?;
	let given = object
		.iter()
		.map(|(name, value)| match value {
			Value::String(text) => Ok((name.clone(), text.clone())),
			Value::Number(number) => Ok((name.clone(), number.to_string())),
			_ => Err(CliError::input(format!("field {name:?} must be a string"), "")),
		})
		.collect::<Result<_, _>>()?;
	let values = schema.values(&given).map_err(|problem| {
		CliError::input(
			problem.to_string(),
			format!("its fields are: {}", schema.names().join(", ")),
		)
	})?;
	Ok(ecert_primitives::salt_fields(values))
}

/// The holder's identity id and encryption key, from the main chain.
pub(crate) fn holder_identity(
	context: &Context,
	main: &BlockingNode,
	holder: &str,
) -> Result<(IdentityId, KeyAgreementKey), CliError> {
	let (id, identity) = chain::identity_record(context, main, holder)?;
	if identity.record.status != IdentityStatus::Active {
		return Err(CliError::input(
			format!("the holder's identity {:?} is not active", id.0),
			"only active identities receive certificates",
		));
	}
	Ok((id, identity.record.keys.key_agreement))
}

/// Opens the encrypted fields of a `ecert_certificateByTx` answer and checks
/// them against the record's commitment.
fn open_payload(
	answer: &CertificateByTx,
	key: &sealed::KeyAgreementPair,
) -> Result<Vec<SaltedField>, CliError> {
	let sealed = answer.encrypted_payload.as_deref().ok_or_else(|| {
		CliError::input(
			"this certificate carries no encrypted fields",
			"the holder's certificate file has them",
		)
	})?;
	let sealed = hex::decode(sealed.trim_start_matches("0x"))
		.map_err(|_| CliError::network("the encrypted payload is not hex", ""))?;
	sealed::open_fields(key, &sealed, &answer.record.commitment).map_err(|error| match error {
		OpenError::NotForThisKey => {
			CliError::input(error.to_string(), "--as must be the certificate's holder")
		},
		_ => CliError::not_valid(error.to_string()),
	})
}

/// The disclosure of the fields `names` of the holder's `certificate`.
fn disclosure_of(
	certificate: &HolderCertificate,
	names: &[String],
) -> Result<Disclosure, CliError> {
	certificate.disclose(names.iter().map(String::as_str)).map_err(|name| {
		let names: Vec<&str> = certificate.fields.iter().map(|field| field.name.as_str()).collect();
		CliError::input(
			format!("the certificate has no field {name:?}"),
			format!("its fields are: {}", names.join(", ")),
		)
	})
}

fn describe_verification(answer: &Verification) -> String {
	let or_dash = |value: Option<String>| value.unwrap_or_else(|| "-".into());
	format!(
		"certificate {:?}\n  status           {}\n  type             {}\n  issuer           {}\n  \
		 holder           {}\n  issued in block  {}",
		answer.certificate_id.0,
		answer.status,
		answer.certificate_type,
		or_dash(answer.issuer.as_ref().map(ToString::to_string)),
		or_dash(answer.holder.map(|holder| holder.to_string())),
		or_dash(answer.issued.as_ref().map(|issued| issued.block_number.to_string())),
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn diploma() -> FieldSchema {
		ecert_primitives::schema_preset(&"diploma".parse().unwrap()).unwrap().schema()
	}

	/// The example diploma (`examples/diploma.json`).
	fn data() -> Value {
		serde_json::from_str(include_str!("../../../examples/diploma.json")).unwrap()
	}

	#[test]
	fn fields_follow_the_schema_with_fresh_salts() {
		let fields = salted_fields(&diploma(), &data()).unwrap();
		assert_eq!(fields[0].name, "certificate_number");
		assert_eq!(fields[5].value, "Master");
		let again = salted_fields(&diploma(), &data()).unwrap();
		assert_ne!(fields[0].salt, again[0].salt);
		assert_ne!(ecert_primitives::commitment(&fields), ecert_primitives::commitment(&again));
	}

	#[test]
	fn bad_data_is_refused_with_the_reason() {
		let mut missing = data();
		missing.as_object_mut().unwrap().remove("school");
		let error = salted_fields(&diploma(), &missing).unwrap_err();
		assert!(error.message.contains("school"), "{}", error.message);

		let mut extra = data();
		extra.as_object_mut().unwrap().insert("gpa".into(), json!("4.0"));
		assert!(salted_fields(&diploma(), &extra).unwrap_err().message.contains("gpa"));

		let mut empty = data();
		empty.as_object_mut().unwrap().insert("name".into(), json!("  "));
		assert!(salted_fields(&diploma(), &empty).is_err());
		assert!(salted_fields(&diploma(), &json!([1, 2])).is_err());

		let mut not_a_degree = data();
		not_a_degree.as_object_mut().unwrap().insert("degree_level".into(), json!("Masters"));
		let error = salted_fields(&diploma(), &not_a_degree).unwrap_err();
		assert!(
			error.message.starts_with("Degree (degree_level) must be one of"),
			"{}",
			error.message
		);
	}
}

/// The identity `signer` signs a holder's query for. After `identity
/// rotate`, the account still names the identity, but a node (or an
/// office) checks the query against the identity's new key: refused here,
/// in words, rather than there.
pub(crate) fn querying_identity(
	context: &Context,
	main: &BlockingNode,
	signer: &crate::keystore::Signer,
) -> Result<IdentityId, CliError> {
	let (signer_id, identity) =
		chain::identity_record(context, main, &signer.account().to_string())?;
	let signs = SigningKey::Sr25519(sp_core::Pair::public(&signer.pair));
	if identity.record.keys.signing != signs {
		return Err(CliError::input(
			format!(
				"{}'s identity now signs with another key (it was rotated), so a query signed by \
				 {} would be refused",
				signer.name, signer.name
			),
			"give --as the account whose keys the identity was rotated to (`ecert identity show` \
			 prints its signing key)",
		));
	}
	Ok(signer_id)
}

/// `cert list`: every page of the holder's certificates, each page signed
/// by `signer`, the holder or a verifier the holder granted.
fn list(
	context: &Context,
	signer: &str,
	holder: Option<&str>,
	certificate_type: &str,
) -> Result<(), CliError> {
	let node = context.side_node(&chain::parse(certificate_type, "certificate type")?)?;
	let main = context.main_node_beside();
	let signer = context.signer(signer)?;
	let signer_id = querying_identity(context, &main, &signer)?;
	let holder = match holder {
		Some(holder) => chain::identity(context, &main, holder)?,
		None => signer_id,
	};
	let verifier = (holder != signer_id).then_some(signer_id);
	let mut certificates = Vec::new();
	let mut after = None;
	loop {
		let now = chain::now_ms();
		let signature = sign_query(&signer.pair, CERTIFICATES_OF, &(holder, after), now, verifier);
		let page =
			chain::read(&node, move |api| api.certificates_of(holder, after, Some(signature)))?;
		certificates.extend(page.items);
		match page.next {
			Some(next) => after = Some(next),
			None => break,
		}
	}
	let listed = CertificateList { holder, certificates };
	context.emit(&listed, || {
		if listed.certificates.is_empty() {
			return format!("no certificates of {holder} that you may see on this chain");
		}
		listed
			.certificates
			.iter()
			.map(|held| {
				format!(
					"{:?}  {:<12} {}",
					held.certificate_id.0,
					held.issuer.as_str(),
					chain::word(&held.status)
				)
			})
			.collect::<Vec<_>>()
			.join("\n")
	});
	Ok(())
}

//! `ecert issuer`: the identity authority accredits organisations to issue
//! certificate types, suspends, reinstates and revokes them; anyone reads
//! an accreditation.

use crate::{
	chain::{self, receipt_text},
	context::Context,
	error::CliError,
};
use clap::Subcommand;
use ecert_cli::output::{IssuerChanged, Recorded};
use ecert_client::api::MainChainApiClient;
use ecert_client::main_types::{ecert_main_runtime::RuntimeCall, pallet_issuers::pallet::Call};
use ecert_primitives::{CertificateTypeId, Moment, OrgCode, Reason};

#[derive(Subcommand, Debug)]
pub enum IssuerCommand {
	/// Accredit an organisation, acting through an approved identity, to
	/// issue some certificate types. Needs the identity authority's key.
	///
	/// Example: ecert issuer accredit --as //Alice --org NTU --name "National Taiwan University" --identity ntu-registrar --types diploma --reason "MOE decision 115-001"
	Accredit {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The organisation code.
		#[arg(long)]
		org: String,
		/// The organisation's name.
		#[arg(long)]
		name: String,
		/// The identity that acts for it: an account or an identity id.
		#[arg(long)]
		identity: String,
		#[command(flatten)]
		terms: Terms,
	},
	/// Change what an accredited issuer may issue, and when: its
	/// certificate types and its validity window replace the old ones.
	///
	/// Example: ecert issuer update --as //Alice --org NTU --types diploma,license --valid-until 2030-12-31 --reason "licensing added"
	Update {
		/// The identity authority (keystore name or //Dev).
		#[arg(long = "as", value_name = "ACCOUNT")]
		signer: String,
		/// The organisation code.
		#[arg(long)]
		org: String,
		#[command(flatten)]
		terms: Terms,
	},
	/// Suspend an accreditation: its side chains refuse new certificates
	/// from it once the relay has carried the change.
	///
	/// Example: ecert issuer suspend --as //Alice --org NTU --reason "audit pending"
	Suspend(Change),
	/// Lift a suspension.
	///
	/// Example: ecert issuer reinstate --as //Alice --org NTU --reason "audit passed"
	Reinstate(Change),
	/// Revoke an accreditation for good.
	///
	/// Example: ecert issuer revoke --as //Alice --org NTU --reason "licence withdrawn"
	Revoke(Change),
	/// Show an accreditation and its history.
	///
	/// Example: ecert issuer show NTU
	Show {
		/// The organisation code.
		org: String,
	},
}

/// What an accreditation allows, and why.
#[derive(clap::Args, Debug)]
pub struct Terms {
	/// The certificate types it may issue, comma-separated.
	#[arg(long, value_delimiter = ',', required = true)]
	types: Vec<String>,
	/// Accredited from this date (YYYY-MM-DD); from now if absent.
	#[arg(long)]
	valid_from: Option<String>,
	/// Accredited until this date (YYYY-MM-DD); open-ended if absent.
	#[arg(long)]
	valid_until: Option<String>,
	/// The decision it rests on, for the record.
	#[arg(long)]
	reason: String,
}

/// A change of an accreditation's status.
#[derive(clap::Args, Debug)]
pub struct Change {
	/// The identity authority (keystore name or //Dev).
	#[arg(long = "as", value_name = "ACCOUNT")]
	signer: String,
	/// The organisation code.
	#[arg(long)]
	org: String,
	/// The decision it rests on, for the record.
	#[arg(long)]
	reason: String,
}

pub fn run(context: &Context, command: IssuerCommand) -> Result<(), CliError> {
	let (signer, org, call, done) = match command {
		IssuerCommand::Accredit { signer, org, name, identity, terms } => {
			let (certificate_types, valid_from, valid_until, reason) = terms.parsed()?;
			let call = Call::accredit {
				org_code: chain::parse::<OrgCode>(&org, "organisation code")?,
				name: chain::text(&name, "name")?,
				identity: chain::identity(context, &context.main_node(), &identity)?,
				certificate_types,
				valid_from,
				valid_until,
				reason,
			};
			(signer, org, call, "accredited")
		},
		IssuerCommand::Update { signer, org, terms } => {
			let (certificate_types, valid_from, valid_until, reason) = terms.parsed()?;
			let call = Call::update {
				org_code: chain::parse::<OrgCode>(&org, "organisation code")?,
				certificate_types,
				valid_from,
				valid_until,
				reason,
			};
			(signer, org, call, "updated")
		},
		IssuerCommand::Suspend(change) => change
			.into_call(|org_code, reason| (Call::suspend { org_code, reason }, "suspended"))?,
		IssuerCommand::Reinstate(change) => change
			.into_call(|org_code, reason| (Call::reinstate { org_code, reason }, "reinstated"))?,
		IssuerCommand::Revoke(change) => {
			change.into_call(|org_code, reason| (Call::revoke { org_code, reason }, "revoked"))?
		},
		IssuerCommand::Show { org } => {
			let code = chain::parse::<OrgCode>(&org, "organisation code")?;
			let answer =
				chain::read(&context.main_node(), move |api| api.issuer(code.to_string(), None))?;
			context.emit(&answer, || {
				let record = &answer.record;
				let types: Vec<String> =
					record.certificate_types.iter().map(ToString::to_string).collect();
				format!(
					"{} ({})\n  status           {}\n  identity         {}\n  types            {}\n  \
					 changes          {}",
					org,
					record.name.as_str(),
					chain::word(&record.status),
					record.identity,
					types.join(", "),
					answer.history.len(),
				)
			});
			return Ok(());
		},
	};
	let signer = context.signer(&signer)?;
	let receipt = chain::submit_main_as_authority(context, &signer, RuntimeCall::Issuers(call))?;
	let changed = IssuerChanged {
		org_code: chain::parse(&org, "organisation code")?,
		status: done.to_owned(),
		receipt: Recorded::from(&receipt),
	};
	context.emit(changed, || format!("{org} {done}; {}", receipt_text(&receipt)));
	Ok(())
}

impl Terms {
	/// The certificate types, the validity window and the reason, as the
	/// calls take them.
	fn parsed(self) -> Result<ParsedTerms, CliError> {
		let types = self
			.types
			.iter()
			.map(|id| chain::parse::<CertificateTypeId>(id, "certificate type"))
			.collect::<Result<Vec<_>, _>>()?;
		Ok((
			types,
			self.valid_from.as_deref().map(chain::moment).transpose()?,
			self.valid_until.as_deref().map(chain::moment).transpose()?,
			chain::text(&self.reason, "reason")?,
		))
	}
}

type ParsedTerms = (Vec<CertificateTypeId>, Option<Moment>, Option<Moment>, Reason);

type Prepared<T> = (String, String, T, &'static str);

impl Change {
	fn into_call<T>(
		self,
		call: impl FnOnce(OrgCode, ecert_primitives::Reason) -> (T, &'static str),
	) -> Result<Prepared<T>, CliError> {
		let (built, done) = call(
			chain::parse::<OrgCode>(&self.org, "organisation code")?,
			chain::text(&self.reason, "reason")?,
		);
		Ok((self.signer, self.org, built, done))
	}
}

//! `ecert cert document` and `ecert cert check-document`: a certificate's
//! document, downloaded from its issuer's office and checked against the
//! hash on chain ([`ecert_primitives::check_document`]).

use super::cert::{querying_identity, Which};
use crate::{chain, context::Context, error::CliError};
use ecert_cli::output::DocumentChecked;
use ecert_client::api::{CertificateQuery, SideChainApiClient, Verification};
use ecert_primitives::{
	check_document, query::sign_query, AssetMetadata, VerificationStatus, DOCUMENT_DOWNLOAD,
};
use std::{io::Read, path::Path};

/// The largest document `cert document` takes from an office: 64 MiB.
const MAX_DOCUMENT: u64 = 64 * 1024 * 1024;

/// The certificate `which` names, as its side chain has it now.
fn on_chain(context: &Context, which: &Which) -> Result<Verification, CliError> {
	let located = which.locate(context)?;
	let id = located.id;
	let answer = chain::read(&located.node, move |api| {
		api.verify_certificate(CertificateQuery::Id(id), None, None)
	})?;
	if answer.status == VerificationStatus::Unknown {
		return Err(CliError::input(
			"the chain knows no such certificate",
			"check the organisation code and the number",
		));
	}
	Ok(answer)
}

/// Checks `file` against `answer`'s document: an error (exit 5) unless it
/// is the one on chain.
fn check_against(answer: &Verification, file: &[u8]) -> Result<(), CliError> {
	let asset = answer.asset.unwrap_or(AssetMetadata::FIELDS);
	check_document(&asset, answer.document.as_ref(), file)
		.map_err(|mismatch| CliError::not_valid(mismatch.to_string()))
}

/// `cert document`.
pub fn download(
	context: &Context,
	signer: &str,
	which: &Which,
	out: &Path,
) -> Result<(), CliError> {
	let answer = on_chain(context, which)?;
	let document = answer.document.as_ref().ok_or_else(|| {
		CliError::not_valid("the certificate has no document on chain: its issuer attached none")
	})?;
	let uri = String::from_utf8_lossy(&document.uri).into_owned();
	if !(uri.starts_with("https://") || uri.starts_with("http://")) {
		return Err(CliError::input(
			format!("the document's address on chain, {uri:?}, is not a web address"),
			"ask the issuer for the document",
		));
	}
	let holder = answer.holder.ok_or_else(|| {
		CliError::network("the node did not say who holds the certificate", "try again")
	})?;
	let main = context.main_node_beside();
	let signer = context.signer(signer)?;
	let signer_id = querying_identity(context, &main, &signer)?;
	let verifier = (signer_id != holder).then_some(signer_id);
	let signature = sign_query(
		&signer.pair,
		DOCUMENT_DOWNLOAD,
		&answer.certificate_id,
		chain::now_ms(),
		verifier,
	);
	context.note(&format!("asking the issuer's office at {uri}"));
	let response = match ureq::post(&uri).send_json(&signature) {
		Ok(response) => response,
		Err(ureq::Error::Status(_, response)) => {
			let body: serde_json::Value = response.into_json().unwrap_or_default();
			let text = |key: &str| body[key].as_str().unwrap_or_default().to_owned();
			return Err(CliError::rejected(
				format!("the issuer's office refused: {}", text("error")),
				text("hint"),
			));
		},
		Err(other) => {
			return Err(CliError::network(
				format!("cannot reach the issuer's office at {uri}: {other}"),
				"try again later, or ask the issuer",
			))
		},
	};
	let mut file = Vec::new();
	response.into_reader().take(MAX_DOCUMENT + 1).read_to_end(&mut file).map_err(|error| {
		CliError::network(format!("the download broke off: {error}"), "try again")
	})?;
	if file.len() as u64 > MAX_DOCUMENT {
		return Err(CliError::rejected("the office sent more than 64 MiB", "ask the issuer"));
	}
	check_against(&answer, &file)?;
	std::fs::write(out, &file)
		.map_err(|error| CliError::input(format!("cannot write {}: {error}", out.display()), ""))?;
	let checked = DocumentChecked {
		certificate_id: answer.certificate_id,
		file: out.display().to_string(),
		bytes: file.len() as u64,
		matches: true,
	};
	context.emit(&checked, || {
		format!(
			"saved {} ({} bytes): it is the document the issuer recorded on chain",
			checked.file, checked.bytes
		)
	});
	Ok(())
}

/// `cert check-document`.
pub fn check(context: &Context, which: &Which, path: &Path) -> Result<(), CliError> {
	let file = std::fs::read(path)
		.map_err(|error| CliError::input(format!("cannot read {}: {error}", path.display()), ""))?;
	let answer = on_chain(context, which)?;
	check_against(&answer, &file)?;
	let checked = DocumentChecked {
		certificate_id: answer.certificate_id,
		file: path.display().to_string(),
		bytes: file.len() as u64,
		matches: true,
	};
	context.emit(&checked, || {
		format!("{} is the document the issuer recorded on chain", checked.file)
	});
	Ok(())
}

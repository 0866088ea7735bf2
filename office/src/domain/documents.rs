//! Certificates' documents: a clerk attaches a file to a draft; its hash
//! and the address the office serves it at go on chain with the
//! certificate ([`ecert_primitives::DocumentRef`]). The office hands the
//! file only to the holder, or to a verifier the holder granted access to
//! the certificate on chain, each proving who they are with a signature of
//! [`DOCUMENT_DOWNLOAD`] and the certificate's id
//! ([`ecert_primitives::query`]), as a holder's query to a node does.

use super::{
	issuing::{chain_error, parse_hex, Chains, IssueError},
	vault::DataKey,
};
use crate::store::{CertificateRow, DocumentRow, NewDocument, StoreError};
use codec::Decode;
use ecert_client::api::{IdentityAnswer, MainChainApiClient};
use ecert_primitives::{
	document_hash,
	query::{QueryRefused, QuerySignature},
	storage, AssetMetadata, CertificateId, CertificateTypeId, Grant, IdentityId, DOCUMENT_DOWNLOAD,
	MAX_URI_LEN,
};

/// The largest document the office keeps: 16 MiB.
pub const MAX_DOCUMENT: usize = 16 * 1024 * 1024;

/// The purpose a certificate's sealed document is bound to.
fn purpose(certificate_id: &str) -> String {
	format!("document of certificate {certificate_id}")
}

/// Where the office at `public_url` serves the document of certificate
/// `certificate_id` (hex): the address written on chain.
pub fn document_uri(public_url: &str, certificate_id: &str) -> String {
	format!("{}/documents/{certificate_id}", public_url.trim_end_matches('/'))
}

/// Checks that documents served at `public_url` have addresses the chain
/// takes.
pub fn check_public_url(public_url: &str) -> Result<(), String> {
	let longest = document_uri(public_url, &format!("{:?}", sp_core::H256::zero()));
	if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
		return Err(format!(
			"the public address {public_url:?} must start with https:// or http://"
		));
	}
	if longest.len() > MAX_URI_LEN as usize {
		return Err(format!(
			"the public address {public_url:?} is too long: a document's address on chain takes \
			 at most {MAX_URI_LEN} bytes"
		));
	}
	Ok(())
}

/// `file`, named `name`, of type `media_type`, ready to attach to `row`.
pub fn prepare(
	key: &DataKey,
	public_url: &str,
	row: &CertificateRow,
	name: &str,
	media_type: &str,
	file: &[u8],
) -> Result<NewDocument, IssueError> {
	if file.is_empty() {
		return Err(IssueError::Input("the file is empty".into()));
	}
	if file.len() > MAX_DOCUMENT {
		return Err(IssueError::Input(format!(
			"the file is {} MiB; a document may be at most {} MiB",
			file.len() / (1024 * 1024),
			MAX_DOCUMENT / (1024 * 1024)
		)));
	}
	let name = name.trim();
	if name.is_empty()
		|| name.len() > 200
		|| name.contains(['/', '\\', '"'])
		|| name.chars().any(char::is_control)
	{
		return Err(IssueError::Input(
			"give the file's name (at most 200 characters, without / \\ or quotes)".into(),
		));
	}
	let hash = document_hash(AssetMetadata::FIELDS.hash_algorithm, file);
	Ok(NewDocument {
		name: name.to_owned(),
		media_type: media_type.to_owned(),
		size: file.len() as i64,
		sealed_content: key.seal(&purpose(&row.certificate_id), file),
		hash: format!("{hash:?}"),
		uri: document_uri(public_url, &row.certificate_id),
	})
}

/// The content of `row`'s stored `document`.
pub fn open(
	key: &DataKey,
	row: &CertificateRow,
	document: &DocumentRow,
) -> Result<Vec<u8>, IssueError> {
	key.open(&purpose(&row.certificate_id), &document.sealed_content)
		.map_err(|error| IssueError::Store(StoreError(error.to_string())))
}

/// Why a download is refused.
#[derive(Debug)]
pub enum Refused {
	/// The signature, the signer or the grant does not allow it.
	Query(QueryRefused),
	/// The signer is a verifier without a live grant from the holder.
	NoGrant,
	/// Something else went wrong.
	Failed(IssueError),
}

impl From<IssueError> for Refused {
	fn from(error: IssueError) -> Self {
		Refused::Failed(error)
	}
}

impl Chains {
	/// Who may download `row`'s document with `signature`: the holder, or
	/// a verifier (returned) whose grant from the holder on the side chain
	/// is live. Checked at `now` (Unix ms).
	pub async fn document_reader(
		&self,
		row: &CertificateRow,
		signature: &QuerySignature,
		now: u64,
	) -> Result<Option<IdentityId>, Refused> {
		let certificate = CertificateId(parse_hex(&row.certificate_id, "certificate id")?);
		let holder = IdentityId(parse_hex(&row.holder, "holder")?);
		let signer = signature.verifier.unwrap_or(holder);
		let key = format!("{:?}", signer.0);
		let answer = self.main.read(move |api| api.identity(key, None)).await;
		let view = match answer {
			Ok(IdentityAnswer::Registered(view)) => view,
			Ok(IdentityAnswer::Pending(_)) | Err(ecert_client::RpcError::Call { .. }) => {
				return Err(Refused::Query(QueryRefused::UnknownSigner))
			},
			Err(other) => return Err(chain_error(other).into()),
		};
		if signature.verifier.is_some() && !view.record.is_active() {
			return Err(Refused::Query(QueryRefused::Deactivated));
		}
		signature
			.check(DOCUMENT_DOWNLOAD, &certificate, &view.record.keys.signing, now)
			.map_err(Refused::Query)?;
		let Some(verifier) = signature.verifier else { return Ok(None) };
		let certificate_type: CertificateTypeId = parse_hex(&row.certificate_type, "type")?;
		let node = self.side_node(&certificate_type).await?;
		let key = sp_core::Bytes(storage::grant(&certificate, &verifier));
		let stored: Option<sp_core::Bytes> = node
			.request("state_getStorage", ecert_client::rpc_params![key])
			.await
			.map_err(chain_error)?;
		let grant = stored.and_then(|bytes| Grant::decode(&mut &bytes[..]).ok());
		match grant {
			Some(grant) if grant.granted_by == holder && grant.expires_at > now => {
				Ok(Some(verifier))
			},
			_ => Err(Refused::NoGrant),
		}
	}
}

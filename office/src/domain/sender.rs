//! The office's one way onto the chain: the [`Sender`] puts on chain what
//! officers asked for, oldest first: approved certificates (a renewal as
//! the chain's `renew`, which supersedes the one it renews), and changes of
//! issued certificates' status.
//!
//! Before sending, it asks the side chain whether the work is there
//! already: a certificate with its id, a status the change leaves. Work
//! found on chain was sent before a crash or a restart, and its receipt is
//! taken from the chain, so nothing is ever sent twice. A refusal is checked
//! against the chain again before the work is marked failed (a copy sent
//! before a restart, still in the pool, makes the second one refused).

use super::{
	changes::is_done,
	issuing::{chain_error, describe, open_fields, parse_hex, Chains, IssueError, ISSUER_KEY},
	vault::DataKey,
};
use crate::store::{CertificateRow, ChangeRow, StatusChangeKind, Store, StoreError};
use ecert_client::{
	api::{CertificateQuery, SideChainApiClient, Verification},
	side_types::{ecert_side_runtime::RuntimeCall, pallet_certificates::pallet::Call},
	ClientError, Node, SideChain,
};
use ecert_primitives::{
	sealed, CertificateId, CertificateNumber, CertificateTerms, CertificateTypeId, DocumentRef,
	IdentityId, KeyAgreementKey, VerificationStatus,
};
use sp_core::{sr25519, Pair, H256};
use std::{collections::BTreeMap, sync::Arc, time::Duration};
use tokio::sync::Notify;

/// Sends what officers asked for; woken by each request, and every few
/// seconds to retry what the chain could not take.
pub struct Sender {
	pub store: Store,
	pub key: DataKey,
	pub chains: Chains,
	pub wake: Arc<Notify>,
}

/// How many certificates, and how many changes, are signed and sent in one
/// round.
const WINDOW: i64 = 200;
/// How long the sender rests when the chain could not be reached.
const RETRY: Duration = Duration::from_secs(3);

/// One thing to put on chain.
enum Work {
	/// An approved certificate to issue.
	Issue(CertificateRow),
	/// A pending change of an issued certificate's status.
	Change(ChangeRow),
}

impl Work {
	fn certificate_type(&self) -> &str {
		match self {
			Work::Issue(row) => &row.certificate_type,
			Work::Change(change) => &change.certificate_type,
		}
	}

	/// The chain's id of the certificate it concerns, hex.
	fn certificate_id(&self) -> &str {
		match self {
			Work::Issue(row) => &row.certificate_id,
			Work::Change(change) => &change.certificate_id,
		}
	}

	/// What the office's log calls it.
	fn name(&self) -> String {
		match self {
			Work::Issue(row) => format!("certificate {}", row.id),
			Work::Change(change) => format!("change {}", change.id),
		}
	}
}

/// The chain's reference to `row`'s document, if it has one.
fn document_ref(row: &CertificateRow) -> Result<Option<DocumentRef>, IssueError> {
	let (Some(hash), Some(uri)) = (&row.document_hash, &row.document_uri) else {
		return Ok(None);
	};
	let uri = uri.clone().into_bytes().try_into().map_err(|_| {
		IssueError::Store(StoreError(format!("the document's address {uri:?} is too long")))
	})?;
	Ok(Some(DocumentRef { uri, hash: parse_hex(hash, "document hash")? }))
}

fn hex(hash: Option<H256>) -> String {
	hash.map(|hash| format!("{hash:?}")).unwrap_or_default()
}

impl Sender {
	/// Runs for as long as the office does.
	pub async fn run(self) {
		loop {
			match self.send_round().await {
				Ok(0) => {
					let _ = tokio::time::timeout(RETRY, self.wake.notified()).await;
				},
				Ok(_) => {},
				Err(error) => {
					eprintln!("ecert-office: sending to the chain: {}", describe(&error));
					let _ = tokio::time::timeout(RETRY, self.wake.notified()).await;
				},
			}
		}
	}

	/// Sends one round of work; gives how much of it it settled.
	async fn send_round(&self) -> Result<usize, IssueError> {
		let issues = self.store.to_send(WINDOW).await?.into_iter().map(Work::Issue);
		let changes = self.store.pending_changes(WINDOW).await?.into_iter().map(Work::Change);
		let mut by_type: BTreeMap<String, Vec<Work>> = BTreeMap::new();
		for work in issues.chain(changes) {
			by_type.entry(work.certificate_type().to_owned()).or_default().push(work);
		}
		if by_type.is_empty() {
			return Ok(0);
		}
		let signer = self.issuer_key().await?;
		let mut settled = 0;
		for (certificate_type, work) in by_type {
			let certificate_type: CertificateTypeId = parse_hex(&certificate_type, "type")?;
			let node = self.chains.side_node(&certificate_type).await?;
			let mut to_send = Vec::new();
			for work in work {
				if self.settle_if_on_chain(&node, &work).await? {
					settled += 1;
				} else {
					to_send.push(work);
				}
			}
			if to_send.is_empty() {
				continue;
			}
			let mut calls = Vec::with_capacity(to_send.len());
			for work in &to_send {
				calls.push(self.call(&certificate_type, work).await?);
			}
			let results =
				node.submit_all::<SideChain>(&signer, calls).await.map_err(chain_error)?;
			for (work, result) in to_send.iter().zip(results) {
				match result {
					Ok(receipt) => {
						let tx_hash = format!("{:?}", receipt.tx_hash);
						let block = receipt.block_number as i64;
						self.record_done(work, &tx_hash, block, &hex(Some(receipt.block_hash)))
							.await?;
						settled += 1;
					},
					Err(ClientError::Rejected(why)) => {
						if !self.settle_if_on_chain(&node, work).await? {
							self.record_failed(work, &format!("the chain refused it: {why}"))
								.await?;
						}
						settled += 1;
					},
					// Not included in time, or the node went away: asked
					// again (and so never sent twice) on the next round.
					Err(other) => eprintln!("ecert-office: {}: {other}", work.name()),
				}
			}
		}
		Ok(settled)
	}

	/// Whether `work` is on chain already (then its receipt, or the
	/// conflict, is recorded).
	async fn settle_if_on_chain(&self, node: &Node, work: &Work) -> Result<bool, IssueError> {
		let id = CertificateId(parse_hex(work.certificate_id(), "certificate id")?);
		let answer: Verification = node
			.read(move |api| api.verify_certificate(CertificateQuery::Id(id), None, None))
			.await
			.map_err(chain_error)?;
		match work {
			Work::Issue(row) => {
				if answer.status == VerificationStatus::Unknown {
					return Ok(false);
				}
				if answer.commitment.map(|c| format!("{c:?}")) != Some(row.commitment.clone()) {
					let problem = format!(
						"certificate number {} is already on chain with other data",
						row.number
					);
					self.record_failed(work, &problem).await?;
					return Ok(true);
				}
				let issued = answer.issued.ok_or_else(|| {
					IssueError::Chain("the node did not say where it was issued".into())
				})?;
				let block = issued.block_number as i64;
				self.record_done(work, &hex(issued.tx_hash), block, &hex(issued.block_hash))
					.await?;
				Ok(true)
			},
			Work::Change(change) => {
				if !is_done(change.kind, answer.status) {
					return Ok(false);
				}
				let changed = answer.last_changed.ok_or_else(|| {
					IssueError::Chain("the node did not say where it was last changed".into())
				})?;
				let block = changed.block_number as i64;
				self.record_done(work, &hex(changed.tx_hash), block, &hex(changed.block_hash))
					.await?;
				Ok(true)
			},
		}
	}

	/// `work` is on chain, by `tx_hash` in block `number` (`hash`).
	async fn record_done(
		&self,
		work: &Work,
		tx_hash: &str,
		number: i64,
		hash: &str,
	) -> Result<(), IssueError> {
		match work {
			Work::Issue(row) => self.store.mark_issued(row.id, tx_hash, number, hash).await?,
			Work::Change(change) => self.store.mark_change_done(change, tx_hash, number).await?,
		}
		Ok(())
	}

	/// The chain refused `work`, for `problem`.
	async fn record_failed(&self, work: &Work, problem: &str) -> Result<(), IssueError> {
		match work {
			Work::Issue(row) => self.store.mark_failed(row.id, problem).await?,
			Work::Change(change) => self.store.mark_change_failed(change, problem).await?,
		}
		Ok(())
	}

	/// The side chain's call that does `work`.
	async fn call(
		&self,
		certificate_type: &CertificateTypeId,
		work: &Work,
	) -> Result<RuntimeCall, IssueError> {
		let call = match work {
			Work::Issue(row) => {
				let fields = open_fields(&self.key, row)?;
				let holder = IdentityId(parse_hex(&row.holder, "holder")?);
				let holder_key: H256 = parse_hex(&row.holder_key, "holder key")?;
				let number: CertificateNumber = parse_hex(&row.number, "number")?;
				let mut terms = CertificateTerms::of_fields(
					number,
					holder,
					&fields,
					row.valid_from as u64,
					row.valid_until.map(|until| until as u64),
				);
				terms.document = document_ref(row)?;
				let payload = Some(sealed::seal_fields(&KeyAgreementKey(holder_key), &fields));
				match row.renews {
					None => {
						Call::issue { certificate_type: certificate_type.clone(), terms, payload }
					},
					Some(old) => {
						let old = self.store.certificate(old).await?.ok_or_else(|| {
							IssueError::Store(StoreError(format!(
								"certificate {} renews certificate {old}, which is not stored",
								row.id
							)))
						})?;
						let old = CertificateId(parse_hex(&old.certificate_id, "certificate id")?);
						Call::renew { old, terms, payload }
					},
				}
			},
			Work::Change(change) => {
				let id = CertificateId(parse_hex(&change.certificate_id, "certificate id")?);
				match change.kind {
					StatusChangeKind::Revoke => Call::revoke {
						id,
						reason: change.reason_code.unwrap_or_default() as u16,
						membership: None,
					},
					StatusChangeKind::Suspend => Call::suspend { id, membership: None },
					StatusChangeKind::Reinstate => Call::reinstate { id, membership: None },
				}
			},
		};
		Ok(RuntimeCall::Certificates(call))
	}

	/// The issuer's chain key, opened from the database for this round.
	async fn issuer_key(&self) -> Result<sr25519::Pair, IssueError> {
		let sealed = self.store.secret(ISSUER_KEY).await?.ok_or_else(|| {
			IssueError::Input(
				"the office holds no issuer key yet: import it with `ecert-office issuer-key`"
					.into(),
			)
		})?;
		let secret = self
			.key
			.open(ISSUER_KEY, &sealed)
			.map_err(|error| IssueError::Store(StoreError(error.to_string())))?;
		let secret = String::from_utf8(secret)
			.map_err(|_| IssueError::Store(StoreError("the issuer key is not text".into())))?;
		sr25519::Pair::from_string(&secret, None)
			.map_err(|_| IssueError::Input("the stored issuer key is not a usable key".into()))
	}
}

//! `ecert_*` read methods of a side chain: verify a certificate, fetch it by
//! block and transaction, check disclosed fields, and list a holder's
//! certificates and a certificate's verifications.
//!
//! Like the main chain's methods, they read state directly at a block (the
//! best by default) and decode it with `ecert-primitives`.

use super::state::{bad_input, bounded, not_found, shown, State, StateError};
use bp_header_chain::justification::GrandpaJustification;
use codec::Decode;
use ecert_primitives::{
	assemble_batched_proof, assemble_portable_proof, find_certificate,
	query::{QueryRefused, QuerySignature, CERTIFICATES_OF},
	storage, verify_disclosure, AccountId, AssemblyError, BatchMembership, BatchRecord,
	BatchedStatus, BlockNumber, CertificateChange, CertificateId, CertificateNumber,
	CertificateProof, CertificateReads, CertificateRecord, CertificateStatus, CertificateTypeId,
	ChainId, DisclosedField, FindError, FoundCertificate, Grant, Hash, Header, IdentityId,
	IdentityRecord, Issued, Moment, OrgCode, ProofParts, SideChainArchive, TxRef,
	VerificationRecord, VerificationStatus, MAX_FIELD_NAME_LEN, MAX_FIELD_VALUE_LEN,
	MAX_PROOF_DEPTH,
};
use ecert_rpc_api::{
	CertificateByTx, CertificateEvent, CertificateQuery, DisclosureCheck, FieldCheck,
	HeldCertificate, HeldPage, Location, Number, Page, PortableProof, RecentEvent,
	SideChainApiServer, Verification, MAX_RECENT_EVENTS, NOT_ALLOWED_CODE, PAGE_SIZE,
	RECENT_BLOCKS,
};
use jsonrpsee::{core::RpcResult, types::ErrorObjectOwned};

/// The certificate event that a side-chain event is, if it is one.
fn certificate_event(event: ecert_side_runtime::RuntimeEvent) -> Option<CertificateEvent> {
	use pallet_certificates::Event;
	let ecert_side_runtime::RuntimeEvent::Certificates(event) = event else { return None };
	Some(match event {
		Event::CertificateIssued { id, issuer, .. } => {
			CertificateEvent::Issued { certificate_id: id, issuer }
		},
		Event::BatchIssued { root, issuer, count } => {
			CertificateEvent::BatchIssued { root, issuer, count }
		},
		Event::CertificateRevoked { id, reason } => {
			CertificateEvent::Revoked { certificate_id: id, reason }
		},
		Event::CertificateSuspended { id } => CertificateEvent::Suspended { certificate_id: id },
		Event::CertificateReinstated { id } => CertificateEvent::Reinstated { certificate_id: id },
		Event::CertificateRenewed { old, new } => {
			CertificateEvent::Renewed { certificate_id: old, renewed_by: new }
		},
		_ => return None,
	})
}

/// The refusal of a holder's query, as an error.
fn not_allowed(refused: QueryRefused) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(NOT_ALLOWED_CODE, refused.describe(), None::<()>)
}

/// This machine's time, in Unix milliseconds, which a query's signature
/// must be close to.
fn wall_clock() -> Moment {
	let since_epoch =
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
	since_epoch.as_millis().try_into().unwrap_or(Moment::MAX)
}

/// Serves [`SideChainApiServer`] from a node's state.
pub struct SideChain<S> {
	state: S,
}

/// A side chain's certificates in `state` at block `at`, for
/// [`find_certificate`].
struct StateAt<'a, S> {
	state: &'a S,
	at: Hash,
	certificate_type: &'a CertificateTypeId,
}

impl<S: State> CertificateReads for StateAt<'_, S> {
	type BlockNumber = BlockNumber;
	type Error = StateError;

	fn certificate_type(&self) -> Result<CertificateTypeId, StateError> {
		Ok(self.certificate_type.clone())
	}
	fn certificate(
		&self,
		id: &CertificateId,
	) -> Result<Option<CertificateRecord<BlockNumber>>, StateError> {
		self.state.read(self.at, &storage::certificate(id))
	}
	fn batched_status(
		&self,
		id: &CertificateId,
	) -> Result<Option<BatchedStatus<BlockNumber>>, StateError> {
		self.state.read(self.at, &storage::batched_status(id))
	}
	fn batch(&self, root: &Hash) -> Result<Option<BatchRecord<BlockNumber>>, StateError> {
		self.state.read(self.at, &storage::batch(root))
	}
}

impl<S: State> SideChain<S> {
	/// Serves from `state`.
	pub fn new(state: S) -> Self {
		Self { state }
	}

	fn id_of(
		query: &CertificateQuery,
		certificate_type: &CertificateTypeId,
	) -> RpcResult<CertificateId> {
		match query {
			CertificateQuery::Id(id) => Ok(*id),
			CertificateQuery::Number { org_code, number } => {
				let org_code =
					bounded(org_code, OrgCode::MAX_LEN as usize, "an organisation code")?;
				let org: OrgCode = org_code.parse().map_err(|error| {
					bad_input(format!("{} is not an organisation code: {error}", shown(org_code)))
				})?;
				let number =
					bounded(number, CertificateNumber::MAX_LEN as usize, "a certificate number")?;
				let number: CertificateNumber = number.parse().map_err(|error| {
					bad_input(format!("{} is not a certificate number: {error}", shown(number)))
				})?;
				Ok(CertificateId::derive(certificate_type, &org, &number))
			},
		}
	}

	/// Finds a certificate: issued alone, or in a batch by `membership`
	/// ([`ecert_primitives::find_certificate`], as the pallet does).
	fn find(
		&self,
		at: Hash,
		certificate_type: &CertificateTypeId,
		id: CertificateId,
		membership: Option<&BatchMembership>,
	) -> RpcResult<Option<FoundCertificate<BlockNumber>>> {
		let reads = StateAt { state: &self.state, at, certificate_type };
		match find_certificate(&reads, &id, membership) {
			Ok(found) => Ok(Some(found)),
			Err(FindError::NotFound) => Ok(None),
			Err(FindError::UnknownBatch) => {
				let root = membership.map(|membership| membership.root).unwrap_or_default();
				Err(not_found(format!("no batch has root {root:?}")))
			},
			Err(FindError::BadBatchProof) => {
				let root = membership.map(|membership| membership.root).unwrap_or_default();
				Err(bad_input(format!(
					"the batch proof does not show certificate {:?} in batch {root:?}",
					id.0
				)))
			},
			Err(FindError::Read(error)) => Err(error.into()),
		}
	}

	fn chain_time(&self, at: Hash) -> Result<Moment, StateError> {
		Ok(self.state.read::<Moment>(at, &storage::now())?.unwrap_or_default())
	}

	/// Where transaction `at` sits. Its hash comes from the node's offchain
	/// index, which the runtime writes as each block is imported; only a
	/// block imported before the index existed is read whole.
	fn locate(&self, at: TxRef<BlockNumber>) -> Result<Location, StateError> {
		let block_hash = self.state.block_hash(at.block)?;
		let tx_hash = match block_hash {
			Some(hash) => {
				let header = self.state.header(hash)?;
				let key = storage::transaction_hash_key(
					at.block,
					header.parent_hash.as_ref(),
					&header.digest,
					at.index,
				);
				match self.state.indexed_transaction_hash(&key) {
					Some(tx_hash) => Some(tx_hash),
					None => self
						.state
						.transactions(hash)?
						.get(at.index as usize)
						.map(|bytes| Hash::from(sp_crypto_hashing::blake2_256(bytes))),
				}
			},
			None => None,
		};
		Ok(Location { block_number: at.block, block_hash, tx_hash, tx_index: at.index })
	}

	/// Changes `indexes` of certificate `id`'s history.
	fn changes(
		&self,
		at: Hash,
		id: &CertificateId,
		indexes: core::ops::Range<u32>,
	) -> Result<Vec<CertificateChange<BlockNumber>>, StateError> {
		indexes
			.filter_map(|index| {
				self.state.read(at, &storage::certificate_change(id, index)).transpose()
			})
			.collect()
	}

	fn page_of(page: Option<Number>) -> (u32, u32) {
		let page = page.map_or(0, |Number(page)| page);
		(page, page.saturating_mul(PAGE_SIZE))
	}
}

fn encrypted_payload(transaction: &[u8]) -> Option<Vec<u8>> {
	use ecert_side_runtime::{RuntimeCall, UncheckedExtrinsic};
	let extrinsic = UncheckedExtrinsic::decode(&mut &transaction[..]).ok()?;
	match extrinsic.function {
		RuntimeCall::Certificates(pallet_certificates::Call::issue { payload, .. })
		| RuntimeCall::Certificates(pallet_certificates::Call::renew { payload, .. }) => {
			payload.map(|p| p.into_inner())
		},
		_ => None,
	}
}

/// The main-chain header `hash` and its justification, from the light-client
/// submission among `transactions`.
fn main_header_submission(
	transactions: &[Vec<u8>],
	hash: Hash,
) -> Option<(Header, GrandpaJustification<Header>)> {
	use ecert_side_runtime::{RuntimeCall, UncheckedExtrinsic};
	transactions.iter().find_map(|transaction| {
		let extrinsic = UncheckedExtrinsic::decode(&mut &transaction[..]).ok()?;
		match extrinsic.function {
			RuntimeCall::Anchoring(pallet_anchoring::Call::submit_finality_proof {
				chain: ChainId::Main,
				header,
				justification,
			}) if header.hash() == hash => Some((*header, justification)),
			_ => None,
		}
	})
}

/// A side chain's state and blocks in `state`, for
/// [`assemble_portable_proof`].
struct Archive<'a, S>(&'a S);

impl<S: State> SideChainArchive for Archive<'_, S> {
	type Error = StateError;

	fn read<V: Decode>(&self, at: Hash, key: &[u8]) -> Result<Option<V>, StateError> {
		self.0.read(at, key)
	}
	fn block_hash(&self, number: BlockNumber) -> Result<Option<Hash>, StateError> {
		self.0.block_hash(number)
	}
	fn header(&self, hash: Hash) -> Result<Header, StateError> {
		self.0.header(hash)
	}
	fn imported_main_header(
		&self,
		block: Hash,
		main: Hash,
	) -> Result<Option<(Header, GrandpaJustification<Header>)>, StateError> {
		Ok(main_header_submission(&self.0.transactions(block)?, main))
	}
}

impl<S: State> SideChain<S> {
	/// The portable proof of certificate `id`, batched if `membership` is
	/// given, anchored as block `best` knows.
	fn portable_proof(
		&self,
		best: Hash,
		id: CertificateId,
		membership: Option<&BatchMembership>,
	) -> RpcResult<PortableProof> {
		let archive = Archive(&self.state);
		let (proof, status, (side_block, main_block)) = match membership {
			None => {
				let parts = assemble_portable_proof(&archive, best, &id)
					.map_err(|error| assembly_error(error, &id))?;
				let (status, blocks) = (parts.record.status, proof_blocks(&parts));
				(CertificateProof::V2(parts), status, blocks)
			},
			Some(membership) => {
				let parts = assemble_batched_proof(&archive, best, &id, membership)
					.map_err(|error| assembly_error(error, &id))?;
				let (status, blocks) = (parts.record.status(), proof_blocks(&parts));
				(CertificateProof::V3(parts), status, blocks)
			},
		};
		let bytes = proof.to_bytes();
		Ok(PortableProof {
			proof: format!("0x{}", hex::encode(&bytes)),
			size: bytes.len() as u32,
			certificate_id: id,
			status,
			side_block_number: side_block.0,
			side_block_hash: side_block.1,
			main_block_number: main_block.0,
			main_block_hash: main_block.1,
		})
	}
}

/// The side and main blocks (number, hash) of a proof's headers.
fn proof_blocks<J, R>(parts: &ProofParts<J, R>) -> ((BlockNumber, Hash), (BlockNumber, Hash)) {
	let (side, main) = (&parts.side_header, &parts.main_header);
	((side.number, side.hash()), (main.number, main.hash()))
}

/// What a proof that could not be assembled for certificate `id` tells the
/// caller.
fn assembly_error(error: AssemblyError<StateError>, id: &CertificateId) -> ErrorObjectOwned {
	match error {
		AssemblyError::NotAnchored => not_found(
			"the main chain has not anchored this side chain yet; is ecert-relay running?".into(),
		),
		AssemblyError::AnchorNoLongerKept => {
			not_found("the anchoring main-chain header is no longer kept; retry shortly".into())
		},
		AssemblyError::NotAnchoredYet { anchored } => not_found(format!(
			"certificate {:?} is not in anchored block #{anchored}: unknown, batched (give its \
			 batch membership), or newer, and provable once the relay anchors a later block",
			id.0
		)),
		AssemblyError::Inconsistent(reason) => StateError::Corrupt(reason).into(),
		AssemblyError::Read(error) => error.into(),
	}
}

impl<S: State> SideChainApiServer for SideChain<S> {
	fn certificate_proof(
		&self,
		certificate: CertificateQuery,
		membership: Option<BatchMembership>,
	) -> RpcResult<PortableProof> {
		let (best, certificate_type) = self.state.side_chain_block(None)?;
		let id = Self::id_of(&certificate, &certificate_type)?;
		// A membership that does not show the certificate is refused as a
		// verification refuses it, rather than made into a proof that fails.
		if membership.is_some()
			&& self.find(best, &certificate_type, id, membership.as_ref())?.is_none()
		{
			return Err(not_found(format!("no certificate {:?} in that batch", id.0)));
		}
		self.portable_proof(best, id, membership.as_ref())
	}

	fn verify_certificate(
		&self,
		certificate: CertificateQuery,
		membership: Option<BatchMembership>,
		at: Option<Hash>,
	) -> RpcResult<Verification> {
		let (at, certificate_type) = self.state.side_chain_block(at)?;
		let id = Self::id_of(&certificate, &certificate_type)?;
		let now = self.chain_time(at)?;
		let Some(found) = self.find(at, &certificate_type, id, membership.as_ref())? else {
			return Ok(Verification {
				certificate_id: id,
				status: VerificationStatus::Unknown,
				certificate_type,
				issuer: None,
				holder: None,
				commitment: None,
				valid_from: None,
				valid_until: None,
				revocation_reason: None,
				supersedes: None,
				superseded_by: None,
				batch: None,
				asset: None,
				document: None,
				issued: None,
				last_changed: None,
				history: Vec::new(),
				history_total: 0,
				checked_at: at,
				chain_time: now,
			});
		};
		let changes: u32 = self.state.read(at, &storage::change_count(&id))?.unwrap_or_default();
		let history = self.changes(at, &id, changes.saturating_sub(PAGE_SIZE)..changes)?;
		let issued = self.locate(found.issued())?;
		let last_changed = if found.last_changed() == found.issued() {
			issued.clone()
		} else {
			self.locate(found.last_changed())?
		};
		Ok(Verification {
			certificate_id: id,
			status: found.verification_status(now),
			certificate_type,
			revocation_reason: match found.status() {
				CertificateStatus::Revoked { reason } => Some(reason),
				_ => None,
			},
			issued: Some(issued),
			last_changed: Some(last_changed),
			issuer: Some(found.issuer().clone()),
			holder: Some(found.holder()),
			commitment: Some(found.commitment()),
			valid_from: Some(found.valid_from()),
			valid_until: found.valid_until(),
			supersedes: found.supersedes(),
			superseded_by: found.superseded_by(),
			batch: found.batch_root(),
			asset: Some(found.asset()),
			document: found.document().cloned(),
			history,
			history_total: changes,
			checked_at: at,
			chain_time: now,
		})
	}

	fn certificate_history(
		&self,
		certificate_id: CertificateId,
		page: Option<Number>,
	) -> RpcResult<Page<CertificateChange<BlockNumber>>> {
		let (at, _) = self.state.side_chain_block(None)?;
		let (page, skip) = Self::page_of(page);
		let total: u32 =
			self.state.read(at, &storage::change_count(&certificate_id))?.unwrap_or_default();
		let items =
			self.changes(at, &certificate_id, skip..total.min(skip.saturating_add(PAGE_SIZE)))?;
		Ok(Page { page, page_size: PAGE_SIZE, total, items })
	}

	fn certificate_by_tx(&self, block_number: Number, tx_hash: Hash) -> RpcResult<CertificateByTx> {
		let Number(block_number) = block_number;
		let (_, _) = self.state.side_chain_block(None)?;
		let block_hash = self
			.state
			.block_hash(block_number)?
			.ok_or_else(|| not_found(format!("block #{block_number} is not on this chain")))?;
		let transactions = self.state.transactions(block_hash)?;
		let (index, transaction) = transactions
			.iter()
			.enumerate()
			.find(|(_, bytes)| Hash::from(sp_crypto_hashing::blake2_256(bytes)) == tx_hash)
			.ok_or_else(|| {
				not_found(format!("block #{block_number} has no transaction {tx_hash:?}"))
			})?;
		let issued: Issued =
			self.state.read(block_hash, &storage::issued(block_number, index as u32))?.ok_or_else(
				|| not_found(format!("transaction {tx_hash:?} did not issue a certificate")),
			)?;
		let Issued::Certificate(id) = issued else {
			return Err(bad_input(format!(
				"transaction {tx_hash:?} issued a batch; a batched certificate is verified with its proof"
			)));
		};
		let record: CertificateRecord<BlockNumber> = self
			.state
			.read(block_hash, &storage::certificate(&id))?
			.ok_or_else(|| StateError::Corrupt(format!("certificate {:?} is missing", id.0)))?;
		let payload = encrypted_payload(transaction);
		Ok(CertificateByTx {
			certificate_id: id,
			issuer: record.issuer.clone(),
			record,
			encrypted_payload: payload.map(|bytes| format!("0x{}", hex::encode(bytes))),
			location: Location {
				block_number,
				block_hash: Some(block_hash),
				tx_hash: Some(tx_hash),
				tx_index: index as u32,
			},
		})
	}

	fn check_disclosure(
		&self,
		certificate: CertificateQuery,
		fields: Vec<DisclosedField>,
		membership: Option<BatchMembership>,
	) -> RpcResult<DisclosureCheck> {
		if fields.is_empty() || fields.len() > 64 {
			return Err(bad_input("disclose between 1 and 64 fields".into()));
		}
		if let Some(field) = fields.iter().find(|field| !field.is_within_bounds()) {
			return Err(bad_input(format!(
				"field {} is too long: names are at most {MAX_FIELD_NAME_LEN} bytes, values \
				 {MAX_FIELD_VALUE_LEN} and proofs {MAX_PROOF_DEPTH} hashes",
				shown(&field.name)
			)));
		}
		let (at, certificate_type) = self.state.side_chain_block(None)?;
		let id = Self::id_of(&certificate, &certificate_type)?;
		let found = self
			.find(at, &certificate_type, id, membership.as_ref())?
			.ok_or_else(|| not_found(format!("no certificate has id {:?}", id.0)))?;
		let checks: Vec<FieldCheck> = fields
			.iter()
			.map(|field| FieldCheck {
				name: field.name.clone(),
				value: field.value.clone(),
				matches: verify_disclosure(&found.commitment(), field),
			})
			.collect();
		Ok(DisclosureCheck {
			certificate_id: id,
			status: found.verification_status(self.chain_time(at)?),
			all_match: checks.iter().all(|check| check.matches),
			fields: checks,
		})
	}

	fn certificates_of(
		&self,
		holder: IdentityId,
		after: Option<CertificateId>,
		signature: Option<QuerySignature>,
	) -> RpcResult<HeldPage> {
		let (at, certificate_type) = self.state.side_chain_block(None)?;
		let signature = signature.ok_or_else(|| not_allowed(QueryRefused::Unsigned))?;
		let signer = signature.verifier.unwrap_or(holder);
		let record: Option<IdentityRecord<AccountId, BlockNumber>> =
			self.state.read(at, &storage::viewed_identity(&signer))?;
		let record = record.ok_or_else(|| not_allowed(QueryRefused::UnknownSigner))?;
		if signature.verifier.is_some() && !record.is_active() {
			return Err(not_allowed(QueryRefused::Deactivated));
		}
		signature
			.check(CERTIFICATES_OF, &(holder, after), &record.keys.signing, wall_clock())
			.map_err(not_allowed)?;
		let entries = self.state.read_prefix_after::<CertificateId, ()>(
			at,
			&storage::certificates_of_prefix(&holder),
			after.map(|after| storage::certificate_of(&holder, &after)),
			PAGE_SIZE as usize,
		)?;
		let now = self.chain_time(at)?;
		let next = (entries.len() == PAGE_SIZE as usize)
			.then(|| entries.last().map(|(id, ())| *id))
			.flatten();
		let mut items = Vec::new();
		for (id, ()) in entries {
			if let Some(verifier) = signature.verifier {
				let grant: Option<Grant> = self.state.read(at, &storage::grant(&id, &verifier))?;
				if !grant.is_some_and(|grant| grant.granted_by == holder && grant.expires_at > now)
				{
					continue;
				}
			}
			if let Some(found) = self.find(at, &certificate_type, id, None)? {
				items.push(HeldCertificate {
					certificate_id: id,
					status: found.verification_status(now),
					issuer: found.issuer().clone(),
				});
			}
		}
		Ok(HeldPage { page_size: PAGE_SIZE, items, next })
	}

	fn verifications_of(
		&self,
		certificate_id: CertificateId,
		page: Option<Number>,
	) -> RpcResult<Page<VerificationRecord<BlockNumber, u128>>> {
		let (at, _) = self.state.side_chain_block(None)?;
		let (page, skip) = Self::page_of(page);
		let total: u32 =
			self.state.read(at, &storage::verification_count(&certificate_id))?.unwrap_or_default();
		let items = (skip..total.min(skip.saturating_add(PAGE_SIZE)))
			.filter_map(|index| {
				self.state.read(at, &storage::verification(&certificate_id, index)).transpose()
			})
			.collect::<Result<Vec<_>, _>>()?;
		Ok(Page { page, page_size: PAGE_SIZE, total, items })
	}

	fn recent_events(&self, limit: Option<Number>) -> RpcResult<Vec<RecentEvent>> {
		type Events = Vec<frame_system::EventRecord<ecert_side_runtime::RuntimeEvent, Hash>>;
		let (best, _) = self.state.side_chain_block(None)?;
		let limit = limit.map_or(20, |Number(limit)| limit).clamp(1, MAX_RECENT_EVENTS) as usize;
		let best_number = self.state.header(best)?.number;
		let mut recent = Vec::new();
		for number in (best_number.saturating_sub(RECENT_BLOCKS - 1)..=best_number).rev() {
			let Some(hash) = self.state.block_hash(number)? else { continue };
			// A block whose state is pruned, or whose events an older
			// runtime wrote, ends the search.
			let Ok(events) = self.state.read::<Events>(hash, &storage::events()) else { break };
			let found = events.unwrap_or_default().into_iter().rev().filter_map(|record| {
				certificate_event(record.event)
					.map(|event| RecentEvent { block_number: number, event })
			});
			recent.extend(found.take(limit - recent.len()));
			if recent.len() == limit {
				break;
			}
		}
		Ok(recent)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::rpc::state::testing::MapState;
	use codec::Encode;
	use ecert_primitives::{AssetMetadata, Header};
	use sp_runtime::{traits::Header as _, Digest};
	use std::sync::atomic::Ordering;

	const BEST: Hash = Hash::repeat_byte(0xbb);
	const ISSUED_IN: Hash = Hash::repeat_byte(0x05);

	fn issuing_header() -> Header {
		Header::new(5, Hash::zero(), Hash::zero(), Hash::repeat_byte(0x04), Digest::default())
	}

	/// A side chain whose best block is block 5, where a certificate was
	/// issued by transaction 1, whose bytes are `transaction`.
	fn state_with_certificate(transaction: &[u8]) -> (MapState, CertificateId) {
		let certificate_type: CertificateTypeId = "diploma".parse().unwrap();
		let org: OrgCode = "NTU".parse().unwrap();
		let id = CertificateId::derive(&certificate_type, &org, &"NTU-1".parse().unwrap());
		let at = TxRef { block: 5, index: 1 };
		let record = CertificateRecord {
			issuer: org,
			holder: IdentityId(Hash::repeat_byte(7)),
			commitment: Hash::repeat_byte(8),
			valid_from: 0,
			valid_until: None,
			asset: AssetMetadata::FIELDS,
			document: None,
			payload_hash: None,
			status: CertificateStatus::Active,
			supersedes: None,
			superseded_by: None,
			issued: at,
			last_changed: at,
		};
		let mut state = MapState { best: BEST, ..Default::default() };
		state.blocks.insert(5, ISSUED_IN);
		state.headers.insert(ISSUED_IN, issuing_header());
		state.headers.insert(BEST, issuing_header());
		state.storage.insert(storage::chain(), ChainId::Side(certificate_type).encode());
		state.storage.insert(storage::certificate(&id), record.encode());
		state.body = vec![b"inherent".to_vec(), transaction.to_vec()];
		(state, id)
	}

	#[test]
	fn verifying_a_found_certificate_reads_its_transaction_hash_from_the_index() {
		let (mut state, id) = state_with_certificate(b"issue");
		let header = issuing_header();
		let key = storage::transaction_hash_key(5, header.parent_hash.as_ref(), &header.digest, 1);
		let indexed = Hash::repeat_byte(0x1d);
		state.index.insert(key, indexed);
		let rpc = SideChain::new(state);

		let answer = rpc.verify_certificate(CertificateQuery::Id(id), None, None).unwrap();

		assert_eq!(answer.status, VerificationStatus::Valid);
		let issued = answer.issued.unwrap();
		assert_eq!((issued.block_number, issued.block_hash), (5, Some(ISSUED_IN)));
		assert_eq!(issued.tx_hash, Some(indexed));
		assert_eq!(answer.last_changed.unwrap().tx_hash, Some(indexed));
		assert_eq!(rpc.state.bodies_read.load(Ordering::SeqCst), 0, "no block body is read");
	}

	#[test]
	fn a_transaction_missing_from_the_index_is_found_in_its_block() {
		let (state, id) = state_with_certificate(b"issue");
		let rpc = SideChain::new(state);

		let answer = rpc.verify_certificate(CertificateQuery::Id(id), None, None).unwrap();

		let expected = Hash::from(sp_crypto_hashing::blake2_256(b"issue"));
		assert_eq!(answer.issued.unwrap().tx_hash, Some(expected));
		assert_eq!(rpc.state.bodies_read.load(Ordering::SeqCst), 1, "read once for both");
	}

	#[test]
	fn recent_events_are_the_certificate_events_newest_first() {
		use ecert_side_runtime::RuntimeEvent;
		use pallet_certificates::Event;
		let (mut state, id) = state_with_certificate(b"issue");
		let record = |event: RuntimeEvent| frame_system::EventRecord::<_, Hash> {
			phase: frame_system::Phase::ApplyExtrinsic(1),
			event,
			topics: vec![],
		};
		let ntu: OrgCode = "NTU".parse().unwrap();
		let holder = IdentityId(Hash::repeat_byte(7));
		let events = vec![
			record(RuntimeEvent::Certificates(Event::CertificateIssued {
				id,
				issuer: ntu.clone(),
				holder,
			})),
			record(RuntimeEvent::System(frame_system::Event::NewAccount {
				account: sp_runtime::AccountId32::new([1; 32]),
			})),
			record(RuntimeEvent::Certificates(Event::CertificateRevoked { id, reason: 2 })),
		];
		state.storage.insert(storage::events(), events.encode());
		let rpc = SideChain::new(state);

		let recent = rpc.recent_events(None).unwrap();

		assert_eq!(
			recent,
			vec![
				RecentEvent {
					block_number: 5,
					event: CertificateEvent::Revoked { certificate_id: id, reason: 2 }
				},
				RecentEvent {
					block_number: 5,
					event: CertificateEvent::Issued { certificate_id: id, issuer: ntu }
				},
			]
		);
		let shown = serde_json::to_value(&recent[0]).unwrap();
		assert_eq!(shown["kind"], "revoked");
		assert_eq!(shown["blockNumber"], 5);
		assert_eq!(shown["certificateId"], serde_json::json!(id));
		assert_eq!(rpc.recent_events(Some(Number(1))).unwrap().len(), 1);
	}
}

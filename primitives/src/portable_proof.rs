//! The portable certificate proof: everything a verifier needs to check a
//! certificate offline, trusting only a checkpoint of the main chain.
//!
//! The chain of evidence, checked by [`verify_certificate_proof`]:
//! 1. the main-chain header is finalized: its GRANDPA justification is
//!    signed by the checkpoint's authority set, with its set id, and it
//!    belongs to the checkpoint's network (its genesis hash);
//! 2. that header commits to an anchors root ([`crate::ChainCommitment`]),
//!    and the side-chain header is the anchored head of its chain under that
//!    root ([`AnchorProof`]);
//! 3. the side-chain header commits to a certificate root, and the
//!    certificate's record is the leaf of its id under that root
//!    ([`TreePath`]).
//!
//! The proof is SCALE-encoded and versioned. Nodes give
//! [`CertificateProof::V4`], whose justification leaves out the block
//! targets a verifier rebuilds from the main header and names each signer
//! by its place in the checkpoint's authority set
//! ([`IndexedJustification`]): with sixteen main-chain validators it stays
//! under the 2,953 bytes of a QR code's binary capacity for a side chain of
//! 100 million certificates; see `ecert-proof-size` for the figures.
//! A batched certificate's proof is [`CertificateProof::V5`]: its record's
//! place is taken by its [`BatchedEvidence`] (membership, the batch's
//! record, its change since), which leads to its batch's leaf in the
//! certificate tree. Earlier versions still verify: [`CertificateProof::V1`]
//! with the justification whole, [`CertificateProof::V2`] and
//! [`CertificateProof::V3`] with signers named by their keys.

use crate::{
	certificate_leaf, AnchorProof, BatchedEvidence, BlockNumber, CertificateId, CertificateRecord,
	ChainCommitment, ChainId, Header, TreePath,
};
use alloc::vec::Vec;
use bp_header_chain::{
	justification::{verify_justification, GrandpaJustification, JustificationVerificationContext},
	AuthoritySet,
};
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_consensus_grandpa::{AuthorityId, AuthorityList, AuthoritySignature};
use sp_core::H256;
use sp_runtime::traits::Header as _;

/// What a verifier trusts: the main chain's checkpoint, its genesis hash
/// (which names the network) and a GRANDPA authority set with its set id.
pub type MainCheckpoint = crate::ChainCheckpoint;

/// A portable proof of one certificate, versioned.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub enum CertificateProof {
	/// The first version: the main header's justification whole.
	V1(CertificateProofV1),
	/// The second version: its justification without the targets that
	/// the main header gives ([`CompactJustification`]).
	V2(CertificateProofV2),
	/// The third version, for a batched certificate: as the second, with
	/// the certificate's evidence in its batch instead of its record.
	V3(CertificateProofV3),
	/// The fourth version: as the second, with signers named by their place
	/// in the authority set ([`IndexedJustification`]).
	V4(CertificateProofV4),
	/// The fifth version, for a batched certificate: as the third, with
	/// signers named by their place in the authority set.
	V5(CertificateProofV5),
}

/// Version 1 of the portable proof.
pub type CertificateProofV1 = ProofParts<GrandpaJustification<Header>>;

/// Version 2 of the portable proof.
pub type CertificateProofV2 = ProofParts<CompactJustification>;

/// Version 3 of the portable proof: a batched certificate's.
pub type CertificateProofV3 = ProofParts<CompactJustification, BatchedEvidence<BlockNumber>>;

/// Version 4 of the portable proof.
pub type CertificateProofV4 = ProofParts<IndexedJustification>;

/// Version 5 of the portable proof: a batched certificate's.
pub type CertificateProofV5 = ProofParts<IndexedJustification, BatchedEvidence<BlockNumber>>;

/// What a portable proof holds; `J` is how it carries the justification,
/// `R` how it shows the certificate's record ([`ShowsRecord`]).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct ProofParts<J, R = CertificateRecord<BlockNumber>> {
	/// The certificate's id.
	pub certificate: CertificateId,
	/// Its record, as the side chain held it at `side_header`: the record
	/// itself, or a batched certificate's evidence.
	pub record: R,
	/// Its leaf's path in the side chain's certificate tree.
	pub path: TreePath,
	/// The side-chain header whose certificate root the path leads to.
	pub side_header: Header,
	/// The proof that the main chain anchored `side_header`.
	pub anchor: AnchorProof,
	/// The main-chain header whose anchors root the anchor proof leads to.
	pub main_header: Header,
	/// The GRANDPA justification that finalizes `main_header`.
	pub justification: J,
}

impl<J, R> ProofParts<J, R> {
	/// The same parts with `justification` instead.
	pub fn with_justification<K>(self, justification: K) -> ProofParts<K, R> {
		let ProofParts { certificate, record, path, side_header, anchor, main_header, .. } = self;
		ProofParts { certificate, record, path, side_header, anchor, main_header, justification }
	}
}

/// A GRANDPA justification without what the header it finalizes gives: the
/// commit's target, and each precommit's target where it is that same
/// block (as almost every one is): 36 bytes fewer for the commit and 35 for
/// each signature.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct CompactJustification {
	/// The GRANDPA round.
	pub round: u64,
	/// The signed precommits.
	pub precommits: Vec<CompactPrecommit>,
	/// The headers between the target and any precommit's other target.
	pub votes_ancestries: Vec<Header>,
}

/// A signed precommit of a [`CompactJustification`].
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct CompactPrecommit {
	/// The block it votes for, if not the justification's target.
	pub target: Option<(H256, BlockNumber)>,
	/// The authority's signature.
	pub signature: AuthoritySignature,
	/// The authority.
	pub id: AuthorityId,
}

impl CompactJustification {
	/// `justification`, less what [`Self::expand`] gives back from its
	/// target.
	pub fn compact(justification: &GrandpaJustification<Header>) -> Self {
		let commit = &justification.commit;
		let target = (commit.target_hash, commit.target_number);
		let precommits = commit
			.precommits
			.iter()
			.map(|signed| {
				let voted = (signed.precommit.target_hash, signed.precommit.target_number);
				CompactPrecommit {
					target: (voted != target).then_some(voted),
					signature: signed.signature.clone(),
					id: signed.id.clone(),
				}
			})
			.collect();
		Self {
			round: justification.round,
			precommits,
			votes_ancestries: justification.votes_ancestries.clone(),
		}
	}

	/// The whole justification of block `target` (hash and number).
	pub fn expand(
		&self,
		(target_hash, target_number): (H256, BlockNumber),
	) -> GrandpaJustification<Header> {
		let precommits = self
			.precommits
			.iter()
			.map(|compact| {
				let (hash, number) = compact.target.unwrap_or((target_hash, target_number));
				finality_grandpa::SignedPrecommit {
					precommit: finality_grandpa::Precommit {
						target_hash: hash,
						target_number: number,
					},
					signature: compact.signature.clone(),
					id: compact.id.clone(),
				}
			})
			.collect();
		GrandpaJustification {
			round: self.round,
			commit: finality_grandpa::Commit { target_hash, target_number, precommits },
			votes_ancestries: self.votes_ancestries.clone(),
		}
	}
}

/// A [`CompactJustification`] whose precommits name their signer by its
/// place in the authority set that signed (the verifier's checkpoint's),
/// the set ordered by key, instead of by its 32-byte key: 31 bytes fewer
/// for each signature. Ordered by key, a place does not depend on the order
/// in which a node or a checkpoint lists the set.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct IndexedJustification {
	/// The GRANDPA round.
	pub round: u64,
	/// The signed precommits.
	pub precommits: Vec<IndexedPrecommit>,
	/// The headers between the target and any precommit's other target.
	pub votes_ancestries: Vec<Header>,
}

/// A signed precommit of an [`IndexedJustification`].
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct IndexedPrecommit {
	/// The block it votes for, if not the justification's target.
	pub target: Option<(H256, BlockNumber)>,
	/// The authority's signature.
	pub signature: AuthoritySignature,
	/// The authority's place in the authority set, ordered by key.
	#[codec(compact)]
	pub signer: u32,
}

impl IndexedJustification {
	/// `justification` with each signer named by its place in `authorities`
	/// ordered by key; `None` if one of them is not there.
	pub fn index(
		justification: &CompactJustification,
		authorities: &AuthorityList,
	) -> Option<Self> {
		let keys = by_key(authorities);
		let precommits = justification
			.precommits
			.iter()
			.map(|precommit| {
				let signer = keys.binary_search(&&precommit.id).ok()?;
				Some(IndexedPrecommit {
					target: precommit.target,
					signature: precommit.signature.clone(),
					signer: u32::try_from(signer).ok()?,
				})
			})
			.collect::<Option<Vec<_>>>()?;
		Some(Self {
			round: justification.round,
			precommits,
			votes_ancestries: justification.votes_ancestries.clone(),
		})
	}

	/// The justification with its signers' keys from `authorities` ordered
	/// by key; `None` if a place is beyond them.
	pub fn with_signers(&self, authorities: &AuthorityList) -> Option<CompactJustification> {
		let keys = by_key(authorities);
		let precommits = self
			.precommits
			.iter()
			.map(|precommit| {
				let id = keys.get(usize::try_from(precommit.signer).ok()?)?;
				Some(CompactPrecommit {
					target: precommit.target,
					signature: precommit.signature.clone(),
					id: (*id).clone(),
				})
			})
			.collect::<Option<Vec<_>>>()?;
		Some(CompactJustification {
			round: self.round,
			precommits,
			votes_ancestries: self.votes_ancestries.clone(),
		})
	}
}

/// The keys of `authorities`, in order.
fn by_key(authorities: &AuthorityList) -> Vec<&AuthorityId> {
	let mut keys: Vec<&AuthorityId> = authorities.iter().map(|(id, _)| id).collect();
	keys.sort();
	keys
}

/// How a proof carries the main header's justification.
pub trait CarriesJustification {
	/// The whole justification of block `target` (hash and number), signed
	/// by `authorities`; `None` where it names a signer they do not have.
	fn whole(
		&self,
		target: (H256, BlockNumber),
		authorities: &AuthorityList,
	) -> Option<GrandpaJustification<Header>>;
}

impl CarriesJustification for GrandpaJustification<Header> {
	fn whole(&self, _: (H256, BlockNumber), _: &AuthorityList) -> Option<Self> {
		Some(self.clone())
	}
}

impl CarriesJustification for CompactJustification {
	fn whole(
		&self,
		target: (H256, BlockNumber),
		_: &AuthorityList,
	) -> Option<GrandpaJustification<Header>> {
		Some(self.expand(target))
	}
}

impl CarriesJustification for IndexedJustification {
	fn whole(
		&self,
		target: (H256, BlockNumber),
		authorities: &AuthorityList,
	) -> Option<GrandpaJustification<Header>> {
		Some(self.with_signers(authorities)?.expand(target))
	}
}

/// How a proof shows a certificate's record under a side chain's
/// certificate root.
pub trait ShowsRecord {
	/// The certificate tree's leaf this shows for certificate `id` of side
	/// chain `chain`; `None` where it does not hold.
	fn tree_leaf(&self, id: &CertificateId, chain: &ChainId) -> Option<H256>;
	/// The certificate's record, as shown.
	fn shown_record(&self) -> CertificateRecord<BlockNumber>;
}

/// A certificate issued alone: its record is its leaf's.
impl ShowsRecord for CertificateRecord<BlockNumber> {
	fn tree_leaf(&self, id: &CertificateId, _: &ChainId) -> Option<H256> {
		Some(certificate_leaf(id, self))
	}
	fn shown_record(&self) -> CertificateRecord<BlockNumber> {
		self.clone()
	}
}

/// A batched certificate: its id is its chain's type, its batch's issuer and
/// its leaf's number, and its evidence leads to its batch's leaf.
impl ShowsRecord for BatchedEvidence<BlockNumber> {
	fn tree_leaf(&self, id: &CertificateId, chain: &ChainId) -> Option<H256> {
		let certificate_type = chain.certificate_type()?;
		let number = &self.membership.leaf.number;
		if CertificateId::derive(certificate_type, &self.batch.issuer, number) != *id {
			return None;
		}
		BatchedEvidence::tree_leaf(self).ok()
	}
	fn shown_record(&self) -> CertificateRecord<BlockNumber> {
		self.found().record()
	}
}

/// What a valid proof establishes.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ProvenCertificate {
	/// The certificate's id.
	pub certificate: CertificateId,
	/// Its record at the side-chain header.
	pub record: CertificateRecord<BlockNumber>,
	/// The side chain that holds it.
	pub side_chain: ChainId,
	/// The side-chain header: number and hash.
	pub side_block: (BlockNumber, H256),
	/// The finalized main-chain header: number and hash.
	pub main_block: (BlockNumber, H256),
	/// The side-chain header's time (Unix ms): the record is as of then.
	pub side_time: crate::Moment,
	/// The main-chain header's time (Unix ms).
	pub main_time: crate::Moment,
}

impl ProvenCertificate {
	/// The certificate's status at time `now` (Unix ms), from its record as
	/// of [`Self::side_time`]: the rule of [`crate::VerificationStatus::of`].
	pub fn status_at(&self, now: crate::Moment) -> crate::VerificationStatus {
		crate::VerificationStatus::of_record(&self.record, now)
	}

	/// How old the proof is at time `now` (ms): since its side-chain header.
	pub fn age_at(&self, now: crate::Moment) -> crate::Moment {
		now.saturating_sub(self.side_time)
	}
}

/// Why a proof does not hold.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum ProofError {
	/// The proof's bytes do not decode.
	Undecodable,
	/// The checkpoint's authority set is unusable.
	BadCheckpoint,
	/// The justification does not finalize the main header with the
	/// checkpoint's authority set and set id.
	NotFinalized,
	/// The main header carries no main-chain commitment.
	NoMainCommitment,
	/// The main header belongs to another network than the checkpoint's
	/// (another genesis hash).
	WrongNetwork,
	/// The anchor proof does not lead to the main header's anchors root, or
	/// names another side header.
	NotAnchored,
	/// The side header carries no commitment of the anchored side chain.
	NoSideCommitment,
	/// The record is not the certificate's leaf under the side header's
	/// certificate root.
	NotInTree,
}

impl core::fmt::Display for ProofError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			ProofError::Undecodable => "the proof does not decode",
			ProofError::BadCheckpoint => "the checkpoint's authority set is unusable",
			ProofError::NotFinalized => {
				"the main-chain header is not finalized by the checkpoint's authorities"
			},
			ProofError::NoMainCommitment => "the main-chain header carries no anchors root",
			ProofError::WrongNetwork => {
				"the proof belongs to another network than the checkpoint's"
			},
			ProofError::NotAnchored => "the side-chain header is not anchored in the main chain",
			ProofError::NoSideCommitment => "the side-chain header carries no certificate root",
			ProofError::NotInTree => "the certificate record is not under the side-chain header",
		})
	}
}

impl CertificateProof {
	/// The certificate's id.
	pub fn certificate(&self) -> &CertificateId {
		match self {
			CertificateProof::V1(proof) => &proof.certificate,
			CertificateProof::V2(proof) => &proof.certificate,
			CertificateProof::V3(proof) => &proof.certificate,
			CertificateProof::V4(proof) => &proof.certificate,
			CertificateProof::V5(proof) => &proof.certificate,
		}
	}

	/// The certificate's record, as the proof shows it.
	pub fn record(&self) -> CertificateRecord<BlockNumber> {
		match self {
			CertificateProof::V1(proof) => proof.record.clone(),
			CertificateProof::V2(proof) => proof.record.clone(),
			CertificateProof::V3(proof) => proof.record.shown_record(),
			CertificateProof::V4(proof) => proof.record.clone(),
			CertificateProof::V5(proof) => proof.record.shown_record(),
		}
	}

	/// The path in the side chain's certificate tree of the record's leaf,
	/// or of its batch's.
	pub fn path(&self) -> &TreePath {
		match self {
			CertificateProof::V1(proof) => &proof.path,
			CertificateProof::V2(proof) => &proof.path,
			CertificateProof::V3(proof) => &proof.path,
			CertificateProof::V4(proof) => &proof.path,
			CertificateProof::V5(proof) => &proof.path,
		}
	}

	/// The proof's SCALE encoding: what goes in a file or a QR code.
	pub fn to_bytes(&self) -> alloc::vec::Vec<u8> {
		self.encode()
	}

	/// Reads a proof from its SCALE encoding; trailing bytes are refused.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofError> {
		let mut input = bytes;
		let proof = Self::decode(&mut input).map_err(|_| ProofError::Undecodable)?;
		if !input.is_empty() {
			return Err(ProofError::Undecodable);
		}
		Ok(proof)
	}
}

sp_api::decl_runtime_apis! {
	/// The portable-proof check, on chain: the main runtime checks a proof
	/// against its own current GRANDPA authority set.
	pub trait CertificateProofApi {
		/// Checks `proof`, the SCALE bytes of a [`CertificateProof`].
		fn verify_certificate_proof(
			proof: alloc::vec::Vec<u8>,
		) -> Result<ProvenCertificate, ProofError>;
	}
}

/// Checks the whole chain of evidence of `proof`, trusting only
/// `checkpoint`.
pub fn verify_certificate_proof(
	proof: &CertificateProof,
	checkpoint: &MainCheckpoint,
) -> Result<ProvenCertificate, ProofError> {
	match proof {
		CertificateProof::V1(proof) => verify_parts(proof, checkpoint),
		CertificateProof::V2(proof) => verify_parts(proof, checkpoint),
		CertificateProof::V3(proof) => verify_parts(proof, checkpoint),
		CertificateProof::V4(proof) => verify_parts(proof, checkpoint),
		CertificateProof::V5(proof) => verify_parts(proof, checkpoint),
	}
}

/// Checks `proof`, trusting only `checkpoint`.
fn verify_parts<J: CarriesJustification, R: ShowsRecord>(
	proof: &ProofParts<J, R>,
	checkpoint: &MainCheckpoint,
) -> Result<ProvenCertificate, ProofError> {
	// 1. The main header is finalized by the checkpoint's authorities.
	let main_hash = proof.main_header.hash();
	let main_number = *proof.main_header.number();
	let authorities = checkpoint.authorities.to_vec();
	let context = JustificationVerificationContext::try_from(AuthoritySet::new(
		authorities.clone(),
		checkpoint.set_id,
	))
	.map_err(|_| ProofError::BadCheckpoint)?;
	let justification = proof
		.justification
		.whole((main_hash, main_number), &authorities)
		.ok_or(ProofError::NotFinalized)?;
	verify_justification::<Header>((main_hash, main_number), &context, &justification)
		.map_err(|_| ProofError::NotFinalized)?;

	// 2. It anchors the side header.
	let main_commitment = ChainCommitment::find_in(proof.main_header.digest())
		.filter(|commitment| commitment.chain == ChainId::Main)
		.ok_or(ProofError::NoMainCommitment)?;
	if main_commitment.genesis_hash != checkpoint.genesis_hash {
		return Err(ProofError::WrongNetwork);
	}
	let side_hash = proof.side_header.hash();
	let side_number = *proof.side_header.number();
	let anchored = proof.anchor.verify(&main_commitment.root)
		&& proof.anchor.leaf.hash == side_hash
		&& proof.anchor.leaf.number == side_number
		&& proof.anchor.leaf.chain != ChainId::Main;
	if !anchored {
		return Err(ProofError::NotAnchored);
	}

	// 3. The side header's certificate root holds the record.
	let side_commitment = ChainCommitment::find_in(proof.side_header.digest())
		.filter(|commitment| commitment.chain == proof.anchor.leaf.chain)
		.ok_or(ProofError::NoSideCommitment)?;
	let leaf = proof
		.record
		.tree_leaf(&proof.certificate, &side_commitment.chain)
		.ok_or(ProofError::NotInTree)?;
	if proof.path.root(leaf) != Some(side_commitment.root) {
		return Err(ProofError::NotInTree);
	}

	Ok(ProvenCertificate {
		certificate: proof.certificate,
		record: proof.record.shown_record(),
		side_chain: side_commitment.chain,
		side_block: (side_number, side_hash),
		main_block: (main_number, main_hash),
		side_time: side_commitment.time,
		main_time: main_commitment.time,
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::proof_fixtures::{main_checkpoint, sample_proof};

	#[test]
	fn a_proof_among_a_hundred_million_certificates_fits_a_qr_code_with_sixteen_validators() {
		let proof = sample_proof(100_000_000, 1, 16);
		assert_eq!(proof.path().siblings.len(), 27);
		assert!(proof.to_bytes().len() <= 2_953, "{} bytes", proof.to_bytes().len());
		let proven = verify_certificate_proof(&proof, &main_checkpoint(16)).unwrap();
		assert_eq!(&proven.certificate, proof.certificate());
		assert_eq!(
			verify_certificate_proof(&proof, &main_checkpoint(4)),
			Err(ProofError::NotFinalized),
			"another authority set"
		);
	}

	/// A batched certificate's proof shows its member's record and status,
	/// changed or not, and fits a QR code among a hundred million
	/// certificates in batches of 10,000 (`ecert-proof-size --batched`
	/// prints other mixes).
	#[test]
	fn a_batched_certificates_proof_shows_its_status_and_fits_a_qr_code() {
		use crate::proof_fixtures::{sample_batch_members, sample_batched_proof};
		let checkpoint = main_checkpoint(16);
		let member = &sample_batch_members(1)[0];
		for revoked in [false, true] {
			// 100 million: ten thousand batches of 10,000.
			let proof = sample_batched_proof(10_000, 10_000, revoked, 1, 16);
			let proven = verify_certificate_proof(&proof, &checkpoint).unwrap();
			assert_eq!(proven.record.holder, member.holder);
			assert_eq!(proven.record.commitment, member.commitment);
			assert_eq!(proven.record.issuer.as_str(), "NTU");
			let expected = match revoked {
				true => crate::CertificateStatus::Revoked { reason: 1 },
				false => crate::CertificateStatus::Active,
			};
			assert_eq!(proven.record.status, expected);
			assert_eq!(proof.record(), proven.record);
			let size = proof.to_bytes().len();
			assert!(size <= 2_953, "{size} bytes, revoked: {revoked}");
			assert_eq!(CertificateProof::from_bytes(&proof.to_bytes()), Ok(proof));
		}
	}

	#[test]
	fn a_batched_certificates_tampered_proof_is_refused() {
		use crate::proof_fixtures::sample_batched_proof;
		let checkpoint = main_checkpoint(4);
		let check = |revoked: bool, tamper: &dyn Fn(&mut CertificateProofV5)| {
			let mut proof = sample_batched_proof(1_000, 100, revoked, 1, 4);
			assert!(verify_certificate_proof(&proof, &checkpoint).is_ok());
			let CertificateProof::V5(parts) = &mut proof else { panic!("a batched proof") };
			tamper(parts);
			assert_eq!(verify_certificate_proof(&proof, &checkpoint), Err(ProofError::NotInTree));
		};
		// A revoked member shown as never changed, or as suspended.
		check(true, &|p| p.record.changed = None);
		check(true, &|p| {
			if let Some(changed) = &mut p.record.changed {
				changed.status = crate::CertificateStatus::Suspended;
			}
		});
		// Another certificate's id, another holder, another batch size.
		check(false, &|p| p.certificate = crate::proof_fixtures::sample_id(0));
		check(false, &|p| p.record.membership.leaf.holder = crate::IdentityId(H256::zero()));
		check(false, &|p| p.record.batch.count += 1);
		check(false, &|p| p.record.batch.issuer = "NCKU".parse().unwrap());
		check(false, &|p| p.path.siblings[0] = H256::repeat_byte(1));
	}

	fn v4(proof: &mut CertificateProof) -> &mut CertificateProofV4 {
		match proof {
			CertificateProof::V4(proof) => proof,
			_ => panic!("the fixtures give version 4"),
		}
	}

	/// `proof` (version 4) with its signers named by their keys (version 2)
	/// and with its justification whole (version 1).
	fn earlier_versions(proof: CertificateProof) -> (CertificateProof, CertificateProof) {
		let CertificateProof::V4(parts) = proof else { panic!("the fixtures give version 4") };
		let authorities = main_checkpoint(16).authorities.to_vec();
		let target = (parts.main_header.hash(), *parts.main_header.number());
		let by_key = parts.justification.with_signers(&authorities).expect("signers in the set");
		let whole = by_key.expand(target);
		(
			CertificateProof::V2(parts.clone().with_justification(by_key)),
			CertificateProof::V1(parts.with_justification(whole)),
		)
	}

	#[test]
	fn proofs_of_earlier_versions_still_verify_and_are_larger() {
		let indexed = sample_proof(1_000, 1, 16);
		let (by_key, whole) = earlier_versions(indexed.clone());
		let checkpoint = main_checkpoint(16);
		let proven = verify_certificate_proof(&indexed, &checkpoint);
		assert!(proven.is_ok());
		assert_eq!(verify_certificate_proof(&by_key, &checkpoint), proven);
		assert_eq!(verify_certificate_proof(&whole, &checkpoint), proven);
		let precommits = v4(&mut indexed.clone()).justification.precommits.len();
		assert_eq!(precommits, 11, "two thirds of 16, and one");
		// A signer's place takes one byte instead of its 32-byte key.
		assert_eq!(by_key.to_bytes().len() - indexed.to_bytes().len(), 31 * precommits);
		// 36 bytes of target fewer for the commit and each precommit, one
		// more for each precommit's `None`.
		assert_eq!(whole.to_bytes().len() - by_key.to_bytes().len(), 36 + 35 * precommits);
	}

	#[test]
	fn signers_named_by_place_are_the_checkpoints_and_no_others() {
		let justification = match sample_proof(10, 0, 4) {
			CertificateProof::V4(parts) => parts.justification,
			_ => panic!("the fixtures give version 4"),
		};
		let authorities = main_checkpoint(4).authorities.to_vec();
		let by_key = justification.with_signers(&authorities).unwrap();
		assert_eq!(IndexedJustification::index(&by_key, &authorities), Some(justification.clone()));
		// Places are in the set ordered by key, however it is listed.
		let reversed: Vec<_> = authorities.iter().rev().cloned().collect();
		assert_eq!(IndexedJustification::index(&by_key, &reversed), Some(justification.clone()));
		assert_eq!(justification.with_signers(&reversed), Some(by_key.clone()));
		// Three signers of four: two at least are beyond a set of one.
		assert_eq!(justification.with_signers(&authorities[..1].to_vec()), None);
		// Keys outside the set have no place in it.
		let others = main_checkpoint(8).authorities.to_vec()[4..].to_vec();
		assert_eq!(IndexedJustification::index(&by_key, &others), None);
	}

	#[test]
	fn a_compact_justification_gives_back_the_whole_one() {
		let header = crate::proof_fixtures::sample_header(ChainId::Main, 7, H256::zero());
		let target = (header.hash(), *header.number());
		for ancestors in [0, 2] {
			// With ancestors, every precommit votes for a later block.
			let whole = bp_test_utils::make_justification_for_header(
				bp_test_utils::JustificationGeneratorParams {
					header: header.clone(),
					round: 9,
					set_id: 3,
					authorities: crate::proof_fixtures::main_authorities(4)
						.into_iter()
						.map(|account| (account, 1))
						.collect(),
					ancestors,
					forks: 1,
				},
			);
			let compact = CompactJustification::compact(&whole);
			assert_eq!(
				compact.precommits.iter().all(|precommit| precommit.target.is_none()),
				ancestors == 0
			);
			assert_eq!(compact.expand(target), whole, "{ancestors} ancestors");
		}
	}

	#[test]
	fn a_sound_proof_verifies_and_survives_its_encoding() {
		let proof = sample_proof(1_000, 3, 4);
		let bytes = proof.to_bytes();
		let proven = verify_certificate_proof(
			&CertificateProof::from_bytes(&bytes).unwrap(),
			&main_checkpoint(4),
		)
		.unwrap();
		assert_eq!(proven.side_chain, ChainId::Side("diploma".parse().unwrap()));
		assert_eq!(proven.side_block.0, 2_345_678);
		assert_eq!(proven.main_block.0, 3_456_789);
		assert_eq!(proven.record, crate::proof_fixtures::sample_record(0));

		let mut padded = bytes.clone();
		padded.push(0);
		assert_eq!(CertificateProof::from_bytes(&padded), Err(ProofError::Undecodable));
		assert_eq!(
			CertificateProof::from_bytes(&bytes[..bytes.len() - 1]),
			Err(ProofError::Undecodable)
		);
	}

	#[test]
	fn every_tampered_link_is_refused() {
		let checkpoint = main_checkpoint(4);
		let check = |tamper: &dyn Fn(&mut CertificateProofV4), expected: ProofError| {
			let mut proof = sample_proof(100, 2, 4);
			tamper(v4(&mut proof));
			assert_eq!(verify_certificate_proof(&proof, &checkpoint), Err(expected));
		};
		// The record: a revoked certificate shown as active, or another one.
		check(
			&|p| p.record.status = crate::CertificateStatus::Revoked { reason: 0 },
			ProofError::NotInTree,
		);
		check(&|p| p.certificate = crate::proof_fixtures::sample_id(1), ProofError::NotInTree);
		check(&|p| p.path.siblings[0] = H256::repeat_byte(1), ProofError::NotInTree);
		// The side header.
		check(&|p| p.side_header.number += 1, ProofError::NotAnchored);
		// The anchor.
		check(&|p| p.anchor.siblings[0] = H256::repeat_byte(1), ProofError::NotAnchored);
		// The main header and its justification.
		check(&|p| p.main_header.number += 1, ProofError::NotFinalized);
		check(
			&|p| {
				p.justification.precommits[0].signature =
					sp_core::ed25519::Signature::from_raw([7; 64]).into()
			},
			ProofError::NotFinalized,
		);
		check(
			&|p| {
				p.justification.precommits.pop();
			},
			ProofError::NotFinalized,
		);
		// A precommit said to vote for another block than the main header.
		check(
			&|p| p.justification.precommits[0].target = Some((H256::repeat_byte(9), 3_456_790)),
			ProofError::NotFinalized,
		);
		// A signature said to be another authority's, or one beyond the set,
		// or one authority's twice.
		check(&|p| p.justification.precommits[0].signer = 3, ProofError::NotFinalized);
		check(&|p| p.justification.precommits[0].signer = 4, ProofError::NotFinalized);
		check(&|p| p.justification.precommits[0].signer = u32::MAX, ProofError::NotFinalized);
		check(
			&|p| {
				let first = p.justification.precommits[0].clone();
				p.justification.precommits[1] = first;
			},
			ProofError::NotFinalized,
		);
	}

	#[test]
	fn a_proof_of_another_network_is_refused_and_its_time_is_told() {
		let proof = sample_proof(10, 0, 4);
		let checkpoint = main_checkpoint(4);
		let proven = verify_certificate_proof(&proof, &checkpoint).unwrap();
		assert_eq!(proven.side_time, crate::proof_fixtures::SAMPLE_TIME);
		assert_eq!(proven.main_time, crate::proof_fixtures::SAMPLE_TIME);
		assert_eq!(proven.age_at(crate::proof_fixtures::SAMPLE_TIME + 5), 5);
		// A staging network finalized by the same keys: another genesis hash.
		let mut staging = checkpoint;
		staging.genesis_hash = H256::repeat_byte(0x57);
		assert_eq!(verify_certificate_proof(&proof, &staging), Err(ProofError::WrongNetwork));
	}

	#[test]
	fn another_authority_set_or_set_id_does_not_finalize_it() {
		let proof = sample_proof(10, 0, 4);
		let mut wrong_id = main_checkpoint(4);
		wrong_id.set_id += 1;
		assert_eq!(verify_certificate_proof(&proof, &wrong_id), Err(ProofError::NotFinalized));
		let mut others = main_checkpoint(8);
		others.authorities = others
			.authorities
			.into_iter()
			.skip(4)
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.unwrap();
		assert_eq!(verify_certificate_proof(&proof, &others), Err(ProofError::NotFinalized));
		let mut empty = main_checkpoint(4);
		empty.authorities = Default::default();
		assert_eq!(verify_certificate_proof(&proof, &empty), Err(ProofError::BadCheckpoint));
	}
}

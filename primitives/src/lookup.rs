//! Finding a certificate by id on a side chain: issued alone, or in a batch
//! by its membership proof. The certificates pallet (through FRAME storage)
//! and the node's RPC (through the client's state) both find certificates
//! with [`find_certificate`], so they cannot disagree on what an id names.

use crate::{
	AssetMetadata, BatchLeaf, BatchMembership, BatchRecord, BatchedStatus, CertificateId,
	CertificateRecord, CertificateStatus, CertificateTypeId, DocumentRef, IdentityId, Moment,
	OrgCode, TxRef, VerificationStatus,
};
use sp_core::H256;

/// Reads of a side chain's certificates at one block.
pub trait CertificateReads {
	/// The chain's block number.
	type BlockNumber;
	/// Why a read failed.
	type Error;

	/// The chain's certificate type.
	fn certificate_type(&self) -> Result<CertificateTypeId, Self::Error>;
	/// The record of certificate `id`, issued alone.
	fn certificate(
		&self,
		id: &CertificateId,
	) -> Result<Option<CertificateRecord<Self::BlockNumber>>, Self::Error>;
	/// The changed status of batched certificate `id`.
	fn batched_status(
		&self,
		id: &CertificateId,
	) -> Result<Option<BatchedStatus<Self::BlockNumber>>, Self::Error>;
	/// The batch with `root`.
	fn batch(&self, root: &H256) -> Result<Option<BatchRecord<Self::BlockNumber>>, Self::Error>;
}

/// A certificate found by id.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum FoundCertificate<BlockNumber> {
	/// Issued alone.
	Single(CertificateRecord<BlockNumber>),
	/// Part of a batch.
	Batched {
		/// The batch's root.
		root: H256,
		/// The batch.
		batch: BatchRecord<BlockNumber>,
		/// The certificate's leaf in the batch.
		leaf: BatchLeaf,
		/// Its status since it changed, if it did.
		changed: Option<BatchedStatus<BlockNumber>>,
	},
}

impl<BlockNumber> FoundCertificate<BlockNumber> {
	/// The issuer's organisation code.
	pub fn issuer(&self) -> &OrgCode {
		match self {
			FoundCertificate::Single(record) => &record.issuer,
			FoundCertificate::Batched { batch, .. } => &batch.issuer,
		}
	}

	/// The holder's identity.
	pub fn holder(&self) -> IdentityId {
		match self {
			FoundCertificate::Single(record) => record.holder,
			FoundCertificate::Batched { leaf, .. } => leaf.holder,
		}
	}

	/// Its stored status.
	pub fn status(&self) -> CertificateStatus {
		match self {
			FoundCertificate::Single(record) => record.status,
			FoundCertificate::Batched { changed, .. } => {
				changed.as_ref().map_or(CertificateStatus::Active, |changed| changed.status)
			},
		}
	}

	/// The commitment to its fields.
	pub fn commitment(&self) -> H256 {
		match self {
			FoundCertificate::Single(record) => record.commitment,
			FoundCertificate::Batched { leaf, .. } => leaf.commitment,
		}
	}

	/// When it becomes valid (Unix ms).
	pub fn valid_from(&self) -> Moment {
		match self {
			FoundCertificate::Single(record) => record.valid_from,
			FoundCertificate::Batched { leaf, .. } => leaf.valid_from,
		}
	}

	/// When it stops being valid (Unix ms), if ever.
	pub fn valid_until(&self) -> Option<Moment> {
		match self {
			FoundCertificate::Single(record) => record.valid_until,
			FoundCertificate::Batched { leaf, .. } => leaf.valid_until,
		}
	}

	/// The certificate it renewed: a batched one renews none.
	pub fn supersedes(&self) -> Option<CertificateId> {
		match self {
			FoundCertificate::Single(record) => record.supersedes,
			FoundCertificate::Batched { .. } => None,
		}
	}

	/// The certificate that renewed it: a batched one is never renewed.
	pub fn superseded_by(&self) -> Option<CertificateId> {
		match self {
			FoundCertificate::Single(record) => record.superseded_by,
			FoundCertificate::Batched { .. } => None,
		}
	}

	/// Its digital-asset metadata: a batched certificate is one of fields.
	pub fn asset(&self) -> AssetMetadata {
		match self {
			FoundCertificate::Single(record) => record.asset,
			FoundCertificate::Batched { .. } => AssetMetadata::FIELDS,
		}
	}

	/// Where its document lies, and its hash: a batched one has none.
	pub fn document(&self) -> Option<&DocumentRef> {
		match self {
			FoundCertificate::Single(record) => record.document.as_ref(),
			FoundCertificate::Batched { .. } => None,
		}
	}

	/// The root of its batch, if it is batched.
	pub fn batch_root(&self) -> Option<H256> {
		match self {
			FoundCertificate::Single(_) => None,
			FoundCertificate::Batched { root, .. } => Some(*root),
		}
	}

	/// What a verifier is told of it at `now` (Unix ms).
	pub fn verification_status(&self, now: Moment) -> VerificationStatus {
		VerificationStatus::of(
			self.status(),
			self.valid_from(),
			self.valid_until(),
			self.superseded_by().is_some(),
			now,
		)
	}
}

impl<BlockNumber: Copy> FoundCertificate<BlockNumber> {
	/// Where it was issued: alone, or with its batch.
	pub fn issued(&self) -> TxRef<BlockNumber> {
		match self {
			FoundCertificate::Single(record) => record.issued,
			FoundCertificate::Batched { batch, .. } => batch.issued,
		}
	}

	/// Its record: a batched certificate's is made of its batch's, its leaf
	/// and its change (it has no document, payload or renewal).
	pub fn record(&self) -> CertificateRecord<BlockNumber>
	where
		BlockNumber: Clone,
	{
		match self {
			FoundCertificate::Single(record) => record.clone(),
			FoundCertificate::Batched { .. } => CertificateRecord {
				issuer: self.issuer().clone(),
				holder: self.holder(),
				commitment: self.commitment(),
				valid_from: self.valid_from(),
				valid_until: self.valid_until(),
				asset: self.asset(),
				document: None,
				payload_hash: None,
				status: self.status(),
				supersedes: None,
				superseded_by: None,
				issued: self.issued(),
				last_changed: self.last_changed(),
			},
		}
	}

	/// Where it last changed: its issuance, if it never did.
	pub fn last_changed(&self) -> TxRef<BlockNumber> {
		match self {
			FoundCertificate::Single(record) => record.last_changed,
			FoundCertificate::Batched { batch, changed, .. } => {
				changed.as_ref().map_or(batch.issued, |changed| changed.last_changed)
			},
		}
	}
}

/// Why a certificate was not found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum FindError<E> {
	/// No certificate has the id, or it is batched and no membership proof
	/// was given.
	NotFound,
	/// No batch has the membership proof's root.
	UnknownBatch,
	/// The membership proof does not show the certificate in the batch.
	BadBatchProof,
	/// A read failed.
	Read(E),
}

/// Finds certificate `id`: issued alone, or in a batch by `membership`.
///
/// A batched certificate that has changed since its batch is always found
/// as batched, whatever else holds its id (a certificate issued alone may
/// share its number with a batch's member), so it needs its membership
/// proof.
pub fn find_certificate<R: CertificateReads>(
	reads: &R,
	id: &CertificateId,
	membership: Option<&BatchMembership>,
) -> Result<FoundCertificate<R::BlockNumber>, FindError<R::Error>> {
	let changed = reads.batched_status(id).map_err(FindError::Read)?;
	if changed.is_none() {
		if let Some(record) = reads.certificate(id).map_err(FindError::Read)? {
			return Ok(FoundCertificate::Single(record));
		}
	}
	let membership = membership.ok_or(FindError::NotFound)?;
	let batch =
		reads.batch(&membership.root).map_err(FindError::Read)?.ok_or(FindError::UnknownBatch)?;
	let certificate_type = reads.certificate_type().map_err(FindError::Read)?;
	if !membership.verify(batch.count)
		|| CertificateId::derive(&certificate_type, &batch.issuer, &membership.leaf.number) != *id
	{
		return Err(FindError::BadBatchProof);
	}
	Ok(FoundCertificate::Batched {
		root: membership.root,
		batch,
		leaf: membership.leaf.clone(),
		changed,
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		batch_membership, proof_fixtures::sample_record, AssetMetadata, IdentityId, TxRef,
	};
	use alloc::{collections::BTreeMap, vec::Vec};

	#[derive(Default)]
	struct Reads {
		certificates: BTreeMap<CertificateId, CertificateRecord<u32>>,
		changed: BTreeMap<CertificateId, BatchedStatus<u32>>,
		batches: BTreeMap<H256, BatchRecord<u32>>,
	}

	impl CertificateReads for Reads {
		type BlockNumber = u32;
		type Error = ();
		fn certificate_type(&self) -> Result<CertificateTypeId, ()> {
			Ok("diploma".parse().unwrap())
		}
		fn certificate(&self, id: &CertificateId) -> Result<Option<CertificateRecord<u32>>, ()> {
			Ok(self.certificates.get(id).cloned())
		}
		fn batched_status(&self, id: &CertificateId) -> Result<Option<BatchedStatus<u32>>, ()> {
			Ok(self.changed.get(id).cloned())
		}
		fn batch(&self, root: &H256) -> Result<Option<BatchRecord<u32>>, ()> {
			Ok(self.batches.get(root).cloned())
		}
	}

	fn id(number: &str) -> CertificateId {
		CertificateId::derive(
			&"diploma".parse().unwrap(),
			&"NTU".parse().unwrap(),
			&number.parse().unwrap(),
		)
	}

	/// A batch of three by NTU, recorded, and the membership of its `index`th.
	fn batch(reads: &mut Reads, index: u32) -> BatchMembership {
		let leaves: Vec<BatchLeaf> = (0..3)
			.map(|n| BatchLeaf {
				number: alloc::format!("NTU-B{n}").parse().unwrap(),
				holder: IdentityId(H256::repeat_byte(n as u8 + 1)),
				commitment: H256::repeat_byte(9),
				valid_from: 0,
				valid_until: None,
			})
			.collect();
		let membership = batch_membership(&leaves, index).unwrap();
		reads.batches.insert(
			membership.root,
			BatchRecord {
				issuer: "NTU".parse().unwrap(),
				count: 3,
				asset: AssetMetadata::FIELDS,
				issued: TxRef { block: 4, index: 1 },
			},
		);
		membership
	}

	#[test]
	fn a_single_certificate_is_found_by_id_alone() {
		let mut reads = Reads::default();
		reads.certificates.insert(id("NTU-1"), sample_record(1));
		let found = find_certificate(&reads, &id("NTU-1"), None).unwrap();
		assert_eq!(found, FoundCertificate::Single(sample_record(1)));
		let record = sample_record(1);
		assert_eq!(
			(found.commitment(), found.valid_from()),
			(record.commitment, record.valid_from)
		);
		assert_eq!((found.issued(), found.last_changed()), (record.issued, record.last_changed));
		assert_eq!(found.batch_root(), None);
		assert_eq!(
			found.verification_status(record.valid_from),
			VerificationStatus::of_record(&record, record.valid_from)
		);
		assert_eq!(find_certificate(&reads, &id("NTU-2"), None), Err(FindError::NotFound));
	}

	#[test]
	fn a_batched_certificate_needs_a_membership_proof_that_holds() {
		let mut reads = Reads::default();
		let membership = batch(&mut reads, 1);
		assert_eq!(find_certificate(&reads, &id("NTU-B1"), None), Err(FindError::NotFound));
		let found = find_certificate(&reads, &id("NTU-B1"), Some(&membership)).unwrap();
		assert_eq!(found.status(), CertificateStatus::Active);
		assert_eq!(found.verification_status(1), VerificationStatus::Valid);
		assert_eq!(
			(found.issued(), found.last_changed()),
			(TxRef { block: 4, index: 1 }, found.issued())
		);
		assert_eq!(found.batch_root(), Some(membership.root));
		assert_eq!((found.supersedes(), found.superseded_by()), (None, None));
		assert!(matches!(found, FoundCertificate::Batched { leaf, .. } if leaf == membership.leaf));
		// Another member's id, a forged leaf, an unknown batch.
		assert_eq!(
			find_certificate(&reads, &id("NTU-B2"), Some(&membership)),
			Err(FindError::BadBatchProof)
		);
		let mut forged = membership.clone();
		forged.leaf.holder = IdentityId(H256::repeat_byte(7));
		assert_eq!(
			find_certificate(&reads, &id("NTU-B1"), Some(&forged)),
			Err(FindError::BadBatchProof)
		);
		let mut elsewhere = membership;
		elsewhere.root = H256::repeat_byte(5);
		assert_eq!(
			find_certificate(&reads, &id("NTU-B1"), Some(&elsewhere)),
			Err(FindError::UnknownBatch)
		);
	}

	#[test]
	fn a_changed_batched_certificate_is_batched_whatever_else_has_its_id() {
		let mut reads = Reads::default();
		let membership = batch(&mut reads, 0);
		// A certificate issued alone with the same number, and the batched
		// one revoked since.
		reads.certificates.insert(id("NTU-B0"), sample_record(0));
		let revoked = BatchedStatus {
			batch: membership.root,
			status: CertificateStatus::Revoked { reason: 2 },
			last_changed: TxRef { block: 9, index: 1 },
		};
		reads.changed.insert(id("NTU-B0"), revoked.clone());
		assert_eq!(find_certificate(&reads, &id("NTU-B0"), None), Err(FindError::NotFound));
		let found = find_certificate(&reads, &id("NTU-B0"), Some(&membership)).unwrap();
		assert_eq!(found.status(), CertificateStatus::Revoked { reason: 2 });
		assert_eq!(found.verification_status(1), VerificationStatus::Revoked);
		assert_eq!(found.last_changed(), TxRef { block: 9, index: 1 });
		assert_eq!(found.issued(), TxRef { block: 4, index: 1 });
		assert!(
			matches!(found, FoundCertificate::Batched { changed: Some(c), .. } if c == revoked)
		);
	}
}

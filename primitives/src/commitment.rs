//! Salted commitments to a certificate's fields, and batches of
//! certificates, as binary Merkle trees.
//!
//! ## Field commitment
//!
//! Each field of a certificate becomes a leaf:
//! `blake2_256(SCALE("ecert/field/v1", index: u32, name, salt: [u8; 32], value))`.
//! The certificate's commitment is the binary Merkle root
//! (`binary-merkle-tree`, blake2-256) over its fields' leaves, in schema
//! order. A fresh random 32-byte salt per field means that nobody can test a
//! guess of a withheld field (a birth date, an ID number) against the chain.
//!
//! A holder discloses some fields by handing over, for each, its value, its
//! salt and its Merkle proof ([`DisclosedField`]); [`verify_disclosure`]
//! checks it against the on-chain commitment.
//!
//! ## Batch
//!
//! A batch of certificates is the binary Merkle root over
//! `blake2_256(SCALE("ecert/batch-leaf/v1", BatchLeaf))`, one leaf per
//! certificate. The chain keeps only the root; each holder keeps their leaf
//! and its proof ([`BatchMembership`]).

use crate::{CertificateId, CertificateNumber, CertificateTypeId, IdentityId, Moment, OrgCode};
use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ConstU32, H256};
use sp_runtime::{traits::BlakeTwo256, BoundedVec};

/// A field's random salt.
pub type Salt = H256;

/// The deepest Merkle proof accepted: trees of up to 2^24 leaves.
pub const MAX_PROOF_DEPTH: u32 = 24;

/// A Merkle proof: the sibling hashes from the leaf up.
pub type MerklePath = BoundedVec<H256, ConstU32<MAX_PROOF_DEPTH>>;

/// The leaf of field `index`, named `name`, with `salt` and `value`.
pub fn field_leaf(index: u32, name: &str, salt: &Salt, value: &str) -> H256 {
	H256(sp_crypto_hashing::blake2_256(
		&(b"ecert/field/v1", index, name, salt.as_fixed_bytes(), value).encode(),
	))
}

/// One field of a certificate, with its salt.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SaltedField {
	/// The field's name, as the type's schema spells it.
	pub name: String,
	/// The field's value.
	pub value: String,
	/// The field's salt.
	pub salt: Salt,
}

/// `values` (name and value, in schema order, as [`crate::FieldSchema::values`]
/// gives them), each with a fresh random salt.
#[cfg(feature = "wallet")]
pub fn salt_fields(values: Vec<(String, String)>) -> Vec<SaltedField> {
	use chacha20poly1305::aead::{rand_core::RngCore, OsRng};
	values
		.into_iter()
		.map(|(name, value)| {
			let mut salt = [0u8; 32];
			OsRng.fill_bytes(&mut salt);
			SaltedField { name, value, salt: salt.into() }
		})
		.collect()
}

/// The commitment to `fields`, in schema order.
pub fn commitment(fields: &[SaltedField]) -> H256 {
	binary_merkle_tree::merkle_root_raw::<BlakeTwo256, _>(leaves(fields))
}

fn leaves(fields: &[SaltedField]) -> Vec<H256> {
	fields
		.iter()
		.enumerate()
		.map(|(index, field)| field_leaf(index as u32, &field.name, &field.salt, &field.value))
		.collect()
}

/// A disclosed field: what a holder shows a verifier.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct DisclosedField {
	/// The field's position in the schema.
	pub index: u32,
	/// How many fields the certificate has.
	pub field_count: u32,
	/// The field's name.
	pub name: String,
	/// The field's value.
	pub value: String,
	/// The field's salt.
	pub salt: Salt,
	/// The field's Merkle proof.
	pub proof: Vec<H256>,
}

/// The longest field name a disclosure may carry, in bytes.
pub const MAX_FIELD_NAME_LEN: usize = 256;

/// The longest field value a disclosure may carry, in bytes.
pub const MAX_FIELD_VALUE_LEN: usize = 16 * 1024;

impl DisclosedField {
	/// Whether the name, value and proof are no longer than a disclosure
	/// may be ([`MAX_FIELD_NAME_LEN`], [`MAX_FIELD_VALUE_LEN`],
	/// [`MAX_PROOF_DEPTH`]).
	pub fn is_within_bounds(&self) -> bool {
		self.name.len() <= MAX_FIELD_NAME_LEN
			&& self.value.len() <= MAX_FIELD_VALUE_LEN
			&& self.proof.len() <= MAX_PROOF_DEPTH as usize
	}
}

/// Discloses field `index` of `fields`, or `None` if there is no such field.
pub fn disclose(fields: &[SaltedField], index: u32) -> Option<DisclosedField> {
	let field = fields.get(index as usize)?;
	let proof = binary_merkle_tree::merkle_proof_raw::<BlakeTwo256, _>(leaves(fields), index);
	Some(DisclosedField {
		index,
		field_count: fields.len() as u32,
		name: field.name.clone(),
		value: field.value.clone(),
		salt: field.salt,
		proof: proof.proof,
	})
}

/// Whether `field` is part of the certificate committed to by `commitment`.
pub fn verify_disclosure(commitment: &H256, field: &DisclosedField) -> bool {
	field.is_within_bounds()
		&& binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			commitment,
			field.proof.iter().copied(),
			field.field_count,
			field.index,
			binary_merkle_tree::Leaf::Hash(field_leaf(
				field.index,
				&field.name,
				&field.salt,
				&field.value,
			)),
		)
}

/// A selective disclosure: some fields of one certificate, each with what
/// proves it against the certificate's commitment. A holder hands it to a
/// verifier as a file or a QR code (`ecert cert disclose`, the web wallet);
/// the verifier checks it against the commitment on chain
/// ([`Disclosure::check`]).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Disclosure {
	/// The certificate's id.
	pub certificate_id: CertificateId,
	/// Its type.
	pub certificate_type: CertificateTypeId,
	/// Its issuer.
	pub issuer: OrgCode,
	/// The fields shown.
	pub fields: Vec<DisclosedField>,
}

impl Disclosure {
	/// Discloses the fields named `names` of the certificate whose salted
	/// fields are `fields`; the first name it has no field of is the error.
	pub fn of<'a>(
		certificate_id: CertificateId,
		certificate_type: CertificateTypeId,
		issuer: OrgCode,
		fields: &[SaltedField],
		names: impl IntoIterator<Item = &'a str>,
	) -> Result<Self, &'a str> {
		let fields = names
			.into_iter()
			.map(|name| {
				let index = fields.iter().position(|field| field.name == name).ok_or(name)?;
				disclose(fields, index as u32).ok_or(name)
			})
			.collect::<Result<_, _>>()?;
		Ok(Disclosure { certificate_id, certificate_type, issuer, fields })
	}

	/// Whether each field shown is part of the certificate committed to by
	/// `commitment`, in order.
	pub fn check(&self, commitment: &H256) -> Vec<bool> {
		self.fields.iter().map(|field| verify_disclosure(commitment, field)).collect()
	}
}

/// A holder's certificate file: what the issuer hands the holder
/// (`ecert cert issue --out`), and what the wallet opens. It holds the
/// certificate's fields with their salts (personal data: it stays with the
/// holder), the commitment they open, and the receipt, whose form
/// is the writer's (`Receipt`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HolderFile<Receipt> {
	/// The file format's version, [`HolderFile::VERSION`].
	pub version: u32,
	/// The certificate's id.
	pub certificate_id: CertificateId,
	/// Its type.
	pub certificate_type: CertificateTypeId,
	/// Its issuer.
	pub issuer: OrgCode,
	/// Its holder.
	pub holder: IdentityId,
	/// The fields in schema order, each with its salt.
	pub fields: Vec<SaltedField>,
	/// The commitment the salted fields open.
	pub commitment: H256,
	/// Where the issue was recorded.
	pub receipt: Receipt,
	/// For a certificate issued in a batch: its membership in the batch,
	/// which its checks and its portable proof need.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub membership: Option<BatchMembership>,
}

impl<Receipt> HolderFile<Receipt> {
	/// The format version this release writes.
	pub const VERSION: u32 = 1;

	/// The file of a certificate issued with `fields`, committed to by
	/// their [`commitment`].
	pub fn new(
		certificate_id: CertificateId,
		certificate_type: CertificateTypeId,
		issuer: OrgCode,
		holder: IdentityId,
		fields: Vec<SaltedField>,
		receipt: Receipt,
	) -> Self {
		let commitment = commitment(&fields);
		HolderFile {
			version: Self::VERSION,
			certificate_id,
			certificate_type,
			issuer,
			holder,
			fields,
			commitment,
			receipt,
			membership: None,
		}
	}

	/// Whether its fields open its commitment: false if the file was
	/// changed.
	pub fn opens_commitment(&self) -> bool {
		commitment(&self.fields) == self.commitment
	}

	/// The disclosure of its fields named `names`; the first name it has no
	/// field of is the error.
	pub fn disclose<'a>(
		&self,
		names: impl IntoIterator<Item = &'a str>,
	) -> Result<Disclosure, &'a str> {
		Disclosure::of(
			self.certificate_id,
			self.certificate_type.clone(),
			self.issuer.clone(),
			&self.fields,
			names,
		)
	}
}

/// What a batch commits to for each certificate.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct BatchLeaf {
	/// The issuer's certificate number; with the batch's organisation code
	/// and the chain's type it gives the certificate id.
	pub number: CertificateNumber,
	/// The holder's identity.
	pub holder: IdentityId,
	/// The commitment to the certificate's fields.
	pub commitment: H256,
	/// Valid from (Unix time, ms).
	pub valid_from: Moment,
	/// Valid until (Unix time, ms, exclusive), if it expires.
	pub valid_until: Option<Moment>,
}

impl BatchLeaf {
	/// The leaf's hash in the batch tree.
	pub fn hash(&self) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&(b"ecert/batch-leaf/v1", self).encode()))
	}
}

/// The root of a batch of `leaves`.
pub fn batch_root(leaves: &[BatchLeaf]) -> H256 {
	binary_merkle_tree::merkle_root_raw::<BlakeTwo256, _>(leaves.iter().map(BatchLeaf::hash))
}

/// Proof that a certificate is part of a batch.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct BatchMembership {
	/// The batch's root.
	pub root: H256,
	/// The certificate's leaf.
	pub leaf: BatchLeaf,
	/// Its position in the batch.
	pub index: u32,
	/// The Merkle proof.
	pub proof: MerklePath,
}

/// Proves that `leaves[index]` is in the batch of `leaves`.
pub fn batch_membership(leaves: &[BatchLeaf], index: u32) -> Option<BatchMembership> {
	let leaf = leaves.get(index as usize)?.clone();
	let proof = binary_merkle_tree::merkle_proof_raw::<BlakeTwo256, _>(
		leaves.iter().map(BatchLeaf::hash).collect::<Vec<_>>(),
		index,
	);
	Some(BatchMembership { root: proof.root, leaf, index, proof: proof.proof.try_into().ok()? })
}

/// The membership of every certificate in the batch of `leaves`, in
/// order: the batch's tree is built once, where [`batch_membership`] builds
/// it for each member. The tree is `binary_merkle_tree`'s: each pair of
/// nodes hashed together, an odd last node moved up as it is.
pub fn batch_memberships(leaves: &[BatchLeaf]) -> Vec<BatchMembership> {
	use sp_runtime::traits::Hash as _;
	let mut levels: Vec<Vec<H256>> = alloc::vec![leaves.iter().map(BatchLeaf::hash).collect()];
	while let Some(below) = levels.last().filter(|level| level.len() > 1) {
		let above = below
			.chunks(2)
			.map(|pair| match pair {
				[left, right] => BlakeTwo256::hash(&[left.as_bytes(), right.as_bytes()].concat()),
				_ => pair[0],
			})
			.collect();
		levels.push(above);
	}
	let root = levels.last().and_then(|level| level.first()).copied().unwrap_or_default();
	let below_root = &levels[..levels.len() - 1];
	leaves
		.iter()
		.enumerate()
		.filter_map(|(index, leaf)| {
			let index = index as u32;
			let proof: Vec<H256> = below_root
				.iter()
				.enumerate()
				.filter_map(|(level, nodes)| nodes.get(((index >> level) ^ 1) as usize).copied())
				.collect();
			Some(BatchMembership { root, leaf: leaf.clone(), index, proof: proof.try_into().ok()? })
		})
		.collect()
}

impl BatchMembership {
	/// Whether the leaf is in a batch of `count` certificates with this root.
	pub fn verify(&self, count: u32) -> bool {
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			&self.root,
			self.proof.iter().copied(),
			count,
			self.index,
			binary_merkle_tree::Leaf::Hash(self.leaf.hash()),
		)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn all_memberships_at_once_are_each_members_own() {
		for count in (1u32..=33).chain([100, 1_000]) {
			let leaves = crate::proof_fixtures::sample_batch_members(count);
			let all = batch_memberships(&leaves);
			assert_eq!(all.len() as u32, count);
			for index in (0..count).filter(|i| count <= 40 || i % 97 == 0 || *i == count - 1) {
				assert_eq!(Some(&all[index as usize]), batch_membership(&leaves, index).as_ref());
				assert!(all[index as usize].verify(count), "{count} leaves, index {index}");
			}
		}
	}

	fn diploma() -> Vec<SaltedField> {
		[
			("certificate_number", "NTU-2026-0001"),
			("name", "Chen Mei-Ling"),
			("id_number", "A123456789"),
			("birth_date", "1998-04-12"),
			("school", "National Taiwan University"),
			("degree_level", "Bachelor"),
		]
		.iter()
		.enumerate()
		.map(|(i, (name, value))| SaltedField {
			name: (*name).into(),
			value: (*value).into(),
			salt: H256::repeat_byte(i as u8 + 1),
		})
		.collect()
	}

	#[test]
	fn a_disclosure_shows_the_named_fields_and_its_check_catches_a_changed_value() {
		let fields = diploma();
		let id = CertificateId(H256::repeat_byte(1));
		let of = |names: &[&'static str]| {
			Disclosure::of(id, "diploma".parse().unwrap(), "NTU".parse().unwrap(), &fields, {
				names.iter().copied()
			})
		};
		let mut disclosure = of(&["degree_level", "school"]).unwrap();
		assert_eq!(disclosure.fields[0].value, "Bachelor");
		assert_eq!(disclosure.fields[1].index, 4);
		assert_eq!(disclosure.check(&commitment(&fields)), [true, true]);
		disclosure.fields[0].value = "Doctor".into();
		assert_eq!(disclosure.check(&commitment(&fields)), [false, true]);
		assert_eq!(of(&["school", "gpa"]), Err("gpa"));
	}

	#[test]
	fn disclosed_fields_verify_and_tampered_ones_do_not() {
		let fields = diploma();
		let root = commitment(&fields);
		for index in 0..fields.len() as u32 {
			assert!(verify_disclosure(&root, &disclose(&fields, index).unwrap()));
		}
		let school = disclose(&fields, 4).unwrap();
		let tampered = |f: fn(&mut DisclosedField)| {
			let mut field = school.clone();
			f(&mut field);
			verify_disclosure(&root, &field)
		};
		assert!(!tampered(|f| f.value = "Another University".into()));
		assert!(!tampered(|f| f.salt = H256::zero()));
		assert!(!tampered(|f| f.name = "degree_level".into()));
		assert!(!tampered(|f| f.index = 5));
		assert!(!tampered(|f| f.field_count = 7));
		assert!(!tampered(|f| f.proof.pop().map(|_| ()).unwrap_or(())));
		assert!(disclose(&fields, 6).is_none());
	}

	#[test]
	fn the_salt_hides_the_value() {
		let mut other = diploma();
		other[3].salt = H256::repeat_byte(0xaa);
		assert_ne!(commitment(&diploma()), commitment(&other));
	}

	#[test]
	fn batch_members_verify_and_strangers_do_not() {
		let leaves: Vec<BatchLeaf> = (0..1_001u32)
			.map(|i| BatchLeaf {
				number: alloc::format!("NTU-{i}").parse().unwrap(),
				holder: IdentityId(H256::repeat_byte((i % 250) as u8)),
				commitment: H256::repeat_byte(7),
				valid_from: 1_000,
				valid_until: None,
			})
			.collect();
		let root = batch_root(&leaves);
		for index in [0, 1, 500, 999, 1_000] {
			let membership = batch_membership(&leaves, index).unwrap();
			assert_eq!(membership.root, root);
			assert!(membership.verify(1_001));
			let mut stranger = membership.clone();
			stranger.leaf.number = "NTU-X".parse().unwrap();
			assert!(!stranger.verify(1_001));
		}
		// The last leaf of an odd row is promoted, so the count matters there:
		// the chain checks proofs against the count it stored.
		assert!(!batch_membership(&leaves, 1_000).unwrap().verify(1_002));
		assert!(!batch_membership(&leaves, 5).unwrap().verify(4));
	}
}

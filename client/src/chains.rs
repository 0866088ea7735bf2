//! The chains' calls and events, as Rust types generated from the runtimes'
//! metadata committed in `client/metadata/` (the runtimes' tests check it is
//! theirs; `scripts/generate-chain-specs.sh` rewrites it).
//!
//! So the client, the CLI, the relay and the bench build calls and read
//! events without linking a runtime or a pallet: a pallet edit that keeps
//! its calls and events does not rebuild them. ecert's own types stand in
//! for their generated copies (`substitute_type`), so a call is built from
//! the same `ecert-primitives` values the runtime decodes.

macro_rules! chain_types {
	($(#[$doc:meta])* $name:ident, $path:literal, $($only:tt)*) => {
		$(#[$doc])*
		#[subxt::subxt(
			runtime_metadata_path = $path,
			runtime_types_only,
			no_default_derives,
			derive_for_all_types = "::codec::Encode, ::codec::Decode, Clone, Debug",
			substitute_type(path = "ecert_primitives::anchoring::AnchoredHeader", with = "::ecert_primitives::AnchoredHeader"),
			substitute_type(path = "ecert_primitives::anchoring::AnchorLeaf", with = "::ecert_primitives::AnchorLeaf"),
			substitute_type(path = "ecert_primitives::anchoring::AnchorProof", with = "::ecert_primitives::AnchorProof"),
			substitute_type(path = "ecert_primitives::anchoring::Confirmation", with = "::ecert_primitives::Confirmation"),
			substitute_type(path = "ecert_primitives::anchoring::ChainState<A>", with = "::ecert_primitives::ChainState<A>"),
			substitute_type(path = "ecert_primitives::certificate::AssetMetadata", with = "::ecert_primitives::AssetMetadata"),
			substitute_type(path = "ecert_primitives::certificate::HashAlgorithm", with = "::ecert_primitives::HashAlgorithm"),
			substitute_type(path = "ecert_primitives::certificate::DataType", with = "::ecert_primitives::DataType"),
			substitute_type(path = "ecert_primitives::certificate::DocumentRef", with = "::ecert_primitives::DocumentRef"),
			substitute_type(path = "ecert_primitives::certificate::TxRef<A>", with = "::ecert_primitives::TxRef<A>"),
			substitute_type(path = "ecert_primitives::certificate::CertificateRecord<A>", with = "::ecert_primitives::CertificateRecord<A>"),
			substitute_type(path = "ecert_primitives::certificate::CertificateStatus", with = "::ecert_primitives::CertificateStatus"),
			substitute_type(path = "ecert_primitives::certificate_type::ChainCheckpoint", with = "::ecert_primitives::ChainCheckpoint"),
			substitute_type(path = "ecert_primitives::identity::IdentityKeys", with = "::ecert_primitives::IdentityKeys"),
			substitute_type(path = "ecert_primitives::identity::IdentityRecord<A, B>", with = "::ecert_primitives::IdentityRecord<A, B>"),
			substitute_type(path = "ecert_primitives::identity::IdentityStatus", with = "::ecert_primitives::IdentityStatus"),
			substitute_type(path = "ecert_primitives::identity::IdentityId", with = "::ecert_primitives::IdentityId"),
			substitute_type(path = "ecert_primitives::identity::KeyAgreementKey", with = "::ecert_primitives::KeyAgreementKey"),
			substitute_type(path = "ecert_primitives::identity::Role", with = "::ecert_primitives::Role"),
			substitute_type(path = "ecert_primitives::identity::SigningKey", with = "::ecert_primitives::SigningKey"),
			substitute_type(path = "ecert_primitives::ids::CertificateId", with = "::ecert_primitives::CertificateId"),
			substitute_type(path = "ecert_primitives::ids::ChainId", with = "::ecert_primitives::ChainId"),
			substitute_type(path = "ecert_primitives::ids::OrgCode", with = "::ecert_primitives::OrgCode"),
			substitute_type(path = "ecert_primitives::ids::CertificateTypeId", with = "::ecert_primitives::CertificateTypeId"),
			substitute_type(path = "ecert_primitives::issuer::IssuerRecord<A>", with = "::ecert_primitives::IssuerRecord<A>"),
			substitute_type(path = "ecert_primitives::issuer::AccreditationStatus", with = "::ecert_primitives::AccreditationStatus"),
			substitute_type(path = "ecert_primitives::text::Name", with = "::ecert_primitives::Name"),
			substitute_type(path = "sp_core::crypto::AccountId32", with = "::ecert_primitives::AccountId"),
			substitute_type(path = "primitive_types::H256", with = "::sp_core::H256"),
			substitute_type(
				path = "sp_runtime::multiaddress::MultiAddress<A, B>",
				with = "::sp_runtime::MultiAddress<A, B>"
			),
			substitute_type(
				path = "bounded_collections::bounded_vec::BoundedVec<T>",
				with = "::std::vec::Vec<T>"
			),
			substitute_type(
				path = "sp_runtime::generic::header::Header<N>",
				with = "::ecert_primitives::Header"
			),
			substitute_type(
				path = "bp_header_chain::justification::GrandpaJustification<H>",
				with = "::bp_header_chain::justification::GrandpaJustification<::ecert_primitives::Header>"
			),
			substitute_type(path = "sp_runtime::DispatchError", with = "::sp_runtime::DispatchError"),
			$($only)*
		)]
		pub mod $name {}
	};
}

chain_types!(
	/// The main chain's types: `main_chain::runtime_types::ecert_main_runtime::RuntimeCall`
	/// and the pallets' `Call`, `Event` and `Error` enums under it.
	main_chain,
	"metadata/main.scale",
		substitute_type(path = "ecert_primitives::issuer::IssuerChange<A>", with = "::ecert_primitives::IssuerChange<A>"),
		substitute_type(path = "ecert_primitives::issuer::IssuerChangeKind", with = "::ecert_primitives::IssuerChangeKind"),
		substitute_type(path = "ecert_primitives::certificate_type::CertificateTypeRecord<A>", with = "::ecert_primitives::CertificateTypeRecord<A>"),
		substitute_type(path = "ecert_primitives::certificate_type::CertificateTypeStatus", with = "::ecert_primitives::CertificateTypeStatus"),
		substitute_type(path = "ecert_primitives::certificate_type::Endpoint", with = "::ecert_primitives::Endpoint"),
		substitute_type(path = "ecert_primitives::field_schema::FieldSchema", with = "::ecert_primitives::FieldSchema"),
		substitute_type(path = "ecert_primitives::identity::Recovery<A, B>", with = "::ecert_primitives::Recovery<A, B>"),
		substitute_type(path = "ecert_primitives::identity::RegistrationRequest<A, B>", with = "::ecert_primitives::RegistrationRequest<A, B>"),
		substitute_type(path = "ecert_primitives::text::Reason", with = "::ecert_primitives::Reason"),
);
chain_types!(
	/// A side chain's types.
	side_chain,
	"metadata/side.scale",
		substitute_type(path = "ecert_primitives::certificate::BatchedStatus<A>", with = "::ecert_primitives::BatchedStatus<A>"),
		substitute_type(path = "ecert_primitives::certificate::BatchRecord<A>", with = "::ecert_primitives::BatchRecord<A>"),
		substitute_type(path = "ecert_primitives::certificate::CertificateTerms", with = "::ecert_primitives::CertificateTerms"),
		substitute_type(path = "ecert_primitives::certificate::ChangeKind", with = "::ecert_primitives::ChangeKind"),
		substitute_type(path = "ecert_primitives::certificate::Grant", with = "::ecert_primitives::Grant"),
		substitute_type(path = "ecert_primitives::certificate::Issued", with = "::ecert_primitives::Issued"),
		substitute_type(path = "ecert_primitives::certificate::CertificateChange<A>", with = "::ecert_primitives::CertificateChange<A>"),
		substitute_type(path = "ecert_primitives::certificate::VerificationRecord<A, B>", with = "::ecert_primitives::VerificationRecord<A, B>"),
		substitute_type(path = "ecert_primitives::commitment::BatchLeaf", with = "::ecert_primitives::BatchLeaf"),
		substitute_type(path = "ecert_primitives::commitment::BatchMembership", with = "::ecert_primitives::BatchMembership"),
		substitute_type(path = "ecert_primitives::ids::CertificateNumber", with = "::ecert_primitives::CertificateNumber"),
);

/// The metadata files the types above are generated from, read here too so
/// that cargo rebuilds the types whenever a file changes (the generating
/// macro reads them where cargo does not see it).
const _METADATA: [&[u8]; 2] =
	[include_bytes!("../metadata/main.scale"), include_bytes!("../metadata/side.scale")];

//! # Certificate types pallet
//!
//! The main chain's registry of certificate types, and of the side chain that
//! holds each type.
//!
//! ## Terminology
//!
//! - **Certificate type** ([`CertificateTypeId`]): `diploma`, `license`, ...
//!   Each type lives on its own side chain, run by that type's certificate
//!   authority.
//! - **Field schema** ([`FieldSchema`]): the type's fields in order, each
//!   with its kind, whether it is required, its longest value and its labels
//!   in Traditional Chinese and English. The registry stores it, and the
//!   type's record keeps its hash, so that issuers, holders and verifiers
//!   agree on what a certificate of the type holds. Clients read it from
//!   here: a new type needs no new client release.
//! - **Side-chain genesis** ([`ChainCheckpoint`]): the side chain's genesis
//!   hash and initial GRANDPA authority set and set id, from which the main
//!   chain's light client of the side chain starts.
//! - **Directory** ([`SideChainEndpoints`]): the public RPC endpoints of each
//!   type's side chain. Apps find the chain of a certificate type here, and
//!   the relay starts carrying proofs for a side chain once it is listed.
//!
//! ## Interface
//!
//! - [`Pallet::register`]: adds a type, its field schema and its side chain. This is state, not
//!   code: a new type or side chain needs no runtime upgrade.
//! - [`Pallet::retire`]: no new accreditations for a type; its certificates
//!   stay valid.
//! - [`Pallet::set_endpoints`]: lists a type's side-chain endpoints, or
//!   removes them.
//!
//! The first two are for [`Config::RegistryOrigin`], the identity authority;
//! the last for [`Config::DirectoryOrigin`]. Other
//! pallets ask whether a type is in use through
//! `Contains<CertificateTypeId>`, implemented by [`ActiveTypes`].
//!
//! ## Privacy
//!
//! Holds no personal data: names, hashes and public keys of authorities.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use core::marker::PhantomData;
use ecert_primitives::{
	CertificateTypeId, CertificateTypeRecord, CertificateTypeStatus, ChainCheckpoint, FieldSchema,
	Name, SideChainEndpoints,
};
use frame_support::{pallet_prelude::*, traits::Contains};
use frame_system::pallet_prelude::*;
use sp_core::H256;

/// A certificate type as this runtime stores it.
pub type CertificateTypeRecordOf<T> = CertificateTypeRecord<BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Registers and retires types: the identity authority.
		type RegistryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Lists the side chains' endpoints in the directory: the identity
		/// authority, or whoever it trusts to keep the directory.
		type DirectoryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most certificate types the registry holds.
		#[pallet::constant]
		type MaxCertificateTypes: Get<u32>;

		/// The weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Every certificate type ever registered, by id. Retired types stay.
	#[pallet::storage]
	pub type CertificateTypes<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, CertificateTypeId, CertificateTypeRecordOf<T>>;

	/// The field schema of every registered type, by id. The type's record
	/// keeps its hash.
	#[pallet::storage]
	pub type Schemas<T: Config> = StorageMap<_, Blake2_128Concat, CertificateTypeId, FieldSchema>;

	/// The public RPC endpoints of each type's side chain, in the order to
	/// try them. A type without any is not in the directory.
	#[pallet::storage]
	pub type Endpoints<T: Config> =
		StorageMap<_, Blake2_128Concat, CertificateTypeId, SideChainEndpoints>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Types registered from genesis: id, name, field schema, side chain.
		pub types: alloc::vec::Vec<(CertificateTypeId, Name, FieldSchema, ChainCheckpoint)>,
		/// The directory at genesis: side-chain endpoints of registered types.
		pub endpoints: alloc::vec::Vec<(CertificateTypeId, SideChainEndpoints)>,
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (id, name, schema, side_chain) in &self.types {
				if let Err(error) = Pallet::<T>::do_register(
					id.clone(),
					name.clone(),
					schema.clone(),
					side_chain.clone(),
				) {
					panic!("invalid certificate-types genesis: type {id}: {error:?}");
				}
			}
			for (id, endpoints) in &self.endpoints {
				if let Err(error) = Pallet::<T>::do_set_endpoints(id.clone(), endpoints.clone()) {
					panic!("invalid certificate-types genesis: endpoints of {id}: {error:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Type `id` was registered, held by the side chain with `genesis_hash`.
		CertificateTypeRegistered { id: CertificateTypeId, schema_hash: H256, genesis_hash: H256 },
		/// Type `id` takes no new accreditations.
		CertificateTypeRetired { id: CertificateTypeId },
		/// The directory lists `endpoints` for type `id`'s side chain (none:
		/// the type left the directory).
		EndpointsSet { id: CertificateTypeId, endpoints: SideChainEndpoints },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A type with this id is already registered.
		AlreadyExists,
		/// The registry holds `MaxCertificateTypes` types.
		TooManyTypes,
		/// The side chain's authority set is empty, or an authority has weight 0.
		BadAuthoritySet,
		/// No such type.
		NotFound,
		/// The type is already retired.
		AlreadyRetired,
		/// The field schema breaks its rules: no fields, a name twice or
		/// malformed, a longest value out of range, an enumeration without
		/// values, or a label that is not text.
		BadSchema,
		/// An endpoint is not a `ws://` or `wss://` address with a host, or
		/// is listed twice.
		BadEndpoint,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers certificate type `id`, named `name`, with its field schema
		/// and its side chain's genesis. The record keeps the schema's hash.
		///
		/// Origin: [`Config::RegistryOrigin`].
		///
		/// # Errors
		/// `AlreadyExists`, `TooManyTypes`, `BadSchema`, `BadAuthoritySet`.
		///
		/// # Events
		/// `CertificateTypeRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			id: CertificateTypeId,
			name: Name,
			schema: FieldSchema,
			side_chain: ChainCheckpoint,
		) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			Self::do_register(id, name, schema, side_chain)
		}

		/// Retires type `id`: no new issuer may be accredited for it. Its
		/// certificates and its side chain stay.
		///
		/// Origin: [`Config::RegistryOrigin`].
		///
		/// # Errors
		/// `NotFound`, `AlreadyRetired`.
		///
		/// # Events
		/// `CertificateTypeRetired`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::retire())]
		pub fn retire(origin: OriginFor<T>, id: CertificateTypeId) -> DispatchResult {
			T::RegistryOrigin::ensure_origin(origin)?;
			CertificateTypes::<T>::try_mutate(&id, |record| {
				let record = record.as_mut().ok_or(Error::<T>::NotFound)?;
				ensure!(record.status == CertificateTypeStatus::Active, Error::<T>::AlreadyRetired);
				record.status = CertificateTypeStatus::Retired;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::CertificateTypeRetired { id });
			Ok(())
		}

		/// Lists `endpoints`, in the order to try them, as the public RPC
		/// endpoints of type `id`'s side chain, in place of those listed
		/// before. An empty list takes the type out of the directory: the
		/// relay stops carrying its proofs, and apps no longer find its chain.
		///
		/// Origin: [`Config::DirectoryOrigin`].
		///
		/// # Errors
		/// `NotFound`, `BadEndpoint`.
		///
		/// # Events
		/// `EndpointsSet`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_endpoints())]
		pub fn set_endpoints(
			origin: OriginFor<T>,
			id: CertificateTypeId,
			endpoints: SideChainEndpoints,
		) -> DispatchResult {
			T::DirectoryOrigin::ensure_origin(origin)?;
			Self::do_set_endpoints(id, endpoints)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Adds type `id` to the registry.
	pub fn do_register(
		id: CertificateTypeId,
		name: Name,
		schema: FieldSchema,
		side_chain: ChainCheckpoint,
	) -> DispatchResult {
		ensure!(!CertificateTypes::<T>::contains_key(&id), Error::<T>::AlreadyExists);
		ensure!(
			CertificateTypes::<T>::count() < T::MaxCertificateTypes::get(),
			Error::<T>::TooManyTypes
		);
		ensure!(
			!side_chain.authorities.is_empty()
				&& side_chain.authorities.iter().all(|(_, weight)| *weight > 0),
			Error::<T>::BadAuthoritySet
		);
		schema.check().map_err(|_| Error::<T>::BadSchema)?;
		let schema_hash = schema.hash(&id);
		let genesis_hash = side_chain.genesis_hash;
		Schemas::<T>::insert(&id, schema);
		CertificateTypes::<T>::insert(
			&id,
			CertificateTypeRecord {
				name,
				schema_hash,
				side_chain,
				status: CertificateTypeStatus::Active,
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::CertificateTypeRegistered { id, schema_hash, genesis_hash });
		Ok(())
	}

	/// Lists `endpoints` for type `id`'s side chain, or takes the type out of
	/// the directory if there are none.
	pub fn do_set_endpoints(
		id: CertificateTypeId,
		endpoints: SideChainEndpoints,
	) -> DispatchResult {
		ensure!(CertificateTypes::<T>::contains_key(&id), Error::<T>::NotFound);
		ensure!(endpoints_keep_the_rules(&endpoints), Error::<T>::BadEndpoint);
		if endpoints.is_empty() {
			Endpoints::<T>::remove(&id);
		} else {
			Endpoints::<T>::insert(&id, &endpoints);
		}
		Self::deposit_event(Event::EndpointsSet { id, endpoints });
		Ok(())
	}

	/// Checks the pallet's invariants:
	/// - the registry holds at most `MaxCertificateTypes` types;
	/// - every id, name and authority set is well formed;
	/// - every type has a schema that keeps its rules, with the hash its
	///   record keeps, and no schema is without a type;
	/// - every type in the directory is registered, and lists endpoints that
	///   keep their rules.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(
			CertificateTypes::<T>::count() <= T::MaxCertificateTypes::get(),
			"more types than MaxCertificateTypes"
		);
		for (id, record) in CertificateTypes::<T>::iter() {
			ensure!(id.is_well_formed(), "a malformed type id");
			ensure!(record.name.is_well_formed(), "a malformed type name");
			ensure!(!record.side_chain.authorities.is_empty(), "an empty authority set");
			let schema = Schemas::<T>::get(&id).ok_or("a type without a schema")?;
			ensure!(schema.check().is_ok(), "a schema that breaks its rules");
			ensure!(schema.hash(&id) == record.schema_hash, "a schema hash that does not match");
		}
		ensure!(
			Schemas::<T>::iter_keys().all(|id| CertificateTypes::<T>::contains_key(id)),
			"a schema without a type"
		);
		for (id, endpoints) in Endpoints::<T>::iter() {
			ensure!(CertificateTypes::<T>::contains_key(&id), "endpoints without a type");
			ensure!(
				!endpoints.is_empty() && endpoints_keep_the_rules(&endpoints),
				"endpoints that break their rules"
			);
		}
		Ok(())
	}
}

/// Whether every endpoint is a well-formed address, each listed once.
fn endpoints_keep_the_rules(endpoints: &SideChainEndpoints) -> bool {
	endpoints.iter().enumerate().all(|(index, endpoint)| {
		endpoint.is_well_formed() && !endpoints[..index].contains(endpoint)
	})
}

/// The side chains the main chain's light client may track: every
/// registered type's, retired ones included (their certificates stay
/// provable).
impl<T: Config> ecert_primitives::ChainRegistry for Pallet<T> {
	fn genesis(chain: &ecert_primitives::ChainId) -> Option<ChainCheckpoint> {
		let id = chain.certificate_type()?;
		CertificateTypes::<T>::get(id).map(|record| record.side_chain)
	}
}

/// The certificate types that take new accreditations.
pub struct ActiveTypes<T>(PhantomData<T>);

impl<T: Config> Contains<CertificateTypeId> for ActiveTypes<T> {
	fn contains(id: &CertificateTypeId) -> bool {
		CertificateTypes::<T>::get(id)
			.is_some_and(|record| record.status == CertificateTypeStatus::Active)
	}
}

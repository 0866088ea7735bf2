//! `ecert_*` read methods of the main chain: identities, public keys,
//! accredited issuers and certificate types.
//!
//! Each method reads state directly at the given block (the best block by
//! default) and decodes it with `ecert-primitives`, whose storage layout
//! ([`ecert_primitives::storage`]) is the runtime's. No Wasm call is made, so
//! these reads cost what a `state_getStorage` costs.

use super::state::{bad_input, bounded, not_found, shown, State, StateError};
use ecert_primitives::{
	storage, AccountId, BlockNumber, CertificateTypeId, CertificateTypeRecord, Hash, IdentityId,
	IdentityRecord, IssuerRecord, OrgCode,
};
use ecert_rpc_api::{
	CertificateTypeView, IdentityAnswer, IdentityView, IssuerSummary, IssuerView,
	MainChainApiServer, PendingRequestView, PublicKeyView, MAX_ISSUERS_LISTED,
};
use jsonrpsee::core::RpcResult;
use sp_core::crypto::Ss58Codec;

/// Serves [`MainChainApiServer`] from a node's state.
pub struct MainChain<S> {
	state: S,
}

impl<S: State> MainChain<S> {
	/// Serves from `state`.
	pub fn new(state: S) -> Self {
		Self { state }
	}

	fn identity_record(
		&self,
		at: Hash,
		id: &IdentityId,
	) -> Result<Option<IdentityRecord<AccountId, BlockNumber>>, StateError> {
		self.state.read(at, &storage::identity(id))
	}

	/// The view of identity `id`, with its recovery in progress if any.
	fn identity_view(
		&self,
		at: Hash,
		id: IdentityId,
		record: IdentityRecord<AccountId, BlockNumber>,
	) -> Result<IdentityView, StateError> {
		let recovery = self.state.read(at, &storage::recovery(&id))?;
		Ok(IdentityView { identity_id: id, record, recovery })
	}
}

/// The longest SS58 address of a 32-byte account (48 characters with a
/// one-byte network prefix, 49 with two), with room to spare.
const MAX_ADDRESS_LEN: usize = 64;

/// An account address or a 0x-hex identity id: the longer of the two.
const MAX_ACCOUNT_OR_ID_LEN: usize = 66;

fn parse_account(text: &str) -> RpcResult<AccountId> {
	let text = bounded(text, MAX_ADDRESS_LEN, "an account address")?;
	AccountId::from_ss58check(text).map_err(|error| {
		bad_input(format!("{} is not an SS58 account address: {error}", shown(text)))
	})
}

fn parse_identity_id(text: &str) -> Option<IdentityId> {
	let hex = text.trim().strip_prefix("0x")?;
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(hex, &mut bytes).ok()?;
	Some(IdentityId(bytes.into()))
}

impl<S: State> MainChainApiServer for MainChain<S> {
	fn public_key(&self, account: String, at: Option<Hash>) -> RpcResult<PublicKeyView> {
		let account = parse_account(&account)?;
		let at = self.state.main_chain_block(at)?;
		let id: IdentityId = self
			.state
			.read(at, &storage::identity_of(&account))?
			.ok_or_else(|| not_found(format!("account {account} has no identity")))?;
		let record = self
			.identity_record(at, &id)?
			.ok_or_else(|| not_found(format!("identity {id} is missing")))?;
		Ok(PublicKeyView {
			account,
			identity_id: id,
			keys: record.keys,
			role: record.role,
			status: record.status,
		})
	}

	fn identity(&self, account_or_id: String, at: Option<Hash>) -> RpcResult<IdentityAnswer> {
		let account_or_id =
			bounded(&account_or_id, MAX_ACCOUNT_OR_ID_LEN, "an account address or identity id")?;
		let at = self.state.main_chain_block(at)?;
		if let Some(id) = parse_identity_id(account_or_id) {
			let record = self
				.identity_record(at, &id)?
				.ok_or_else(|| not_found(format!("no identity has id {id}")))?;
			return Ok(IdentityAnswer::Registered(self.identity_view(at, id, record)?));
		}
		if account_or_id.starts_with("0x") {
			return Err(bad_input(format!(
				"{} is neither an SS58 address nor a 32-byte 0x-hex identity id",
				shown(account_or_id)
			)));
		}
		let account = parse_account(account_or_id)?;
		if let Some(id) = self.state.read::<IdentityId>(at, &storage::identity_of(&account))? {
			let record = self
				.identity_record(at, &id)?
				.ok_or_else(|| not_found(format!("identity {id} is missing")))?;
			return Ok(IdentityAnswer::Registered(self.identity_view(at, id, record)?));
		}
		let request =
			self.state.read(at, &storage::registration_request(&account))?.ok_or_else(|| {
				not_found(format!("account {account} has no identity and no pending request"))
			})?;
		Ok(IdentityAnswer::Pending(PendingRequestView::new(account, request)))
	}

	fn issuer(&self, org_code: String, at: Option<Hash>) -> RpcResult<IssuerView> {
		let org_code = bounded(&org_code, OrgCode::MAX_LEN as usize, "an organisation code")?;
		let org_code: OrgCode = org_code.parse().map_err(|error| {
			bad_input(format!("{} is not an organisation code: {error}", shown(org_code)))
		})?;
		let at = self.state.main_chain_block(at)?;
		let record: IssuerRecord<BlockNumber> =
			self.state
				.read(at, &storage::issuer(&org_code))?
				.ok_or_else(|| not_found(format!("no issuer has organisation code {org_code}")))?;
		let history = (0..record.changes)
			.map(|index| {
				self.state.read(at, &storage::issuer_change(&org_code, index))?.ok_or_else(|| {
					StateError::Corrupt(format!("change {index} of {org_code} is missing"))
				})
			})
			.collect::<Result<Vec<_>, _>>()?;
		Ok(IssuerView { org_code, record, history })
	}

	fn issuers(&self, at: Option<Hash>) -> RpcResult<Vec<IssuerSummary>> {
		let at = self.state.main_chain_block(at)?;
		let entries = self.state.read_prefix_after::<OrgCode, IssuerRecord<BlockNumber>>(
			at,
			&storage::issuers_prefix(),
			None,
			MAX_ISSUERS_LISTED,
		)?;
		let mut issuers: Vec<_> = entries
			.into_iter()
			.map(|(org_code, record)| IssuerSummary { org_code, record })
			.collect();
		issuers.sort_by(|a, b| a.org_code.cmp(&b.org_code));
		Ok(issuers)
	}

	fn certificate_types(&self, at: Option<Hash>) -> RpcResult<Vec<CertificateTypeView>> {
		let at = self.state.main_chain_block(at)?;
		let entries =
			self.state.read_prefix::<CertificateTypeId, CertificateTypeRecord<BlockNumber>>(
				at,
				&storage::certificate_types_prefix(),
			)?;
		let mut types = entries
			.into_iter()
			.map(|(id, record)| {
				// The registry writes a type's record and schema together.
				let schema = self
					.state
					.read(at, &storage::field_schema(&id))?
					.ok_or_else(|| StateError::Corrupt(format!("type {id} has no field schema")))?;
				let endpoints =
					self.state.read(at, &storage::side_chain_endpoints(&id))?.unwrap_or_default();
				Ok(CertificateTypeView { id, record, schema, endpoints })
			})
			.collect::<Result<Vec<_>, StateError>>()?;
		types.sort_by(|a, b| a.id.cmp(&b.id));
		Ok(types)
	}
}

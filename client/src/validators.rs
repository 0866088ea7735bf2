//! A chain's validators, as its state stands: the accounts the governing
//! authority lists, which of them registered session keys, and who
//! validates in the current session. A listed account with keys validates
//! from the session after next; one removed stops the same way.

use crate::{council::Governed, ClientError, Node};
use codec::Decode;
use ecert_primitives::{storage, AccountId};
use jsonrpsee::rpc_params;

/// A chain's validators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validators {
	/// The current session's number.
	pub session: u32,
	/// The accounts the governing authority lists, each with whether it
	/// registered session keys (it validates only once it has).
	pub listed: Vec<(AccountId, bool)>,
	/// Who validates in the current session.
	pub active: Vec<AccountId>,
}

/// New session keys a node made and keeps, with the proof that their owner
/// holds them: what `Session.set_keys` takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKeys {
	/// The public keys, SCALE-encoded as the runtime's `SessionKeys`.
	pub keys: Vec<u8>,
	/// The signatures of the owner's account by each key.
	pub proof: Vec<u8>,
}

#[derive(serde::Deserialize)]
struct Generated {
	keys: sp_core::Bytes,
	proof: Option<sp_core::Bytes>,
}

impl Node {
	/// The chain's validators at the node's best block.
	pub async fn validators(&self) -> Result<Validators, ClientError> {
		let session = self.state(storage::session_index()).await?.unwrap_or_default();
		let accounts: Vec<AccountId> =
			self.state(storage::listed_validators()).await?.unwrap_or_default();
		let active = self.state(storage::session_validators()).await?.unwrap_or_default();
		let mut listed = Vec::with_capacity(accounts.len());
		for account in accounts {
			let keys = self.storage(storage::session_keys(&account)).await?.is_some();
			listed.push((account, keys));
		}
		Ok(Validators { session, listed, active })
	}

	/// Asks the node to make new session keys for `owner`, keep their
	/// secrets in its keystore, and prove them for `owner`
	/// (`author_rotateKeysWithOwner`, an unsafe method: the node's own RPC
	/// port, not a public one).
	pub async fn rotate_session_keys(&self, owner: &AccountId) -> Result<SessionKeys, ClientError> {
		let owner = sp_core::Bytes(codec::Encode::encode(owner));
		let made: Generated =
			self.request("author_rotateKeysWithOwner", rpc_params![owner]).await?;
		let proof = made.proof.ok_or_else(|| {
			ClientError::BadAnswer("the node's runtime made no proof of its session keys".into())
		})?;
		Ok(SessionKeys { keys: made.keys.0, proof: proof.0 })
	}
}

/// A chain's calls on its validators, in its generated types.
pub trait Validating: Governed {
	/// Lists `account` as a validator: the governing authority's call.
	fn list(account: AccountId) -> Self::Call;
	/// Takes `account` off the list: the governing authority's call.
	fn unlist(account: AccountId) -> Self::Call;
	/// Registers the signer's session `keys`: the validator's own call.
	fn set_keys(keys: &SessionKeys) -> Result<Self::Call, ClientError>;
}

macro_rules! validating {
	($chain:ty, $types:ident, $runtime:ident) => {
		impl Validating for $chain {
			fn list(account: AccountId) -> Self::Call {
				use crate::chains::$types::runtime_types::pallet_membership::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::Validators(
					Call::add_member { who: account.into() },
				)
			}

			fn unlist(account: AccountId) -> Self::Call {
				use crate::chains::$types::runtime_types::pallet_membership::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::Validators(
					Call::remove_member { who: account.into() },
				)
			}

			fn set_keys(made: &SessionKeys) -> Result<Self::Call, ClientError> {
				use crate::chains::$types::runtime_types::{
					pallet_session::pallet::Call, $runtime::SessionKeys,
				};
				let keys = SessionKeys::decode(&mut &made.keys[..]).map_err(|error| {
					ClientError::BadAnswer(format!(
						"the node's session keys are not this chain's: {error}"
					))
				})?;
				Ok(crate::chains::$types::runtime_types::$runtime::RuntimeCall::Session(
					Call::set_keys { keys, proof: made.proof.clone() },
				))
			}
		}
	};
}

validating!(crate::MainChain, main_chain, ecert_main_runtime);
validating!(crate::SideChain, side_chain, ecert_side_runtime);

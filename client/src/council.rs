//! A chain's governing council, as its state stands: who sits on it, the
//! motions open before it and their votes, and the sudo key of a
//! development chain. Read with the standard `state_getStorage`, at the
//! node's best block, so that a motion is seen as soon as a block has it.

use crate::{chains::main_chain::runtime_types::pallet_collective::Votes, ClientError, Node};
use codec::Decode;
use ecert_primitives::{storage, AccountId, BlockNumber, Hash};
use jsonrpsee::rpc_params;

/// A motion before the council.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Motion {
	/// The hash of the call it carries, which names it.
	pub hash: Hash,
	/// Its number, counted from the council's first motion.
	pub index: u32,
	/// The call it carries, SCALE-encoded.
	pub call: Vec<u8>,
	/// The call's pallet and name, as `Identity.add_registrar`.
	pub call_name: String,
	/// How many members must vote for it.
	pub threshold: u32,
	pub ayes: Vec<AccountId>,
	pub nays: Vec<AccountId>,
	/// The block from which any member may close it, carried or not.
	pub end: BlockNumber,
}

impl Motion {
	/// Whether enough members voted for it: any member may close it now.
	pub fn carried(&self) -> bool {
		self.ayes.len() as u32 >= self.threshold
	}
}

/// A chain's governing council.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Council {
	/// Its members, in the chain's order.
	pub members: Vec<AccountId>,
	/// The motions open before it, oldest first.
	pub motions: Vec<Motion>,
	/// The sudo key, on a development chain; `None` where the council alone
	/// governs.
	pub sudo: Option<AccountId>,
}

impl Council {
	/// The votes two thirds of the members make: what a motion needs to
	/// act as the chain's governing authority.
	pub fn two_thirds(&self) -> u32 {
		(self.members.len() as u32 * 2).div_ceil(3).max(1)
	}

	/// The open motion that carries `call`, if there is one.
	pub fn motion_of(&self, call: &[u8]) -> Option<&Motion> {
		let hash = Hash::from(sp_crypto_hashing::blake2_256(call));
		self.motions.iter().find(|motion| motion.hash == hash)
	}
}

impl Node {
	pub(crate) async fn state<T: Decode>(&self, key: Vec<u8>) -> Result<Option<T>, ClientError> {
		let value = self.storage(key).await?;
		value
			.map(|bytes| {
				T::decode(&mut &bytes[..]).map_err(|error| {
					ClientError::BadAnswer(format!("the chain state read does not decode: {error}"))
				})
			})
			.transpose()
	}

	/// The chain's governing council, and its open motions.
	pub async fn council(&self) -> Result<Council, ClientError> {
		let members = self.state(storage::council_members()).await?.unwrap_or_default();
		let hashes: Vec<Hash> = self.state(storage::council_motions()).await?.unwrap_or_default();
		let sudo = self.state(storage::sudo_key()).await?;
		let at = self.at_finalized().await?;
		let metadata = at.metadata_ref();
		let mut motions = Vec::with_capacity(hashes.len());
		for hash in hashes {
			let votes: Option<Votes<AccountId, BlockNumber>> =
				self.state(storage::council_votes(&hash)).await?;
			let call: Option<Vec<u8>> = self.storage(storage::council_motion_call(&hash)).await?;
			// Closed between the two reads.
			let (Some(votes), Some(call)) = (votes, call) else { continue };
			let call_name = match call.as_slice() {
				[pallet, index, ..] => metadata
					.pallet_by_call_index(*pallet)
					.and_then(|pallet| {
						let variant = pallet.call_variant_by_index(*index)?;
						Some(format!("{}.{}", pallet.name(), variant.name))
					})
					.unwrap_or_else(|| format!("call {pallet}/{index}")),
				_ => "an empty call".into(),
			};
			motions.push(Motion {
				hash,
				index: votes.index,
				call,
				call_name,
				threshold: votes.threshold,
				ayes: votes.ayes,
				nays: votes.nays,
				end: votes.end,
			});
		}
		Ok(Council { members, motions, sudo })
	}
}

/// A chain's calls to its governing authority, in its generated types:
/// sudo (development chains), and the council's motions.
pub trait Governed: crate::ChainRuntime {
	/// `call`, dispatched by the sudo key as root.
	fn sudo(call: Self::Call) -> Self::Call;
	/// A motion carrying `call` (`length` bytes encoded), carried once
	/// `threshold` members vote for it.
	fn propose(threshold: u32, call: Self::Call, length: u32) -> Self::Call;
	/// A member's vote on `motion`.
	fn vote(motion: &Motion, aye: bool) -> Self::Call;
	/// Closes `motion`: dispatches its call if carried, drops it otherwise.
	/// `weight` bounds the call's (its `ref_time` and `proof_size`).
	fn close(motion: &Motion, weight: (u64, u64)) -> Self::Call;
	/// Authorises the runtime code whose hash is `code_hash`: the governing
	/// authority's call.
	fn authorize_upgrade(code_hash: Hash) -> Self::Call;
	/// Applies authorised runtime `code`: anyone's call.
	fn apply_authorized_upgrade(code: Vec<u8>) -> Self::Call;
}

macro_rules! governed {
	($chain:ty, $types:ident, $runtime:ident) => {
		impl Governed for $chain {
			fn sudo(call: Self::Call) -> Self::Call {
				use crate::chains::$types::runtime_types::pallet_sudo::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::Sudo(Call::sudo {
					call: Box::new(call),
				})
			}

			fn propose(threshold: u32, call: Self::Call, length: u32) -> Self::Call {
				use crate::chains::$types::runtime_types::pallet_collective::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::Council(
					Call::propose { threshold, proposal: Box::new(call), length_bound: length },
				)
			}

			fn vote(motion: &Motion, aye: bool) -> Self::Call {
				use crate::chains::$types::runtime_types::pallet_collective::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::Council(Call::vote {
					proposal: motion.hash,
					index: motion.index,
					approve: aye,
				})
			}

			fn close(motion: &Motion, (ref_time, proof_size): (u64, u64)) -> Self::Call {
				use crate::chains::$types::runtime_types::{
					pallet_collective::pallet::Call, sp_weights::weight_v2::Weight,
				};
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::Council(Call::close {
					proposal_hash: motion.hash,
					index: motion.index,
					proposal_weight_bound: Weight { ref_time, proof_size },
					length_bound: motion.call.len() as u32,
				})
			}

			fn authorize_upgrade(code_hash: Hash) -> Self::Call {
				use crate::chains::$types::runtime_types::pallet_chain_info::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::ChainInfo(
					Call::authorize_upgrade { code_hash },
				)
			}

			fn apply_authorized_upgrade(code: Vec<u8>) -> Self::Call {
				use crate::chains::$types::runtime_types::frame_system::pallet::Call;
				crate::chains::$types::runtime_types::$runtime::RuntimeCall::System(
					Call::apply_authorized_upgrade { code },
				)
			}
		}
	};
}

governed!(crate::MainChain, main_chain, ecert_main_runtime);
governed!(crate::SideChain, side_chain, ecert_side_runtime);

impl Node {
	/// The hash of the runtime code authorised and not applied yet, if any.
	pub async fn authorized_upgrade(&self) -> Result<Option<Hash>, ClientError> {
		// Its hash comes first.
		self.state(storage::authorized_upgrade()).await
	}

	/// The runtime's spec version at block `at` (the best block if `None`).
	pub async fn spec_version(&self, at: Option<Hash>) -> Result<u32, ClientError> {
		let version: serde_json::Value =
			self.request("state_getRuntimeVersion", rpc_params![at]).await?;
		version["specVersion"]
			.as_u64()
			.and_then(|version| u32::try_from(version).ok())
			.ok_or_else(|| ClientError::BadAnswer(format!("not a runtime version: {version}")))
	}

	/// The weight the runtime charges `call` (SCALE-encoded), as its
	/// `TransactionPaymentCallApi` gives it: `(ref_time, proof_size)`.
	pub async fn call_weight(&self, call: &[u8]) -> Result<(u64, u64), ClientError> {
		let mut arguments = call.to_vec();
		arguments.extend_from_slice(&(call.len() as u32).to_le_bytes());
		let arguments = format!("0x{}", hex::encode(arguments));
		let answer: sp_core::Bytes = self
			.request(
				"state_call",
				rpc_params!["TransactionPaymentCallApi_query_call_info", arguments],
			)
			.await?;
		// The dispatch info starts with the weight.
		let weight = sp_runtime::Weight::decode(&mut &answer[..]).map_err(|error| {
			ClientError::BadAnswer(format!("the call's weight does not decode: {error}"))
		})?;
		Ok((weight.ref_time(), weight.proof_size()))
	}
}

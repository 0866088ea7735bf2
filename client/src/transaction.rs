//! Signed transactions and their receipts, through subxt.
//!
//! A call is built with the chain's `RuntimeCall` type, generated from its
//! metadata ([`crate::chains`]). subxt then reads it back
//! against the node's metadata (an error if the node's runtime has no such
//! call, or a different shape for it), signs it with the extensions the
//! metadata lists, submits it and follows it to a block.

use crate::{
	chains::{main_chain, side_chain},
	rpc::with_data,
	ClientError, Node,
};
use codec::{Decode, Encode};
use ecert_primitives::{storage, AccountId, BlockNumber, Hash};
use futures::future::join_all;
use sp_core::{crypto::Pair as _, sr25519};
use sp_runtime::DispatchError;
use std::{fmt, time::Duration};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	config::SubstrateExtrinsicParamsBuilder,
	error::{BackendError, ExtrinsicError, RpcError as SubxtRpcError},
	ext::scale_value::Composite,
	transactions::{
		DynamicPayload, SubmittableTransaction, TransactionInBlock, TransactionProgress,
		TransactionStatus,
	},
	utils::{AccountId32, MultiSignature},
	SubstrateConfig,
};

/// How long to wait for a block to include a transaction.
const INCLUSION_TIMEOUT: Duration = Duration::from_secs(60);

type AtBlock = ClientAtBlock<SubstrateConfig, OnlineClientAtBlockImpl<SubstrateConfig>>;
type Progress = TransactionProgress<SubstrateConfig, OnlineClientAtBlockImpl<SubstrateConfig>>;
type Signed = SubmittableTransaction<SubstrateConfig, OnlineClientAtBlockImpl<SubstrateConfig>>;
type InBlock = TransactionInBlock<SubstrateConfig, OnlineClientAtBlockImpl<SubstrateConfig>>;

/// A chain the client can build transactions for: the encoding of its calls
/// and events.
pub trait ChainRuntime {
	/// The runtime's call.
	type Call: Encode;
	/// The runtime's event.
	type Event: Decode + fmt::Debug + Clone;
}

/// The main chain, with its calls and events generated from its metadata.
pub struct MainChain;

impl ChainRuntime for MainChain {
	type Call = main_chain::runtime_types::ecert_main_runtime::RuntimeCall;
	type Event = main_chain::runtime_types::ecert_main_runtime::RuntimeEvent;
}

/// A side chain, with its calls and events generated from its metadata.
pub struct SideChain;

impl ChainRuntime for SideChain {
	type Call = side_chain::runtime_types::ecert_side_runtime::RuntimeCall;
	type Event = side_chain::runtime_types::ecert_side_runtime::RuntimeEvent;
}

/// The error of a failed transaction, if `event` says it failed: the
/// system's `ExtrinsicFailed`, or sudo's `Sudid` or the council's
/// `Executed` with the error of the call it made.
fn failure(pallet: &str, event: &str, mut fields: &[u8]) -> Option<DispatchError> {
	match event {
		"ExtrinsicFailed" if pallet == storage::SYSTEM_PALLET => {
			DispatchError::decode(&mut fields).ok()
		},
		"Sudid" if pallet == storage::SUDO_PALLET => {
			Result::<(), DispatchError>::decode(&mut fields).ok()?.err()
		},
		"Executed" | "MemberExecuted" if pallet == storage::COUNCIL_PALLET => {
			<(Hash, Result<(), DispatchError>)>::decode(&mut fields).ok()?.1.err()
		},
		_ => None,
	}
}

/// Names `error` as `Pallet(Error)` from the chain's metadata.
fn describe(metadata: &subxt::Metadata, error: &DispatchError) -> String {
	let DispatchError::Module(module) = error else { return format!("{error:?}") };
	metadata
		.pallet_by_error_index(module.index)
		.and_then(|pallet| {
			let variant = pallet.error_variant_by_index(module.error[0])?;
			Some(format!("{}({})", pallet.name(), variant.name))
		})
		.unwrap_or_else(|| format!("{error:?}"))
}

/// Where a transaction was recorded: seed API 2's answer.
#[derive(Clone, Debug)]
pub struct Receipt<Event> {
	/// The transaction's hash.
	pub tx_hash: Hash,
	/// The number of the block that includes it.
	pub block_number: BlockNumber,
	/// The hash of that block.
	pub block_hash: Hash,
	/// The transaction's index in the block.
	pub index: u32,
	/// The events the transaction emitted.
	pub events: Vec<Event>,
}

/// An sr25519 key as subxt's signer.
struct PairSigner<'a>(&'a sr25519::Pair);

impl subxt::tx::Signer<SubstrateConfig> for PairSigner<'_> {
	fn account_id(&self) -> AccountId32 {
		AccountId32(self.0.public().0)
	}

	fn sign(&self, payload: &[u8]) -> MultiSignature {
		MultiSignature::Sr25519(self.0.sign(payload).0)
	}
}

/// Why subxt could not build or send a transaction, in our terms: a node
/// that refuses it rejects it; one that cannot be reached is a network
/// problem.
fn submission_error(error: ExtrinsicError) -> ClientError {
	match error {
		ExtrinsicError::ErrorSubmittingTransaction(BackendError::Rpc(
			SubxtRpcError::ClientError(subxt::rpcs::Error::User(error)),
		)) => ClientError::Rejected(with_data(error.message, error.data.as_deref())),
		ExtrinsicError::ErrorSubmittingTransaction(error) => {
			ClientError::Rejected(error.to_string())
		},
		ExtrinsicError::TransactionStatusError(error) => ClientError::Rejected(error.to_string()),
		other => ClientError::BadAnswer(other.to_string()),
	}
}

/// `call` as subxt's payload: read back against the node's metadata, so a
/// node whose runtime has no such call, or a different shape for it, is
/// found out before anything is signed or sent.
fn payload<R: ChainRuntime>(
	at: &AtBlock,
	call: &R::Call,
) -> Result<DynamicPayload<Composite<()>>, ClientError> {
	at.tx().from_call_data_bytes(&call.encode()).map_err(|error| {
		ClientError::BadAnswer(format!(
			"the node's runtime does not take this call as this client builds it \
			 (is the client older or newer than the node?): {error}"
		))
	})
}

/// Signs `call` at block `at` as `signer` with `nonce`, as an immortal
/// transaction without a tip.
fn sign_at<R: ChainRuntime>(
	at: &AtBlock,
	signer: &sr25519::Pair,
	nonce: u32,
	call: &R::Call,
) -> Result<Signed, ClientError> {
	let payload = payload::<R>(at, call)?;
	let params =
		SubstrateExtrinsicParamsBuilder::<SubstrateConfig>::new().nonce(nonce.into()).immortal();
	at.tx()
		.create_signable_offline(&payload, params.build())
		.and_then(|mut signable| signable.sign(&PairSigner(signer)))
		.map_err(|error| ClientError::BadAnswer(format!("cannot build the transaction: {error}")))
}

impl Node {
	pub(crate) async fn at_finalized(&self) -> Result<AtBlock, ClientError> {
		self.chain()
			.await?
			.at_current_block()
			.await
			.map_err(|error| ClientError::BadAnswer(error.to_string()))
	}

	/// The constant `pallet::name` of the node's runtime, from its metadata
	/// (a limit the runtime sets, such as how many records one call takes).
	pub async fn constant<T: Decode>(&self, pallet: &str, name: &str) -> Result<T, ClientError> {
		let at = self.at_finalized().await?;
		let constant = at
			.metadata_ref()
			.pallet_by_name(pallet)
			.and_then(|pallet| pallet.constant_by_name(name))
			.ok_or_else(|| {
				ClientError::BadAnswer(format!("the chain has no constant {pallet}::{name}"))
			})?;
		T::decode(&mut constant.value()).map_err(|error| {
			ClientError::BadAnswer(format!(
				"the constant {pallet}::{name} does not decode: {error}"
			))
		})
	}

	/// The nonce `signer`'s next transaction takes, counting those waiting
	/// in the node's pool.
	pub async fn next_nonce(&self, signer: &sr25519::Pair) -> Result<u32, ClientError> {
		let account = AccountId::from(signer.public());
		Ok(self
			.request("system_accountNextIndex", jsonrpsee::rpc_params![account.to_string()])
			.await?)
	}

	/// Signs `calls` as `signer` with nonces from `nonce` on, without
	/// submitting them: each encoded transaction with its hash.
	pub async fn sign_all<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		nonce: u32,
		calls: &[R::Call],
	) -> Result<Vec<(Vec<u8>, Hash)>, ClientError> {
		let at = self.at_finalized().await?;
		(nonce..)
			.zip(calls)
			.map(|(nonce, call)| {
				let signed = sign_at::<R>(&at, signer, nonce, call)?;
				Ok((signed.encoded().to_vec(), signed.hash()))
			})
			.collect()
	}

	/// Submits `call` as an unsigned transaction (one that the runtime
	/// checks by its content, such as a finality proof) to the pool, without
	/// following it. Gives its hash.
	pub async fn submit_unsigned<R: ChainRuntime>(
		&self,
		call: &R::Call,
	) -> Result<Hash, ClientError> {
		let at = self.at_finalized().await?;
		let transaction = at.tx().create_unsigned(&payload::<R>(&at, call)?).map_err(|error| {
			ClientError::BadAnswer(format!("cannot build the transaction: {error}"))
		})?;
		transaction.submit().await.map_err(submission_error)
	}

	/// Signs `call` as `signer`, submits it and waits until a block includes
	/// it. Fails with [`ClientError::Rejected`] if the pool refuses it or
	/// its dispatch fails.
	pub async fn submit<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		call: R::Call,
	) -> Result<Receipt<R::Event>, ClientError> {
		self.submit_all::<R>(signer, vec![call])
			.await?
			.pop()
			.unwrap_or_else(|| Err(ClientError::Timeout("the transaction was not followed".into())))
	}

	/// Signs `calls` as `signer` with consecutive nonces, submits them all
	/// at once, and waits until blocks include them: many transactions in a
	/// few blocks. Gives one result per call, in order: its receipt, or why
	/// it failed (refused by the pool, failed in its block, or not included
	/// in time). A call the pool refuses does not use up a nonce.
	pub async fn submit_all<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		calls: Vec<R::Call>,
	) -> Result<Vec<Result<Receipt<R::Event>, ClientError>>, ClientError> {
		let mut nonce = self.next_nonce(signer).await?;
		let at = self.at_finalized().await?;
		let mut submitted: Vec<Result<Progress, ClientError>> = Vec::new();
		for call in &calls {
			let progress = match sign_at::<R>(&at, signer, nonce, call) {
				Ok(signed) => signed.submit_and_watch().await.map_err(submission_error),
				Err(error) => Err(error),
			};
			if progress.is_ok() {
				nonce += 1;
			}
			submitted.push(progress);
		}
		let deadline = INCLUSION_TIMEOUT + Duration::from_millis(100) * calls.len() as u32;
		Ok(join_all(submitted.into_iter().map(|progress| async move {
			let progress = progress?;
			let tx_hash = progress.extrinsic_hash();
			tokio::time::timeout(deadline, follow::<R>(progress)).await.unwrap_or_else(|_| {
				Err(ClientError::Timeout(format!(
					"no block included transaction {tx_hash:?} within {} s",
					deadline.as_secs()
				)))
			})
		}))
		.await)
	}
}

/// Follows a submitted transaction until a block includes it. A best block
/// whose events cannot be read any more (the node has let it go, as it may
/// under load) is passed over for the next report: the finalized block.
async fn follow<R: ChainRuntime>(mut progress: Progress) -> Result<Receipt<R::Event>, ClientError> {
	while let Some(status) = progress.next().await {
		match status.map_err(|error| ClientError::BadAnswer(error.to_string()))? {
			TransactionStatus::InBestBlock(in_block) => match receipt::<R>(&in_block).await {
				Err(ClientError::BadAnswer(_)) => continue,
				done => return done,
			},
			TransactionStatus::InFinalizedBlock(in_block) => return receipt::<R>(&in_block).await,
			TransactionStatus::Invalid { message }
			| TransactionStatus::Dropped { message }
			| TransactionStatus::Error { message } => return Err(ClientError::Rejected(message)),
			_ => {},
		}
	}
	Err(ClientError::Timeout("the node stopped reporting on the transaction".into()))
}

/// The receipt of a transaction in `in_block`: its events, or why the
/// chain refused it.
async fn receipt<R: ChainRuntime>(in_block: &InBlock) -> Result<Receipt<R::Event>, ClientError> {
	let in_block_events =
		in_block.fetch_events().await.map_err(|error| ClientError::BadAnswer(error.to_string()))?;
	let at = in_block.at().await.map_err(|error| ClientError::BadAnswer(error.to_string()))?;
	let events = in_block_events
		.iter()
		.map(|event| {
			let event = event.map_err(|error| ClientError::BadAnswer(error.to_string()))?;
			if let Some(error) =
				failure(event.pallet_name(), event.event_name(), event.field_bytes())
			{
				return Err(ClientError::Rejected(describe(at.metadata_ref(), &error)));
			}
			let mut bytes = vec![event.pallet_index(), event.event_index()];
			bytes.extend_from_slice(event.field_bytes());
			R::Event::decode(&mut &bytes[..]).map_err(|error| {
				ClientError::BadAnswer(format!("an event does not decode: {error}"))
			})
		})
		.collect::<Result<Vec<_>, _>>()?;
	Ok(Receipt {
		tx_hash: in_block.extrinsic_hash(),
		block_number: at.block_number() as BlockNumber,
		block_hash: in_block.block_hash(),
		index: in_block_events.extrinsic_index() as u32,
		events,
	})
}

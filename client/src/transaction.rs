//! Signed transactions and their receipts.

use crate::{ClientError, Rpc};
use codec::{Decode, Encode};
use ecert_primitives::{AccountId, BlockNumber, Hash};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_runtime::{generic::Era, DispatchError, MultiAddress, MultiSignature};
use std::{
	fmt,
	time::{Duration, Instant},
};

/// How long to wait for a block to include a transaction.
const INCLUSION_TIMEOUT: Duration = Duration::from_secs(60);

/// A runtime that the client can build transactions for.
pub trait ChainRuntime {
	/// The runtime's call.
	type Call: Encode;
	/// The runtime's event.
	type Event: Decode + fmt::Debug + Clone;
	/// The runtime's transaction extension.
	type Extension: Encode;

	/// The extension of an immortal transaction with `nonce` and no tip.
	fn extension(nonce: u32) -> Self::Extension;

	/// The encoded signed transaction.
	fn transaction(
		call: Self::Call,
		signer: AccountId,
		signature: MultiSignature,
		extension: Self::Extension,
	) -> Vec<u8>;

	/// The error of a failed transaction, if `event` says it failed; a call
	/// made through sudo fails with its own error.
	fn failure(event: &Self::Event) -> Option<DispatchError>;

	/// Names `error` as `Pallet::Error`.
	fn describe(error: &DispatchError) -> String;
}

macro_rules! chain_runtime {
	($(#[$doc:meta])* $name:ident, $runtime:ident) => {
		$(#[$doc])*
		pub struct $name;

		impl ChainRuntime for $name {
			type Call = $runtime::RuntimeCall;
			type Event = $runtime::RuntimeEvent;
			type Extension = $runtime::TxExtension;

			fn extension(nonce: u32) -> Self::Extension {
				type R = $runtime::Runtime;
				(
					frame_system::CheckNonZeroSender::<R>::new(),
					frame_system::CheckSpecVersion::<R>::new(),
					frame_system::CheckTxVersion::<R>::new(),
					frame_system::CheckGenesis::<R>::new(),
					frame_system::CheckEra::<R>::from(Era::Immortal),
					frame_system::CheckNonce::<R>::from(nonce),
					frame_system::CheckWeight::<R>::new(),
					pallet_transaction_payment::ChargeTransactionPayment::<R>::from(0),
					frame_system::WeightReclaim::<R>::new(),
				)
			}

			fn transaction(
				call: Self::Call,
				signer: AccountId,
				signature: MultiSignature,
				extension: Self::Extension,
			) -> Vec<u8> {
				$runtime::UncheckedExtrinsic::new_signed(
					call,
					MultiAddress::Id(signer),
					signature,
					extension,
				)
				.encode()
			}

			fn failure(event: &Self::Event) -> Option<DispatchError> {
				match event {
					$runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
						dispatch_error,
						..
					}) => Some(*dispatch_error),
					$runtime::RuntimeEvent::Sudo(pallet_sudo::Event::Sudid {
						sudo_result: Err(error),
					}) => Some(*error),
					_ => None,
				}
			}

			fn describe(error: &DispatchError) -> String {
				match $runtime::RuntimeError::from_dispatch_error(*error) {
					Some(error) => format!("{error:?}"),
					None => format!("{error:?}"),
				}
			}
		}
	};
}

chain_runtime!(
	/// The main chain's runtime.
	MainChain,
	ecert_main_runtime
);
chain_runtime!(
	/// A side chain's runtime.
	SideChain,
	ecert_side_runtime
);

/// The chain facts a signature covers besides the call: the genesis hash and
/// the runtime's spec and transaction versions.
#[derive(Clone, Copy, Debug)]
pub struct SigningContext {
	/// The chain's genesis hash.
	pub genesis: Hash,
	/// The runtime's spec version.
	pub spec_version: u32,
	/// The runtime's transaction version.
	pub transaction_version: u32,
}

impl SigningContext {
	/// Signs `call` as `signer` with `nonce`, as an immortal transaction
	/// without a tip. Gives the encoded transaction and its hash.
	pub fn sign<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		nonce: u32,
		call: R::Call,
	) -> (Vec<u8>, Hash) {
		let extension = R::extension(nonce);
		// What the extensions add to the signed payload without sending it:
		// spec and transaction versions, the genesis hash, and the era's
		// block hash (the genesis hash for an immortal transaction).
		let implicit = (self.spec_version, self.transaction_version, self.genesis, self.genesis);
		let payload = (&call, &extension, implicit).encode();
		let signature = if payload.len() > 256 {
			signer.sign(&sp_crypto_hashing::blake2_256(&payload))
		} else {
			signer.sign(&payload)
		};
		let account = AccountId::from(signer.public());
		let transaction =
			R::transaction(call, account, MultiSignature::Sr25519(signature), extension);
		let hash = Hash::from(sp_crypto_hashing::blake2_256(&transaction));
		(transaction, hash)
	}
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

#[derive(Decode)]
struct EventRecord<Event> {
	phase: frame_system::Phase,
	event: Event,
	_topics: Vec<H256>,
}

pub(crate) fn parse_hash(value: &Value) -> Result<Hash, ClientError> {
	let text =
		value.as_str().ok_or_else(|| ClientError::BadAnswer(format!("{value} is not a hash")))?;
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut bytes)
		.map_err(|_| ClientError::BadAnswer(format!("{text} is not a hash")))?;
	Ok(bytes.into())
}

pub(crate) fn parse_bytes(value: &Value) -> Result<Vec<u8>, ClientError> {
	let text =
		value.as_str().ok_or_else(|| ClientError::BadAnswer(format!("{value} is not hex")))?;
	hex::decode(text.trim_start_matches("0x"))
		.map_err(|_| ClientError::BadAnswer(format!("{text} is not hex")))
}

fn parse_number(value: &Value) -> Result<BlockNumber, ClientError> {
	let text = value.as_str().unwrap_or_default();
	BlockNumber::from_str_radix(text.trim_start_matches("0x"), 16)
		.map_err(|_| ClientError::BadAnswer(format!("{value} is not a block number")))
}

impl Rpc {
	/// Signs `call` as `signer`, submits it and waits until a block includes
	/// it. Fails with [`ClientError::Rejected`] if the pool refuses it or
	/// its dispatch fails.
	pub fn submit<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		call: R::Call,
	) -> Result<Receipt<R::Event>, ClientError> {
		let account = AccountId::from(signer.public());
		let nonce = self.call("system_accountNextIndex", json!([account.to_string()]))?;
		let nonce =
			nonce.as_u64().ok_or_else(|| ClientError::BadAnswer(format!("nonce {nonce}")))? as u32;
		let context = self.signing_context()?;
		let (transaction, tx_hash) = context.sign::<R>(signer, nonce, call);
		let start = parse_number(&self.call("chain_getHeader", json!([]))?["number"])?;
		self.send(&transaction)?;
		self.wait_for::<R>(tx_hash, start)
	}

	/// What signing a transaction for this node's chain needs.
	pub fn signing_context(&self) -> Result<SigningContext, ClientError> {
		let genesis = parse_hash(&self.call("chain_getBlockHash", json!([0]))?)?;
		let version = self.call("state_getRuntimeVersion", json!([]))?;
		Ok(SigningContext {
			genesis,
			spec_version: version["specVersion"].as_u64().unwrap_or_default() as u32,
			transaction_version: version["transactionVersion"].as_u64().unwrap_or_default() as u32,
		})
	}

	/// Submits an encoded signed transaction to the pool, without waiting.
	pub fn send(&self, transaction: &[u8]) -> Result<(), ClientError> {
		self.call("author_submitExtrinsic", json!([format!("0x{}", hex::encode(transaction))]))
			.map(|_| ())
			.map_err(|error| match error {
				crate::RpcError::Call { message, .. } => ClientError::Rejected(message),
				other => ClientError::Rpc(other),
			})
	}

	/// The number of the best block.
	pub fn best_number(&self) -> Result<BlockNumber, ClientError> {
		parse_number(&self.call("chain_getHeader", json!([]))?["number"])
	}

	/// The number of the last finalized block.
	pub fn finalized_number(&self) -> Result<BlockNumber, ClientError> {
		let hash = self.call("chain_getFinalizedHead", json!([]))?;
		parse_number(&self.call("chain_getHeader", json!([hash]))?["number"])
	}

	/// The hashes of the transactions in block `number` of the best chain.
	pub fn transaction_hashes(&self, number: BlockNumber) -> Result<Vec<Hash>, ClientError> {
		let block_hash = self.call("chain_getBlockHash", json!([number]))?;
		let block = self.call("chain_getBlock", json!([block_hash]))?;
		block["block"]["extrinsics"]
			.as_array()
			.cloned()
			.unwrap_or_default()
			.iter()
			.map(|extrinsic| {
				Ok(Hash::from(sp_crypto_hashing::blake2_256(&parse_bytes(extrinsic)?)))
			})
			.collect()
	}

	/// Waits until blocks from `next` on include every transaction of
	/// `hashes`; gives each one's receipt, or a timeout for those no block
	/// included by `deadline`.
	fn wait_for_all<R: ChainRuntime>(
		&self,
		hashes: &[Hash],
		mut next: BlockNumber,
		deadline: Instant,
	) -> Result<Vec<Result<Receipt<R::Event>, ClientError>>, ClientError> {
		let mut found: Vec<Option<Result<Receipt<R::Event>, ClientError>>> =
			hashes.iter().map(|_| None).collect();
		while found.iter().any(Option::is_none) && Instant::now() < deadline {
			let best = parse_number(&self.call("chain_getHeader", json!([]))?["number"])?;
			while next <= best {
				let block_hash = parse_hash(&self.call("chain_getBlockHash", json!([next]))?)?;
				let block = self.call("chain_getBlock", json!([block_hash]))?;
				let extrinsics =
					block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
				for (index, extrinsic) in extrinsics.iter().enumerate() {
					let hash = Hash::from(sp_crypto_hashing::blake2_256(&parse_bytes(extrinsic)?));
					if let Some(position) = hashes.iter().position(|wanted| *wanted == hash) {
						found[position] =
							Some(self.receipt::<R>(hash, next, block_hash, index as u32));
					}
				}
				next += 1;
			}
			if found.iter().any(Option::is_none) {
				std::thread::sleep(Duration::from_millis(200));
			}
		}
		Ok(hashes
			.iter()
			.zip(found)
			.map(|(hash, result)| {
				result.unwrap_or_else(|| {
					Err(ClientError::Timeout(format!(
						"no block included transaction {hash:?} in time"
					)))
				})
			})
			.collect())
	}

	fn wait_for<R: ChainRuntime>(
		&self,
		tx_hash: Hash,
		next: BlockNumber,
	) -> Result<Receipt<R::Event>, ClientError> {
		let deadline = Instant::now() + INCLUSION_TIMEOUT;
		self.wait_for_all::<R>(&[tx_hash], next, deadline)?.pop().unwrap_or_else(|| {
			Err(ClientError::Timeout(format!(
				"no block included transaction {tx_hash:?} within {} s",
				INCLUSION_TIMEOUT.as_secs()
			)))
		})
	}

	/// Signs `calls` as `signer` with consecutive nonces, submits them all
	/// at once, and waits until blocks include them: many transactions in a
	/// few blocks. Gives one result per call, in order: its receipt, or why
	/// it failed (refused by the pool, failed in its block, or not included
	/// in time). A call the pool refuses does not use up a nonce.
	pub fn submit_all<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		calls: Vec<R::Call>,
	) -> Result<Vec<Result<Receipt<R::Event>, ClientError>>, ClientError> {
		let account = AccountId::from(signer.public());
		let nonce = self.call("system_accountNextIndex", json!([account.to_string()]))?;
		let mut nonce =
			nonce.as_u64().ok_or_else(|| ClientError::BadAnswer(format!("nonce {nonce}")))? as u32;
		let context = self.signing_context()?;
		let start = parse_number(&self.call("chain_getHeader", json!([]))?["number"])?;
		let mut sent = Vec::new();
		let mut results: Vec<Option<Result<Receipt<R::Event>, ClientError>>> = Vec::new();
		for call in calls {
			let (transaction, tx_hash) = context.sign::<R>(signer, nonce, call);
			match self.send(&transaction) {
				Ok(()) => {
					nonce += 1;
					sent.push(tx_hash);
					results.push(None);
				},
				Err(error) => results.push(Some(Err(error))),
			}
		}
		let deadline =
			Instant::now() + INCLUSION_TIMEOUT + Duration::from_millis(100) * sent.len() as u32;
		let mut included = self.wait_for_all::<R>(&sent, start, deadline)?.into_iter();
		Ok(results
			.into_iter()
			.map(|result| match result {
				Some(refused) => refused,
				None => included.next().unwrap_or_else(|| {
					Err(ClientError::Timeout("the transaction was not followed".into()))
				}),
			})
			.collect())
	}

	fn receipt<R: ChainRuntime>(
		&self,
		tx_hash: Hash,
		block_number: BlockNumber,
		block_hash: Hash,
		index: u32,
	) -> Result<Receipt<R::Event>, ClientError> {
		let key = format!(
			"0x{}{}",
			hex::encode(sp_crypto_hashing::twox_128(b"System")),
			hex::encode(sp_crypto_hashing::twox_128(b"Events"))
		);
		let raw = self.call("state_getStorage", json!([key, block_hash]))?;
		let records: Vec<EventRecord<R::Event>> = Decode::decode(&mut &parse_bytes(&raw)?[..])
			.map_err(|error| ClientError::BadAnswer(format!("events do not decode: {error}")))?;
		let events: Vec<R::Event> = records
			.into_iter()
			.filter(|record| record.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|record| record.event)
			.collect();
		if let Some(error) = events.iter().find_map(R::failure) {
			return Err(ClientError::Rejected(R::describe(&error)));
		}
		Ok(Receipt { tx_hash, block_number, block_hash, index, events })
	}
}

//! One chain's node, as the relay talks to it: the standard Substrate and
//! GRANDPA JSON-RPC methods, and unsigned transactions through subxt, all
//! on `ecert-client`'s connection.

use codec::{Decode, Encode};
use ecert_client::{ChainRuntime, Node};
use ecert_primitives::{BlockNumber, Hash, Header};
use sp_core::Bytes;
use std::{fmt, sync::Arc};
use subxt::rpcs::client::{rpc_params, RpcParams, RpcSubscription};
use tokio::sync::Mutex;

/// Why a call to a node failed.
#[derive(Debug)]
pub enum ChainRpcError {
	/// The node could not be reached, or answered with an error.
	Call(String),
	/// The node's answer did not decode.
	Decode(String),
}

impl fmt::Display for ChainRpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			ChainRpcError::Call(message) => write!(f, "{message}"),
			ChainRpcError::Decode(message) => write!(f, "undecodable answer: {message}"),
		}
	}
}

/// A GRANDPA justification with the block it finalizes, as SCALE bytes.
#[derive(Clone, Debug)]
pub struct Justified {
	/// The finalized header.
	pub header: Header,
	/// The encoded `GrandpaJustification` of it.
	pub justification: Vec<u8>,
}

/// The finality proof `grandpa_proveFinality` returns (the encoding of
/// `sc_consensus_grandpa::FinalityProof`).
#[derive(Decode, Encode)]
struct FinalityProof {
	block: Hash,
	justification: Vec<u8>,
	unknown_headers: Vec<Header>,
}

/// A node of one chain. Reconnects on the next call after the connection
/// drops.
#[derive(Clone)]
pub struct ChainRpc {
	url: String,
	node: Arc<Mutex<Option<Arc<Node>>>>,
}

impl ChainRpc {
	/// A node at `url` (`ws://…`); connects on first use.
	pub fn new(url: &str) -> Self {
		Self { url: url.to_string(), node: Default::default() }
	}

	/// The node's address.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The connection, opened anew if the last one was lost.
	async fn node(&self) -> Arc<Node> {
		self.node.lock().await.get_or_insert_with(|| Arc::new(Node::new(&self.url))).clone()
	}

	/// Drops `node`'s connection if it is still the current one, so that the
	/// next call opens a new one.
	async fn forget(&self, node: &Arc<Node>) {
		let mut slot = self.node.lock().await;
		if slot.as_ref().is_some_and(|current| Arc::ptr_eq(current, node)) {
			*slot = None;
		}
	}

	/// The JSON-RPC client of the current connection.
	async fn client(&self) -> Result<(Arc<Node>, subxt::rpcs::RpcClient), ChainRpcError> {
		let node = self.node().await;
		match node.rpc().await {
			Ok(client) => Ok((node, client)),
			Err(error) => {
				self.forget(&node).await;
				Err(ChainRpcError::Call(error.to_string()))
			},
		}
	}

	async fn request<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: RpcParams,
	) -> Result<R, ChainRpcError> {
		let (node, client) = self.client().await?;
		match client.request(method, params).await {
			Ok(answer) => Ok(answer),
			Err(error) => {
				if !matches!(error, subxt::rpcs::Error::User(_)) {
					// Not an answer from the node: the connection may be gone.
					self.forget(&node).await;
				}
				Err(ChainRpcError::Call(format!("{method} on {}: {error}", self.url)))
			},
		}
	}

	/// Every registered certificate type, with its side chain and the
	/// endpoints the directory lists for it (`ecert_certificateTypes`).
	pub async fn certificate_types(
		&self,
	) -> Result<Vec<ecert_client::api::main_chain::CertificateTypeView>, ChainRpcError> {
		self.request("ecert_certificateTypes", rpc_params![]).await
	}

	/// The hash of the latest finalized block.
	pub async fn finalized_head(&self) -> Result<Hash, ChainRpcError> {
		self.request("chain_getFinalizedHead", rpc_params![]).await
	}

	/// The header `hash`, or the best one.
	pub async fn header(&self, hash: Option<Hash>) -> Result<Header, ChainRpcError> {
		let header: Option<Header> = self.request("chain_getHeader", rpc_params![hash]).await?;
		header.ok_or_else(|| ChainRpcError::Call(format!("{}: no header {hash:?}", self.url)))
	}

	/// The latest finalized header.
	pub async fn finalized_header(&self) -> Result<Header, ChainRpcError> {
		let hash = self.finalized_head().await?;
		self.header(Some(hash)).await
	}

	/// The raw value at `key`, at block `at` (or the best block).
	pub async fn storage(
		&self,
		key: &[u8],
		at: Option<Hash>,
	) -> Result<Option<Vec<u8>>, ChainRpcError> {
		let value: Option<Bytes> =
			self.request("state_getStorage", rpc_params![Bytes(key.to_vec()), at]).await?;
		Ok(value.map(|bytes| bytes.0))
	}

	/// The value at `key`, decoded.
	pub async fn decoded<T: Decode>(
		&self,
		key: &[u8],
		at: Option<Hash>,
	) -> Result<Option<T>, ChainRpcError> {
		self.storage(key, at)
			.await?
			.map(|bytes| {
				T::decode(&mut &bytes[..]).map_err(|error| ChainRpcError::Decode(error.to_string()))
			})
			.transpose()
	}

	/// Every key under `prefix`, with its value, at block `at`.
	pub async fn entries(
		&self,
		prefix: &[u8],
		at: Hash,
	) -> Result<Vec<(Vec<u8>, Vec<u8>)>, ChainRpcError> {
		const PAGE: u32 = 512;
		let mut entries = Vec::new();
		let mut start: Option<Bytes> = None;
		loop {
			let keys: Vec<Bytes> = self
				.request(
					"state_getKeysPaged",
					rpc_params![Bytes(prefix.to_vec()), PAGE, start.clone(), at],
				)
				.await?;
			if keys.is_empty() {
				break;
			}
			#[derive(serde::Deserialize)]
			struct Changes {
				changes: Vec<(Bytes, Option<Bytes>)>,
			}
			let sets: Vec<Changes> =
				self.request("state_queryStorageAt", rpc_params![keys.clone(), at]).await?;
			for set in sets {
				for (key, value) in set.changes {
					if let Some(value) = value {
						entries.push((key.0, value.0));
					}
				}
			}
			if (keys.len() as u32) < PAGE {
				break;
			}
			start = keys.last().cloned();
		}
		Ok(entries)
	}

	/// A read proof of `keys` at block `at`: the trie nodes, as the runtime's
	/// storage-proof checker takes them.
	pub async fn read_proof(
		&self,
		keys: &[Vec<u8>],
		at: Hash,
	) -> Result<Vec<Vec<u8>>, ChainRpcError> {
		#[derive(serde::Deserialize)]
		struct ReadProof {
			proof: Vec<Bytes>,
		}
		let keys: Vec<Bytes> = keys.iter().cloned().map(Bytes).collect();
		let proof: ReadProof = self.request("state_getReadProof", rpc_params![keys, at]).await?;
		Ok(proof.proof.into_iter().map(|node| node.0).collect())
	}

	/// The first block at or after `number` that GRANDPA kept a
	/// justification for (always the case for authority-set changes), with
	/// that justification.
	pub async fn prove_finality(
		&self,
		number: BlockNumber,
	) -> Result<Option<Justified>, ChainRpcError> {
		let proof: Option<Bytes> =
			self.request("grandpa_proveFinality", rpc_params![number]).await?;
		let Some(proof) = proof else { return Ok(None) };
		let proof = FinalityProof::decode(&mut &proof.0[..])
			.map_err(|error| ChainRpcError::Decode(format!("finality proof: {error}")))?;
		let header = self.header(Some(proof.block)).await?;
		Ok(Some(Justified { header, justification: proof.justification }))
	}

	/// GRANDPA's justifications, as it finalizes blocks.
	pub async fn subscribe_justifications(&self) -> Result<RpcSubscription<Bytes>, ChainRpcError> {
		let (node, client) = self.client().await?;
		match client
			.subscribe(
				"grandpa_subscribeJustifications",
				rpc_params![],
				"grandpa_unsubscribeJustifications",
			)
			.await
		{
			Ok(subscription) => Ok(subscription),
			Err(error) => {
				self.forget(&node).await;
				Err(ChainRpcError::Call(format!(
					"{}: justification subscription: {error}",
					self.url
				)))
			},
		}
	}

	/// The runtime constant `pallet::name`, from the chain's metadata.
	pub async fn constant<T: Decode>(&self, pallet: &str, name: &str) -> Result<T, ChainRpcError> {
		let node = self.node().await;
		node.constant(pallet, name)
			.await
			.map_err(|error| ChainRpcError::Call(format!("{}: {error}", self.url)))
	}

	/// Submits `call` as an unsigned transaction; returns its hash.
	pub async fn submit<R: ChainRuntime>(&self, call: &R::Call) -> Result<Hash, ChainRpcError> {
		let node = self.node().await;
		node.submit_unsigned::<R>(call)
			.await
			.map_err(|error| ChainRpcError::Call(format!("submitting to {}: {error}", self.url)))
	}
}

/// Waits for the next justification of `subscription`, decoded as the
/// target it finalizes.
pub async fn next_justification(
	subscription: &mut RpcSubscription<Bytes>,
) -> Option<(Hash, BlockNumber, Vec<u8>)> {
	let encoded = subscription.next().await?.ok()?;
	let (hash, number) =
		bp_header_chain::justification::decode_justification_target::<Header>(&encoded.0).ok()?;
	Some((hash, number, encoded.0))
}

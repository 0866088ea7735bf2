//! What a light client of a chain starts from, and the chain's progress.

use crate::{ClientError, Node};
use codec::Decode;
use ecert_primitives::{BlockNumber, ChainCheckpoint, GrandpaAuthorities, Hash, Header};
use jsonrpsee::rpc_params;
use serde::Deserialize;
use sp_core::Bytes;

/// A block as `chain_getBlock` gives it: only what is read of it.
#[derive(Deserialize)]
struct SignedBlock {
	block: Block,
}

#[derive(Deserialize)]
struct Block {
	extrinsics: Vec<Bytes>,
}

impl Node {
	/// The chain's genesis hash, and its GRANDPA authorities and set id at
	/// the last finalized block. Trust it only from a node you trust.
	pub async fn finality_checkpoint(
		&self,
	) -> Result<(Hash, GrandpaAuthorities, u64), ClientError> {
		let (_, checkpoint) = self.finalized_checkpoint().await?;
		Ok((checkpoint.genesis_hash, checkpoint.authorities, checkpoint.set_id))
	}

	/// The number of the last finalized block, and the chain's genesis hash
	/// and GRANDPA authorities and set id at that block: where another
	/// chain's light client of this one may start again. Trust it only from
	/// a node you trust.
	pub async fn finalized_checkpoint(
		&self,
	) -> Result<(BlockNumber, ChainCheckpoint), ClientError> {
		let genesis: Option<Hash> = self.request("chain_getBlockHash", rpc_params![0]).await?;
		let genesis = genesis.ok_or_else(|| ClientError::BadAnswer("no genesis block".into()))?;
		let finalized: Hash = self.request("chain_getFinalizedHead", rpc_params![]).await?;
		let number = self.header(Some(finalized)).await?.number;
		let authorities = self.runtime_call("GrandpaApi_grandpa_authorities", finalized).await?;
		let authorities = GrandpaAuthorities::decode(&mut &authorities[..])
			.map_err(|error| ClientError::BadAnswer(format!("GRANDPA authorities: {error}")))?;
		let set_id = self.runtime_call("GrandpaApi_current_set_id", finalized).await?;
		let set_id = u64::decode(&mut &set_id[..])
			.map_err(|error| ClientError::BadAnswer(format!("GRANDPA set id: {error}")))?;
		Ok((number, ChainCheckpoint { genesis_hash: genesis, authorities, set_id }))
	}

	async fn runtime_call(&self, method: &str, at: Hash) -> Result<Vec<u8>, ClientError> {
		let answer: Bytes = self.request("state_call", rpc_params![method, "0x", at]).await?;
		Ok(answer.0)
	}

	/// The header of block `hash`, or of the best block without one.
	pub async fn header(&self, hash: Option<Hash>) -> Result<Header, ClientError> {
		let header: Option<Header> = self.request("chain_getHeader", rpc_params![hash]).await?;
		header.ok_or_else(|| match hash {
			Some(hash) => ClientError::BadAnswer(format!("no header of block {hash:?}")),
			None => ClientError::BadAnswer("no header of the best block".into()),
		})
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<BlockNumber, ClientError> {
		let hash: Hash = self.request("chain_getFinalizedHead", rpc_params![]).await?;
		Ok(self.header(Some(hash)).await?.number)
	}

	/// The hashes of the transactions in block `number` of the best chain.
	pub async fn transaction_hashes(&self, number: BlockNumber) -> Result<Vec<Hash>, ClientError> {
		let missing = || ClientError::BadAnswer(format!("the best chain has no block {number}"));
		let block_hash: Option<Hash> =
			self.request("chain_getBlockHash", rpc_params![number]).await?;
		let block_hash = block_hash.ok_or_else(missing)?;
		let block: Option<SignedBlock> =
			self.request("chain_getBlock", rpc_params![block_hash]).await?;
		let extrinsics = block.ok_or_else(missing)?.block.extrinsics;
		Ok(extrinsics
			.iter()
			.map(|extrinsic| Hash::from(sp_crypto_hashing::blake2_256(extrinsic)))
			.collect())
	}

	/// Submits an encoded transaction to the pool, without following it.
	pub async fn send(&self, transaction: &[u8]) -> Result<(), ClientError> {
		let transaction = Bytes(transaction.to_vec());
		let sent: Result<Hash, _> =
			self.request("author_submitExtrinsic", rpc_params![transaction]).await;
		sent.map(|_| ()).map_err(|error| match error {
			crate::RpcError::Call { message, .. } => ClientError::Rejected(message),
			other => ClientError::Rpc(other),
		})
	}
}

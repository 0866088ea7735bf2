//! What a light client of a chain starts from, and the chain's progress.

use crate::{ClientError, Node};
use codec::Decode;
use ecert_primitives::{BlockNumber, GrandpaAuthorities, Hash};
use serde_json::{json, Value};

pub(crate) fn parse_hash(value: &Value) -> Result<Hash, ClientError> {
	let text =
		value.as_str().ok_or_else(|| ClientError::BadAnswer(format!("{value} is not a hash")))?;
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut bytes)
		.map_err(|_| ClientError::BadAnswer(format!("{text} is not a hash")))?;
	Ok(bytes.into())
}

fn parse_bytes(value: &Value) -> Result<Vec<u8>, ClientError> {
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

impl Node {
	/// The chain's genesis hash, and its GRANDPA authorities and set id at
	/// the last finalized block. Trust it only from a node you trust.
	pub async fn finality_checkpoint(
		&self,
	) -> Result<(Hash, GrandpaAuthorities, u64), ClientError> {
		let genesis = parse_hash(&self.call("chain_getBlockHash", json!([0])).await?)?;
		let finalized = self.call("chain_getFinalizedHead", json!([])).await?;
		let authorities = self.runtime_call("GrandpaApi_grandpa_authorities", &finalized).await?;
		let authorities = GrandpaAuthorities::decode(&mut &authorities[..])
			.map_err(|error| ClientError::BadAnswer(format!("GRANDPA authorities: {error}")))?;
		let set_id = self.runtime_call("GrandpaApi_current_set_id", &finalized).await?;
		let set_id = u64::decode(&mut &set_id[..])
			.map_err(|error| ClientError::BadAnswer(format!("GRANDPA set id: {error}")))?;
		Ok((genesis, authorities, set_id))
	}

	async fn runtime_call(&self, method: &str, at: &Value) -> Result<Vec<u8>, ClientError> {
		parse_bytes(&self.call("state_call", json!([method, "0x", at])).await?)
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<BlockNumber, ClientError> {
		let hash = self.call("chain_getFinalizedHead", json!([])).await?;
		parse_number(&self.call("chain_getHeader", json!([hash])).await?["number"])
	}

	/// The hashes of the transactions in block `number` of the best chain.
	pub async fn transaction_hashes(&self, number: BlockNumber) -> Result<Vec<Hash>, ClientError> {
		let block_hash = self.call("chain_getBlockHash", json!([number])).await?;
		let block = self.call("chain_getBlock", json!([block_hash])).await?;
		block["block"]["extrinsics"]
			.as_array()
			.into_iter()
			.flatten()
			.map(|extrinsic| {
				Ok(Hash::from(sp_crypto_hashing::blake2_256(&parse_bytes(extrinsic)?)))
			})
			.collect()
	}

	/// Submits an encoded transaction to the pool, without following it.
	pub async fn send(&self, transaction: &[u8]) -> Result<(), ClientError> {
		let transaction = format!("0x{}", hex::encode(transaction));
		self.call("author_submitExtrinsic", json!([transaction])).await.map(|_| ()).map_err(
			|error| match error {
				crate::RpcError::Call { message, .. } => ClientError::Rejected(message),
				other => ClientError::Rpc(other),
			},
		)
	}
}

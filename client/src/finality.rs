//! What a light client of a chain starts from: the genesis hash and the
//! GRANDPA authority set and set id, read at the last finalized block.

use crate::{ClientError, Rpc};
use codec::Decode;
use ecert_primitives::{GrandpaAuthorities, Hash};
use serde_json::json;

impl Rpc {
	/// The chain's genesis hash, and its GRANDPA authorities and set id at
	/// the last finalized block. Trust it only from a node you trust.
	pub fn finality_checkpoint(&self) -> Result<(Hash, GrandpaAuthorities, u64), ClientError> {
		let genesis = self.call("chain_getBlockHash", json!([0]))?;
		let genesis = crate::transaction::parse_hash(&genesis)?;
		let finalized = self.call("chain_getFinalizedHead", json!([]))?;
		let call = |method: &str| -> Result<Vec<u8>, ClientError> {
			let answer = self.call("state_call", json!([method, "0x", finalized]))?;
			crate::transaction::parse_bytes(&answer)
		};
		let authorities =
			GrandpaAuthorities::decode(&mut &call("GrandpaApi_grandpa_authorities")?[..])
				.map_err(|error| ClientError::BadAnswer(format!("GRANDPA authorities: {error}")))?;
		let set_id = u64::decode(&mut &call("GrandpaApi_current_set_id")?[..])
			.map_err(|error| ClientError::BadAnswer(format!("GRANDPA set id: {error}")))?;
		Ok((genesis, authorities, set_id))
	}
}

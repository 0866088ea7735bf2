//! The main chain's directory of side chains: where to reach the chain that
//! holds a certificate type.
//!
//! `ecert_certificateTypes` lists each type with its side chain's genesis
//! hash and the public RPC endpoints the directory names for it. A node is
//! taken as the type's only if it answers with that genesis hash, so a
//! stale or wrong entry never sends a client to another chain. A type
//! registered at genesis from a preset has no genesis hash on record (the
//! main chain learns it from the side chain's first finalized header): its
//! node must then name itself as that type's side chain.

use crate::{api::main_chain::CertificateTypeView, rpc_params, Node, RpcError};
use codec::Decode;
use ecert_primitives::{storage, CertificateTypeId, ChainId, Hash};
use std::fmt;

/// Why no node of a type's side chain was found.
#[derive(Debug)]
pub enum DirectoryError {
	/// The directory lists no endpoint for the type.
	Unlisted(CertificateTypeId),
	/// No listed endpoint answered as the type's chain: each endpoint, with
	/// what went wrong.
	Unreachable(CertificateTypeId, Vec<(String, String)>),
}

impl fmt::Display for DirectoryError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			DirectoryError::Unlisted(id) => {
				write!(f, "the main chain's directory lists no node of the {id} side chain")
			},
			DirectoryError::Unreachable(id, tried) => {
				write!(f, "no node of the {id} side chain answered:")?;
				for (url, why) in tried {
					write!(f, " {url}: {why};")?;
				}
				Ok(())
			},
		}
	}
}

impl std::error::Error for DirectoryError {}

/// A node of the side chain of `view`'s type: the first of the endpoints the
/// directory lists, in their order, that answers with the chain's genesis
/// hash.
pub async fn side_chain_node(view: &CertificateTypeView) -> Result<Node, DirectoryError> {
	if view.endpoints.is_empty() {
		return Err(DirectoryError::Unlisted(view.id.clone()));
	}
	let mut tried = Vec::new();
	for endpoint in &view.endpoints {
		let node = Node::new(endpoint.as_str());
		match serves(&node, view).await {
			Ok(()) => return Ok(node),
			Err(why) => tried.push((endpoint.to_string(), why)),
		}
	}
	Err(DirectoryError::Unreachable(view.id.clone(), tried))
}

/// Whether `node` answers as a node of the side chain of `view`'s type,
/// and if not, why.
pub async fn serves(node: &Node, view: &CertificateTypeView) -> Result<(), String> {
	let genesis_hash = view.record.side_chain.genesis_hash;
	if genesis_hash.is_zero() {
		return match chain_id(node).await {
			Ok(Some(ChainId::Side(id))) if id == view.id => Ok(()),
			Ok(Some(other)) => Err(format!("a node of another chain ({other})")),
			Ok(None) => Err("not a node of an ecert chain".into()),
			Err(error) => Err(error.to_string()),
		};
	}
	match node.request::<Option<Hash>>("chain_getBlockHash", rpc_params![0]).await {
		Ok(Some(hash)) if hash == genesis_hash => Ok(()),
		Ok(Some(hash)) => Err(format!("a node of another chain (genesis {hash:?})")),
		Ok(None) => Err("a node without a genesis block".into()),
		Err(error) => Err(error.to_string()),
	}
}

/// The chain `node` belongs to, as its runtime names itself; `None` if it is
/// not an ecert chain.
pub async fn chain_id(node: &Node) -> Result<Option<ChainId>, RpcError> {
	let key = sp_core::Bytes(storage::chain());
	let value: Option<sp_core::Bytes> = node.request("state_getStorage", rpc_params![key]).await?;
	Ok(value.and_then(|bytes| ChainId::decode(&mut &bytes[..]).ok()))
}

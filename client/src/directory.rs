//! The main chain's directory of side chains: where to reach the chain that
//! holds a certificate type.
//!
//! `ecert_certificateTypes` lists each type with its side chain's genesis
//! hash and the public RPC endpoints the directory names for it. A node is
//! taken as the type's only if [`ecert_primitives::check_side_chain_node`]
//! says so, so a stale or wrong entry never sends a client to another
//! chain.

use crate::{api::main_chain::CertificateTypeView, rpc_params, Node, RpcError};
use codec::Decode;
use ecert_primitives::{check_side_chain_node, storage, CertificateTypeId, ChainId, Hash};
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

/// Whether `node` answers as a node of the side chain of `view`'s type
/// ([`ecert_primitives::check_side_chain_node`]), and if not, why.
pub async fn serves(node: &Node, view: &CertificateTypeView) -> Result<(), String> {
	let genesis = match node.request::<Option<Hash>>("chain_getBlockHash", rpc_params![0]).await {
		Ok(Some(hash)) => hash,
		Ok(None) => return Err("a node without a genesis block".into()),
		Err(error) => return Err(error.to_string()),
	};
	let chain = chain_id(node).await.map_err(|error| error.to_string())?;
	check_side_chain_node(&view.id, view.record.side_chain.genesis_hash, genesis, chain)
		.map_err(|other| other.to_string())
}

/// The chain `node` belongs to, as its runtime names itself; `None` if it is
/// not an ecert chain.
pub async fn chain_id(node: &Node) -> Result<Option<ChainId>, RpcError> {
	let value = node.storage(storage::chain()).await?;
	Ok(value.and_then(|bytes| ChainId::decode(&mut &bytes[..]).ok()))
}

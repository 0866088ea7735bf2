//! # ecert client
//!
//! Talks to an ecert node over one WebSocket: signed transactions through
//! `subxt`, and ecert's own reads (`ecert_*`) through the typed client of
//! [`api`] (`ecert-rpc-api`), as in
//! `rpc.read(|api| api.verify_certificate(query, None, None))`.
//!
//! A transaction is built with the chain's `RuntimeCall`, generated from the
//! runtime's committed metadata ([`chains`]), with `ecert-primitives` types
//! inside; subxt checks it against the node's metadata, signs it with an
//! sr25519 key and the extensions the metadata lists, submits it and follows
//! it until a block includes it. The [`Receipt`] holds the transaction hash
//! and the block number and hash (seed API 2), and the transaction's events.
//! A transaction that the runtime rejects gives [`ClientError::Rejected`]
//! with the pallet's error name.
//!
//! [`Node`] is the async client; [`BlockingNode`] runs it for blocking programs.

mod blocking;
pub mod chains;
pub mod council;
pub mod directory;
mod finality;
pub mod rows;
mod rpc;
mod transaction;
pub mod validators;

pub use blocking::BlockingNode;
pub use chains::{
	main_chain::runtime_types as main_types, side_chain::runtime_types as side_types,
};
pub use directory::DirectoryError;
pub use ecert_rpc_api as api;
pub use jsonrpsee::{
	core::{client::Error as ApiError, params::ArrayParams},
	rpc_params,
};

pub use rpc::{Api, Node, RpcError};
/// A chain's metadata: its pallets, calls, storage and events, as
/// `client/metadata/*.scale` holds them.
pub use subxt::Metadata;
pub use transaction::{ChainRuntime, MainChain, Receipt, SideChain};

use std::fmt;

/// What went wrong talking to a chain.
#[derive(Debug)]
pub enum ClientError {
	/// The node could not be reached or answered with an error.
	Rpc(RpcError),
	/// The node's answer could not be understood.
	BadAnswer(String),
	/// The runtime rejected the transaction, in the pool or in the block.
	Rejected(String),
	/// No block included the transaction in time.
	Timeout(String),
}

impl fmt::Display for ClientError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			ClientError::Rpc(error) => write!(f, "{error}"),
			ClientError::BadAnswer(message) => {
				write!(f, "unexpected answer from the node: {message}")
			},
			ClientError::Rejected(message) => {
				write!(f, "the chain rejected the transaction: {message}")
			},
			ClientError::Timeout(message) => write!(f, "{message}"),
		}
	}
}

impl std::error::Error for ClientError {}

impl From<RpcError> for ClientError {
	fn from(error: RpcError) -> Self {
		ClientError::Rpc(error)
	}
}

//! [`BlockingNode`]: the client for programs that do not run an async runtime (the
//! `ecert` command, the tests, the bench). Each call runs [`Node`]'s async
//! method on one runtime shared by the process.

use crate::{Api, ApiError, ChainRuntime, ClientError, Node, Receipt, RpcError};
use ecert_primitives::{BlockNumber, ChainCheckpoint, GrandpaAuthorities, Hash, Header};
use futures::future::BoxFuture;
use jsonrpsee::core::params::ArrayParams;
use serde::de::DeserializeOwned;
use sp_core::sr25519;
use std::{future::Future, sync::Arc, sync::OnceLock};
use tokio::runtime::Runtime;

/// The runtime every [`BlockingNode`] runs on. Its one worker thread keeps the
/// connections alive between calls.
fn runtime() -> Result<&'static Runtime, String> {
	static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
	RUNTIME
		.get_or_init(|| {
			tokio::runtime::Builder::new_multi_thread()
				.worker_threads(1)
				.thread_name("ecert-client")
				.enable_all()
				.build()
				.map_err(|error| format!("cannot start the client's runtime: {error}"))
		})
		.as_ref()
		.map_err(Clone::clone)
}

/// A node, called from blocking code. Cheap to clone: clones share the
/// connection.
#[derive(Clone)]
pub struct BlockingNode {
	node: Arc<Node>,
}

impl BlockingNode {
	/// The node at `url` (`ws://…`, or `http://…` for the same port).
	/// Connects on first use.
	pub fn new(url: impl Into<String>) -> Self {
		Self { node: Arc::new(Node::new(&url.into())) }
	}

	/// A node of the side chain of `view`'s type, as the main chain's
	/// directory lists it. See [`crate::directory::side_chain_node`].
	pub fn of_side_chain(
		view: &crate::api::main_chain::CertificateTypeView,
	) -> Result<Self, crate::DirectoryError> {
		let unreachable = |message: String| {
			crate::DirectoryError::Unreachable(view.id.clone(), vec![(String::new(), message)])
		};
		let node =
			runtime().map_err(unreachable)?.block_on(crate::directory::side_chain_node(view))?;
		Ok(Self { node: Arc::new(node) })
	}

	/// The chain the node belongs to. See [`crate::directory::chain_id`].
	pub fn chain_id(&self) -> Result<Option<ecert_primitives::ChainId>, RpcError> {
		self.block_on(crate::directory::chain_id(&self.node))
	}

	/// The node's WebSocket address.
	pub fn url(&self) -> &str {
		self.node.url()
	}

	fn block_on<T, E: From<RpcError>>(
		&self,
		work: impl Future<Output = Result<T, E>>,
	) -> Result<T, E> {
		let runtime = runtime()
			.map_err(|message| RpcError::Unreachable { url: self.url().to_string(), message })?;
		runtime.block_on(work)
	}

	/// Runs `read`, typed calls of `ecert_rpc_api`'s client traits, as in
	/// `rpc.read(|api| api.issuers(None))`. See [`Node::read`].
	pub fn read<T>(
		&self,
		read: impl for<'a> FnOnce(&'a Api) -> BoxFuture<'a, Result<T, ApiError>>,
	) -> Result<T, RpcError> {
		self.block_on(self.node.read(read))
	}

	/// See [`Node::request`].
	pub fn request<T: DeserializeOwned>(
		&self,
		method: &str,
		params: ArrayParams,
	) -> Result<T, RpcError> {
		self.block_on(self.node.request(method, params))
	}

	/// See [`Node::council`].
	pub fn council(&self) -> Result<crate::council::Council, ClientError> {
		self.block_on(self.node.council())
	}

	/// See [`Node::validators`].
	pub fn validators(&self) -> Result<crate::validators::Validators, ClientError> {
		self.block_on(self.node.validators())
	}

	/// See [`Node::rotate_session_keys`].
	pub fn rotate_session_keys(
		&self,
		owner: &ecert_primitives::AccountId,
	) -> Result<crate::validators::SessionKeys, ClientError> {
		self.block_on(self.node.rotate_session_keys(owner))
	}

	/// See [`Node::authorized_upgrade`].
	pub fn authorized_upgrade(&self) -> Result<Option<Hash>, ClientError> {
		self.block_on(self.node.authorized_upgrade())
	}

	/// See [`Node::spec_version`].
	pub fn spec_version(&self, at: Option<Hash>) -> Result<u32, ClientError> {
		self.block_on(self.node.spec_version(at))
	}

	/// See [`Node::call_weight`].
	pub fn call_weight(&self, call: &[u8]) -> Result<(u64, u64), ClientError> {
		self.block_on(self.node.call_weight(call))
	}

	/// See [`Node::storage_values`].
	pub fn storage_values(&self, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>, RpcError> {
		self.block_on(self.node.storage_values(keys))
	}

	/// See [`Node::storage_values_at`].
	pub fn storage_values_at(
		&self,
		keys: &[Vec<u8>],
		at: Option<Hash>,
	) -> Result<Vec<Option<Vec<u8>>>, RpcError> {
		self.block_on(self.node.storage_values_at(keys, at))
	}

	/// See [`Node::storage_keys`].
	pub fn storage_keys(&self, prefix: &[u8], at: Option<Hash>) -> Result<Vec<Vec<u8>>, RpcError> {
		self.block_on(self.node.storage_keys(prefix, at))
	}

	/// See [`Node::submit`].
	pub fn submit<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		call: R::Call,
	) -> Result<Receipt<R::Event>, ClientError> {
		self.block_on(self.node.submit::<R>(signer, call))
	}

	/// See [`Node::submit_all`].
	pub fn submit_all<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		calls: Vec<R::Call>,
	) -> Result<Vec<Result<Receipt<R::Event>, ClientError>>, ClientError> {
		self.block_on(self.node.submit_all::<R>(signer, calls))
	}

	/// See [`Node::constant`].
	pub fn constant<T: codec::Decode>(&self, pallet: &str, name: &str) -> Result<T, ClientError> {
		self.block_on(self.node.constant(pallet, name))
	}

	/// See [`Node::submit_unsigned`].
	pub fn submit_unsigned<R: ChainRuntime>(&self, call: &R::Call) -> Result<Hash, ClientError> {
		self.block_on(self.node.submit_unsigned::<R>(call))
	}

	/// See [`Node::next_nonce`].
	pub fn next_nonce(&self, signer: &sr25519::Pair) -> Result<u32, ClientError> {
		self.block_on(self.node.next_nonce(signer))
	}

	/// See [`Node::sign_all`].
	pub fn sign_all<R: ChainRuntime>(
		&self,
		signer: &sr25519::Pair,
		nonce: u32,
		calls: &[R::Call],
	) -> Result<Vec<(Vec<u8>, Hash)>, ClientError> {
		self.block_on(self.node.sign_all::<R>(signer, nonce, calls))
	}

	/// See [`Node::send`].
	pub fn send(&self, transaction: &[u8]) -> Result<(), ClientError> {
		self.block_on(self.node.send(transaction))
	}

	/// See [`Node::finality_checkpoint`].
	pub fn finality_checkpoint(&self) -> Result<(Hash, GrandpaAuthorities, u64), ClientError> {
		self.block_on(self.node.finality_checkpoint())
	}

	/// See [`Node::finalized_checkpoint`].
	pub fn finalized_checkpoint(&self) -> Result<(BlockNumber, ChainCheckpoint), ClientError> {
		self.block_on(self.node.finalized_checkpoint())
	}

	/// See [`Node::header`].
	pub fn header(&self, hash: Option<Hash>) -> Result<Header, ClientError> {
		self.block_on(self.node.header(hash))
	}

	/// See [`Node::finalized_number`].
	pub fn finalized_number(&self) -> Result<BlockNumber, ClientError> {
		self.block_on(self.node.finalized_number())
	}

	/// See [`Node::transaction_hashes`].
	pub fn transaction_hashes(&self, number: BlockNumber) -> Result<Vec<Hash>, ClientError> {
		self.block_on(self.node.transaction_hashes(number))
	}
}

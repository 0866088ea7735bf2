//! The connection to a node: one WebSocket, shared by subxt (transactions),
//! by ecert's own typed methods (`ecert_rpc_api`) and by the standard ones
//! subxt does not wrap.

use ecert_primitives::Hash;
use futures::future::BoxFuture;
use jsonrpsee::{
	core::{
		client::{ClientT, Error as ApiError},
		params::ArrayParams,
	},
	ws_client::WsClientBuilder,
};
use serde::de::DeserializeOwned;
use std::{fmt, sync::Arc};
use subxt::{rpcs::RpcClient, OnlineClient, SubstrateConfig};
use tokio::sync::OnceCell;

/// A JSON-RPC error, or a failure to reach the node.
#[derive(Debug, Clone, PartialEq)]
pub enum RpcError {
	/// The node did not answer.
	Unreachable { url: String, message: String },
	/// The node answered with a JSON-RPC error: `code` is one of
	/// `ecert_rpc_api`'s error codes for the `ecert_*` methods.
	Call { code: i32, message: String },
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			RpcError::Unreachable { url, message } => {
				write!(f, "cannot reach the node at {url}: {message}")
			},
			RpcError::Call { code, message } => write!(f, "{message} (error {code})"),
		}
	}
}

impl std::error::Error for RpcError {}

/// The WebSocket address of a node given as `ws(s)://`, `http(s)://` (a
/// Substrate node serves both on one port) or `host:port`.
fn websocket_url(url: &str) -> String {
	match url.split_once("://") {
		Some(("http", rest)) => format!("ws://{rest}"),
		Some(("https", rest)) => format!("wss://{rest}"),
		Some(_) => url.to_string(),
		None => format!("ws://{url}"),
	}
}

/// The connection's client, for the typed `ecert_*` methods: call them
/// through `ecert_rpc_api`'s `MainChainApiClient` and `SideChainApiClient`.
pub type Api = jsonrpsee::core::client::Client;

/// A connection to one node. Connects on first use; subxt's client (which
/// reads the runtime's metadata) only when a transaction needs it.
pub struct Node {
	url: String,
	api: OnceCell<Arc<Api>>,
	chain: OnceCell<OnlineClient<SubstrateConfig>>,
}

impl Node {
	/// The node at `url` (`ws://…`, or `http://…` for the same port).
	pub fn new(url: &str) -> Self {
		Self { url: websocket_url(url), api: OnceCell::new(), chain: OnceCell::new() }
	}

	/// The node's WebSocket address.
	pub fn url(&self) -> &str {
		&self.url
	}

	fn unreachable(&self, message: impl fmt::Display) -> RpcError {
		RpcError::Unreachable { url: self.url.clone(), message: message.to_string() }
	}

	/// The JSON-RPC connection.
	pub async fn api(&self) -> Result<&Arc<Api>, RpcError> {
		self.api
			.get_or_try_init(|| async {
				WsClientBuilder::default()
					// Blocks and metadata can be large; the node bounds them.
					.max_response_size(u32::MAX)
					.max_request_size(u32::MAX)
					// Room for bursts of notifications (justifications, blocks).
					.max_buffer_capacity_per_subscription(4096)
					.build(&self.url)
					.await
					.map(Arc::new)
					.map_err(|error| self.unreachable(error))
			})
			.await
	}

	/// subxt's JSON-RPC client, on the same connection: for subscriptions
	/// and standard methods with subxt's types.
	pub async fn rpc(&self) -> Result<RpcClient, RpcError> {
		Ok(RpcClient::new(self.api().await?.clone()))
	}

	/// subxt's client of the node's chain, on the same connection.
	pub async fn chain(&self) -> Result<&OnlineClient<SubstrateConfig>, RpcError> {
		let api = self.api().await?.clone();
		self.chain
			.get_or_try_init(|| async {
				OnlineClient::from_rpc_client(RpcClient::new(api))
					.await
					.map_err(|error| self.unreachable(error))
			})
			.await
	}

	/// Runs `read`, typed calls of `ecert_rpc_api`'s client traits on this
	/// connection, as in `node.read(|api| api.issuers(None))`.
	pub async fn read<T>(
		&self,
		read: impl for<'a> FnOnce(&'a Api) -> BoxFuture<'a, Result<T, ApiError>>,
	) -> Result<T, RpcError> {
		let api = self.api().await?;
		read(api).await.map_err(|error| self.error(error))
	}

	/// The value at `key` in the best block's state (`state_getStorage`).
	pub async fn storage(&self, key: Vec<u8>) -> Result<Option<Vec<u8>>, RpcError> {
		let value: Option<sp_core::Bytes> =
			self.request("state_getStorage", jsonrpsee::rpc_params![sp_core::Bytes(key)]).await?;
		Ok(value.map(|bytes| bytes.0))
	}

	/// The values at `keys` in the best block's state, in order, read a
	/// thousand keys a request (`state_queryStorageAt`).
	pub async fn storage_values(&self, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>, RpcError> {
		self.storage_values_at(keys, None).await
	}

	/// The values at `keys` in block `at`'s state (the best block's if
	/// `None`), in order, read a thousand keys a request.
	pub async fn storage_values_at(
		&self,
		keys: &[Vec<u8>],
		at: Option<Hash>,
	) -> Result<Vec<Option<Vec<u8>>>, RpcError> {
		#[derive(serde::Deserialize)]
		struct ChangeSet {
			changes: Vec<(sp_core::Bytes, Option<sp_core::Bytes>)>,
		}
		let mut values = Vec::with_capacity(keys.len());
		for chunk in keys.chunks(1_000) {
			let asked: Vec<sp_core::Bytes> = chunk.iter().cloned().map(sp_core::Bytes).collect();
			let sets: Vec<ChangeSet> =
				self.request("state_queryStorageAt", jsonrpsee::rpc_params![asked, at]).await?;
			let found: std::collections::HashMap<Vec<u8>, Option<Vec<u8>>> = sets
				.into_iter()
				.flat_map(|set| set.changes)
				.map(|(key, value)| (key.0, value.map(|value| value.0)))
				.collect();
			values.extend(chunk.iter().map(|key| found.get(key).cloned().flatten()));
		}
		Ok(values)
	}

	/// Every key under `prefix` in block `at`'s state (the best block's if
	/// `None`), read a thousand a request (`state_getKeysPaged`).
	pub async fn storage_keys(
		&self,
		prefix: &[u8],
		at: Option<Hash>,
	) -> Result<Vec<Vec<u8>>, RpcError> {
		let mut keys: Vec<Vec<u8>> = Vec::new();
		loop {
			let after = keys.last().cloned().map(sp_core::Bytes);
			let page: Vec<sp_core::Bytes> = self
				.request(
					"state_getKeysPaged",
					jsonrpsee::rpc_params![sp_core::Bytes(prefix.to_vec()), 1_000, after, at],
				)
				.await?;
			let last_page = page.len() < 1_000;
			keys.extend(page.into_iter().map(|key| key.0));
			if last_page {
				return Ok(keys);
			}
		}
	}

	/// Calls `method`, one of the standard methods, with `params` and gives
	/// its result, decoded.
	pub async fn request<T: DeserializeOwned>(
		&self,
		method: &str,
		params: ArrayParams,
	) -> Result<T, RpcError> {
		let api = self.api().await?;
		api.request(method, params).await.map_err(|error| match self.error(error) {
			RpcError::Call { code, message } => {
				RpcError::Call { code, message: format!("{method}: {message}") }
			},
			other => other,
		})
	}

	fn error(&self, error: ApiError) -> RpcError {
		match error {
			ApiError::Call(error) => RpcError::Call {
				code: error.code(),
				message: with_data(error.message().to_string(), error.data()),
			},
			ApiError::ParseError(error) => {
				RpcError::Call { code: 0, message: format!("unexpected answer: {error}") }
			},
			other => self.unreachable(other),
		}
	}
}

/// A JSON-RPC error's message with its data, which is where the node says
/// why (as in "Invalid Transaction: Inability to pay some fees").
pub(crate) fn with_data(message: String, data: Option<&serde_json::value::RawValue>) -> String {
	let detail =
		data.and_then(|data| match serde_json::from_str::<serde_json::Value>(data.get()) {
			Ok(serde_json::Value::String(text)) => Some(text),
			Ok(serde_json::Value::Null) | Err(_) => None,
			Ok(other) => Some(other.to_string()),
		});
	match detail {
		Some(detail) if !detail.is_empty() => format!("{message}: {detail}"),
		_ => message,
	}
}

#[cfg(test)]
mod tests {
	use super::websocket_url;

	#[test]
	fn node_urls_become_websocket_urls() {
		assert_eq!(websocket_url("ws://127.0.0.1:9944"), "ws://127.0.0.1:9944");
		assert_eq!(websocket_url("https://node.example:443"), "wss://node.example:443");
		assert_eq!(websocket_url("http://127.0.0.1:9954"), "ws://127.0.0.1:9954");
		assert_eq!(websocket_url("127.0.0.1:9964"), "ws://127.0.0.1:9964");
	}
}

//! The connection to a node: one WebSocket, shared by subxt (transactions)
//! and by the plain JSON-RPC calls (ecert's own methods and the standard
//! ones subxt does not wrap).

use serde_json::Value;
use std::fmt;
use subxt::{
	rpcs::{client::RpcParams, RpcClient},
	OnlineClient, SubstrateConfig,
};
use tokio::sync::OnceCell;

/// A JSON-RPC error, or a failure to reach the node.
#[derive(Debug, Clone, PartialEq)]
pub enum RpcError {
	/// The node did not answer.
	Unreachable { url: String, message: String },
	/// The node answered with a JSON-RPC error.
	Call { method: String, code: i64, message: String },
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			RpcError::Unreachable { url, message } => {
				write!(f, "cannot reach the node at {url}: {message}")
			},
			RpcError::Call { method, code, message } => {
				write!(f, "{method} failed ({code}): {message}")
			},
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

/// A connection to one node. Connects on first use; subxt's client (which
/// reads the runtime's metadata) only when a transaction needs it.
pub struct Node {
	url: String,
	rpc: OnceCell<RpcClient>,
	chain: OnceCell<OnlineClient<SubstrateConfig>>,
}

impl Node {
	/// The node at `url` (`ws://…`, or `http://…` for the same port).
	pub fn new(url: &str) -> Self {
		Self { url: websocket_url(url), rpc: OnceCell::new(), chain: OnceCell::new() }
	}

	/// The node's WebSocket address.
	pub fn url(&self) -> &str {
		&self.url
	}

	fn unreachable(&self, message: impl fmt::Display) -> RpcError {
		RpcError::Unreachable { url: self.url.clone(), message: message.to_string() }
	}

	/// The JSON-RPC connection.
	pub async fn rpc(&self) -> Result<&RpcClient, RpcError> {
		self.rpc
			.get_or_try_init(|| async {
				RpcClient::from_insecure_url(&self.url).await.map_err(|e| self.unreachable(e))
			})
			.await
	}

	/// subxt's client of the node's chain, on the same connection.
	pub async fn chain(&self) -> Result<&OnlineClient<SubstrateConfig>, RpcError> {
		let rpc = self.rpc().await?.clone();
		self.chain
			.get_or_try_init(|| async {
				OnlineClient::from_rpc_client(rpc).await.map_err(|e| self.unreachable(e))
			})
			.await
	}

	/// Calls `method` with `params` (a JSON array, or nothing) and gives its
	/// result.
	pub async fn call(&self, method: &str, params: Value) -> Result<Value, RpcError> {
		let mut list = RpcParams::new();
		for param in params.as_array().into_iter().flatten() {
			list.push(param).map_err(|e| self.unreachable(e))?;
		}
		self.rpc().await?.request(method, list).await.map_err(|error| match error {
			subxt::rpcs::Error::User(error) => RpcError::Call {
				method: method.into(),
				code: error.code.into(),
				message: with_data(error.message, error.data.as_deref()),
			},
			subxt::rpcs::Error::Deserialization(error) => RpcError::Call {
				method: method.into(),
				code: 0,
				message: format!("unexpected answer: {error}"),
			},
			other => self.unreachable(other),
		})
	}
}

/// A JSON-RPC error's message with its data, which is where the node says
/// why (as in "Invalid Transaction: Inability to pay some fees").
pub(crate) fn with_data(message: String, data: Option<&serde_json::value::RawValue>) -> String {
	let detail = data.and_then(|data| match serde_json::from_str::<Value>(data.get()) {
		Ok(Value::String(text)) => Some(text),
		Ok(Value::Null) | Err(_) => None,
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

//! JSON-RPC over HTTP.

use serde_json::{json, Value};
use std::{fmt, time::Duration};

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

/// A node's JSON-RPC endpoint.
#[derive(Clone, Debug)]
pub struct Rpc {
	url: String,
	agent: ureq::Agent,
}

impl Rpc {
	/// The endpoint at `url`, such as `http://127.0.0.1:9944`.
	pub fn new(url: impl Into<String>) -> Self {
		let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
		Self { url: url.into(), agent }
	}

	/// The endpoint's URL.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// Calls `method` with `params` and gives its result.
	pub fn call(&self, method: &str, params: Value) -> Result<Value, RpcError> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let unreachable =
			|message: String| RpcError::Unreachable { url: self.url.clone(), message };
		let answer: Value = match self.agent.post(&self.url).send_json(body) {
			Ok(response) => response.into_json().map_err(|e| unreachable(e.to_string()))?,
			// JSON-RPC errors may come with an HTTP error status.
			Err(ureq::Error::Status(_, response)) => {
				response.into_json().map_err(|e| unreachable(e.to_string()))?
			},
			Err(error) => return Err(unreachable(error.to_string())),
		};
		if let Some(error) = answer.get("error") {
			return Err(RpcError::Call {
				method: method.into(),
				code: error["code"].as_i64().unwrap_or_default(),
				message: error["message"].as_str().unwrap_or_default().into(),
			});
		}
		Ok(answer.get("result").cloned().unwrap_or(Value::Null))
	}
}

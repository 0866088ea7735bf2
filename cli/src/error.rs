//! What went wrong, what to do about it, and the exit code that says which
//! kind of failure it was.

use ecert_client::{ClientError, RpcError};
use std::fmt;

/// The exit codes, one per kind of failure.
pub mod exit {
	/// The input was wrong: arguments, files, data.
	pub const BAD_INPUT: i32 = 2;
	/// The node could not be reached, or answered nonsense.
	pub const NETWORK: i32 = 3;
	/// The chain refused the transaction or the query.
	pub const REJECTED: i32 = 4;
	/// A check ran and did not hold: a proof, a disclosure, a credential.
	pub const NOT_VALID: i32 = 5;
	/// The council has not decided yet: the motion is proposed, or the vote
	/// recorded, and more members must vote for it.
	pub const WAITING: i32 = 6;
}

/// A failure of a command.
#[derive(Debug)]
pub struct CliError {
	/// The exit code.
	pub code: i32,
	/// What went wrong.
	pub message: String,
	/// What to do about it; may be empty.
	pub hint: String,
}

impl CliError {
	/// Bad input.
	pub fn input(message: impl Into<String>, hint: impl Into<String>) -> Self {
		CliError { code: exit::BAD_INPUT, message: message.into(), hint: hint.into() }
	}

	/// A check that did not hold.
	pub fn not_valid(message: impl Into<String>) -> Self {
		CliError { code: exit::NOT_VALID, message: message.into(), hint: String::new() }
	}

	/// The chain refused.
	pub fn rejected(message: impl Into<String>, hint: impl Into<String>) -> Self {
		CliError { code: exit::REJECTED, message: message.into(), hint: hint.into() }
	}

	/// Waiting for other members of the council.
	pub fn waiting(message: impl Into<String>, hint: impl Into<String>) -> Self {
		CliError { code: exit::WAITING, message: message.into(), hint: hint.into() }
	}

	/// A network failure.
	pub fn network(message: impl Into<String>, hint: impl Into<String>) -> Self {
		CliError { code: exit::NETWORK, message: message.into(), hint: hint.into() }
	}
}

impl fmt::Display for CliError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{}", self.message)?;
		if !self.hint.is_empty() {
			write!(f, "\n  hint: {}", self.hint)?;
		}
		Ok(())
	}
}

impl From<RpcError> for CliError {
	fn from(error: RpcError) -> Self {
		match error {
			RpcError::Unreachable { ref url, .. } => CliError::network(
				error.to_string(),
				format!("is a node running at {url}? Pick another with --url"),
			),
			RpcError::Call { .. } => CliError::rejected(error.to_string(), ""),
		}
	}
}

impl From<ClientError> for CliError {
	fn from(error: ClientError) -> Self {
		match error {
			ClientError::Rpc(error) => error.into(),
			ClientError::Rejected(message) => CliError::rejected(
				format!("the chain rejected the transaction: {message}"),
				"see the pallet error above; `--help` lists who may do what",
			),
			ClientError::BadAnswer(message) => CliError::network(
				format!("unexpected answer from the node: {message}"),
				"is --url a node of the right chain?",
			),
			ClientError::Timeout(message) => {
				CliError::network(message, "is the chain producing blocks?")
			},
		}
	}
}

//! The node's JSON-RPC methods beyond the standard Substrate set that
//! `sc-service` installs:
//!
//! - account nonces (`system_accountNextIndex`) and fee estimates
//!   (`payment_queryInfo`), which wallets such as polkadot.js use;
//! - GRANDPA's (`grandpa_subscribeJustifications`, `grandpa_proveFinality`,
//!   `grandpa_roundState`), which the relay uses to carry finality proofs;
//! - ecert's read methods (`ecert_*`): the main chain's in [`main_chain`],
//!   a side chain's in [`side_chain`]. Each refuses the other kind of chain
//!   with a clear error.

pub mod main_chain;
pub mod side_chain;
pub mod state;

use ecert_primitives::{AccountId, Balance, Nonce, OpaqueBlock as Block};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;

/// What the GRANDPA methods need.
pub struct GrandpaDeps<B> {
	/// The voter's state, for `grandpa_roundState`.
	pub shared_voter_state: sc_consensus_grandpa::SharedVoterState,
	/// The current authority set.
	pub shared_authority_set: sc_consensus_grandpa::SharedAuthoritySet<
		<Block as sp_runtime::traits::Block>::Hash,
		ecert_primitives::BlockNumber,
	>,
	/// Each justification as GRANDPA finalizes a block.
	pub justification_stream: sc_consensus_grandpa::GrandpaJustificationStream<Block>,
	/// Runs the subscriptions.
	pub subscription_executor: sc_rpc::SubscriptionTaskExecutor,
	/// Proves finality of past blocks.
	pub finality_provider: Arc<sc_consensus_grandpa::FinalityProofProvider<B, Block>>,
}

/// What the RPC methods need.
pub struct FullDeps<C, P, B: sc_client_api::Backend<Block>> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The backend's offchain storage, which holds the runtime's offchain
	/// index (transaction hashes, for the `ecert_*` methods).
	pub offchain: Option<B::OffchainStorage>,
	/// For the GRANDPA methods.
	pub grandpa: GrandpaDeps<B>,
}

/// Builds the RPC module.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ sc_client_api::StorageProvider<Block, B>
		+ sc_client_api::BlockBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, offchain, grandpa } = deps;
	let GrandpaDeps {
		shared_voter_state,
		shared_authority_set,
		justification_stream,
		subscription_executor,
		finality_provider,
	} = grandpa;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Grandpa::new(
			subscription_executor,
			shared_authority_set,
			shared_voter_state,
			justification_stream,
			finality_provider,
		)
		.into_rpc(),
	)?;
	module.merge(ecert_methods(
		// The main chain's reads need no offchain index.
		state::ClientState::<C, B>::new(client.clone(), None),
		state::ClientState::<C, B>::new(client, offchain),
	)?)?;

	Ok(module)
}

/// ecert's own methods: the main chain's, read from `main`, a side chain's,
/// read from `side`, and their OpenRPC document as `rpc.discover`.
pub fn ecert_methods(
	main: impl state::State,
	side: impl state::State,
) -> Result<RpcModule<()>, jsonrpsee::core::RegisterMethodError> {
	use ecert_rpc_api::{openrpc, MainChainApiServer, SideChainApiServer};

	let mut module = RpcModule::new(());
	module.merge(main_chain::MainChain::new(main).into_rpc())?;
	module.merge(side_chain::SideChain::new(side).into_rpc())?;
	let document = openrpc::document();
	module.register_method(openrpc::DISCOVER_METHOD, move |_, _, _| document.clone())?;
	Ok(module)
}

#[cfg(test)]
mod tests {
	use super::{ecert_methods, state::testing::MapState};
	use codec::Encode;
	use ecert_primitives::{storage, ChainId};
	use ecert_rpc_api::{openrpc, INVALID_PARAMS_CODE};
	use jsonrpsee::{types::ErrorObjectOwned, RpcModule};
	use serde_json::{json, Value};

	/// The methods over a main chain's state and a side chain's.
	fn methods() -> RpcModule<()> {
		let mut main = MapState::default();
		main.storage.insert(storage::chain(), ChainId::Main.encode());
		let mut side = MapState::default();
		side.storage.insert(storage::chain(), ChainId::Side("diploma".parse().unwrap()).encode());
		ecert_methods(main, side).unwrap()
	}

	/// A well-formed value of each parameter the document names.
	fn example(param: &str) -> Value {
		let hash = json!(format!("0x{}", "11".repeat(32)));
		match param {
			"account" | "accountOrId" => json!("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
			"orgCode" => json!("NTU"),
			"certificate" | "holder" | "certificateId" | "txHash" | "at" | "after" => hash,
			"blockNumber" | "page" | "limit" => json!(5),
			"fields" => json!([]),
			"membership" => Value::Null,
			"signature" => json!({ "signedAt": 5, "signature": format!("0x{}", "11".repeat(64)) }),
			other => panic!("the test has no example of parameter {other}: add one"),
		}
	}

	/// Calls `method` with parameters by name, and gives its error, if any.
	async fn call(module: &RpcModule<()>, method: &str, params: Value) -> Option<ErrorObjectOwned> {
		let request = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let (answer, _) = module.raw_json_request(&request.to_string(), 1).await.unwrap();
		let answer: Value = serde_json::from_str(&answer).unwrap();
		answer.get("error").map(|error| serde_json::from_value(error.clone()).unwrap())
	}

	/// An error from parsing the parameters, not from the method itself.
	fn refused_parameters(error: &Option<ErrorObjectOwned>) -> bool {
		error.as_ref().is_some_and(|error| {
			error.code() == INVALID_PARAMS_CODE && error.message() == "Invalid params"
		})
	}

	#[test]
	fn the_openrpc_document_names_every_method_and_no_other() {
		let document = openrpc::document();
		assert_eq!(document["openrpc"].as_str().map(|v| v.starts_with("1.")), Some(true));
		let mut documented: Vec<&str> = document["methods"]
			.as_array()
			.unwrap()
			.iter()
			.map(|method| method["name"].as_str().unwrap())
			.collect();
		documented.push(openrpc::DISCOVER_METHOD);
		documented.sort();
		let module = methods();
		let mut served: Vec<&str> = module.method_names().collect();
		served.sort();
		assert_eq!(documented, served);
	}

	#[tokio::test]
	async fn every_documented_parameter_is_the_methods_by_name_and_requiredness() {
		let module = methods();
		let document = openrpc::document();
		for method in document["methods"].as_array().unwrap() {
			let name = method["name"].as_str().unwrap();
			let params = method["params"].as_array().unwrap();
			let required: serde_json::Map<String, Value> = params
				.iter()
				.filter(|param| param["required"] == true)
				.map(|param| {
					let param = param["name"].as_str().unwrap();
					(param.to_owned(), example(param))
				})
				.collect();
			let error = call(&module, name, Value::Object(required.clone())).await;
			assert!(
				!refused_parameters(&error),
				"{name} refused its required parameters: {error:?}"
			);

			for param in params {
				let param = param["name"].as_str().unwrap();
				let mut wrong = required.clone();
				wrong.insert(param.to_owned(), json!({ "wrong": true }));
				let error = call(&module, name, Value::Object(wrong)).await;
				assert!(refused_parameters(&error), "{name} does not read parameter {param}");
				if !required.contains_key(param) {
					continue;
				}
				let mut missing = required.clone();
				missing.remove(param);
				let error = call(&module, name, Value::Object(missing)).await;
				assert!(refused_parameters(&error), "{name} does not need parameter {param}");
			}
		}
	}

	#[tokio::test]
	async fn rpc_discover_serves_the_document() {
		let module = methods();
		let answer: Value =
			module.call(openrpc::DISCOVER_METHOD, jsonrpsee::rpc_params![]).await.unwrap();
		assert_eq!(answer, openrpc::document());
	}
}

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
	use main_chain::{MainChain, MainChainApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use side_chain::{SideChain, SideChainApiServer};
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
	module.merge(
		// The main chain's reads need no offchain index.
		MainChain::new(state::ClientState::<C, B>::new(client.clone(), None)).into_rpc(),
	)?;
	module.merge(SideChain::new(state::ClientState::<C, B>::new(client, offchain)).into_rpc())?;

	Ok(module)
}

//! The runtime API declarations the node calls.
//!
//! The node is runtime-agnostic: every runtime call goes to the Wasm in the
//! chain's state. `sp_api` still needs a type that lists the APIs, to build
//! the typed client; this module provides it. The bodies are never run: the
//! client dispatches each call to the Wasm by name.

#![allow(dead_code, unused_variables)]

use ecert_primitives::{AccountId, Balance, BlockNumber, Hash, Nonce, OpaqueBlock as Block};
use sp_runtime::traits::Block as BlockT;

/// Stands in for a runtime, only to carry the API list.
pub struct FakeRuntime;

const NOT_NATIVE: &str = "the node executes runtime calls in Wasm only";

sp_api::impl_runtime_apis! {
	impl sp_api::Core<Block> for FakeRuntime {
		fn version() -> sp_version::RuntimeVersion {
			unimplemented!("{NOT_NATIVE}")
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			unimplemented!("{NOT_NATIVE}")
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_api::Metadata<Block> for FakeRuntime {
		fn metadata() -> sp_core::OpaqueMetadata {
			unimplemented!("{NOT_NATIVE}")
		}

		fn metadata_at_version(version: u32) -> Option<sp_core::OpaqueMetadata> {
			unimplemented!("{NOT_NATIVE}")
		}

		fn metadata_versions() -> Vec<u32> {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for FakeRuntime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> sp_runtime::ApplyExtrinsicResult {
			unimplemented!("{NOT_NATIVE}")
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			unimplemented!("{NOT_NATIVE}")
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			unimplemented!("{NOT_NATIVE}")
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for FakeRuntime {
		fn validate_transaction(
			source: sp_runtime::transaction_validity::TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> sp_runtime::transaction_validity::TransactionValidity {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for FakeRuntime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_consensus_aura::AuraApi<Block, sp_consensus_aura::sr25519::AuthorityId> for FakeRuntime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			unimplemented!("{NOT_NATIVE}")
		}

		fn authorities() -> Vec<sp_consensus_aura::sr25519::AuthorityId> {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_session::SessionKeys<Block> for FakeRuntime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> sp_session::OpaqueGeneratedSessionKeys {
			unimplemented!("{NOT_NATIVE}")
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, sp_core::crypto::KeyTypeId)>> {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for FakeRuntime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			unimplemented!("{NOT_NATIVE}")
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			unimplemented!("{NOT_NATIVE}")
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<Hash, BlockNumber>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			unimplemented!("{NOT_NATIVE}")
		}

		fn generate_key_ownership_proof(
			set_id: sp_consensus_grandpa::SetId,
			authority_id: sp_consensus_grandpa::AuthorityId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for FakeRuntime {
		fn account_nonce(account: AccountId) -> Nonce {
			unimplemented!("{NOT_NATIVE}")
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for FakeRuntime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			unimplemented!("{NOT_NATIVE}")
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::FeeDetails<Balance> {
			unimplemented!("{NOT_NATIVE}")
		}

		fn query_weight_to_fee(weight: sp_weights::Weight) -> Balance {
			unimplemented!("{NOT_NATIVE}")
		}

		fn query_length_to_fee(length: u32) -> Balance {
			unimplemented!("{NOT_NATIVE}")
		}
	}
}

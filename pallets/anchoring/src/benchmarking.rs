//! Benchmarks of the anchoring pallet, at their worst: a mandatory header
//! with the largest next authority set, a full ring that evicts, and
//! `MaxChains` chains under the anchors root.

use super::*;
use bp_test_utils::{make_justification_for_header, Account, JustificationGeneratorParams};
use ecert_primitives::CertificateTypeId;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use sp_consensus_grandpa::{ConsensusLog, ScheduledChange, GRANDPA_ENGINE_ID};
use sp_runtime::{traits::Header as _, Digest, DigestItem};

fn authorities(count: u32) -> GrandpaAuthorities {
	(0..count as u16)
		.map(|i| (Account(i).into(), 1))
		.collect::<Vec<_>>()
		.try_into()
		.expect("at most MAX_SIDE_CHAIN_AUTHORITIES; qed")
}

/// The smallest authority set whose justification needs `precommits` votes.
fn set_size_for(precommits: u32) -> u32 {
	(1..=MAX_SIDE_CHAIN_AUTHORITIES)
		.find(|n| {
			bp_header_chain::justification::required_justification_precommits(*n) == precommits
		})
		.unwrap_or(MAX_SIDE_CHAIN_AUTHORITIES)
}

/// A distinct hash per number (`H256::from_low_u64_be` needs `std`).
fn numbered_hash(number: u64) -> H256 {
	let mut bytes = [0u8; 32];
	bytes[24..].copy_from_slice(&number.to_be_bytes());
	H256(bytes)
}

fn other_chain(i: u32) -> ChainId {
	let name = alloc::format!("bench{i}");
	ChainId::Side(CertificateTypeId::try_from(name.as_bytes()).expect("a well-formed id; qed"))
}

/// Tracks `chain` with `set_size` authorities, a full ring, and the most
/// other chains allowed.
fn track<T: Config>(chain: &ChainId, set_size: u32) {
	let mut state = ChainState::<BlockNumberFor<T>>::from_genesis(ChainCheckpoint {
		genesis_hash: H256::repeat_byte(1),
		authorities: authorities(set_size),
		set_id: 1,
	});
	for slot in 0..T::HeadersToKeep::get() {
		let hash = numbered_hash(slot as u64 + 1);
		HeaderRing::<T>::insert(chain, slot, hash);
		Headers::<T>::insert(
			chain,
			hash,
			AnchoredHeader {
				number: slot + 1,
				hash,
				state_root: hash,
				commitment_root: hash,
				time: 0,
			},
		);
	}
	state.best_number = T::HeadersToKeep::get();
	state.best_hash = numbered_hash(state.best_number as u64);
	Chains::<T>::insert(chain, state);
	for i in 1..T::MaxChains::get() {
		let mut other = ChainState::<BlockNumberFor<T>>::from_genesis(ChainCheckpoint {
			genesis_hash: H256::repeat_byte(2),
			authorities: authorities(1),
			set_id: 0,
		});
		other.best_number = 1;
		Chains::<T>::insert(other_chain(i), other);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `p` precommits, `a` ancestry headers.
	#[benchmark]
	fn submit_finality_proof(p: Linear<1, 22>, a: Linear<0, 16>) {
		let chain = ChainId::Main;
		let set_size = set_size_for(p);
		track::<T>(&chain, set_size);

		let mut digest = Digest::default();
		digest.push(
			ChainCommitment {
				chain: chain.clone(),
				genesis_hash: H256::repeat_byte(1),
				time: 1,
				root: H256::repeat_byte(3),
			}
			.to_digest_item(),
		);
		digest.push(DigestItem::Consensus(
			GRANDPA_ENGINE_ID,
			ConsensusLog::ScheduledChange(ScheduledChange {
				next_authorities: authorities(MAX_SIDE_CHAIN_AUTHORITIES).into_inner(),
				delay: 0u32,
			})
			.encode(),
		));
		let number = T::HeadersToKeep::get() + 1;
		let header = Header::new(number, H256::zero(), H256::repeat_byte(4), H256::zero(), digest);
		let signers = bp_header_chain::justification::required_justification_precommits(set_size);
		let justification = make_justification_for_header(JustificationGeneratorParams {
			header: header.clone(),
			round: 1,
			set_id: 1,
			authorities: (0..signers as u16).map(|i| (Account(i), 1)).collect(),
			ancestors: a,
			forks: 1,
		});

		#[extrinsic_call]
		_(RawOrigin::None, chain.clone(), Box::new(header), justification);

		assert_eq!(Chains::<T>::get(&chain).map(|state| state.best_number), Some(number));
	}

	#[benchmark]
	fn reset_chain() -> Result<(), BenchmarkError> {
		let chain = ChainId::Main;
		track::<T>(&chain, 4);
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let checkpoint = ChainCheckpoint {
			genesis_hash: H256::repeat_byte(5),
			authorities: authorities(MAX_SIDE_CHAIN_AUTHORITIES),
			set_id: 9,
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, chain.clone(), checkpoint, 100);

		assert_eq!(Chains::<T>::get(&chain).map(|state| state.set_id), Some(9));
		Ok(())
	}

	#[benchmark]
	fn confirm_anchor() -> Result<(), BenchmarkError> {
		let own = T::OwnChain::get().ok_or(BenchmarkError::Weightless)?;
		let tracked = other_chain(0);
		let own_hash = H256::repeat_byte(9);
		frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::from(5u32), own_hash);
		let mut leaves: Vec<AnchorLeaf> = (1..1u32 << MAX_ANCHOR_PROOF_DEPTH)
			.map(|i| AnchorLeaf { chain: other_chain(i), number: i, hash: H256::zero() })
			.collect();
		leaves.push(AnchorLeaf { chain: own, number: 5, hash: own_hash });
		let index = leaves.len() as u32 - 1;
		let proof = AnchorProof::new(&leaves, index).ok_or(BenchmarkError::Weightless)?;
		let header = H256::repeat_byte(8);
		Headers::<T>::insert(
			&tracked,
			header,
			AnchoredHeader {
				number: 7,
				hash: header,
				state_root: H256::zero(),
				commitment_root: anchors_root(&leaves),
				time: 0,
			},
		);
		let mut older = Pallet::<T>::check_confirmation(&tracked, &header, &proof)
			.map_err(|_| BenchmarkError::Weightless)?;
		older.leaf.number = 4;
		Confirmations::<T>::insert(&tracked, older);

		#[extrinsic_call]
		_(RawOrigin::None, tracked.clone(), header, proof);

		assert_eq!(Confirmations::<T>::get(&tracked).map(|c| c.leaf.number), Some(5));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

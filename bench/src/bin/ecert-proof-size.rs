//! `ecert-proof-size`: the portable certificate proof's size and offline
//! verification time, for side chains of growing size, beside a baseline:
//! a plain state-trie read proof of the same record in the same state.
//!
//! Each proof is built from scratch the way the chains build it: a diploma
//! chain holding `n` certificates (its certificate tree), anchored beside
//! other side chains in a main chain finalized by `--authorities` GRANDPA
//! validators (a real signed justification), with headers shaped like real
//! ones. The baseline puts the same `n` records in a Substrate state trie
//! under the certificates pallet's keys and proves one read.
//!
//! Above 4,194,304 certificates the tree is not built whole: a hash stands
//! in for each sibling on the path (the size and checking time depend only
//! on the depth), and there is no baseline.
//!
//! With `--batched B`, a second table gives the proof of a batched
//! certificate (version 5) when every certificate is in a batch of `B`: the
//! certificate tree then has a leaf a batch, and the proof carries the
//! member's membership in its batch and its change path; both a member that
//! never changed and one revoked since.
//!
//! Example: `ecert-proof-size --sizes 1,1000,1000000,100000000 --authorities 16 --batched 10000`

use clap::Parser;
use codec::Encode;
use ecert_primitives::{
	proof_fixtures::{
		main_checkpoint, sample_batched_proof, sample_id, sample_proof, sample_record,
		SAMPLE_TREE_LIMIT,
	},
	storage, verify_certificate_proof, CertificateProof, MainCheckpoint,
};
use sp_runtime::traits::BlakeTwo256;
use sp_trie::{LayoutV1, MemoryDB, Recorder, Trie, TrieDBBuilder, TrieDBMutBuilder, TrieMut};
use std::time::Instant;

/// Prints the portable proof's size and verification time at several side
/// chain sizes, beside a plain state-trie proof.
#[derive(Parser, Debug)]
#[command(version, verbatim_doc_comment)]
struct Args {
	/// Certificates on the side chain, comma-separated.
	#[arg(long, value_delimiter = ',', default_value = "1,1000,1000000")]
	sizes: Vec<u32>,
	/// GRANDPA validators of the main chain.
	#[arg(long, default_value_t = 4)]
	authorities: u16,
	/// Other side chains anchored beside the diploma chain.
	#[arg(long, default_value_t = 1)]
	other_chains: u32,
	/// Verifications timed per size.
	#[arg(long, default_value_t = 200)]
	repeat: u32,
	/// Skip the state-trie baseline (it takes a while at a million).
	#[arg(long)]
	no_baseline: bool,
	/// Also give a batched certificate's proof, every certificate being in
	/// a batch of this many (at most 100,000).
	#[arg(long, value_name = "MEMBERS", value_parser = clap::value_parser!(u32).range(1..=100_000))]
	batched: Option<u32>,
}

/// The mean time in µs of verifying `proof` `repeat` times.
fn verify_micros(proof: &CertificateProof, checkpoint: &MainCheckpoint, repeat: u32) -> f64 {
	let bytes = proof.to_bytes();
	let decoded = CertificateProof::from_bytes(&bytes).expect("the proof decodes");
	let start = Instant::now();
	for _ in 0..repeat.max(1) {
		verify_certificate_proof(&decoded, checkpoint).expect("the proof verifies");
	}
	start.elapsed().as_secs_f64() * 1e6 / repeat.max(1) as f64
}

fn fits(bytes: usize) -> &'static str {
	if bytes <= 2_953 {
		"yes"
	} else {
		"NO"
	}
}

/// The batched table: at each size, all in batches of `members`.
fn print_batched(args: &Args, members: u32, checkpoint: &MainCheckpoint) {
	println!(
		"\n{:>12} {:>8} {:>11} {:>12} {:>14} {:>8} {:>12}",
		"certificates",
		"batch",
		"tree leaves",
		"proof bytes",
		"revoked bytes",
		"QR fits",
		"verify (µs)"
	);
	for &n in &args.sizes {
		let leaves = n.max(1).div_ceil(members);
		let batch = members.min(n.max(1));
		let unchanged =
			sample_batched_proof(leaves, batch, false, args.other_chains, args.authorities);
		let revoked =
			sample_batched_proof(leaves, batch, true, args.other_chains, args.authorities);
		let (size, revoked_size) = (unchanged.to_bytes().len(), revoked.to_bytes().len());
		println!(
			"{:>12} {:>8} {:>11} {:>12} {:>14} {:>8} {:>12.1}",
			n,
			batch,
			leaves,
			size,
			revoked_size,
			fits(size.max(revoked_size)),
			verify_micros(&revoked, checkpoint, args.repeat)
		);
	}
	println!("(a batched certificate's proof, version 5: unchanged, and revoked since its batch)");
}

/// A read proof of certificate 0 among `n` records in a state trie.
fn baseline_size(n: u32) -> usize {
	let layout_db = &mut MemoryDB::<BlakeTwo256>::default();
	let mut root = Default::default();
	{
		let mut trie = TrieDBMutBuilder::<LayoutV1<BlakeTwo256>>::new(layout_db, &mut root).build();
		for i in 0..n.max(1) {
			trie.insert(&storage::certificate(&sample_id(i)), &sample_record(i).encode())
				.expect("in-memory inserts succeed");
		}
	}
	let mut recorder = Recorder::<LayoutV1<BlakeTwo256>>::new();
	{
		let trie = TrieDBBuilder::<LayoutV1<BlakeTwo256>>::new(layout_db, &root)
			.with_recorder(&mut recorder)
			.build();
		trie.get(&storage::certificate(&sample_id(0))).expect("the record is there");
	}
	let nodes: Vec<Vec<u8>> = recorder.drain().into_iter().map(|record| record.data).collect();
	nodes.encode().len()
}

fn main() {
	let args = Args::parse();
	if args.authorities == 0 || args.authorities > 32 {
		eprintln!("ecert-proof-size: --authorities must be between 1 and 32");
		std::process::exit(2);
	}
	let checkpoint = main_checkpoint(args.authorities);
	println!(
		"{:>12} {:>12} {:>10} {:>14} {:>16} {:>8}",
		"certificates", "proof bytes", "QR fits", "verify (µs)", "trie-only bytes", "ratio"
	);
	for &n in &args.sizes {
		let proof = sample_proof(n, args.other_chains, args.authorities);
		let bytes = proof.to_bytes();
		let micros = verify_micros(&proof, &checkpoint, args.repeat);
		let (baseline, ratio) = if args.no_baseline || n > SAMPLE_TREE_LIMIT {
			("-".to_string(), "-".to_string())
		} else {
			let size = baseline_size(n);
			// The portable proof's certificate part (record + tree path)
			// against the state-trie proof of the record alone.
			let ours = proof.record().encode().len() + proof.path().encode().len();
			(size.to_string(), format!("{:.2}", size as f64 / ours as f64))
		};
		println!(
			"{:>12} {:>12} {:>10} {:>14.1} {:>16} {:>8}",
			n,
			bytes.len(),
			fits(bytes.len()),
			micros,
			baseline,
			ratio
		);
	}
	println!(
		"(main chain of {} validators, {} other side chain(s); ratio = state-trie proof of the \
		 record / record + certificate-tree path)",
		args.authorities, args.other_chains
	);
	if let Some(members) = args.batched {
		print_batched(&args, members, &checkpoint);
	}
}

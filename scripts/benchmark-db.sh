#!/usr/bin/env bash
# Measures this machine's ParityDB reads and writes on a side chain that
# holds many certificates, and writes them as the database weights both
# runtimes charge (runtime/common/src/db_weights.rs).
#
#   scripts/benchmark-db.sh                   # 100,000 single certificates beside 1,000,000 batched
#   scripts/benchmark-db.sh --singles 20000   # a smaller chain, quicker
#
# 1. builds the release workspace and grows a side chain with
#    `ecert-bench scale --data` (a few minutes per 100,000 singles);
# 2. builds ecert-node with the `runtime-benchmarks` feature (its
#    `benchmark storage` subcommand) into the same target directory, without
#    Wasm (SKIP_WASM_BUILD: frame-benchmarking-cli's own test runtime does
#    not build from the registry, and this node reads the chain's raw spec);
# 3. runs `ecert-node benchmark storage` on that chain's database: every key
#    read, every key rewritten in block-sized batches; each weight is the
#    average times 1.1, as FRAME's own figures are.
#
# The chain's data goes to DB_BENCH_DIR (default /var/tmp/ecert-db-bench),
# removed before and after. Run it on the reference machine after changing
# the database or its settings, then rebuild the runtimes and commit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

singles=100000
while [ $# -gt 0 ]; do
	case $1 in
	--singles) singles=$2; shift ;;
	-h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

scripts/setup.sh
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
data=${DB_BENCH_DIR:-/var/tmp/ecert-db-bench}
rm -rf "$data"
trap 'rm -rf "$data"' EXIT

echo "benchmark-db: building the release workspace"
cargo build --locked --workspace --release
echo "benchmark-db: growing a side chain ($singles single certificates, 1,000,000 batched)"
"$target/release/ecert-bench" scale --data "$data" --singles "$singles" \
	--certificates 1000000 --baseline 1000000 --batch-size 100000 --lookups 100 >/dev/null

"$target/release/ecert-node" build-spec --chain side-diploma-dev --raw --disable-default-bootnode \
	>"$data/side-diploma-dev.json" 2>/dev/null

echo "benchmark-db: building ecert-node with benchmark storage"
SKIP_WASM_BUILD=1 cargo build --locked --release --workspace \
	--features ecert-node/runtime-benchmarks
node=$data/ecert-node-benchmarks
cp "$target/release/ecert-node" "$node"

"$node" benchmark storage --chain "$data/side-diploma-dev.json" \
	--base-path "$data/side-diploma-dev" \
	--db paritydb --state-version 1 --mul 1.1 \
	--template-path scripts/db-weights.hbs --weight-path runtime/common/src/db_weights.rs
# Puts the normal node back where the tests and the local network find it.
cargo build --locked --workspace --release
echo "benchmark-db: wrote runtime/common/src/db_weights.rs"

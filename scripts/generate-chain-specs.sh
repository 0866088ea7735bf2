#!/usr/bin/env bash
# Regenerates chain-specs/*.json from the built-in chains of ecert-node, and
# the runtimes' metadata that the client is generated from (client/metadata).
# Run it after changing a runtime or a genesis preset; the test
# `committed_chain_specs_match_what_the_node_generates` fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh
cargo build --locked --workspace --all-targets
node="${CARGO_TARGET_DIR:-target}/debug/ecert-node"
ECERT_WRITE_METADATA=1 cargo test --locked --workspace --lib --no-fail-fast -- the_clients_committed_metadata_is_this_runtimes
echo "wrote client/metadata/*.scale"
for chain in main-local side-diploma-local side-license-local; do
	"$node" build-spec --chain "$chain" --disable-default-bootnode >"chain-specs/$chain.json" 2>/dev/null
	echo "wrote chain-specs/$chain.json"
done

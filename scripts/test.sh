#!/usr/bin/env bash
# README command 2: the whole test suite.
#
# Installs what is missing, builds the node, then runs every test of the
# workspace: the pallet, runtime and node unit tests, and the end-to-end tests
# in tests/, which start real ecert-node processes on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh
# One build of every target first: the tests and the node then share the
# same dependency features, so nothing compiles twice.
cargo build --locked --workspace --all-targets
# The web app, for its tests in a real browser (tests/tests/web.rs).
scripts/build-web.sh
cargo test --locked --workspace --no-fail-fast

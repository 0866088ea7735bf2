#!/usr/bin/env bash
# Builds the workspace and runs ecert-bench (certificates finalized per second
# against balance transfers on the same node, then ecert_verifyCertificate
# against state_getStorage on its RPC; see `ecert-bench --help`).
#
#   scripts/bench.sh [--release] [ECERT-BENCH OPTIONS...]
#
#   --release   build and measure the optimised binaries, as operators run
#               them (the figures in the README are from a release build)
#
# Example: scripts/bench.sh --release --count 4000 --issuers 4
#          scripts/bench.sh --release scale   (a side chain of 100 million)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

profile=debug
if [ "${1:-}" = --release ]; then
	profile=release
	shift
fi
bench="$(realpath -m "${CARGO_TARGET_DIR:-target}")/$profile/ecert-bench"
case "${1:-}" in
-h | --help)
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	if [ -x "$bench" ]; then echo; exec "$bench" --help; fi
	exit 0
	;;
esac

scripts/setup.sh
if [ "$profile" = release ]; then
	cargo build --locked --workspace --release
else
	cargo build --locked --workspace --all-targets
fi
exec "$bench" "$@"

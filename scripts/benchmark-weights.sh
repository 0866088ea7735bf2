#!/usr/bin/env bash
# Measures ecert's pallets with FRAME benchmarking and writes each pallet's
# weights.rs.
#
#   scripts/benchmark-weights.sh            # every ecert pallet
#   scripts/benchmark-weights.sh --check    # only run each benchmark once, write nothing
#   scripts/benchmark-weights.sh pallet_anchoring pallet_registry_view   # only these
#
# It builds both runtimes' Wasm with the `runtime-benchmarks` feature in its
# own target directory (BENCH_TARGET_DIR, default
# /var/tmp/ecert-bench-target), so the normal build cache stays as it is,
# copies the Wasm aside (BENCH_WASM_DIR, default /var/tmp/ecert-bench-wasm),
# and runs frame-omni-bencher against that Wasm: the main runtime on its
# `development` preset, the side runtime on `diploma_development`. frame-omni-bencher (0.28.0, the stable2609 release) is installed
# first if missing; it builds RocksDB and so needs clang and libclang. It is
# never part of the node or of CI.
#
# The weights are for the machine this runs on. Run it on the reference
# machine after changing a pallet's calls or storage, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

check=false
only=()
for arg in "$@"; do
	case $arg in
	--check) check=true ;;
	-h | --help) sed -n '2,21p' "$0"; exit 0 ;;
	pallet_*) only+=("$arg") ;;
	*) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
	esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v frame-omni-bencher >/dev/null; then
	if ! ls /usr/lib/llvm-*/lib/libclang.so >/dev/null 2>&1; then
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-dev >/dev/null
	fi
	echo "benchmark: installing frame-omni-bencher 0.28.0 (a long build, once)"
	CARGO_TARGET_DIR="${OMNI_TARGET_DIR:-/var/tmp/omni-target}" \
		cargo install frame-omni-bencher --version 0.28.0 --locked
fi

target=${BENCH_TARGET_DIR:-/var/tmp/ecert-bench-target}
echo "benchmark: building the runtimes with runtime-benchmarks"
CARGO_TARGET_DIR=$target cargo build --locked -p ecert-main-runtime -p ecert-side-runtime \
	--features ecert-main-runtime/runtime-benchmarks,ecert-side-runtime/runtime-benchmarks
# Copied aside, so a normal build into the same target directory can't
# change the Wasm under a running benchmark.
wbuild=$target/debug/wbuild
wasm_dir=${BENCH_WASM_DIR:-/var/tmp/ecert-bench-wasm}
mkdir -p "$wasm_dir"
main=$wasm_dir/ecert_main_runtime.wasm
side=$wasm_dir/ecert_side_runtime.wasm
cp "$wbuild/ecert-main-runtime/ecert_main_runtime.wasm" "$main"
cp "$wbuild/ecert-side-runtime/ecert_side_runtime.wasm" "$side"

# Pallet name in the runtime's benchmarks, its crate directory, its runtime
# and the genesis preset to measure on.
pallets=(
	"pallet_ecert_identity pallets/identity $main development"
	"pallet_issuers pallets/issuers $main development"
	"pallet_certificate_types pallets/certificate-types $main development"
	"pallet_registry_view pallets/registry-view $side diploma_development"
	"pallet_certificates pallets/certificates $side diploma_development"
	"pallet_anchoring pallets/anchoring $main development"
)
for entry in "${pallets[@]}"; do
	read -r pallet dir wasm preset <<<"$entry"
	if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " =~ " $pallet " ]]; then
		continue
	fi
	common=(--runtime "$wasm" --genesis-builder-preset "$preset" --pallet "$pallet" --extrinsic '*')
	if $check; then
		frame-omni-bencher v1 benchmark pallet "${common[@]}" --steps 2 --repeat 1 \
			--no-storage-info --no-min-squares --no-median-slopes
	else
		frame-omni-bencher v1 benchmark pallet "${common[@]}" --steps 50 --repeat 20 \
			--wasm-execution compiled --heap-pages 4096 \
			--header scripts/weights-header.txt --template scripts/weights-template.hbs \
			--output "$dir/src/weights.rs"
	fi
done

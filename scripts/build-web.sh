#!/usr/bin/env bash
# Builds the web app (web/) into web/dist/: the portable-proof verifier of
# ecert-primitives compiled to WebAssembly (web/verifier, through
# wasm-bindgen), then the page with Vite, from the npm packages pinned in
# web/package-lock.json. Run scripts/setup.sh first (the test and
# local-network scripts do).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
target_dir=$(realpath -m "${CARGO_TARGET_DIR:-target}")

echo "web: building the verifier for the browser"
cargo build --locked --release --quiet -p ecert-web-verifier --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir web/src/verifier \
	"$target_dir/wasm32-unknown-unknown/release/ecert_web_verifier.wasm"

cd web
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
npx vite build --logLevel warn
echo "web: built in web/dist"

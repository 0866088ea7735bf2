#!/usr/bin/env bash
# Installs what building ecert needs on a Debian machine, and nothing that is
# already there:
#   - protoc (the networking crates compile protobuf files),
#   - a C/C++ compiler, make and perl (for the few C parts: binaryen, OpenSSL),
#   - Node.js and npm (the test of the unmodified @polkadot/api client),
#   - the Rust toolchain pinned in rust-toolchain.toml, with its Wasm target.
# Safe to run again: it checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v cc >/dev/null || missing+=(gcc)
command -v c++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v perl >/dev/null || missing+=(perl)
command -v curl >/dev/null || missing+=(curl)
command -v git >/dev/null || missing+=(git)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v rustup >/dev/null; then
	echo "setup: installing rustup"
	curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
		sh -s -- -y --profile minimal --default-toolchain none >/dev/null
	export PATH="$HOME/.cargo/bin:$PATH"
fi

channel=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup target list --installed --toolchain "$channel" 2>/dev/null | grep -qx wasm32v1-none ||
	! rustup component list --installed --toolchain "$channel" 2>/dev/null | grep -q '^rust-src'; then
	echo "setup: installing Rust $channel with the wasm32v1-none target"
	rustup toolchain install "$channel" --profile minimal \
		--component rustfmt,clippy,rust-src --target wasm32v1-none
fi

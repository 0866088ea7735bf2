#!/usr/bin/env bash
# Installs what building ecert needs on a Debian machine, and nothing that is
# already there:
#   - protoc (the networking crates compile protobuf files),
#   - a C/C++ compiler, make and perl (for the few C parts: binaryen, OpenSSL),
#     and clang (the C part of the browser's verifier, built for Wasm),
#   - Node.js and npm (the web app's build, and the test of the unmodified
#     @polkadot/api client),
#   - PostgreSQL (the issuer's office's tests start their own server), and
#     jq (the demo reads the office's JSON answers with it),
#   - Chromium, its WebDriver and a Chinese font (the web app's tests in a
#     real browser, and their screenshots),
#   - the Rust toolchain pinned in rust-toolchain.toml, with its Wasm
#     targets: wasm32v1-none for the runtimes, wasm32-unknown-unknown for
#     the browser's verifier,
#   - wasm-bindgen-cli at the version of the wasm-bindgen crate in
#     Cargo.lock.
# Safe to run again: it checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v cc >/dev/null || missing+=(gcc)
command -v c++ >/dev/null || missing+=(g++)
command -v clang >/dev/null || missing+=(clang)
command -v make >/dev/null || missing+=(make)
command -v perl >/dev/null || missing+=(perl)
command -v curl >/dev/null || missing+=(curl)
command -v git >/dev/null || missing+=(git)
command -v jq >/dev/null || missing+=(jq)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fc-list :lang=zh-tw 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
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
targets=$(rustup target list --installed --toolchain "$channel" 2>/dev/null || true)
if ! grep -qx wasm32v1-none <<<"$targets" || ! grep -qx wasm32-unknown-unknown <<<"$targets" ||
	! rustup component list --installed --toolchain "$channel" 2>/dev/null | grep -q '^rust-src'; then
	echo "setup: installing Rust $channel with the wasm32v1-none and wasm32-unknown-unknown targets"
	rustup toolchain install "$channel" --profile minimal \
		--component rustfmt,clippy,rust-src --target wasm32v1-none --target wasm32-unknown-unknown
fi

bindgen=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"/\1/p}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
	echo "setup: installing wasm-bindgen-cli $bindgen"
	# Not --locked: its lock names a webpki-roots release that the registry
	# no longer serves; the version of the tool itself is what must match.
	cargo install --quiet --force wasm-bindgen-cli --version "$bindgen"
fi

# The unmodified @polkadot/api client that tests/tests/standard_clients.rs
# runs, at the versions its lock pins; installed again only when the lock
# changes.
if [ ! -f tests/js/node_modules/.package-lock.json ] ||
	[ tests/js/package-lock.json -nt tests/js/node_modules/.package-lock.json ]; then
	echo "setup: installing the @polkadot/api test client (tests/js)"
	(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi

#!/usr/bin/env bash
# README command 1: a local ecert network on 127.0.0.1.
#
# Starts the main chain and the diploma and license side chains, each with two
# validators (Alice and Bob) and six-second blocks, and ecert-relay between
# them, and the web app; prints each chain's RPC endpoint and the web app's
# address, and runs until Ctrl-C, which stops every process it started.
# Chain data persists across runs; --fresh starts from genesis again.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

usage() {
	cat <<'USAGE'
Usage: scripts/local-network.sh [--fresh] [--demo] [--release] [--data DIR] [--no-build]

Starts a local ecert network on 127.0.0.1: the main chain and the diploma and
license side chains, two validators each (Alice and Bob), and ecert-relay,
which anchors each chain's finalized headers in the other and proves the main
chain's issuers and identities to the side chains. Runs until Ctrl-C.

  --fresh      delete the chains' data first and start from genesis
  --demo       once the network is up, walk through the whole story with the
               ecert client (scripts/demo.sh): identities, accreditation, a
               diploma issued through the university's office (ecert-office,
               kept running at http://127.0.0.1:8090, its admin password
               printed once), selective disclosure, the QR proof verified
               offline, revocation; the network keeps running afterwards
  --release    build and run the optimised binaries, as operators do; their
               runtime code differs from a debug build's, so their chains
               are other chains, kept apart (default data:
               .local-network-release)
  --data DIR   where the chains keep their data (default: .local-network)
  --no-build   use the binaries already built
  -h, --help   show this help

RPC endpoints (Alice's node of each chain; Bob's is the port after it):
  main chain          ws://127.0.0.1:9944
  diploma side chain  ws://127.0.0.1:9954
  license side chain  ws://127.0.0.1:9964
Relay metrics (Prometheus): http://127.0.0.1:9640/metrics
Web app: http://127.0.0.1:8080
USAGE
}

data=""
fresh=false
release=false
demo=false
build=true
while [ $# -gt 0 ]; do
	case "$1" in
	--fresh) fresh=true ;;
	--demo) demo=true ;;
	--release) release=true ;;
	--data) data="${2:?--data needs a directory}"; shift ;;
	--no-build) build=false ;;
	-h | --help) usage; exit 0 ;;
	*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

if $release; then profile=release; else profile=debug; fi
[ -n "$data" ] || { if $release; then data=.local-network-release; else data=.local-network; fi; }
if $build; then
	scripts/setup.sh
	if $release; then
		cargo build --locked --workspace --release
	else
		cargo build --locked --workspace --all-targets
	fi
	scripts/build-web.sh
fi
node="$(realpath "${CARGO_TARGET_DIR:-target}")/$profile/ecert-node"
relay="$(dirname "$node")/ecert-relay"
[ -x "$node" ] || { echo "no ecert-node at $node: run without --no-build" >&2; exit 1; }
[ -x "$relay" ] || { echo "no ecert-relay at $relay: run without --no-build" >&2; exit 1; }
[ -f web/dist/index.html ] || { echo "no web app in web/dist: run without --no-build" >&2; exit 1; }

if $fresh; then
	echo "Deleting $data"
	rm -rf "$data"
fi
mkdir -p "$data"
data="$(realpath "$data")"

pids=()
stop_all() {
	trap - INT TERM EXIT
	if [ "${#pids[@]}" -gt 0 ]; then
		echo
		echo "Stopping ${#pids[@]} processes..."
		kill -INT "${pids[@]}" 2>/dev/null || true
		for _ in $(seq 1 100); do
			alive=false
			for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
			$alive || break
			sleep 0.2
		done
		kill -KILL "${pids[@]}" 2>/dev/null || true
		wait 2>/dev/null || true
		echo "All stopped. Data kept in $data (--fresh to start over)."
	fi
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# start_node CHAIN NAME P2P_PORT RPC_PORT PROMETHEUS_PORT [BOOTNODE]
start_node() {
	local chain=$1 name=$2 p2p=$3 rpc=$4 prometheus=$5 bootnode=${6:-}
	local dir="$data/$chain/$name"
	mkdir -p "$dir"
	# The well-known development network keys (Alice's node 0x00..01, Bob's
	# 0x00..02): the local chain specs admit exactly these two peer ids.
	case $name in
	alice) printf '%064x' 1 >"$dir/node-key" ;;
	bob) printf '%064x' 2 >"$dir/node-key" ;;
	esac
	local args=(--chain "$chain" "--$name" --base-path "$dir" --node-key-file "$dir/node-key"
		--listen-addr "/ip4/127.0.0.1/tcp/$p2p" --rpc-port "$rpc" --prometheus-port "$prometheus"
		--no-mdns --no-telemetry)
	[ -n "$bootnode" ] && args+=(--bootnodes "$bootnode")
	"$node" "${args[@]}" >>"$data/$chain-$name.log" 2>&1 &
	pids+=($!)
}

peer_id() { "$node" key inspect-node-key --file "$1" 2>>"$data/keys.log"; }

# start_chain CHAIN FIRST_PORT_OFFSET
start_chain() {
	local chain=$1 offset=$2
	start_node "$chain" alice $((30333 + offset)) $((9944 + offset)) $((9615 + offset))
	local alice_id
	alice_id=$(peer_id "$data/$chain/alice/node-key")
	start_node "$chain" bob $((30334 + offset)) $((9945 + offset)) $((9616 + offset)) \
		"/ip4/127.0.0.1/tcp/$((30333 + offset))/p2p/$alice_id"
}

start_chain main-local 0
start_chain side-diploma-local 10
start_chain side-license-local 20

rpc() {
	curl -s -m 2 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}

echo "Waiting for the nodes to answer RPC..."
for port in 9944 9945 9954 9955 9964 9965; do
	for _ in $(seq 1 120); do
		rpc "$port" system_health | grep -q result && break
		for pid in "${pids[@]}"; do
			kill -0 "$pid" 2>/dev/null || { echo "a node exited; see the logs in $data" >&2; exit 1; }
		done
		sleep 0.5
	done
done

# The relay: stateless, so it simply starts again with the network. It
# finds the side chains in the main chain's directory, which lists the
# diploma and license nodes (a new type's once `ecert type endpoints` lists
# it). Its metrics port sits after the nodes' (9615-9636).
"$relay" --main ws://127.0.0.1:9944 --prometheus-port 9640 >>"$data/relay.log" 2>&1 &
pids+=($!)

# The web app: static files, served here by Vite's preview server.
(cd web && exec node_modules/.bin/vite preview --port 8080 >>"$data/web.log" 2>&1) &
pids+=($!)

cat <<EOF

The ecert local network is up (logs and data in $data):
  main chain          ws://127.0.0.1:9944   (Bob: 9945)
  diploma side chain  ws://127.0.0.1:9954   (Bob: 9955)
  license side chain  ws://127.0.0.1:9964   (Bob: 9965)
Prometheus metrics on 127.0.0.1:9615, 9625 and 9635 (Bob: the port after).
ecert-relay anchors the chains in each other (log: $data/relay.log,
metrics: http://127.0.0.1:9640/metrics).
The web app (verify a certificate's QR proof in the browser):
  http://127.0.0.1:8080
Press Ctrl-C to stop every node, the relay and the web app.
EOF

if $demo; then
	demo_dir="$data/demo-$(date +%Y%m%d-%H%M%S)"
	scripts/demo.sh --dir "$demo_dir" --profile "$profile" || {
		echo "the demo failed; the network keeps running (Ctrl-C to stop)" >&2
	}
	# The demo university's office keeps running with the network.
	[ -f "$demo_dir/office.pid" ] && pids+=("$(cat "$demo_dir/office.pid")")
fi

# Report finality now and then; stop everything if a node dies.
while true; do
	for pid in "${pids[@]}"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "a node or the relay exited unexpectedly; see the logs in $data" >&2
			exit 1
		fi
	done
	line=""
	for chain_port in main:9944 diploma:9954 license:9964; do
		head=$(rpc "${chain_port#*:}" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
		number=$(curl -s -m 2 -H 'Content-Type: application/json' \
			-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[\"$head\"]}" \
			"http://127.0.0.1:${chain_port#*:}" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		line+="${chain_port%%:*} finalized #$((${number:-0})); "
	done
	echo "$(date +%T) $line"
	sleep 30 &
	wait $! || true
done

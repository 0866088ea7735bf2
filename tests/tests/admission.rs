//! Node admission: only the nodes a chain admits at genesis can join its
//! network and sync.

use ecert_tests::{Node, NodeConfig, BOB_NODE_KEY, STRANGER_NODE_KEY};
use std::time::Duration;

#[test]
fn an_unadmitted_node_cannot_sync() {
	let dir = tempfile::tempdir().unwrap();
	let alice = Node::start("main-dev", &dir.path().join("alice"));
	// From block #2 on, Alice's offchain worker has put her network into
	// reserved-only mode with the admitted nodes.
	alice.wait_until(Duration::from_secs(60), "reaches block #3", |node| node.best_number() >= 3);
	let bootnodes = vec![alice.multiaddr()];

	let bob_path = dir.path().join("bob");
	let bob = Node::launch(NodeConfig {
		chain: "main-dev",
		base_path: &bob_path,
		validator: Some("bob"),
		node_key: BOB_NODE_KEY,
		bootnodes: bootnodes.clone(),
	});
	let stranger_path = dir.path().join("stranger");
	let stranger = Node::launch(NodeConfig {
		chain: "main-dev",
		base_path: &stranger_path,
		validator: None,
		node_key: STRANGER_NODE_KEY,
		bootnodes,
	});

	// Bob's node, admitted at genesis, syncs Alice's chain.
	let target = alice.best_number();
	bob.wait_until(Duration::from_secs(60), &format!("syncs to #{target}"), |node| {
		node.best_number() >= target
	});
	// The stranger had the same time and the same bootnode, and more (three
	// more of Alice's blocks): it still has no peer and no block past
	// genesis.
	alice.wait_until(Duration::from_secs(60), "makes three more blocks", |node| {
		node.best_number() >= target + 3
	});
	assert_eq!(stranger.best_number(), 0, "an unadmitted node synced\n{}", stranger.log_tail());
	let health = stranger.health();
	assert_eq!(health.peers, 0, "an unadmitted node has peers: {health:?}");
}

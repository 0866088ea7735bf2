//! Who makes each call of ecert's pallets: an `ecert` command, or the
//! relay. A test walks the runtimes' metadata and finds every call here,
//! and every command answering `--help`.

/// Who makes a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Maker {
	/// `ecert` with these words (`identity request`).
	Command(&'static str),
	/// `ecert-relay`, which carries finality and storage proofs between
	/// the chains.
	Relay,
	/// No command yet; says what to use meanwhile.
	Missing(&'static str),
}

/// The pallets whose calls [`main_calls`] and [`side_calls`] cover, by
/// their names in the runtimes: ecert's own, node admission, the governing
/// council and the validators.
pub const MAIN_PALLETS: &[&str] = &[
	"Identity",
	"Issuers",
	"CertificateTypes",
	"Anchoring",
	"NodeAuthorization",
	"Council",
	"CouncilMembership",
	"Validators",
	"Session",
	"ChainInfo",
];

/// See [`MAIN_PALLETS`].
pub const SIDE_PALLETS: &[&str] = &[
	"Certificates",
	"RegistryView",
	"Anchoring",
	"NodeAuthorization",
	"Council",
	"CouncilMembership",
	"Validators",
	"Session",
	"ChainInfo",
];

/// Node authorization's calls that the node's owner makes with the node's
/// own key, or that rebuild the whole list: not a command.
const NODE_OWNERS: Maker = Maker::Missing(
	"an operator's own node keys and connections: polkadot.js apps, Developer > Extrinsics",
);

const NODE_CALLS: [(&str, &str, Maker); 9] = [
	("NodeAuthorization", "add_well_known_node", Maker::Command("node admit")),
	("NodeAuthorization", "remove_well_known_node", Maker::Command("node remove")),
	("NodeAuthorization", "swap_well_known_node", NODE_OWNERS),
	("NodeAuthorization", "reset_well_known_nodes", NODE_OWNERS),
	("NodeAuthorization", "claim_node", NODE_OWNERS),
	("NodeAuthorization", "remove_claim", NODE_OWNERS),
	("NodeAuthorization", "transfer_node", NODE_OWNERS),
	("NodeAuthorization", "add_connections", NODE_OWNERS),
	("NodeAuthorization", "remove_connections", NODE_OWNERS),
];

/// The governing authority authorises new runtime code.
const RUNTIME_CALLS: [(&str, &str, Maker); 1] =
	[("ChainInfo", "authorize_upgrade", Maker::Command("runtime upgrade"))];

const ANCHORING_CALLS: [(&str, &str, Maker); 3] = [
	("Anchoring", "submit_finality_proof", Maker::Relay),
	("Anchoring", "confirm_anchor", Maker::Relay),
	("Anchoring", "reset_chain", Maker::Command("anchor reset")),
];

/// What the council does by a motion of its own, not by a command of this
/// client: the call encoded as hex, proposed with `council propose`.
const BY_MOTION: Maker = Maker::Missing(
	"a council motion carrying the call: `ecert council propose --call <hex>` (polkadot.js \
	 apps, Developer > Extrinsics, shows a call's encoding)",
);

const COUNCIL_CALLS: [(&str, &str, Maker); 15] = [
	("Council", "propose", Maker::Command("council propose")),
	("Council", "vote", Maker::Command("council vote")),
	("Council", "close", Maker::Command("council close")),
	("Council", "execute", BY_MOTION),
	("Council", "set_members", BY_MOTION),
	("Council", "disapprove_proposal", BY_MOTION),
	("Council", "kill", BY_MOTION),
	("Council", "release_proposal_cost", BY_MOTION),
	("CouncilMembership", "add_member", BY_MOTION),
	("CouncilMembership", "remove_member", BY_MOTION),
	("CouncilMembership", "swap_member", BY_MOTION),
	("CouncilMembership", "reset_members", BY_MOTION),
	("CouncilMembership", "change_key", BY_MOTION),
	("CouncilMembership", "set_prime", BY_MOTION),
	("CouncilMembership", "clear_prime", BY_MOTION),
];

/// A validator's own calls on its account and keys, besides registering
/// them.
const VALIDATOR_OWN: Maker = Maker::Missing(
	"a validator's own account or keys removed: polkadot.js apps, Developer > Extrinsics, \
	 signed by the validator",
);

const VALIDATOR_CALLS: [(&str, &str, Maker); 9] = [
	("Validators", "add_member", Maker::Command("validator add")),
	("Validators", "remove_member", Maker::Command("validator remove")),
	("Validators", "swap_member", BY_MOTION),
	("Validators", "reset_members", BY_MOTION),
	("Validators", "change_key", VALIDATOR_OWN),
	("Validators", "set_prime", BY_MOTION),
	("Validators", "clear_prime", BY_MOTION),
	("Session", "set_keys", Maker::Command("validator keys")),
	("Session", "purge_keys", VALIDATOR_OWN),
];

/// The main chain's calls: pallet, call, and who makes it.
pub fn main_calls() -> Vec<(&'static str, &'static str, Maker)> {
	let own = [
		("Identity", "request_registration", Maker::Command("identity request")),
		("Identity", "cancel_request", Maker::Command("identity cancel")),
		("Identity", "approve", Maker::Command("identity approve")),
		("Identity", "reject", Maker::Command("identity reject")),
		("Identity", "rotate_keys", Maker::Command("identity rotate")),
		("Identity", "deactivate", Maker::Command("identity deactivate")),
		("Identity", "add_registrar", Maker::Command("registrar add")),
		("Identity", "remove_registrar", Maker::Command("registrar remove")),
		("Identity", "start_recovery", Maker::Command("identity recover")),
		("Identity", "cancel_recovery", Maker::Command("identity veto")),
		("Identity", "claim_recovery", Maker::Command("identity claim")),
		("Issuers", "accredit", Maker::Command("issuer accredit")),
		("Issuers", "update", Maker::Command("issuer update")),
		("Issuers", "suspend", Maker::Command("issuer suspend")),
		("Issuers", "reinstate", Maker::Command("issuer reinstate")),
		("Issuers", "revoke", Maker::Command("issuer revoke")),
		("CertificateTypes", "register", Maker::Command("type add")),
		("CertificateTypes", "retire", Maker::Command("type retire")),
		("CertificateTypes", "set_endpoints", Maker::Command("type endpoints")),
	];
	[
		&own[..],
		&ANCHORING_CALLS[..],
		&NODE_CALLS[..],
		&COUNCIL_CALLS[..],
		&VALIDATOR_CALLS[..],
		&RUNTIME_CALLS[..],
	]
	.concat()
}

/// A side chain's calls: pallet, call, and who makes it.
pub fn side_calls() -> Vec<(&'static str, &'static str, Maker)> {
	let own = [
		("Certificates", "issue", Maker::Command("cert issue")),
		("Certificates", "issue_batch", Maker::Command("cert batch-issue")),
		("Certificates", "revoke", Maker::Command("cert revoke")),
		("Certificates", "suspend", Maker::Command("cert suspend")),
		("Certificates", "reinstate", Maker::Command("cert reinstate")),
		("Certificates", "renew", Maker::Command("cert renew")),
		("Certificates", "grant", Maker::Command("cert grant")),
		("Certificates", "ungrant", Maker::Command("cert ungrant")),
		("Certificates", "record_verification", Maker::Command("cert record-verification")),
		("RegistryView", "update_view", Maker::Relay),
	];
	[
		&own[..],
		&ANCHORING_CALLS[..],
		&NODE_CALLS[..],
		&COUNCIL_CALLS[..],
		&VALIDATOR_CALLS[..],
		&RUNTIME_CALLS[..],
	]
	.concat()
}

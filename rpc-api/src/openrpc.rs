//! The OpenRPC document of ecert's methods (<https://spec.open-rpc.org>),
//! for tools and apps in other languages. A node serves it as
//! `rpc.discover`; `rpc-api/openrpc.json` is the same file.

/// The document, as JSON text.
pub const DOCUMENT: &str = include_str!("../openrpc.json");

/// The method that serves [`DOCUMENT`], by the OpenRPC convention.
pub const DISCOVER_METHOD: &str = "rpc.discover";

/// [`DOCUMENT`], parsed.
pub fn document() -> serde_json::Value {
	serde_json::from_str(DOCUMENT).expect("openrpc.json is JSON; a test checks it")
}

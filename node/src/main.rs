//! # ecert-node
//!
//! One node binary for every ecert chain. `--chain` picks the chain: the main
//! chain (`main-dev`, `main-local`), a side chain (`side-<type>-dev`,
//! `side-<type>-local`, for example `side-diploma-dev`), or a chain-spec JSON
//! file. The node executes the runtime Wasm from the chain's state and never
//! calls a runtime natively, so the same binary runs the main runtime and
//! every side chain.

mod chain_spec;
mod cli;
mod command;
mod fake_runtime_api;
mod network;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}

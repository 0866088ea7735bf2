//! Builds the runtime to Wasm (see `ecert-wasm-build`).

fn main() {
	#[cfg(feature = "std")]
	ecert_wasm_build::build_runtime(env!("CARGO_PKG_NAME"));
}

//! Builds the runtime to Wasm.
//!
//! Both ecert runtimes build their Wasm in one shared target directory, so
//! that the dependencies they share (all of FRAME) compile once, not once per
//! runtime: each runtime's Wasm project directory gets a relative `target`
//! link to `<target>/<profile>/wbuild/shared-target`, which survives moving
//! the target directory.

fn main() {
	#[cfg(feature = "std")]
	{
		share_wasm_target_dir();
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}

#[cfg(feature = "std")]
fn share_wasm_target_dir() {
	let Ok(out_dir) = std::env::var("OUT_DIR") else {
		return;
	};
	// OUT_DIR is <target>/<profile>/build/<crate>-<hash>/out.
	let Some(profile_dir) = std::path::Path::new(&out_dir).ancestors().nth(3) else {
		return;
	};
	let wbuild = profile_dir.join("wbuild");
	let shared = wbuild.join("shared-target");
	let project = wbuild.join(env!("CARGO_PKG_NAME"));
	let link = project.join("target");
	if link.symlink_metadata().is_err()
		&& std::fs::create_dir_all(&shared).is_ok()
		&& std::fs::create_dir_all(&project).is_ok()
	{
		// Without the link the Wasm still builds, in a target directory of
		// its own.
		let _ = std::os::unix::fs::symlink("../shared-target", &link);
	}
}

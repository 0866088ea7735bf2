//! Builds an ecert runtime to Wasm, from the runtime's `build.rs`.
//!
//! Every runtime's Wasm project directory
//! (`<target>/<profile>/wbuild/<runtime>`) gets a relative `target` link to
//! `<target>/<profile>/wbuild/shared-target`, so the dependencies the ecert
//! runtimes share (all of FRAME) compile for Wasm once, not once per runtime.
//! The link is relative, so it survives moving the target directory.

use std::path::Path;

/// Builds the runtime whose `build.rs` calls this, with the Wasm target
/// directory shared with the other ecert runtimes.
pub fn build_runtime(package_name: &str) {
	share_wasm_target_dir(package_name);
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

fn share_wasm_target_dir(package_name: &str) {
	let Ok(out_dir) = std::env::var("OUT_DIR") else { return };
	// OUT_DIR is <target>/<profile>/build/<crate>-<hash>/out.
	let Some(profile_dir) = Path::new(&out_dir).ancestors().nth(3) else { return };
	let wbuild = profile_dir.join("wbuild");
	let project = wbuild.join(package_name);
	let link = project.join("target");
	if link.symlink_metadata().is_err() &&
		std::fs::create_dir_all(wbuild.join("shared-target")).is_ok() &&
		std::fs::create_dir_all(&project).is_ok()
	{
		// Without the link the Wasm still builds, in a target directory of
		// its own.
		let _ = std::os::unix::fs::symlink("../shared-target", &link);
	}
}

//! The `ecert` command-line client as the end-to-end tests run it: a real
//! process with its own keystore and working directory, its JSON output read
//! as the typed answers it gives, its exit codes checked.

use crate::node_binary;
use serde_json::Value;
use std::{
	path::{Path, PathBuf},
	process::Command,
};

// The exit codes the client documents.
/// Bad input: a wrong argument, file or value.
pub const BAD_INPUT: i32 = 2;
/// A node could not be reached.
pub const NETWORK: i32 = 3;
/// The chain refused the transaction.
pub const REJECTED: i32 = 4;
/// The certificate or proof is not valid.
pub const NOT_VALID: i32 = 5;
/// A council motion waits for more votes.
pub const WAITING: i32 = 6;

/// The `ecert` binary, beside the node's.
pub fn ecert_binary() -> PathBuf {
	let path = node_binary().with_file_name("ecert");
	assert!(path.exists(), "{} does not exist: build it first", path.display());
	path
}

/// What one run of `ecert` gave.
pub struct Run {
	/// The exit code.
	pub code: i32,
	/// What it printed.
	pub stdout: String,
	/// What it printed as errors.
	pub stderr: String,
}

impl Run {
	/// The output, read as the typed answer it passes on.
	pub fn parsed<T: serde::de::DeserializeOwned>(&self) -> T {
		serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| {
			panic!("not the JSON expected ({e}): {}\n{}", self.stdout, self.stderr)
		})
	}
}

/// The client, with its own keystore and working directory.
pub struct Ecert {
	/// Its working directory, with its keystore.
	pub dir: PathBuf,
	/// The main chain's node.
	pub main_url: String,
	/// A side chain's node, for [`Ecert::on_side`].
	pub side_url: String,
}

impl Ecert {
	/// Runs `ecert` with `args`, against the main chain's node.
	pub fn run(&self, args: &[&str]) -> Run {
		let output = Command::new(ecert_binary())
			.args(args)
			.args(["--keystore", &self.dir.join("keystore.json").display().to_string()])
			.args(["--main-url", &self.main_url])
			.env("ECERT_PASSPHRASE", "a long and secret passphrase")
			.env_remove("ECERT_URL")
			.current_dir(&self.dir)
			.output()
			.expect("ecert runs");
		Run {
			code: output.status.code().unwrap_or(-1),
			stdout: String::from_utf8_lossy(&output.stdout).into(),
			stderr: String::from_utf8_lossy(&output.stderr).into(),
		}
	}

	/// The same client, with no node to reach: for what must work offline.
	pub fn offline(&self) -> Self {
		Self::without_nodes(&self.dir)
	}

	/// The client in `dir`, pointed at nodes that are not there.
	pub fn without_nodes(dir: &Path) -> Self {
		let nowhere = "http://127.0.0.1:1".to_owned();
		Ecert { dir: dir.into(), main_url: nowhere.clone(), side_url: nowhere }
	}

	/// Runs a command that must succeed, with `--json`, and gives its output.
	pub fn ok(&self, args: &[&str]) -> Value {
		self.ok_as(args)
	}

	/// Runs a command that must succeed, with `--json`, and reads its output
	/// as the typed answer it gives (`ecert_cli::output`, or the node's
	/// answer it passes on).
	pub fn ok_as<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> T {
		let mut args = args.to_vec();
		args.push("--json");
		let run = self.run(&args);
		assert_eq!(run.code, 0, "ecert {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
		run.parsed()
	}

	/// Runs a command that must fail with `code`, and gives its error text.
	pub fn fails(&self, args: &[&str], code: i32) -> String {
		let run = self.run(args);
		assert_eq!(
			run.code, code,
			"ecert {args:?} should exit with {code}:\n{}\n{}",
			run.stdout, run.stderr
		);
		assert!(run.stderr.contains("error:"), "no error message: {}", run.stderr);
		run.stderr
	}

	/// `args`, against the diploma chain's node.
	pub fn on_side<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
		[args, &["--url", &self.side_url][..]].concat()
	}

	/// Same as [`Ecert::ok`], against the diploma chain's node.
	pub fn side(&self, args: &[&str]) -> Value {
		self.ok(&self.on_side(args))
	}

	/// Same as [`Ecert::ok_as`], against the diploma chain's node.
	pub fn side_as<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> T {
		self.ok_as(&self.on_side(args))
	}

	/// The path of `name` in the client's working directory.
	pub fn path(&self, name: &str) -> String {
		self.dir.join(name).display().to_string()
	}
}

/// `args` as the `&str`s the runners take.
pub fn strs(args: &[String]) -> Vec<&str> {
	args.iter().map(String::as_str).collect()
}

/// A JSON file's contents, as `T`.
pub fn read_json<T: serde::de::DeserializeOwned>(path: impl AsRef<Path>) -> T {
	serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

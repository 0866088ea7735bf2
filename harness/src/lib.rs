//! Starting ecert's processes for the end-to-end tests and `ecert-bench`:
//! an `ecert-node` or an `ecert-relay` on loopback, listening on ports it
//! picks itself (port 0) and reports in its log, so that no two processes
//! ever race for a port. A process is stopped when its handle is dropped.
//!
//! Polling, the one way anything here waits, is [`poll`]. Tests of a
//! network spread over machines run processes on the [`hosts`] of a [`Lan`].

pub mod hosts;

pub use hosts::{Host, Lan};

use std::{
	fs::File,
	net::SocketAddr,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	thread::sleep,
	time::{Duration, Instant},
};

/// How long a process may take to start listening.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a stopped process may take to exit before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

/// The line a node logs once its JSON-RPC server listens, before the
/// addresses (`sc-rpc-server`).
const RPC_LISTENING: &str = "Running JSON-RPC server: addr=";

/// The line a Prometheus endpoint logs once it listens, before the address
/// (`substrate-prometheus-endpoint`).
const METRICS_LISTENING: &str = "Prometheus exporter started at ";

/// Calls `attempt` every `interval` until it gives `Some`, for at most
/// `timeout`: what it gave, or `None` if it never did.
pub fn poll<T>(
	timeout: Duration,
	interval: Duration,
	mut attempt: impl FnMut() -> Option<T>,
) -> Option<T> {
	let start = Instant::now();
	loop {
		if let Some(done) = attempt() {
			return Some(done);
		}
		if start.elapsed() >= timeout {
			return None;
		}
		sleep(interval);
	}
}

/// ecert's binary `name` (`ecert-node`, `ecert-relay`): at the path in the
/// environment variable `variable` if it is set, or else beside the running
/// executable (a test's executable is in `deps/` below its profile's
/// directory, where cargo puts the binaries).
pub fn binary(name: &str, variable: &str) -> Result<PathBuf, String> {
	if let Some(path) = std::env::var_os(variable) {
		return Ok(PathBuf::from(path));
	}
	let exe = std::env::current_exe().map_err(|e| format!("cannot tell where I run from: {e}"))?;
	let mut dir = exe.parent().unwrap_or(Path::new("."));
	if dir.file_name().is_some_and(|name| name == "deps") {
		dir = dir.parent().unwrap_or(dir);
	}
	let path = dir.join(name);
	if path.exists() {
		Ok(path)
	} else {
		Err(format!(
			"{} does not exist: build it first (cargo build --workspace), or set {variable}",
			path.display()
		))
	}
}

/// The last `lines` lines of the log at `path`, headed by its path.
pub fn log_tail(path: &Path, lines: usize) -> String {
	let log = std::fs::read_to_string(path).unwrap_or_default();
	let all: Vec<&str> = log.lines().collect();
	format!(
		"--- last lines of {} ---\n{}",
		path.display(),
		all[all.len().saturating_sub(lines)..].join("\n")
	)
}

/// A log file named `name.log` in `dir`, or `name-2.log`, `name-3.log`, ...
/// if that exists: a process restarted in the same directory keeps the
/// earlier run's log.
pub fn fresh_log(dir: &Path, name: &str) -> PathBuf {
	let first = dir.join(format!("{name}.log"));
	if !first.exists() {
		return first;
	}
	(2..).map(|n| dir.join(format!("{name}-{n}.log"))).find(|path| !path.exists()).unwrap_or(first)
}

/// A process this crate started, logging to a file; stopped when dropped.
pub struct Process {
	child: Option<Child>,
	log: PathBuf,
}

impl Process {
	/// Starts `binary` with `args` and the environment `env`, its standard
	/// output and error going to the file `log`.
	pub fn spawn(
		binary: &Path,
		args: &[String],
		env: &[(&str, &str)],
		log: &Path,
	) -> Result<Self, String> {
		let mut command = Command::new(binary);
		command.args(args).envs(env.iter().copied());
		Self::spawn_command(command, log)
	}

	/// Starts `command` (its program, arguments, environment, user as the
	/// caller set them), its standard output and error going to the file
	/// `log`.
	pub fn spawn_command(mut command: Command, log: &Path) -> Result<Self, String> {
		if let Some(dir) = log.parent() {
			std::fs::create_dir_all(dir)
				.map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
		}
		let file = File::create(log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
		let output =
			file.try_clone().map_err(|e| format!("cannot share {}: {e}", log.display()))?;
		let child = command
			.stdin(Stdio::null())
			.stdout(output)
			.stderr(file)
			.spawn()
			.map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
		Ok(Process { child: Some(child), log: log.to_path_buf() })
	}

	/// Waits until the process logs a line holding `marker`, and gives the
	/// rest of that line; fails if the process exits first, or after
	/// [`START_TIMEOUT`].
	pub fn wait_for_line(&mut self, marker: &str) -> Result<String, String> {
		let found = poll(START_TIMEOUT, Duration::from_millis(50), || {
			let log = std::fs::read_to_string(&self.log).unwrap_or_default();
			if let Some(line) = log.lines().find_map(|line| line.split_once(marker)) {
				return Some(Ok(line.1.to_owned()));
			}
			match self.child.as_mut().map(Child::try_wait) {
				Some(Ok(Some(status))) => Some(Err(format!("it exited ({status})"))),
				_ => None,
			}
		});
		found
			.unwrap_or_else(|| Err(format!("it did not log '{marker}' within {START_TIMEOUT:?}")))
			.map_err(|reason| format!("{reason}\n{}", self.log_tail()))
	}

	/// The process id, while it runs.
	pub fn id(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Where its output goes.
	pub fn log(&self) -> &Path {
		&self.log
	}

	/// The last 40 lines of its log, for failure messages.
	pub fn log_tail(&self) -> String {
		log_tail(&self.log, 40)
	}

	/// Stops it with SIGINT, as Ctrl-C would, and waits for it to exit; kills
	/// it if it has not after 30 s.
	pub fn stop(&mut self) {
		let Some(mut child) = self.child.take() else { return };
		// SAFETY: `kill` with a valid pid and signal has no memory effects.
		unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
		let exited = poll(STOP_TIMEOUT, Duration::from_millis(50), || {
			matches!(child.try_wait(), Ok(Some(_))).then_some(())
		});
		if exited.is_none() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	/// Kills it with SIGKILL: no chance to clean up, as in a crash.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

impl Drop for Process {
	fn drop(&mut self) {
		self.stop();
	}
}

/// The first IPv4 address among the comma-separated `addresses`.
fn ipv4_address(addresses: &str) -> Option<SocketAddr> {
	addresses
		.split(|c: char| c == ',' || c.is_whitespace())
		.filter_map(|address| address.parse::<SocketAddr>().ok())
		.find(SocketAddr::is_ipv4)
}

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeOptions {
	/// The chain: `main-dev`, `side-diploma-dev`, a spec path, ...
	pub chain: String,
	/// The base path.
	pub base_path: PathBuf,
	/// The development validator to run as (`alice`, `bob`), if any.
	pub validator: Option<String>,
	/// The network key, as 64 hex characters.
	pub node_key: String,
	/// Nodes to connect to first, as multiaddresses.
	pub bootnodes: Vec<String>,
	/// More command-line arguments.
	pub args: Vec<String>,
	/// Where the node's output goes.
	pub log: PathBuf,
	/// The host it runs on, and listens at.
	pub host: Host,
}

/// A running `ecert-node`, with the RPC port it bound.
pub struct NodeProcess {
	process: Process,
	rpc: SocketAddr,
	host: Host,
}

impl NodeProcess {
	/// Starts `binary` as `options` say, on its host's address (its
	/// JSON-RPC server too: on a host other than 127.0.0.1, with every
	/// method, as a node's own operator has it), with no Prometheus
	/// endpoint, and waits until its JSON-RPC server listens.
	pub fn start(binary: &Path, options: NodeOptions) -> Result<Self, String> {
		let NodeOptions { chain, base_path, validator, node_key, bootnodes, args, log, host } =
			options;
		let mut all = vec!["--chain".to_owned(), chain, "--base-path".to_owned()];
		all.push(base_path.display().to_string());
		all.extend(validator.map(|name| format!("--{name}")));
		for bootnode in bootnodes {
			all.extend(["--bootnodes".to_owned(), bootnode]);
		}
		let rpc = match host.is_local() {
			true => ["--rpc-port".to_owned(), "0".to_owned()],
			false => [
				"--experimental-rpc-endpoint".to_owned(),
				format!("listen-addr={}:0,methods=unsafe", host.address),
			],
		};
		all.extend(rpc);
		let listen = format!("/ip4/{}/tcp/0", host.address);
		all.extend(
			["--node-key", &node_key, "--listen-addr", &listen]
				.into_iter()
				.chain(["--no-prometheus", "--no-mdns", "--no-telemetry"])
				.map(String::from),
		);
		all.extend(args);
		let mut command = host.command(binary);
		command.args(&all);
		let mut process = Process::spawn_command(command, &log)?;
		let addresses = process.wait_for_line(RPC_LISTENING)?;
		let rpc = ipv4_address(&addresses).ok_or_else(|| {
			format!("the node listens for JSON-RPC on no IPv4 address: {addresses}")
		})?;
		Ok(NodeProcess { process, rpc, host })
	}

	/// The port its JSON-RPC server bound.
	pub fn rpc_port(&self) -> u16 {
		self.rpc.port()
	}

	/// Its JSON-RPC URL over HTTP.
	pub fn http_url(&self) -> String {
		format!("http://{}", self.rpc)
	}

	/// Its JSON-RPC URL over WebSocket (the same port).
	pub fn ws_url(&self) -> String {
		format!("ws://{}", self.rpc)
	}

	/// Its peer-to-peer address on its host, with its peer id, as
	/// `--bootnodes` takes it: asked of the node
	/// (`system_localListenAddresses`), which knows the port it bound.
	pub fn p2p_address(&self) -> Result<String, String> {
		let request = serde_json::json!({
			"jsonrpc": "2.0", "id": 1, "method": "system_localListenAddresses", "params": []
		});
		let answer: serde_json::Value = ureq::post(&self.http_url())
			.timeout(Duration::from_secs(10))
			.send_json(request)
			.map_err(|e| e.to_string())?
			.into_json()
			.map_err(|e| e.to_string())?;
		let prefix = format!("/ip4/{}/tcp/", self.host.address);
		answer["result"]
			.as_array()
			.into_iter()
			.flatten()
			.filter_map(serde_json::Value::as_str)
			.find(|address| address.starts_with(&prefix))
			.map(String::from)
			.ok_or_else(|| format!("the node listens on no address of its host: {answer}"))
	}

	/// The process.
	pub fn process(&mut self) -> &mut Process {
		&mut self.process
	}

	/// Where its output goes.
	pub fn log(&self) -> &Path {
		self.process.log()
	}

	/// The process id, while it runs.
	pub fn id(&self) -> Option<u32> {
		self.process.id()
	}

	/// The last lines of its log.
	pub fn log_tail(&self) -> String {
		self.process.log_tail()
	}
}

/// How to start a relay.
#[derive(Clone, Debug)]
pub struct RelayOptions {
	/// The main chain's node, as a WebSocket URL.
	pub main: String,
	/// The side chains' nodes, as WebSocket URLs.
	pub sides: Vec<String>,
	/// Whether to serve Prometheus metrics (on a port the relay picks).
	pub metrics: bool,
	/// More command-line arguments.
	pub args: Vec<String>,
	/// Where the relay's output goes.
	pub log: PathBuf,
	/// The host it runs on.
	pub host: Host,
}

/// A running `ecert-relay`.
pub struct RelayProcess {
	process: Process,
	metrics: Option<SocketAddr>,
}

impl RelayProcess {
	/// Starts `binary` as `options` say, logging at `info`; with metrics, it
	/// waits until their endpoint listens.
	pub fn start(binary: &Path, options: RelayOptions) -> Result<Self, String> {
		let RelayOptions { main, sides, metrics, args, log, host } = options;
		let mut all = vec!["--main".to_owned(), main];
		for side in sides {
			all.extend(["--side".to_owned(), side]);
		}
		if metrics {
			all.extend(["--prometheus-port".to_owned(), "0".to_owned()]);
			// In a namespace, the endpoint listens on all of the host's
			// addresses, so that the test machine reaches it.
			all.extend(host.namespace.is_some().then(|| "--prometheus-external".to_owned()));
		} else {
			all.push("--no-prometheus".to_owned());
		}
		all.extend(args);
		let mut command = host.command(binary);
		command.args(&all).env("RUST_LOG", "info");
		let mut process = Process::spawn_command(command, &log)?;
		let metrics = if metrics {
			let address = process.wait_for_line(METRICS_LISTENING)?;
			let mut address = ipv4_address(&address).ok_or_else(|| {
				format!("the relay's metrics endpoint has no IPv4 address: {address}")
			})?;
			if host.namespace.is_some() {
				address.set_ip(host.address.into());
			}
			Some(address)
		} else {
			None
		};
		Ok(RelayProcess { process, metrics })
	}

	/// Its Prometheus metrics as text; empty without metrics, or if they
	/// cannot be read.
	pub fn metrics(&self) -> String {
		let Some(address) = self.metrics else { return String::new() };
		ureq::get(&format!("http://{address}/metrics"))
			.timeout(Duration::from_secs(10))
			.call()
			.ok()
			.and_then(|response| response.into_string().ok())
			.unwrap_or_default()
	}

	/// The process.
	pub fn process(&mut self) -> &mut Process {
		&mut self.process
	}

	/// Where its output goes.
	pub fn log(&self) -> &Path {
		self.process.log()
	}

	/// The last lines of its log.
	pub fn log_tail(&self) -> String {
		self.process.log_tail()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_ipv4_address_is_read_from_a_listening_line() {
		assert_eq!(
			ipv4_address("[::1]:40001,127.0.0.1:40002,"),
			Some("127.0.0.1:40002".parse().unwrap())
		);
		assert_eq!(ipv4_address("127.0.0.1:9615"), Some("127.0.0.1:9615".parse().unwrap()));
		assert_eq!(ipv4_address("[::1]:40001"), None);
	}

	#[test]
	fn a_fresh_log_never_overwrites_an_earlier_one() {
		let dir = std::env::temp_dir().join(format!("ecert-harness-logs-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		assert_eq!(fresh_log(&dir, "node"), dir.join("node.log"));
		std::fs::write(dir.join("node.log"), "first run").unwrap();
		assert_eq!(fresh_log(&dir, "node"), dir.join("node-2.log"));
		std::fs::write(dir.join("node-2.log"), "second run").unwrap();
		assert_eq!(fresh_log(&dir, "node"), dir.join("node-3.log"));
		let _ = std::fs::remove_dir_all(dir);
	}

	#[test]
	fn polling_stops_at_the_first_answer_or_the_timeout() {
		let mut calls = 0;
		let answer = poll(Duration::from_secs(5), Duration::from_millis(1), || {
			calls += 1;
			(calls == 3).then_some(calls)
		});
		assert_eq!(answer, Some(3));
		assert_eq!(poll(Duration::from_millis(20), Duration::from_millis(5), || None::<()>), None);
	}

	#[test]
	fn a_process_that_exits_before_it_listens_is_reported_with_its_log() {
		let dir = std::env::temp_dir().join(format!("ecert-harness-{}", std::process::id()));
		let log = dir.join("echo.log");
		let mut process = Process::spawn(
			Path::new("/bin/sh"),
			&["-c".to_owned(), "echo starting up; exit 3".to_owned()],
			&[],
			&log,
		)
		.unwrap();
		let error = process.wait_for_line(RPC_LISTENING).unwrap_err();
		assert!(error.contains("it exited"), "{error}");
		assert!(error.contains("starting up"), "{error}");
		let _ = std::fs::remove_dir_all(dir);
	}

	#[test]
	fn the_rest_of_the_listening_line_is_given() {
		let dir = std::env::temp_dir().join(format!("ecert-harness-line-{}", std::process::id()));
		let log = dir.join("listen.log");
		let script = format!("echo 'INFO {RPC_LISTENING}127.0.0.1:4321,[::1]:4322'; exec sleep 30");
		let mut process =
			Process::spawn(Path::new("/bin/sh"), &["-c".to_owned(), script], &[], &log).unwrap();
		let rest = process.wait_for_line(RPC_LISTENING).unwrap();
		assert_eq!(ipv4_address(&rest), Some("127.0.0.1:4321".parse().unwrap()));
		process.stop();
		assert_eq!(process.id(), None, "stopped");
		let _ = std::fs::remove_dir_all(dir);
	}
}

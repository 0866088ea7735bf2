//! Hosts for tests of a network spread over machines: each host is a Linux
//! network namespace with its own IPv4 address, all of them on one virtual
//! LAN (a bridge in a namespace of its own), which the test process reaches
//! through one more link. Creating namespaces needs root; without it, the
//! hosts are addresses of the loopback network (`127.0.N.x`) instead, and
//! processes run as usual.
//!
//! The addresses are in 198.18.0.0/15, the range set aside for testing
//! networks, and exist only while the [`Lan`] does: dropping it removes the
//! namespaces and the link (the processes must be stopped first).

use std::{
	net::Ipv4Addr,
	path::Path,
	process::{Command, Stdio},
};

/// One host: where a process runs, and the address others reach it at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
	/// The host's name in logs and failure messages.
	pub name: String,
	/// Its network namespace; `None` for a host on the loopback network.
	pub namespace: Option<String>,
	/// Its address.
	pub address: Ipv4Addr,
}

impl Host {
	/// The test machine itself, on 127.0.0.1.
	pub fn local() -> Host {
		Host { name: "local".into(), namespace: None, address: Ipv4Addr::LOCALHOST }
	}

	/// A command that runs `binary` on this host.
	pub fn command(&self, binary: &Path) -> Command {
		match &self.namespace {
			Some(namespace) => {
				let mut command = Command::new("ip");
				command.args(["netns", "exec", namespace]).arg(binary);
				command
			},
			None => Command::new(binary),
		}
	}

	/// Whether it is the test machine's own 127.0.0.1.
	pub fn is_local(&self) -> bool {
		*self == Host::local()
	}
}

/// Hosts on one network, removed when dropped.
pub struct Lan {
	hosts: Vec<Host>,
	/// The namespaces and the test machine's link, when namespaced.
	namespaces: Vec<String>,
	link: Option<String>,
}

impl Lan {
	/// `count` hosts: network namespaces when this process may create them
	/// (root), else loopback addresses. The answer says which, for the
	/// test's output.
	pub fn new(count: usize) -> Result<(Lan, String), String> {
		assert!((1..200).contains(&count), "between 1 and 199 hosts");
		// A subnet of its own per test process, so that two runs at once
		// do not meet.
		let subnet = (std::process::id() % 250) as u8;
		if unsafe { libc::geteuid() } != 0 {
			let hosts = (1..=count)
				.map(|i| Host {
					name: format!("host{i}"),
					namespace: None,
					address: Ipv4Addr::new(127, subnet.max(1), 0, i as u8),
				})
				.collect();
			let said = "not root, so no network namespaces: the hosts are loopback addresses";
			return Ok((Lan { hosts, namespaces: Vec::new(), link: None }, said.into()));
		}
		let prefix = format!("ecert{}", std::process::id());
		let address = |i: u8| Ipv4Addr::new(198, 18, subnet, i);
		let mut lan = Lan { hosts: Vec::new(), namespaces: Vec::new(), link: None };
		let switch = format!("{prefix}-lan");
		lan.add_namespace(&switch)?;
		ip(&["-n", &switch, "link", "add", "lan", "type", "bridge"])?;
		ip(&["-n", &switch, "link", "set", "lan", "up"])?;
		for i in 1..=count {
			let name = format!("host{i}");
			let namespace = format!("{prefix}-{name}");
			lan.add_namespace(&namespace)?;
			let port = format!("port{i}");
			ip(&[
				"-n", &namespace, "link", "add", "eth0", "type", "veth", "peer", "name", &port,
				"netns", &switch,
			])?;
			ip(&["-n", &switch, "link", "set", &port, "master", "lan", "up"])?;
			let cidr = format!("{}/24", address(i as u8));
			ip(&["-n", &namespace, "addr", "add", &cidr, "dev", "eth0"])?;
			ip(&["-n", &namespace, "link", "set", "eth0", "up"])?;
			ip(&["-n", &namespace, "link", "set", "lo", "up"])?;
			lan.hosts.push(Host { name, namespace: Some(namespace), address: address(i as u8) });
		}
		// The test machine's own link to the LAN, at .254.
		let link = format!("{prefix}t");
		ip(&["link", "add", &link, "type", "veth", "peer", "name", "test", "netns", &switch])?;
		lan.link = Some(link.clone());
		ip(&["-n", &switch, "link", "set", "test", "master", "lan", "up"])?;
		ip(&["addr", "add", &format!("{}/24", address(254)), "dev", &link])?;
		ip(&["link", "set", &link, "up"])?;
		let said = format!("network namespaces: {} hosts on 198.18.{subnet}.0/24", count);
		Ok((lan, said))
	}

	/// The hosts, `host1` first.
	pub fn hosts(&self) -> &[Host] {
		&self.hosts
	}

	fn add_namespace(&mut self, name: &str) -> Result<(), String> {
		ip(&["netns", "add", name])?;
		self.namespaces.push(name.into());
		Ok(())
	}
}

impl Drop for Lan {
	fn drop(&mut self) {
		if let Some(link) = &self.link {
			let _ = ip(&["link", "del", link]);
		}
		for namespace in self.namespaces.iter().rev() {
			let _ = ip(&["netns", "del", namespace]);
		}
	}
}

/// Runs `ip` with `args`.
fn ip(args: &[&str]) -> Result<(), String> {
	let output = Command::new("ip")
		.args(args)
		.stdin(Stdio::null())
		.output()
		.map_err(|e| format!("cannot run ip: {e}"))?;
	if output.status.success() {
		Ok(())
	} else {
		Err(format!("ip {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
	}
}

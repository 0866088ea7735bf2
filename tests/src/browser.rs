//! The web app in a real browser, for the tests: `vite preview` serving
//! the build of `web/` ([`WebApp`]), and headless Chromium driven through
//! chromedriver (WebDriver, [`Browser`]).

use crate::{free_port, wait_for};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::Duration,
};

/// How long the page has to show a verdict.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// The repository's `web/` directory.
pub fn web_dir() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("../web")
}

/// A child process killed when the test ends, however it ends.
struct Process(Child);

impl Drop for Process {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// The built web app, served by `vite preview` on a free port.
pub struct WebApp {
	_server: Process,
	pub url: String,
}

impl WebApp {
	pub fn start(log: &Path) -> WebApp {
		let web = web_dir();
		assert!(
			web.join("dist/index.html").exists(),
			"{} has no build: run scripts/build-web.sh first",
			web.display()
		);
		let port = free_port();
		let log = std::fs::File::create(log).unwrap();
		let server = Command::new(web.join("node_modules/.bin/vite"))
			.args(["preview", "--port", &port.to_string()])
			.current_dir(&web)
			.stdin(Stdio::null())
			.stdout(log.try_clone().unwrap())
			.stderr(log)
			.spawn()
			.expect("vite runs");
		let url = format!("http://127.0.0.1:{port}");
		wait_for(
			Duration::from_secs(60),
			"the web app is served",
			|| ureq::get(&url).call().is_ok(),
			|| String::new(),
		);
		WebApp { _server: Process(server), url }
	}
}

/// Headless Chromium behind chromedriver. Dropping it ends the session,
/// which quits the browser, then stops chromedriver.
pub struct Browser {
	_driver: Process,
	client: Client,
	runtime: tokio::runtime::Runtime,
	screenshots: PathBuf,
}

impl Browser {
	/// Starts the browser; its camera films `camera` (a Y4M video) over and
	/// over, if given.
	pub fn start(screenshots: PathBuf, camera: Option<&Path>) -> Browser {
		let port = free_port();
		let driver = Command::new("chromedriver")
			.arg(format!("--port={port}"))
			.stdin(Stdio::null())
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.expect("chromedriver runs: scripts/setup.sh installs it");
		let driver = Process(driver);
		let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
		let mut args = vec![
			"--headless=new".to_owned(),
			"--no-sandbox".into(),
			"--disable-gpu".into(),
			"--window-size=1000,1400".into(),
		];
		if let Some(camera) = camera {
			args.push("--use-fake-ui-for-media-stream".into());
			args.push("--use-fake-device-for-media-stream".into());
			args.push(format!("--use-file-for-fake-video-capture={}", camera.display()));
		}
		let capabilities = json!({
			"goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args }
		});
		let webdriver = format!("http://127.0.0.1:{port}");
		let mut client = None;
		wait_for(
			Duration::from_secs(60),
			"chromedriver starts a browser",
			|| {
				let connector = hyper_util::client::legacy::connect::HttpConnector::new();
				let mut builder = ClientBuilder::new(connector);
				builder.capabilities(capabilities.as_object().unwrap().clone());
				client = runtime.block_on(builder.connect(&webdriver)).ok();
				client.is_some()
			},
			|| String::new(),
		);
		Browser { _driver: driver, client: client.unwrap(), runtime, screenshots }
	}

	pub fn go(&self, url: &str) {
		self.runtime.block_on(self.client.goto(url)).unwrap();
		self.wait_for("the page to start", || self.attribute("body", "data-ready").is_some());
	}

	pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
		self.runtime.block_on(async {
			let element = self.client.find(Locator::Css(css)).await.ok()?;
			element.attr(name).await.ok()?
		})
	}

	/// The text of `css`. The page may draw it again between finding and
	/// reading it (a list redrawn after a change): then it is found again.
	pub fn text(&self, css: &str) -> String {
		self.runtime.block_on(async {
			let mut redrawn = 0;
			loop {
				let element = self.client.find(Locator::Css(css)).await.unwrap();
				match element.text().await {
					Ok(text) => return text,
					Err(error) if error.to_string().contains("stale element") && redrawn < 20 => {
						redrawn += 1;
					},
					Err(error) => panic!("the text of {css}: {error}"),
				}
			}
		})
	}

	/// Forgets the verdict shown, so that [`Browser::outcome`] waits for the
	/// next one.
	pub fn forget_verdict(&self) {
		self.run("delete document.getElementById('verdict').dataset.outcome", vec![]);
	}

	/// Gives `path` to the file input `css`, as a person choosing a file.
	pub fn upload(&self, css: &str, path: &Path) {
		self.forget_verdict();
		self.runtime.block_on(async {
			let input = self.client.find(Locator::Css(css)).await.unwrap();
			input.send_keys(&path.display().to_string()).await.unwrap();
		})
	}

	/// Types `text` into the input `css` in place of what it held, as a
	/// person would.
	pub fn fill(&self, css: &str, text: &str) {
		self.runtime.block_on(async {
			let input = self.client.find(Locator::Css(css)).await.unwrap();
			input.clear().await.unwrap();
			input.send_keys(text).await.unwrap();
		})
	}

	/// Sets the input or list of choices `css` to `value`, as a person
	/// choosing it.
	pub fn choose(&self, css: &str, value: &str) {
		self.run(
			"const input = document.querySelector(arguments[0]);\
			 input.value = arguments[1];\
			 input.dispatchEvent(new Event('change', { bubbles: true }));",
			vec![json!(css), json!(value)],
		);
	}

	pub fn click(&self, css: &str) {
		self.runtime.block_on(async {
			self.client.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
		})
	}

	/// The text of the file the download link `css` offers.
	pub fn download(&self, css: &str) -> String {
		let script = "const done = arguments[arguments.length - 1];\
			 fetch(document.querySelector(arguments[0]).href).then(r => r.text()).then(done);";
		let text = self.runtime.block_on(self.client.execute_async(script, vec![json!(css)]));
		text.unwrap().as_str().unwrap().to_owned()
	}

	pub fn run(&self, script: &str, arguments: Vec<Value>) -> Value {
		self.runtime.block_on(self.client.execute(script, arguments)).unwrap()
	}

	/// Pastes `proof` as hex and checks it.
	pub fn paste(&self, proof: &[u8]) {
		self.forget_verdict();
		self.run(
			"document.getElementById('paste-box').open = true;\
			 document.getElementById('paste').value = arguments[0];",
			vec![json!(hex::encode(proof))],
		);
		self.click("#check-paste");
	}

	/// The outcome the page shows once it has checked a proof.
	pub fn outcome(&self) -> String {
		let mut outcome = String::new();
		self.wait_for("a verdict", || {
			outcome = self.attribute("#verdict", "data-outcome").unwrap_or_default();
			!outcome.is_empty() && outcome != "checking"
		});
		outcome
	}

	pub fn wait_for(&self, what: &str, mut condition: impl FnMut() -> bool) {
		wait_for(PAGE_TIMEOUT, what, &mut condition, || self.text("body"));
	}

	/// The PNG of the element `css`, as the screen shows it, scrolled to the
	/// top of the window so that all of it shows.
	pub fn element_png(&self, css: &str) -> Vec<u8> {
		self.run(
			"document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })",
			vec![json!(css)],
		);
		self.runtime.block_on(async {
			self.client.find(Locator::Css(css)).await.unwrap().screenshot().await.unwrap()
		})
	}

	pub fn screenshot(&self, name: &str) {
		let png = self.runtime.block_on(self.client.screenshot()).unwrap();
		std::fs::write(self.screenshots.join(name), png).unwrap();
	}
}

impl Drop for Browser {
	fn drop(&mut self) {
		let _ = self.runtime.block_on(self.client.clone().close());
	}
}

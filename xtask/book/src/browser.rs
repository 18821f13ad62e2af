//! Opens every page of the built book in headless Chromium and fails on what a reader
//! would see go wrong: a console error, a failed request, a request to another host, a
//! diagram that did not render, a missing image. Saves screenshots under `target/`.
//!
//! It speaks the Chrome DevTools Protocol over `--remote-debugging-pipe` (file descriptors
//! 3 and 4, one JSON message per NUL byte), so it needs no WebSocket library and no port.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Where Chromium is: `$CHROMIUM` if set, else Debian's package, else the usual names on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    // `CHROMIUM=` (empty) means: no browser here, skip.
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = vec!["/usr/bin".into()];
    dirs.extend(std::env::split_paths(&path));
    dirs.iter()
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

pub struct Browser {
    child: Child,
    to_browser: File,
    from_browser: Receiver<Value>,
    next_id: u64,
    /// Events read while waiting for a reply, in order.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

const TIMEOUT: Duration = Duration::from_secs(30);

impl Browser {
    pub fn launch(chromium: &Path) -> Result<Browser> {
        let profile = tempfile::tempdir()?;
        let (cmd_read, cmd_write) = pipe()?;
        let (resp_read, resp_write) = pipe()?;
        let mut command = Command::new(chromium);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup, dup2) between fork and exec.
        unsafe {
            command.pre_exec(move || {
                // Move both ends out of the way first, in case one of them is 3 or 4.
                let a = libc::fcntl(cmd_read, libc::F_DUPFD, 10);
                let b = libc::fcntl(resp_write, libc::F_DUPFD, 10);
                if a < 0 || b < 0 || libc::dup2(a, 3) < 0 || libc::dup2(b, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {}", chromium.display()))?;
        // SAFETY: these descriptors come from `pipe()` above and are owned here alone.
        unsafe {
            libc::close(cmd_read);
            libc::close(resp_write);
        }
        let to_browser = unsafe { File::from_raw_fd(cmd_write) };
        let reader = unsafe { File::from_raw_fd(resp_read) };
        let (sender, from_browser) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                let value = serde_json::from_slice::<Value>(&message);
                if value.is_ok_and(|v| sender.send(v).is_err()) {
                    break;
                }
                message.clear();
            }
        });
        Ok(Browser {
            child,
            to_browser,
            from_browser,
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        })
    }

    /// Sends one command (to a page when `session` is given) and waits for its reply.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message)?;
        bytes.push(0);
        self.to_browser.write_all(&bytes)?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline)?;
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    bail!("{method}: {error}");
                }
                return Ok(message["result"].clone());
            }
            self.events.push(message);
        }
    }

    fn receive(&mut self, deadline: Instant) -> Result<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.from_browser.recv_timeout(left) {
            Ok(message) => Ok(message),
            Err(RecvTimeoutError::Timeout) => bail!("Chromium did not answer in time"),
            Err(RecvTimeoutError::Disconnected) => bail!("Chromium closed the connection"),
        }
    }

    /// Waits until an event named `method` arrives, or `timeout` passes; keeps every event.
    fn wait_for(&mut self, method: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        if self.events.iter().any(|e| e["method"] == method) {
            return true;
        }
        while let Ok(message) = self.receive(deadline) {
            let found = message["method"] == method;
            self.events.push(message);
            if found {
                return true;
            }
        }
        false
    }

    /// Reads events for `time`, so requests made just after the load are seen too.
    fn settle(&mut self, time: Duration) {
        let deadline = Instant::now() + time;
        while let Ok(message) = self.receive(deadline) {
            self.events.push(message);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pipe() -> Result<(RawFd, RawFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok((fds[0], fds[1]))
}

/// What the page itself reports once it has loaded.
const INSPECT: &str = r#"JSON.stringify({
  diagrams: Array.from(document.querySelectorAll('figure.trace-diagram')).map(f => {
    const svg = f.querySelector('svg');
    if (!svg) return 'no <svg> in the figure';
    const box = svg.getBoundingClientRect();
    const drawn = svg.querySelectorAll('line, text, rect').length;
    return box.width > 100 && box.height > 50 && drawn > 5 ? ''
      : `drawn ${Math.round(box.width)}x${Math.round(box.height)} px with ${drawn} shapes`;
  }),
  images: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
  directives: document.body.innerText.includes('{{#'),
  main: (document.querySelector('main') || document.body).innerText.trim().length,
})"#;

/// The word the test types into the search box on the first page.
pub const SEARCHED: &str = "waker";

pub struct PageReport {
    pub page: String,
    pub problems: Vec<String>,
    pub diagrams: usize,
}

/// Opens each page (`pages` are paths relative to `build`), searches for [`SEARCHED`] on
/// the first one, and saves screenshots of the front page, of the search and of the first
/// diagram of each chapter into `shots`.
pub fn test_pages(
    chromium: &Path,
    build: &Path,
    pages: &[PathBuf],
    shots: &Path,
) -> Result<Vec<PageReport>> {
    let mut browser = Browser::launch(chromium)?;
    let target = browser.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
    let target_id = target["targetId"].clone();
    let attached = browser.call(
        None,
        "Target.attachToTarget",
        json!({ "targetId": target_id, "flatten": true }),
    )?;
    let session = attached["sessionId"]
        .as_str()
        .ok_or_else(|| anyhow!("no session from Target.attachToTarget"))?
        .to_string();
    let s = Some(session.as_str());
    for domain in [
        "Page.enable",
        "Runtime.enable",
        "Network.enable",
        "Log.enable",
    ] {
        browser.call(s, domain, json!({}))?;
    }
    browser.call(
        s,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 1400, "deviceScaleFactor": 1, "mobile": false }),
    )?;
    std::fs::create_dir_all(shots)?;
    let mut reports = Vec::new();
    for page in pages {
        let file = build.join(page).canonicalize()?;
        let url = format!("file://{}", file.display());
        browser.events.clear();
        browser.call(s, "Page.navigate", json!({ "url": url }))?;
        let mut problems = Vec::new();
        if !browser.wait_for("Page.loadEventFired", TIMEOUT) {
            problems.push("the page did not finish loading".to_string());
        }
        browser.settle(Duration::from_millis(400));
        problems.extend(problems_in(&browser.events));
        let result = browser.call(
            s,
            "Runtime.evaluate",
            json!({ "expression": INSPECT, "returnByValue": true }),
        )?;
        let found: Value =
            serde_json::from_str(result["result"]["value"].as_str().unwrap_or("{}"))?;
        let diagrams = found["diagrams"].as_array().cloned().unwrap_or_default();
        for (i, d) in diagrams.iter().enumerate() {
            if d.as_str() != Some("") {
                let why = d.as_str().unwrap_or("not drawn");
                problems.push(format!("diagram {} did not render: {why}", i + 1));
            }
        }
        for image in found["images"].as_array().into_iter().flatten() {
            let src = image.as_str().unwrap_or("");
            problems.push(format!("image missing: {src}"));
        }
        if found["directives"] == json!(true) {
            problems.push("a `{{#...}}` directive shows as text".into());
        }
        if found["main"].as_u64().unwrap_or(0) == 0 {
            problems.push("the page shows no text".into());
        }
        if reports.is_empty() {
            screenshot(&mut browser, s, None, &shots.join("front-page.png"))?;
            let results = search(&mut browser, s, SEARCHED)?;
            if results == 0 {
                problems.push(format!("searching for {SEARCHED:?} found nothing"));
            }
            screenshot(&mut browser, s, None, &shots.join("search.png"))?;
            // Close the search again, as a reader would.
            browser.events.clear();
            browser.call(s, "Page.reload", json!({}))?;
            browser.wait_for("Page.loadEventFired", TIMEOUT);
            browser.settle(Duration::from_millis(300));
        }
        if !diagrams.is_empty() && page.parent().is_some_and(|p| p != Path::new("")) {
            let name = page.parent().unwrap_or(page).display().to_string();
            screenshot(
                &mut browser,
                s,
                Some("figure.trace-diagram"),
                &shots.join(format!("diagram-{}.png", name.replace('/', "-"))),
            )?;
        }
        reports.push(PageReport {
            page: page.display().to_string(),
            problems,
            diagrams: diagrams.len(),
        });
    }
    Ok(reports)
}

/// Console errors, uncaught exceptions, failed requests and requests to other hosts.
fn problems_in(events: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut urls: HashMap<String, String> = HashMap::new();
    for event in events {
        let p = &event["params"];
        match event["method"].as_str().unwrap_or("") {
            "Network.requestWillBeSent" => {
                let url = p["request"]["url"].as_str().unwrap_or("").to_string();
                let scheme = url.split(':').next().unwrap_or("");
                if !matches!(scheme, "file" | "data" | "about" | "blob") {
                    let shown: String = url.chars().take(120).collect();
                    problems.push(format!("request to another host: {shown}"));
                }
                urls.insert(p["requestId"].as_str().unwrap_or("").into(), url);
            }
            "Network.loadingFailed" => {
                let url = urls
                    .get(p["requestId"].as_str().unwrap_or(""))
                    .cloned()
                    .unwrap_or_default();
                problems.push(format!(
                    "request failed ({}): {url}",
                    p["errorText"].as_str().unwrap_or("")
                ));
            }
            "Runtime.consoleAPICalled"
                if matches!(p["type"].as_str(), Some("error" | "assert")) =>
            {
                let text: Vec<String> = p["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        a["value"]
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| a["description"].to_string())
                    })
                    .collect();
                problems.push(format!("console error: {}", text.join(" ")));
            }
            "Runtime.exceptionThrown" => {
                let details = &p["exceptionDetails"];
                let text = details["exception"]["description"]
                    .as_str()
                    .or(details["text"].as_str())
                    .unwrap_or("");
                problems.push(format!("uncaught exception: {text}"));
            }
            "Log.entryAdded" if p["entry"]["level"] == "error" => {
                problems.push(format!(
                    "console error: {} {}",
                    p["entry"]["text"].as_str().unwrap_or(""),
                    p["entry"]["url"].as_str().unwrap_or("")
                ));
            }
            _ => {}
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// Types `term` into the book's search box, as a reader would; returns how many results
/// it lists.
fn search(browser: &mut Browser, s: Option<&str>, term: &str) -> Result<u64> {
    let expression = format!(
        "(async () => {{ document.getElementById('mdbook-search-toggle').click(); \
         const bar = document.getElementById('mdbook-searchbar'); bar.value = '{term}'; \
         for (let i = 0; i < 40; i++) {{ \
           bar.dispatchEvent(new KeyboardEvent('keyup', {{ key: 'r' }})); \
           await new Promise(r => setTimeout(r, 100)); \
           const n = document.querySelectorAll('#mdbook-searchresults li').length; \
           if (n > 0) return n; }} \
         return 0; }})()"
    );
    let result = browser.call(
        s,
        "Runtime.evaluate",
        json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
    )?;
    Ok(result["result"]["value"].as_u64().unwrap_or(0))
}

/// A PNG of the viewport, or of the element `selector` finds (with a margin).
fn screenshot(
    browser: &mut Browser,
    s: Option<&str>,
    selector: Option<&str>,
    to: &Path,
) -> Result<()> {
    let mut params = json!({ "format": "png" });
    if let Some(selector) = selector {
        let expression = format!(
            "(() => {{ const e = document.querySelector('{selector}'); \
             window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 120); \
             const r = e.getBoundingClientRect(); \
             return JSON.stringify([r.left + scrollX, r.top + scrollY, r.width, r.height]); }})()"
        );
        let result = browser.call(
            s,
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        )?;
        let rect: Vec<f64> =
            serde_json::from_str(result["result"]["value"].as_str().unwrap_or("[]"))?;
        if let [x, y, w, h] = rect[..] {
            params["clip"] = json!({
                "x": (x - 16.0).max(0.0), "y": (y - 16.0).max(0.0),
                "width": w + 32.0, "height": h + 32.0, "scale": 1,
            });
        }
    }
    let shot = browser.call(s, "Page.captureScreenshot", params)?;
    let data = shot["data"].as_str().context("no screenshot data")?;
    std::fs::write(to, base64_decode(data)?)
        .with_context(|| format!("cannot write {}", to.display()))
}

fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => bail!("not base64: {:?}", c as char),
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        assert_eq!(base64_decode("aGVsbG8gd29ybGQ=").unwrap(), b"hello world");
        assert_eq!(base64_decode("iVBORw==").unwrap(), [0x89, b'P', b'N', b'G']);
    }

    #[test]
    fn events_that_fail_a_page() {
        let events = vec![
            json!({"method": "Network.requestWillBeSent", "params": {"requestId": "1", "request": {"url": "file:///book/book.js"}}}),
            json!({"method": "Network.requestWillBeSent", "params": {"requestId": "2", "request": {"url": "https://play.rust-lang.org/meta/crates"}}}),
            json!({"method": "Network.requestWillBeSent", "params": {"requestId": "3", "request": {"url": "file:///book/missing.png"}}}),
            json!({"method": "Network.loadingFailed", "params": {"requestId": "3", "errorText": "net::ERR_FILE_NOT_FOUND"}}),
            json!({"method": "Runtime.consoleAPICalled", "params": {"type": "error", "args": [{"type": "string", "value": "boom"}]}}),
            json!({"method": "Runtime.consoleAPICalled", "params": {"type": "log", "args": [{"type": "string", "value": "fine"}]}}),
        ];
        assert_eq!(
            problems_in(&events),
            [
                "console error: boom",
                "request failed (net::ERR_FILE_NOT_FOUND): file:///book/missing.png",
                "request to another host: https://play.rust-lang.org/meta/crates",
            ]
        );
    }
}

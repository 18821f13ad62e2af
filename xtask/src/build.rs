//! Building many crates' tests in one cargo invocation.
//!
//! `cargo build --tests --keep-going --message-format=json` compiles every crate it can,
//! even when some fail, and reports each compiler message and each test executable as a
//! JSON line that names its crate. That is what lets one broken exercise leave the others
//! gradable, and it costs one cargo start-up instead of one per exercise.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What the build produced for one crate.
#[derive(Default, Debug)]
pub struct CrateBuild {
    /// The compiler's errors, as it rendered them.
    pub errors: Vec<String>,
    /// Its warnings about the crate's own `src/` (not its tests), as rendered, each once.
    pub warnings: Vec<String>,
    /// The test executables.
    pub tests: Vec<PathBuf>,
}

pub struct Build {
    /// Keyed by crate folder.
    pub crates: HashMap<PathBuf, CrateBuild>,
    /// Cargo's own output, for failures that are not a crate's compile errors.
    pub cargo_stderr: String,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    manifest_path: Option<PathBuf>,
    executable: Option<PathBuf>,
    profile: Option<Profile>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Profile {
    test: bool,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    message: String,
    rendered: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    is_primary: bool,
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// How the tests are compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// The ordinary debug build, into the workbook's `target/`.
    Debug,
    /// Nightly with AddressSanitizer, into `target/asan` (`check --sanitize`).
    AddressSanitizer,
}

impl Flavor {
    /// The cargo command for this flavor; artifacts go to the workbook's target folder
    /// whichever workspace is built (the wrong-answer crates live in a workspace of their
    /// own, and share the workbook's compiled dependencies).
    pub fn cargo(self, cargo_root: &Path) -> Command {
        match self {
            Flavor::Debug => {
                let mut command = cargo();
                if std::env::var_os("CARGO_TARGET_DIR").is_none() {
                    command.env("CARGO_TARGET_DIR", cargo_root.join("target"));
                }
                command
            }
            Flavor::AddressSanitizer => sanitized_cargo(cargo_root),
        }
    }
}

/// Builds the tests of `packages` (crate folder, package name) in one cargo run of
/// `command` (from [`Flavor::cargo`]) in the workspace at `workspace`.
pub fn build_tests(
    mut command: Command,
    workspace: &Path,
    packages: &[(PathBuf, String)],
) -> Result<Build> {
    command
        .current_dir(workspace)
        .args(["build", "--tests", "--keep-going", "--message-format=json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (_, name) in packages {
        command.args(["--package", name]);
    }
    let mut child = command.spawn().context("cannot start cargo")?;

    // Cargo's progress goes to stderr: show a one-line status on a terminal, and keep
    // all of it in case the build fails before any crate is compiled.
    let stderr = child.stderr.take().unwrap();
    let progress = std::thread::spawn(move || crate::progress::relay(stderr, "building"));

    let mut crates: HashMap<PathBuf, CrateBuild> = packages
        .iter()
        .map(|(dir, _)| (dir.clone(), CrateBuild::default()))
        .collect();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        let line = line?;
        let Ok(message) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        let Some(dir) = message.manifest_path.as_deref().and_then(Path::parent) else {
            continue;
        };
        let Some(build) = crates.get_mut(dir) else {
            continue;
        };
        match message.reason.as_str() {
            "compiler-message" => {
                let Some(diagnostic) = message.message else {
                    continue;
                };
                let in_src = diagnostic
                    .spans
                    .iter()
                    .any(|s| s.is_primary && s.file_name.contains("src/"));
                let rendered = diagnostic.rendered.unwrap_or(diagnostic.message.clone());
                if diagnostic.level == "error" && !diagnostic.message.starts_with("aborting due to")
                {
                    build.errors.push(rendered);
                } else if diagnostic.level == "warning"
                    && in_src
                    && !build.warnings.contains(&rendered)
                {
                    build.warnings.push(rendered);
                }
            }
            "compiler-artifact" => {
                if let (Some(exe), Some(Profile { test: true })) =
                    (message.executable, message.profile)
                {
                    build.tests.push(exe);
                }
            }
            _ => {}
        }
    }
    child.wait()?;
    let cargo_stderr = progress.join().unwrap_or_default();
    Ok(Build {
        crates,
        cargo_stderr,
    })
}

/// Is the nightly toolchain, which sanitizers need, installed?
pub fn have_nightly() -> bool {
    Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `cargo` on nightly, building for the host with AddressSanitizer in its own target folder.
/// (`--target` keeps the sanitizer flags away from build scripts and proc macros.)
pub fn sanitized_cargo(root: &Path) -> Command {
    let mut command = Command::new("rustup");
    command
        .args(["run", "nightly", "cargo"])
        .env("RUSTFLAGS", "-Zsanitizer=address")
        .env("RUSTDOCFLAGS", "-Zsanitizer=address")
        .env("CARGO_BUILD_TARGET", host_target())
        .env("CARGO_TARGET_DIR", root.join("target/asan"));
    command
}

pub fn host_target() -> String {
    let output = Command::new("rustc").arg("-vV").output();
    let text = output
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or("x86_64-unknown-linux-gnu")
        .to_string()
}

//! What `cargo xtask` runs first.
//!
//! The alias runs this tiny crate with `cargo run --quiet`, so that a warm command prints
//! nothing but its own output. But `--quiet` also hides cargo's progress, and the first build
//! of the xtask takes a while: so this builds the xtask itself, relaying cargo's progress
//! (nothing when there is nothing to compile), then runs it with the same arguments.

#[path = "../../src/progress.rs"]
mod progress;

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match build_xtask() {
        Ok(xtask) => run(&xtask, &args),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Builds the xtask; returns the path of its executable.
fn build_xtask() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // This crate is `<root>/xtask/launch`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut child = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--package",
            "xtask",
            "--bin",
            "xtask",
            "--message-format=json-render-diagnostics",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    let stderr = child.stderr.take().expect("piped");
    let relay = std::thread::spawn(move || progress::relay(stderr, "building the xtask"));
    let mut executable = None;
    for line in BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        if line.contains("\"compiler-artifact\"") {
            executable = json_string(&line, "executable").or(executable);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let output = relay.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("the xtask did not build:\n{output}"));
    }
    executable
        .map(PathBuf::from)
        .ok_or_else(|| "cargo built the xtask but did not say where it is".to_string())
}

/// The string value of `"key":"..."` in one line of cargo's JSON (no serde: this crate has
/// no dependencies, so it compiles at once).
fn json_string(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

/// Runs the xtask in place of this process, so Ctrl-C and the exit code are its own.
fn run(xtask: &Path, args: &[OsString]) -> ExitCode {
    let mut command = Command::new(xtask);
    command.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = command.exec();
        eprintln!("error: cannot run {}: {error}", xtask.display());
        ExitCode::from(2)
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(error) => {
            eprintln!("error: cannot run {}: {error}", xtask.display());
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn reads_a_string_from_cargo_json() {
        let line = r#"{"reason":"compiler-artifact","executable":"C:\\t\\xtask.exe","fresh":true}"#;
        assert_eq!(
            json_string(line, "executable").as_deref(),
            Some(r"C:\t\xtask.exe")
        );
        assert_eq!(json_string(r#"{"executable":null}"#, "executable"), None);
    }
}

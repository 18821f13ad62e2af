//! Ctrl-C during `cargo xtask check` stops every test it started: a hung test must not
//! outlive the grader.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The pids of running fixture test executables (all fixtures' tests are `tests/greet.rs`).
fn fixture_tests_running() -> Vec<String> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if cmdline.contains("/deps/greet-") {
            pids.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    pids
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// One test for both commands, run one after the other: each looks for stray test
/// processes, so they must not see each other's.
#[test]
fn ctrl_c_stops_the_hung_test_too() {
    interrupt_while_a_test_hangs(&["check", "05-never-wakes"]);
    // watch first grades every exercise to find the current one; 05-never-wakes hangs.
    interrupt_while_a_test_hangs(&["watch"]);
}

fn interrupt_while_a_test_hangs(args: &[&str]) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut check = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .args(["--timeout", "60", "--workbook"])
        .arg(&fixtures)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        wait_until(Duration::from_secs(120), || !fixture_tests_running()
            .is_empty()),
        "the hung test never started"
    );

    // What the terminal does on Ctrl-C: SIGINT to the grader.
    let status = Command::new("kill")
        .args(["-INT", &check.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = check.wait().unwrap().code();
    assert_eq!(code, Some(130), "the grader exits as interrupted");
    assert!(
        wait_until(Duration::from_secs(5), || fixture_tests_running()
            .is_empty()),
        "test processes left behind: {:?}",
        fixture_tests_running()
    );
}

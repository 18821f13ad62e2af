//! `cargo xtask` goes through the launcher: it builds the xtask and runs it with the same
//! arguments, and once the xtask is built it prints nothing of its own.

use std::path::Path;
use std::process::Command;

fn launch(args: &[&str]) -> std::process::Output {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    Command::new(env!("CARGO_BIN_EXE_xtask-launch"))
        .args(args)
        .arg("--workbook")
        .arg(fixtures)
        .output()
        .expect("the launcher runs")
}

#[test]
fn runs_the_xtask_and_passes_its_exit_code_on() {
    // The first run may build the xtask; the second finds it built.
    launch(&["hint", "01-passes"]);
    let warm = launch(&["hint", "01-passes"]);
    assert_eq!(warm.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&warm.stdout);
    assert!(
        stdout.contains("The fixture hint for 01-passes."),
        "{stdout}"
    );
    assert!(
        warm.stderr.is_empty(),
        "a warm run adds nothing: {}",
        String::from_utf8_lossy(&warm.stderr)
    );
    // The xtask's own exit code comes back: 2 for a name that selects nothing.
    assert_eq!(launch(&["hint", "no-such-exercise"]).status.code(), Some(2));
}

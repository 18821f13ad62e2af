//! `cargo xtask variants` on the fixtures: each kept wrong answer is built from its diff and
//! graded several times, and a variant whose verdict is not the one its header names fails.

use std::path::Path;
use std::process::Command;

#[test]
fn each_variant_gets_the_verdict_its_header_names_or_fails() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["variants", "01-passes", "--runs", "2", "--timeout", "2"])
        .arg("--workbook")
        .arg(&fixtures)
        .output()
        .expect("the xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    for line in [
        "ok   mistake wrong-greeting: wrong, wrong (pinned) (must be wrong)",
        "ok   mistake never-returns: timed out, timed out (pinned) (must be timed out)",
        "ok   mistake not-a-string: does not compile, does not compile (pinned)",
        "ok   alternative with-format: done, done (pinned) (must be done)",
        // Its header says `panicked`, but the learner would see a diff: verify must say so.
        "FAIL mistake mislabelled: wrong, wrong (pinned) (must be panicked)",
        "wrong answers: 3/4 rejected, alternatives: 1/1 accepted",
    ] {
        assert!(stdout.contains(line), "no `{line}` in:\n{stdout}");
    }
    // What the learner would have seen for the variant that went astray.
    assert!(stdout.contains("+ greet: Hello, sync world!"), "{stdout}");
}

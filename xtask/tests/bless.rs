//! `cargo xtask bless` on a fixture: snapshots are recorded from the solution, and a
//! snapshot file that no test asserts any more is deleted. (Its own test binary, so it
//! never runs while the grader tests compare the fixture tree before and after.)

use std::fs;
use std::path::Path;
use std::process::Command;

#[test]
fn bless_keeps_used_snapshots_and_deletes_unused_ones() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let snapshots = fixtures.join("solutions/01-fixtures/01-passes/snapshots");
    let used = snapshots.join("greets.snap");
    let before = fs::read(&used).unwrap();
    let unused = snapshots.join("renamed_long_ago.snap");
    fs::write(&unused, "---\nsource: old.rs\n---\nscenario: gone\n").unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["bless", "01-passes", "--workbook"])
        .arg(&fixtures)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("1 snapshots, 0 new or changed, 1 removed"),
        "{stdout}"
    );
    assert!(!unused.exists(), "the unused snapshot is deleted");
    assert_eq!(
        fs::read(&used).unwrap(),
        before,
        "the used one is unchanged"
    );
}

//! Prediction exercises: `check` compares `prediction.txt` with the program's recorded
//! trace and shows only the first wrong line; `reset` puts the shipped file back. (Its own
//! test binary: it edits a fixture for a moment, and cargo runs test binaries one at a
//! time, so `grader.rs`'s check that the tree is unchanged cannot see it.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn xtask(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--workbook")
        .arg(fixtures())
        .output()
        .expect("the xtask runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Puts the shipped prediction back however the test ends, and removes reset's backups.
struct Restore(PathBuf, String);

impl Drop for Restore {
    fn drop(&mut self) {
        std::fs::write(&self.0, &self.1).unwrap();
        let _ = std::fs::remove_dir_all(fixtures().join(".backups"));
    }
}

const SCENARIO: &str = "scenario: a task spawned on a current-thread runtime\n";

#[test]
fn a_prediction_is_graded_line_by_line() {
    let file = fixtures().join("exercises/01-fixtures/12-predict/prediction.txt");
    let shipped = std::fs::read_to_string(&file).unwrap();
    let _restore = Restore(file.clone(), shipped.clone());
    let write = |text: &str| std::fs::write(&file, text).unwrap();

    let untouched = xtask(&["check", "12-predict"]);
    assert!(
        untouched.contains("12-predict : not started"),
        "{untouched}"
    );

    write(&format!(
        "{SCENARIO}main: spawns the task\ntask: runs\n?\nmain: done\n"
    ));
    let wrong = xtask(&["check", "12-predict"]);
    assert!(
        wrong.contains("12-predict : wrong prediction")
            && wrong.contains("right up to line 2")
            && wrong.contains("Line 3: you predicted\n    task: runs")
            && wrong.contains("recorded\n    main: awaits the task")
            && wrong.contains("explained in: Spawning (the fixture chapter)"),
        "{wrong}"
    );

    write(&format!(
        "{SCENARIO}main: spawns the task\nmain: awaits the task\n?\nmain: done\n"
    ));
    let partly = xtask(&["check", "12-predict"]);
    assert!(
        partly.contains("prediction unfinished") && partly.contains("1 `?` lines are left"),
        "{partly}"
    );
    assert!(
        !partly.contains("task: runs"),
        "the answer stays hidden: {partly}"
    );

    write(&format!(
        "# mine\n{SCENARIO}main: spawns the task\nmain: awaits the task\ntask: runs\nmain: done\n"
    ));
    let done = xtask(&["check", "12-predict"]);
    assert!(
        done.contains("12-predict is done: you predicted every line"),
        "{done}"
    );

    let reset = xtask(&["reset", "12-predict"]);
    assert!(
        reset.contains("prediction.txt is back as shipped"),
        "{reset}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), shipped);
}

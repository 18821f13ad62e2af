//! A `todo!()` reached in starter code the learner has changed is work under way, not an
//! exercise not started. (Its own test binary: it edits a fixture for a moment, and cargo
//! runs test binaries one at a time, so `grader.rs`'s check that the tree is unchanged
//! cannot see it.)

use std::path::Path;
use std::process::Command;

/// Puts the file back however the test ends.
struct Restore<'a>(&'a Path, String);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        std::fs::write(self.0, &self.1).unwrap();
    }
}

#[test]
fn an_edited_exercise_that_reaches_todo_is_under_way() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let check = || {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["check", "02-todo", "--workbook"])
            .arg(&fixtures)
            .output()
            .expect("the xtask runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(check().contains("02-todo : not started"));

    let lib = fixtures.join("exercises/01-fixtures/02-todo/src/lib.rs");
    let shipped = std::fs::read_to_string(&lib).unwrap();
    let _restore = Restore(&lib, shipped.clone());
    std::fs::write(&lib, format!("{shipped}\n// the learner's first line\n")).unwrap();
    let under_way = check();
    assert!(
        under_way.contains("02-todo : reached todo!()")
            && under_way.contains("one path still reaches `todo!()`"),
        "{under_way}"
    );
}

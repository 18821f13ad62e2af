//! `cargo xtask reset` on a fixture exercise: the learner's code is saved, the starter
//! code comes back, and no other exercise changes. (Its own test binary, so it never
//! runs while the grader tests compare the fixture tree before and after.)

use std::fs;
use std::path::Path;
use std::process::Command;

#[test]
fn reset_saves_the_learners_code_and_restores_the_starter() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let lib = fixtures.join("exercises/01-fixtures/02-todo/src/lib.rs");
    let other = fixtures.join("exercises/01-fixtures/03-wrong/src/lib.rs");
    let starter = fs::read_to_string(&lib).unwrap();
    let other_before = fs::read(&other).unwrap();
    let mine = "pub async fn greet() -> String {\n    \"my answer\".into()\n}\n";
    fs::write(&lib, mine).unwrap();
    fs::write(lib.with_file_name("extra.rs"), "// a file I added\n").unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["reset", "02-todo", "--workbook"])
        .arg(&fixtures)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );

    assert_eq!(
        fs::read_to_string(&lib).unwrap(),
        starter,
        "the starter code is back"
    );
    assert!(
        !lib.with_file_name("extra.rs").exists(),
        "files the starter lacks are gone"
    );
    assert_eq!(
        fs::read(&other).unwrap(),
        other_before,
        "no other exercise changed"
    );

    let saved = stdout
        .split("is saved in ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap();
    let saved = Path::new(saved);
    assert_eq!(fs::read_to_string(saved.join("lib.rs")).unwrap(), mine);
    assert!(saved.join("extra.rs").exists());
    fs::remove_dir_all(fixtures.join(".backups")).unwrap();
}

#[test]
fn reset_of_an_unknown_exercise_changes_nothing() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["reset", "no-such-exercise", "--workbook"])
        .arg(&fixtures)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

//! The grader graded: `cargo xtask check` run on a small workbook of fixture crates,
//! one for each status (`xtask/fixtures`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--workbook")
        .arg(fixtures())
        .output()
        .expect("the xtask runs")
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file under the fixtures, with its contents: `check` must change none of it.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(tree(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

fn status_line<'a>(stdout: &'a str, exercise: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.trim_start_matches([' ', '✓', '✗']).starts_with(exercise))
        .unwrap_or_else(|| panic!("no status line for {exercise} in:\n{stdout}"))
}

#[test]
fn every_fixture_gets_its_own_status() {
    let before = tree(&fixtures());
    let started = Instant::now();
    let output = xtask(&["check", "--timeout", "3"]);
    let elapsed = started.elapsed();
    let stdout = text(&output);

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let expect = [
        ("01-passes", "done"),
        (
            "02-todo",
            "not started (todo!() at xtask/fixtures/exercises/01-fixtures/02-todo/src/lib.rs:4:5)",
        ),
        ("03-wrong", "wrong"),
        ("04-no-compile", "does not compile"),
        ("05-never-wakes", "timed out"),
        ("06-panics", "panicked"),
        ("07-crashes", "crashed"),
        ("08-busy-loop", "timed out"),
        ("09-lock-twice", "timed out"),
        ("10-thread-panics", "panicked"),
        ("11-unawaited", "wrong"),
        (
            "12-predict",
            "not started (predict in exercises/01-fixtures/12-predict/prediction.txt)",
        ),
    ];
    for (exercise, status) in expect {
        let line = status_line(&stdout, exercise);
        assert!(
            line.ends_with(status),
            "{exercise}: expected `{status}`, got `{line}`"
        );
    }
    assert!(stdout.contains("done 1/12"), "{stdout}");
    // The first exercise not done is explained, with its hint.
    assert!(
        stdout.contains("not yet implemented: return the greeting"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Hint: The fixture hint for 02-todo."),
        "{stdout}"
    );
    // The hang is stopped by the timeout, not waited out.
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    assert_eq!(before, tree(&fixtures()), "check changed files in the tree");
}

#[test]
fn each_status_explains_itself() {
    let wrong = text(&xtask(&["check", "03-wrong"]));
    assert!(wrong.contains("- greet: Hello, async world!"), "{wrong}");
    assert!(wrong.contains("+ greet: Hello, sync world!"), "{wrong}");

    let broken = text(&xtask(&["check", "04-no-compile"]));
    assert!(
        broken.contains("error[E0308]: mismatched types"),
        "{broken}"
    );
    assert!(broken.contains("04-no-compile/src/lib.rs"), "{broken}");
    assert!(
        !broken.contains("01-passes"),
        "only the chosen crate's errors: {broken}"
    );

    let hung = text(&xtask(&["check", "05-never-wakes", "--timeout", "2"]));
    assert!(
        hung.contains("Stopped after 2 s: test `greets` never finished."),
        "{hung}"
    );
    assert!(
        hung.contains("It was idle")
            && hung.contains("returned `Pending` without arranging a wake-up"),
        "{hung}"
    );
    // The trace the hung scenario wrote until it was stopped, against the expected one.
    assert!(
        hung.contains("scenario `greets`:")
            && hung.contains("    scenario: greet() once")
            && hung.contains("- greet: Hello, async world!"),
        "{hung}"
    );
    // A loop that never waits is told apart from a wait that never ends.
    let busy = text(&xtask(&["check", "08-busy-loop", "--timeout", "2"]));
    assert!(busy.contains("It was busy"), "{busy}");
    let locked = text(&xtask(&["check", "09-lock-twice", "--timeout", "2"]));
    assert!(
        locked.contains("It was idle") && locked.contains("a lock taken a second time"),
        "{locked}"
    );

    let panicked = text(&xtask(&["check", "06-panics"]));
    assert!(
        panicked.contains("`greets` panicked:\nboom: the greeting was lost"),
        "{panicked}"
    );
    assert!(!panicked.contains("stack backtrace"), "{panicked}");

    // A panic in a thread the code started belongs to the test that started it.
    let thread = text(&xtask(&["check", "10-thread-panics"]));
    assert!(
        thread.contains("`greets` panicked:\nthe greeting thread gave up")
            && thread.contains("in thread `<unnamed>` that the test started"),
        "{thread}"
    );
    // The compiler's warning about a future never awaited is shown with the diff.
    let unawaited = text(&xtask(&["check", "11-unawaited"]));
    assert!(
        unawaited.contains("+ greet: Hello")
            && unawaited.contains("The compiler also warned")
            && unawaited.contains("unused implementer of `Future` that must be used"),
        "{unawaited}"
    );
    // A clean crate prints no warnings section.
    assert!(!text(&xtask(&["check", "03-wrong"])).contains("The compiler also warned"));

    let crashed = text(&xtask(&["check", "07-crashes"]));
    assert!(
        crashed.contains("killed by SIGABRT (signal 6)"),
        "{crashed}"
    );
    // The learner's command to find where, not a maintainer's.
    assert!(
        crashed.contains("cargo xtask check --sanitize 07-crashes"),
        "{crashed}"
    );
    assert!(!crashed.contains("xtask verify"), "{crashed}");
}

#[test]
fn one_exercise_by_name() {
    let output = xtask(&["check", "01-fixtures/01-passes"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let output = xtask(&["check", "exercises/01-fixtures/01-passes/"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    // Done: the solution to compare with, and the exact command for the next exercise.
    let done = text(&output);
    assert!(
        done.contains("solutions/01-fixtures/01-passes/src")
            && done.contains("Next: `cargo xtask check 02-todo`"),
        "{done}"
    );
    assert!(
        !done.contains("✗"),
        "only the chosen exercise is graded: {done}"
    );
    // A chapter's folder selects its exercises.
    let chapter = text(&xtask(&["check", "01-fixtures", "--timeout", "2"]));
    assert!(
        chapter.contains("09-lock-twice") && chapter.contains("done 1/12"),
        "{chapter}"
    );
}

#[test]
fn bad_names_exit_2_with_close_matches() {
    let unknown = xtask(&["check", "01-pases"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("Did you mean:") && stderr.contains("01-fixtures/01-passes"),
        "{stderr}"
    );

    let ambiguous = xtask(&["check", "0"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(stderr.contains("matches several exercises"), "{stderr}");

    let hint = xtask(&["hint", "never-wakes"]);
    assert_eq!(hint.status.code(), Some(0));
    assert!(text(&hint).contains("The fixture hint for 05-never-wakes."));
    assert!(
        !text(&hint).contains("--level"),
        "one level, no more to ask for"
    );
}

#[test]
fn hints_come_in_levels() {
    let first = text(&xtask(&["hint", "06-panics"]));
    assert!(first.contains("hint 1 of 2"), "{first}");
    assert!(
        first.contains("level 1.") && !first.contains("level 2."),
        "{first}"
    );
    assert!(
        first.contains("`cargo xtask hint 06-panics --level 2` says more"),
        "{first}"
    );
    let second = text(&xtask(&["hint", "06-panics", "--level", "2"]));
    assert!(
        second.contains("level 2.") && !second.contains("says more"),
        "{second}"
    );
    let none = xtask(&["hint", "06-panics", "--level", "3"]);
    assert_eq!(none.status.code(), Some(2));
    // `check` shows the first level, and says how to see the next.
    let checked = text(&xtask(&["check", "06-panics"]));
    assert!(
        checked.contains("level 1.") && checked.contains("--level 2` says more"),
        "{checked}"
    );
}

//! Reads the state word's layout from the source of the tokio this workbook is built with
//! (the version in `Cargo.lock`), and compares it with this exercise's constants, so that
//! an upgrade that changes it fails here.

use std::path::{Path, PathBuf};
use task_state_word::{
    CANCELLED, COMPLETE, INITIAL_STATE, JOIN_INTEREST, JOIN_WAKER, NOTIFIED, REF_ONE, RUNNING,
};
use testkit::{Trace, assert_trace, yes_no};

/// The version of tokio in the workspace's `Cargo.lock`.
fn tokio_version() -> String {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("Cargo.lock"))
        .find(|lock| lock.is_file())
        .expect("a Cargo.lock above this crate");
    let lock = std::fs::read_to_string(lock).unwrap();
    let at = lock
        .find("name = \"tokio\"\n")
        .expect("tokio in Cargo.lock");
    let version = lock[at..].lines().nth(1).expect("a version line");
    version
        .trim_start_matches("version = \"")
        .trim_end_matches('"')
        .to_string()
}

/// A file of that version's source, as cargo unpacked it.
fn tokio_file(file: &str) -> String {
    let version = tokio_version();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let registry = cargo_home.join("registry").join("src");
    for index in std::fs::read_dir(&registry).expect("cargo's registry/src folder") {
        let path = index
            .unwrap()
            .path()
            .join(format!("tokio-{version}"))
            .join("src")
            .join(file);
        if path.is_file() {
            return std::fs::read_to_string(path).unwrap();
        }
    }
    panic!("tokio {version}'s {file} is not in {}", registry.display());
}

/// The first line of `source` that contains `needle`, trimmed; it panics when there is none,
/// so a tokio that changed the line fails here.
fn line_with(source: &str, needle: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with `{needle}` any more"))
        .to_string()
}

/// `0b1_000` as a number.
fn binary(literal: &str) -> usize {
    let digits: String = literal
        .trim_start_matches("0b")
        .chars()
        .filter(|c| *c != '_')
        .collect();
    usize::from_str_radix(&digits, 2).unwrap()
}

#[test]
fn tokios_state_word() {
    let trace = Trace::new("tokio's task state word, read from its source");
    let state = tokio_file("runtime/task/state.rs");
    trace.log(format!("tokio {}", tokio_version()));
    for (name, ours) in [
        ("RUNNING", RUNNING),
        ("COMPLETE", COMPLETE),
        ("NOTIFIED", NOTIFIED),
        ("JOIN_INTEREST", JOIN_INTEREST),
        ("JOIN_WAKER", JOIN_WAKER),
        ("CANCELLED", CANCELLED),
    ] {
        let line = line_with(&state, &format!("const {name}: usize = 0b"));
        let value = line.split('=').nth(1).unwrap().trim().trim_end_matches(';');
        trace.log(format!(
            "state.rs: {line} (the same here: {})",
            yes_no(binary(value) == ours)
        ));
    }
    for needle in [
        "const REF_COUNT_SHIFT: usize =",
        "const REF_ONE: usize =",
        "const INITIAL_STATE: usize =",
    ] {
        trace.log(format!("state.rs: {}", line_with(&state, needle)));
    }
    trace.log(format!(
        "so one reference is 1 << {}, and a new task has 3: {}",
        REF_ONE.trailing_zeros(),
        yes_no(INITIAL_STATE / REF_ONE == 3)
    ));
    let header = tokio_file("runtime/task/core.rs");
    for needle in [
        "pub(super) state: State,",
        "pub(super) vtable: &'static Vtable,",
    ] {
        trace.log(format!(
            "core.rs, struct Header: {}",
            line_with(&header, needle)
        ));
    }
    let waker = tokio_file("runtime/task/waker.rs");
    trace.log(format!(
        "waker.rs: {}",
        line_with(&waker, "let ptr = header.as_ptr() as *const ();")
    ));
    assert_trace!("tokios_state_word", trace);
}

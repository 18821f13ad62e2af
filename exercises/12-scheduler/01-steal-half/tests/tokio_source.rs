//! Reads the local queue's shape from the source of the tokio this workbook is built
//! with (the version in `Cargo.lock`), so that an upgrade that changes it fails here.

use std::path::{Path, PathBuf};
use testkit::{Trace, assert_trace};

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

#[test]
fn tokios_local_queue() {
    let trace = Trace::new("tokio's local run queue, read from its source");
    let queue = tokio_file("runtime/scheduler/multi_thread/queue.rs");
    trace.log(format!("tokio {}", tokio_version()));
    for needle in [
        "const LOCAL_QUEUE_CAPACITY: usize = 256;",
        "const NUM_TASKS_TAKEN: UnsignedShort = (LOCAL_QUEUE_CAPACITY / 2)",
        "let n = n - n / 2;",
        "if dst_tail.wrapping_sub(steal) > LOCAL_QUEUE_CAPACITY as UnsignedShort / 2",
        "} else if steal != real {",
    ] {
        trace.log(format!("queue.rs: {}", line_with(&queue, needle)));
    }
    assert_trace!("tokios_local_queue", trace);
}

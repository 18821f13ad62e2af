//! Reads the LIFO slot's rules from the source of the tokio this workbook is built with
//! (the version in `Cargo.lock`), so that an upgrade that changes them fails here.

use lifo_slot::MAX_LIFO_POLLS_PER_TICK;
use std::path::{Path, PathBuf};
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

#[test]
fn tokios_lifo_slot() {
    let trace = Trace::new("tokio's LIFO slot, read from its source");
    let worker = tokio_file("runtime/scheduler/multi_thread/worker.rs");
    trace.log(format!("tokio {}", tokio_version()));
    for needle in [
        "const MAX_LIFO_POLLS_PER_TICK: usize =",
        "if lifo_polls >= MAX_LIFO_POLLS_PER_TICK {",
        "let should_notify = if is_yield || !core.lifo_enabled {",
        "core.lifo_enabled = !self.worker.handle.shared.config.disable_lifo_slot;",
        "self.lifo_slot.take().or_else(|| self.run_queue.pop())",
    ] {
        trace.log(format!("worker.rs: {}", line_with(&worker, needle)));
    }
    let limit = line_with(&worker, "const MAX_LIFO_POLLS_PER_TICK: usize =");
    trace.log(format!(
        "this exercise's limit is the same: {}",
        yes_no(limit.ends_with(&format!("= {MAX_LIFO_POLLS_PER_TICK};")))
    ));
    assert_trace!("tokios_lifo_slot", trace);
}

#[test]
fn tokios_intervals() {
    let trace = Trace::new("how often a worker looks at the global queue and the drivers");
    let worker = tokio_file("runtime/scheduler/multi_thread/worker.rs");
    let stats = tokio_file("runtime/scheduler/multi_thread/stats.rs");
    let builder = tokio_file("runtime/builder.rs");
    let current = tokio_file("runtime/scheduler/current_thread/mod.rs");
    let idle = tokio_file("runtime/scheduler/multi_thread/idle.rs");
    trace.log(format!("tokio {}", tokio_version()));
    for needle in [
        "if self.tick % self.global_queue_interval == 0 {",
        "if core.tick % self.worker.handle.shared.config.event_interval == 0 {",
    ] {
        trace.log(format!("worker.rs: {}", line_with(&worker, needle)));
    }
    for needle in [
        "const TARGET_GLOBAL_QUEUE_INTERVAL: f64 =",
        "const MAX_TASKS_POLLED_PER_GLOBAL_QUEUE_INTERVAL: u32 =",
        "const TARGET_TASKS_POLLED_PER_GLOBAL_QUEUE_INTERVAL: u32 =",
        "tasks_per_interval.clamp(",
    ] {
        trace.log(format!("stats.rs: {}", line_with(&stats, needle)));
    }
    trace.log(format!(
        "builder.rs: {}",
        line_with(&builder, "Builder::new(Kind::MultiThread,")
    ));
    trace.log(format!(
        "current_thread/mod.rs: {}",
        line_with(&current, "const DEFAULT_GLOBAL_QUEUE_INTERVAL: u32 =")
    ));
    trace.log(format!(
        "idle.rs: {}",
        line_with(&idle, "if 2 * state.num_searching() >= self.num_workers {")
    ));
    assert_trace!("tokios_intervals", trace);
}

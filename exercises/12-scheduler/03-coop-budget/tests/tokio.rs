//! tokio's own budget, seen from outside and read from its source (the version in
//! `Cargo.lock`), so that an upgrade that changes it fails here.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
fn tokios_budget() {
    let trace = Trace::new("tokio's coop budget, read from its source");
    let coop = tokio_file("task/coop/mod.rs");
    trace.log(format!("tokio {}", tokio_version()));
    for needle in ["Budget(Some(", "pub(crate) fn budget<R>("] {
        trace.log(format!("task/coop/mod.rs: {}", line_with(&coop, needle)));
    }
    assert_trace!("tokios_budget", trace);
}

#[test]
fn tokios_channel_gives_the_thread_back() {
    let trace = Trace::new("a task receives 300 waiting messages from a tokio mpsc channel");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel(300);
        for i in 0..300 {
            tx.try_send(i).unwrap();
        }
        let got = Arc::new(Mutex::new(0));
        let seen = got.clone();
        let greedy = tokio::spawn(async move {
            for _ in 0..300 {
                rx.recv().await.unwrap();
                *got.lock().unwrap() += 1;
            }
        });
        let other = tokio::spawn(async move { *seen.lock().unwrap() });
        let when_other_ran = other.await.unwrap();
        greedy.await.unwrap();
        trace.log(format!(
            "messages received before the other task ran: {when_other_ran}"
        ));
    });
    assert_trace!("tokios_channel_gives_the_thread_back", trace);
}

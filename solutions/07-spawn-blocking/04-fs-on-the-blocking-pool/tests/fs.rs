//! Likely wrong answers, and the scenario that catches each:
//! - calling `std::fs::read_to_string` right inside the async fn: the runtime's only
//!   thread waits for the file, the heartbeat stops, and no pool thread starts
//!   (`fifo_read_by_hand`, `cancelled_read`);
//! - `std::thread::spawn` and `join` instead of the blocking pool: `join` blocks too
//!   (`fifo_read_by_hand`);
//! - a `std::thread` of its own, awaited through a oneshot channel: the heartbeat goes
//!   on, but the runtime starts no thread for the read (`fifo_read_by_hand`);
//! - `.unwrap()` on the read's result: a missing file panics instead of returning
//!   `NotFound` (`missing_file`);
//! - `save_atomically` that does not remove its temporary file when the rename
//!   fails: `report.tmp` stays behind (`save_over_a_directory`);
//! - `save_atomically` that writes the target directly, or copies the temporary file
//!   over it (`std::fs::copy`): the old file is overwritten in place, so a reader who
//!   opened it before the save reads the new text, or half of it (`save_is_a_new_file`);
//! - `save_atomically` with a temporary name of its own that is the same on every call
//!   (`report.txt.tmp`): two saves that overlap write into one temporary file
//!   (`another_save_in_progress`);
//! - `save_atomically` that runs the write and rename right inside the async fn: the
//!   runtime starts no pool thread for it (`save_runs_on_the_pool`).
//!
//! Kept as files in `solutions/07-spawn-blocking/04-fs-on-the-blocking-pool/mistakes/`:
//! `std-fs-in-the-async-fn.diff` (`fifo_read_by_hand`), `unwraps-the-read.diff`
//! (`missing_file`), `own-thread-not-the-pool.diff` (`fifo_read_by_hand`),
//! `leaves-the-temporary-file.diff` (`save_over_a_directory`),
//! `writes-the-target-directly.diff` and `copies-instead-of-renaming.diff`
//! (`save_is_a_new_file`), `fixed-temporary-name.diff` (`another_save_in_progress`),
//! `saves-on-the-runtime-thread.diff` (`save_runs_on_the_pool`).

use fs_on_blocking_pool::{read_to_string, save_atomically, temp_path};
use std::future::Future;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};
use testkit::{Trace, assert_trace, yes_no};
use tokio::runtime::{Builder, Runtime};

/// How long a scenario waits for something that a correct answer does at once.
const PATIENCE: Duration = Duration::from_secs(1);

/// A current_thread runtime that counts the threads it starts. It has no worker
/// threads, so every thread it starts belongs to its blocking pool.
fn counting_runtime() -> (Runtime, Arc<AtomicUsize>) {
    let started = Arc::new(AtomicUsize::new(0));
    let counter = started.clone();
    let runtime = Builder::new_current_thread()
        .enable_all()
        .on_thread_start(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    (runtime, started)
}

async fn heartbeat(ticks: Arc<AtomicUsize>) {
    let mut interval = tokio::time::interval(Duration::from_millis(1));
    loop {
        interval.tick().await;
        ticks.fetch_add(1, Ordering::SeqCst);
    }
}

/// A named pipe: opening it for reading waits until someone opens it for writing,
/// so a read of it blocks for as long as the test likes.
fn make_fifo(dir: &Path) -> PathBuf {
    let fifo = dir.join("pipe");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
    fifo
}

/// The names in `dir`, sorted, with a `/` after directories. A temporary file of
/// `save_atomically` (a name ending in `.tmp`) shows as `<temporary file>`: its
/// exact name is the process id and a counter.
fn listing(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let slash = if entry.file_type().unwrap().is_dir() {
                "/"
            } else {
                ""
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                return "<temporary file>".to_string();
            }
            format!("{name}{slash}")
        })
        .collect();
    names.sort();
    format!("[{}]", names.join(", "))
}

/// Removes the temporary directory and says whether it is gone.
fn remove(trace: &Trace, dir: tempfile::TempDir) {
    let path = dir.path().to_owned();
    dir.close().unwrap();
    trace.log(format!(
        "temporary directory removed: {}",
        yes_no(!path.exists())
    ));
}

/// Reads a FIFO with `read` while a heartbeat ticks. A writer thread writes
/// "hello" into the FIFO once the heartbeat has ticked three times (or after a
/// second, so a blocked runtime cannot hang the test).
fn read_a_fifo<F, Fut>(trace: &Trace, read: F)
where
    F: FnOnce(PathBuf) -> Fut,
    Fut: Future<Output = io::Result<String>>,
{
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(dir.path());
    let (runtime, started) = counting_runtime();
    let ticks = Arc::new(AtomicUsize::new(0));
    let (ticked_tx, ticked) = mpsc::channel();
    let (path, counter) = (fifo.clone(), ticks.clone());
    thread::spawn(move || {
        let deadline = Instant::now() + PATIENCE;
        while counter.load(Ordering::SeqCst) < 3 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        let _ = ticked_tx.send(counter.load(Ordering::SeqCst) >= 3);
        // Opening for writing waits for the reader, then "hello" ends the read.
        std::fs::write(&path, "hello\n").unwrap();
    });
    let result = runtime.block_on(async {
        tokio::spawn(heartbeat(ticks));
        read(fifo).await
    });
    let ticked = ticked.recv_timeout(PATIENCE).unwrap_or(false);
    trace.log(format!(
        "heartbeat ticked while the read waited: {}",
        yes_no(ticked)
    ));
    trace.log(format!("read: {result:?}"));
    trace.log(format!(
        "threads the runtime started: {}",
        started.load(Ordering::SeqCst)
    ));
    drop(runtime);
    remove(trace, dir);
}

// ANCHOR: tokio_fs
#[test]
fn fifo_read_by_tokio_fs() {
    let trace = Trace::new("tokio::fs::read_to_string of a FIFO, next to a heartbeat");
    read_a_fifo(&trace, |fifo| async move {
        tokio::fs::read_to_string(fifo).await
    });
    assert_trace!("fifo_read_by_tokio_fs", trace);
}
// ANCHOR_END: tokio_fs

#[test]
fn fifo_read_by_hand() {
    let trace = Trace::new("read_to_string (by hand) of a FIFO, next to a heartbeat");
    read_a_fifo(&trace, |fifo| async move { read_to_string(fifo).await });
    assert_trace!("fifo_read_by_hand", trace);
}

// ANCHOR: cancelled
#[test]
fn cancelled_read() {
    let trace = Trace::new("read_to_string of a FIFO that nobody writes; the caller gives up");
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(dir.path());
    let (runtime, _) = counting_runtime();
    // If the read blocks the runtime's thread, the timeout below can never fire:
    // after a second, this opens the FIFO for writing and closes it, which ends
    // the read, so a wrong answer fails instead of hanging.
    let (stand_down, rescue) = mpsc::channel::<()>();
    let path = fifo.clone();
    thread::spawn(move || {
        if rescue.recv_timeout(PATIENCE) == Err(mpsc::RecvTimeoutError::Timeout) {
            let _ = std::fs::OpenOptions::new().write(true).open(&path);
        }
    });
    let outcome = runtime.block_on(async {
        tokio::time::timeout(Duration::from_millis(20), read_to_string(&fifo)).await
    });
    let _ = stand_down.send(());
    match outcome {
        Err(_elapsed) => trace.log("caller: gave up after 20 ms and dropped the read's future"),
        Ok(result) => trace.log(format!("caller: the read finished first: {result:?}")),
    }
    // Opening a FIFO for writing waits for a reader. It opens at once only if the
    // blocking read is still waiting on its pool thread.
    let (opened_tx, opened) = mpsc::channel();
    let path = fifo.clone();
    thread::spawn(move || {
        let written = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|mut file| file.write_all(b"too late\n"));
        let _ = opened_tx.send(written.is_ok());
    });
    let still_reading = opened.recv_timeout(PATIENCE).unwrap_or(false);
    if !still_reading {
        // Release the writer thread: it is waiting for a reader.
        let _ = std::fs::File::open(&fifo);
    }
    trace.log(format!(
        "a pool thread was still reading the FIFO after the future was dropped: {}",
        yes_no(still_reading)
    ));
    // The writer closed the FIFO, so that read has now ended; its String is dropped.
    runtime.shutdown_timeout(PATIENCE);
    trace.log("runtime: shut down");
    remove(&trace, dir);
    assert_trace!("cancelled_read", trace);
}
// ANCHOR_END: cancelled

#[tokio::test]
async fn missing_file() {
    let trace = Trace::new("read_to_string of a file that does not exist");
    let dir = tempfile::tempdir().unwrap();
    match read_to_string(dir.path().join("missing.txt")).await {
        Ok(text) => trace.log(format!("read: Ok({text:?})")),
        Err(error) => trace.log(format!("read: error of kind {:?}", error.kind())),
    }
    remove(&trace, dir);
    assert_trace!("missing_file", trace);
}

#[tokio::test]
async fn save_twice() {
    let trace = Trace::new("save_atomically writes report.txt, then replaces it");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    for text in ["first draft", "final"] {
        let result = save_atomically(&report, text.to_string()).await;
        trace.log(format!("save {text:?}: {result:?}"));
        trace.log(format!("directory: {}", listing(dir.path())));
    }
    trace.log(format!(
        "report.txt: {:?}",
        read_to_string(&report).await.unwrap()
    ));
    remove(&trace, dir);
    assert_trace!("save_twice", trace);
}

#[tokio::test]
async fn save_over_a_directory() {
    let trace = Trace::new("save_atomically to a path that is a directory: the rename fails");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    std::fs::create_dir(&target).unwrap();
    match save_atomically(&target, "lost".to_string()).await {
        Ok(()) => trace.log("save: Ok(())"),
        Err(error) => trace.log(format!("save: error of kind {:?}", error.kind())),
    }
    trace.log(format!("directory: {}", listing(dir.path())));
    remove(&trace, dir);
    assert_trace!("save_over_a_directory", trace);
}

#[tokio::test]
async fn save_is_a_new_file() {
    let trace = Trace::new("a reader opens report.txt, then save_atomically replaces it");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    save_atomically(&report, "first draft".to_string())
        .await
        .unwrap();
    let mut reader = std::fs::File::open(&report).unwrap();
    trace.log("reader: opened report.txt");
    let result = save_atomically(&report, "final".to_string()).await;
    trace.log(format!("save \"final\": {result:?}"));
    // A rename gives the name to a new file; the reader still holds the old one.
    // Writing into the old file (directly, or with std::fs::copy) changes what the
    // reader reads.
    let mut seen = String::new();
    reader.read_to_string(&mut seen).unwrap();
    trace.log(format!("reader: reads {seen:?}"));
    trace.log(format!(
        "report.txt, opened again: {:?}",
        std::fs::read_to_string(&report).unwrap()
    ));
    trace.log(format!("directory: {}", listing(dir.path())));
    remove(&trace, dir);
    assert_trace!("save_is_a_new_file", trace);
}

#[tokio::test]
async fn another_save_in_progress() {
    let trace = Trace::new(
        "another save is still writing its temporary file report.txt.tmp when a save starts",
    );
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    // What an overlapping save with a fixed temporary name would have written so far.
    let theirs = dir.path().join("report.txt.tmp");
    std::fs::write(&theirs, "half of the other save").unwrap();
    let result = save_atomically(&report, "mine".to_string()).await;
    trace.log(format!("save \"mine\": {result:?}"));
    trace.log(format!(
        "report.txt: {:?}",
        std::fs::read_to_string(&report).unwrap_or_default()
    ));
    let other = match std::fs::read_to_string(&theirs) {
        Ok(text) if text == "half of the other save" => "untouched",
        Ok(_) => "overwritten",
        Err(_) => "gone",
    };
    trace.log(format!("the other save's temporary file: {other}"));
    std::fs::remove_file(&theirs).ok();
    trace.log(format!(
        "temp_path gives a new name on every call: {}",
        yes_no(temp_path(&report) != temp_path(&report))
    ));
    remove(&trace, dir);
    assert_trace!("another_save_in_progress", trace);
}

#[test]
fn save_runs_on_the_pool() {
    let trace = Trace::new("save_atomically on a current_thread runtime that counts its threads");
    let (runtime, started) = counting_runtime();
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    let result = runtime.block_on(save_atomically(&report, "pooled".to_string()));
    trace.log(format!("save: {result:?}"));
    trace.log(format!(
        "the save ran on a thread of the blocking pool: {}",
        yes_no(started.load(Ordering::SeqCst) > 0)
    ));
    drop(runtime);
    trace.log(format!("directory: {}", listing(dir.path())));
    remove(&trace, dir);
    assert_trace!("save_runs_on_the_pool", trace);
}

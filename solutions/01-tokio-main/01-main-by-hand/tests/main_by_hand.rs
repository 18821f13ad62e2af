//! Grades `main_by_hand`: it must build the runtime `#[tokio::main]` builds, with or
//! without a `worker_threads = n` setting.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder):
//! - `current-thread.diff`, `Builder::new_current_thread()`: `runtime` (flavor, workers,
//!   where a spawned task runs).
//! - `no-drivers.diff`, forgetting `.enable_all()`: `drivers` (no timer, no I/O).
//! - `timer-only.diff`, `.enable_time()` alone: `drivers` (no I/O).
//! - `drivers-only-by-default.diff`, `Runtime::new()` without a setting but a builder
//!   without `.enable_all()` with one: `drivers` (the `Some(2)` runtime has neither).
//! - `setting-ignored.diff`, never calling `.worker_threads(n)`: `worker_threads_setting`.
//! - `hard-coded-workers.diff`, `.worker_threads(n)` with a fixed number when there is no
//!   setting: `worker_count_default` (a child process runs with `TOKIO_WORKER_THREADS` set
//!   to 3, then to 7).
//! - `workers-from-cpus.diff`, the CPU count when there is no setting, which ignores
//!   `TOKIO_WORKER_THREADS`: `worker_count_default`.
//! - `environment-wins.diff`, `TOKIO_WORKER_THREADS` read first, before the setting:
//!   `worker_count_default` (the child with `TOKIO_WORKER_THREADS=7` and a setting of 2).
//! - A loop without a runtime (`futures::executor::block_on`, say): `runtime` and
//!   `drivers` panic ("there is no reactor running"); `seed_program` alone would pass.

use main_by_hand::{main_by_hand, tokio_main};
use std::process::Command;
use std::thread;
use std::time::Duration;
use testkit::{Trace, assert_trace, yes_no};
use tokio::runtime::Handle;

/// The worker count tokio picks when nobody sets one: `TOKIO_WORKER_THREADS`, else one per CPU.
fn default_workers() -> usize {
    std::env::var("TOKIO_WORKER_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The worker count of the runtime that runs the calling `async` code.
fn workers_here() -> usize {
    Handle::current().metrics().num_workers()
}

#[test]
fn seed_program() {
    let trace = Trace::new("main_by_hand(None, tokio_main()) runs the seed program");
    for line in main_by_hand(None, tokio_main()) {
        trace.log(format!("printed: {line}"));
    }
    assert_trace!("seed_program", trace);
}

#[test]
fn runtime() {
    let trace = Trace::new("the runtime main_by_hand(None, ..) builds");
    let caller = thread::current().id();
    let (flavor, workers, on_caller) = main_by_hand(None, async move {
        (
            Handle::current().runtime_flavor(),
            workers_here(),
            thread::current().id() == caller,
        )
    });
    trace.log(format!("flavor: {flavor:?}"));
    if workers == default_workers() {
        trace.log("workers: the default (TOKIO_WORKER_THREADS, else one per CPU)");
    } else {
        trace.log(format!("workers: {workers}, not the default"));
    }
    trace.log(format!(
        "block_on ran the body on the calling thread: {}",
        yes_no(on_caller)
    ));

    let task_thread = main_by_hand(None, async move {
        let task = tokio::spawn(async move {
            let here = thread::current();
            (here.id() == caller, here.name().map(str::to_string))
        });
        task.await.expect("the spawned task panicked")
    });
    trace.log(format!(
        "a spawned task ran on the calling thread: {}",
        yes_no(task_thread.0)
    ));
    trace.log(format!(
        "a spawned task ran on a thread named: {}",
        task_thread.1.unwrap_or_else(|| "(no name)".into())
    ));
    assert_trace!("runtime", trace);
}

#[test]
fn worker_threads_setting() {
    let trace = Trace::new("main_by_hand(Some(n), ..), as #[tokio::main(worker_threads = n)]");
    for n in [2, 5] {
        let (flavor, workers) = main_by_hand(Some(n), async {
            (Handle::current().runtime_flavor(), workers_here())
        });
        trace.log(format!(
            "worker_threads = {n}: flavor: {flavor:?}, workers: {workers}"
        ));
    }
    assert_trace!("worker_threads_setting", trace);
}

#[test]
fn drivers() {
    let trace = Trace::new("the timer and I/O drivers are enabled, with or without a setting");
    for setting in [None, Some(2)] {
        let (timer, io) = main_by_hand(setting, async {
            // Each check runs in its own task: a missing driver panics, and the panic
            // comes back as a JoinError instead of ending the test. The `async` blocks
            // matter: `sleep(..)` itself panics when timers are off, so it must be
            // called inside the task, not before `spawn`.
            let timer = tokio::spawn(async { tokio::time::sleep(Duration::from_millis(1)).await });
            let io = tokio::spawn(async { tokio::net::TcpListener::bind("127.0.0.1:0").await });
            let (timer, io) = (timer.await, io.await);
            (timer.is_ok(), io.is_ok_and(|bound| bound.is_ok()))
        });
        trace.log(format!("main_by_hand({setting:?}, ..):"));
        trace.log(format!("  tokio::time::sleep works: {}", yes_no(timer)));
        trace.log(format!(
            "  tokio::net::TcpListener::bind works: {}",
            yes_no(io)
        ));
    }
    assert_trace!("drivers", trace);
}

/// Set in the child process that `worker_count_default` starts: the setting it passes.
const CHILD: &str = "MAIN_BY_HAND_WORKER_COUNT_CHILD";

/// Runs in a child process only: prints the worker count `main_by_hand` gave.
#[test]
fn worker_count_child() {
    let Some(setting) = std::env::var_os(CHILD) else {
        return;
    };
    let setting = setting.to_str().and_then(|n| n.parse().ok());
    let workers = main_by_hand(setting, async { workers_here() });
    println!("child workers: {workers}");
}

/// Asks a child process, with `TOKIO_WORKER_THREADS` set, how many workers
/// `main_by_hand(setting, ..)` gave it.
fn workers_in_child(variable: &str, setting: Option<usize>) -> String {
    let setting = setting.map_or("none".to_string(), |n| n.to_string());
    let output = Command::new(std::env::current_exe().expect("the test executable"))
        .args([
            "worker_count_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, setting)
        .env("TOKIO_WORKER_THREADS", variable)
        .output()
        .expect("the test executable runs again as a child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        // libtest may print `test worker_count_child ... ` on the same line first.
        .find_map(|line| line.split_once("child workers: "))
        .map(|(_, workers)| workers.trim().to_string())
        .unwrap_or_else(|| "(the child panicked)".to_string())
}

#[test]
fn worker_count_default() {
    let trace = Trace::new(
        "main_by_hand in a child process, with the TOKIO_WORKER_THREADS environment variable set",
    );
    // Unusual values, so that no machine's CPU count matches both.
    for (variable, setting) in [("3", None), ("7", None), ("7", Some(2))] {
        trace.log(format!(
            "TOKIO_WORKER_THREADS={variable}, main_by_hand({setting:?}, ..): workers: {}",
            workers_in_child(variable, setting)
        ));
    }
    assert_trace!("worker_count_default", trace);
}

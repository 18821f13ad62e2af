//! Grades `main_by_hand`: it must build the runtime `#[tokio::main]` builds.
//!
//! Likely wrong answers, and the scenario that catches each:
//! - `Builder::new_current_thread()`: `runtime` (flavor, workers, where a spawned task runs).
//! - forgetting `.enable_all()`: `drivers` (no timer, no I/O).
//! - a hard-coded `.worker_threads(n)`: `runtime` (workers differ from the default).
//! - `futures::executor::block_on` or a loop without a runtime: every scenario panics
//!   ("there is no reactor running").

use main_by_hand::{main_by_hand, tokio_main};
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

#[test]
fn seed_program() {
    let trace = Trace::new("main_by_hand(tokio_main()) runs the seed program");
    for line in main_by_hand(tokio_main()) {
        trace.log(format!("printed: {line}"));
    }
    assert_trace!("seed_program", trace);
}

#[test]
fn runtime() {
    let trace = Trace::new("the runtime main_by_hand builds");
    let caller = thread::current().id();
    let (flavor, workers, on_caller) = main_by_hand(async move {
        let handle = Handle::current();
        let workers = handle.metrics().num_workers();
        (
            handle.runtime_flavor(),
            workers,
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

    let task_thread = main_by_hand(async move {
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
fn drivers() {
    let trace = Trace::new("the timer and I/O drivers are enabled");
    let (timer, io) = main_by_hand(async {
        // Each check runs in its own task: a missing driver panics, and the panic comes
        // back as a JoinError instead of ending the test.
        let timer = tokio::spawn(tokio::time::sleep(Duration::from_millis(1))).await;
        let io = tokio::spawn(tokio::net::TcpListener::bind("127.0.0.1:0")).await;
        (timer.is_ok(), io.is_ok_and(|bound| bound.is_ok()))
    });
    trace.log(format!("tokio::time::sleep works: {}", yes_no(timer)));
    trace.log(format!(
        "tokio::net::TcpListener::bind works: {}",
        yes_no(io)
    ));
    assert_trace!("drivers", trace);
}

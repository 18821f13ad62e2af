//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/06-spawn/03-flavors-and-shutdown/mistakes/`, named first):
//! - `wait-with-shutdown-background` (`Wait` done with `shutdown_background`): the
//!   blocking work is still running when `shut_down` returns (`blocking_work_and_shutdown`).
//! - `dont-wait-by-dropping` (`DontWait` done by dropping the runtime): it waits for the
//!   blocking work (`blocking_work_and_shutdown`).
//! - `WaitAtMost` done by dropping the runtime: it waits until the blocking work gives up,
//!   instead of the limit (`blocking_work_and_shutdown`).
//! - `WaitAtMost` done with `shutdown_background`: it returns before the limit
//!   (`blocking_work_and_shutdown`).

mod common;

use common::DropGuard;
use runtime_flavors::{Flavor, Shutdown, build_runtime, shut_down};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use testkit::{Trace, assert_trace};

/// What `WaitAtMost` allows in these scenarios.
const LIMIT: Duration = Duration::from_millis(100);
/// How long the blocking work waits to be released before it gives up on its own.
const GIVE_UP_AFTER: Duration = Duration::from_millis(1_000);

fn name(how: Shutdown) -> &'static str {
    match how {
        Shutdown::Wait => "Wait",
        Shutdown::WaitAtMost(_) => "WaitAtMost(100 ms)",
        Shutdown::DontWait => "DontWait",
    }
}

// ANCHOR: drop_at_await
#[test]
fn tasks_are_dropped_at_their_await() {
    let trace = Trace::new("current_thread: shutting down drops a sleeping task at its .await");
    for how in [
        Shutdown::Wait,
        Shutdown::WaitAtMost(LIMIT),
        Shutdown::DontWait,
    ] {
        let runtime = build_runtime(Flavor::CurrentThread).expect("a runtime");
        let task_trace = trace.clone();
        runtime.spawn(async move {
            let mut guard = DropGuard {
                label: "sleeper",
                trace: task_trace,
                finished: false,
            };
            guard.trace.log("sleeper: going to sleep for an hour");
            tokio::time::sleep(Duration::from_secs(3600)).await;
            guard.trace.log("sleeper: woke up");
            guard.finished = true;
        });
        // Give the runtime one turn, so the sleeper runs up to its `.await`.
        runtime.block_on(tokio::task::yield_now());
        trace.log(format!("main: shut_down({})", name(how)));
        shut_down(runtime, how);
        trace.log("main: shut_down returned");
    }
    assert_trace!("dropped_at_await", trace);
}
// ANCHOR_END: drop_at_await

#[test]
fn multi_thread_workers_drop_their_tasks() {
    let trace = Trace::new("multi_thread: the workers drop the tasks; Wait waits for them");
    let runtime = build_runtime(Flavor::MultiThread { workers: 2 }).expect("a runtime");
    let (started, has_started) = tokio::sync::oneshot::channel();
    let task_trace = trace.clone();
    runtime.spawn(async move {
        let mut guard = DropGuard {
            label: "sleeper",
            trace: task_trace,
            finished: false,
        };
        started.send(()).unwrap();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        guard.finished = true;
    });
    runtime.block_on(has_started).unwrap();
    trace.log("main: the sleeper has started; shut_down(Wait)");
    shut_down(runtime, Shutdown::Wait);
    trace.log("main: shut_down returned");
    assert_trace!("multi_thread_drop", trace);
}

// ANCHOR: blocking
/// Starts blocking work that waits until released (or gives up after a second), shuts
/// the runtime down, and records whether the work was over when `shut_down` returned.
fn blocking_work_then(how: Shutdown, trace: &Trace) {
    let runtime = build_runtime(Flavor::CurrentThread).expect("a runtime");
    let (release, released) = mpsc::channel::<()>();
    let (started_tx, started) = mpsc::channel();
    let (done_tx, done) = mpsc::channel();
    let work_trace = trace.clone();
    runtime.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        match released.recv_timeout(GIVE_UP_AFTER) {
            Ok(()) => work_trace.log("blocking work: released, finishing"),
            Err(_) => work_trace.log("blocking work: nobody released it; giving up"),
        }
        done_tx.send(()).unwrap();
    });
    started.recv().unwrap();
    trace.log(format!(
        "main: blocking work has started; shut_down({})",
        name(how)
    ));
    // `Wait` would wait forever for work that nobody releases: release it from another
    // thread a little later.
    let releaser = matches!(how, Shutdown::Wait).then(|| {
        let release = release.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            let _ = release.send(());
        })
    });
    let begin = Instant::now();
    shut_down(runtime, how);
    let waited = begin.elapsed();
    let over = done.try_recv().is_ok();
    trace.log(format!(
        "main: shut_down returned; blocking work over by then: {over}"
    ));
    if matches!(how, Shutdown::WaitAtMost(_)) {
        trace.log(format!(
            "main: waited at least the limit: {}",
            waited >= LIMIT
        ));
    }
    if !over {
        let _ = release.send(());
        done.recv().unwrap();
    }
    if let Some(releaser) = releaser {
        releaser.join().unwrap();
    }
}
// ANCHOR_END: blocking

#[test]
fn blocking_work_and_shutdown() {
    let trace = Trace::new("current_thread: blocking work still running at shutdown");
    for how in [
        Shutdown::Wait,
        Shutdown::WaitAtMost(LIMIT),
        Shutdown::DontWait,
    ] {
        blocking_work_then(how, &trace);
    }
    assert_trace!("blocking_work", trace);
}

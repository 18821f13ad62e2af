//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/06-spawn/03-flavors-and-shutdown/mistakes/`, named first):
//! - `current-thread-as-one-worker` (CurrentThread built as a one-worker multi_thread
//!   runtime): `which_thread_runs_the_tasks` sees the task run on a worker thread, not
//!   on the thread that called `block_on`.
//! - `ignores-the-worker-count` (tokio picks one worker per CPU): `one_worker_stalls_too`
//!   (and, on a one-CPU machine, `multi_thread_keeps_going`).
//! - `drivers-not-enabled` (`enable_all`, or `enable_time`, forgotten): the helpers'
//!   `sleep` panics with "timers are disabled" inside the tasks, so the traces show
//!   no helper finishing (every scenario in this file).
//! - One flavor built for both (e.g. always `new_multi_thread`): `current_thread_stalls`
//!   or `multi_thread_keeps_going`.

mod common;

use common::Progress;
use runtime_flavors::{Flavor, build_runtime};
use std::sync::Arc;
use std::time::Duration;
use testkit::{Trace, assert_trace, yes_no};

const HELPERS: usize = 3;

// ANCHOR: stall
/// Spawns a task that blocks its thread until the helpers are done (or gives up after
/// [`BLOCK_AT_MOST`]), then the helpers, and records how many helpers got to run while
/// the blocker held its thread.
fn blocker_and_helpers(flavor: Flavor, trace: &Trace) {
    let runtime = build_runtime(flavor).expect("a runtime");
    let progress = Arc::new(Progress::default());
    let blocker = runtime.spawn({
        let (progress, trace) = (progress.clone(), trace.clone());
        async move {
            // No `.await` in here: this task never gives its thread back while it waits.
            let finished = progress.block_until(HELPERS);
            trace.log(format!(
                "blocker: released; helpers finished meanwhile: {finished}"
            ));
        }
    });
    let helpers: Vec<_> = (0..HELPERS)
        .map(|_| {
            let progress = progress.clone();
            runtime.spawn(async move {
                tokio::time::sleep(Duration::from_millis(1)).await;
                progress.finish_one();
            })
        })
        .collect();
    runtime.block_on(async {
        blocker.await.unwrap();
        for helper in helpers {
            helper.await.unwrap();
        }
    });
    trace.log(format!(
        "main: all done; helpers finished: {}",
        progress.finished()
    ));
}
// ANCHOR_END: stall

#[test]
fn current_thread_stalls() {
    let trace = Trace::new("current_thread: a task that blocks its thread stalls every task");
    blocker_and_helpers(Flavor::CurrentThread, &trace);
    assert_trace!("current_thread_stalls", trace);
}

#[test]
fn multi_thread_keeps_going() {
    let trace = Trace::new("multi_thread, 2 workers: the other worker runs the helpers");
    blocker_and_helpers(Flavor::MultiThread { workers: 2 }, &trace);
    assert_trace!("multi_thread_keeps_going", trace);
}

#[test]
fn one_worker_stalls_too() {
    let trace = Trace::new("multi_thread, 1 worker: no other thread, so it stalls");
    blocker_and_helpers(Flavor::MultiThread { workers: 1 }, &trace);
    assert_trace!("one_worker_stalls", trace);
}

// ANCHOR: lifo
#[test]
fn a_child_in_the_lifo_slot_waits_for_its_parent() {
    let trace = Trace::new("multi_thread, 2 workers: a task spawns a child, then blocks");
    let runtime = build_runtime(Flavor::MultiThread { workers: 2 }).expect("a runtime");
    let progress = Arc::new(Progress::default());
    let parent = runtime.spawn({
        let (progress, trace) = (progress.clone(), trace.clone());
        async move {
            // Spawned from a worker thread, the child goes into that worker's LIFO slot,
            // which no other worker may steal from.
            let child = tokio::spawn({
                let progress = progress.clone();
                async move { progress.finish_one() }
            });
            let finished = progress.block_until(1);
            trace.log(format!(
                "parent: released; child finished meanwhile: {finished}"
            ));
            child.await.unwrap();
        }
    });
    runtime.block_on(async { parent.await.unwrap() });
    trace.log(format!(
        "main: all done; child finished: {}",
        progress.finished()
    ));
    assert_trace!("lifo_slot", trace);
}
// ANCHOR_END: lifo

#[test]
fn which_thread_runs_the_tasks() {
    let trace = Trace::new("which thread runs a spawned task, for each flavor");
    for (name, flavor) in [
        ("current_thread", Flavor::CurrentThread),
        (
            "multi_thread, 2 workers",
            Flavor::MultiThread { workers: 2 },
        ),
    ] {
        let runtime = build_runtime(flavor).expect("a runtime");
        let caller = std::thread::current().id();
        let task = runtime.spawn(async move { std::thread::current().id() == caller });
        let on_caller = runtime.block_on(task).unwrap();
        trace.log(format!(
            "{name}: the task ran on the thread that called block_on: {}",
            yes_no(on_caller)
        ));
    }
    assert_trace!("which_thread", trace);
}

//! Likely wrong answers, and the scenario that catches each:
//! - `RAISE` or `CHECK` left `Relaxed`: nothing then guarantees that a worker
//!   that sees the flag also sees the reason written before it (on x86 it
//!   happens to work, on ARM it may not), `orderings`.
//! - Joining the workers before raising the flag: they never stop, the test
//!   hangs (the grader reports a timeout).
//! - A worker that looks at the flag once (`if` instead of `while`): it is
//!   already gone before anyone asked, `three_workers`.
//!
//! `QUIT` is one static for the whole test binary, so the scenarios run one
//! after another inside a single test.

use quit_flag::{CHECK, RAISE, Reason, reset, spawn_worker, stop_all};
use std::sync::atomic::Ordering;
use std::time::Duration;
use testkit::{Trace, assert_trace};

fn name(ordering: Ordering) -> &'static str {
    match ordering {
        Ordering::Relaxed => "Relaxed",
        Ordering::Release => "Release",
        Ordering::Acquire => "Acquire",
        Ordering::AcqRel => "AcqRel",
        Ordering::SeqCst => "SeqCst",
        _ => "other",
    }
}

fn orderings() {
    let trace = Trace::new("do the flag's orderings carry the reason across threads?");
    let publishes = matches!(RAISE, Ordering::Release | Ordering::SeqCst);
    let sees = matches!(CHECK, Ordering::Acquire | Ordering::SeqCst);
    trace.log(format!("the store publishes earlier writes: {publishes}"));
    trace.log(format!("the load sees what the store published: {sees}"));
    if !(publishes && sees) {
        trace.log(format!(
            "(store uses {}, load uses {})",
            name(RAISE),
            name(CHECK)
        ));
    }
    assert_trace!("orderings", trace);
}

fn three_workers() {
    reset();
    let trace = Trace::new("three worker threads, then quit for a restart");
    let workers: Vec<_> = (1..=3).map(spawn_worker).collect();
    std::thread::sleep(Duration::from_millis(5));
    let running = workers
        .iter()
        .filter(|worker| !worker.is_finished())
        .count();
    trace.log(format!("workers running before quit: {running}"));
    for report in stop_all(workers, Reason::Restart) {
        trace.log(report);
    }
    assert_trace!("three_workers", trace);
}

fn a_second_run() {
    reset();
    let trace = Trace::new("after a reset, a new worker runs until the next quit");
    let worker = spawn_worker(7);
    std::thread::sleep(Duration::from_millis(2));
    trace.log(format!(
        "worker running before quit: {}",
        !worker.is_finished()
    ));
    for report in stop_all(vec![worker], Reason::Shutdown) {
        trace.log(report);
    }
    assert_trace!("a_second_run", trace);
}

#[test]
fn scenarios() {
    three_workers();
    a_second_run();
    orderings();
}

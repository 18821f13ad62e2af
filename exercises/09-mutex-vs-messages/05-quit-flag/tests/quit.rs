//! Likely wrong answers, and the scenario that catches each:
//! - `RAISE` or `CHECK` left `Relaxed`: nothing then guarantees that a worker
//!   that sees the flag also sees the reason written before it (on x86 it
//!   happens to work, on ARM it may not), `orderings`.
//! - `RAISE` and `CHECK` swapped (`Acquire` on the store, `Release` on the
//!   load): std panics, there is no acquire store (`three_workers`).
//! - Joining the workers before raising the flag: they never stop. After two
//!   seconds the test raises the flag itself and says so, `three_workers`.
//! - A worker that looks at the flag once (`if` instead of `while`): it is
//!   already gone before anyone asked, `three_workers` (it waits up to a second
//!   for a worker to end on its own, so a slow start cannot hide it).
//!
//! Kept as files in `solutions/09-mutex-vs-messages/05-quit-flag/mistakes/`:
//! `raise-relaxed.diff` and `check-relaxed.diff` (`orderings`),
//! `orderings-swapped.diff` (panics), `joins-before-raising.diff` and
//! `looks-once.diff` (`three_workers`).
//!
//! `QUIT` is one static for the whole test binary, so the scenarios run one
//! after another inside a single test.

use quit_flag::{CHECK, RAISE, Reason, request_quit, reset, spawn_worker, stop_all};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
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

/// Waits up to a second for any worker to end by itself: a correct worker never
/// does before the flag goes up, so this always waits the whole second for it.
fn running_after_a_second(workers: &[JoinHandle<String>]) -> usize {
    let end = Instant::now() + Duration::from_secs(1);
    while Instant::now() < end && workers.iter().all(|worker| !worker.is_finished()) {
        std::thread::sleep(Duration::from_millis(1));
    }
    workers
        .iter()
        .filter(|worker| !worker.is_finished())
        .count()
}

/// `stop_all` on a thread of its own. If it has not returned after two seconds,
/// it is waiting for workers nobody told to stop: raise the flag to free them.
fn stop_all_or_rescue(trace: &Trace, workers: Vec<JoinHandle<String>>, why: Reason) -> Vec<String> {
    let (done_tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(stop_all(workers, why));
    });
    match done.recv_timeout(Duration::from_secs(2)) {
        Ok(reports) => reports,
        Err(_) => {
            trace.log("stop_all: still waiting after 2 s; the test raises the flag itself");
            request_quit(why);
            done.recv().unwrap_or_default()
        }
    }
}

fn three_workers() {
    reset();
    let trace = Trace::new("three worker threads, then quit for a restart");
    let workers: Vec<_> = (1..=3).map(spawn_worker).collect();
    let running = running_after_a_second(&workers);
    trace.log(format!("workers running before quit: {running}"));
    for report in stop_all_or_rescue(&trace, workers, Reason::Restart) {
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
    for report in stop_all_or_rescue(&trace, vec![worker], Reason::Shutdown) {
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

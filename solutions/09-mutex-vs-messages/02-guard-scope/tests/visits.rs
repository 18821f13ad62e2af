//! This exercise ships not compiling: `spawn_visit` holds a std `MutexGuard`
//! across `.await` in a spawned task.
//!
//! Likely wrong answers, and what catches each:
//! - `drop(stats)` before the `.await`: still does not compile (rustc 1.95
//!   counts a variable that was borrowed as alive to the end of its scope).
//! - Writing the line first and counting the visit after the write: every
//!   line says "visit 1", `three_visits` and `lock_is_free_while_saving`.
//! - Locking again after the write to return `stats.visits`: by then other
//!   visits have counted too, `three_visits` (every task returns 3).
//!
//! - `let _ = stats;` before the `.await`: binding to `_` moves nothing, the guard
//!   lives on, and it still does not compile.
//!
//! `lock_is_free_while_saving` also shows the point of the exercise: while a
//! visit waits for the disk, anybody else can lock the stats.
//!
//! Kept as files in `solutions/09-mutex-vs-messages/02-guard-scope/mistakes/`:
//! `drop-is-not-enough.diff` and `let-underscore-is-not-a-drop.diff` (do not
//! compile), `counts-after-the-write.diff` (`three_visits`),
//! `locks-again-for-the-number.diff` (`three_visits`).

use guard_scope::{Disk, Stats, spawn_visit};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use testkit::{Trace, assert_trace};

#[tokio::test(start_paused = true)]
async fn three_visits() {
    let trace = Trace::new("three visits spawned at once, each writes one line");
    let stats = Arc::new(Mutex::new(Stats::default()));
    let disk = Disk::default();
    let visits: Vec<_> = ["/home", "/about", "/home"]
        .iter()
        .map(|page| spawn_visit(stats.clone(), page, disk.clone()))
        .collect();
    for (i, visit) in visits.into_iter().enumerate() {
        trace.log(format!(
            "task {}: returned visit {}",
            i + 1,
            visit.await.unwrap()
        ));
    }
    for line in disk.lines() {
        trace.log(format!("disk: {line}"));
    }
    let stats = stats.lock().unwrap();
    trace.log(format!(
        "stats: {} visits, last page {}",
        stats.visits, stats.last_page
    ));
    assert_trace!("three_visits", trace);
}

#[tokio::test(start_paused = true)]
async fn lock_is_free_while_saving() {
    let trace = Trace::new("while a visit waits for the disk, the stats are not locked");
    let stats = Arc::new(Mutex::new(Stats::default()));
    let disk = Disk::default();
    let visit = spawn_visit(stats.clone(), "/home", disk.clone());
    // Half-way through the 10 ms write.
    tokio::time::sleep(Duration::from_millis(5)).await;
    trace.log(format!("disk lines so far: {}", disk.lines().len()));
    match stats.try_lock() {
        Ok(stats) => trace.log(format!(
            "reader: lock free, {} visit(s) counted",
            stats.visits
        )),
        Err(_) => trace.log("reader: lock still held by the visit"),
    }
    trace.log(format!("visit returned {}", visit.await.unwrap()));
    trace.log(format!("disk lines: {}", disk.lines().len()));
    assert_trace!("lock_is_free_while_saving", trace);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_visits_on_two_threads() {
    let trace = Trace::new("50 visits on a two-thread runtime");
    let stats = Arc::new(Mutex::new(Stats::default()));
    let disk = Disk::default();
    let visits: Vec<_> = (0..50)
        .map(|_| spawn_visit(stats.clone(), "/home", disk.clone()))
        .collect();
    let mut numbers = Vec::new();
    for visit in visits {
        numbers.push(visit.await.unwrap());
    }
    numbers.sort();
    let expected: Vec<u64> = (1..=50).collect();
    trace.log(format!(
        "each number 1..=50 returned once: {}",
        numbers == expected
    ));
    let mut lines = disk.lines();
    lines.sort();
    lines.dedup();
    trace.log(format!("distinct disk lines: {}", lines.len()));
    trace.log(format!("stats: {} visits", stats.lock().unwrap().visits));
    assert_trace!("many_visits_on_two_threads", trace);
}

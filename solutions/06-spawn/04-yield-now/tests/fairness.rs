//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/06-spawn/04-yield-now/mistakes/`, named first):
//! - `pending-without-a-wake`: nobody will ever poll it again (`polled_by_hand`; in
//!   `taking_turns` the tasks never finish).
//! - `wakes-but-returns-ready` (`Ready` on the first poll): it never steps aside
//!   (`polled_by_hand`, `taking_turns`).
//! - `never-remembers-it-yielded` (the `yielded` flag never set): `Pending` forever
//!   (`polled_by_hand`; in `taking_turns` the capped future panics).
//! - `wakes-twice` (e.g. `wake_by_ref` and then `clone().wake()`): harmless to tokio, but
//!   `polled_by_hand` shows the extra wake.

mod common;

use common::{capped_yield, poll_by_hand};
use std::time::Duration;
use testkit::{Trace, assert_trace};
use yield_by_hand::yield_now;

#[test]
fn polled_by_hand() {
    let trace = Trace::new("yield_now polled by hand");
    poll_by_hand(&trace, yield_now(), 4);
    assert_trace!("polled_by_hand", trace);
}

// ANCHOR: count
/// Counts to three, logging each step; yields after each step when `polite`.
async fn count(trace: Trace, name: &'static str, polite: bool) {
    for step in 1..=3 {
        trace.log(format!("{name}: step {step}"));
        if polite {
            capped_yield().await;
        }
    }
}

/// Spawns two counters on a current_thread runtime and waits for both.
async fn two_counters(trace: &Trace, polite: bool) {
    let a = tokio::spawn(count(trace.clone(), "a", polite));
    let b = tokio::spawn(count(trace.clone(), "b", polite));
    // With the paused clock, time jumps ahead as soon as every task is stuck: if the
    // counters can never finish, this gives up at once instead of hanging.
    let both = async { (a.await, b.await) };
    match tokio::time::timeout(Duration::from_secs(60), both).await {
        Ok((a, b)) => {
            a.unwrap();
            b.unwrap();
            trace.log("main: both counters finished");
        }
        Err(_) => trace.log("main: the counters never finished: a yielded task was not woken"),
    }
}
// ANCHOR_END: count

#[tokio::test(start_paused = true)]
async fn without_yielding() {
    let trace = Trace::new("two counters that never yield run one after the other");
    two_counters(&trace, false).await;
    assert_trace!("without_yielding", trace);
}

#[tokio::test(start_paused = true)]
async fn taking_turns() {
    let trace = Trace::new("two counters that yield after each step take turns");
    two_counters(&trace, true).await;
    assert_trace!("taking_turns", trace);
}

// ANCHOR: budget
#[tokio::test(start_paused = true)]
async fn the_budget_makes_a_greedy_task_step_aside() {
    let trace = Trace::new("tokio's budget: a task draining a full channel is paused");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for message in 0..300 {
        tx.send(message).unwrap();
    }
    drop(tx);
    let received = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = received.clone();
    let greedy = tokio::spawn(async move {
        // Every message is already there, so `recv` never has to wait...
        while rx.recv().await.is_some() {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let other_trace = trace.clone();
    let other = tokio::spawn(async move {
        let so_far = received.load(std::sync::atomic::Ordering::SeqCst);
        other_trace.log(format!(
            "other: got a turn when greedy had received {so_far}"
        ));
    });
    greedy.await.unwrap();
    other.await.unwrap();
    trace.log("main: greedy received all 300");
    assert_trace!("budget", trace);
}
// ANCHOR_END: budget

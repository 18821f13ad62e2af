// Likely wrong answers, and the scenario that catches each:
// - `select` polls only `left` (or stops after the first `Pending`): "right finishes
//   first" panics, because nothing is left that could wake the executor.
// - `select` polls `right` first: "both are ready at once" returns Right.
// - `select` polls both and only then looks at the results: "left finishes first"
//   and "both are ready at once" show right polled after left was already Ready.
// - `join_all` polls every future on every round, finished ones included: "three
//   futures of different lengths" panics (an async block polled after it returned).
// - `join_all` returns outputs in the order they finished: "three futures of
//   different lengths" and "three sleeps" show the wrong order.
// - `join_all` of no futures returns `Pending`: "no futures at all" panics.

mod common;

use common::after_yields;
use pin_on_the_stack::{join_all, select};
use std::future::{pending, ready};
use std::time::Duration;
use testkit::exec::{Logged, block_on};
use testkit::{Trace, assert_trace};
use tokio::time::sleep;

#[test]
fn select_left_first() {
    let trace = Trace::new("select: left finishes first");
    let left = Logged::new(&trace, "left", after_yields(1, "left done"));
    let right = Logged::new(&trace, "right", after_yields(3, "right done"));
    let winner = block_on(&trace, select(left, right));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("select_left_first", trace);
}

#[test]
fn select_right_first() {
    let trace = Trace::new("select: right finishes first, left never does");
    // `pending()` keeps no waker: only `right` can wake the executor.
    let left = pending::<&str>();
    let right = Logged::new(&trace, "right", after_yields(2, "right done"));
    let winner = block_on(&trace, select(left, right));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("select_right_first", trace);
}

#[test]
fn select_both_ready() {
    let trace = Trace::new("select: both are ready at once");
    let left = Logged::new(&trace, "left", ready(1));
    let right = Logged::new(&trace, "right", ready(2));
    let winner = block_on(&trace, select(left, right));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("select_both_ready", trace);
}

#[tokio::test(start_paused = true)]
async fn select_two_sleeps() {
    let trace = Trace::new("select: two sleeps on tokio's paused clock");
    let slow = async {
        sleep(Duration::from_millis(20)).await;
        trace.log("slow: slept 20 ms");
        "slow"
    };
    let fast = async {
        sleep(Duration::from_millis(5)).await;
        trace.log("fast: slept 5 ms");
        "fast"
    };
    let winner = select(slow, fast).await;
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("select_two_sleeps", trace);
}

#[test]
fn join_all_different_lengths() {
    let trace = Trace::new("join_all: three futures of different lengths");
    let futures = vec![
        Logged::new(&trace, "a", after_yields(2, "a done")),
        Logged::new(&trace, "b", after_yields(0, "b done")),
        Logged::new(&trace, "c", after_yields(1, "c done")),
    ];
    let outputs = block_on(&trace, join_all(futures));
    trace.log(format!("outputs: {outputs:?}"));
    assert_trace!("join_all_different_lengths", trace);
}

#[test]
fn join_all_nothing() {
    let trace = Trace::new("join_all: no futures at all");
    let outputs = block_on(&trace, join_all(Vec::<std::future::Ready<u8>>::new()));
    trace.log(format!("outputs: {outputs:?}"));
    assert_trace!("join_all_nothing", trace);
}

#[tokio::test(start_paused = true)]
async fn join_all_sleeps() {
    let trace = Trace::new("join_all: three sleeps on tokio's paused clock");
    let nap = |millis: u64| {
        let trace = trace.clone();
        async move {
            sleep(Duration::from_millis(millis)).await;
            trace.log(format!("nap {millis}: woke up"));
            millis
        }
    };
    let outputs = join_all(vec![nap(30), nap(10), nap(20)]).await;
    trace.log(format!("outputs: {outputs:?}"));
    assert_trace!("join_all_sleeps", trace);
}

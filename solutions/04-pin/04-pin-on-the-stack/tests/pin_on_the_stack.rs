//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/04-pin/04-pin-on-the-stack/mistakes/`, named first):
//! - `select-polls-right-first`: "both are ready at once" returns Right.
//! - `select` polls only `left` (or stops after the first `Pending`): "right finishes
//!   first" panics, because nothing is left that could wake the executor.
//! - `select` polls both and only then looks at the results: "left finishes first"
//!   and "both are ready at once" show right polled after left was already Ready.
//! - `polls-finished-futures-again`: "three futures of different lengths" and "five
//!   futures" show a future polled again after it returned Ready.
//! - `outputs-in-finishing-order`: "three futures of different lengths", "five futures"
//!   and "three sleeps" show the wrong order.
//! - `keeps-finished-futures-until-the-end`: "three futures of different lengths" shows
//!   b and c dropped in the last round instead of the round they finished in.
//! - `takes-the-pinned-future-out-to-drop-it` (a pinned future moved out with
//!   `Option::take`, then dropped): "where it was pinned: no".
//! - `join_all` of no futures returns `Pending`: "no futures at all" panics.
//!
//! `join_all` may poll its futures in any order within a round: the scenarios that poll
//! it by hand group each round's events by future, so that order is not recorded.

mod common;

use common::{Events, Probe, after_yields};
use pin_on_the_stack::{join_all, select};
use std::future::{Future, pending, ready};
use std::task::{Context, Poll};
use std::time::Duration;
use testkit::exec::{Logged, block_on};
use testkit::wakers::Flag;
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

/// Polls `join_all` by hand, one round per poll, and writes down what each round did.
/// Within a round the events are grouped by future, in the order of their labels:
/// `join_all` may poll its futures in any order.
fn join_all_by_rounds(trace: &Trace, events: &Events, futures: Vec<Probe>) {
    let mut joined = Box::pin(join_all(futures));
    for round in 1..=6 {
        // A fresh waker each round: a wake must come from this round's poll.
        let (flag, waker) = Flag::new();
        let result = joined.as_mut().poll(&mut Context::from_waker(&waker));
        trace.log(format!("round {round}:"));
        for event in by_future(events) {
            trace.log(format!("  {event}"));
        }
        match result {
            Poll::Ready(outputs) => {
                trace.log(format!("round {round} returned Ready: {outputs:?}"));
                break;
            }
            Poll::Pending => {
                trace.log(format!(
                    "round {round} returned Pending, woken: {}",
                    flag.woken()
                ));
            }
        }
    }
    drop(joined);
    trace.log("join_all dropped:");
    for event in by_future(events) {
        trace.log(format!("  {event}"));
    }
}

/// The events so far, grouped by future (a stable sort keeps each future's own order).
fn by_future(events: &Events) -> Vec<String> {
    let mut happened = events.take();
    happened.sort_by_key(|event| event.split(':').next().unwrap_or_default().to_string());
    happened
}

#[test]
fn join_all_different_lengths() {
    let trace = Trace::new("join_all: three futures of different lengths, polled by hand");
    let events = Events::default();
    let futures = vec![
        Probe::new("a", 2, &events),
        Probe::new("b", 0, &events),
        Probe::new("c", 1, &events),
    ];
    join_all_by_rounds(&trace, &events, futures);
    assert_trace!("join_all_different_lengths", trace);
}

#[test]
fn join_all_five_futures() {
    let trace = Trace::new("join_all: five futures, the last one finishes first");
    let events = Events::default();
    let futures = vec![
        Probe::new("a", 3, &events),
        Probe::new("b", 1, &events),
        Probe::new("c", 2, &events),
        Probe::new("d", 1, &events),
        Probe::new("e", 0, &events),
    ];
    join_all_by_rounds(&trace, &events, futures);
    assert_trace!("join_all_five_futures", trace);
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

//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder). Each side logs its polls and also the moment it is
//! dropped (`left: dropped`), finished or not; a panic is written into the trace too.
//! - `poll-finished-side-again.diff`, polling a side again after it returned `Ready`:
//!   `left_ready_at_once`, where `std::future::ready` panics on its second poll.
//! - `left-pending-returns-early.diff`, returning `Pending` as soon as the left side is
//!   `Pending`, without polling the right one: `right_finishes_first` and
//!   `right_waits_for_left`.
//! - `right-first.diff`, polling right before left: every scenario (the order of
//!   `left:`/`right:` lines).
//! - `keeps-finished-future.diff`, keeping a finished future next to its output until the
//!   join is dropped: every scenario (`left: dropped` comes after the join returned,
//!   instead of at the poll where left finished).
//! - Returning `Pending` when both sides are finished: `Patience` panics, in every scenario.

use join_by_hand::join;
use std::future::{Future, ready};
use std::panic::{AssertUnwindSafe, catch_unwind};
use testkit::drops::{DropLogged, drop_logged};
use testkit::exec::{Logged, block_on};
use testkit::futures::{patient, yield_then};
use testkit::{Trace, assert_trace};

/// One side of the join: its polls, wakes and its drop all go into the trace.
fn side<F: Future>(trace: &Trace, label: &str, future: F) -> Logged<DropLogged<F>> {
    Logged::new(trace, label, drop_logged(trace, label, future))
}

/// Runs the join under the logging executor and writes its output, or its panic, into
/// the trace: a panic is then a difference in the trace, like any other mistake.
fn run_join<F: Future<Output: std::fmt::Debug>>(trace: &Trace, join: F) {
    match catch_unwind(AssertUnwindSafe(|| block_on(trace, patient(join)))) {
        Ok(output) => trace.log(format!("output: {output:?}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            trace.log(format!("panicked: {message}"));
        }
    }
}

#[test]
fn left_ready_at_once() {
    let trace = Trace::new("left is ready at once, right is Pending twice");
    let left = side(&trace, "left", ready("L"));
    let right = side(&trace, "right", yield_then(2, "R"));
    run_join(&trace, join(left, right));
    assert_trace!("left_ready_at_once", trace);
}

#[test]
fn right_finishes_first() {
    let trace = Trace::new("left is Pending three times, right once");
    let left = side(&trace, "left", yield_then(3, 1));
    let right = side(&trace, "right", yield_then(1, 2));
    run_join(&trace, join(left, right));
    assert_trace!("right_finishes_first", trace);
}

// ANCHOR: message
/// Right waits for a message that left sends: right's wake comes from left's poll.
fn left_sends_right_receives(
    trace: &Trace,
) -> (
    impl Future<Output = &'static str>,
    impl Future<Output = u32>,
) {
    let (sender, receiver) = futures::channel::oneshot::channel();
    let left = side(trace, "left", async move {
        yield_then(1, ()).await;
        sender.send(7).unwrap();
        "sent"
    });
    let right = side(trace, "right", async move { receiver.await.unwrap() });
    (left, right)
}
// ANCHOR_END: message

#[test]
fn right_waits_for_left() {
    let trace = Trace::new("right waits for a message that left sends after one Pending");
    let (left, right) = left_sends_right_receives(&trace);
    run_join(&trace, join(left, right));
    assert_trace!("right_waits_for_left", trace);
}

#[test]
fn same_as_futures_join() {
    let trace = Trace::new("join and futures::join! poll in the same order");
    let ours = Trace::default();
    let (left, right) = left_sends_right_receives(&ours);
    let our_output = block_on(&ours, patient(join(left, right)));

    // ANCHOR: futures_join
    let theirs = Trace::default();
    let (left, right) = left_sends_right_receives(&theirs);
    let their_output = block_on(&theirs, async { futures::join!(left, right) });
    // ANCHOR_END: futures_join

    trace.log(format!("same output: {}", our_output == their_output));
    trace.log(format!(
        "same polls, wakes and drops: {}",
        ours.lines() == theirs.lines()
    ));
    assert_trace!("same_as_futures_join", trace);
}

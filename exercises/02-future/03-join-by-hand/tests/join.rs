//! Likely wrong answers, and the scenario that catches each:
//! - Polling a side again after it returned `Ready` (for example a `poll_side` that
//!   never records `Finished`): `left_ready_at_once`, where `std::future::ready`
//!   panics on its second poll.
//! - Returning `Pending` as soon as the left side is `Pending`, without polling the
//!   right one: `right_finishes_first` and `right_waits_for_left`.
//! - Polling right before left: every scenario (the order of `left:`/`right:` lines).
//! - Returning `Pending` when both sides are finished: `Patience` panics.

use join_by_hand::join;
use std::future::ready;
use testkit::exec::{Logged, block_on};
use testkit::futures::{patient, yield_then};
use testkit::{Trace, assert_trace};

#[test]
fn left_ready_at_once() {
    let trace = Trace::new("left is ready at once, right is Pending twice");
    let left = Logged::new(&trace, "left", ready("L"));
    let right = Logged::new(&trace, "right", yield_then(2, "R"));
    let output = block_on(&trace, patient(join(left, right)));
    trace.log(format!("output: {output:?}"));
    assert_trace!("left_ready_at_once", trace);
}

#[test]
fn right_finishes_first() {
    let trace = Trace::new("left is Pending three times, right once");
    let left = Logged::new(&trace, "left", yield_then(3, 1));
    let right = Logged::new(&trace, "right", yield_then(1, 2));
    let output = block_on(&trace, patient(join(left, right)));
    trace.log(format!("output: {output:?}"));
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
    let left = Logged::new(trace, "left", async move {
        yield_then(1, ()).await;
        sender.send(7).unwrap();
        "sent"
    });
    let right = Logged::new(trace, "right", async move { receiver.await.unwrap() });
    (left, right)
}
// ANCHOR_END: message

#[test]
fn right_waits_for_left() {
    let trace = Trace::new("right waits for a message that left sends after one Pending");
    let (left, right) = left_sends_right_receives(&trace);
    let output = block_on(&trace, patient(join(left, right)));
    trace.log(format!("output: {output:?}"));
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
        "same polls and wakes: {}",
        ours.lines() == theirs.lines()
    ));
    assert_trace!("same_as_futures_join", trace);
}

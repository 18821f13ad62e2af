//! Likely wrong answers, and the scenario that catches each:
//! - Keeping the loser until the `Select` itself is dropped: its
//!   `dropped before it finished` line comes after `executor: ... returned Ready`
//!   instead of before (`left_ready_at_once`, `both_finish_on_the_same_poll`, and
//!   `right_wins`, `never_against_soon` when right wins).
//! - Polling right after left already won: `both_finish_on_the_same_poll` shows a
//!   `right: poll` that should not be there, and `left_ready_at_once` too.
//! - Returning `Pending` as soon as left is `Pending`, without polling right:
//!   `right_wins` (left wins instead) and `never_against_soon` (`Patience` panics:
//!   nothing will ever wake the select).
//! - Polling right before left: the order of `left:`/`right:` lines everywhere.

use select_by_hand::select;
use std::future::{pending, ready};
use testkit::exec::{Logged, block_on};
use testkit::futures::{patient, yield_then};
use testkit::{Trace, assert_trace};

#[test]
fn left_ready_at_once() {
    let trace = Trace::new("left is ready at once, right would be Pending twice");
    let left = Logged::new(&trace, "left", ready("L"));
    let right = Logged::new(&trace, "right", yield_then(2, "R"));
    let winner = block_on(&trace, patient(select(left, right)));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("left_ready_at_once", trace);
}

#[test]
fn right_wins() {
    let trace = Trace::new("left is Pending three times, right once: right wins");
    let left = Logged::new(&trace, "left", yield_then(3, "slow"));
    let right = Logged::new(&trace, "right", yield_then(1, "fast"));
    let winner = block_on(&trace, patient(select(left, right)));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("right_wins", trace);
}

#[test]
fn both_finish_on_the_same_poll() {
    let trace = Trace::new("both are Pending once: on the second poll left goes first and wins");
    let left = Logged::new(&trace, "left", yield_then(1, "L"));
    let right = Logged::new(&trace, "right", yield_then(1, "R"));
    let winner = block_on(&trace, patient(select(left, right)));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("both_finish_on_the_same_poll", trace);
}

#[test]
fn never_against_soon() {
    let trace = Trace::new("left never finishes, right is Pending twice");
    let left = Logged::new(&trace, "left", pending::<&str>());
    let right = Logged::new(&trace, "right", yield_then(2, "R"));
    let winner = block_on(&trace, patient(select(left, right)));
    trace.log(format!("winner: {winner:?}"));
    assert_trace!("never_against_soon", trace);
}

#[test]
fn futures_select_hands_back_the_loser() {
    let trace = Trace::new("futures::future::select returns the loser instead of dropping it");
    // ANCHOR: futures_select
    let left = Logged::new(&trace, "left", yield_then(3, "slow"));
    let right = Logged::new(&trace, "right", yield_then(1, "fast"));
    let either = block_on(&trace, futures::future::select(left, right));
    match either {
        futures::future::Either::Left(_) => unreachable!("right finishes first"),
        futures::future::Either::Right((output, left)) => {
            trace.log(format!(
                "select returned: right's output {output:?} and the left future"
            ));
            trace.log("the caller drops the left future");
            drop(left);
        }
    }
    // ANCHOR_END: futures_select
    assert_trace!("futures_select_hands_back_the_loser", trace);
}

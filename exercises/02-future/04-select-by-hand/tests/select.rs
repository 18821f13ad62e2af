//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder). Each side logs its polls and also the moment it is
//! dropped (`left: dropped`), finished or not; a panic is written into the trace too.
//! Drops that happen at one moment may come in either order (`drops_in_any_order`).
//! - `loser-kept.diff`, keeping the loser until the `Select` itself is dropped: its
//!   `dropped before it finished` line comes after `executor: ... returned Ready`
//!   instead of before (`left_ready_at_once`, `both_finish_on_the_same_poll`, and
//!   `right_wins`, `never_against_soon` when right wins).
//! - `winner-kept.diff`, dropping only the loser and keeping the finished winner until
//!   the `Select` is dropped: every scenario (`left: dropped` or `right: dropped` after
//!   `executor: ... returned Ready`).
//! - `both-polled.diff`, polling right after left already won: `both_finish_on_the_same_poll`
//!   shows a `right: poll` that should not be there, and `left_ready_at_once` too.
//! - `left-pending-returns-early.diff`, returning `Pending` as soon as left is `Pending`,
//!   without polling right: `right_wins` (left wins instead) and `never_against_soon`
//!   (`Patience` panics: nothing will ever wake the select).
//! - Polling right before left: the order of `left:`/`right:` lines everywhere.

use select_by_hand::select;
use std::future::{Future, pending, ready};
use std::panic::{AssertUnwindSafe, catch_unwind};
use testkit::drops::{DropLogged, drop_logged, drops_in_any_order};
use testkit::exec::{Logged, block_on};
use testkit::futures::{patient, yield_then};
use testkit::{Trace, assert_trace};

/// One side of the race: its polls, wakes and its drop all go into the trace.
fn side<F: Future>(trace: &Trace, label: &str, future: F) -> Logged<DropLogged<F>> {
    Logged::new(trace, label, drop_logged(trace, label, future))
}

/// Runs the select under the logging executor and writes the winner, or the panic,
/// into the trace: a panic is then a difference in the trace, like any other mistake.
fn run_select<F: Future<Output: std::fmt::Debug>>(trace: &Trace, select: F) {
    match catch_unwind(AssertUnwindSafe(|| block_on(trace, patient(select)))) {
        Ok(winner) => trace.log(format!("winner: {winner:?}")),
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
    let trace = Trace::new("left is ready at once, right would be Pending twice");
    let left = side(&trace, "left", ready("L"));
    let right = side(&trace, "right", yield_then(2, "R"));
    run_select(&trace, select(left, right));
    assert_trace!("left_ready_at_once", drops_in_any_order(&trace));
}

#[test]
fn right_wins() {
    let trace = Trace::new("left is Pending three times, right once: right wins");
    let left = side(&trace, "left", yield_then(3, "slow"));
    let right = side(&trace, "right", yield_then(1, "fast"));
    run_select(&trace, select(left, right));
    assert_trace!("right_wins", drops_in_any_order(&trace));
}

#[test]
fn both_finish_on_the_same_poll() {
    let trace = Trace::new("both are Pending once: on the second poll left goes first and wins");
    let left = side(&trace, "left", yield_then(1, "L"));
    let right = side(&trace, "right", yield_then(1, "R"));
    run_select(&trace, select(left, right));
    assert_trace!("both_finish_on_the_same_poll", drops_in_any_order(&trace));
}

#[test]
fn never_against_soon() {
    let trace = Trace::new("left never finishes, right is Pending twice");
    let left = side(&trace, "left", pending::<&str>());
    let right = side(&trace, "right", yield_then(2, "R"));
    run_select(&trace, select(left, right));
    assert_trace!("never_against_soon", drops_in_any_order(&trace));
}

#[test]
fn futures_select_hands_back_the_loser() {
    let trace = Trace::new("futures::future::select returns the loser instead of dropping it");
    // ANCHOR: futures_select
    let left = side(&trace, "left", yield_then(3, "slow"));
    let right = side(&trace, "right", yield_then(1, "fast"));
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
    assert_trace!(
        "futures_select_hands_back_the_loser",
        drops_in_any_order(&trace)
    );
}

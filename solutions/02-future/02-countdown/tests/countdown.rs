//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder). A panic is written into the trace, so it shows as a
//! difference like any other mistake.
//! - `no-wake.diff`, returning `Pending` without calling the waker (or keeping a clone
//!   of it and never calling it): the executor would wait forever;
//!   `testkit::futures::Patience` panics instead, in `countdown_three` and
//!   `awaited_one_after_another`.
//! - `wake-on-ready.diff`, calling the waker on the `Ready` poll too, or twice per poll:
//!   an extra `countdown: wake` line in `countdown_zero` and `countdown_three`.
//! - `off-by-one.diff` (`Pending` N-1 or N+1 times): `countdown_three`,
//!   `by_hand_with_noop_waker`.
//! - `first-waker-kept.diff`, keeping the first poll's waker and waking it on every later
//!   poll: `a_new_waker_each_poll` (each poll must wake the waker of *that* poll).
//! - `never-counts-down.diff` (always `Pending`): `Patience` gives up after 20 polls.

use countdown::Countdown;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Waker};
use testkit::exec::{Logged, block_on};
use testkit::futures::patient;
use testkit::wakers::Flag;
use testkit::{Trace, assert_trace, yes_no};

/// Runs `future` under the logging executor; a panic becomes the trace's last line.
fn run(trace: &Trace, future: impl Future<Output = ()>) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| block_on(trace, future))) {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        trace.log(format!("panicked: {message}"));
    }
}

#[test]
fn countdown_zero() {
    let trace = Trace::new("Countdown::new(0) under the logging executor");
    run(
        &trace,
        Logged::new(&trace, "countdown", patient(Countdown::new(0))),
    );
    assert_trace!("countdown_zero", trace);
}

#[test]
fn countdown_three() {
    let trace = Trace::new("Countdown::new(3) under the logging executor");
    run(
        &trace,
        Logged::new(&trace, "countdown", patient(Countdown::new(3))),
    );
    assert_trace!("countdown_three", trace);
}

#[test]
fn awaited_one_after_another() {
    let trace = Trace::new("an async block awaits Countdown::new(2), then Countdown::new(1)");
    let (first, second) = (trace.clone(), trace.clone());
    run(&trace, async move {
        Logged::new(&first, "first", patient(Countdown::new(2))).await;
        Logged::new(&second, "second", patient(Countdown::new(1))).await;
    });
    assert_trace!("awaited_one_after_another", trace);
}

#[test]
fn by_hand_with_noop_waker() {
    let trace = Trace::new("Countdown::new(2) polled by hand with Waker::noop()");
    let mut countdown = Countdown::new(2);
    let mut cx = Context::from_waker(Waker::noop());
    for poll in 1..=3 {
        let result = Pin::new(&mut countdown).poll(&mut cx);
        trace.log(format!("poll {poll}: {result:?}"));
    }
    assert_trace!("by_hand_with_noop_waker", trace);
}

#[test]
fn a_new_waker_each_poll() {
    let trace = Trace::new("Countdown::new(2) polled by hand, with a new waker for every poll");
    let mut countdown = Countdown::new(2);
    let mut earlier: Vec<Arc<Flag>> = Vec::new();
    for poll in 1..=3 {
        let before: Vec<&str> = earlier.iter().map(|flag| flag.woken()).collect();
        let (flag, waker) = Flag::new();
        let result = Pin::new(&mut countdown).poll(&mut Context::from_waker(&waker));
        let woke_earlier = earlier
            .iter()
            .zip(&before)
            .any(|(flag, was)| flag.woken() != *was);
        trace.log(format!(
            "poll {poll}: {result:?}, woke this poll's waker: {}, woke an earlier one: {}",
            flag.woken(),
            yes_no(woke_earlier)
        ));
        earlier.push(flag);
    }
    assert_trace!("a_new_waker_each_poll", trace);
}

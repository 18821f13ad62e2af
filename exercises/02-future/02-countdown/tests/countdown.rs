//! Likely wrong answers, and the scenario that catches each:
//! - Returning `Pending` without calling the waker (or keeping a clone of it and never
//!   calling it): the executor would wait forever; `testkit::futures::Patience` panics instead, in
//!   `countdown_three` and `awaited_one_after_another`.
//! - Calling the waker on the `Ready` poll too, or twice per poll: an extra
//!   `countdown: wake` line in `countdown_zero` and `countdown_three`.
//! - Off by one (`Pending` N-1 or N+1 times): `countdown_three`, `by_hand_with_noop_waker`.
//! - Never counting down (always `Pending`): `Patience` panics after 20 polls.

use countdown::Countdown;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};
use testkit::exec::{Logged, block_on};
use testkit::futures::patient;
use testkit::{Trace, assert_trace};

#[test]
fn countdown_zero() {
    let trace = Trace::new("Countdown::new(0) under the logging executor");
    block_on(
        &trace,
        Logged::new(&trace, "countdown", patient(Countdown::new(0))),
    );
    assert_trace!("countdown_zero", trace);
}

#[test]
fn countdown_three() {
    let trace = Trace::new("Countdown::new(3) under the logging executor");
    block_on(
        &trace,
        Logged::new(&trace, "countdown", patient(Countdown::new(3))),
    );
    assert_trace!("countdown_three", trace);
}

#[test]
fn awaited_one_after_another() {
    let trace = Trace::new("an async block awaits Countdown::new(2), then Countdown::new(1)");
    let (first, second) = (trace.clone(), trace.clone());
    block_on(&trace, async move {
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

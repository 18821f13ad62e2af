//! Likely wrong answers, and the scenario that catches each:
//! - Returning `Pending` without calling the waker (or keeping a clone of it and never
//!   calling it): the executor would wait forever; `Patience` below panics instead, in
//!   `countdown_three` and `awaited_one_after_another`.
//! - Calling the waker on the `Ready` poll too, or twice per poll: an extra
//!   `countdown: wake` line in `countdown_zero` and `countdown_three`.
//! - Off by one (`Pending` N-1 or N+1 times): `countdown_three`, `by_hand_with_noop_waker`.
//! - Never counting down (always `Pending`): `Patience` panics after 20 polls.

use countdown::Countdown;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use testkit::exec::{Logged, block_on};
use testkit::{Trace, assert_trace};

/// Wraps the future under test so that a wrong one fails instead of hanging. These
/// tests run on one thread, so a wake can only happen during a poll: a `Pending`
/// without a wake during that same poll would never be polled again.
struct Patience<F> {
    inner: Pin<Box<F>>,
    polls: u32,
}

fn patient<F: Future>(inner: F) -> Patience<F> {
    Patience {
        inner: Box::pin(inner),
        polls: 0,
    }
}

impl<F: Future> Future for Patience<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls += 1;
        assert!(
            self.polls <= 20,
            "polled 20 times and still Pending: does it ever finish?"
        );
        let relay = Arc::new(Relay {
            woken: AtomicBool::new(false),
            outer: cx.waker().clone(),
        });
        let waker = Waker::from(relay.clone());
        let result = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        if result.is_pending() && !relay.woken.load(Ordering::SeqCst) {
            panic!("returned Pending without calling the waker: it would never be polled again");
        }
        result
    }
}

/// Passes a wake on to the executor's waker, and notes that it happened.
struct Relay {
    woken: AtomicBool,
    outer: Waker,
}

impl Wake for Relay {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.outer.wake_by_ref();
    }
}

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

//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder):
//! - `pending-after-ready.diff`, `ReadyNow` returns `Pending` (or its value again) when
//!   polled after `Ready`, instead of panicking: `ready_now_by_hand` records what the
//!   second poll did.
//! - `polls-once.diff`, the loop polls once and gives up, or unwraps a `Pending`:
//!   `loop_not_yet` panics.
//! - `extra-poll-after-ready.diff`, the loop polls once more after `Ready` (for example to
//!   fetch the output after a `while ... .is_pending()`): `loop_not_yet` shows the extra
//!   poll, and `ReadyNow` panics on it in `loop_ready_now`.
//! - `counts-only-pending.diff`, the loop counts its polls off by one: every `loop_*`
//!   scenario records the count.

use ready_now::{ReadyNow, poll_by_hand};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use testkit::exec::Logged;
use testkit::{Trace, assert_trace};

/// Returns `Pending` a few times before it is ready. Each time it asks to be woken,
/// as a future must; a loop with a no-op waker polls again whether or not it was.
struct NotYet {
    pending_left: u32,
}

impl Future for NotYet {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.pending_left == 0 {
            return Poll::Ready("done");
        }
        self.pending_left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[test]
fn ready_now_by_hand() {
    let trace = Trace::new("poll ReadyNow by hand twice: ready at once, then a bug");
    let mut future = ReadyNow::new(String::from("hello"));
    let mut cx = Context::from_waker(Waker::noop());
    trace.log(format!("poll 1: {:?}", Pin::new(&mut future).poll(&mut cx)));
    let second = catch_unwind(AssertUnwindSafe(|| Pin::new(&mut future).poll(&mut cx)));
    match second {
        Ok(result) => trace.log(format!("poll 2: {result:?}")),
        Err(_) => trace.log("poll 2: panicked"),
    }
    assert_trace!("ready_now_by_hand", trace);
}

#[test]
fn loop_ready_now() {
    let trace = Trace::new("the loop drives ReadyNow");
    let (output, polls) = poll_by_hand(Logged::new(&trace, "ready-now", ReadyNow::new(42)));
    trace.log(format!("output: {output}, polls: {polls}"));
    assert_trace!("loop_ready_now", trace);
}

#[test]
fn loop_not_yet() {
    let trace = Trace::new("the loop drives a future that is Pending three times");
    let future = Logged::new(&trace, "not-yet", NotYet { pending_left: 3 });
    let (output, polls) = poll_by_hand(future);
    trace.log(format!("output: {output}, polls: {polls}"));
    assert_trace!("loop_not_yet", trace);
}

#[test]
fn loop_async_block() {
    let trace = Trace::new("the loop drives an async block that awaits two ReadyNow");
    let (first, second) = (trace.clone(), trace.clone());
    let sum = async move {
        let a = Logged::new(&first, "first", ReadyNow::new(1)).await;
        let b = Logged::new(&second, "second", ReadyNow::new(2)).await;
        a + b
    };
    let (output, polls) = poll_by_hand(sum);
    trace.log(format!("output: {output}, polls: {polls}"));
    assert_trace!("loop_async_block", trace);
}

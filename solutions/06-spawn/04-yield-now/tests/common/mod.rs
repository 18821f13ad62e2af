//! Helpers shared by this exercise's tests.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use testkit::Trace;

/// A waker that only counts how often it was woken.
#[derive(Default)]
pub struct CountingWaker {
    wakes: AtomicUsize,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `future` by hand, at most `max_polls` times, and logs each poll, its result and
/// the wakes it asked for. It stops early when the future is `Pending` and nobody woke
/// it, since no executor would poll it again.
pub fn poll_by_hand<F: Future>(trace: &Trace, future: F, max_polls: usize) {
    let mut future = std::pin::pin!(future);
    let counter = Arc::new(CountingWaker::default());
    let waker = Waker::from(counter.clone());
    let mut cx = Context::from_waker(&waker);
    for poll in 1..=max_polls {
        let before = counter.wakes.load(Ordering::SeqCst);
        let result = future.as_mut().poll(&mut cx);
        let woken = counter.wakes.load(Ordering::SeqCst) - before;
        match result {
            Poll::Ready(_) => {
                trace.log(format!(
                    "poll {poll}: Ready; wakes during the poll: {woken}"
                ));
                return;
            }
            Poll::Pending => {
                trace.log(format!(
                    "poll {poll}: Pending; wakes during the poll: {woken}"
                ));
                if woken == 0 {
                    trace.log("nobody woke the task, so an executor would never poll it again");
                    return;
                }
            }
        }
    }
    trace.log(format!("still Pending after {max_polls} polls"));
}

/// Wraps a future and panics if it is polled more than `max_polls` times, so a future
/// that never finishes fails the test instead of spinning forever.
pub struct AtMostPolls<F> {
    pub future: Pin<Box<F>>,
    pub polls: usize,
    pub max_polls: usize,
}

impl<F: Future> Future for AtMostPolls<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls += 1;
        assert!(
            self.polls <= self.max_polls,
            "yield_now() was polled {} times and still not Ready: does it remember that \
             it already yielded?",
            self.polls - 1
        );
        self.future.as_mut().poll(cx)
    }
}

/// `yield_now()` from the library, with a cap on how often it may be polled.
pub fn capped_yield() -> AtMostPolls<yield_by_hand::YieldNow> {
    AtMostPolls {
        future: Box::pin(yield_by_hand::yield_now()),
        polls: 0,
        max_polls: 5,
    }
}

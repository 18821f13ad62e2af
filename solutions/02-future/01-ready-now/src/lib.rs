//! A future that is ready at once, and a loop that polls any future by hand.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

// ANCHOR: ready_now
/// A future whose value is there from the start: the first poll returns it.
pub struct ReadyNow<T> {
    /// `Some` until the first poll takes the value out.
    value: Option<T>,
}

impl<T> ReadyNow<T> {
    pub fn new(value: T) -> ReadyNow<T> {
        ReadyNow { value: Some(value) }
    }
}

// `poll` gets `Pin<&mut Self>`. We never pin the value inside (we only move it out),
// so it is safe to say `ReadyNow` may move even when `T` may not. Chapter 4 is about
// what pinning means; std's own `Ready<T>` says the same thing.
impl<T> Unpin for ReadyNow<T> {}

impl<T> Future for ReadyNow<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        // A future hands out its output once. Polling again after `Ready` is a bug in
        // the caller, and saying so loudly is kinder than pretending to be `Pending`.
        let value = self
            .value
            .take()
            .expect("ReadyNow polled after it returned Ready");
        Poll::Ready(value)
    }
}
// ANCHOR_END: ready_now

// ANCHOR: poll_by_hand
/// Polls `future` until it is ready. Returns its output and how many polls it took,
/// counting the one that returned `Ready`. It never polls again after `Ready`.
///
/// The waker does nothing, so nobody could ever ask us to poll again: we just keep
/// polling. That is fine for a future that is ready at once, and a busy loop for
/// anything else. Chapter 5 builds an executor that sleeps until it is woken.
pub fn poll_by_hand<F: Future>(future: F) -> (F::Output, u32) {
    // `poll` takes `Pin<&mut F>`; `pin!` gives us one without moving the future again.
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return (output, polls);
        }
    }
}
// ANCHOR_END: poll_by_hand

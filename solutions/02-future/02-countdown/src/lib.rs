//! A future that says `Pending` a few times, and asks to be polled again each time.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: countdown
/// Counts down: `Countdown::new(n)` returns `Pending` on its first `n` polls, then
/// `Ready(())`.
///
/// Nothing but the countdown itself knows when it is worth polling again, so each
/// `Pending` must keep the promise `Pending` makes (the page's "The rule behind
/// `Pending`"). The tests run it on an executor that polls only after a wake, and by hand
/// with a new waker on every poll.
pub struct Countdown {
    /// How many more polls will return `Pending`.
    remaining: u32,
}

impl Countdown {
    pub fn new(remaining: u32) -> Countdown {
        Countdown { remaining }
    }
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.remaining == 0 {
            return Poll::Ready(());
        }
        self.remaining -= 1;
        // An executor polls a future again only after its waker is called. Nothing
        // else will call it for us, so we do it ourselves: "poll me again soon".
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: countdown

//! A future that says `Pending` a few times, and asks to be polled again each time.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: countdown
/// Counts down: `Pending` while there is something left, then `Ready(())`.
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
        // An executor polls a future again only after its waker is called. Nothing
        // else will call it for us, so each `Pending` must come with a wake.
        todo!(
            "when `self.remaining` is 0 return Poll::Ready(()); otherwise count it down, \
             call the waker in `cx`, and return Poll::Pending"
        )
    }
}
// ANCHOR_END: countdown

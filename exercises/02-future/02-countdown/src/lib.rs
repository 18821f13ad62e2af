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
        let _ = (&mut self.remaining, cx);
        todo!("be Pending `remaining` times, keeping Pending's promise each time, then Ready")
    }
}
// ANCHOR_END: countdown

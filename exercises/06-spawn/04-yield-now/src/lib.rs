//! `yield_now` by hand: a future that steps aside once so other tasks get a turn.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: yield_now
/// A future that is `Pending` the first time it is polled and `Ready` the second time.
///
/// It waits for nothing, yet the task that awaits it must be polled again, after the
/// tasks that were already waiting for their turn.
pub struct YieldNow {
    yielded: bool,
}

/// Gives the scheduler a chance to run other tasks, then carries on.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

impl Future for YieldNow {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = (self.yielded, cx);
        todo!("step aside once: Pending the first time, and polled again later")
    }
}
// ANCHOR_END: yield_now

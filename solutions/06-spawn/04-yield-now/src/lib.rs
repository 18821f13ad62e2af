//! `yield_now` by hand: a future that steps aside once so other tasks get a turn.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: yield_now
/// A future that is `Pending` the first time it is polled and `Ready` the second time.
pub struct YieldNow {
    yielded: bool,
}

/// Gives the scheduler a chance to run other tasks, then carries on.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        // Nothing else will ever wake this task: it is not waiting for anything. Waking
        // it now puts it at the back of the run queue, behind the tasks already there.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: yield_now

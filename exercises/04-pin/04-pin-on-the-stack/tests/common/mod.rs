//! Futures shared by this exercise's tests.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Returns `Pending` once, after asking to be polled again: a task that gives way.
pub struct YieldNow(bool);

pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Gives way `times` times, then returns `output`.
pub async fn after_yields<T>(times: u32, output: T) -> T {
    for _ in 0..times {
        yield_now().await;
    }
    output
}

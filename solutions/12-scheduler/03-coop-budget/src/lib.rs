//! Cooperative scheduling, as tokio's `task/coop/mod.rs` does it: each poll of a task gets
//! a budget of operations; a resource asks for one unit before it does its work, and when
//! none is left it answers `Pending` (after waking the task), even though it could go on.
//! So a task that loops over resources that are always ready still gives the thread back.

use std::cell::Cell;
use std::future::poll_fn;
use std::task::{Context, Poll};

// ANCHOR: budget
/// Operations one poll of a task may do (tokio: `Budget::initial()`).
pub const BUDGET: u8 = 128;

thread_local! {
    /// What the task being polled on this thread has left; `None` outside any task
    /// (no budget: never constrained).
    static LEFT: Cell<Option<u8>> = const { Cell::new(None) };
}

/// How many units are left on this thread (`None`: no budget).
pub fn left() -> Option<u8> {
    LEFT.with(Cell::get)
}
// ANCHOR_END: budget

// ANCHOR: run
/// Runs `f` (one poll of a task) with a full budget, then puts back the budget that was
/// there before, even when `f` panics.
pub fn budget<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(Option<u8>);
    impl Drop for Restore {
        fn drop(&mut self) {
            LEFT.with(|left| left.set(self.0));
        }
    }
    let _restore = Restore(LEFT.with(|left| left.replace(Some(BUDGET))));
    f()
}
// ANCHOR_END: run

// ANCHOR: proceed
/// Asks for one unit before an operation. `Ready` takes one unit (or none, outside any
/// budget); with nothing left, wakes the task (so it is polled again later) and is
/// `Pending`.
pub fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
    LEFT.with(|left| match left.get() {
        None => Poll::Ready(()),
        Some(0) => {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
        Some(n) => {
            left.set(Some(n - 1));
            Poll::Ready(())
        }
    })
}
// ANCHOR_END: proceed

// ANCHOR: resource
/// A source of numbers that is always ready, like a channel with many messages waiting.
#[derive(Default)]
pub struct Numbers {
    next: u32,
}

impl Numbers {
    /// The next number: always there, but only while the budget lasts.
    pub async fn next(&mut self) -> u32 {
        poll_fn(|cx| {
            if poll_proceed(cx).is_pending() {
                return Poll::Pending;
            }
            self.next += 1;
            Poll::Ready(self.next)
        })
        .await
    }
}
// ANCHOR_END: resource

//! `block_on` by hand: run one future on the calling thread, and sleep the thread
//! while the future has nothing to do.
//!
//! The waker is the calling thread's handle plus a flag. Waking it sets the flag and
//! unparks the thread; the loop polls the future again only once the flag is set.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

// ANCHOR: waker
/// Wakes the thread that runs `block_on`.
struct ThreadWaker {
    thread: Thread,
    /// Set by a wake, cleared by `block_on` when it acts on it. `park` alone cannot
    /// tell a wake from any other `unpark`, or keep a wake that other code's `park`
    /// used up: this flag can.
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        todo!("tell the thread that runs block_on that a wake came")
    }
}
// ANCHOR_END: waker

// ANCHOR: block_on
/// Runs `future` to completion on the calling thread.
///
/// Between two polls the thread sleeps (it never spins), and it polls again only
/// after a wake: a return from `park` alone is not one, and no wake may be lost.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` needs `Pin<&mut F>`; pinning on the stack is enough because the
    // future never leaves this function.
    let mut future = pin!(future);
    let _ = future.as_mut();
    todo!("poll until Ready, sleeping between polls until a wake comes")
}
// ANCHOR_END: block_on

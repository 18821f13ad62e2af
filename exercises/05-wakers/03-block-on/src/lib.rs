//! `block_on` by hand: run one future on the calling thread, and sleep the thread
//! while the future has nothing to do.
//!
//! The waker is the calling thread's handle. Waking it unparks the thread; the
//! loop then polls the future again.

// The starter code has unused parameters until you fill it in.
#![allow(unused)]

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

// ANCHOR: waker
/// Wakes the thread that runs `block_on`.
struct ThreadWaker {
    thread: Thread,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        todo!("wake the thread that runs block_on (std::thread::Thread has a method for that)")
    }
}
// ANCHOR_END: waker

// ANCHOR: block_on
/// Runs `future` to completion on the calling thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` needs `Pin<&mut F>`; pinning on the stack is enough because the
    // future never leaves this function.
    let mut future = pin!(future);
    todo!(
        "make a Waker from a ThreadWaker for this thread, then poll in a loop: return on Ready, park the thread on Pending"
    )
}
// ANCHOR_END: block_on

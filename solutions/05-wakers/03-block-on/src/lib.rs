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
        // The flag first: once the thread is unparked, it must see the flag set.
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}
// ANCHOR_END: waker

// ANCHOR: block_on
/// Runs `future` to completion on the calling thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` needs `Pin<&mut F>`; pinning on the stack is enough because the
    // future never leaves this function.
    let mut future = pin!(future);
    let thread_waker = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(thread_waker.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Sleep until a wake. `park` may return without one (the docs allow it, and
        // any code may unpark this thread): only the flag says a wake came. A wake
        // that came before we got here left the flag set, so we do not sleep at all.
        while !thread_waker.woken.swap(false, Ordering::Acquire) {
            thread::park();
        }
        // Woken: poll again, and believe only what `poll` says.
    }
}
// ANCHOR_END: block_on

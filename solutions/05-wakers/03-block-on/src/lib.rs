//! `block_on` by hand: run one future on the calling thread, and sleep the thread
//! while the future has nothing to do.
//!
//! The waker is the calling thread's handle. Waking it unparks the thread; the
//! loop then polls the future again.

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
        // If the thread is not parked yet, the next `park` returns at once:
        // `unpark` leaves a token behind, so a wake that comes early is not lost.
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
    let waker = Waker::from(Arc::new(ThreadWaker {
        thread: thread::current(),
    }));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            // `park` may also return without a wake (the docs allow it), and a
            // wake does not promise the future is ready: either way, poll again.
            Poll::Pending => thread::park(),
        }
    }
}
// ANCHOR_END: block_on

//! Polling by hand, with wakers that remember whether they were woken.
//!
//! A scenario polls the receiver itself, one step at a time, so its trace shows
//! exactly when the receiver was `Pending`, who woke it, and what it returned.
//! A receiver that is never woken shows up as `woken: no`, not as a hang.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::task::{Wake, Waker};
use std::time::Duration;

/// A waker that only records that it was woken.
pub struct Flag(AtomicBool);

impl Flag {
    pub fn new() -> (Arc<Flag>, Waker) {
        let flag = Arc::new(Flag(AtomicBool::new(false)));
        (flag.clone(), Waker::from(flag))
    }

    /// `yes` or `no`, for a trace.
    pub fn woken(&self) -> &'static str {
        if self.0.load(Ordering::SeqCst) {
            "yes"
        } else {
            "no"
        }
    }
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs `work` on a thread of its own and fails after two seconds instead of
/// hanging: a receiver nobody wakes would otherwise wait forever.
pub fn with_deadline<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done_tx, done_rx) = channel();
    let runner = std::thread::spawn(move || {
        done_tx.send(work()).unwrap();
    });
    match done_rx.recv_timeout(Duration::from_secs(2)) {
        Ok(value) => {
            runner.join().unwrap();
            value
        }
        // The work panicked: pass its panic on, message included.
        Err(RecvTimeoutError::Disconnected) => match runner.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!(),
        },
        Err(RecvTimeoutError::Timeout) => {
            panic!("{what} did not finish within 2 seconds: was the receiver ever woken?")
        }
    }
}

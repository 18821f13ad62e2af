//! A timer future whose waker is called from a background thread.
//!
//! `sleep(duration)` starts nothing. The first poll starts one thread that sleeps
//! for the duration, marks the timer as fired and wakes whoever polled last.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

// ANCHOR: types
/// Returned by [`sleep`]: ready once `duration` has passed since its first poll.
pub struct Sleep {
    duration: Duration,
    /// Shared with the timer thread. `None` until the first poll starts it.
    shared: Option<Arc<Mutex<Shared>>>,
}

/// What the future and its timer thread both see, behind one lock.
struct Shared {
    fired: bool,
    /// The waker of the task that polled last: the one to wake.
    waker: Waker,
}

pub fn sleep(duration: Duration) -> Sleep {
    Sleep {
        duration,
        shared: None,
    }
}
// ANCHOR_END: types

// ANCHOR: thread
/// The timer thread: sleep, then mark the timer fired and wake the latest waker.
fn start_timer(duration: Duration, shared: Arc<Mutex<Shared>>) {
    thread::spawn(move || {
        thread::sleep(duration);
        let waker = {
            let mut shared = shared.lock().unwrap();
            // Set `fired` before waking: the poll that follows the wake must see
            // it, or it would return Pending with no wake to come.
            shared.fired = true;
            // The latest waker, taken under the same lock that `poll` stores it under.
            shared.waker.clone()
        };
        // Wake after unlocking: the waker may run code that polls this future at
        // once, and that poll needs the lock.
        waker.wake();
    });
}
// ANCHOR_END: thread

// ANCHOR: poll
impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(shared) = &self.shared else {
            // First poll: start the one timer thread, with our waker in it.
            let shared = Arc::new(Mutex::new(Shared {
                fired: false,
                waker: cx.waker().clone(),
            }));
            start_timer(self.duration, shared.clone());
            self.shared = Some(shared);
            return Poll::Pending;
        };
        let mut shared = shared.lock().unwrap();
        if shared.fired {
            return Poll::Ready(());
        }
        // The future may have moved to another task since the last poll: the
        // thread must wake the latest one. Cloning costs a little, so skip it
        // when the waker we hold would wake the same task anyway.
        if !shared.waker.will_wake(cx.waker()) {
            shared.waker = cx.waker().clone();
        }
        Poll::Pending
    }
}
// ANCHOR_END: poll

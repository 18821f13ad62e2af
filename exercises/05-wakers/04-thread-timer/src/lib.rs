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
/// The timer thread: sleep, then fire. The poll that follows the wake, whichever
/// thread runs it and however soon, finds the timer fired and the lock free.
fn start_timer(duration: Duration, shared: Arc<Mutex<Shared>>) {
    thread::spawn(move || {
        thread::sleep(duration);
        let _ = shared;
        todo!("fire the timer: wake the latest waker, and let its poll see the timer fired")
    });
}
// ANCHOR_END: thread

// ANCHOR: poll
impl Future for Sleep {
    type Output = ();

    /// Each poll may come from another task than the last: the timer wakes the task
    /// that polled last. A poll clones `cx`'s waker only when the kept one would not
    /// wake the same task.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = (self.duration, &mut self.shared, cx, start_timer);
        todo!("Ready once the timer fired; until then the timer wakes this poll's task")
    }
}
// ANCHOR_END: poll

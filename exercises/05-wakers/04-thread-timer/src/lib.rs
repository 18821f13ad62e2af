//! A timer future whose waker is called from a background thread.
//!
//! `sleep(duration)` starts nothing. The first poll starts one thread that sleeps
//! for the duration, marks the timer as fired and wakes whoever polled last.

// The starter code has unused parameters until you fill it in.
#![allow(unused)]

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
        todo!(
            "mark the timer fired, then wake the waker kept in `shared` once the lock is released"
        )
    });
}
// ANCHOR_END: thread

// ANCHOR: poll
impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        todo!(
            "first poll: create `Shared` with a clone of the waker and start the timer; later polls: Ready if fired, else keep the latest waker and return Pending"
        )
    }
}
// ANCHOR_END: poll

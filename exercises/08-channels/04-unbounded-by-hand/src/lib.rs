//! An unbounded mpsc channel by hand: a queue, a waker and a count of senders.
//!
//! Any number of senders push into one `VecDeque`; one receiver pops from it. The
//! receiver learns that no more messages can come from the count of senders: the
//! last sender's `Drop` brings it to zero and wakes the receiver.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

// ANCHOR: shared
struct Shared<T> {
    /// Sent, not yet received, oldest first.
    queue: VecDeque<T>,
    /// The waker from the receiver's latest poll that returned `Pending`.
    waker: Option<Waker>,
    /// How many `Sender`s exist. No sender, no more messages.
    senders: usize,
    /// Set by the receiver's `Drop`: nobody will read the queue again.
    receiver_gone: bool,
}

pub struct Sender<T> {
    shared: Arc<Mutex<Shared<T>>>,
}

pub struct Receiver<T> {
    shared: Arc<Mutex<Shared<T>>>,
}

pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Mutex::new(Shared {
        queue: VecDeque::new(),
        waker: None,
        senders: 1,
        receiver_gone: false,
    }));
    let sender = Sender {
        shared: shared.clone(),
    };
    (sender, Receiver { shared })
}

/// Locks the shared state. A panic while the lock was held (a failed test, a
/// bug) poisons the mutex; the state is still whole, so carry on rather than
/// panic again, perhaps inside a `drop` where a second panic aborts.
fn lock<T>(shared: &Mutex<Shared<T>>) -> MutexGuard<'_, Shared<T>> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}
// ANCHOR_END: shared

// ANCHOR: sender
impl<T> Sender<T> {
    /// Queues `value` and wakes the receiver, or gives the value back if the
    /// receiver is gone.
    pub fn send(&self, value: T) -> Result<(), T> {
        // A woken receiver may poll at once, even on this thread, and its poll
        // takes the same lock.
        let _ = (&self.shared, value);
        todo!("queue `value` for the receiver, or give it back if the receiver is gone")
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        // A derived `Clone` would copy the `Arc` and forget to count.
        todo!("another Sender on the same channel, counted like the first")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // Starter code only: a panic in `drop` while a test is already panicking
        // aborts the whole test run. Remove this `if` when you write the body.
        if !std::thread::panicking() {
            todo!("one sender less; a waiting receiver learns when none is left")
        }
    }
}
// ANCHOR_END: sender

// ANCHOR: receiver
impl<T> Receiver<T> {
    /// `Ready(Some(value))` for the oldest queued value; `Ready(None)` once the
    /// queue is empty and every sender is gone; otherwise `Pending`.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let _ = (&self.shared, cx);
        todo!("the oldest queued value, None once no more can come, else Pending")
    }
}
// ANCHOR_END: receiver

impl<T> Receiver<T> {
    /// Waits for the next value; `None` once every sender is gone and the queue
    /// is empty.
    pub async fn recv(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.poll_recv(cx)).await
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let (queue, waker) = {
            let mut shared = lock(&self.shared);
            shared.receiver_gone = true;
            (std::mem::take(&mut shared.queue), shared.waker.take())
        };
        // Values nobody will receive are dropped here, outside the lock: their
        // own `Drop` may do anything, even send on this channel.
        drop((queue, waker));
    }
}

//! A oneshot channel by hand: one value, from one sender to one receiver.
//!
//! Both halves share one `Mutex`-protected state. The receiver is a future: when
//! there is nothing yet, it stores its waker there and returns `Pending`. The
//! sender wakes it when it leaves, whether it sent a value or not.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

/// The sender was dropped without sending a value.
#[derive(Debug, PartialEq, Eq)]
pub struct RecvError;

// ANCHOR: shared
struct Shared<T> {
    /// The value, from `send` until the receiver takes it.
    value: Option<T>,
    /// The waker from the receiver's latest poll that returned `Pending`.
    waker: Option<Waker>,
    /// Set by the sender's `Drop`, which also runs right after `send`.
    sender_gone: bool,
    /// Set by the receiver's `Drop`.
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
        value: None,
        waker: None,
        sender_gone: false,
        receiver_gone: false,
    }));
    let sender = Sender {
        shared: shared.clone(),
    };
    (sender, Receiver { shared })
}
// ANCHOR_END: shared

// ANCHOR: sender
impl<T> Sender<T> {
    /// Hands `value` to the receiver, or gives it back if the receiver is gone.
    /// Takes `self`: a oneshot sends once, and dropping `self` at the end of this
    /// function runs `Drop`, which wakes the receiver.
    pub fn send(self, value: T) -> Result<(), T> {
        let _ = (&self.shared, value);
        todo!("hand `value` to the receiver, or give it back if the receiver is gone")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // A waker may poll the receiver at once, even on this thread, and that poll
        // takes this lock.
        // Starter code only: a panic in `drop` while a test is already panicking
        // aborts the whole test run. Remove this `if` when you write the body.
        if !std::thread::panicking() {
            todo!("the receiver learns the sender is gone: no value will come from it")
        }
    }
}
// ANCHOR_END: sender

// ANCHOR: receiver
impl<T> Future for Receiver<T> {
    type Output = Result<T, RecvError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `Pending` is a promise that someone will wake this task later.
        let _ = (&self.shared, cx);
        todo!("the value once sent; Err(RecvError) if the sender left without one")
    }
}
// ANCHOR_END: receiver

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let (value, waker) = {
            // Never panic in `drop`, not even on a lock poisoned by a panic
            // elsewhere: a panic while unwinding aborts the program.
            let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
            shared.receiver_gone = true;
            (shared.value.take(), shared.waker.take())
        };
        // A value nobody will receive, and a waker nobody will use, are dropped
        // here, outside the lock: their own `Drop` may do anything.
        drop((value, waker));
    }
}

//! `spawn_blocking` by hand: one thread per call, and a oneshot channel that carries
//! the result back to an async caller.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::thread;
use tokio::sync::oneshot;

// ANCHOR: types
/// The blocking work panicked; this is its panic message.
#[derive(Debug, PartialEq, Eq)]
pub struct Panicked(pub String);

impl fmt::Display for Panicked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the blocking work panicked: {}", self.0)
    }
}

/// What the thread sends back: the value, or the payload of its panic.
type Outcome<T> = thread::Result<T>;

/// A future of the result of blocking work running on another thread.
pub struct BlockingHandle<T> {
    receiver: oneshot::Receiver<Outcome<T>>,
}

/// The text of a panic payload: `panic!("literal")` carries a `&str`, a formatted
/// `panic!("{x}")` a `String`.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "<a panic payload that is not text>".to_string()
    }
}
// ANCHOR_END: types

// ANCHOR: spawn_blocking
/// Runs `f` on a new thread and returns a future of its result at once.
///
/// The future gives `Ok` with what `f` returned, or `Err(Panicked(message))` when `f`
/// panicked; either way the caller's task is woken when the answer is there, and the
/// thread that polls it is never blocked while it waits.
pub fn spawn_blocking<F, T>(f: F) -> BlockingHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // A panic that nobody catches ends the thread, and the answer never gets sent.
    let _ = f;
    todo!("start `f` on a thread of its own; its outcome reaches the handle")
}
// ANCHOR_END: spawn_blocking

// ANCHOR: poll
impl<T> Future for BlockingHandle<T> {
    type Output = Result<T, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Returning Pending is a promise: someone who holds this cx's waker will
        // call it when the answer is there.
        let _ = (&mut self.receiver, cx);
        todo!("Ready with the thread's outcome once it is there; Pending until then")
    }
}
// ANCHOR_END: poll

//! `spawn_blocking` by hand: one thread per call, and a oneshot channel that carries
//! the result back to an async caller.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
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
/// Runs `f` on a new thread and returns a future of its result.
pub fn spawn_blocking<F, T>(f: F) -> BlockingHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    thread::spawn(move || {
        // Catch the panic here, on the thread where it happens, so it travels back
        // as a value instead of killing the thread with the answer still unsent.
        let outcome = panic::catch_unwind(AssertUnwindSafe(f));
        // The caller may have dropped the handle: then nobody wants the answer.
        let _ = sender.send(outcome);
    });
    BlockingHandle { receiver }
}
// ANCHOR_END: spawn_blocking

// ANCHOR: poll
impl<T> Future for BlockingHandle<T> {
    type Output = Result<T, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Polling the receiver with our context leaves our waker with the channel,
        // so `send` on the other thread wakes whoever awaits this handle.
        match Pin::new(&mut self.receiver).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(Ok(value))) => Poll::Ready(Ok(value)),
            Poll::Ready(Ok(Err(payload))) => Poll::Ready(Err(Panicked(panic_message(&*payload)))),
            // The sender is only dropped unsent if the thread died outside `f`.
            Poll::Ready(Err(_closed)) => Poll::Ready(Err(Panicked("the thread died".into()))),
        }
    }
}
// ANCHOR_END: poll

//! What a `JoinHandle` gives back: the task's value, its panic, or the news that it was
//! cancelled.

use std::any::Any;
use std::time::Duration;
use tokio::task::{JoinError, JoinHandle};

// ANCHOR: outcome_type
/// How a spawned task ended, as its `JoinHandle` reports it.
#[derive(Debug, PartialEq)]
pub enum Outcome<T> {
    /// The task ran to the end and returned this value.
    Finished(T),
    /// The task panicked; this is the panic's message.
    Panicked(String),
    /// The task was aborted before it finished.
    Cancelled,
}

/// Waits for the task behind `handle` and says how it ended.
pub async fn outcome<T>(handle: JoinHandle<T>) -> Outcome<T> {
    describe(handle.await)
}
// ANCHOR_END: outcome_type

// ANCHOR: describe
/// Turns what awaiting a `JoinHandle` gave into an [`Outcome`].
///
/// A panic inside a task does not unwind into the task that awaits it: the runtime
/// catches it and hands it over as a `JoinError`, so the caller decides what a crashed
/// task means.
pub fn describe<T>(result: Result<T, JoinError>) -> Outcome<T> {
    match result {
        Ok(value) => Outcome::Finished(value),
        Err(error) if error.is_cancelled() => Outcome::Cancelled,
        Err(error) => Outcome::Panicked(panic_message(error.into_panic())),
    }
}

/// The message inside a panic payload.
///
/// `panic!("disk full")` carries a `&'static str`; `panic!("disk {n} full")` formats its
/// message, so it carries a `String`. Anything else came from `std::panic::panic_any`.
pub fn panic_message(payload: Box<dyn Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}
// ANCHOR_END: describe

// ANCHOR: join_within
/// Waits at most `limit` for the task; if it is not done by then, stops it.
///
/// Dropping a `JoinHandle` does not stop its task: the task is only detached and runs
/// on. Giving up on a task takes an explicit `abort`.
pub async fn join_within<T>(mut handle: JoinHandle<T>, limit: Duration) -> Outcome<T> {
    match tokio::time::timeout(limit, &mut handle).await {
        // The handle has handed over its result: it must not be awaited again.
        Ok(result) => describe(result),
        Err(_elapsed) => {
            handle.abort();
            // `abort` only asks; awaiting the handle waits until the task is really gone.
            outcome(handle).await
        }
    }
}
// ANCHOR_END: join_within

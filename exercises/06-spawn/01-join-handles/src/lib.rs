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
    let _ = result;
    todo!("the Outcome that this result stands for")
}

/// The message inside a panic payload.
///
/// `panic!("disk full")` carries a `&'static str`; `panic!("disk {n} full")` formats its
/// message, so it carries a `String`. Anything else came from `std::panic::panic_any`:
/// for that, return `"a panic without a message"`.
pub fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let _ = payload;
    todo!("the text the panic carries, whichever way it was made")
}
// ANCHOR_END: describe

// ANCHOR: join_within
/// Waits at most `limit` for the task; if it is not done by then, stops it.
///
/// Dropping a `JoinHandle` does not stop its task: the task is only detached and runs
/// on. When this returns `Cancelled`, the task is really gone: its future has been
/// dropped, on whichever worker thread it ran.
pub async fn join_within<T>(handle: JoinHandle<T>, limit: Duration) -> Outcome<T> {
    let _ = (handle, limit);
    todo!("how the task ended, waiting at most `limit`; a late task is stopped")
}
// ANCHOR_END: join_within

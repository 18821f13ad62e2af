//! Slow synchronous work inside an async program, without freezing the other tasks.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

// ANCHOR: heartbeat
/// Adds one to `ticks` every `period`, forever. Spawn it, and it shows whether the
/// runtime is still free to run tasks: while the runtime's thread is stuck, it stops.
pub async fn heartbeat(ticks: Arc<AtomicUsize>, period: Duration) {
    let mut interval = tokio::time::interval(period);
    loop {
        interval.tick().await;
        ticks.fetch_add(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: heartbeat

// ANCHOR: run_slow
/// Runs `work`, a slow synchronous function, and returns what it returns, while the
/// runtime goes on running its other tasks.
///
/// If `work` panics, the caller panics with the same payload, as if it had called
/// `work()` itself.
pub async fn run_slow<T, F>(work: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The blocking pool runs `work` on a thread of its own; awaiting the JoinHandle
    // only parks this task, so the runtime's thread stays free for the others.
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        // The pool caught the panic; hand the original payload to our caller.
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => panic!("the blocking task did not run: {error}"),
    }
}
// ANCHOR_END: run_slow

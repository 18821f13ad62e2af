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
///
/// What the tests observe: a heartbeat on a current_thread runtime keeps ticking while
/// `work` runs, `work` does not run on the thread that polls the tasks, and two calls
/// awaited together run at the same time. They do not count which threads exist.
pub async fn run_slow<T, F>(work: F) -> T
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // Calling `work()` here would run it on the thread that polls every task of
    // this runtime: nothing else could run until it returned.
    let _ = work;
    todo!("the value of `work`, computed while the other tasks run on")
}
// ANCHOR_END: run_slow

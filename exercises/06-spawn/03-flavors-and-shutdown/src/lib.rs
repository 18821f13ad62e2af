//! Building a runtime of either flavor, and shutting it down in each of tokio's three ways.

use std::time::Duration;
use tokio::runtime::Runtime;

// ANCHOR: flavor
/// Which scheduler a runtime uses.
#[derive(Clone, Copy, Debug)]
pub enum Flavor {
    /// One thread: tasks run only while some thread is inside `Runtime::block_on`.
    CurrentThread,
    /// A pool of `workers` threads that each run tasks, stealing work from each other.
    MultiThread { workers: usize },
}

/// Builds a runtime of the given flavor, with its timers and I/O driver turned on.
/// A `MultiThread` runtime has exactly `workers` worker threads, on any machine.
pub fn build_runtime(flavor: Flavor) -> std::io::Result<Runtime> {
    let _ = flavor;
    todo!("a runtime of this flavor, with its drivers on")
}
// ANCHOR_END: flavor

// ANCHOR: shutdown
/// How long dropping the runtime may wait for blocking work (`spawn_blocking`) to end.
#[derive(Clone, Copy, Debug)]
pub enum Shutdown {
    /// As long as it takes.
    Wait,
    /// At most this long; then the blocking threads are left to finish on their own.
    WaitAtMost(Duration),
    /// Not at all.
    DontWait,
}

/// Shuts `runtime` down. In every case the async tasks that are still alive are dropped
/// at the `.await` where they wait; only the blocking work is waited for, or not.
pub fn shut_down(runtime: Runtime, how: Shutdown) {
    let _ = (runtime, how);
    todo!("shut the runtime down, waiting for blocking work as `how` says")
}
// ANCHOR_END: shutdown

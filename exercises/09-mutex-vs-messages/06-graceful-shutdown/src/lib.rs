//! Graceful shutdown: decide, tell every task, wait for every task.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// What happened, and when: the workers and `shutdown` write here.
#[derive(Clone)]
pub struct Events {
    start: Instant,
    lines: Arc<Mutex<Vec<(Duration, String)>>>,
}

impl Events {
    /// Starts the clock. Call it inside the runtime: with a paused clock,
    /// times are exact.
    pub fn new() -> Events {
        Events {
            start: Instant::now(),
            lines: Arc::default(),
        }
    }

    pub fn log(&self, event: impl Into<String>) {
        let at = self.start.elapsed();
        self.lines.lock().unwrap().push((at, event.into()));
    }

    /// Every event so far with its time in milliseconds since `new`.
    pub fn events(&self) -> Vec<(u128, String)> {
        let lines = self.lines.lock().unwrap();
        lines
            .iter()
            .map(|(at, event)| (at.as_millis(), event.clone()))
            .collect()
    }
}

impl Default for Events {
    fn default() -> Events {
        Events::new()
    }
}

/// A group of workers that can be shut down together.
pub struct Service {
    /// Tells: cancelling it wakes every task waiting on `cancelled()`.
    token: CancellationToken,
    /// Waits: it counts the tasks it spawned, and `wait` ends when the
    /// count is zero and the tracker is closed.
    tracker: TaskTracker,
    events: Events,
}

impl Service {
    pub fn new(events: Events) -> Service {
        Service {
            token: CancellationToken::new(),
            tracker: TaskTracker::new(),
            events,
        }
    }

    // ANCHOR: spawn_worker
    /// Starts a worker that finishes one round of work every `round`, until
    /// it is told to stop; then it takes `cleanup` to clean up. `shutdown` waits
    /// for it.
    pub fn spawn_worker(&self, name: &str, round: Duration, cleanup: Duration) {
        let _ = (name, round, cleanup, worker);
        todo!("start `worker` so that this service can stop it and wait for it")
    }
    // ANCHOR_END: spawn_worker

    // ANCHOR: shutdown
    /// Tells every worker to stop, then waits until every one has finished
    /// cleaning up, and logs `main: every worker has finished`.
    pub async fn shutdown(self) {
        self.events.log("main: tell every worker to stop");
        let _ = (&self.token, &self.tracker);
        todo!("return once every worker, told to stop, has finished")
    }
    // ANCHOR_END: shutdown
}

// ANCHOR: worker
/// Logs `{name}: round {n} done` after each round (n = 1, 2, ...). Once the token
/// is cancelled, it logs `{name}: told to stop, cleaning up`, takes `cleanup`, and
/// logs `{name}: finished`. The tests check when each line comes, on a paused clock:
/// a cancel must reach a worker in the middle of its round.
async fn worker(
    name: String,
    round: Duration,
    cleanup: Duration,
    token: CancellationToken,
    events: Events,
) {
    // A sleeping task cannot look at a flag. What can wake it when the token
    // is cancelled?
    let _ = (name, round, cleanup, token, events);
    todo!("rounds of work until cancelled, then the cleanup, each step logged")
}
// ANCHOR_END: worker

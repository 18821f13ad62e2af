//! A watchdog on tokio's timers: it counts the messages that arrive, and gives up
//! when the channel has been quiet for `limit` since the last one.
//!
//! Its tests run on tokio's paused clock, so an hour of silence takes no real time.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};

// ANCHOR: types
/// How the watchdog ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing arrived for `limit`: `at` is how long after the start it gave up.
    Quiet { at: Duration, messages: usize },
    /// Every sender was dropped before a silence that long.
    Closed { at: Duration, messages: usize },
}
// ANCHOR_END: types

// ANCHOR: watchdog
/// Counts messages until the channel closes or stays quiet for `limit`.
pub async fn watchdog(mut rx: mpsc::Receiver<()>, limit: Duration) -> Verdict {
    // tokio's `Instant`: on a paused clock it moves with the clock, not with real time.
    let start = Instant::now();
    let mut messages = 0;
    loop {
        // A new timeout for every wait: the silence is counted from the last message.
        match timeout(limit, rx.recv()).await {
            Ok(Some(())) => messages += 1,
            Ok(None) => {
                let at = start.elapsed();
                return Verdict::Closed { at, messages };
            }
            Err(_elapsed) => {
                let at = start.elapsed();
                return Verdict::Quiet { at, messages };
            }
        }
    }
}
// ANCHOR_END: watchdog

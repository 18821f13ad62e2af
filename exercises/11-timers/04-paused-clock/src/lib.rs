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
pub async fn watchdog(rx: mpsc::Receiver<()>, limit: Duration) -> Verdict {
    let _ = (rx, limit, Instant::now, timeout::<std::future::Ready<()>>);
    todo!("count messages; give up after `limit` of silence since the last one")
}
// ANCHOR_END: watchdog

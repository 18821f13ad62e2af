//! Two more channel shapes: `broadcast` (every receiver sees every event) and
//! `watch` (every receiver sees the latest value).

use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

/// What a broadcast receiver saw.
#[derive(Debug, PartialEq, Eq)]
pub enum Seen {
    /// One event, in the order it was sent.
    Event(String),
    /// The receiver fell so far behind that this many events were overwritten
    /// before it could read them.
    Missed(u64),
}

// ANCHOR: follow_events
/// Receives events until every sender is gone, and tells `seen` about each event
/// and about each gap. A gap is not the end: keep receiving after it.
pub async fn follow_events(mut rx: broadcast::Receiver<String>, mut seen: impl FnMut(Seen)) {
    let _ = (&mut rx, &mut seen, RecvError::Closed);
    todo!("tell `seen` every event and every gap, until no sender is left")
}
// ANCHOR_END: follow_events

/// A configuration that can change while the program runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub log_level: String,
    pub max_connections: u32,
}

// ANCHOR: follow_config
/// Applies the current configuration at once, then the latest one after every
/// change, and returns when the sender is gone.
pub async fn follow_config(mut rx: watch::Receiver<Config>, mut apply: impl FnMut(&Config)) {
    let _ = (&mut rx, &mut apply);
    todo!("apply the value there now, then the latest after each change")
}
// ANCHOR_END: follow_config

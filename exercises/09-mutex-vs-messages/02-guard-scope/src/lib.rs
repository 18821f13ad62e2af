//! A spawned task that updates a std `Mutex` and then awaits: the guard must be
//! gone before the `.await`.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

/// What every visit updates.
#[derive(Default)]
pub struct Stats {
    pub visits: u64,
    pub last_page: String,
}

/// A slow, append-only log: think of a file or a network service.
#[derive(Clone, Default)]
pub struct Disk {
    lines: Arc<Mutex<Vec<String>>>,
}

impl Disk {
    /// Appends one line. Writing takes a while, and other tasks run meanwhile.
    pub async fn write(&self, line: String) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        self.lines.lock().unwrap().push(line);
    }

    /// Every line written so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

// ANCHOR: visit
/// Counts one visit to `page` in `stats`, then writes a line about it to `disk`.
/// Returns the visit's number.
///
/// This does not compile: read the compiler's message, then change the body so
/// that it does. Other tasks must be able to lock `stats` while the line is written.
pub fn spawn_visit(stats: Arc<Mutex<Stats>>, page: &str, disk: Disk) -> JoinHandle<u64> {
    let page = page.to_string();
    tokio::spawn(async move {
        let mut stats = stats.lock().unwrap();
        stats.visits += 1;
        stats.last_page = page.clone();
        let line = format!("visit {} to {page}", stats.visits);
        disk.write(line).await;
        stats.visits
    })
}
// ANCHOR_END: visit

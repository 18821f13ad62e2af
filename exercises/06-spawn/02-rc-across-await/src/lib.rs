//! A task that keeps a shared value across `.await`.

use std::rc::Rc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long the announcer pauses before each line.
pub const PAUSE: Duration = Duration::from_millis(10);

// ANCHOR: announcer
/// Spawns a task that reads out `lines` in capitals, one every [`PAUSE`], each line
/// signed with `speaker`. It returns what it said.
pub fn spawn_announcer(speaker: &str, lines: Vec<String>) -> JoinHandle<Vec<String>> {
    let speaker = speaker.to_uppercase();
    tokio::spawn(async move {
        // One shared, read-only copy of the name: what `Rc` is for.
        let speaker: Rc<str> = Rc::from(speaker);
        let mut said = Vec::new();
        for line in lines {
            tokio::time::sleep(PAUSE).await;
            said.push(format!("{speaker}: {}", line.to_uppercase()));
        }
        said
    })
}
// ANCHOR_END: announcer

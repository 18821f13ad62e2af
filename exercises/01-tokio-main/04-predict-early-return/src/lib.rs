//! A prediction exercise: a `#[tokio::main]` program with a spawned task and an early
//! return. It "prints" with `say`, which writes into a list instead of the terminal, so
//! that the test can turn what it printed into the trace the learner predicts.

use std::sync::Mutex;
use std::time::Duration;

/// What the program printed, one line per `say`, in order.
static OUTPUT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The program's `println!`.
fn say(line: impl Into<String>) {
    OUTPUT.lock().unwrap().push(line.into());
}

/// A value that says when it is dropped, like a file that is closed.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        say(format!("{}: dropped", self.0));
    }
}

/// Runs the program, as its caller would, and returns what it printed.
pub fn program() -> Vec<String> {
    let result = main();
    say(format!("main returned {result:?}"));
    std::mem::take(&mut *OUTPUT.lock().unwrap())
}

// ANCHOR: program
// `start_paused`: the clock stands still, and jumps to the next timer whenever the
// runtime has nothing else to do, so the sleeps below take no real time.
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> Result<(), String> {
    say("main: starts");
    tokio::spawn(save_parts());
    say("main: spawned save_parts");
    let config = load_config().await?;
    say(format!("main: loaded {config}"));
    Ok(())
}

/// Saves three parts, one every 10 ms, into a file it keeps open.
async fn save_parts() {
    say("save_parts: starts");
    let _file = Noisy("save_parts's file");
    for part in 1..=3 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        say(format!("save_parts: saved part {part}"));
    }
    say("save_parts: all saved");
}

/// Looks for the configuration for 15 ms, and finds none.
async fn load_config() -> Result<String, String> {
    tokio::time::sleep(Duration::from_millis(15)).await;
    say("load_config: no config found");
    Err("no config".to_string())
}
// ANCHOR_END: program

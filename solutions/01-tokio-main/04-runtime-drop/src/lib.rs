//! What happens to spawned tasks when `main` returns.
//!
//! `#[tokio::main]` returns whatever `block_on` returns, and the runtime, a temporary in
//! that `return` statement, is dropped at the end of it, just before `main` returns.
//! Tasks that are still running are not finished first: each one is dropped where it
//! last stopped, at an `.await`, and its locals are dropped with it.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The program's output, one line per entry; the tests read it.
pub type Log = Arc<Mutex<Vec<String>>>;

/// Adds one line to the log.
pub fn say(log: &Log, line: impl Into<String>) {
    log.lock().unwrap().push(line.into());
}

/// A value that says when it is dropped: hold one in a task to see when the task goes.
pub struct Noisy {
    pub name: &'static str,
    pub log: Log,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        say(&self.log, format!("{}: dropped", self.name));
    }
}

// ANCHOR: ticker
/// A background task that never ends. From the moment it starts it holds a `Noisy` named
/// "ticker's guard"; every 10 ms it logs `ticker: tick N` (N = 1, 2, 3, ...).
pub async fn ticker(log: Log) {
    let _guard = Noisy {
        name: "ticker's guard",
        log: log.clone(),
    };
    for tick in 1.. {
        tokio::time::sleep(Duration::from_millis(10)).await;
        say(&log, format!("ticker: tick {tick}"));
    }
}
// ANCHOR_END: ticker

// ANCHOR: run
/// `#[tokio::main(flavor = "current_thread", start_paused = true)]` by hand. The `main`
/// it runs spawns `ticker`, awaits `main_body` (the test's part of `main`), then logs
/// `main: returning`. After that, `run` logs `block_on returned` once `block_on` has
/// returned, and `runtime dropped` once the runtime has been dropped.
pub fn run(log: Log, main_body: impl Future<Output = ()>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .start_paused(true)
        .enable_all()
        .build()
        .expect("Failed building the Runtime");
    runtime.block_on(async {
        tokio::spawn(ticker(log.clone()));
        main_body.await;
        say(&log, "main: returning");
    });
    say(&log, "block_on returned");
    drop(runtime);
    say(&log, "runtime dropped");
}
// ANCHOR_END: run

//! `#[tokio::main]` by hand: build the runtime the macro builds, then block on the body.
//!
//! The seed program this workbook grew from is:
//!
//! ```text
//! async fn hello() { println!("Hello, async world!"); }
//!
//! #[tokio::main]
//! async fn main() { hello().await; }
//! ```
//!
//! Here it "prints" into a `Vec<String>`, so the tests can read what it printed.

use std::future::Future;

// ANCHOR: seed
/// The seed program's `hello()`.
pub async fn hello(out: &mut Vec<String>) {
    out.push("Hello, async world!".to_string());
}

/// The seed program's `main` body, before the macro rewrites it.
pub async fn tokio_main() -> Vec<String> {
    let mut out = Vec::new();
    hello(&mut out).await;
    out
}
// ANCHOR_END: seed

// ANCHOR: main_by_hand
/// Runs `body` to completion, as the `main` that `#[tokio::main]` writes does, and returns
/// its output. `worker_threads` is the attribute's setting: `None` for `#[tokio::main]`,
/// `Some(n)` for `#[tokio::main(worker_threads = n)]`.
///
/// The tests look at the runtime from inside `body`: its flavor, its worker count (also in
/// a child process with `TOKIO_WORKER_THREADS` set), whether timers and sockets work, and
/// which threads run `body` and a spawned task.
pub fn main_by_hand<F: Future>(worker_threads: Option<usize>, body: F) -> F::Output {
    let _ = (worker_threads, body);
    todo!("run `body` on the runtime #[tokio::main] builds for this setting")
}
// ANCHOR_END: main_by_hand

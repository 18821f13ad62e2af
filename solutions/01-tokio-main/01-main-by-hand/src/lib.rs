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
/// What `#[tokio::main]` turns `main` into: a multi-thread runtime with every driver
/// enabled, which blocks the calling thread until `body` is done.
pub fn main_by_hand<F: Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("Failed building the Runtime")
        .block_on(body)
}
// ANCHOR_END: main_by_hand

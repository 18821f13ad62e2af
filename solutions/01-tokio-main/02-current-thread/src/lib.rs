//! `#[tokio::main(flavor = "current_thread")]` by hand.
//!
//! A current-thread runtime has no worker threads. `block_on` runs the body on the
//! calling thread, and every spawned task runs there too, in the gaps the body leaves
//! when it waits.

use std::future::Future;

// ANCHOR: main_current_thread
/// What `#[tokio::main(flavor = "current_thread")]` turns `main` into.
pub fn main_current_thread<F: Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("Failed building the Runtime")
        .block_on(body)
}
// ANCHOR_END: main_current_thread

//! The runtime a program needs, and no more.
//!
//! `#[tokio::main]` always builds the same runtime: worker threads and every driver. A
//! program can ask for less: no worker threads (the current-thread flavor), or only the
//! drivers it uses. Here a program's needs are given as a value.

use std::future::Future;

// ANCHOR: needs
/// What a program needs from its runtime.
#[derive(Clone, Copy, Debug)]
pub struct Needs {
    /// Its spawned tasks must make progress while `body` blocks its thread: a long
    /// computation or a blocking call, with no `.await` in between.
    pub tasks_run_while_body_blocks: bool,
    /// It uses `tokio::time` (`sleep`, `timeout`, `interval`).
    pub timers: bool,
    /// It uses `tokio::net`.
    pub io: bool,
}
// ANCHOR_END: needs

// ANCHOR: run
/// Runs `body` to completion on the smallest runtime that meets `needs`, and returns its
/// output. Smallest means: worker threads only if `needs` asks for tasks that run while
/// `body` blocks, and only the drivers the program uses.
///
/// The tests look from inside `body`: the flavor, which threads run `body` and a spawned
/// task, whether a task runs while `body` blocks, and whether timers and sockets work (a
/// driver the program does not need must be off).
pub fn run<F: Future>(needs: Needs, body: F) -> F::Output {
    let _ = (needs, body);
    todo!("run `body` on the smallest runtime that meets `needs`")
}
// ANCHOR_END: run

//! Runs a scenario on a current-thread runtime with tokio's paused clock.
//!
//! One thread runs every task, in an order that depends only on the code, and
//! `sleep` takes no real time: the clock jumps ahead whenever every task waits.
//! The scenario runs on a thread of its own, so a task that spins forever fails
//! the test after two seconds instead of hanging it.

use std::future::Future;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

pub fn run<S, F>(scenario: S)
where
    S: FnOnce() -> F + Send + 'static,
    F: Future<Output = ()>,
{
    let (done_tx, done_rx) = channel();
    let runner = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap();
        runtime.block_on(scenario());
        done_tx.send(()).unwrap();
    });
    match done_rx.recv_timeout(Duration::from_secs(2)) {
        Ok(()) => runner.join().unwrap(),
        // The scenario panicked: pass its panic on, message included.
        Err(RecvTimeoutError::Disconnected) => match runner.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!(),
        },
        Err(RecvTimeoutError::Timeout) => panic!(
            "the scenario did not finish within 2 seconds: some task is busy forever \
             (a loop that never waits, or that retries without ever awaiting)"
        ),
    }
}

/// The paused clock's time since `start`, for a trace: it moves only when every
/// task waits for a timer, so it is the same on every machine.
#[allow(dead_code)] // not every test file needs the clock
pub fn at(start: tokio::time::Instant) -> String {
    format!("t={}ms", start.elapsed().as_millis())
}

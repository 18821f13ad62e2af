//! Scenarios that fail after two seconds instead of hanging.
//!
//! The grader also stops a hung test (after 10 s), but a scenario that knows what it
//! waits for can say what went wrong.

use std::future::Future;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(2);

/// Runs `work` on a thread of its own; panics if it is not done within two seconds,
/// with `what` in the message. A panic inside `work` is passed on as it is.
pub fn with_deadline<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done_tx, done_rx) = channel();
    let runner = std::thread::spawn(move || {
        done_tx.send(work()).unwrap();
    });
    match done_rx.recv_timeout(DEADLINE) {
        Ok(value) => {
            runner.join().unwrap();
            value
        }
        Err(RecvTimeoutError::Disconnected) => match runner.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!(),
        },
        Err(RecvTimeoutError::Timeout) => {
            panic!("{what} did not finish within 2 seconds: was the receiver ever woken?")
        }
    }
}

/// Runs a scenario on a current-thread runtime with tokio's paused clock, on a thread
/// of its own, and fails if it takes two seconds of real time.
///
/// One thread runs every task, in an order that depends only on the code, and `sleep`
/// takes no real time: the clock jumps ahead whenever every task waits. So a scenario
/// that is still running after two real seconds has a task that is busy forever.
pub fn run_paused<S, F>(scenario: S)
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
    match done_rx.recv_timeout(DEADLINE) {
        Ok(()) => runner.join().unwrap(),
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

/// The paused clock's time since `start`, for a trace (`t=20ms`): it moves only when
/// every task waits for a timer, so it is the same on every machine.
pub fn at(start: tokio::time::Instant) -> String {
    format!("t={}ms", start.elapsed().as_millis())
}

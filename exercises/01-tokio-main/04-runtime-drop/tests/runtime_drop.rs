//! Grades `ticker` and `run`: spawned tasks are dropped, unfinished, with the runtime.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder):
//! - `await-the-ticker.diff`, awaiting the ticker's `JoinHandle` in `main`: it never ends;
//!   every scenario stops waiting after 2 seconds and says so.
//! - `guard-dropped-at-once.diff`, `let _ = Noisy {..}`, which drops the guard at once:
//!   `main_waits`.
//! - `guard-after-first-tick.diff`, making the guard only after the first sleep:
//!   `main_returns_before_a_tick` (the ticker is dropped at its first `.await`).
//! - `runtime-dropped-logged-early.diff`, logging `runtime dropped` before the runtime is
//!   really dropped: `main_waits`.
//! - `blocking-sleep.diff`, `std::thread::sleep` in the ticker instead of tokio's `sleep`:
//!   the ticker never reaches an `.await` that waits, so on the one runtime thread `main`
//!   never gets its turn again; every scenario that awaits stops after 2 seconds and says so.
//! - `eager-guard.diff`, making the guard before the `async` part starts (a plain `fn`
//!   returning a future): `main_returns_at_once` (the ticker was never polled, so it never
//!   made a guard).
//! - a multi-thread runtime: `start_paused` panics, so every scenario fails.

use runtime_drop::{Log, run};
use std::future::Future;
use std::sync::mpsc::channel;
use std::time::Duration;
use testkit::{Trace, assert_trace};

/// Calls `run` on a thread of its own and writes what it logged into the trace. A `run`
/// that is still going after 2 seconds of real time (the clock is paused, so a correct
/// one takes no real time at all) is waiting for a task that never ends.
fn run_and_record(trace: &Trace, main_body: impl Future<Output = ()> + Send + 'static) {
    let log = Log::default();
    let (done_tx, done_rx) = channel();
    let run_log = log.clone();
    std::thread::spawn(move || {
        run(run_log, main_body);
        let _ = done_tx.send(());
    });
    let finished = done_rx.recv_timeout(Duration::from_secs(2)).is_ok();
    let lines = log.lock().unwrap_or_else(|e| e.into_inner());
    for line in lines.iter().take(8) {
        trace.log(line);
    }
    if !finished {
        trace.log(
            "... run did not return within 2 seconds of real time (the clock is paused, so a \
             correct run takes none): main waited for the ticker, or the ticker blocked the \
             thread instead of awaiting",
        );
        // Keep the log locked, so the runaway ticker stops at its next line.
        std::mem::forget(lines);
    }
}

#[test]
fn main_waits() {
    let trace = Trace::new("main sleeps 35 ms (paused clock) while the ticker ticks, then returns");
    // `sleep` needs the runtime, so it is created inside the async block, once polled.
    run_and_record(&trace, async {
        tokio::time::sleep(Duration::from_millis(35)).await
    });
    assert_trace!("main_waits", trace);
}

#[test]
fn main_returns_at_once() {
    let trace = Trace::new("main returns without ever awaiting");
    run_and_record(&trace, async {});
    assert_trace!("main_returns_at_once", trace);
}

#[test]
fn main_returns_before_a_tick() {
    let trace = Trace::new("main sleeps 5 ms (paused clock), less than one tick, then returns");
    run_and_record(&trace, async {
        tokio::time::sleep(Duration::from_millis(5)).await
    });
    assert_trace!("main_returns_before_a_tick", trace);
}

//! Grades `ticker` and `run`: spawned tasks are dropped, unfinished, with the runtime.
//!
//! Likely wrong answers, and the scenario that catches each:
//! - awaiting the ticker's `JoinHandle` in `main`: it never ends (the grader times out).
//! - creating the guard and dropping it at once (`let _ = Noisy {..}`): `main_waits`.
//! - logging `runtime dropped` before the runtime is really dropped: `main_waits`.
//! - a multi-thread runtime: `start_paused` panics, so every scenario fails.
//! - making the guard before the `async` part starts (a plain `fn` returning a future):
//!   `main_returns_at_once` (the ticker was never polled, so it never made a guard).

use runtime_drop::{Log, run};
use std::time::Duration;
use testkit::{Trace, assert_trace};

fn record(trace: &Trace, log: &Log) {
    for line in log.lock().unwrap().iter() {
        trace.log(line);
    }
}

#[test]
fn main_waits() {
    let trace = Trace::new("main sleeps 35 ms (paused clock) while the ticker ticks, then returns");
    let log = Log::default();
    // `sleep` needs the runtime, so it is created inside the async block, once polled.
    run(log.clone(), async {
        tokio::time::sleep(Duration::from_millis(35)).await
    });
    record(&trace, &log);
    assert_trace!("main_waits", trace);
}

#[test]
fn main_returns_at_once() {
    let trace = Trace::new("main returns without ever awaiting");
    let log = Log::default();
    run(log.clone(), async {});
    record(&trace, &log);
    assert_trace!("main_returns_at_once", trace);
}

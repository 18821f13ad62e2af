//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/11-timers/04-paused-clock/mistakes/`, named first):
//! - `one-timeout-for-everything` (one `timeout` around the whole loop): the limit
//!   counts from the start, not from the last message; quiet_after_the_last_message
//!   gives up at 100 ms instead of 190 ms.
//! - `std-instant` (`std::time::Instant` for `at`): the paused clock does not move
//!   std's clock, so every scenario reports a few microseconds of real time.
//! - `reset-from-the-old-deadline` (`sleep.reset(sleep.deadline() + limit)`): each
//!   message pushes the deadline one limit further than the last deadline, not one
//!   limit after the message; quiet_after_the_last_message gives up at 400 ms.
//! - `std-thread-sleep` (checking the channel in a loop, waiting with
//!   `std::thread::sleep`): it blocks the runtime's only thread, so neither the sender
//!   nor the paused clock ever moves; every scenario stops after 2 s ("busy forever").
//! - giving up on a silence of exactly `limit - 1 ms`, or not at all:
//!   advanced_by_hand.

use paused_clock_watchdog::watchdog;
use std::time::Duration;
use testkit::deadline::{at, run_paused};
use testkit::{Trace, assert_trace, yes_no};
use tokio::sync::mpsc;
use tokio::time::{Instant, advance, sleep};

const LIMIT: Duration = Duration::from_millis(100);

#[test]
fn quiet_after_the_last_message() {
    run_paused(|| async {
        let trace = Trace::new("three messages 30 ms apart, then silence; limit 100 ms");
        let start = Instant::now();
        let (tx, rx) = mpsc::channel(8);
        let sender = {
            let trace = trace.clone();
            tokio::spawn(async move {
                for _ in 0..3 {
                    sleep(Duration::from_millis(30)).await;
                    trace.log(format!("sender: message at {}", at(start)));
                    tx.send(()).await.unwrap();
                }
                // Keep the channel open for an hour: only the silence can end the watchdog.
                sleep(Duration::from_secs(3600)).await;
            })
        };
        let verdict = watchdog(rx, LIMIT).await;
        trace.log(format!("watchdog: {verdict:?}"));
        trace.log(format!("clock: {}", at(start)));
        sender.abort();
        assert_trace!("quiet_after_the_last_message", trace);
    });
}

#[test]
fn closed_before_the_silence() {
    run_paused(|| async {
        let trace = Trace::new("two messages, then the sender is dropped at 80 ms");
        let start = Instant::now();
        let (tx, rx) = mpsc::channel(8);
        let trace2 = trace.clone();
        tokio::spawn(async move {
            tx.send(()).await.unwrap();
            sleep(Duration::from_millis(50)).await;
            tx.send(()).await.unwrap();
            sleep(Duration::from_millis(30)).await;
            trace2.log(format!("sender: dropped at {}", at(start)));
        });
        let verdict = watchdog(rx, LIMIT).await;
        trace.log(format!("watchdog: {verdict:?}"));
        assert_trace!("closed_before_the_silence", trace);
    });
}

#[test]
fn an_hour_of_silence() {
    let real = std::time::Instant::now();
    run_paused(|| async {
        let trace = Trace::new("nothing arrives; limit one hour");
        let (tx, rx) = mpsc::channel::<()>(8);
        let verdict = watchdog(rx, Duration::from_secs(3600)).await;
        trace.log(format!("watchdog: {verdict:?}"));
        drop(tx);
        assert_trace!("an_hour_of_silence", trace);
    });
    // The paused clock jumped the hour: the whole scenario took far less than a second.
    assert!(real.elapsed() < Duration::from_secs(2));
}

/// Lets every task that can run, run (without letting the paused clock move).
async fn let_tasks_run() {
    for _ in 0..5 {
        tokio::task::yield_now().await;
    }
}

#[test]
fn advanced_by_hand() {
    run_paused(|| async {
        let trace = Trace::new("the test moves the paused clock itself; limit 100 ms");
        let start = Instant::now();
        let (tx, rx) = mpsc::channel::<()>(8);
        let watchdog = tokio::spawn(watchdog(rx, LIMIT));
        // The watchdog starts (and reads the clock) at 0 ms.
        let_tasks_run().await;
        // The test never waits for a timer, so the clock moves only by `advance`.
        advance(Duration::from_millis(40)).await;
        tx.send(()).await.unwrap();
        let_tasks_run().await;
        trace.log(format!("{}: sent a message", at(start)));
        advance(Duration::from_millis(99)).await;
        let_tasks_run().await;
        trace.log(format!(
            "{}: watchdog finished: {}",
            at(start),
            yes_no(watchdog.is_finished())
        ));
        advance(Duration::from_millis(1)).await;
        let_tasks_run().await;
        trace.log(format!(
            "{}: watchdog finished: {}",
            at(start),
            yes_no(watchdog.is_finished())
        ));
        let verdict = watchdog.await.unwrap();
        trace.log(format!("watchdog: {verdict:?}"));
        drop(tx);
        assert_trace!("advanced_by_hand", trace);
    });
}

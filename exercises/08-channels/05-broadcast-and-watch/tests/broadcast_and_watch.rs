//! Likely wrong answers, and the scenario that catches each:
//! - `while let Ok(event) = rx.recv().await`, or `Err(_) => break`: the slow
//!   receiver stops at its first gap: `fast_and_slow_receivers`.
//! - `Lagged` skipped without telling `seen`: `fast_and_slow_receivers`.
//! - `Closed` treated like `Lagged` (keep going): the loop never ends:
//!   `two_receivers` fails after 2 s.
//! - `follow_config` does not apply the value it starts with: `config_changes`,
//!   `sender_gone_at_once`.
//! - The first value read with `borrow()` instead of `borrow_and_update()`, so
//!   `changed` reports it again: `only_the_latest` (applied twice).
//! - `follow_config` ignores the error from `changed`: it never returns
//!   (`config_changes`, `only_the_latest`, `sender_gone_at_once` panic after 20
//!   applies).
//! - `follow_config` looks at `has_changed()` every millisecond instead of awaiting
//!   `changed()`: it works, but its task is polled a thousand times a second while
//!   nothing happens (`a_quiet_second`).
//!
//! Kept as files in `solutions/08-channels/05-broadcast-and-watch/mistakes/`:
//! `while-let-ok.diff` and `skips-lagged-silently.diff` (`fast_and_slow_receivers`),
//! `closed-like-lagged.diff` (`two_receivers`), `borrow-not-borrow-and-update.diff`
//! (`only_the_latest`), `skips-the-first-value.diff` (`config_changes`),
//! `polls-has-changed-every-millisecond.diff` (`a_quiet_second`).

use broadcast_and_watch::{Config, Seen, follow_config, follow_events};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use testkit::{Trace, assert_trace};
use tokio::sync::{broadcast, watch};
use tokio::time::sleep;

/// Starts a task that runs `follow_events` and logs what it sees as `label`.
fn follower(
    trace: &Trace,
    label: &'static str,
    rx: broadcast::Receiver<String>,
) -> tokio::task::JoinHandle<()> {
    let trace = trace.clone();
    tokio::spawn(async move {
        follow_events(rx, |seen| match seen {
            Seen::Event(event) => trace.log(format!("{label}: event {event}")),
            Seen::Missed(n) => trace.log(format!("{label}: missed {n} events")),
        })
        .await;
        trace.log(format!("{label}: follow_events returned"));
    })
}

/// Sends `event` and logs how many receivers it went to.
fn send(trace: &Trace, tx: &broadcast::Sender<String>, event: &str) {
    match tx.send(event.to_string()) {
        Ok(receivers) => trace.log(format!("sender: sent {event} to {receivers} receivers")),
        Err(_) => trace.log(format!("sender: {event} not sent: no receiver")),
    }
}

#[test]
fn two_receivers() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("broadcast, capacity 16: two receivers see every event");
        let (tx, rx1) = broadcast::channel(16);
        let rx2 = tx.subscribe();
        let first = follower(&trace, "first", rx1);
        let second = follower(&trace, "second", rx2);
        for event in ["start", "tick", "stop"] {
            send(&trace, &tx, event);
            // Every task runs until it waits; then the paused clock moves on.
            sleep(Duration::from_millis(1)).await;
        }
        trace.log("sender: dropped");
        drop(tx);
        first.await.unwrap();
        second.await.unwrap();
        assert_trace!("two_receivers", trace);
    });
}

#[test]
fn fast_and_slow_receivers() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("broadcast, capacity 2: a receiver that starts late misses events");
        let (tx, fast_rx) = broadcast::channel(2);
        let slow_rx = tx.subscribe();
        let fast = follower(&trace, "fast", fast_rx);
        for event in 1..=5 {
            send(&trace, &tx, &format!("{event}"));
            sleep(Duration::from_millis(1)).await;
        }
        trace.log("slow: starts reading now");
        let slow = follower(&trace, "slow", slow_rx);
        sleep(Duration::from_millis(1)).await;
        trace.log("sender: dropped");
        drop(tx);
        fast.await.unwrap();
        slow.await.unwrap();
        assert_trace!("fast_and_slow_receivers", trace);
    });
}

fn config(log_level: &str, max_connections: u32) -> Config {
    Config {
        log_level: log_level.to_string(),
        max_connections,
    }
}

/// Starts a task that runs `follow_config` and logs every configuration it
/// applies. A follower that keeps applying after its sender is gone is stuck in
/// a loop: it panics after 20 applies.
fn config_follower(trace: &Trace, rx: watch::Receiver<Config>) -> tokio::task::JoinHandle<()> {
    let trace = trace.clone();
    tokio::spawn(async move {
        let mut applied = 0;
        follow_config(rx, |config| {
            applied += 1;
            assert!(
                applied <= 20,
                "applied 20 configurations: does follow_config stop when `changed` returns an error?"
            );
            trace.log(format!(
                "follower: applies log_level={} max_connections={}",
                config.log_level, config.max_connections
            ));
        })
        .await;
        trace.log("follower: follow_config returned");
    })
}

#[test]
fn config_changes() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("watch: the follower applies the first value and each change");
        let (tx, rx) = watch::channel(config("info", 10));
        let follower = config_follower(&trace, rx);
        sleep(Duration::from_millis(1)).await;
        for next in [config("debug", 10), config("debug", 50)] {
            trace.log(format!(
                "sender: sends log_level={} max_connections={}",
                next.log_level, next.max_connections
            ));
            tx.send(next).unwrap();
            sleep(Duration::from_millis(1)).await;
        }
        trace.log("sender: dropped");
        drop(tx);
        follower.await.unwrap();
        assert_trace!("config_changes", trace);
    });
}

#[test]
fn only_the_latest() {
    testkit::deadline::run_paused(|| async {
        let trace =
            Trace::new("watch: three changes before the follower runs; only the latest is applied");
        let (tx, rx) = watch::channel(config("info", 10));
        let follower = config_follower(&trace, rx);
        for next in [config("debug", 10), config("warn", 10), config("warn", 99)] {
            trace.log(format!(
                "sender: sends log_level={} max_connections={}",
                next.log_level, next.max_connections
            ));
            tx.send(next).unwrap();
        }
        sleep(Duration::from_millis(1)).await;
        trace.log("sender: dropped");
        drop(tx);
        follower.await.unwrap();
        assert_trace!("only_the_latest", trace);
    });
}

#[test]
fn sender_gone_at_once() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("watch: the sender is dropped before the follower runs");
        let (tx, rx) = watch::channel(config("info", 10));
        let follower = config_follower(&trace, rx);
        trace.log("sender: dropped");
        drop(tx);
        follower.await.unwrap();
        assert_trace!("sender_gone_at_once", trace);
    });
}

/// A future that counts how often it is polled.
struct CountPolls<F> {
    inner: Pin<Box<F>>,
    polls: Arc<AtomicUsize>,
}

impl<F: Future> Future for CountPolls<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.inner.as_mut().poll(cx)
    }
}

#[test]
fn a_quiet_second() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("watch: nothing changes for a second, then one change");
        let (tx, rx) = watch::channel(config("info", 10));
        let polls = Arc::new(AtomicUsize::new(0));
        let applied = Arc::new(AtomicUsize::new(0));
        let follower = {
            let applied = applied.clone();
            tokio::spawn(CountPolls {
                inner: Box::pin(follow_config(rx, move |_| {
                    applied.fetch_add(1, Ordering::SeqCst);
                })),
                polls: polls.clone(),
            })
        };
        sleep(Duration::from_millis(1)).await;
        let first = polls.load(Ordering::SeqCst);
        sleep(Duration::from_secs(1)).await;
        // A task waiting in `changed()` is not polled until the sender acts.
        trace.log(format!(
            "follower: polled again during the quiet second: {} times",
            polls.load(Ordering::SeqCst) - first
        ));
        tx.send(config("debug", 10)).unwrap();
        sleep(Duration::from_millis(1)).await;
        trace.log(format!(
            "follower: configurations applied: {}",
            applied.load(Ordering::SeqCst)
        ));
        drop(tx);
        follower.await.unwrap();
        trace.log("follower: follow_config returned");
        assert_trace!("a_quiet_second", trace);
    });
}

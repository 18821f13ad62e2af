//! Likely wrong answers, and the scenario that catches each:
//! - `gather` keeps its own `tx` (no `drop(tx)`): `recv` never returns `None`,
//!   the consumer waits forever (`three_producers`, `no_producers`: "still waiting").
//! - `send_all` unwraps the `SendError` (`receiver_leaves_early` panics).
//! - `send_all` ignores the error with `let _ =`: the messages are lost instead of
//!   given back (`receiver_leaves_early`, `receiver_already_gone`).
//! - `send_all` gives back only the failed message and forgets the rest
//!   (`receiver_leaves_early`).
//! - `gather` drains with `try_recv` until the queue is empty: the producers have not
//!   run yet, or have not sent everything, so messages are missed (`three_producers`,
//!   `eight_producers_on_four_threads`).
//!
//! `eight_producers_on_four_threads` runs many producers on a multi-thread runtime, where
//! they really send at the same time; it records only what any interleaving gives.
//!
//! Kept as files in `solutions/08-channels/01-many-producers/mistakes/`:
//! `keeps-its-own-sender.diff` (`three_producers`), `drains-with-try-recv.diff`
//! (`three_producers`), `unwraps-the-send-error.diff` (`receiver_leaves_early`),
//! `ignores-the-send-error.diff` (`receiver_already_gone`),
//! `gives-back-only-the-failed-one.diff` (`receiver_leaves_early`).

use many_producers::{gather, send_all};
use std::time::Duration;
use testkit::{Trace, assert_trace};
use tokio::sync::mpsc;
use tokio::time::timeout;

/// Runs `gather`, but gives up after a minute of the paused clock: that minute
/// passes at once when every task is waiting, which is what a consumer that
/// waits for a sender that never leaves looks like.
async fn gather_or_give_up(trace: &Trace, names: &[&str], per_producer: usize) {
    match timeout(Duration::from_secs(60), gather(names, per_producer)).await {
        Ok(received) => {
            for message in &received {
                trace.log(format!("consumer: got {message}"));
            }
            trace.log(format!(
                "consumer: recv returned None after {} messages",
                received.len()
            ));
        }
        Err(_) => trace.log(
            "consumer: still waiting after 60 s: some Sender was never dropped, \
             so recv cannot return None",
        ),
    }
}

#[test]
fn three_producers() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("three producers send two messages each, one consumer");
        gather_or_give_up(&trace, &["alpha", "beta", "gamma"], 2).await;
        assert_trace!("three_producers", trace);
    });
}

#[test]
fn no_producers() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("no producer at all: the only Sender is gather's own");
        gather_or_give_up(&trace, &[], 2).await;
        assert_trace!("no_producers", trace);
    });
}

#[test]
fn one_producer_past_the_capacity() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("one producer sends 100 messages through a channel of 32");
        let received = timeout(Duration::from_secs(60), gather(&["solo"], 100)).await;
        match received {
            Ok(received) => {
                let expected: Vec<String> = (1..=100).map(|i| format!("solo {i}")).collect();
                trace.log(format!("consumer: got {} messages", received.len()));
                trace.log(format!(
                    "consumer: all in the order sent: {}",
                    received == expected
                ));
            }
            Err(_) => {
                trace.log("consumer: still waiting after 60 s: some Sender was never dropped")
            }
        }
        assert_trace!("one_producer_past_the_capacity", trace);
    });
}

fn items(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("item {i}")).collect()
}

#[test]
fn receiver_leaves_early() {
    testkit::deadline::run_paused(|| async {
        let trace =
            Trace::new("capacity 1; the consumer takes two messages and drops its Receiver");
        let (tx, mut rx) = mpsc::channel::<String>(1);
        let consumer_trace = trace.clone();
        let consumer = tokio::spawn(async move {
            for _ in 0..2 {
                let message = rx.recv().await.expect("a message");
                consumer_trace.log(format!("consumer: got {message}"));
            }
            consumer_trace.log("consumer: drops its Receiver");
        });
        let given_back = send_all(&tx, items(5)).await;
        trace.log(format!("producer: given back: {given_back:?}"));
        consumer.await.unwrap();
        assert_trace!("receiver_leaves_early", trace);
    });
}

#[test]
fn receiver_already_gone() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("the Receiver is dropped before anything is sent");
        let (tx, rx) = mpsc::channel::<String>(32);
        drop(rx);
        let given_back = send_all(&tx, items(3)).await;
        trace.log(format!("producer: given back: {given_back:?}"));
        assert_trace!("receiver_already_gone", trace);
    });
}

#[test]
fn everything_delivered() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("the consumer stays: send_all gives nothing back");
        let (tx, mut rx) = mpsc::channel::<String>(32);
        let given_back = send_all(&tx, items(3)).await;
        trace.log(format!("producer: given back: {given_back:?}"));
        drop(tx);
        while let Some(message) = rx.recv().await {
            trace.log(format!("consumer: got {message}"));
        }
        trace.log("consumer: recv returned None");
        assert_trace!("everything_delivered", trace);
    });
}

#[test]
fn eight_producers_on_four_threads() {
    let trace =
        Trace::new("eight producers send 25 messages each, on a runtime of four worker threads");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    // Real time here: two seconds is far more than 200 messages need.
    let received =
        runtime.block_on(async { timeout(Duration::from_secs(2), gather(&names, 25)).await });
    match received {
        Ok(received) => {
            trace.log(format!(
                "consumer: recv returned None after {} messages",
                received.len()
            ));
            for name in names {
                let from: Vec<&String> = received
                    .iter()
                    .filter(|m| m.split(' ').next() == Some(name))
                    .collect();
                let expected: Vec<String> = (1..=25).map(|i| format!("{name} {i}")).collect();
                trace.log(format!(
                    "from {name}: {} messages, in the order sent: {}",
                    from.len(),
                    from.iter().copied().eq(expected.iter())
                ));
            }
        }
        Err(_) => trace.log("consumer: still waiting after 2 s: some Sender was never dropped"),
    }
    assert_trace!("eight_producers_on_four_threads", trace);
}

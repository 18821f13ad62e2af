//! Likely wrong answers, and the scenario that catches each:
//! - `gather` keeps its own `tx` (no `drop(tx)`): `recv` never returns `None`,
//!   the consumer waits forever (`three_producers`, `no_producers`: "still waiting").
//! - `send_all` unwraps the `SendError` (`receiver_leaves_early` panics).
//! - `send_all` ignores the error with `let _ =`: the messages are lost instead of
//!   given back (`receiver_leaves_early`, `receiver_already_gone`).
//! - `send_all` gives back only the failed message and forgets the rest
//!   (`receiver_leaves_early`).

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

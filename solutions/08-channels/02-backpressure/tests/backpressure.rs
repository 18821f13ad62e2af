//! Likely wrong answers, and the scenario that catches each:
//! - On `Full`, the message is reported and dropped instead of sent after waiting:
//!   a lost message (`capacity_two`, `capacity_one`: the consumer misses items).
//! - Always `send(..).await` and report `AtOnce`: the trace hides the waiting
//!   (`capacity_two`, `capacity_one`).
//! - On `Full`, retry `try_send` in a loop that never awaits: the consumer never
//!   runs (every scenario that fills the channel fails after 2 s: "busy forever").
//! - `unwrap` or `expect` on `TrySendError::Closed` (`receiver_already_gone`), or
//!   on the error of the `send` that waited (`consumer_leaves_early`).
//! - Carry on sending after the receiver is gone (`consumer_leaves_early`,
//!   `receiver_already_gone`).
//! - On `Full`, retry `try_send` after `yield_now`: the task never sleeps, the
//!   paused clock never advances, the consumer never gets its 10 ms ("busy forever").
//!
//! Kept as files in `solutions/08-channels/02-backpressure/mistakes/`:
//! `drops-the-message-when-full.diff` and `always-sends-and-waits.diff`
//! (`capacity_two`), `retries-try-send-with-yield-now.diff` (`capacity_two`),
//! `unwraps-closed.diff` (`consumer_leaves_early`),
//! `keeps-sending-after-the-receiver-left.diff` (`consumer_leaves_early`).

use bounded_backpressure::{Sent, produce};
use std::time::Duration;
use testkit::{Trace, assert_trace};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep};

// ANCHOR: scenario
/// A producer of `items` against a consumer that needs 10 ms (of the paused clock)
/// per message and leaves after `consumer_takes` messages, if given.
async fn scenario(trace: &Trace, capacity: usize, items: u32, consumer_takes: Option<usize>) {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel(capacity);
    let consumer_trace = trace.clone();
    let consumer = tokio::spawn(async move {
        let mut taken = 0;
        while let Some(item) = rx.recv().await {
            consumer_trace.log(format!(
                "{} consumer: got {item}",
                testkit::deadline::at(start)
            ));
            taken += 1;
            if Some(taken) == consumer_takes {
                consumer_trace.log(format!(
                    "{} consumer: drops its Receiver",
                    testkit::deadline::at(start)
                ));
                return;
            }
            sleep(Duration::from_millis(10)).await;
        }
        consumer_trace.log(format!(
            "{} consumer: recv returned None",
            testkit::deadline::at(start)
        ));
    });
    produce(&tx, (1..=items).collect(), |sent| {
        let what = match sent {
            Sent::AtOnce(item) => format!("sent {item} at once"),
            Sent::AfterWaiting(item) => format!("sent {item} after waiting"),
            Sent::ReceiverGone(item) => format!("receiver gone, {item} given back"),
        };
        trace.log(format!("{} producer: {what}", testkit::deadline::at(start)));
    })
    .await;
    trace.log(format!(
        "{} producer: done, drops its Sender",
        testkit::deadline::at(start)
    ));
    drop(tx);
    consumer.await.unwrap();
}
// ANCHOR_END: scenario

#[test]
fn capacity_two() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("capacity 2, five messages, a consumer that needs 10 ms each");
        scenario(&trace, 2, 5, None).await;
        assert_trace!("capacity_two", trace);
    });
}

#[test]
fn capacity_one() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("capacity 1, four messages, a consumer that needs 10 ms each");
        scenario(&trace, 1, 4, None).await;
        assert_trace!("capacity_one", trace);
    });
}

#[test]
fn room_for_everything() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("capacity 8, five messages: the producer never waits");
        scenario(&trace, 8, 5, None).await;
        assert_trace!("room_for_everything", trace);
    });
}

#[test]
fn consumer_leaves_early() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("capacity 1, five messages, the consumer leaves after two");
        scenario(&trace, 1, 5, Some(2)).await;
        assert_trace!("consumer_leaves_early", trace);
    });
}

#[test]
fn receiver_already_gone() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("the Receiver is dropped before the producer starts");
        let (tx, rx) = mpsc::channel(4);
        trace.log("consumer: drops its Receiver");
        drop(rx);
        produce(&tx, vec![1, 2, 3], |sent| {
            trace.log(format!("producer: {sent:?}"))
        })
        .await;
        trace.log("producer: done");
        assert_trace!("receiver_already_gone", trace);
    });
}

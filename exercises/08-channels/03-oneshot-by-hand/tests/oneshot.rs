//! Likely wrong answers, and the scenario that catches each:
//! - `send` stores the value but nobody wakes the receiver (no wake in `send` and
//!   none in `Drop`): `receiver_waits` (woken: no); `across_threads` fails after 2 s.
//! - No `Drop` for `Sender` (or one that does not wake): the receiver waits forever
//!   for a sender that is gone: `sender_dropped_while_waiting`, `sender_dropped_first`.
//! - `poll` checks `sender_gone` before the value: since `send` drops the sender,
//!   a sent value is reported as an error: `value_sent_first`, `receiver_waits`.
//! - `poll` keeps the first waker instead of the latest one: `latest_waker`.
//! - `poll` returns `Pending` without storing the waker: `receiver_waits`.
//! - `send` succeeds although the receiver is gone, losing the value:
//!   `receiver_dropped`.

use oneshot_by_hand::{Receiver, channel};
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};
use testkit::deadline::with_deadline;
use testkit::wakers::Flag;
use testkit::{Trace, assert_trace};

/// Polls the receiver once, by hand, with `waker`, and logs the answer.
fn poll<T: Debug>(trace: &Trace, rx: &mut Receiver<T>, waker: &Waker) {
    let answer = Pin::new(rx).poll(&mut Context::from_waker(waker));
    trace.log(format!("receiver: poll -> {answer:?}"));
}

#[test]
fn value_sent_first() {
    let trace = Trace::new("the value is sent before the receiver is polled");
    let (tx, mut rx) = channel();
    let (_flag, waker) = Flag::new();
    trace.log(format!("sender: send(7) -> {:?}", tx.send(7)));
    poll(&trace, &mut rx, &waker);
    assert_trace!("value_sent_first", trace);
}

#[test]
fn receiver_waits() {
    let trace = Trace::new("the receiver is polled first, then the value is sent");
    let (tx, mut rx) = channel();
    let (flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    trace.log(format!("sender: send(7) -> {:?}", tx.send(7)));
    trace.log(format!("receiver woken: {}", flag.woken()));
    poll(&trace, &mut rx, &waker);
    assert_trace!("receiver_waits", trace);
}

#[test]
fn sender_dropped_while_waiting() {
    let trace = Trace::new("the receiver waits; the sender is dropped without sending");
    let (tx, mut rx) = channel::<u32>();
    let (flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    trace.log("sender: dropped");
    drop(tx);
    trace.log(format!("receiver woken: {}", flag.woken()));
    poll(&trace, &mut rx, &waker);
    assert_trace!("sender_dropped_while_waiting", trace);
}

#[test]
fn sender_dropped_first() {
    let trace = Trace::new("the sender is dropped before the receiver is polled");
    let (tx, mut rx) = channel::<u32>();
    let (_flag, waker) = Flag::new();
    trace.log("sender: dropped");
    drop(tx);
    poll(&trace, &mut rx, &waker);
    assert_trace!("sender_dropped_first", trace);
}

#[test]
fn receiver_dropped() {
    let trace = Trace::new("the receiver is dropped; send gives the value back");
    let (tx, rx) = channel();
    trace.log("receiver: dropped");
    drop(rx);
    trace.log(format!("sender: send(7) -> {:?}", tx.send(7)));
    assert_trace!("receiver_dropped", trace);
}

#[test]
fn latest_waker() {
    let trace = Trace::new("polled twice with different wakers: the latest one is woken");
    let (tx, mut rx) = channel();
    let (_first, first_waker) = Flag::new();
    let (latest, latest_waker) = Flag::new();
    poll(&trace, &mut rx, &first_waker);
    trace.log("receiver: polled again, by a task that moved to another waker");
    poll(&trace, &mut rx, &latest_waker);
    trace.log(format!("sender: send(7) -> {:?}", tx.send(7)));
    trace.log(format!("latest waker woken: {}", latest.woken()));
    poll(&trace, &mut rx, &latest_waker);
    assert_trace!("latest_waker", trace);
}

/// Logs when it is dropped, to show that a value nobody received is not leaked.
struct Noisy(Trace);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.0.log("value: dropped");
    }
}

#[test]
fn unreceived_value_is_dropped() {
    let trace = Trace::new("a value is sent but never received");
    let (tx, rx) = channel();
    trace.log(format!(
        "sender: send(value) -> ok: {}",
        tx.send(Noisy(trace.clone())).is_ok()
    ));
    trace.log("receiver: dropped without being polled");
    drop(rx);
    trace.log("end of scenario");
    assert_trace!("unreceived_value_is_dropped", trace);
}

#[test]
fn across_threads() {
    let trace = Trace::new("50 times: an executor waits on the receiver, another thread sends");
    let results = with_deadline("receiving from another thread", || {
        (0..50)
            .map(|i| {
                let (tx, rx) = channel();
                let sender = std::thread::spawn(move || {
                    // Every other time the sender leaves without sending.
                    if i % 2 == 0 {
                        tx.send(i).unwrap();
                    }
                });
                let received = testkit::exec::block_on(&Trace::default(), rx);
                sender.join().unwrap();
                received
            })
            .collect::<Vec<_>>()
    });
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let sent_values_came_through = results
        .iter()
        .enumerate()
        .all(|(i, r)| if i % 2 == 0 { r == &Ok(i) } else { r.is_err() });
    trace.log(format!(
        "receiver: {ok} values, {} errors",
        results.len() - ok
    ));
    trace.log(format!(
        "every sent value arrived, every silent sender gave an error: {sent_values_came_through}"
    ));
    assert_trace!("across_threads", trace);
}

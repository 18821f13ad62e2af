//! Likely wrong answers, and the scenario that catches each:
//! - `send` queues the value but does not wake the receiver: `receiver_waits`,
//!   `latest_waker`, `clones_keep_it_open` (woken: no).
//! - The last sender's `Drop` does not wake the receiver: `last_sender_wakes`
//!   (woken: no).
//! - `#[derive(Clone)]` on `Sender`, or a `Clone` that does not count: the channel
//!   closes while a clone is still alive: `clones_keep_it_open`.
//! - `poll_recv` checks `senders == 0` before popping the queue: messages sent
//!   before the last sender left are lost: `buffered_then_closed`.
//! - `poll_recv` keeps the first waker instead of the latest one: `latest_waker`.
//! - `send` succeeds although the receiver is gone: `receiver_dropped`.
//! - `send` wakes the receiver before it queues the value (the poll that the wake
//!   starts finds the queue empty), or wakes while it still holds the lock:
//!   `woken_from_another_thread`.
//! - `poll_recv` checks the queue under one lock and stores the waker under a second
//!   one: a sender that sends in between finds no waker (lost wakeup):
//!   `sender_sends_while_the_receiver_stores_its_waker`.
//! - `poll_recv` wakes its own waker and returns `Pending` (spinning):
//!   `woken_from_another_thread` (wakes before any sender acts).
//!
//! Kept as files in `solutions/08-channels/04-unbounded-by-hand/mistakes/`:
//! `wakes-before-queueing.diff` and `wakes-while-holding-the-lock.diff`
//! (`woken_from_another_thread`), `stores-the-waker-under-a-second-lock.diff`
//! (`sender_sends_while_the_receiver_stores_its_waker`), `clone-does-not-count.diff`
//! (`clones_keep_it_open`), `checks-senders-before-the-queue.diff`
//! (`buffered_then_closed`), `wakes-itself-on-every-poll.diff`
//! (`woken_from_another_thread`).
//!
//! `last_two_senders_dropped_together` varies how the last senders leave (two threads
//! at the same moment). A count changed with a read and a write under two locks fails
//! it only when the threads happen to interleave badly, so no mistake file relies on it.

use std::fmt::Debug;
use std::task::{Context, Waker};
use testkit::deadline::with_deadline;
use testkit::wakers::{ByHand, Flag, Wakers};
use testkit::{Trace, assert_trace, clone_hook, yes_no};
use unbounded_by_hand::{Receiver, channel};

/// Polls the receiver once, by hand, with `waker`, and logs the answer.
fn poll<T: Debug>(trace: &Trace, rx: &mut Receiver<T>, waker: &Waker) {
    let answer = rx.poll_recv(&mut Context::from_waker(waker));
    trace.log(format!("receiver: poll_recv -> {answer:?}"));
}

#[test]
fn buffered_then_closed() {
    let trace = Trace::new("three values are sent, then the only sender is dropped");
    let (tx, mut rx) = channel();
    let (_flag, waker) = Flag::new();
    for value in 1..=3 {
        trace.log(format!("sender: send({value}) -> {:?}", tx.send(value)));
    }
    trace.log("sender: dropped");
    drop(tx);
    for _ in 0..4 {
        poll(&trace, &mut rx, &waker);
    }
    assert_trace!("buffered_then_closed", trace);
}

#[test]
fn receiver_waits() {
    let trace = Trace::new("the receiver waits, a value is sent");
    let (tx, mut rx) = channel();
    let (flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    trace.log(format!("sender: send(1) -> {:?}", tx.send(1)));
    trace.log(format!("receiver woken: {}", flag.woken()));
    poll(&trace, &mut rx, &waker);
    let (_flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    assert_trace!("receiver_waits", trace);
}

#[test]
fn last_sender_wakes() {
    let trace = Trace::new("the receiver waits, the only sender is dropped");
    let (tx, mut rx) = channel::<u32>();
    let (flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    trace.log("sender: dropped");
    drop(tx);
    trace.log(format!("receiver woken: {}", flag.woken()));
    poll(&trace, &mut rx, &waker);
    assert_trace!("last_sender_wakes", trace);
}

#[test]
fn clones_keep_it_open() {
    let trace = Trace::new("a clone of the sender keeps the channel open");
    let (tx, mut rx) = channel();
    let clone = tx.clone();
    trace.log("sender: cloned, then the original is dropped");
    drop(tx);
    let (flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    trace.log(format!("clone: send(5) -> {:?}", clone.send(5)));
    trace.log(format!("receiver woken: {}", flag.woken()));
    poll(&trace, &mut rx, &waker);
    let (flag, waker) = Flag::new();
    poll(&trace, &mut rx, &waker);
    trace.log("clone: dropped");
    drop(clone);
    trace.log(format!("receiver woken: {}", flag.woken()));
    poll(&trace, &mut rx, &waker);
    assert_trace!("clones_keep_it_open", trace);
}

#[test]
fn receiver_dropped() {
    let trace = Trace::new("the receiver is dropped; send gives the value back");
    let (tx, rx) = channel();
    trace.log("receiver: dropped");
    drop(rx);
    trace.log(format!("sender: send(1) -> {:?}", tx.send(1)));
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
    trace.log(format!("sender: send(1) -> {:?}", tx.send(1)));
    trace.log(format!("latest waker woken: {}", latest.woken()));
    poll(&trace, &mut rx, &latest_waker);
    assert_trace!("latest_waker", trace);
}

/// Logs when it is dropped, to show that values nobody received are not leaked.
struct Noisy(&'static str, Trace);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.1.log(format!("value {}: dropped", self.0));
    }
}

#[test]
fn unreceived_values_are_dropped() {
    let trace = Trace::new("two values are sent but never received");
    let (tx, rx) = channel();
    for name in ["a", "b"] {
        let sent = tx.send(Noisy(name, trace.clone()));
        trace.log(format!("sender: send({name}) -> ok: {}", sent.is_ok()));
    }
    trace.log("receiver: dropped");
    drop(rx);
    trace.log("sender: dropped");
    drop(tx);
    trace.log("end of scenario");
    assert_trace!("unreceived_values_are_dropped", trace);
}

#[test]
fn two_threads_send() {
    let trace = Trace::new("two threads send 1000 values each; an executor receives");
    let received = with_deadline("receiving from two threads", || {
        let (tx, mut rx) = channel();
        let producers: Vec<_> = ["left", "right"]
            .into_iter()
            .map(|name| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for i in 0..1000 {
                        tx.send((name, i)).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let received = testkit::exec::block_on(&Trace::default(), async {
            let mut received = Vec::new();
            while let Some(message) = rx.recv().await {
                received.push(message);
            }
            received
        });
        for producer in producers {
            producer.join().unwrap();
        }
        received
    });
    trace.log(format!(
        "receiver: recv returned None after {} values",
        received.len()
    ));
    for name in ["left", "right"] {
        let from: Vec<i32> = received
            .iter()
            .filter(|m| m.0 == name)
            .map(|m| m.1)
            .collect();
        let in_order = from == (0..1000).collect::<Vec<_>>();
        trace.log(format!(
            "from {name}: {} values, in the order sent: {in_order}",
            from.len()
        ));
    }
    assert_trace!("two_threads_send", trace);
}

#[test]
fn sender_sends_while_the_receiver_stores_its_waker() {
    let trace = Trace::new("a sender acts at the moment the receiver's poll clones its waker");
    for last in [false, true] {
        let (tx, mut rx) = channel::<u32>();
        let keep = tx.clone();
        // The waker's first clone runs the sender on a helper thread and waits for it
        // (a second at most): it lands between a check and a store made under two
        // locks, and waits for the lock if there is only one.
        let (on_clone, waker) = clone_hook::waker(move || {
            if last {
                drop(tx);
            } else {
                let _ = tx.send(5);
            }
        });
        let mut keep = Some(keep);
        if last {
            trace.log("sender: one of two dropped; the other leaves during the clone");
            drop(keep.take());
        }
        let first = rx.poll_recv(&mut Context::from_waker(waker.waker()));
        let woken = on_clone.woken_after_the_other_side();
        let what = if last {
            "the last sender leaves"
        } else {
            "a sender sends 5"
        };
        trace.log(format!(
            "{what}: the receiver learns it, at once or by a wake: {}",
            yes_no(first.is_ready() || woken)
        ));
        if first.is_pending() {
            let (_flag, waker) = Flag::new();
            poll(&trace, &mut rx, &waker);
        } else {
            trace.log(format!("receiver: poll_recv -> {first:?}"));
        }
        drop(keep);
    }
    assert_trace!("sender_sends_while_the_receiver_stores_its_waker", trace);
}

/// The receiver as a future of its next value, for `ByHand`.
async fn next<T>(mut rx: Receiver<T>) -> (Option<T>, Receiver<T>) {
    let value = rx.recv().await;
    (value, rx)
}

#[test]
fn woken_from_another_thread() {
    let trace = Trace::new(
        "another thread sends, then drops the last sender; each wake polls the receiver again at once",
    );
    let (tx, rx) = channel::<u32>();
    let mut receiver = ByHand::new(next(rx), Wakers::Same);
    receiver.poll_again_when_woken(&trace, "receiver");
    trace.log(format!(
        "receiver: poll -> pending: {}",
        yes_no(receiver.poll().is_pending())
    ));
    trace.log(format!(
        "receiver: wakes so far: {}",
        receiver.counts().wakes
    ));
    let sender = tx.clone();
    std::thread::spawn(move || sender.send(5))
        .join()
        .unwrap()
        .unwrap();
    trace.log("sender: sent 5 from another thread");
    let std::task::Poll::Ready((value, rx)) = receiver.poll() else {
        trace.log("receiver: still no value after the send");
        assert_trace!("woken_from_another_thread", trace);
        return;
    };
    trace.log(format!("receiver: got {value:?}"));
    let mut receiver = ByHand::new(next(rx), Wakers::Same);
    receiver.poll_again_when_woken(&trace, "receiver");
    trace.log(format!(
        "receiver: poll -> pending: {}",
        yes_no(receiver.poll().is_pending())
    ));
    std::thread::spawn(move || drop(tx)).join().unwrap();
    trace.log("sender: the last one dropped, on another thread");
    trace.log(format!(
        "receiver: finished: {}",
        yes_no(receiver.finished())
    ));
    assert_trace!("woken_from_another_thread", trace);
}

#[test]
fn last_two_senders_dropped_together() {
    let trace = Trace::new(
        "100 times: the last two senders are dropped at the same moment, on two threads",
    );
    let closed = with_deadline("two senders dropped together", || {
        (0..100)
            .filter(|_| {
                let (tx, mut rx) = channel::<u32>();
                let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
                let threads: Vec<_> = [tx.clone(), tx]
                    .into_iter()
                    .map(|tx| {
                        let barrier = barrier.clone();
                        std::thread::spawn(move || {
                            barrier.wait();
                            drop(tx);
                        })
                    })
                    .collect();
                let value = testkit::exec::block_on(&Trace::default(), rx.recv());
                for thread in threads {
                    thread.join().unwrap();
                }
                value.is_none()
            })
            .count()
    });
    trace.log(format!("receiver: recv returned None {closed} times"));
    assert_trace!("last_two_senders_dropped_together", trace);
}

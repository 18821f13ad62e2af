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
//! - `poll` checks under one lock and stores the waker under a second one: a sender
//!   that sends and leaves in between finds no waker (lost wakeup):
//!   `sender_leaves_while_the_receiver_stores_its_waker`.
//! - The sender's `Drop` wakes before it marks itself gone, or wakes while it still
//!   holds the lock: the poll that the wake starts sees `Pending`, or cannot take the
//!   lock: `woken_from_another_thread`.
//! - `poll` wakes its own waker and returns `Pending` (the task is polled again and
//!   again, spinning): `woken_from_another_thread` (wakes before the sender acts).
//! - `send` ends with `mem::forget(self)` so that `Drop` does not run twice: the
//!   shared state is never freed: `shared_state_is_freed`.
//!
//! Kept as files in `solutions/08-channels/03-oneshot-by-hand/mistakes/`:
//! `checks-sender-gone-first.diff` (`value_sent_first`),
//! `stores-the-waker-under-a-second-lock.diff`
//! (`sender_leaves_while_the_receiver_stores_its_waker`),
//! `wakes-before-marking-the-sender-gone.diff` and `wakes-while-holding-the-lock.diff`
//! (`woken_from_another_thread`), `wakes-itself-on-every-poll.diff`
//! (`woken_from_another_thread`), `forgets-the-sender.diff` (`shared_state_is_freed`).

use oneshot_by_hand::{Receiver, channel};
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};
use testkit::deadline::with_deadline;
use testkit::wakers::{ByHand, Flag, Wakers};
use testkit::{Trace, assert_trace, clone_hook, heap, yes_no};

// Counts heap blocks per thread, so `shared_state_is_freed` can see a leak.
#[global_allocator]
static HEAP: heap::Counting = heap::Counting;

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

// ANCHOR: clone_window
#[test]
fn sender_leaves_while_the_receiver_stores_its_waker() {
    let trace =
        Trace::new("the sender acts at the moment the receiver's first poll clones its waker");
    for sends in [true, false] {
        let (tx, mut rx) = channel::<u32>();
        // The waker's first clone runs the sender on a helper thread and waits for it
        // (a second at most): it lands between a check and a store made under two
        // locks, and waits for the lock if there is only one.
        let (on_clone, waker) = clone_hook::waker(move || {
            if sends {
                let _ = tx.send(7);
            } else {
                drop(tx);
            }
        });
        let first = Pin::new(&mut rx).poll(&mut Context::from_waker(waker.waker()));
        let woken = on_clone.woken_after_the_other_side();
        let what = if sends {
            "sends 7"
        } else {
            "leaves without sending"
        };
        trace.log(format!(
            "sender {what}: the receiver learns it, at once or by a wake: {}",
            yes_no(first.is_ready() || woken)
        ));
        if first.is_pending() {
            let (_flag, waker) = Flag::new();
            poll(&trace, &mut rx, &waker);
        } else {
            trace.log(format!("receiver: poll -> {first:?}"));
        }
    }
    assert_trace!("sender_leaves_while_the_receiver_stores_its_waker", trace);
}
// ANCHOR_END: clone_window

#[test]
fn woken_from_another_thread() {
    let trace =
        Trace::new("another thread sends, or leaves; each wake polls the receiver again at once");
    for sends in [true, false] {
        let (tx, rx) = channel::<u32>();
        let mut receiver = ByHand::new(rx, Wakers::Same);
        receiver.poll_again_when_woken(&trace, "receiver");
        trace.log(format!("receiver: poll -> {:?}", receiver.poll()));
        trace.log(format!(
            "receiver: wakes so far: {}",
            receiver.counts().wakes
        ));
        let sender = std::thread::spawn(move || {
            if sends {
                let _ = tx.send(7);
            } else {
                drop(tx);
            }
        });
        sender.join().unwrap();
        trace.log(if sends {
            "sender: sent 7 and left"
        } else {
            "sender: left without sending"
        });
        trace.log(format!(
            "receiver: finished: {}",
            yes_no(receiver.finished())
        ));
    }
    assert_trace!("woken_from_another_thread", trace);
}

#[test]
fn shared_state_is_freed() {
    let trace = Trace::new("send, receive, drop both halves: nothing stays on the heap");
    let (_flag, waker) = Flag::new();
    let mut answers = [None, None];
    let kept = heap::blocks_kept(|| {
        let (tx, mut rx) = channel::<u32>();
        let first = Pin::new(&mut rx).poll(&mut Context::from_waker(&waker));
        let _ = tx.send(7);
        let second = Pin::new(&mut rx).poll(&mut Context::from_waker(&waker));
        answers = [Some(first), Some(second)];
        drop(rx);
    });
    for answer in answers.into_iter().flatten() {
        trace.log(format!("receiver: poll -> {answer:?}"));
    }
    trace.log(heap::kept_line(kept));
    assert_trace!("shared_state_is_freed", trace);
}

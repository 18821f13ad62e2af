//! A prediction exercise's program: when is a future polled again? A small `block_on`
//! polls a few futures, one after the other, and records each poll's result and how many
//! times the future's waker was called during that poll.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

// ANCHOR: program
/// The waker of `block_on`: it only counts its wakes.
struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `future` until it is ready, as a real `block_on` does, but on one thread
/// only: when a poll returns `Pending` and nobody called the waker, nothing ever will
/// (there is no other thread), so instead of sleeping forever it says so and gives up.
fn block_on<F: Future>(name: &str, log: &mut Vec<String>, future: F) {
    let counter = Arc::new(Counter(AtomicUsize::new(0)));
    let waker = Waker::from(counter.clone());
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    for poll in 1.. {
        let result = future.as_mut().poll(&mut cx);
        let wakes = counter.0.swap(0, Ordering::SeqCst);
        if result.is_ready() {
            log.push(format!("{name}: poll {poll}: Ready"));
            return;
        }
        log.push(format!(
            "{name}: poll {poll}: Pending, wakes during the poll: {wakes}"
        ));
        if wakes == 0 {
            log.push(format!(
                "{name}: nobody will wake it: block_on would sleep forever"
            ));
            return;
        }
    }
}

/// Ready on its third poll; before that, it wakes its own waker and returns `Pending`.
struct SelfWaking {
    polls: u32,
}

impl Future for SelfWaking {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.polls += 1;
        if self.polls == 3 {
            return Poll::Ready(());
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Ready on its second poll; the first returns `Pending` and wakes nobody.
struct Forgetful {
    polled: bool,
}

impl Future for Forgetful {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        Poll::Pending
    }
}

/// Ready on its second poll; the first wakes the waker three times.
struct Impatient {
    polled: bool,
}

impl Future for Impatient {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        let copy = cx.waker().clone();
        cx.waker().wake_by_ref();
        cx.waker().wake_by_ref();
        copy.wake();
        Poll::Pending
    }
}

pub fn program() -> Vec<String> {
    let mut log = Vec::new();
    block_on("self-waking", &mut log, SelfWaking { polls: 0 });
    block_on("forgetful", &mut log, Forgetful { polled: false });
    block_on("impatient", &mut log, Impatient { polled: false });
    let one_after_the_other = async {
        SelfWaking { polls: 0 }.await;
        Impatient { polled: false }.await;
    };
    block_on("one after the other", &mut log, one_after_the_other);
    // `join` polls its first future, then its second, at each of its polls.
    let (sender, receiver) = futures::channel::oneshot::channel();
    let send = async move { sender.send("hi").unwrap() };
    block_on(
        "receiver first",
        &mut log,
        futures::future::join(receiver, send),
    );
    let (sender, receiver) = futures::channel::oneshot::channel();
    let send = async move { sender.send("hi").unwrap() };
    block_on(
        "sender first",
        &mut log,
        futures::future::join(send, receiver),
    );
    log
}
// ANCHOR_END: program

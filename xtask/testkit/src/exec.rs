//! A logging executor: polls one future by hand and writes every poll, its result and
//! every wake into a [`Trace`].
//!
//! It is small on purpose, so a test's trace shows exactly what an executor does:
//! poll, and when the answer is `Pending`, wait until someone calls the waker.
//! [`Logged`] wraps an inner future to log its own polls and wakes too.

use crate::Trace;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// Runs `future` to completion on the calling thread and logs each step as
/// `executor: ...` lines.
///
/// A future that returns `Pending` after dropping every copy of its waker can never
/// be polled again; instead of hanging, this panics and says so.
pub fn block_on<F: Future>(trace: &Trace, future: F) -> F::Output {
    let mut future = pin!(future);
    let signal = Arc::new(Signal {
        trace: trace.clone(),
        woken: Mutex::new(false),
        wakeup: Condvar::new(),
    });
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    for poll in 1.. {
        trace.log(format!("executor: poll {poll}"));
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            trace.log(format!("executor: poll {poll} returned Ready"));
            return output;
        }
        trace.log(format!("executor: poll {poll} returned Pending"));
        // Our `signal` and `waker` account for two counts; any more are copies
        // that the future handed out or kept, and those can still wake us.
        let nobody_can_wake = Arc::strong_count(&signal) <= 2;
        let mut woken = signal.woken.lock().unwrap();
        if !*woken && nobody_can_wake {
            panic!(
                "the future returned Pending but kept no copy of the waker, so nothing \
                 can ever wake it: it would never be polled again"
            );
        }
        while !*woken {
            woken = signal.wakeup.wait(woken).unwrap();
        }
        *woken = false;
    }
    unreachable!()
}

struct Signal {
    trace: Trace,
    woken: Mutex<bool>,
    wakeup: Condvar,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.trace.log("executor: woken");
        *self.woken.lock().unwrap() = true;
        self.wakeup.notify_one();
    }
}

/// Wraps a future so that the trace shows its polls (`<label>: poll`,
/// `<label>: Pending`, `<label>: Ready`), the wakes it asks for (`<label>: wake`),
/// and a drop before it finished (`<label>: dropped before it finished`).
///
/// [`Logged::counts`] also counts its polls and wakes, without writing anything more
/// into the trace: a scenario can write `polls without a wake: 0` to show that the
/// task was never polled for nothing (a spinning executor, a busy re-poll loop).
pub struct Logged<F: Future> {
    label: String,
    trace: Trace,
    future: Pin<Box<F>>,
    finished: bool,
    waker: Option<(Waker, Waker)>,
    counts: PollCounts,
}

/// Polls and wakes of one [`Logged`] future; clones share the counts, so a scenario
/// can keep one while the executor owns the future.
#[derive(Clone, Default)]
pub struct PollCounts {
    inner: Arc<Mutex<Counted>>,
}

#[derive(Default)]
struct Counted {
    polls: usize,
    wakes: usize,
    polls_without_a_wake: usize,
    woken_since_last_poll: bool,
}

impl PollCounts {
    /// Polls so far.
    pub fn polls(&self) -> usize {
        self.inner.lock().unwrap().polls
    }

    /// Wakes so far (calls of the waker it was handed, from anywhere).
    pub fn wakes(&self) -> usize {
        self.inner.lock().unwrap().wakes
    }

    /// Polls after the first that no wake asked for: spurious polls.
    pub fn polls_without_a_wake(&self) -> usize {
        self.inner.lock().unwrap().polls_without_a_wake
    }

    fn polled(&self) {
        let mut counted = self.inner.lock().unwrap();
        if counted.polls > 0 && !counted.woken_since_last_poll {
            counted.polls_without_a_wake += 1;
        }
        counted.polls += 1;
        counted.woken_since_last_poll = false;
    }

    fn woken(&self) {
        let mut counted = self.inner.lock().unwrap();
        counted.wakes += 1;
        counted.woken_since_last_poll = true;
    }
}

impl<F: Future> Logged<F> {
    pub fn new(trace: &Trace, label: &str, future: F) -> Logged<F> {
        Logged {
            label: label.to_string(),
            trace: trace.clone(),
            future: Box::pin(future),
            finished: false,
            waker: None,
            counts: PollCounts::default(),
        }
    }

    /// A handle to this future's poll and wake counts.
    pub fn counts(&self) -> PollCounts {
        self.counts.clone()
    }

    /// The waker handed to the inner future: it logs, then wakes the outer one.
    /// Kept while the outer waker stays the same, so `Waker::will_wake` works.
    fn logging_waker(&mut self, outer: &Waker) -> Waker {
        match &self.waker {
            Some((known, logging)) if known.will_wake(outer) => logging.clone(),
            _ => {
                let logging = Waker::from(Arc::new(LabelledWaker {
                    label: self.label.clone(),
                    trace: self.trace.clone(),
                    outer: outer.clone(),
                    counts: self.counts.clone(),
                }));
                self.waker = Some((outer.clone(), logging.clone()));
                logging
            }
        }
    }
}

// The inner future is boxed, so `Logged` itself may move freely.
impl<F: Future> Unpin for Logged<F> {}

impl<F: Future> Future for Logged<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        this.trace.log(format!("{}: poll", this.label));
        this.counts.polled();
        let waker = this.logging_waker(cx.waker());
        let result = this.future.as_mut().poll(&mut Context::from_waker(&waker));
        match &result {
            Poll::Ready(_) => {
                this.finished = true;
                this.trace.log(format!("{}: Ready", this.label));
            }
            Poll::Pending => this.trace.log(format!("{}: Pending", this.label)),
        }
        result
    }
}

impl<F: Future> Drop for Logged<F> {
    fn drop(&mut self) {
        if !self.finished {
            self.trace
                .log(format!("{}: dropped before it finished", self.label));
        }
    }
}

struct LabelledWaker {
    label: String,
    trace: Trace,
    outer: Waker,
    counts: PollCounts,
}

impl Wake for LabelledWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.trace.log(format!("{}: wake", self.label));
        self.counts.woken();
        self.outer.wake_by_ref();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::{pending, ready};

    /// Pending once, waking itself first.
    struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn logs_polls_and_wakes() {
        let trace = Trace::new("yield once");
        block_on(&trace, Logged::new(&trace, "inner", YieldOnce(false)));
        let expected = [
            "scenario: yield once",
            "executor: poll 1",
            "inner: poll",
            "inner: wake",
            "executor: woken",
            "inner: Pending",
            "executor: poll 1 returned Pending",
            "executor: poll 2",
            "inner: poll",
            "inner: Ready",
            "executor: poll 2 returned Ready",
        ];
        assert_eq!(trace.lines(), expected);
    }

    #[test]
    fn a_future_that_cannot_be_woken_fails_instead_of_hanging() {
        let result = std::panic::catch_unwind(|| block_on(&Trace::default(), pending::<()>()));
        let payload = result.unwrap_err();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap();
        assert!(message.contains("never be polled again"), "{message}");
    }

    #[test]
    fn counts_polls_and_wakes_without_logging_more() {
        let trace = Trace::default();
        let logged = Logged::new(&trace, "inner", YieldOnce(false));
        let counts = logged.counts();
        block_on(&trace, logged);
        assert_eq!((counts.polls(), counts.wakes()), (2, 1));
        assert_eq!(counts.polls_without_a_wake(), 0);
        assert_eq!(trace.lines().len(), 10);
    }

    /// Polls its inner future again and again without waiting for a wake: the mistake
    /// `polls_without_a_wake` is for.
    struct PollsUntilReady<F>(Pin<Box<F>>);

    impl<F: Future> Future for PollsUntilReady<F> {
        type Output = F::Output;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            loop {
                if let Poll::Ready(output) = self.0.as_mut().poll(cx) {
                    return Poll::Ready(output);
                }
            }
        }
    }

    #[test]
    fn a_poll_nobody_asked_for_is_counted() {
        let trace = Trace::default();
        // Pending three times without asking to be woken: only a loop polls it again.
        let mut pending_left = 3;
        let logged = Logged::new(
            &trace,
            "inner",
            std::future::poll_fn(move |_| {
                if pending_left == 0 {
                    return Poll::Ready(());
                }
                pending_left -= 1;
                Poll::Pending
            }),
        );
        let counts = logged.counts();
        block_on(&Trace::default(), PollsUntilReady(Box::pin(logged)));
        assert_eq!((counts.polls(), counts.wakes()), (4, 0));
        assert_eq!(counts.polls_without_a_wake(), 3);
    }

    #[test]
    fn a_dropped_unfinished_future_says_so() {
        let trace = Trace::default();
        drop(Logged::new(&trace, "loser", ready(1)));
        assert_eq!(trace.lines(), ["loser: dropped before it finished"]);
    }
}

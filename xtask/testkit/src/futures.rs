//! Small futures that scenarios build on, and a guard that turns a hang into a failure.

use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomPinned;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

/// Returns `Pending` `times` times, asking to be woken each time, then `Ready(output)`.
pub struct YieldThen<T> {
    times: u32,
    output: Option<T>,
}

pub fn yield_then<T>(times: u32, output: T) -> YieldThen<T> {
    YieldThen {
        times,
        output: Some(output),
    }
}

/// Returns `Pending` once, after asking to be polled again: a task that gives way.
pub fn yield_now() -> YieldThen<()> {
    yield_then(1, ())
}

impl<T> Unpin for YieldThen<T> {}

impl<T> Future for YieldThen<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if self.times == 0 {
            return Poll::Ready(self.output.take().expect("polled after it returned Ready"));
        }
        self.times -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Wraps the future under test so that a wrong one fails instead of hanging, in tests
/// that run on one thread: there a wake can only happen during a poll, so a `Pending`
/// without a wake during that same poll would never be polled again. Also fails after
/// 20 polls, for a future that wakes itself forever.
///
/// [`patient`] hands the inner future a fresh waker on every poll;
/// [`patient_same_waker`] hands it the same one for as long as the executor's waker
/// stays the same, as a real executor does, so a future that wakes each waker only
/// once fails too.
pub struct Patience<F> {
    inner: Pin<Box<F>>,
    polls: u32,
    same_waker: bool,
    relay: Option<(Arc<Relay>, Waker)>,
}

/// Wraps `inner` in a [`Patience`] that hands it a fresh waker on every poll.
pub fn patient<F: Future>(inner: F) -> Patience<F> {
    Patience {
        inner: Box::pin(inner),
        polls: 0,
        same_waker: false,
        relay: None,
    }
}

/// Wraps `inner` in a [`Patience`] that hands it the same waker on every poll (a new
/// one only when the executor's own waker changes).
pub fn patient_same_waker<F: Future>(inner: F) -> Patience<F> {
    Patience {
        same_waker: true,
        ..patient(inner)
    }
}

impl<F: Future> Future for Patience<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls += 1;
        assert!(
            self.polls <= 20,
            "polled 20 times and still Pending: does it ever finish?"
        );
        let (relay, waker) = match &self.relay {
            Some((relay, waker)) if self.same_waker && relay.outer.will_wake(cx.waker()) => {
                relay.woken.store(false, Ordering::SeqCst);
                (relay.clone(), waker.clone())
            }
            _ => {
                let relay = Arc::new(Relay {
                    woken: AtomicBool::new(false),
                    outer: cx.waker().clone(),
                });
                let waker = Waker::from(relay.clone());
                if self.same_waker {
                    self.relay = Some((relay.clone(), waker.clone()));
                }
                (relay, waker)
            }
        };
        let result = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        if result.is_pending() && !relay.woken.load(Ordering::SeqCst) {
            panic!(
                "returned Pending although nothing inside asked to be woken: it would never \
                 be polled again (was the waker called? was every unfinished future polled?)"
            );
        }
        result
    }
}

/// Passes a wake on to the executor's waker, and notes that it happened.
struct Relay {
    woken: AtomicBool,
    outer: Waker,
}

impl Wake for Relay {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.outer.wake_by_ref();
    }
}

/// A `!Unpin` future that writes down the address it is polled at, every time, then
/// returns `Ready("found")` after `pending` self-woken `Pending`s.
///
/// It reads its own address through `&Self` only, so it needs no `unsafe`.
pub struct WhereAmI {
    pending_left: Cell<u32>,
    seen_at: Rc<Cell<Vec<usize>>>,
    _pinned: PhantomPinned,
}

impl WhereAmI {
    pub fn new(pending: u32, seen_at: Rc<Cell<Vec<usize>>>) -> WhereAmI {
        WhereAmI {
            pending_left: Cell::new(pending),
            seen_at,
            _pinned: PhantomPinned,
        }
    }
}

impl Future for WhereAmI {
    type Output = &'static str;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        let this: &WhereAmI = self.into_ref().get_ref();
        let mut seen = this.seen_at.take();
        seen.push(this as *const WhereAmI as usize);
        this.seen_at.set(seen);
        match this.pending_left.get() {
            0 => Poll::Ready("found"),
            n => {
                this.pending_left.set(n - 1);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Trace;
    use crate::exec::block_on;

    /// Wakes each distinct waker once only: it never finishes when it is handed the
    /// same waker twice.
    struct WakeEachWakerOnce(Vec<Waker>, u32);

    impl Future for WakeEachWakerOnce {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            self.1 += 1;
            if self.1 == 3 {
                return Poll::Ready(());
            }
            if !self.0.iter().any(|w| w.will_wake(cx.waker())) {
                self.0.push(cx.waker().clone());
                cx.waker().wake_by_ref();
            }
            Poll::Pending
        }
    }

    #[test]
    fn fresh_wakers_let_a_once_per_waker_future_through() {
        block_on(&Trace::default(), patient(WakeEachWakerOnce(Vec::new(), 0)));
    }

    #[test]
    fn the_same_waker_catches_a_once_per_waker_future() {
        let caught = std::panic::catch_unwind(|| {
            block_on(
                &Trace::default(),
                patient_same_waker(WakeEachWakerOnce(Vec::new(), 0)),
            )
        });
        assert!(caught.is_err());
    }

    #[test]
    fn the_same_waker_lets_a_correct_future_through() {
        let output = block_on(&Trace::default(), patient_same_waker(yield_then(3, "done")));
        assert_eq!(output, "done");
    }
}

//! A waker that runs "the other side" at the moment it is first cloned.
//!
//! A receiver that checks the shared state under one lock and stores its waker under
//! a second one has a window between the two: a sender that sends and leaves in that
//! window finds no waker, and the receiver sleeps forever. The window is too short to
//! hit by luck. But the receiver clones the waker to store it, and in that mistake the
//! clone happens inside the window (`lock().waker = Some(cx.waker().clone())` clones
//! before it locks: Rust evaluates the right side of `=` first). So this waker, on its
//! first clone, runs the other side (a closure: send, drop the sender) on a helper
//! thread and waits for it, up to [`PATIENCE`]:
//!
//! - the mistake: the lock is free, the other side runs to its end inside the window,
//!   and the receiver then returns `Pending` with nobody left to wake it;
//! - a correct receiver clones while it holds its lock (or before it checks): the
//!   other side waits for the lock, or finds the waker stored, and the receiver is
//!   woken or sees the value. The hook then waits the whole [`PATIENCE`] (a second)
//!   for a helper that is blocked on the lock: slow, but the outcome never depends
//!   on timing.
//!
//! Record only the outcome (`value reached the receiver: yes`), never whether the
//! other side finished during the clone: that differs between correct answers.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::task::{Wake, Waker};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the first clone waits for the other side before it goes on.
pub const PATIENCE: Duration = Duration::from_secs(1);

type Side = Box<dyn FnOnce() + Send>;

/// The shared part of a [`waker`]: whether it was woken, and the helper thread.
pub struct OnClone {
    side: Mutex<Option<Side>>,
    helper: Mutex<Option<JoinHandle<()>>>,
    woken: AtomicBool,
    clones: AtomicUsize,
}

struct Inner(Arc<OnClone>);

impl Wake for Inner {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.woken.store(true, Ordering::SeqCst);
    }
}

/// A waker whose first clone runs `side` on a helper thread and waits for it (up to
/// [`PATIENCE`]); the [`OnClone`] says whether it was woken, once the helper ended.
/// (`std::task::Wake` has no clone hook, hence a vtable of its own, in `raw`.)
pub fn waker(side: impl FnOnce() + Send + 'static) -> (Arc<OnClone>, HookedWaker) {
    let on_clone = Arc::new(OnClone {
        side: Mutex::new(Some(Box::new(side))),
        helper: Mutex::new(None),
        woken: AtomicBool::new(false),
        clones: AtomicUsize::new(0),
    });
    let waker = hooked(on_clone.clone());
    (on_clone, HookedWaker(waker))
}

/// The waker to put in a `Context`.
pub struct HookedWaker(Waker);

impl HookedWaker {
    pub fn waker(&self) -> &Waker {
        &self.0
    }
}

impl OnClone {
    fn first_clone(&self) {
        self.clones.fetch_add(1, Ordering::SeqCst);
        let Some(side) = self.side.lock().unwrap().take() else {
            return;
        };
        let (done_tx, done) = mpsc::channel::<()>();
        let helper = std::thread::spawn(move || {
            side();
            let _ = done_tx.send(());
        });
        *self.helper.lock().unwrap() = Some(helper);
        let _ = done.recv_timeout(PATIENCE);
    }

    /// Waits for the other side to finish (after the poll returned, so any lock is
    /// free), then says whether the waker was woken.
    pub fn woken_after_the_other_side(&self) -> bool {
        if let Some(helper) = self.helper.lock().unwrap().take() {
            helper.join().expect("the other side panicked");
        }
        self.woken.load(Ordering::SeqCst)
    }

    /// Whether the other side ran (the waker was cloned at least once).
    pub fn ran(&self) -> bool {
        self.clones.load(Ordering::SeqCst) > 0
    }
}

mod raw {
    //! The vtable: clone runs the hook, then behaves as `Arc` clone.
    use super::{Inner, OnClone};
    use std::sync::Arc;
    use std::task::{RawWaker, RawWakerVTable, Waker};

    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop);

    pub(super) fn hooked(on_clone: Arc<OnClone>) -> Waker {
        let inner = Arc::new(Inner(on_clone));
        // SAFETY: the data pointer is an `Arc<Inner>` from `into_raw`; each waker owns
        // one strong count, and the four functions keep it so.
        unsafe { Waker::from_raw(RawWaker::new(Arc::into_raw(inner).cast(), &VTABLE)) }
    }

    unsafe fn clone(data: *const ()) -> RawWaker {
        let inner = unsafe { &*data.cast::<Inner>() };
        inner.0.first_clone();
        unsafe { Arc::increment_strong_count(data.cast::<Inner>()) };
        RawWaker::new(data, &VTABLE)
    }

    unsafe fn wake(data: *const ()) {
        let inner = unsafe { Arc::from_raw(data.cast::<Inner>()) };
        std::task::Wake::wake(inner);
    }

    unsafe fn wake_by_ref(data: *const ()) {
        let inner = unsafe { &*data.cast::<Inner>() };
        inner
            .0
            .woken
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    unsafe fn drop(data: *const ()) {
        unsafe { Arc::decrement_strong_count(data.cast::<Inner>()) };
    }
}

use raw::hooked;

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A one-value slot; `split` checks and stores the waker under two locks.
    #[derive(Default)]
    struct Slot {
        state: Mutex<(Option<u8>, Option<Waker>)>,
    }

    fn put(slot: &Slot, value: u8) {
        let waker = {
            let mut state = slot.state.lock().unwrap();
            state.0 = Some(value);
            state.1.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    struct Get(Arc<Slot>, bool);

    impl Future for Get {
        type Output = u8;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
            if self.1 {
                if let Some(value) = self.0.state.lock().unwrap().0.take() {
                    return Poll::Ready(value);
                }
                self.0.state.lock().unwrap().1 = Some(cx.waker().clone());
                return Poll::Pending;
            }
            let mut state = self.0.state.lock().unwrap();
            if let Some(value) = state.0.take() {
                return Poll::Ready(value);
            }
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }

    /// Whether the value reached the receiver: at once, or by a wake.
    fn reached(split: bool) -> bool {
        let slot = Arc::new(Slot::default());
        let other = slot.clone();
        let (on_clone, waker) = waker(move || put(&other, 7));
        let mut get = Get(slot, split);
        let first = Pin::new(&mut get).poll(&mut Context::from_waker(waker.waker()));
        let woken = on_clone.woken_after_the_other_side();
        assert!(on_clone.ran());
        first.is_ready() || woken
    }

    #[test]
    fn a_split_check_loses_the_wakeup_on_every_run() {
        for _ in 0..3 {
            assert!(!reached(true));
        }
    }

    #[test]
    fn one_lock_never_loses_it() {
        assert!(reached(false));
    }
}

//! The counting waker again, this time with `std::task::Wake` and `Arc`.
//!
//! We write only the two wake functions. std builds the vtable: its `clone` bumps
//! the `Arc`'s strong count and its `drop` gives one back, so nothing is unsafe.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Wake, Waker};

/// How many times each wake function ran. Clones and drops are std's business
/// now: the `Arc`'s strong count says how many wakers are alive.
#[derive(Default)]
pub struct WakeCounter {
    wakes: AtomicUsize,
    wakes_by_ref: AtomicUsize,
}

impl WakeCounter {
    pub fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }

    pub fn wakes_by_ref(&self) -> usize {
        self.wakes_by_ref.load(Ordering::SeqCst)
    }
}

// ANCHOR: wake
impl Wake for WakeCounter {
    /// Called by `Waker::wake`: `self` is the strong count the waker owned.
    fn wake(self: Arc<Self>) {
        let _ = self;
        todo!("count the wake")
    }

    // The tests count calls to `Waker::wake_by_ref` apart from calls to
    // `Waker::wake`, and check that no waker is left alive at the end.
}

/// A waker that owns one strong count of `counter`.
pub fn counting_waker(counter: Arc<WakeCounter>) -> Waker {
    let _ = counter;
    todo!("a Waker that owns `counter`, with no unsafe code")
}
// ANCHOR_END: wake

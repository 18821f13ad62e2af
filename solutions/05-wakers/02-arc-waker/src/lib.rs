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
    /// Consumes one strong count: `self` is dropped at the end, like any `Arc`.
    fn wake(self: Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }

    /// Without this, std's default clones the `Arc` and calls `wake`: it works,
    /// but costs a clone and would be counted as a `wake`.
    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes_by_ref.fetch_add(1, Ordering::SeqCst);
    }
}

/// A waker that owns one strong count of `counter`.
pub fn counting_waker(counter: Arc<WakeCounter>) -> Waker {
    Waker::from(counter)
}
// ANCHOR_END: wake

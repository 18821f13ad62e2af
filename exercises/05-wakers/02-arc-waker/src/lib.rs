//! The counting waker again, this time with `std::task::Wake` and `Arc`.
//!
//! We write only the two wake functions. std builds the vtable: its `clone` bumps
//! the `Arc`'s strong count and its `drop` gives one back, so nothing is unsafe.

// The starter code has unused parameters until you fill it in.
#![allow(unused)]

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
        todo!("count the wake; dropping `self` gives back the waker's strong count")
    }

    // std gives `wake_by_ref` a default body. Think about what it does, and
    // whether that is what this counter should report.
}

/// A waker that owns one strong count of `counter`.
pub fn counting_waker(counter: Arc<WakeCounter>) -> Waker {
    todo!("let std build the RawWaker and its vtable from the Arc")
}
// ANCHOR_END: wake

//! A waker built by hand: a data pointer plus a table of four functions.
//!
//! The data pointer is an `Arc<WakeCounter>` turned into a raw pointer, so the
//! waker owns one strong count of the `Arc`. Every function in the table counts
//! its calls, and `clone` and `drop_waker` keep the `Arc`'s strong count right.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{RawWaker, RawWakerVTable, Waker};

// ANCHOR: counter
/// How many times each of the waker's four functions ran.
#[derive(Default)]
pub struct WakeCounter {
    clones: AtomicUsize,
    wakes: AtomicUsize,
    wakes_by_ref: AtomicUsize,
    drops: AtomicUsize,
}

/// A copy of the four counts at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub clones: usize,
    pub wakes: usize,
    pub wakes_by_ref: usize,
    pub drops: usize,
}

impl WakeCounter {
    pub fn counts(&self) -> Counts {
        Counts {
            clones: self.clones.load(Ordering::SeqCst),
            wakes: self.wakes.load(Ordering::SeqCst),
            wakes_by_ref: self.wakes_by_ref.load(Ordering::SeqCst),
            drops: self.drops.load(Ordering::SeqCst),
        }
    }
}
// ANCHOR_END: counter

// ANCHOR: vtable
/// One table for every counting waker. `Waker::will_wake` compares both the data
/// pointer and the table's address, so there must be exactly one, in a `static`.
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

/// Makes a waker that owns `counter` (one strong count of the `Arc`).
pub fn counting_waker(counter: Arc<WakeCounter>) -> Waker {
    let _ = (counter, &VTABLE);
    todo!("a Waker built on VTABLE that owns `counter`")
}
// ANCHOR_END: vtable

// ANCHOR: functions
// Each function gets the waker's data pointer: the `Arc<WakeCounter>` that
// `counting_waker` turned into a raw pointer. Count the call in the matching
// field, and keep the number of strong counts equal to the number of wakers.

/// A new waker for the same counter.
unsafe fn clone(data: *const ()) -> RawWaker {
    let _ = data;
    todo!("count the clone; the new waker wakes the same counter and owns a count")
}

/// Called by `Waker::wake`, which consumes the waker.
unsafe fn wake(data: *const ()) {
    let _ = data;
    todo!("count the wake; this waker is gone afterwards")
}

/// Called by `Waker::wake_by_ref`; the waker stays alive.
unsafe fn wake_by_ref(data: *const ()) {
    let _ = data;
    todo!("count the wake_by_ref; the waker lives on")
}

/// Called when a waker is dropped.
unsafe fn drop_waker(data: *const ()) {
    let _ = data;
    todo!("count the drop; this waker is gone afterwards")
}
// ANCHOR_END: functions

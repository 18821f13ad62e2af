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
    let data = Arc::into_raw(counter).cast::<()>();
    // SAFETY: `data` comes from `Arc::into_raw` and the four functions in VTABLE
    // treat it as exactly that: an `Arc<WakeCounter>` that this waker owns. They
    // are also thread-safe, as `Waker: Send + Sync` requires: they only touch the
    // `Arc`'s atomic count and the counter's atomics.
    unsafe { Waker::from_raw(RawWaker::new(data, &VTABLE)) }
}
// ANCHOR_END: vtable

// ANCHOR: functions
/// A new waker for the same counter: it needs its own strong count.
unsafe fn clone(data: *const ()) -> RawWaker {
    let counter = data.cast::<WakeCounter>();
    // SAFETY: `data` is a live `Arc<WakeCounter>` owned by the waker being cloned.
    unsafe {
        Arc::increment_strong_count(counter);
        (*counter).clones.fetch_add(1, Ordering::SeqCst);
    }
    RawWaker::new(data, &VTABLE)
}

/// `Waker::wake` consumes the waker, so this must give back its strong count.
unsafe fn wake(data: *const ()) {
    // SAFETY: we take back the strong count this waker owned; it drops at the end.
    let counter = unsafe { Arc::from_raw(data.cast::<WakeCounter>()) };
    counter.wakes.fetch_add(1, Ordering::SeqCst);
}

/// `Waker::wake_by_ref` leaves the waker alive: the strong count stays.
unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: the waker is alive for the whole call, so its `Arc` is too.
    let counter = unsafe { &*data.cast::<WakeCounter>() };
    counter.wakes_by_ref.fetch_add(1, Ordering::SeqCst);
}

/// The waker is gone: give back its strong count.
unsafe fn drop_waker(data: *const ()) {
    // SAFETY: we take back the strong count this waker owned; it drops at the end.
    let counter = unsafe { Arc::from_raw(data.cast::<WakeCounter>()) };
    counter.drops.fetch_add(1, Ordering::SeqCst);
}
// ANCHOR_END: functions

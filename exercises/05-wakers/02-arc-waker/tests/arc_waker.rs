//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/05-wakers/02-arc-waker/mistakes/`, named first):
//! - `default-wake-by-ref` (`wake_by_ref` not written, so std's default runs: it clones
//!   the `Arc` and calls `wake`): every `wake_by_ref` is counted as a `wake`
//!   (wake_and_wake_by_ref, wakers_on_many_threads).
//! - `counts-swapped` (`wake` and `wake_by_ref` add to each other's count):
//!   wake_and_wake_by_ref.
//! - `waker-with-a-fresh-counter` (`counting_waker` wraps a fresh
//!   `Arc::new(WakeCounter::default())` instead of the one it was given): nothing is
//!   counted, and the data pointer is not the counter's (std_builds_the_vtable).
//! - `wake-forgets-its-arc` (`mem::forget(self)` in `wake`, a leak): "wakers alive"
//!   stays above 0 after the last waker is gone (wake_and_wake_by_ref).

use arc_waker::{WakeCounter, counting_waker};
use std::sync::Arc;
use std::task::Waker;
use testkit::{Trace, assert_trace};

fn log(trace: &Trace, counter: &Arc<WakeCounter>, step: &str) {
    // The test holds one strong count itself; every other one belongs to a waker.
    let alive = Arc::strong_count(counter) - 1;
    trace.log(format!(
        "{step}: wake {}, wake_by_ref {}; wakers alive {alive}",
        counter.wakes(),
        counter.wakes_by_ref()
    ));
}

#[test]
fn wake_and_wake_by_ref() {
    let trace = Trace::new("wake_by_ref keeps the waker, wake consumes it");
    let counter = Arc::new(WakeCounter::default());
    let waker = counting_waker(counter.clone());
    log(&trace, &counter, "made a waker");
    waker.wake_by_ref();
    log(&trace, &counter, "waker.wake_by_ref()");
    let copy = waker.clone();
    log(&trace, &counter, "waker.clone()");
    copy.wake();
    log(&trace, &counter, "copy.wake()");
    drop(waker);
    log(&trace, &counter, "dropped the waker");
    assert_trace!("wake_and_wake_by_ref", trace);
}

#[test]
fn std_builds_the_vtable() {
    let trace = Trace::new("what std put in the RawWaker");
    let counter = Arc::new(WakeCounter::default());
    let other = Arc::new(WakeCounter::default());
    let waker = counting_waker(counter.clone());
    let data_is_the_arc = std::ptr::eq(waker.data(), Arc::as_ptr(&counter).cast());
    trace.log(format!(
        "data pointer is the Arc's pointer: {data_is_the_arc}"
    ));
    let again = counting_waker(counter.clone());
    let same_table = std::ptr::eq(waker.vtable(), again.vtable());
    trace.log(format!(
        "two wakers of one counter share a vtable: {same_table}"
    ));
    trace.log(format!(
        "they would wake the same task: {}",
        waker.will_wake(&again)
    ));
    let stranger = counting_waker(other.clone());
    trace.log(format!(
        "a waker of another counter would wake the same task: {}",
        waker.will_wake(&stranger)
    ));
    let noop_table = std::ptr::eq(waker.vtable(), Waker::noop().vtable());
    trace.log(format!("the vtable is Waker::noop()'s: {noop_table}"));
    drop((waker, again, stranger));
    log(&trace, &counter, "dropped all three");
    assert_trace!("std_builds_the_vtable", trace);
}

#[test]
fn wakers_on_many_threads() {
    let trace = Trace::new("four threads each get a clone and wake it by reference");
    let counter = Arc::new(WakeCounter::default());
    let waker = counting_waker(counter.clone());
    std::thread::scope(|s| {
        for _ in 0..4 {
            let copy = waker.clone();
            s.spawn(move || copy.wake_by_ref());
        }
    });
    log(&trace, &counter, "all four threads finished");
    drop(waker);
    log(&trace, &counter, "dropped the waker");
    assert_trace!("wakers_on_many_threads", trace);
}

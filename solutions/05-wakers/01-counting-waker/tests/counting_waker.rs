//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/05-wakers/01-counting-waker/mistakes/`, named first):
//! - `clone-forgets-the-count` (no `Arc::increment_strong_count`): "wakers alive" drops
//!   below the real number of wakers (clone_and_drop, wake_and_wake_by_ref, ...).
//! - `wake-keeps-the-count` (`wake` counts but does not give back the waker's strong
//!   count, a leak): wake_and_wake_by_ref ends with wakers alive above 0.
//! - `wake-by-ref-gives-back-the-count` (a double free): wake_and_wake_by_ref shows
//!   "wakers alive" going negative.
//! - `counts-after-giving-back` (`drop_waker` and `wake` give back the count with
//!   `Arc::decrement_strong_count`, then count through the pointer): when the waker
//!   owned the last count, the counter is already freed. the_last_waker_frees_the_counter
//!   makes that happen; `cargo xtask check --sanitize` reports the use-after-free.
//! - `drop_waker` does not give back the strong count (a leak): clone_and_drop ends
//!   above 0.
//! - a call counted under the wrong name (e.g. `wake` adds to `wakes_by_ref`):
//!   wake_and_wake_by_ref.
//! - `clone` returning a waker with a fresh `Arc`, or with a second copy of the
//!   vtable: `will_wake` says no (clone_and_drop, a_future_keeps_the_waker).

use counting_waker::{WakeCounter, counting_waker};
use std::future::Future;
use std::mem::ManuallyDrop;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use testkit::{Trace, assert_trace};

/// The test holds spare strong counts of the counter, so a wrong count shows up
/// in the trace as a number (even a negative one), not as a use-after-free.
const SPARES: usize = 16;

struct Counter {
    counter: Arc<WakeCounter>,
    _spares: Vec<Arc<WakeCounter>>,
}

impl Counter {
    fn new() -> Counter {
        let counter = Arc::new(WakeCounter::default());
        Counter {
            _spares: vec![counter.clone(); SPARES],
            counter,
        }
    }

    fn waker(&self) -> Waker {
        counting_waker(self.counter.clone())
    }

    /// One line with the four counts and how many wakers still own a strong count.
    fn log(&self, trace: &Trace, step: &str) {
        let c = self.counter.counts();
        let alive = Arc::strong_count(&self.counter) as isize - 1 - SPARES as isize;
        trace.log(format!(
            "{step}: clone {}, wake {}, wake_by_ref {}, drop {}; wakers alive {alive}",
            c.clones, c.wakes, c.wakes_by_ref, c.drops
        ));
    }
}

impl Drop for Counter {
    /// With a wrong count, freeing the counter now could free it twice: leak it.
    fn drop(&mut self) {
        if Arc::strong_count(&self.counter) != 1 + SPARES {
            std::mem::forget(std::mem::take(&mut self._spares));
        }
    }
}

#[test]
fn clone_and_drop() {
    let trace = Trace::new("clone a waker, then drop both copies");
    let counter = Counter::new();
    let waker = counter.waker();
    counter.log(&trace, "made a waker");
    let copy = waker.clone();
    counter.log(&trace, "cloned it");
    trace.log(format!(
        "copy.will_wake(&waker): {}",
        copy.will_wake(&waker)
    ));
    drop(copy);
    counter.log(&trace, "dropped the copy");
    drop(waker);
    counter.log(&trace, "dropped the waker");
    assert_trace!("clone_and_drop", trace);
}

#[test]
fn wake_and_wake_by_ref() {
    let trace = Trace::new("wake_by_ref keeps the waker, wake consumes it");
    let counter = Counter::new();
    let waker = counter.waker();
    waker.wake_by_ref();
    counter.log(&trace, "waker.wake_by_ref()");
    waker.wake_by_ref();
    counter.log(&trace, "waker.wake_by_ref() again");
    let copy = waker.clone();
    counter.log(&trace, "waker.clone()");
    copy.wake();
    counter.log(&trace, "copy.wake()");
    waker.wake();
    counter.log(&trace, "waker.wake()");
    assert_trace!("wake_and_wake_by_ref", trace);
}

/// Ready once `flag.set` is true; until then it keeps the latest waker, cloning it
/// only when it would wake a different task (what real futures do).
struct WaitForFlag<'a> {
    flag: &'a Flag,
    trace: &'a Trace,
}

#[derive(Default)]
struct Flag {
    set: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Future for WaitForFlag<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut slot = self.flag.waker.lock().unwrap();
        if self.flag.set.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        match &*slot {
            Some(kept) if kept.will_wake(cx.waker()) => {
                self.trace.log("future: same task, keeps the waker it has");
            }
            _ => {
                self.trace.log("future: clones the waker");
                *slot = Some(cx.waker().clone());
            }
        }
        Poll::Pending
    }
}

#[test]
fn a_future_keeps_the_waker() {
    let trace = Trace::new("a future keeps a clone; another thread wakes it");
    let counter = Counter::new();
    let flag = Flag::default();
    let waker = counter.waker();
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(WaitForFlag {
        flag: &flag,
        trace: &trace
    });
    counter.log(&trace, "made a waker");
    for poll in 1..=2 {
        let result = future.as_mut().poll(&mut cx);
        trace.log(format!("poll {poll}: {result:?}"));
        counter.log(&trace, &format!("after poll {poll}"));
    }
    std::thread::scope(|s| {
        s.spawn(|| {
            flag.set.store(true, Ordering::SeqCst);
            let kept = flag.waker.lock().unwrap().take();
            kept.expect("the future kept a waker").wake();
        });
    });
    counter.log(&trace, "another thread set the flag and called wake()");
    let result = future.as_mut().poll(&mut cx);
    trace.log(format!("poll 3: {result:?}"));
    drop(waker);
    counter.log(&trace, "dropped the waker");
    assert_trace!("a_future_keeps_the_waker", trace);
}

#[test]
fn wakers_on_many_threads() {
    let trace = Trace::new("four threads each get a clone, wake it by reference and drop it");
    let counter = Counter::new();
    let waker = counter.waker();
    std::thread::scope(|s| {
        for _ in 0..4 {
            let copy = waker.clone();
            s.spawn(move || {
                copy.wake_by_ref();
                drop(copy);
            });
        }
    });
    counter.log(&trace, "all four threads finished");
    drop(waker);
    counter.log(&trace, "dropped the waker");
    assert_trace!("wakers_on_many_threads", trace);
}

/// The counts of the counter behind a counting waker, read through the waker itself,
/// and the strong count its `Arc` holds.
fn counts_through(waker: &Waker) -> (String, usize) {
    // SAFETY: a counting waker's data pointer is an `Arc<WakeCounter>` made raw, and the
    // waker, alive for this whole call, owns one strong count of it. `ManuallyDrop`
    // borrows that `Arc` without giving its count back.
    let arc = ManuallyDrop::new(unsafe { Arc::from_raw(waker.data().cast::<WakeCounter>()) });
    let c = arc.counts();
    let counts = format!(
        "clone {}, wake {}, wake_by_ref {}, drop {}",
        c.clones, c.wakes, c.wakes_by_ref, c.drops
    );
    (counts, Arc::strong_count(&arc))
}

/// Logs the counts after `step`, and whether the strong count is the number of wakers
/// alive. When it is not, the scenario must stop: freeing the counter now could free it
/// twice, so the wakers are leaked instead.
fn strong_counts_right(trace: &Trace, step: &str, wakers: &[&Waker]) -> bool {
    let (counts, strong) = counts_through(wakers[0]);
    trace.log(format!("{step}: {counts}"));
    if strong != wakers.len() {
        trace.log(format!(
            "strong counts {strong} for {} waker(s) alive: stopped here",
            wakers.len()
        ));
        return false;
    }
    true
}

#[test]
fn the_last_waker_frees_the_counter() {
    // No spare counts here: the wakers own the only strong counts, so the last
    // `wake` or `drop_waker` frees the counter. One that touches the counter after
    // giving back its count uses freed memory: `cargo xtask check --sanitize` says so.
    let trace = Trace::new("the wakers own the only strong counts of the counter");
    assert_trace!(
        "the_last_waker_frees_the_counter",
        last_waker_scenario(&trace)
    );
}

fn last_waker_scenario(trace: &Trace) -> Trace {
    let waker = counting_waker(Arc::new(WakeCounter::default()));
    let copy = waker.clone();
    let right = strong_counts_right(trace, "cloned", &[&waker, &copy]) && {
        copy.wake_by_ref();
        strong_counts_right(trace, "copy woken by ref", &[&waker, &copy])
    };
    if !right {
        std::mem::forget((waker, copy));
        return trace.clone();
    }
    drop(copy);
    if !strong_counts_right(trace, "dropped the copy", &[&waker]) {
        std::mem::forget(waker);
        return trace.clone();
    }
    drop(waker);
    trace.log("dropped the last waker: the counter is freed");

    let waker = counting_waker(Arc::new(WakeCounter::default()));
    let copy = waker.clone();
    waker.wake();
    if !strong_counts_right(trace, "waker.wake()", &[&copy]) {
        std::mem::forget(copy);
        return trace.clone();
    }
    copy.wake();
    trace.log("copy.wake(), the last waker: the counter is freed");
    trace.clone()
}

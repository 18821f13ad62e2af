//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/04-pin/03-project-by-hand/mistakes/`, named first):
//! - `unpin-for-every-inner-future` (an `impl<F> Unpin for Instrumented<F> {}`, so that
//!   `Pin::get_mut` compiles without `unsafe`): "Instrumented is Unpin only when its
//!   inner future is" says yes for a `!Unpin` inner future (and safe code could now
//!   move it).
//! - `counts-only-pending-polls`: "a future that is ready at once", "a future that
//!   yields twice" and "counters while it runs" show the wrong count.
//! - `polls-inner-with-a-noop-waker` (a new `Context` instead of `cx`): "a future that
//!   yields twice" panics (nothing can wake it) and "sleeps on tokio's paused clock"
//!   fails after two seconds instead of hanging.
//! - `F: Unpin` bounds, to use `Pin::get_mut` and `Pin::new` instead of `unsafe`: the
//!   tests that wrap an async block or `WhereAmI` no longer compile.
//! - `poll` moving the inner future out to poll it (`ptr::read` a copy onto the stack,
//!   poll the copy, `ptr::write` it back): "the inner future is polled where
//!   Instrumented keeps it" says no; with tokio's `Sleep` inside, the test process may
//!   crash (it did, SIGSEGV, when we tried), so it is not kept as a file.

use project_by_hand::Instrumented;
use std::cell::Cell;
use std::future::{Future, Ready, ready};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use testkit::deadline::run_paused;
use testkit::exec::{Logged, block_on};
use testkit::futures::{WhereAmI, yield_now};
use testkit::{Trace, assert_trace};
use testkit::{is_unpin, yes_no};

fn log_counters<F>(trace: &Trace, future: &Instrumented<F>) {
    trace.log(format!("polls: {}", future.polls()));
    trace.log(format!("results: {}", future.results().join(", ")));
}

#[test]
fn ready_at_once() {
    let trace = Trace::new("a future that is ready at once");
    let mut future = pin!(Instrumented::new(ready(7)));
    let output = block_on(&trace, future.as_mut());
    trace.log(format!("output: {output}"));
    log_counters(&trace, &future);
    assert_trace!("ready_at_once", trace);
}

#[test]
fn yields_twice() {
    let trace = Trace::new("a future that yields twice");
    let inner = async {
        yield_now().await;
        yield_now().await;
        "done"
    };
    let mut future = pin!(Instrumented::new(Logged::new(&trace, "inner", inner)));
    let output = block_on(&trace, future.as_mut());
    trace.log(format!("output: {output}"));
    log_counters(&trace, &future);
    assert_trace!("yields_twice", trace);
}

#[test]
fn sleeps_on_the_paused_clock() {
    let trace = Trace::new("an async block that sleeps twice on tokio's paused clock");
    let scenario_trace = trace.clone();
    // Fails after two seconds instead of hanging, if a wake never reaches tokio.
    run_paused(|| async move {
        let trace = scenario_trace;
        let inner = async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            42
        };
        let mut future = pin!(Instrumented::new(inner));
        let output = future.as_mut().await;
        trace.log(format!("output: {output}"));
        log_counters(&trace, &future);
    });
    assert_trace!("sleeps_on_the_paused_clock", trace);
}

/// Pending until someone sets the flag. It does not keep the waker: the test
/// polls it by hand.
struct Gate(Rc<Cell<bool>>);

impl Future for Gate {
    type Output = &'static str;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<&'static str> {
        if self.0.get() {
            Poll::Ready("open")
        } else {
            Poll::Pending
        }
    }
}

#[test]
fn counters_while_it_runs() {
    let trace = Trace::new("counters read between polls made by hand");
    let open = Rc::new(Cell::new(false));
    let mut future = pin!(Instrumented::new(Gate(open.clone())));
    let mut cx = Context::from_waker(Waker::noop());
    log_counters(&trace, &future);
    for step in 1..=3 {
        if step == 3 {
            trace.log("gate opened");
            open.set(true);
        }
        let result = future.as_mut().poll(&mut cx);
        trace.log(format!("poll {step}: {result:?}"));
        log_counters(&trace, &future);
    }
    assert_trace!("counters_while_it_runs", trace);
}

#[test]
fn inner_stays_in_place() {
    let trace = Trace::new("the inner future is polled where Instrumented keeps it");
    let seen_at = Rc::new(Cell::new(Vec::new()));
    let mut future = pin!(Instrumented::new(WhereAmI::new(2, seen_at.clone())));
    let output = block_on(&trace, future.as_mut());
    trace.log(format!("output: {output}"));
    let start = &*future as *const Instrumented<WhereAmI> as usize;
    let end = start + size_of_val(&*future);
    for (poll, address) in seen_at.take().into_iter().enumerate() {
        let inside = (start..end).contains(&address);
        trace.log(format!(
            "poll {}: inner polled inside the Instrumented: {}",
            poll + 1,
            yes_no(inside)
        ));
    }
    assert_trace!("inner_stays_in_place", trace);
}

#[test]
fn unpin_only_when_inner_is() {
    let trace = Trace::new("Instrumented is Unpin only when its inner future is");
    trace.log(format!("Ready<i32> is Unpin: {}", is_unpin!(Ready<i32>)));
    trace.log(format!(
        "Instrumented<Ready<i32>> is Unpin: {}",
        is_unpin!(Instrumented<Ready<i32>>)
    ));
    trace.log(format!(
        "tokio's Sleep is Unpin: {}",
        is_unpin!(tokio::time::Sleep)
    ));
    trace.log(format!(
        "Instrumented<tokio's Sleep> is Unpin: {}",
        is_unpin!(Instrumented<tokio::time::Sleep>)
    ));
    trace.log(format!("WhereAmI is Unpin: {}", is_unpin!(WhereAmI)));
    trace.log(format!(
        "Instrumented<WhereAmI> is Unpin: {}",
        is_unpin!(Instrumented<WhereAmI>)
    ));
    assert_trace!("unpin_only_when_inner_is", trace);
}

#[test]
fn get_pin_mut_reaches_the_inner_future() {
    let trace = Trace::new("get_pin_mut reaches the inner future in place, past the counters");
    let seen_at = Rc::new(Cell::new(Vec::new()));
    let mut future = pin!(Instrumented::new(WhereAmI::new(0, seen_at.clone())));
    let mut cx = Context::from_waker(Waker::noop());
    let result = future.as_mut().get_pin_mut().poll(&mut cx);
    trace.log(format!("inner polled through get_pin_mut: {result:?}"));
    let start = &*future as *const Instrumented<WhereAmI> as usize;
    let end = start + size_of_val(&*future);
    let inside = seen_at
        .take()
        .iter()
        .all(|address| (start..end).contains(address));
    trace.log(format!(
        "inner polled inside the Instrumented: {}",
        yes_no(inside)
    ));
    log_counters(&trace, &future);
    assert_trace!("get_pin_mut_reaches_the_inner_future", trace);
}

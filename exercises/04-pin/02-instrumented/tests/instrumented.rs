//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/04-pin/02-instrumented/mistakes/`, named first):
//! - `counts-only-pending-polls`: "a future that is ready at once", "a future that
//!   yields twice" and "counters while it runs" show the wrong count.
//! - `records-pending-before-polling` (the result recorded before it is known): "a
//!   future that is ready at once" and "counters while it runs" show the wrong results.
//! - `polls-inner-with-a-noop-waker` (a new `Context` instead of `cx`): its wakes never
//!   reach the executor; "a future that yields twice" panics (nothing can wake it) and
//!   "sleeps on tokio's paused clock" fails after two seconds instead of hanging.
//! - `inner-not-marked-pin` (no `#[pin]` on `inner`, then `Pin::new_unchecked` to poll it
//!   anyway): "Instrumented is Unpin only when its inner future is" says yes for a
//!   `!Unpin` inner future.
//! - moving the inner future out to poll it (`ptr::read` a copy onto the stack, poll
//!   the copy, `ptr::write` it back): "the inner future is polled where Instrumented
//!   keeps it" says no; with tokio's `Sleep` inside, the timer keeps pointing at the
//!   old place and the test process may crash (it did, SIGSEGV, when we tried), so it
//!   is not kept as a file: its verdict would depend on the run.
//! - no `#[pin]`, and `F: Unpin` added to use `Pin::new`: the tests that wrap an
//!   async block or `WhereAmI` no longer compile.

use instrumented::Instrumented;
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

//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/11-timers/03-timer-driver/mistakes/`, named first):
//! - `timeout-is-the-deadline` (parks for the next expiration's tick, not for the time
//!   from now to it): a_sleep_cascades_down finishes at 9088 ms instead of 5000 ms.
//! - `polls-after-every-park` (polls the task after each park, woken or not):
//!   a_sleep_cascades_down counts polls without a wake.
//! - `keeps-the-first-waker` (the waker is stored only when the timer is registered):
//!   moved_to_another_task wakes the old task, and `block_on` parks with nothing left
//!   to wake it.
//! - `forgets-to-cancel` (no `Drop` for `Sleep`): dropped_before_it_fired leaves the
//!   dropped timer in the wheel, where the driver would wake up for it.
//! - `spins-instead-of-parking` (checks the wheel in a loop, never parks): the pretend
//!   clock never moves; every scenario says "block_on spins" (the test's parker refuses
//!   the 10001st read of its clock without a park).
//! - parking with no timeout while a timer waits: every scenario (the test's parker
//!   refuses and says so); polling in a loop without parking: every scenario (the task
//!   refuses a 51st poll).
//! - registering again on every poll: moved_to_another_task shows two timers in the
//!   wheel; a `Sleep` due already that still waits for the driver: already_due.

use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};
use testkit::exec::Logged;
use testkit::wakers::Counting;
use testkit::{Trace, assert_trace};
use timer_driver::{Park, Sleep, Timer, block_on, sleep_until};

/// The test's stand-in for the operating system: parking moves a pretend clock forward
/// by the timeout at once, as tokio's paused clock does when every task waits.
struct TestPark {
    trace: Trace,
    timer: Timer,
    now: u64,
    parks: usize,
    /// Reads of the clock since the last park: a loop that never parks reads it forever.
    reads: Cell<usize>,
}

impl TestPark {
    fn new(trace: &Trace, timer: &Timer) -> TestPark {
        TestPark {
            trace: trace.clone(),
            timer: timer.clone(),
            now: 0,
            parks: 0,
            reads: Cell::new(0),
        }
    }
}

impl Park for TestPark {
    fn now(&self) -> u64 {
        self.reads.set(self.reads.get() + 1);
        if self.reads.get() > 10_000 {
            panic!("the clock was read 10000 times without a park: block_on spins");
        }
        self.now
    }

    fn park(&mut self, timeout: Option<u64>) {
        self.parks += 1;
        self.reads.set(0);
        let entries = self.timer.entries();
        if let Some(ms) = timeout {
            self.trace.log(format!("driver: park for {ms} ms"));
        }
        // What the wheel holds while the driver sleeps.
        for (id, _when, level, slot) in &entries {
            self.trace
                .log(format!("level{level}: timer {id} in slot {slot}"));
        }
        match timeout {
            Some(ms) => self.now += ms,
            None if entries.is_empty() => {
                panic!("parked with no timeout and no timer left: nothing would ever wake it")
            }
            None => panic!("parked with no timeout while a timer waits: it would never fire"),
        }
        if self.parks > 20 {
            panic!("parked 20 times: the task was never polled to the end");
        }
    }
}

/// A task polled more than 50 times stops the scenario: `block_on` polls in a loop
/// (otherwise such a loop would fill the trace until the grader stops it).
struct Bounded<F> {
    future: F,
    polls: usize,
}

impl<F: Future + Unpin> Future for Bounded<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls += 1;
        if self.polls > 50 {
            panic!("the task was polled 50 times: block_on polls without waiting");
        }
        Pin::new(&mut self.future).poll(cx)
    }
}

/// Runs `block_on`; a refusal of the test's parker becomes a trace line.
fn run<F: Future>(
    trace: &Trace,
    timer: &Timer,
    park: &mut TestPark,
    future: F,
) -> Option<F::Output> {
    let future = Bounded {
        future: Box::pin(future),
        polls: 0,
    };
    match catch_unwind(AssertUnwindSafe(|| block_on(timer, park, future))) {
        Ok(output) => Some(output),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            trace.log(format!("block_on did not return: {message}"));
            None
        }
    }
}

#[test]
fn a_sleep_cascades_down() {
    let trace = Trace::new("a task sleeps until 5000 ms");
    let timer = Timer::new();
    let mut park = TestPark::new(&trace, &timer);
    let sleep = sleep_until(&timer, 5000);
    let task = Logged::new(&trace, "task", sleep);
    let counts = task.counts();
    if run(&trace, &timer, &mut park, task).is_some() {
        trace.log(format!("output: finished at {} ms", park.now));
    }
    trace.log(format!(
        "polls without a wake: {}",
        counts.polls_without_a_wake()
    ));
    trace.log(format!(
        "timers left in the wheel: {}",
        timer.entries().len()
    ));
    assert_trace!("a_sleep_cascades_down", trace);
}

#[test]
fn two_sleeps_in_turn() {
    let trace = Trace::new("a task sleeps until 10 ms, then until 70 ms");
    let timer = Timer::new();
    let mut park = TestPark::new(&trace, &timer);
    let task = {
        let timer = timer.clone();
        async move {
            sleep_until(&timer, 10).await;
            sleep_until(&timer, 70).await;
        }
    };
    let task = Logged::new(&trace, "task", task);
    let counts = task.counts();
    if run(&trace, &timer, &mut park, task).is_some() {
        trace.log(format!("output: finished at {} ms", park.now));
    }
    trace.log(format!(
        "polls without a wake: {}",
        counts.polls_without_a_wake()
    ));
    assert_trace!("two_sleeps_in_turn", trace);
}

#[test]
fn already_due() {
    let trace = Trace::new("sleeps whose deadline has already passed");
    let timer = Timer::new();
    let mut park = TestPark::new(&trace, &timer);
    let sleep = sleep_until(&timer, 0);
    trace.log(format!(
        "created a sleep until 0 ms; timers in the wheel: {}",
        timer.entries().len()
    ));
    let task = {
        let timer = timer.clone();
        async move {
            sleep.await;
            sleep_until(&timer, 3).await;
            // Due at 3 ms, and the clock says 3 ms: ready at once.
            sleep_until(&timer, 3).await;
        }
    };
    let task = Logged::new(&trace, "task", task);
    if run(&trace, &timer, &mut park, task).is_some() {
        trace.log(format!("output: finished at {} ms", park.now));
    }
    trace.log(format!("parks: {}", park.parks));
    assert_trace!("already_due", trace);
}

#[test]
fn moved_to_another_task() {
    let trace = Trace::new("a sleep polled once by task A, then run by block_on");
    let timer = Timer::new();
    let mut park = TestPark::new(&trace, &timer);
    let mut sleep: Sleep = sleep_until(&timer, 20);
    let task_a = Counting::new();
    let waker_a = task_a.waker();
    let first = Pin::new(&mut sleep).poll(&mut Context::from_waker(&waker_a));
    trace.log(format!("task A: poll -> {first:?}"));
    let task = Logged::new(&trace, "task B", sleep);
    if run(&trace, &timer, &mut park, task).is_some() {
        trace.log(format!("output: finished at {} ms", park.now));
    }
    trace.log(format!("task A woken: {} time(s)", task_a.wakes()));
    assert_trace!("moved_to_another_task", trace);
}

#[test]
fn dropped_before_it_fired() {
    let trace = Trace::new("a sleep until 1000 ms is polled once and dropped");
    let timer = Timer::new();
    let mut park = TestPark::new(&trace, &timer);
    let task = {
        let timer = timer.clone();
        let trace = trace.clone();
        async move {
            let mut long = sleep_until(&timer, 1000);
            // Poll it once, as `select!` would, then give up on it.
            poll_fn(|cx| {
                let _ = Pin::new(&mut long).poll(cx);
                Poll::Ready(())
            })
            .await;
            trace.log(format!("timers in the wheel: {}", timer.entries().len()));
            drop(long);
            trace.log(format!(
                "dropped it; timers in the wheel: {}",
                timer.entries().len()
            ));
            sleep_until(&timer, 10).await;
        }
    };
    let task = Logged::new(&trace, "task", task);
    if run(&trace, &timer, &mut park, task).is_some() {
        trace.log(format!("output: finished at {} ms", park.now));
    }
    trace.log(format!(
        "timers left in the wheel: {}",
        timer.entries().len()
    ));
    assert_trace!("dropped_before_it_fired", trace);
}

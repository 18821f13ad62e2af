//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/05-wakers/05-mini-executor/mistakes/`, named first):
//! - `last-in-first-out` (`pop_back`), or new tasks put first: three_tasks_take_turns
//!   shows another order.
//! - `queued-on-every-wake` (no `queued` check): woken_twice_polled_once shows an
//!   extra poll of `a`.
//! - `queued-cleared-after-the-poll` (a wake during the poll is lost): a yielding task
//!   is never polled again; three_tasks_take_turns and the others say "run did not
//!   return".
//! - `wakes-before-the-output-is-there` (`complete` wakes, then stores the output):
//!   a_handle_polled_from_outside, whose waker polls the handle at the moment of the
//!   wake, sees Pending, on every run.
//! - `wakes-while-holding-the-lock` (`complete` wakes under the lock):
//!   a_handle_polled_from_outside says "blocked".
//! - `handle-keeps-the-first-waker`: a_handle_polled_from_outside counts a wake of a
//!   waker older than the latest.
//! - `spins-while-waiting` (`run` checks the queue again and again instead of sleeping
//!   on the `Condvar`): run_sleeps_while_it_waits says "spun while waiting: yes".
//! - a task that returned Pending queued again at once, woken or not:
//!   join_handle_wakes_its_awaiter and woken_from_another_thread show polls that
//!   nobody asked for.
//! - a finished task polled again after a late wake: a_wake_after_the_task_finished
//!   panics ("`async fn` resumed after completion").
//! - `run` returns as soon as the queue is empty, while a task still waits for a
//!   wake from another thread: woken_from_another_thread ("run returned" before
//!   `c` was polled again).
//! - a `JoinHandle` that never stores the waiter's waker, or `complete` that never
//!   wakes it: join_handle_wakes_its_awaiter says "run did not return" (the test
//!   gives up after 1 s instead of hanging).
//! - a `JoinHandle` that waits for a wake even when the output is already there:
//!   awaiting_a_finished_task.

use mini_executor::Executor;
use std::future::Future;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};
use testkit::exec::Logged;
use testkit::wakers::{ByHand, Wakers};
use testkit::{Trace, assert_trace, cpu, yes_no};

/// A correct executor finishes every scenario in microseconds; a test that waits this
/// long for `run` has a task that is never polled again. Short, so that a wrong answer
/// that loses every wake is graded "wrong" within the time limit even when the
/// scenarios run one at a time (pinned to one CPU).
const PATIENCE: Duration = Duration::from_secs(1);

/// Runs the executor on a helper thread and waits at most 1 s for `run` to
/// return, so a task that is never woken shows up in the trace, not as a hang.
/// A panic inside `run` (a `todo!()`, say) is passed on to the test.
fn run(executor: &Executor, trace: &Trace) {
    let (done, finished) = mpsc::channel();
    let executor = executor.clone();
    let runner = std::thread::spawn(move || {
        executor.run();
        let _ = done.send(());
    });
    match finished.recv_timeout(PATIENCE) {
        Ok(()) => trace.log("run returned: no task left"),
        Err(RecvTimeoutError::Timeout) => {
            trace.log("run did not return within 1 s: a task waits for a wake that never comes")
        }
        Err(RecvTimeoutError::Disconnected) => {
            if let Err(panic) = runner.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

/// Returns Pending once, after asking to be polled again (a yield).
fn yield_now(times_to_wake: usize) -> impl Future<Output = ()> {
    let mut yielded = false;
    std::future::poll_fn(move |cx: &mut Context<'_>| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        for _ in 0..times_to_wake {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    })
}

/// A one-off signal between tasks: `wait` is Ready once `fire` was called.
#[derive(Clone, Default)]
struct Signal(Arc<Mutex<(bool, Option<Waker>)>>);

impl Signal {
    fn fire(&self) {
        let mut state = self.0.lock().unwrap();
        state.0 = true;
        if let Some(waker) = state.1.take() {
            drop(state);
            waker.wake();
        }
    }

    /// For another thread: fires once a task waits, so the task is polled first.
    /// Gives up after PATIENCE, so a task that never runs does not hang the test.
    fn fire_once_waited(&self) {
        let start = Instant::now();
        while self.0.lock().unwrap().1.is_none() {
            if start.elapsed() > PATIENCE {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        self.fire();
    }

    fn wait(&self) -> impl Future<Output = ()> + use<> {
        let signal = self.clone();
        std::future::poll_fn(move |cx: &mut Context<'_>| {
            let mut state = signal.0.lock().unwrap();
            if state.0 {
                return Poll::Ready(());
            }
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        })
    }
}

#[test]
fn three_tasks_take_turns() {
    let trace = Trace::new("three tasks yield once each; the queue is first in, first out");
    let executor = Executor::new();
    for name in ["a", "b", "c"] {
        let _detached = executor.spawn(Logged::new(&trace, name, yield_now(1)));
    }
    run(&executor, &trace);
    assert_trace!("three_tasks_take_turns", trace);
}

#[test]
fn woken_twice_polled_once() {
    let trace = Trace::new("a wakes itself twice: it is queued once and polled once");
    let executor = Executor::new();
    let signal = Signal::default();
    let wait = signal.wait();
    let _a = executor.spawn(Logged::new(&trace, "a", async move {
        yield_now(2).await;
        wait.await;
    }));
    let _b = executor.spawn(Logged::new(&trace, "b", async move {
        yield_now(1).await;
        signal.fire();
    }));
    run(&executor, &trace);
    assert_trace!("woken_twice_polled_once", trace);
}

#[test]
fn join_handle_wakes_its_awaiter() {
    let trace = Trace::new("main spawns a child and awaits its JoinHandle");
    let executor = Executor::new();
    let spawner = executor.clone();
    let log = trace.clone();
    let _main = executor.spawn(Logged::new(&trace, "main", async move {
        let child = spawner.spawn(Logged::new(&log, "child", async {
            yield_now(1).await;
            yield_now(1).await;
            42
        }));
        let output = child.await;
        log.log(format!("main: the child returned {output}"));
    }));
    run(&executor, &trace);
    assert_trace!("join_handle_wakes_its_awaiter", trace);
}

#[test]
fn awaiting_a_finished_task() {
    let trace = Trace::new("main awaits the handle of a child that has already finished");
    let executor = Executor::new();
    let spawner = executor.clone();
    let log = trace.clone();
    let _main = executor.spawn(Logged::new(&trace, "main", async move {
        let child = spawner.spawn(Logged::new(&log, "child", async { "done" }));
        yield_now(1).await;
        yield_now(1).await;
        let output = child.await;
        log.log(format!("main: the child returned {output:?}"));
    }));
    run(&executor, &trace);
    assert_trace!("awaiting_a_finished_task", trace);
}

#[test]
fn a_wake_after_the_task_finished() {
    let trace = Trace::new("b wakes a after a has finished: a must not be polled again");
    let executor = Executor::new();
    let kept: Arc<Mutex<Option<Waker>>> = Arc::default();
    let keep = kept.clone();
    let _a = executor.spawn(Logged::new(&trace, "a", async move {
        std::future::poll_fn(|cx: &mut Context<'_>| {
            *keep.lock().unwrap() = Some(cx.waker().clone());
            Poll::Ready(())
        })
        .await;
    }));
    let _b = executor.spawn(Logged::new(&trace, "b", async move {
        yield_now(1).await;
        let waker = kept.lock().unwrap().take().expect("a kept its waker");
        waker.wake();
    }));
    run(&executor, &trace);
    assert_trace!("a_wake_after_the_task_finished", trace);
}

#[test]
fn woken_from_another_thread() {
    let trace = Trace::new("c waits for a message from another thread; run waits with it");
    let executor = Executor::new();
    let signal = Signal::default();
    let wait = signal.wait();
    let _c = executor.spawn(Logged::new(&trace, "c", wait));
    let sender = std::thread::spawn(move || {
        signal.fire_once_waited();
    });
    run(&executor, &trace);
    sender.join().unwrap();
    assert_trace!("woken_from_another_thread", trace);
}

#[test]
fn a_handle_polled_from_outside() {
    let trace = Trace::new(
        "a JoinHandle polled by hand, with a new waker each poll; the task ends on run's thread",
    );
    let executor = Executor::new();
    let handle = executor.spawn(async { 42 });
    let mut by_hand = ByHand::new(handle, Wakers::FreshEachPoll);
    // The waker polls the handle again at the moment of the wake, from a helper
    // thread: the output must be there by then, and no lock held.
    by_hand.poll_again_when_woken(&trace, "handle");
    for poll in 1..=2 {
        trace.log(format!("handle, poll {poll} by hand: {:?}", by_hand.poll()));
    }
    run(&executor, &trace);
    trace.log(format!("handle finished: {}", yes_no(by_hand.finished())));
    trace.log(format!(
        "wakes of a waker older than the latest: {}",
        by_hand.counts().stale_wakes
    ));
    assert_trace!("a_handle_polled_from_outside", trace);
}

#[test]
fn run_sleeps_while_it_waits() {
    cpu::alone(|| {
        let trace = Trace::new("c waits 300 ms for another thread; run must sleep meanwhile");
        let executor = Executor::new();
        let signal = Signal::default();
        let wait = signal.wait();
        let _c = executor.spawn(Logged::new(&trace, "c", wait));
        let sender = std::thread::spawn(move || {
            std::thread::sleep(cpu::WINDOW);
            signal.fire_once_waited();
        });
        let ((), busy) = cpu::measure(|| run(&executor, &trace));
        trace.log(cpu::spun_line(busy));
        sender.join().unwrap();
        assert_trace!("run_sleeps_while_it_waits", trace);
    });
}

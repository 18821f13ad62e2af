//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/05-wakers/04-thread-timer/mistakes/`, named first):
//! - `keeps-the-first-waker` (`will_wake` never asked, the first waker kept), so a
//!   future that moved to another task wakes the old one: moved_to_another_task
//!   ("task B: not woken").
//! - `wakes-before-setting-fired` (wake, then set `fired` under a second lock): the
//!   poll made at the moment of the wake still sees Pending
//!   (the_poll_right_after_the_wake), on every run: the test's waker polls at once.
//! - `wakes-while-holding-the-lock`: the poll made at the moment of the wake cannot
//!   get the lock (the_poll_right_after_the_wake says "blocked").
//! - `clones-on-every-poll` (no `will_wake` first): polled_again_by_the_same_task
//!   counts three clones made by `poll`.
//! - `starts-the-timer-in-sleep` (the thread started by `sleep()`, not by the first
//!   poll): not_started_before_the_first_poll counts a thread started before the first
//!   poll.
//! - `a-thread-per-poll`: polled_again_by_the_same_task counts three wakes.
//! - `spins-until-the-deadline` (the timer thread checks the clock in a loop instead of
//!   sleeping): not_started_before_the_first_poll says "spun while waiting: yes".
//! - never calling the waker (the thread only sets `fired`): one_task says "not woken"
//!   and run_by_the_logging_executor says "did not return", instead of hanging:
//!   the tests wait with a time limit.
//! - returning Ready on the first poll, or before the time is up: one_task.
//!
//! Clones are counted only when `poll` makes them: the timer thread may clone the
//! waker it wakes (taking the latest waker under the lock, waking after unlocking).

use std::cell::Cell;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, RawWaker, RawWakerVTable, Waker};
use std::time::{Duration, Instant};
use testkit::{Trace, assert_trace, cpu, eager};
use thread_timer::{Sleep, sleep};

/// Long enough that a few polls in a row come before the timer fires, even on a busy
/// machine (a thread would have to stall for this long for them not to).
const LONG: Duration = Duration::from_millis(500);
const SHORT: Duration = Duration::from_millis(20);
/// How long a test waits for a wake before it says "not woken" instead of hanging.
const PATIENCE: Duration = Duration::from_secs(2);

/// A pretend task: its waker counts clones and wakes, and the test can wait for a wake.
struct Task {
    name: &'static str,
    /// Clones made while this task's `poll` ran, on the polling thread.
    clones_by_poll: AtomicUsize,
    wakes: Mutex<usize>,
    woken: Condvar,
    /// Run once, at the moment of the first wake, before the wake is counted.
    on_wake: Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

thread_local! {
    /// True on a thread while `Task::poll` runs there.
    static POLLING: Cell<bool> = const { Cell::new(false) };
}

impl Task {
    fn new(name: &'static str) -> Arc<Task> {
        Arc::new(Task {
            name,
            clones_by_poll: AtomicUsize::new(0),
            wakes: Mutex::new(0),
            woken: Condvar::new(),
            on_wake: Mutex::new(None),
        })
    }

    fn waker(self: &Arc<Task>) -> Waker {
        let data = Arc::into_raw(self.clone()).cast::<()>();
        // SAFETY: the vtable below treats `data` as an owned `Arc<Task>`, and all
        // four functions are thread-safe (atomics and locks only).
        unsafe { Waker::from_raw(RawWaker::new(data, &VTABLE)) }
    }

    fn poll(self: &Arc<Task>, trace: &Trace, future: Pin<&mut Sleep>) {
        let waker = self.waker();
        POLLING.set(true);
        let result = future.poll(&mut Context::from_waker(&waker));
        POLLING.set(false);
        trace.log(format!("task {}: poll -> {result:?}", self.name));
    }

    /// Waits (at most PATIENCE) until this task was woken `n` times.
    fn wait_for_wakes(&self, trace: &Trace, n: usize) {
        let wakes = self.wakes.lock().unwrap();
        let (wakes, _) = self
            .woken
            .wait_timeout_while(wakes, PATIENCE, |w| *w < n)
            .unwrap();
        if *wakes < n {
            trace.log(format!("task {}: not woken within {PATIENCE:?}", self.name));
        }
    }

    fn log_counts(&self, trace: &Trace) {
        trace.log(format!(
            "task {}: woken {} time(s), waker cloned by poll {} time(s)",
            self.name,
            self.wakes.lock().unwrap(),
            self.clones_by_poll.load(Ordering::SeqCst)
        ));
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

unsafe fn clone(data: *const ()) -> RawWaker {
    // SAFETY: `data` is an `Arc<Task>` owned by the waker being cloned.
    unsafe {
        Arc::increment_strong_count(data.cast::<Task>());
        if POLLING.get() {
            (*data.cast::<Task>())
                .clones_by_poll
                .fetch_add(1, Ordering::SeqCst);
        }
    }
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake(data: *const ()) {
    // SAFETY: `wake` consumes the waker: wake by reference, then give back its count.
    unsafe {
        wake_by_ref(data);
        drop_waker(data);
    }
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: the waker is alive during the call.
    let task = unsafe { &*data.cast::<Task>() };
    let hook = task.on_wake.lock().unwrap().take();
    if let Some(hook) = hook {
        hook();
    }
    *task.wakes.lock().unwrap() += 1;
    task.woken.notify_all();
}

unsafe fn drop_waker(data: *const ()) {
    // SAFETY: gives back the strong count this waker owned.
    unsafe { Arc::decrement_strong_count(data.cast::<Task>()) };
}

/// Gives threads started by a wrong answer time to show themselves.
fn settle() {
    std::thread::sleep(Duration::from_millis(30));
}

#[test]
fn one_task() {
    let trace = Trace::new("one task sleeps 20 ms");
    let a = Task::new("A");
    let mut timer = pin!(sleep(SHORT));
    let start = Instant::now();
    a.poll(&trace, timer.as_mut());
    a.wait_for_wakes(&trace, 1);
    trace.log(format!(
        "woken no earlier than 20 ms after the first poll: {}",
        start.elapsed() >= SHORT
    ));
    a.poll(&trace, timer.as_mut());
    settle();
    a.log_counts(&trace);
    assert_trace!("one_task", trace);
}

#[test]
fn polled_again_by_the_same_task() {
    let trace = Trace::new("one task polls three times before the timer fires");
    let a = Task::new("A");
    let mut timer = pin!(sleep(LONG));
    for _ in 0..3 {
        a.poll(&trace, timer.as_mut());
    }
    a.wait_for_wakes(&trace, 1);
    a.poll(&trace, timer.as_mut());
    settle();
    a.log_counts(&trace);
    assert_trace!("polled_again_by_the_same_task", trace);
}

#[test]
fn moved_to_another_task() {
    let trace = Trace::new("task A polls first, then task B; the timer must wake B");
    let a = Task::new("A");
    let b = Task::new("B");
    let mut timer = pin!(sleep(LONG));
    a.poll(&trace, timer.as_mut());
    b.poll(&trace, timer.as_mut());
    b.wait_for_wakes(&trace, 1);
    b.poll(&trace, timer.as_mut());
    settle();
    a.log_counts(&trace);
    b.log_counts(&trace);
    assert_trace!("moved_to_another_task", trace);
}

#[test]
fn not_started_before_the_first_poll() {
    // Counting the process's threads is exact only when no other test runs beside
    // this one: `alone` runs it in a process of its own.
    cpu::alone(|| {
        let trace = Trace::new("creating a sleep starts nothing; its first poll starts the timer");
        let a = Task::new("A");
        let threads = eager::Threads::count();
        let mut timer = pin!(sleep(LONG));
        trace.log(threads.line());
        a.poll(&trace, timer.as_mut());
        let started = threads
            .started()
            .map_or("unknown".to_string(), |n| n.to_string());
        trace.log(format!("threads started by the first poll: {started}"));
        // The timer thread sleeps for 500 ms: it must not burn a CPU meanwhile.
        let ((), busy) = cpu::measure(|| a.wait_for_wakes(&trace, 1));
        trace.log(cpu::spun_line(busy));
        a.poll(&trace, timer.as_mut());
        settle();
        a.log_counts(&trace);
        assert_trace!("not_started_before_the_first_poll", trace);
    });
}

/// How long the poll made at the moment of the wake may take; it takes microseconds
/// unless it waits for a lock that the waking thread holds.
const LOCK_PATIENCE: Duration = Duration::from_secs(1);

#[test]
fn the_poll_right_after_the_wake() {
    let trace =
        Trace::new("when the timer wakes task A, A polls again at once, from another thread");
    let a = Task::new("A");
    let timer = Arc::new(Mutex::new(Box::pin(sleep(LONG))));
    {
        let (timer, trace, task) = (timer.clone(), trace.clone(), a.clone());
        // A real executor may poll the woken task on another thread while `wake` is
        // still running: this waker does exactly that, and waits for the answer.
        *a.on_wake.lock().unwrap() = Some(Box::new(move || {
            let (answer, answered) = mpsc::channel();
            std::thread::spawn(move || {
                let waker = task.waker();
                let result = timer
                    .lock()
                    .unwrap()
                    .as_mut()
                    .poll(&mut Context::from_waker(&waker));
                let _ = answer.send(result);
            });
            match answered.recv_timeout(LOCK_PATIENCE) {
                Ok(result) => trace.log(format!("task A, polled at the wake: {result:?}")),
                Err(_) => trace.log(
                    "task A, polled at the wake: blocked (the lock was still held while waking)",
                ),
            }
        }));
    }
    a.poll(&trace, timer.lock().unwrap().as_mut());
    a.wait_for_wakes(&trace, 1);
    settle();
    a.log_counts(&trace);
    assert_trace!("the_poll_right_after_the_wake", trace);
}

#[test]
fn run_by_the_logging_executor() {
    let trace = Trace::new("testkit's block_on runs two sleeps one after the other");
    // LONG, so the logging executor has written "returned Pending" before the wake.
    // It runs on a helper thread: if no wake ever comes, the trace says so.
    let (executor_log, log) = (trace.clone(), trace.clone());
    let (done, finished) = mpsc::channel();
    let runner = std::thread::spawn(move || {
        testkit::exec::block_on(&executor_log, async move {
            sleep(LONG).await;
            log.log("first sleep done");
            sleep(LONG).await;
            log.log("second sleep done");
        });
        let _ = done.send(());
    });
    match finished.recv_timeout(PATIENCE + LONG * 2) {
        Ok(()) => {}
        Err(RecvTimeoutError::Timeout) => trace.log("block_on did not return: no wake came"),
        Err(RecvTimeoutError::Disconnected) => {
            if let Err(panic) = runner.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
    assert_trace!("run_by_the_logging_executor", trace);
}

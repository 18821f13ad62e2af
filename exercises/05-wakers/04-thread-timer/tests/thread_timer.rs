// Likely wrong answers, and the scenario that catches each:
// - keeping the first waker only (`if waker.is_none()`), so a future that moved to
//   another task wakes the old one: moved_to_another_task ("task B: not woken").
// - never calling the waker (the thread only sets `fired`): one_task says "not woken"
//   and run_by_the_logging_executor says "did not return", instead of hanging:
//   the tests wait with a time limit.
// - starting a thread on every poll: polled_again_by_the_same_task counts three wakes.
// - cloning the waker on every poll instead of asking `will_wake` first:
//   polled_again_by_the_same_task counts three clones.
// - returning Ready on the first poll, or before the time is up: one_task.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, RawWaker, RawWakerVTable, Waker};
use std::time::{Duration, Instant};
use testkit::{Trace, assert_trace};
use thread_timer::{Sleep, sleep};

/// Long enough that two polls in a row certainly come before the timer fires,
/// even on a busy machine.
const LONG: Duration = Duration::from_millis(300);
const SHORT: Duration = Duration::from_millis(20);
/// How long a test waits for a wake before it says "not woken" instead of hanging.
const PATIENCE: Duration = Duration::from_secs(2);

/// A pretend task: its waker counts clones and wakes, and the test can wait for a wake.
struct Task {
    name: &'static str,
    clones: AtomicUsize,
    wakes: Mutex<usize>,
    woken: Condvar,
}

impl Task {
    fn new(name: &'static str) -> Arc<Task> {
        Arc::new(Task {
            name,
            clones: AtomicUsize::new(0),
            wakes: Mutex::new(0),
            woken: Condvar::new(),
        })
    }

    fn waker(self: &Arc<Task>) -> Waker {
        let data = Arc::into_raw(self.clone()).cast::<()>();
        // SAFETY: the vtable below treats `data` as an owned `Arc<Task>`.
        unsafe { Waker::from_raw(RawWaker::new(data, &VTABLE)) }
    }

    fn poll(self: &Arc<Task>, trace: &Trace, future: Pin<&mut Sleep>) {
        let waker = self.waker();
        let result = future.poll(&mut Context::from_waker(&waker));
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
            "task {}: woken {} time(s), waker cloned {} time(s)",
            self.name,
            self.wakes.lock().unwrap(),
            self.clones.load(Ordering::SeqCst)
        ));
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop);

unsafe fn clone(data: *const ()) -> RawWaker {
    // SAFETY: `data` is an `Arc<Task>` owned by the waker being cloned.
    unsafe {
        Arc::increment_strong_count(data.cast::<Task>());
        (*data.cast::<Task>()).clones.fetch_add(1, Ordering::SeqCst);
    }
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake(data: *const ()) {
    unsafe {
        wake_by_ref(data);
        drop(data);
    }
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: the waker is alive during the call.
    let task = unsafe { &*data.cast::<Task>() };
    *task.wakes.lock().unwrap() += 1;
    task.woken.notify_all();
}

unsafe fn drop(data: *const ()) {
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

//! Likely wrong answers, and the scenario that catches each:
//! - `poll` checks the channel with `try_recv` and returns `Pending` without handing
//!   the waker to anyone: the handle is never woken (`result_comes_back`);
//! - `poll` waits for the thread (`blocking_recv`, `join`): the first poll does not
//!   return `Pending` (`result_comes_back`);
//! - no `catch_unwind`: the thread dies, the sender is dropped unsent, and the
//!   panic's message is lost (`work_that_panics`);
//! - reading the payload as text with `unwrap`: a payload that is not text panics
//!   in `poll` (`work_panics_with_a_number`);
//!
//! Kept as files in `solutions/07-spawn-blocking/02-spawn-blocking-by-hand/mistakes/`:
//! `peeks-with-try-recv.diff` (`result_comes_back`), `no-catch-unwind.diff`
//! (`work_that_panics`), `payload-must-be-text.diff` (`work_panics_with_a_number`).
//!
//! `new_waker_each_poll` checks the rule that the latest waker is the one woken, and
//! `dropped_handle` shows that dropping the handle does not stop the work.

use blocking_by_hand::{BlockingHandle, spawn_blocking};
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;
use testkit::{Trace, assert_trace};

/// How long a scenario waits for something that a correct answer does at once.
const PATIENCE: Duration = Duration::from_secs(1);

/// A waker that remembers it was woken, so the test can wait for it.
#[derive(Default)]
struct Flag {
    woken: Mutex<bool>,
    wakeup: Condvar,
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        *self.woken.lock().unwrap() = true;
        self.wakeup.notify_all();
    }
}

impl Flag {
    /// Waits until woken, for one second at most.
    fn wait(&self) -> bool {
        let woken = self.woken.lock().unwrap();
        let (woken, _) = self
            .wakeup
            .wait_timeout_while(woken, PATIENCE, |w| !*w)
            .unwrap();
        *woken
    }
}

/// Polls `handle` once with `flag`'s waker and logs the answer.
fn poll_once<T: Debug>(
    trace: &Trace,
    handle: &mut BlockingHandle<T>,
    name: &str,
    flag: &Arc<Flag>,
) -> bool {
    let waker = Waker::from(flag.clone());
    match Pin::new(handle).poll(&mut Context::from_waker(&waker)) {
        Poll::Pending => {
            trace.log(format!("handle: poll with waker {name} -> Pending"));
            false
        }
        Poll::Ready(result) => {
            trace.log(format!(
                "handle: poll with waker {name} -> Ready({result:?})"
            ));
            true
        }
    }
}

/// Polls until the handle is ready, however often it wakes, and says how it ended.
fn finish<T: Debug>(mut handle: BlockingHandle<T>) -> String {
    let flag = Arc::new(Flag::default());
    let waker = Waker::from(flag.clone());
    loop {
        match Pin::new(&mut handle).poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(result) => return format!("Ready({result:?})"),
            Poll::Pending if flag.wait() => *flag.woken.lock().unwrap() = false,
            Poll::Pending => return "never woken".to_string(),
        }
    }
}

fn log_wait(trace: &Trace, name: &str, flag: &Flag) {
    if flag.wait() {
        trace.log(format!("waker {name}: woken"));
    } else {
        trace.log(format!("waker {name}: not woken within a second"));
    }
}

/// Work that waits for the test's go before it returns `value`, so the first poll
/// always finds it unfinished.
fn gated<T: Send + 'static>(value: T) -> (mpsc::Sender<()>, impl FnOnce() -> T + Send + 'static) {
    let (go, wait) = mpsc::channel::<()>();
    (go, move || {
        let _ = wait.recv_timeout(PATIENCE);
        value
    })
}

// ANCHOR: result_comes_back
#[test]
fn result_comes_back() {
    let trace = Trace::new("the work returns 42 after the first poll");
    let (go, work) = gated(42);
    let mut handle = spawn_blocking(work);
    let a = Arc::new(Flag::default());
    poll_once(&trace, &mut handle, "a", &a);
    trace.log("test: let the work finish");
    let _ = go.send(());
    log_wait(&trace, "a", &a);
    poll_once(&trace, &mut handle, "a", &a);
    assert_trace!("result_comes_back", trace);
}
// ANCHOR_END: result_comes_back

#[test]
fn new_waker_each_poll() {
    let trace = Trace::new("polled with waker a, then b: the latest waker is the one woken");
    let (go, work) = gated("done");
    let mut handle = spawn_blocking(work);
    let a = Arc::new(Flag::default());
    let b = Arc::new(Flag::default());
    poll_once(&trace, &mut handle, "a", &a);
    poll_once(&trace, &mut handle, "b", &b);
    trace.log("test: let the work finish");
    let _ = go.send(());
    log_wait(&trace, "b", &b);
    poll_once(&trace, &mut handle, "b", &b);
    assert_trace!("new_waker_each_poll", trace);
}

#[test]
fn work_that_panics() {
    let trace = Trace::new("the work panics, first with a literal message, then a formatted one");
    for (name, work) in [
        (
            "a",
            Box::new(|| -> u8 { panic!("disk on fire") }) as Box<dyn FnOnce() -> u8 + Send>,
        ),
        ("b", Box::new(|| -> u8 { panic!("bad input: {}", 3) })),
    ] {
        let (go, gate) = gated(());
        let mut handle = spawn_blocking(move || {
            gate();
            work()
        });
        let flag = Arc::new(Flag::default());
        poll_once(&trace, &mut handle, name, &flag);
        let _ = go.send(());
        log_wait(&trace, name, &flag);
        if !poll_once(&trace, &mut handle, name, &flag) {
            trace.log("handle: still Pending after the work ended: the caller would hang");
        }
    }
    assert_trace!("work_that_panics", trace);
}

#[test]
fn dropped_handle() {
    let trace = Trace::new("the handle is dropped before the work finishes");
    let (go, gate) = gated(());
    let (done, finished) = mpsc::channel();
    let handle = spawn_blocking(move || {
        gate();
        done.send("work: finished anyway").unwrap();
        5
    });
    drop(handle);
    trace.log("test: dropped the handle");
    let _ = go.send(());
    trace.log(
        finished
            .recv_timeout(PATIENCE)
            .unwrap_or("work: did not finish"),
    );
    // Another call still works: nothing was left broken.
    trace.log(format!("the next call: {}", finish(spawn_blocking(|| 6))));
    assert_trace!("dropped_handle", trace);
}

#[test]
fn work_panics_with_a_number() {
    let trace = Trace::new("the work panics with a number, not a message");
    let (go, gate) = gated(());
    let mut handle = spawn_blocking(move || -> u8 {
        gate();
        std::panic::panic_any(404u16)
    });
    let flag = Arc::new(Flag::default());
    poll_once(&trace, &mut handle, "a", &flag);
    let _ = go.send(());
    log_wait(&trace, "a", &flag);
    let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        poll_once(&trace, &mut handle, "a", &flag)
    }));
    if polled.is_err() {
        trace.log("handle: poll panicked on a payload that is not text");
    }
    assert_trace!("work_panics_with_a_number", trace);
}

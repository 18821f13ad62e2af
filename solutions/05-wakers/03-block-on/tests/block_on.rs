// Likely wrong answers, and the scenario that catches each:
// - a waker that does nothing (`Waker::noop()`, or `wake` left empty) and then
//   `thread::park()`: nothing ever unparks the thread, so woken_from_another_thread
//   hangs (the grader stops it and says so).
// - no park at all, polling again in a busy loop: the future is polled before anyone
//   woke it, and says so (woken_from_another_thread, spurious_wakes).
// - a wake flag that is not kept when the wake comes before the park (for example a
//   Condvar waited on without checking a flag): wake_before_park hangs.
// - polling only once more after a wake and assuming the future is ready: a wake is
//   a hint, not a promise (spurious_wakes panics or shows a missing poll).
// - unparking a thread other than the caller's (for example a thread spawned for
//   the purpose): every scenario that has to wait hangs.

use block_on_by_hand::block_on;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;
use testkit::{Trace, assert_trace};

/// What a `Gate` knows; one lock, so the trace order follows the real order.
#[derive(Default)]
struct GateState {
    open: bool,
    woken_since_last_poll: bool,
    polls: usize,
    waker: Option<Waker>,
    reported_early_poll: bool,
}

/// A future that is ready once someone opens its gate. It records every poll and
/// notices a poll that nobody asked for (no wake since the last poll).
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
    trace: Trace,
}

impl Gate {
    fn new(trace: &Trace) -> Arc<Gate> {
        Arc::new(Gate {
            state: Mutex::default(),
            changed: Condvar::new(),
            trace: trace.clone(),
        })
    }

    fn wait(self: &Arc<Gate>) -> WaitForGate {
        WaitForGate(self.clone())
    }

    /// Blocks the calling (test) thread until the future was polled `polls` times.
    fn wait_for_poll(&self, polls: usize) {
        let state = self.state.lock().unwrap();
        let _state = self
            .changed
            .wait_while(state, |s| s.polls < polls || s.waker.is_none())
            .unwrap();
    }

    /// Wakes the future; `open` says whether it will be ready when polled.
    fn wake(&self, who: &str, open: bool) {
        let mut state = self.state.lock().unwrap();
        state.open |= open;
        state.woken_since_last_poll = true;
        let what = if open {
            "opens the gate and wakes"
        } else {
            "wakes without opening the gate"
        };
        self.trace.log(format!("{who}: {what}"));
        let waker = state.waker.clone().expect("the future registered a waker");
        drop(state);
        waker.wake();
    }
}

struct WaitForGate(Arc<Gate>);

impl Future for WaitForGate {
    type Output = usize;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let gate = &self.0;
        let mut state = gate.state.lock().unwrap();
        state.polls += 1;
        let polls = state.polls;
        if polls > 1 && !state.woken_since_last_poll && !state.reported_early_poll {
            state.reported_early_poll = true;
            gate.trace.log("future: polled although nobody woke it");
        }
        state.woken_since_last_poll = false;
        let result = if state.open {
            Poll::Ready(polls)
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        };
        gate.trace
            .log(format!("future: poll {polls} -> {result:?}"));
        drop(state);
        gate.changed.notify_all();
        result
    }
}

#[test]
fn ready_at_once() {
    let trace = Trace::new("the gate is open before the first poll");
    let gate = Gate::new(&trace);
    gate.state.lock().unwrap().open = true;
    let polls = block_on(gate.wait());
    trace.log(format!("block_on returned after {polls} poll(s)"));
    assert_trace!("ready_at_once", trace);
}

#[test]
fn woken_from_another_thread() {
    let trace = Trace::new("another thread opens the gate after the first poll");
    let gate = Gate::new(&trace);
    let opener = {
        let gate = gate.clone();
        thread::spawn(move || {
            gate.wait_for_poll(1);
            // Long enough that block_on is asleep by now, so a busy loop shows.
            thread::sleep(Duration::from_millis(5));
            gate.wake("other thread", true);
        })
    };
    let polls = block_on(gate.wait());
    trace.log(format!("block_on returned after {polls} poll(s)"));
    opener.join().unwrap();
    assert_trace!("woken_from_another_thread", trace);
}

/// Registers the waker, then has another thread open the gate and wake it, all
/// before returning `Pending`: the wake arrives before `block_on` goes to sleep.
struct WokenBeforePark(WaitForGate);

impl Future for WokenBeforePark {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let result = Pin::new(&mut self.0).poll(cx);
        if result.is_pending() {
            let gate = self.0.0.clone();
            thread::spawn(move || gate.wake("other thread, before poll returns", true))
                .join()
                .unwrap();
        }
        result
    }
}

#[test]
fn wake_before_park() {
    let trace = Trace::new("the wake comes before the future even returns Pending");
    let gate = Gate::new(&trace);
    let polls = block_on(WokenBeforePark(gate.wait()));
    trace.log(format!("block_on returned after {polls} poll(s)"));
    assert_trace!("wake_before_park", trace);
}

#[test]
fn spurious_wakes() {
    let trace = Trace::new("two wakes while the gate is still shut, then it opens");
    let gate = Gate::new(&trace);
    let waker_thread = {
        let gate = gate.clone();
        thread::spawn(move || {
            for poll in 1..=2 {
                gate.wait_for_poll(poll);
                gate.wake("other thread", false);
            }
            gate.wait_for_poll(3);
            gate.wake("other thread", true);
        })
    };
    let polls = block_on(gate.wait());
    trace.log(format!("block_on returned after {polls} poll(s)"));
    waker_thread.join().unwrap();
    assert_trace!("spurious_wakes", trace);
}

#[test]
fn a_future_from_another_library() {
    let trace = Trace::new("futures::channel::oneshot, sent from another thread");
    let (tx, rx) = futures::channel::oneshot::channel::<&str>();
    let sender = thread::spawn(move || {
        thread::sleep(Duration::from_millis(2));
        tx.send("hello").unwrap();
    });
    let got = block_on(async { rx.await.unwrap() });
    trace.log(format!("block_on returned {got:?}"));
    sender.join().unwrap();
    assert_trace!("a_future_from_another_library", trace);
}

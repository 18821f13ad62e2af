//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/05-wakers/03-block-on/mistakes/`, named first):
//! - `park-without-a-flag` (`park` alone, taking every return from it for a wake): a
//!   park inside the future's own `poll` uses up the wake's unpark, so block_on sleeps
//!   until a rescuer wakes it again (a_park_inside_poll); an unpark that is not a wake
//!   makes it poll although nobody woke the future (an_unpark_that_is_not_a_wake).
//! - `flag-checked-once` (`if` instead of `while` around `park`): a stray unpark
//!   makes it poll although nobody woke the future (an_unpark_that_is_not_a_wake).
//! - `ignores-its-waker` (`Waker::noop()` and a poll every 50 ms): the future is polled
//!   although nobody woke it and sees the gate open before the wake
//!   (opened_without_a_wake, an_unpark_that_is_not_a_wake).
//! - `spins-on-the-flag` (a loop that checks the flag without parking): every result is
//!   right, but sleeps_while_it_waits says "spun while waiting: yes".
//! - `flag-never-cleared` (`load` instead of `swap`): after the first wake, block_on
//!   polls in a busy loop (opened_without_a_wake; spurious_wakes on most runs).
//! - a waker that does nothing (`wake` left empty) and then `thread::park()`: nothing
//!   ever unparks the thread, so woken_from_another_thread hangs (the grader stops it
//!   and says so).
//! - no park at all, polling again in a busy loop: the future is polled before anyone
//!   woke it, and says so (woken_from_another_thread, spurious_wakes).
//! - polling only once more after a wake and assuming the future is ready: a wake is
//!   a hint, not a promise (spurious_wakes panics or shows a missing poll).
//! - unparking a thread other than the caller's (for example a thread spawned for
//!   the purpose): every scenario that has to wait hangs.

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

    /// Blocks the calling (test) thread until the future was polled `polls` times, or
    /// for at most `limit`; says whether that poll came.
    fn poll_came_within(&self, polls: usize, limit: Duration) -> bool {
        let state = self.state.lock().unwrap();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, limit, |s| s.polls < polls)
            .unwrap();
        state.polls >= polls
    }

    /// Opens the gate without waking the future: only a poll that nobody asked for
    /// could see it open.
    fn open_silently(&self, who: &str) {
        self.state.lock().unwrap().open = true;
        self.trace
            .log(format!("{who}: opens the gate without waking"));
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

/// How long a test waits to see a poll that nobody asked for, before it wakes the
/// future itself. A correct `block_on` never makes that poll, so it always waits this
/// long; a wrong one makes it within microseconds.
const UNASKED_POLL_WINDOW: Duration = Duration::from_secs(1);

#[test]
fn opened_without_a_wake() {
    let trace = Trace::new("a wake, then the gate opens without a wake; the wake comes later");
    let gate = Gate::new(&trace);
    let opener = {
        let gate = gate.clone();
        thread::spawn(move || {
            gate.wait_for_poll(1);
            gate.wake("other thread", false);
            gate.wait_for_poll(2);
            gate.open_silently("other thread");
            // A block_on that polls on a timer, ignoring its waker, polls now; so does
            // one that still believes the first wake.
            gate.poll_came_within(3, UNASKED_POLL_WINDOW);
            gate.wake("other thread, later", true);
        })
    };
    let polls = block_on(gate.wait());
    trace.log(format!("block_on returned after {polls} poll(s)"));
    opener.join().unwrap();
    assert_trace!("opened_without_a_wake", trace);
}

/// On its first poll: registers the waker, then code that is not a wake unparks the
/// `block_on` thread (any code may call `unpark` on any thread it knows).
struct StrayUnpark(WaitForGate);

impl Future for StrayUnpark {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let result = Pin::new(&mut self.0).poll(cx);
        if result.is_pending() && self.0.0.state.lock().unwrap().polls == 1 {
            let me = thread::current();
            let trace = self.0.0.trace.clone();
            thread::spawn(move || {
                trace.log("someone else: unparks the block_on thread, without a wake");
                me.unpark();
            })
            .join()
            .unwrap();
        }
        result
    }
}

#[test]
fn an_unpark_that_is_not_a_wake() {
    let trace = Trace::new("an unpark that is not a wake, then a real wake");
    let gate = Gate::new(&trace);
    let waker_thread = {
        let gate = gate.clone();
        thread::spawn(move || {
            gate.wait_for_poll(1);
            // A block_on that takes any return from park for a wake polls now.
            gate.poll_came_within(2, UNASKED_POLL_WINDOW);
            gate.wake("other thread", true);
        })
    };
    let polls = block_on(StrayUnpark(gate.wait()));
    trace.log(format!("block_on returned after {polls} poll(s)"));
    waker_thread.join().unwrap();
    assert_trace!("an_unpark_that_is_not_a_wake", trace);
}

/// On its first poll: registers the waker and has another thread open the gate and
/// wake it; then, still inside `poll`, parks the thread for a moment, as a library
/// that waits on a std channel or lock may do. That park uses up the wake's unpark.
struct ParksInsidePoll(WaitForGate);

impl Future for ParksInsidePoll {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let result = Pin::new(&mut self.0).poll(cx);
        if result.is_pending() {
            let gate = self.0.0.clone();
            thread::spawn(move || gate.wake("other thread, before poll returns", true))
                .join()
                .unwrap();
            self.0
                .0
                .trace
                .log("future: parks the thread inside poll (this takes the unpark)");
            thread::park_timeout(Duration::from_millis(100));
        }
        result
    }
}

#[test]
fn a_park_inside_poll() {
    let trace = Trace::new("the wake comes during poll, and poll parks the thread after it");
    let gate = Gate::new(&trace);
    let finished = Arc::new((Mutex::new(false), Condvar::new()));
    // If block_on lost the wake, it sleeps forever: after a second, wake it again.
    let rescuer = {
        let (gate, finished) = (gate.clone(), finished.clone());
        thread::spawn(move || {
            let (done, changed) = &*finished;
            let done = done.lock().unwrap();
            let (done, _) = changed
                .wait_timeout_while(done, Duration::from_secs(1), |done| !*done)
                .unwrap();
            if !*done {
                drop(done);
                gate.wake("rescuer, a second later: block_on lost the wake", true);
            }
        })
    };
    let polls = block_on(ParksInsidePoll(gate.wait()));
    trace.log(format!("block_on returned after {polls} poll(s)"));
    *finished.0.lock().unwrap() = true;
    finished.1.notify_all();
    rescuer.join().unwrap();
    assert_trace!("a_park_inside_poll", trace);
}

#[test]
fn sleeps_while_it_waits() {
    // The CPU meter sees every thread of the process: `alone` runs this scenario in a
    // process of its own.
    testkit::cpu::alone(|| {
        let trace = Trace::new("the wake comes 300 ms after the first poll");
        let gate = Gate::new(&trace);
        let opener = {
            let gate = gate.clone();
            thread::spawn(move || {
                gate.wait_for_poll(1);
                thread::sleep(testkit::cpu::WINDOW);
                gate.wake("other thread", true);
            })
        };
        let (polls, busy) = testkit::cpu::measure(|| block_on(gate.wait()));
        trace.log(format!("block_on returned after {polls} poll(s)"));
        trace.log(testkit::cpu::spun_line(busy));
        opener.join().unwrap();
        assert_trace!("sleeps_while_it_waits", trace);
    });
}

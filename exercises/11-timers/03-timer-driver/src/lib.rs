//! A timer driver: `Sleep` futures that wait in a hierarchical wheel, and a `block_on`
//! that parks with a timeout taken from the wheel's next expiration.
//!
//! One thread does everything, as tokio's current-thread runtime does: it polls the
//! task, and when the task waits it parks, for no longer than the wheel allows.
//! Parking is a trait, so that a test can stand in for the operating system (and move
//! a clock forward instead of sleeping, as tokio's paused clock does).

pub mod wheel;

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use wheel::{Refused, Wheel};

// ANCHOR: park
/// What the driver parks on: in tokio, `epoll_wait` (or a condition variable) with a
/// timeout. Times are milliseconds since the driver started.
pub trait Park {
    /// The time now.
    fn now(&self) -> u64;
    /// Sleeps until woken, or until `timeout` milliseconds have passed. `None`: no
    /// timeout, sleep until something else wakes the thread.
    fn park(&mut self, timeout: Option<u64>);
}
// ANCHOR_END: park

// ANCHOR: timer
/// The driver's shared state: the wheel, and per timer whether it fired and whom to wake.
/// Cloning gives another handle to the same driver.
#[derive(Clone, Default)]
pub struct Timer {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    wheel: Wheel,
    timers: HashMap<u32, State>,
    next_id: u32,
}

struct State {
    fired: bool,
    waker: Option<Waker>,
}

impl Timer {
    pub fn new() -> Timer {
        Timer::default()
    }

    /// Puts a timer into the wheel. `None` when its deadline has already passed.
    pub fn register(&self, deadline: u64) -> Option<u32> {
        let mut inner = self.inner.borrow_mut();
        inner.next_id += 1;
        let id = inner.next_id;
        match inner.wheel.insert(id, deadline) {
            Err(Refused::Elapsed) => None,
            Err(Refused::TooFar) => panic!("a deadline more than two years ahead"),
            Ok(_level) => {
                let state = State {
                    fired: false,
                    waker: None,
                };
                inner.timers.insert(id, state);
                Some(id)
            }
        }
    }

    /// Whether timer `id` has fired.
    pub fn fired(&self, id: u32) -> bool {
        self.inner.borrow().timers.get(&id).is_none_or(|t| t.fired)
    }

    /// The waker that timer `id` wakes when it fires, replacing the one before.
    pub fn set_waker(&self, id: u32, waker: &Waker) {
        if let Some(state) = self.inner.borrow_mut().timers.get_mut(&id) {
            state.waker = Some(waker.clone());
        }
    }

    /// Takes timer `id` out of the wheel and forgets it (tokio: `clear_entry`).
    pub fn cancel(&self, id: u32) {
        let mut inner = self.inner.borrow_mut();
        inner.wheel.remove(id);
        inner.timers.remove(&id);
    }

    /// When the wheel next needs the driver: the start of its next slot to process.
    pub fn next_expiration(&self) -> Option<u64> {
        self.inner
            .borrow()
            .wheel
            .next_expiration()
            .map(|e| e.deadline)
    }

    /// Moves the wheel to `now`, marks the due timers fired and wakes their tasks
    /// (after letting go of the state: a waker may run code that polls a timer).
    pub fn process(&self, now: u64) {
        let mut wakers = Vec::new();
        {
            let mut inner = self.inner.borrow_mut();
            for entry in inner.wheel.poll(now) {
                if let Some(state) = inner.timers.get_mut(&entry.id) {
                    state.fired = true;
                    wakers.extend(state.waker.take());
                }
            }
        }
        for waker in wakers {
            waker.wake();
        }
    }

    /// The timers in the wheel as (id, deadline, level, slot), by level from the top.
    pub fn entries(&self) -> Vec<(u32, u64, usize, usize)> {
        let inner = self.inner.borrow();
        let entries = inner.wheel.entries().into_iter();
        entries
            .map(|(e, level, slot)| (e.id, e.when, level, slot))
            .collect()
    }
}

// ANCHOR: sleep_type
/// Returned by [`sleep_until`]: ready once the driver's time reaches `deadline`.
pub struct Sleep {
    timer: Timer,
    deadline: u64,
    /// The timer in the wheel; `None` until the first poll registers it.
    id: Option<u32>,
}

/// A timer that does nothing until it is polled, like tokio's `sleep_until`.
pub fn sleep_until(timer: &Timer, deadline: u64) -> Sleep {
    Sleep {
        timer: timer.clone(),
        deadline,
        id: None,
    }
}
// ANCHOR_END: sleep_type
// ANCHOR_END: timer

// ANCHOR: sleep
impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = (cx, &self.timer, self.deadline, self.id);
        todo!("Ready once the driver's time reaches the deadline, and woken then")
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // A Sleep that was never polled has nothing to undo: replace this line.
        let _ = self.id;
    }
}
// ANCHOR_END: sleep

// ANCHOR: block_on
/// `block_on`'s waker: a flag that says "poll again".
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs `future` to the end on this thread, driving `timer` while it waits.
pub fn block_on<F: Future>(timer: &Timer, park: &mut impl Park, future: F) -> F::Output {
    let flag = Arc::new(Flag(AtomicBool::new(true)));
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    let _ = (timer, park, &mut cx, &mut future);
    todo!("run the future to its end, never parking longer than the wheel allows")
}
// ANCHOR_END: block_on

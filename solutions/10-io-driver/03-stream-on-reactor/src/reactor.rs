//! The reactor of the previous exercise (`02-reactor`), finished: the part of a
//! runtime that turns epoll events into `wake()` calls.
//!
//! Every registered socket gets a slot. The slot remembers which directions the last
//! events said were ready, and the waker of the task waiting for each direction. An
//! event sets the readiness and wakes the waiting task; a task that finds readiness set
//! tries its I/O, and when the I/O says `WouldBlock` it clears the readiness again.

use mio::event::Source;
use mio::{Events, Interest, Poll, Registry, Token};
use std::io;
use std::sync::Mutex;
use std::task::{Context, Waker};
use std::time::Duration;

/// Which way a task wants to move bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Read,
    Write,
}

/// What `poll_ready` hands out: the direction that is ready, and the slot's tick when
/// that was seen, so that `clear_ready` can tell whether a newer event came since.
#[derive(Clone, Copy, Debug)]
pub struct ReadyEvent {
    pub direction: Direction,
    pub tick: u64,
}

/// What the reactor knows about one registered socket.
#[derive(Default)]
struct Slot {
    readable: bool,
    writable: bool,
    /// Counts the events for this slot: a `ReadyEvent` with an older tick was seen
    /// before the newest event came.
    tick: u64,
    reader: Option<Waker>,
    writer: Option<Waker>,
}

/// The reactor. Share it (`Arc<Reactor>`): one thread calls `turn`, tasks on any
/// thread call `poll_ready` and `clear_ready`.
pub struct Reactor {
    /// Locked only by `turn`, for as long as it sleeps in `epoll_wait`.
    poll: Mutex<Poll>,
    /// Registers sockets without waiting for `turn` to wake up.
    registry: Registry,
    /// One slot per token: `Token(i)` is `slots[i]`.
    slots: Mutex<Vec<Slot>>,
}

impl Reactor {
    pub fn new() -> io::Result<Reactor> {
        let poll = Poll::new()?;
        let registry = poll.registry().try_clone()?;
        Ok(Reactor {
            poll: Mutex::new(poll),
            registry,
            slots: Mutex::new(Vec::new()),
        })
    }

    /// Registers a socket for both directions, edge-triggered, and gives it a slot.
    pub fn register(&self, source: &mut impl Source) -> io::Result<Token> {
        let mut slots = self.slots.lock().unwrap();
        let token = Token(slots.len());
        self.registry
            .register(source, token, Interest::READABLE | Interest::WRITABLE)?;
        slots.push(Slot::default());
        Ok(token)
    }

    /// Sleeps in `epoll_wait` until an event comes (or `timeout` passes), then records
    /// each event's readiness in its slot and wakes the tasks waiting for it. Returns
    /// how many wakers it woke.
    pub fn turn(&self, timeout: Option<Duration>) -> io::Result<usize> {
        let mut events = Events::with_capacity(64);
        self.poll.lock().unwrap().poll(&mut events, timeout)?;
        let mut to_wake = Vec::new();
        {
            let mut slots = self.slots.lock().unwrap();
            for event in events.iter() {
                let slot = &mut slots[event.token().0];
                slot.tick += 1;
                // A closed side is ready too: the next read returns 0, or an error.
                if event.is_readable() || event.is_read_closed() || event.is_error() {
                    slot.readable = true;
                    to_wake.extend(slot.reader.take());
                }
                if event.is_writable() || event.is_write_closed() || event.is_error() {
                    slot.writable = true;
                    to_wake.extend(slot.writer.take());
                }
            }
        }
        // Wake after unlocking: a woken task may be polled at once, on another
        // thread, and its `poll_ready` needs the lock.
        let woken = to_wake.len();
        for waker in to_wake {
            waker.wake();
        }
        Ok(woken)
    }

    /// `Ready` when the last events said `direction` is ready and no `WouldBlock` has
    /// cleared it since; else keeps this poll's waker for `turn` to wake, and `Pending`.
    pub fn poll_ready(
        &self,
        token: Token,
        direction: Direction,
        cx: &mut Context<'_>,
    ) -> std::task::Poll<ReadyEvent> {
        let mut slots = self.slots.lock().unwrap();
        let slot = &mut slots[token.0];
        let (ready, waiter) = match direction {
            Direction::Read => (slot.readable, &mut slot.reader),
            Direction::Write => (slot.writable, &mut slot.writer),
        };
        if ready {
            return std::task::Poll::Ready(ReadyEvent {
                direction,
                tick: slot.tick,
            });
        }
        // This poll's waker replaces an older one: the task may have moved.
        match waiter {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            _ => *waiter = Some(cx.waker().clone()),
        }
        std::task::Poll::Pending
    }

    /// Called after the I/O said `WouldBlock`: the readiness `event` reported is used
    /// up. Unless a newer event came since (the tick moved on): that one is not.
    pub fn clear_ready(&self, token: Token, event: ReadyEvent) {
        let mut slots = self.slots.lock().unwrap();
        let slot = &mut slots[token.0];
        if slot.tick != event.tick {
            return;
        }
        match event.direction {
            Direction::Read => slot.readable = false,
            Direction::Write => slot.writable = false,
        }
    }
}

//! tokio's readiness word, by hand: one `AtomicUsize` per registered resource that
//! holds the readiness bits, the tick, and a shutdown bit, as `ScheduledIo` does.
//!
//! ```text
//! | shutdown | tick    | readiness |
//! |  1 bit   | 15 bits |  16 bits  |
//! ```
//!
//! The driver sets bits and moves the tick on every event. A task that met
//! `WouldBlock` clears the bits it was told about, but only if the tick is still the
//! one it was told: otherwise a newer event came, and its readiness must stay.

use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::{AcqRel, Acquire};

pub const READABLE: usize = 0b0001;
pub const WRITABLE: usize = 0b0010;
pub const READ_CLOSED: usize = 0b0100;
pub const WRITE_CLOSED: usize = 0b1000;

/// The widths, as in tokio's `runtime/io/scheduled_io.rs`.
pub const READINESS_BITS: u32 = 16;
pub const TICK_BITS: u32 = 15;

const READINESS_MASK: usize = (1 << READINESS_BITS) - 1;
/// How many ticks there are: the tick counts modulo this.
pub const TICKS: usize = 1 << TICK_BITS;
pub const SHUTDOWN: usize = 1 << (READINESS_BITS + TICK_BITS);

/// What a task was told: the readiness it may use, and the tick it saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadyEvent {
    pub tick: usize,
    pub ready: usize,
}

fn tick_of(word: usize) -> usize {
    (word >> READINESS_BITS) & (TICKS - 1)
}

fn pack(shutdown: usize, tick: usize, ready: usize) -> usize {
    shutdown | (tick << READINESS_BITS) | (ready & READINESS_MASK)
}

/// One resource's readiness word.
#[derive(Default)]
pub struct Readiness(AtomicUsize);

impl Readiness {
    /// The whole word, for tests.
    pub fn raw(&self) -> usize {
        self.0.load(Acquire)
    }

    /// What a task interested in `interest` is told now: the ready bits it asked for
    /// (closed counts too: a read of a closed socket returns at once), and the tick.
    pub fn event(&self, interest: usize) -> ReadyEvent {
        let word = self.raw();
        let mut wanted = interest;
        if interest & READABLE != 0 {
            wanted |= READ_CLOSED;
        }
        if interest & WRITABLE != 0 {
            wanted |= WRITE_CLOSED;
        }
        ReadyEvent {
            tick: tick_of(word),
            ready: word & READINESS_MASK & wanted,
        }
    }

    /// The driver shuts down: a final state, never cleared.
    pub fn shutdown(&self) {
        self.0.fetch_or(SHUTDOWN, AcqRel);
    }

    // ANCHOR: set_clear
    /// The driver got an event saying `ready`: add those bits and move the tick on.
    pub fn set(&self, ready: usize) {
        let _ = (ready, AcqRel, pack(0, 0, 0), tick_of(0));
        todo!("add the event's bits and move the tick on, in one atomic step")
    }

    /// A task met `WouldBlock` after being told `event`: the bits it was told are
    /// used up, unless a newer event came since. Closed bits are final: they stay.
    pub fn clear(&self, event: ReadyEvent) {
        let _ = event;
        todo!("take away the bits `event` told about, unless a newer event came")
    }
    // ANCHOR_END: set_clear
}

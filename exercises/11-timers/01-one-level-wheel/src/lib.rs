//! A timer wheel with one level: 64 slots of one millisecond each.
//!
//! Time is a count of milliseconds (a *tick*). The wheel takes a timer whose deadline
//! is less than 64 ticks ahead, and keeps it in the slot `deadline % 64`. Advancing
//! the wheel walks the slots between the old time and the new one and fires what is
//! there.

// ANCHOR: types
/// How many slots the wheel has: one per millisecond, for 64 milliseconds.
pub const SLOTS: usize = 64;

/// A timer: a name for it, and the tick at which it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub id: u32,
    pub deadline: u64,
}

/// Why the wheel would not take a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The deadline is now or in the past: fire it at once instead.
    Elapsed,
    /// The deadline is 64 ticks or more ahead: one level cannot tell it from an earlier one.
    TooFar,
}

pub struct Wheel {
    /// The tick the wheel has advanced to.
    now: u64,
    /// `slots[i]` holds the timers whose deadline is `i` modulo 64, in insertion order.
    slots: [Vec<Entry>; SLOTS],
}

impl Default for Wheel {
    fn default() -> Self {
        Wheel::new()
    }
}

impl Wheel {
    pub fn new() -> Wheel {
        Wheel {
            now: 0,
            slots: std::array::from_fn(|_| Vec::new()),
        }
    }

    pub fn now(&self) -> u64 {
        self.now
    }
}
// ANCHOR_END: types

// ANCHOR: wheel
impl Wheel {
    /// Keeps a timer; returns the slot it went into.
    pub fn insert(&mut self, id: u32, deadline: u64) -> Result<usize, Refused> {
        let _ = (id, deadline);
        todo!("keep a timer due 1 to 63 ticks ahead in its slot, or say why not")
    }

    /// The earliest deadline in the wheel, if any.
    pub fn next_deadline(&self) -> Option<u64> {
        let _ = &self.slots;
        todo!("the earliest deadline in the wheel")
    }

    /// Moves the wheel to tick `to`; returns the timers that fired, in deadline order.
    pub fn advance(&mut self, to: u64) -> Vec<Entry> {
        let _ = to;
        todo!("move to tick `to` and return the timers that fired, in deadline order")
    }
}
// ANCHOR_END: wheel

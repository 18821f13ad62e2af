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
        if deadline <= self.now {
            return Err(Refused::Elapsed);
        }
        // A deadline 64 ticks ahead would share the slot of `now` itself.
        if deadline - self.now >= SLOTS as u64 {
            return Err(Refused::TooFar);
        }
        // The slot comes from the deadline itself, not from the distance to it: the
        // wheel's slots stand for fixed ticks modulo 64, whatever `now` is.
        let slot = (deadline % SLOTS as u64) as usize;
        self.slots[slot].push(Entry { id, deadline });
        Ok(slot)
    }

    /// The earliest deadline in the wheel, if any.
    pub fn next_deadline(&self) -> Option<u64> {
        // Walk the slots in time order, starting at the tick after `now`: after the
        // wheel has turned, slot 0 is not the earliest.
        (self.now + 1..self.now + SLOTS as u64)
            .find(|tick| !self.slots[(tick % SLOTS as u64) as usize].is_empty())
    }

    /// Moves the wheel to tick `to`; returns the timers that fired, in deadline order.
    pub fn advance(&mut self, to: u64) -> Vec<Entry> {
        let mut fired = Vec::new();
        // Every tick between the old time and the new one, not only the last: each
        // slot on the way may hold timers. None is more than 63 ticks ahead.
        let last = to.min(self.now + SLOTS as u64 - 1);
        for tick in self.now + 1..=last {
            fired.append(&mut self.slots[(tick % SLOTS as u64) as usize]);
        }
        self.now = self.now.max(to);
        fired
    }
}
// ANCHOR_END: wheel

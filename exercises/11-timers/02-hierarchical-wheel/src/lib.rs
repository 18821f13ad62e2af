//! A hierarchical timer wheel, built like tokio's (`runtime/time/wheel/`).
//!
//! Six levels of 64 slots. A slot of level 0 is one tick (a millisecond); a slot of
//! level `n` covers a whole turn of level `n - 1`: 64, 4 096, 262 144 ... ticks. A
//! timer goes into the lowest level whose current turn still holds its deadline. When
//! the wheel reaches a slot of a higher level, the timers in it move down (they
//! *cascade*) to the level that now fits them, until level 0 fires them.

// ANCHOR: types
/// Levels, as in tokio's `NUM_LEVELS`.
pub const LEVELS: usize = 6;
/// Bits of the deadline each level uses, as in tokio's `BITS_PER_LEVEL`.
pub const BITS_PER_LEVEL: usize = 6;
/// Slots per level: 2^6 = 64 (tokio's `LEVEL_MULT`).
pub const SLOTS: usize = 1 << BITS_PER_LEVEL;
/// How far ahead a timer may be: one turn of the top level (tokio's `MAX_DURATION`).
pub const MAX_DURATION: u64 = 1 << (BITS_PER_LEVEL * LEVELS);

/// A timer: a name for it, and the tick (millisecond) at which it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub id: u32,
    pub when: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The deadline is now or past: fire it at once instead.
    Elapsed,
    /// The deadline is `MAX_DURATION` ticks or more ahead.
    TooFar,
}

/// The next slot to process: its level, its index, and the tick at which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiration {
    pub level: usize,
    pub slot: usize,
    pub deadline: u64,
}

pub struct Level {
    /// Bit `i` is set when `slots[i]` holds a timer.
    occupied: u64,
    slots: Vec<Vec<Entry>>,
}

pub struct Wheel {
    /// The tick the wheel has processed up to.
    elapsed: u64,
    levels: Vec<Level>,
}

/// Ticks covered by one slot of `level`: 1, 64, 4096, ...
pub fn slot_range(level: usize) -> u64 {
    1 << (BITS_PER_LEVEL * level)
}

/// Ticks covered by one whole turn of `level`: 64, 4096, ...
pub fn level_range(level: usize) -> u64 {
    1 << (BITS_PER_LEVEL * (level + 1))
}

/// The slot of `level` that a deadline falls into: six bits of it.
pub fn slot_for(when: u64, level: usize) -> usize {
    ((when >> (level * BITS_PER_LEVEL)) % SLOTS as u64) as usize
}
// ANCHOR_END: types

impl Default for Wheel {
    fn default() -> Self {
        Wheel::new()
    }
}

// ANCHOR: given
impl Wheel {
    pub fn new() -> Wheel {
        let levels = (0..LEVELS)
            .map(|_| Level {
                occupied: 0,
                slots: vec![Vec::new(); SLOTS],
            })
            .collect();
        Wheel { elapsed: 0, levels }
    }

    pub fn elapsed(&self) -> u64 {
        self.elapsed
    }

    /// Where a timer is: its level and slot (for the tests).
    pub fn where_is(&self, id: u32) -> Option<(usize, usize)> {
        self.levels.iter().enumerate().find_map(|(n, level)| {
            let slot = level
                .slots
                .iter()
                .position(|s| s.iter().any(|e| e.id == id))?;
            Some((n, slot))
        })
    }

    /// Puts an entry into the slot of `level` that its deadline falls into.
    fn add_entry(&mut self, level: usize, entry: Entry) {
        let slot = slot_for(entry.when, level);
        self.levels[level].slots[slot].push(entry);
        self.levels[level].occupied |= 1 << slot;
    }

    /// Empties one slot and returns what it held.
    fn take_slot(&mut self, level: usize, slot: usize) -> Vec<Entry> {
        self.levels[level].occupied &= !(1 << slot);
        std::mem::take(&mut self.levels[level].slots[slot])
    }

    /// The next slot to process: the earliest occupied slot, lowest level first (a
    /// higher level never has a slot that starts before a lower level's next one).
    pub fn next_expiration(&self) -> Option<Expiration> {
        let now = self.elapsed;
        self.levels.iter().enumerate().find_map(|(n, level)| {
            if level.occupied == 0 {
                return None;
            }
            // Look from the slot after the one holding `now`, round the level.
            let now_slot = (now / slot_range(n) % SLOTS as u64) as u32 + 1;
            let ahead = level.occupied.rotate_right(now_slot).trailing_zeros();
            let slot = ((ahead + now_slot) % SLOTS as u32) as usize;
            let level_start = now & !(level_range(n) - 1);
            let mut deadline = level_start + slot as u64 * slot_range(n);
            if deadline <= now {
                // The slot is in the level's next turn.
                deadline += level_range(n);
            }
            Some(Expiration {
                level: n,
                slot,
                deadline,
            })
        })
    }
}
// ANCHOR_END: given

// ANCHOR: level_for
/// The level for a timer due at `when`, seen from `elapsed`.
pub fn level_for(elapsed: u64, when: u64) -> usize {
    let _ = (elapsed, when);
    todo!("the lowest level whose current turn holds both `elapsed` and `when`")
}
// ANCHOR_END: level_for

// ANCHOR: wheel
impl Wheel {
    /// Keeps a timer; returns the level it went into.
    pub fn insert(&mut self, id: u32, when: u64) -> Result<usize, Refused> {
        let _ = (id, when, Self::add_entry);
        todo!("keep a timer in the level and slot its deadline falls into")
    }

    /// Processes every slot that starts at or before `now`; returns the timers that
    /// fired. Entries of a higher level whose deadline is still ahead move down.
    pub fn poll(&mut self, now: u64) -> Vec<Entry> {
        let _ = (now, Self::take_slot);
        todo!("process every slot due by `now`: fire, or move entries down a level")
    }
}
// ANCHOR_END: wheel

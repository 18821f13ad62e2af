//! The hierarchical wheel of exercise 2, complete, with `remove` and `entries`.

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

impl Default for Wheel {
    fn default() -> Self {
        Wheel::new()
    }
}

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

    /// Every timer in the wheel, with its level and slot, by level from the top.
    pub fn entries(&self) -> Vec<(Entry, usize, usize)> {
        let mut all = Vec::new();
        for (n, level) in self.levels.iter().enumerate().rev() {
            for (slot, entries) in level.slots.iter().enumerate() {
                all.extend(entries.iter().map(|e| (*e, n, slot)));
            }
        }
        all
    }

    /// Takes a timer out of the wheel (a cancelled timer).
    pub fn remove(&mut self, id: u32) {
        for level in &mut self.levels {
            for (slot, entries) in level.slots.iter_mut().enumerate() {
                entries.retain(|e| e.id != id);
                if entries.is_empty() {
                    level.occupied &= !(1 << slot);
                }
            }
        }
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

/// The level for a timer due at `when`, seen from `elapsed`: the highest bit in which
/// the two differ says which level's turn they stop sharing.
pub fn level_for(elapsed: u64, when: u64) -> usize {
    // The low six bits are set so that a difference within one slot of level 0 still
    // counts as level 0.
    let masked = elapsed ^ when | (SLOTS as u64 - 1);
    if masked >= MAX_DURATION {
        return LEVELS - 1;
    }
    masked.ilog2() as usize / BITS_PER_LEVEL
}

impl Wheel {
    /// Keeps a timer; returns the level it went into.
    pub fn insert(&mut self, id: u32, when: u64) -> Result<usize, Refused> {
        if when <= self.elapsed {
            return Err(Refused::Elapsed);
        }
        if when - self.elapsed >= MAX_DURATION {
            return Err(Refused::TooFar);
        }
        let level = level_for(self.elapsed, when);
        self.add_entry(level, Entry { id, when });
        Ok(level)
    }

    /// Processes every slot that starts at or before `now`; returns the timers that
    /// fired. Entries of a higher level whose deadline is still ahead move down.
    pub fn poll(&mut self, now: u64) -> Vec<Entry> {
        let mut fired = Vec::new();
        // One expiration after another, in time order: each may cascade entries into
        // slots that come before the next one.
        while let Some(expiration) = self.next_expiration() {
            if expiration.deadline > now {
                break;
            }
            for entry in self.take_slot(expiration.level, expiration.slot) {
                if entry.when <= expiration.deadline {
                    fired.push(entry);
                } else {
                    // Cascade: seen from the slot's start, the entry fits a lower level.
                    let level = level_for(expiration.deadline, entry.when);
                    self.add_entry(level, entry);
                }
            }
            // The wheel has reached the slot's start; later levels are computed from it.
            self.elapsed = expiration.deadline;
        }
        self.elapsed = self.elapsed.max(now);
        fired
    }
}

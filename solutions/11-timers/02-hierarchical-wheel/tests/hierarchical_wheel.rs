//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/11-timers/02-hierarchical-wheel/mistakes/`, named first):
//! - `cascade-from-the-old-time` (a cascaded entry's level is computed from `elapsed`
//!   before the wheel moved to the slot's start): the entry goes back into the slot it
//!   came from, which is then a whole turn away; an_entry_cascades_down never fires it.
//!   (Every scenario runs with a deadline, so a `poll` that loops forever fails after
//!   2 s instead of hanging.)
//! - `fires-the-whole-slot` (every entry of a processed slot fires, whatever its
//!   level): an_entry_cascades_down fires the timer due at 5000 ms at 4096 ms.
//! - `elapsed-jumps-to-now` (`elapsed = now` before processing): a_poll_that_jumps
//!   loses the timers whose slots lie between the old time and `now`.
//! - `one-expiration-per-poll` (processes only the first due slot): a_poll_that_jumps
//!   fires one timer instead of four.
//! - a level from the distance (`when - elapsed`) instead of the bits that differ:
//!   levels_for_deadlines (130 ms seen from 100 ms is level 1, not 0).
//! - losing or duplicating entries: many_random_timers, against a sorted list.

use hierarchical_wheel::{Entry, Wheel};
use testkit::deadline::with_deadline;
use testkit::{Trace, assert_trace, yes_no};

fn insert(trace: &Trace, wheel: &mut Wheel, id: u32, when: u64) {
    let shown = match wheel.insert(id, when) {
        Ok(level) => {
            let (_, slot) = wheel.where_is(id).expect("the timer is in the wheel");
            format!("level {level}, slot {slot}")
        }
        Err(refused) => format!("refused: {refused:?}"),
    };
    trace.log(format!(
        "elapsed {} ms: timer {id} due at {when} ms -> {shown}",
        wheel.elapsed()
    ));
}

fn next(trace: &Trace, wheel: &Wheel) {
    match wheel.next_expiration() {
        Some(e) => trace.log(format!(
            "next expiration: level {}, slot {}, at {} ms",
            e.level, e.slot, e.deadline
        )),
        None => trace.log("next expiration: none"),
    }
}

fn poll(trace: &Trace, wheel: &mut Wheel, now: u64) {
    let fired = wheel.poll(now);
    let shown: Vec<String> = fired
        .iter()
        .map(|e| format!("timer {} ({} ms)", e.id, e.when))
        .collect();
    let shown = if shown.is_empty() {
        "nothing".to_string()
    } else {
        shown.join(", ")
    };
    trace.log(format!("poll at {now} ms: fired {shown}"));
}

#[test]
fn levels_for_deadlines() {
    let trace = with_deadline("levels_for_deadlines", || {
        let trace = Trace::new("the level of a deadline is the highest bit it differs in");
        let mut wheel = Wheel::new();
        let deadlines = [
            1,
            63,
            64,
            4_095,
            4_096,
            262_143,
            262_144,
            16_777_216,
            (1 << 30) - 1,
            (1 << 36) - 1,
            1 << 36,
        ];
        for (id, when) in (1..).zip(deadlines) {
            insert(&trace, &mut wheel, id, when);
        }
        next(&trace, &wheel);
        let mut wheel = Wheel::new();
        poll(&trace, &mut wheel, 100);
        insert(&trace, &mut wheel, 20, 120);
        insert(&trace, &mut wheel, 21, 130);
        insert(&trace, &mut wheel, 22, 100);
        next(&trace, &wheel);
        trace
    });
    assert_trace!("levels_for_deadlines", trace);
}

#[test]
fn an_entry_cascades_down() {
    let trace = with_deadline("an_entry_cascades_down", || {
        let trace = Trace::new("a timer due at 5000 ms moves down the levels");
        let mut wheel = Wheel::new();
        insert(&trace, &mut wheel, 1, 5000);
        while let Some(expiration) = wheel.next_expiration() {
            next(&trace, &wheel);
            poll(&trace, &mut wheel, expiration.deadline);
            if let Some((level, slot)) = wheel.where_is(1) {
                trace.log(format!("timer 1 is now in level {level}, slot {slot}"));
            }
        }
        next(&trace, &wheel);
        trace
    });
    assert_trace!("an_entry_cascades_down", trace);
}

#[test]
fn a_poll_that_jumps() {
    let trace = with_deadline("a_poll_that_jumps", || {
        let trace = Trace::new("one poll far ahead processes every slot on the way");
        let mut wheel = Wheel::new();
        insert(&trace, &mut wheel, 1, 300_000);
        insert(&trace, &mut wheel, 2, 70);
        insert(&trace, &mut wheel, 3, 5);
        insert(&trace, &mut wheel, 4, 5_000);
        poll(&trace, &mut wheel, 400_000);
        next(&trace, &wheel);
        insert(&trace, &mut wheel, 5, 400_010);
        poll(&trace, &mut wheel, 400_010);
        trace
    });
    assert_trace!("a_poll_that_jumps", trace);
}

/// A small deterministic pseudo-random generator (xorshift64): the same numbers on
/// every run and every machine.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn many_random_timers() {
    let trace = with_deadline("many_random_timers", || {
        let trace = Trace::new("3000 timers at pseudo-random deadlines, against a sorted list");
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let mut wheel = Wheel::new();
        let mut waiting: Vec<(u64, u32)> = Vec::new();
        let mut first_difference: Option<String> = None;
        let mut in_order = true;
        let mut fired_total = 0;
        let mut id = 0;
        let mut now = 0;
        while id < 3000 || !waiting.is_empty() {
            if id < 3000 {
                for _ in 0..random.below(6) {
                    id += 1;
                    // Deadlines 1 ms to about 4.6 hours ahead, spread over levels 0 to 4.
                    let level = random.below(5);
                    let when = now + 1 + random.below(1 << (6 * level + 6));
                    wheel.insert(id, when).expect("a deadline ahead");
                    waiting.push((when, id));
                }
            }
            // Steps of every size: a millisecond, a few slots, a jump over levels.
            let level = random.below(5);
            now += random.below(1 << (6 * level + 4));
            let fired = wheel.poll(now);
            in_order &= fired.windows(2).all(|w| w[0].when <= w[1].when);
            let mut got: Vec<(u64, u32)> = fired.iter().map(|e| (e.when, e.id)).collect();
            got.sort();
            waiting.sort();
            let due = waiting.iter().take_while(|(w, _)| *w <= now).count();
            let expected: Vec<(u64, u32)> = waiting.drain(..due).collect();
            fired_total += fired.len();
            if got != expected && first_difference.is_none() {
                let show = |v: &[(u64, u32)]| -> Vec<Entry> {
                    v.iter()
                        .map(|&(when, id)| Entry { id, when })
                        .take(4)
                        .collect()
                };
                first_difference = Some(format!(
                    "poll at {now} ms fired {:?}..., the sorted list says {:?}...",
                    show(&got),
                    show(&expected)
                ));
            }
            if first_difference.is_some() && fired_total > 3000 {
                break;
            }
        }
        trace.log(format!("timers fired: {fired_total}"));
        trace.log(format!(
            "every poll fired exactly the timers whose deadline had passed: {}",
            yes_no(first_difference.is_none())
        ));
        if let Some(difference) = first_difference {
            trace.log(format!("first difference: {difference}"));
        }
        trace.log(format!(
            "each poll fired in deadline order: {}",
            yes_no(in_order)
        ));
        trace
    });
    assert_trace!("many_random_timers", trace);
}

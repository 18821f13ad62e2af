//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/11-timers/01-one-level-wheel/mistakes/`, named first):
//! - `slot-from-the-distance` (slot = deadline - now): after_the_wheel_turned puts the
//!   timer due at 130 ms in slot 30 instead of 2.
//! - `next-from-slot-zero` (next_deadline scans from slot 0, not from now):
//!   after_the_wheel_turned says 130 ms is next instead of 101 ms.
//! - `only-the-slot-at-to` (advance looks only at the slot of the new time):
//!   advance_in_steps never fires the timers due at 3 ms.
//! - `takes-a-whole-turn-ahead` (accepts a deadline 64 ticks ahead, into the slot of
//!   now): slots_by_deadline shows it accepted in slot 0 instead of refused.
//! - firing a slot's timers in the wrong order, or losing one of two timers in the same
//!   slot: advance_in_steps and many_random_timers (compared with a sorted list).

use one_level_wheel::{Entry, Wheel};
use testkit::{Trace, assert_trace, yes_no};

fn insert(trace: &Trace, wheel: &mut Wheel, id: u32, deadline: u64) {
    let result = wheel.insert(id, deadline);
    let shown = match result {
        Ok(slot) => format!("slot {slot}"),
        Err(refused) => format!("refused: {refused:?}"),
    };
    trace.log(format!(
        "now {} ms: insert timer {id} due at {deadline} ms -> {shown}",
        wheel.now()
    ));
}

fn next(trace: &Trace, wheel: &Wheel) {
    let next = match wheel.next_deadline() {
        Some(deadline) => format!("{deadline} ms"),
        None => "none".to_string(),
    };
    trace.log(format!("next deadline: {next}"));
}

fn advance(trace: &Trace, wheel: &mut Wheel, to: u64) {
    let fired = wheel.advance(to);
    let shown: Vec<String> = fired
        .iter()
        .map(|e| format!("timer {} ({} ms)", e.id, e.deadline))
        .collect();
    let shown = if shown.is_empty() {
        "nothing".to_string()
    } else {
        shown.join(", ")
    };
    trace.log(format!("advance to {to} ms: fired {shown}"));
}

#[test]
fn slots_by_deadline() {
    let trace = Trace::new("a new wheel takes deadlines up to 63 ms ahead");
    let mut wheel = Wheel::new();
    insert(&trace, &mut wheel, 1, 5);
    insert(&trace, &mut wheel, 2, 1);
    insert(&trace, &mut wheel, 3, 63);
    insert(&trace, &mut wheel, 4, 64);
    insert(&trace, &mut wheel, 5, 0);
    next(&trace, &wheel);
    advance(&trace, &mut wheel, 5);
    next(&trace, &wheel);
    advance(&trace, &mut wheel, 63);
    next(&trace, &wheel);
    assert_trace!("slots_by_deadline", trace);
}

#[test]
fn after_the_wheel_turned() {
    let trace = Trace::new("the wheel has turned: slots are deadlines modulo 64");
    let mut wheel = Wheel::new();
    advance(&trace, &mut wheel, 100);
    insert(&trace, &mut wheel, 1, 130);
    insert(&trace, &mut wheel, 2, 163);
    insert(&trace, &mut wheel, 3, 101);
    insert(&trace, &mut wheel, 4, 164);
    next(&trace, &wheel);
    advance(&trace, &mut wheel, 140);
    next(&trace, &wheel);
    advance(&trace, &mut wheel, 400);
    next(&trace, &wheel);
    assert_trace!("after_the_wheel_turned", trace);
}

#[test]
fn advance_in_steps() {
    let trace = Trace::new("advancing past slots without stopping on them");
    let mut wheel = Wheel::new();
    insert(&trace, &mut wheel, 1, 3);
    insert(&trace, &mut wheel, 2, 7);
    insert(&trace, &mut wheel, 3, 3);
    advance(&trace, &mut wheel, 2);
    advance(&trace, &mut wheel, 4);
    advance(&trace, &mut wheel, 10);
    next(&trace, &wheel);
    assert_trace!("advance_in_steps", trace);
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
    let trace = Trace::new("5000 timers at pseudo-random deadlines, against a sorted list");
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    let mut wheel = Wheel::new();
    // The reference: every timer not yet fired, as (deadline, id).
    let mut waiting: Vec<(u64, u32)> = Vec::new();
    let mut first_difference = None;
    let mut fired_total = 0;
    let mut id = 0;
    while id < 5000 {
        for _ in 0..random.below(8) {
            id += 1;
            let deadline = wheel.now() + 1 + random.below(63);
            wheel
                .insert(id, deadline)
                .expect("a deadline 1 to 63 ms ahead");
            waiting.push((deadline, id));
        }
        let to = wheel.now() + random.below(40);
        let fired = wheel.advance(to);
        // Expected: the timers due by `to`, by deadline, then in insertion order.
        waiting.sort();
        let due = waiting.iter().take_while(|(d, _)| *d <= to).count();
        let expected: Vec<Entry> = waiting
            .drain(..due)
            .map(|(deadline, id)| Entry { id, deadline })
            .collect();
        fired_total += fired.len();
        if fired != expected && first_difference.is_none() {
            first_difference = Some(format!(
                "advance to {to} ms fired {fired:?}, the sorted list says {expected:?}"
            ));
        }
        let next = waiting.iter().map(|(d, _)| *d).min();
        if wheel.next_deadline() != next && first_difference.is_none() {
            first_difference = Some(format!(
                "at {to} ms next_deadline said {:?}, the sorted list says {next:?}",
                wheel.next_deadline()
            ));
        }
    }
    let rest = wheel.advance(wheel.now() + 63);
    fired_total += rest.len();
    trace.log(format!("timers fired: {fired_total}"));
    trace.log(format!(
        "every advance fired what the sorted list says: {}",
        yes_no(first_difference.is_none())
    ));
    if let Some(difference) = first_difference {
        trace.log(format!("first difference: {difference}"));
    }
    assert_trace!("many_random_timers", trace);
}

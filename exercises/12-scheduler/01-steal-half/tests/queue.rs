//! A worker's local queue with overflow and steal-half, driven step by step. Every
//! scenario runs on one thread and forces the order of the owner's and the thief's
//! steps, so the dangerous interleavings happen on every run (tokio checks the same
//! ones with loom).
//!
//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/12-scheduler/01-steal-half/mistakes/`, named first):
//! - `steal-rounds-down` (`n / 2`): a_thief_takes_half_rounded_up takes 2 of 5, and
//!   nothing from a queue of one.
//! - `overflow-moves-the-oldest-half`: a_full_queue_sends_half_to_the_global_queue
//!   shows 1, 2, 3, 4 in the global queue.
//! - `room-counted-from-the-real-head` (free slots counted from `real`, not `steal`):
//!   a_steal_in_progress writes over a claimed task (task 1 is lost), and a later take
//!   of the emptied slot panics ("a task in every claimed slot").
//! - `pop-from-the-steal-head`: a_steal_in_progress, where the owner pops a task the
//!   thief has claimed; the thief then finds its slot empty and panics.
//! - `second-thief-not-refused` (no check for a steal in progress): a_steal_in_progress,
//!   where two thieves take the same slots; the second take panics.
//! - a thief that steals into a queue that is more than half full:
//!   a_full_thief_does_not_steal.

use steal_half_queue::{CAPACITY, Local, local};
use testkit::{Trace, assert_trace};

/// Pops everything the owner has, oldest first.
fn drain(queue: &mut Local<u32>) -> Vec<u32> {
    std::iter::from_fn(|| queue.pop()).collect()
}

#[test]
fn a_full_queue_sends_half_to_the_global_queue() {
    let trace = Trace::new("a queue of 8 gets 9 tasks, then 9 more after 4 pops");
    let (mut owner, _thief) = local::<u32>();
    let mut inject = Vec::new();
    trace.log(format!("capacity: {CAPACITY}"));
    for task in 1..=8 {
        owner.push_back_or_overflow(task, &mut inject);
    }
    trace.log(format!(
        "pushed 1 to 8: local has {}, global queue {inject:?}",
        owner.len()
    ));
    owner.push_back_or_overflow(9, &mut inject);
    trace.log(format!(
        "pushed 9: local has {}, global queue {inject:?}",
        owner.len()
    ));
    let popped: Vec<u32> = (0..2).filter_map(|_| owner.pop()).collect();
    trace.log(format!("popped {popped:?}"));
    inject.clear();
    // The positions now wrap around the end of the ring.
    for task in 10..=15 {
        owner.push_back_or_overflow(task, &mut inject);
    }
    trace.log(format!(
        "pushed 10 to 15: local has {}, global queue {inject:?}",
        owner.len()
    ));
    owner.push_back_or_overflow(16, &mut inject);
    trace.log(format!(
        "pushed 16: local has {}, global queue {inject:?}",
        owner.len()
    ));
    trace.log(format!("local, oldest first: {:?}", drain(&mut owner)));
    assert_trace!("a_full_queue_sends_half_to_the_global_queue", trace);
}

#[test]
fn a_thief_takes_half_rounded_up() {
    let trace = Trace::new("a thief steals from queues of 5, 1 and 0 tasks");
    let mut inject = Vec::new();
    for size in [5u32, 1, 0] {
        let (mut victim, stealer) = local::<u32>();
        let (mut thief, _) = local::<u32>();
        for task in 1..=size {
            victim.push_back_or_overflow(task, &mut inject);
        }
        let got = stealer.steal_into(&mut thief);
        trace.log(format!(
            "victim of {size}: thief runs {got:?}, thief's queue {:?}, victim keeps {:?}",
            drain(&mut thief),
            drain(&mut victim)
        ));
    }
    assert_trace!("a_thief_takes_half_rounded_up", trace);
}

#[test]
fn a_steal_in_progress() {
    let trace = Trace::new("the owner and a second thief act while a thief is copying");
    let mut inject = Vec::new();
    let (mut victim, stealer) = local::<u32>();
    let (mut thief, _) = local::<u32>();
    let (mut second_thief, _) = local::<u32>();
    for task in 1..=6 {
        victim.push_back_or_overflow(task, &mut inject);
    }
    trace.log("victim has 1 to 6");
    let claim = stealer.claim(&thief).expect("a claim");
    trace.log(format!(
        "thief claims {} tasks (not copied yet)",
        claim.len()
    ));
    trace.log(format!("owner pops {:?}", victim.pop()));
    let second = stealer.steal_into(&mut second_thief);
    trace.log(format!(
        "second thief steals {second:?}, its queue {:?}",
        drain(&mut second_thief)
    ));
    for task in 7..=9 {
        victim.push_back_or_overflow(task, &mut inject);
        trace.log(format!("owner pushes {task}: global queue {inject:?}"));
    }
    let got = claim.finish(&mut thief);
    trace.log(format!(
        "thief finishes: runs {got:?}, its queue {:?}",
        drain(&mut thief)
    ));
    victim.push_back_or_overflow(10, &mut inject);
    trace.log(format!("owner pushes 10: global queue {inject:?}"));
    trace.log(format!("victim keeps {:?}", drain(&mut victim)));
    assert_trace!("a_steal_in_progress", trace);
}

#[test]
fn a_full_thief_does_not_steal() {
    let trace = Trace::new("a thief whose own queue is more than half full");
    let mut inject = Vec::new();
    let (mut victim, stealer) = local::<u32>();
    let (mut thief, _) = local::<u32>();
    for task in 1..=4 {
        victim.push_back_or_overflow(task, &mut inject);
    }
    for task in 101..=105 {
        thief.push_back_or_overflow(task, &mut inject);
    }
    let got = stealer.steal_into(&mut thief);
    trace.log(format!("thief with 5 of 8 steals: {got:?}"));
    trace.log(format!("victim still has {}", victim.len()));
    let _ = thief.pop();
    let got = stealer.steal_into(&mut thief);
    trace.log(format!("thief with 4 of 8 steals: {got:?}"));
    trace.log(format!("thief's queue {:?}", drain(&mut thief)));
    assert_trace!("a_full_thief_does_not_steal", trace);
}

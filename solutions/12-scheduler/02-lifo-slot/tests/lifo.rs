//! The LIFO slot: a task woken by the running task runs next, but not forever.
//!
//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/12-scheduler/02-lifo-slot/mistakes/`, named first):
//! - `no-limit` (the LIFO slot is never switched off): two_tasks_ping_pong never
//!   polls `c`.
//! - `limit-off-by-one` (`>` instead of `>=`): two_tasks_ping_pong runs four tasks
//!   from the slot before `c`.
//! - `slot-never-switched-on-again`: two_tasks_ping_pong's third tick runs one task.
//! - `yield-into-the-slot`: the_slot_holds_one_task, where a yielding task runs again
//!   before the others.
//! - `previous-task-dropped` (a second wake overwrites the slot): the_slot_holds_one_task
//!   never polls `b`.
//! - a woken task pushed to the back of the queue (no LIFO slot at all):
//!   a_woken_task_runs_next.

use lifo_slot::{MAX_LIFO_POLLS_PER_TICK, Task, Worker};
use std::collections::HashMap;
use testkit::{Trace, assert_trace};

/// What a task does when it is polled.
#[derive(Clone, Copy)]
enum Does {
    /// Returns Ready.
    Finish,
    /// Wakes these tasks (from inside its poll), then returns Pending.
    Wake(&'static [Task]),
    /// Wakes itself as a yield, then returns Pending (`yield_now`).
    Yield,
}

/// Runs ticks until nothing is left or `max_polls` polls happened, logging every poll;
/// after `max_polls`, a polled task does nothing (and logs nothing).
/// A task that finished is not polled again even if it is woken.
fn run(trace: &Trace, worker: &mut Worker, tasks: &HashMap<Task, Does>, max_polls: usize) {
    let mut polls = 0;
    let mut tick = 0;
    let mut yields: HashMap<Task, usize> = HashMap::new();
    loop {
        if polls >= max_polls {
            trace.log(format!("stopped after {max_polls} polls"));
            return;
        }
        tick += 1;
        trace.log(format!("tick {tick}"));
        let ran = worker.run_tick(&mut |worker, task| {
            if polls >= max_polls {
                // Wakes nothing, so even a worker that never leaves the slot ends its tick.
                return;
            }
            polls += 1;
            trace.log(format!("{task}: poll"));
            match tasks[task] {
                Does::Finish => trace.log(format!("{task}: Ready")),
                Does::Wake(others) => {
                    for &other in others {
                        trace.log(format!("{other}: wake"));
                        worker.schedule_local(other, false);
                    }
                    trace.log(format!("{task}: Pending"));
                }
                Does::Yield => {
                    let count = yields.entry(task).or_default();
                    *count += 1;
                    if *count > 2 {
                        trace.log(format!("{task}: Ready"));
                    } else {
                        trace.log(format!("{task}: yield"));
                        worker.schedule_local(task, true);
                        trace.log(format!("{task}: Pending"));
                    }
                }
            }
        });
        if !ran {
            trace.log("nothing left to run");
            return;
        }
    }
}

#[test]
fn a_woken_task_runs_next() {
    let trace = Trace::new("a wakes b; c waited in the queue before b was woken");
    let tasks = HashMap::from([
        ("a", Does::Wake(&["b"])),
        ("b", Does::Finish),
        ("c", Does::Finish),
    ]);
    let mut worker = Worker::new();
    worker.push_back("a");
    worker.push_back("c");
    run(&trace, &mut worker, &tasks, 10);
    assert_trace!("a_woken_task_runs_next", trace);
}

#[test]
fn two_tasks_ping_pong() {
    let trace = Trace::new("a and b wake each other forever; c waits in the queue");
    trace.log(format!(
        "LIFO polls per tick at most: {MAX_LIFO_POLLS_PER_TICK}"
    ));
    let tasks = HashMap::from([
        ("a", Does::Wake(&["b"])),
        ("b", Does::Wake(&["a"])),
        ("c", Does::Finish),
    ]);
    let mut worker = Worker::new();
    worker.push_back("a");
    worker.push_back("c");
    run(&trace, &mut worker, &tasks, 9);
    assert_trace!("two_tasks_ping_pong", trace);
}

#[test]
fn the_slot_holds_one_task() {
    let trace = Trace::new("a wakes b then d; y yields; c waits in the queue");
    let tasks = HashMap::from([
        ("y", Does::Yield),
        ("a", Does::Wake(&["b", "d"])),
        ("b", Does::Finish),
        ("c", Does::Finish),
        ("d", Does::Finish),
    ]);
    let mut worker = Worker::new();
    worker.push_back("y");
    worker.push_back("a");
    worker.push_back("c");
    run(&trace, &mut worker, &tasks, 20);
    assert_trace!("the_slot_holds_one_task", trace);
}

//! Where each worker finds its next task. The test decides which worker asks when, so the
//! order is the same on every run.
//!
//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/12-scheduler/05-work-stealing/mistakes/`, named first):
//! - `global-queue-only-when-idle` (no interval): the_global_queue_is_not_forgotten
//!   runs g1 and g2 only after every local task.
//! - `steals-the-newest` (from the back of the victim's queue): an_idle_worker_steals_half.
//! - `steals-everything`: an_idle_worker_steals_half takes all 5.
//! - `steals-before-the-global-queue`: an_idle_worker_steals_half steals while a task
//!   waits in the global queue.
//! - a worker that takes the whole global queue at once: the_global_queue_is_shared.

use testkit::{Trace, assert_trace};
use work_stealing_pool::{GLOBAL_QUEUE_INTERVAL, Pool};

fn tasks(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}{i}")).collect()
}

/// Worker `w` asks for its next task; the answer goes into the trace.
fn ask(trace: &Trace, pool: &mut Pool, w: usize) {
    match pool.next_task(w) {
        Some((task, from)) => trace.log(format!("worker {w}: runs {task} ({from:?})")),
        None => trace.log(format!("worker {w}: nothing to run (it would park)")),
    }
}

fn queues(trace: &Trace, pool: &Pool) {
    for (w, worker) in pool.workers.iter().enumerate() {
        trace.log(format!("worker {w}'s queue: {:?}", worker.queue));
    }
    trace.log(format!("global queue: {:?}", pool.global));
}

#[test]
fn an_idle_worker_steals_half() {
    let trace = Trace::new("worker 0 has 5 tasks, the global queue 1, worker 1 none");
    let mut pool = Pool::new(2);
    pool.workers[0].queue.extend(tasks("t", 5));
    pool.global.extend(tasks("g", 1));
    ask(&trace, &mut pool, 1);
    ask(&trace, &mut pool, 1);
    queues(&trace, &pool);
    ask(&trace, &mut pool, 0);
    ask(&trace, &mut pool, 1);
    ask(&trace, &mut pool, 1);
    ask(&trace, &mut pool, 0);
    ask(&trace, &mut pool, 1);
    queues(&trace, &pool);
    assert_trace!("an_idle_worker_steals_half", trace);
}

#[test]
fn the_global_queue_is_not_forgotten() {
    let trace = Trace::new("one worker with 10 local tasks; 2 tasks wait in the global queue");
    trace.log(format!("global queue interval: {GLOBAL_QUEUE_INTERVAL}"));
    let mut pool = Pool::new(1);
    pool.workers[0].queue.extend(tasks("t", 10));
    pool.global.extend(tasks("g", 2));
    for _ in 0..12 {
        ask(&trace, &mut pool, 0);
    }
    ask(&trace, &mut pool, 0);
    assert_trace!("the_global_queue_is_not_forgotten", trace);
}

#[test]
fn the_global_queue_is_shared() {
    let trace = Trace::new("3 idle workers; 7 tasks arrive in the global queue");
    let mut pool = Pool::new(3);
    pool.global.extend(tasks("g", 7));
    for w in 0..3 {
        ask(&trace, &mut pool, w);
    }
    queues(&trace, &pool);
    assert_trace!("the_global_queue_is_shared", trace);
}

//! One worker's choice of the next task, as tokio's multi-thread worker makes it
//! (`runtime/scheduler/multi_thread/worker.rs`): a run queue, first in first out, and a
//! LIFO slot for the task woken last by the task that is running.
//!
//! Tasks are names here, and "polling" is whatever the caller's closure does: the lesson is
//! the order, not the futures.

use std::collections::VecDeque;

// ANCHOR: types
/// A task is known by its name.
pub type Task = &'static str;

/// How many tasks in a row may run from the LIFO slot before it is switched off for the
/// rest of the tick (tokio's `MAX_LIFO_POLLS_PER_TICK`).
pub const MAX_LIFO_POLLS_PER_TICK: usize = 3;

pub struct Worker {
    /// The task woken last by the running task; it runs next.
    lifo_slot: Option<Task>,
    /// Every other task that is ready to run, oldest first.
    run_queue: VecDeque<Task>,
    /// Off once the LIFO slot ran `MAX_LIFO_POLLS_PER_TICK` tasks in a row; on again when
    /// the tick ends.
    lifo_enabled: bool,
}
// ANCHOR_END: types

impl Default for Worker {
    fn default() -> Self {
        Worker::new()
    }
}

impl Worker {
    pub fn new() -> Worker {
        Worker {
            lifo_slot: None,
            run_queue: VecDeque::new(),
            lifo_enabled: true,
        }
    }

    /// A task that comes from outside the running task (spawned from elsewhere, or taken
    /// from the global queue): the back of the run queue.
    pub fn push_back(&mut self, task: Task) {
        self.run_queue.push_back(task);
    }

    // ANCHOR: schedule
    /// The running task woke `task` (`is_yield`: the running task woke itself to let
    /// others run, as `tokio::task::yield_now` does).
    pub fn schedule_local(&mut self, task: Task, is_yield: bool) {
        if is_yield || !self.lifo_enabled {
            self.run_queue.push_back(task);
            return;
        }
        // The slot holds one task: the one it held goes to the back of the queue.
        if let Some(previous) = self.lifo_slot.replace(task) {
            self.run_queue.push_back(previous);
        }
    }
    // ANCHOR_END: schedule

    // ANCHOR: tick
    /// One tick: runs the next task (the LIFO slot first, then the queue), then the tasks
    /// it leaves in the LIFO slot, at most `MAX_LIFO_POLLS_PER_TICK` of them. `poll` runs a
    /// task and may call `schedule_local`. Returns false when there was nothing to run.
    pub fn run_tick(&mut self, poll: &mut dyn FnMut(&mut Worker, Task)) -> bool {
        let Some(task) = self.lifo_slot.take().or_else(|| self.run_queue.pop_front()) else {
            return false;
        };
        poll(self, task);

        let mut lifo_polls = 0;
        while let Some(task) = self.lifo_slot.take() {
            lifo_polls += 1;
            if lifo_polls >= MAX_LIFO_POLLS_PER_TICK {
                // What this task wakes goes to the back of the queue.
                self.lifo_enabled = false;
            }
            poll(self, task);
        }
        self.lifo_enabled = true;
        true
    }
    // ANCHOR_END: tick
}

//! Where each worker of a pool finds its next task, in the order tokio's multi-thread
//! worker looks (`Core::next_task` and `Core::steal_work` in
//! `runtime/scheduler/multi_thread/worker.rs`): its own queue, the global queue every
//! `GLOBAL_QUEUE_INTERVAL` ticks or when its own queue is empty, then other workers' queues.
//!
//! The model runs on one thread and the test says which worker asks when, so every
//! interleaving is fixed. Queues are plain `VecDeque`s: exercise 1 built the real one.

use std::collections::VecDeque;

// ANCHOR: types
/// A task is known by its name.
pub type Task = String;

/// Every this many ticks a worker looks at the global queue first. tokio's current-thread
/// runtime uses 31; the multi-thread one tunes it between 2 and 127. Small here, to see it.
pub const GLOBAL_QUEUE_INTERVAL: u32 = 4;

/// Where a task came from.
#[derive(Debug, PartialEq)]
pub enum Source {
    Local,
    /// From the global queue; `batch` tasks were taken (the first runs, the rest go to
    /// the worker's own queue).
    Global {
        batch: usize,
    },
    /// From another worker's queue; `count` tasks were taken (the last one taken runs).
    Stolen {
        victim: usize,
        count: usize,
    },
}

#[derive(Default)]
pub struct Worker {
    /// How many times this worker has asked for a task.
    pub tick: u32,
    pub queue: VecDeque<Task>,
}

pub struct Pool {
    pub workers: Vec<Worker>,
    pub global: VecDeque<Task>,
}
// ANCHOR_END: types

impl Pool {
    pub fn new(workers: usize) -> Pool {
        Pool {
            workers: (0..workers).map(|_| Worker::default()).collect(),
            global: VecDeque::new(),
        }
    }

    /// Takes one task from the global queue (the periodic look).
    fn take_global_one(&mut self) -> Option<(Task, Source)> {
        let task = self.global.pop_front()?;
        Some((task, Source::Global { batch: 1 }))
    }

    /// Takes a batch from the global queue for worker `w`, whose own queue is empty: a
    /// fair share (`len / workers + 1`, as tokio's `next_task` does); the first one runs.
    fn take_global_batch(&mut self, w: usize) -> Option<(Task, Source)> {
        let batch = (self.global.len() / self.workers.len() + 1).min(self.global.len());
        let first = self.global.pop_front()?;
        for _ in 1..batch {
            let task = self.global.pop_front().unwrap();
            self.workers[w].queue.push_back(task);
        }
        Some((first, Source::Global { batch }))
    }

    // ANCHOR: next
    /// What worker `w` runs next, and where it found it; `None`: nothing anywhere (the
    /// worker would park).
    pub fn next_task(&mut self, w: usize) -> Option<(Task, Source)> {
        let _ = (
            w,
            Self::take_global_one,
            Self::take_global_batch,
            Self::steal,
        );
        todo!("the own queue, the global queue every Nth tick or when idle, then steal")
    }

    /// Tries the other workers in turn, starting after `w` (tokio starts at a random
    /// one), and takes half of the first non-empty queue, rounded up, oldest first.
    fn steal(&mut self, w: usize) -> Option<(Task, Source)> {
        let _ = (
            w,
            Source::Stolen {
                victim: 0,
                count: 0,
            },
        );
        todo!("take half, rounded up, of the first other worker's queue that has tasks")
    }
    // ANCHOR_END: next
}

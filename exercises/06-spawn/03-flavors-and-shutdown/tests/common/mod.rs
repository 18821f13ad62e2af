//! Helpers shared by this exercise's tests.

// Each test file uses only some of them.
#![allow(dead_code)]

use std::sync::{Condvar, Mutex};
use std::time::Duration;
use testkit::Trace;

/// How long a blocking task keeps its thread when nothing releases it earlier. Long
/// enough for the other workers of a loaded machine to get their turn; short enough to
/// keep the test quick.
pub const BLOCK_AT_MOST: Duration = Duration::from_millis(500);

/// Counts finished helper tasks, and lets a thread block until enough have finished.
#[derive(Default)]
pub struct Progress {
    finished: Mutex<usize>,
    changed: Condvar,
}

impl Progress {
    pub fn finish_one(&self) {
        *self.finished.lock().unwrap() += 1;
        self.changed.notify_all();
    }

    /// Blocks the calling thread (on purpose: this is the mistake under study) until
    /// `count` helpers have finished or [`BLOCK_AT_MOST`] has passed. Returns how many
    /// had finished.
    pub fn block_until(&self, count: usize) -> usize {
        let finished = self.finished.lock().unwrap();
        let (finished, _timeout) = self
            .changed
            .wait_timeout_while(finished, BLOCK_AT_MOST, |finished| *finished < count)
            .unwrap();
        *finished
    }

    pub fn finished(&self) -> usize {
        *self.finished.lock().unwrap()
    }
}

/// Logs `<label>: dropped at its .await` when the value it guards is dropped unfinished.
pub struct DropGuard {
    pub label: &'static str,
    pub trace: Trace,
    pub finished: bool,
}

impl Drop for DropGuard {
    fn drop(&mut self) {
        if !self.finished {
            self.trace
                .log(format!("{}: dropped at its .await", self.label));
        }
    }
}

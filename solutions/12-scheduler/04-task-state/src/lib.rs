//! A task's state word, as tokio keeps it (`runtime/task/state.rs`): one `AtomicUsize` in
//! the task's header holds the lifecycle bits, a few flags, and the reference count, so
//! that every change to the three is one atomic step.

use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::{AcqRel, Acquire};

// ANCHOR: bits
/// The task is being polled right now.
pub const RUNNING: usize = 0b0001;
/// The future has finished (its output, if any, waits for the `JoinHandle`).
pub const COMPLETE: usize = 0b0010;
/// A `Notified` for this task sits in a run queue (or will, once the poll ends).
pub const NOTIFIED: usize = 0b100;
/// A `JoinHandle` still exists and wants the output.
pub const JOIN_INTEREST: usize = 0b1_000;
/// The `JoinHandle` left a waker in the task's trailer.
pub const JOIN_WAKER: usize = 0b10_000;
/// The task was aborted.
pub const CANCELLED: usize = 0b100_000;
/// Every bit that is not part of the reference count.
pub const STATE_MASK: usize =
    RUNNING | COMPLETE | NOTIFIED | JOIN_INTEREST | JOIN_WAKER | CANCELLED;
/// The reference count sits above the flags: one reference is this much.
pub const REF_ONE: usize = 1 << (!STATE_MASK).trailing_zeros();
/// A new task has three owners: the list of the runtime's tasks, the `Notified` that
/// goes into a run queue, and the `JoinHandle`.
pub const INITIAL_STATE: usize = (REF_ONE * 3) | JOIN_INTEREST | NOTIFIED;

pub struct State(AtomicUsize);

/// A word in words: its flags, then its reference count.
pub fn describe(word: usize) -> String {
    let names = [
        (RUNNING, "RUNNING"),
        (COMPLETE, "COMPLETE"),
        (NOTIFIED, "NOTIFIED"),
        (JOIN_INTEREST, "JOIN_INTEREST"),
        (JOIN_WAKER, "JOIN_WAKER"),
        (CANCELLED, "CANCELLED"),
    ];
    let flags: Vec<&str> = names
        .iter()
        .filter(|(bit, _)| word & bit != 0)
        .map(|(_, name)| *name)
        .collect();
    let flags = if flags.is_empty() {
        "idle".to_string()
    } else {
        flags.join("|")
    };
    format!("{flags}, refs {}", word / REF_ONE)
}
// ANCHOR_END: bits

// ANCHOR: actions
/// What the scheduler must do after trying to start a poll.
#[derive(Debug, PartialEq)]
pub enum ToRunning {
    /// Poll the future.
    Success,
    /// The task is running elsewhere or finished: this `Notified` is dropped (one
    /// reference fewer).
    Failed,
    /// As `Failed`, and that was the last reference: free the task.
    Dealloc,
}

/// What the scheduler must do after a poll that returned `Pending`.
#[derive(Debug, PartialEq)]
pub enum ToIdle {
    /// Nothing: the `Notified` that was polled is used up.
    Ok,
    /// The task was woken during the poll: submit a new `Notified` (it got a reference).
    OkNotified,
    /// The `Notified` was the last reference: free the task.
    OkDealloc,
}

/// What a waker must do after `wake` (by value: it gives its own reference up).
#[derive(Debug, PartialEq)]
pub enum ToNotified {
    /// Nothing to submit.
    DoNothing,
    /// Submit a new `Notified` to the scheduler (it got a reference).
    Submit,
    /// Nothing to submit, and this waker held the last reference: free the task.
    Dealloc,
}
// ANCHOR_END: actions

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

impl State {
    pub fn new() -> State {
        State(AtomicUsize::new(INITIAL_STATE))
    }

    pub fn load(&self) -> usize {
        self.0.load(Acquire)
    }

    /// Changes the word in one atomic step: `f` gets the current word and returns the
    /// action and the new word (`None`: leave it as it is).
    fn update<A>(&self, mut f: impl FnMut(usize) -> (A, Option<usize>)) -> A {
        let mut current = self.load();
        loop {
            let (action, next) = f(current);
            let Some(next) = next else { return action };
            match self.0.compare_exchange(current, next, AcqRel, Acquire) {
                Ok(_) => return action,
                Err(actual) => current = actual,
            }
        }
    }

    /// A new owner (a waker clone, say).
    pub fn ref_inc(&self) {
        self.0.fetch_add(REF_ONE, AcqRel);
    }

    /// An owner goes away; true when it was the last (free the task).
    pub fn ref_dec(&self) -> bool {
        self.0.fetch_sub(REF_ONE, AcqRel) / REF_ONE == 1
    }

    /// The `JoinHandle` is dropped: `JOIN_INTEREST` off (nobody wants the output any
    /// more), then its reference goes; true when it was the last.
    pub fn drop_join_handle(&self) -> bool {
        self.0.fetch_and(!JOIN_INTEREST, AcqRel);
        self.ref_dec()
    }

    /// The future returned `Ready`: `RUNNING` off, `COMPLETE` on.
    pub fn transition_to_complete(&self) {
        self.0.fetch_xor(RUNNING | COMPLETE, AcqRel);
    }

    // ANCHOR: transitions
    /// A `Notified` was taken from a run queue: start a poll. Clears `NOTIFIED`, so a wake
    /// during the poll can be seen.
    pub fn transition_to_running(&self) -> ToRunning {
        self.update(|word| {
            if word & (RUNNING | COMPLETE) != 0 {
                let next = word - REF_ONE;
                let action = if next / REF_ONE == 0 {
                    ToRunning::Dealloc
                } else {
                    ToRunning::Failed
                };
                return (action, Some(next));
            }
            (ToRunning::Success, Some((word | RUNNING) & !NOTIFIED))
        })
    }

    /// The poll returned `Pending`: clear `RUNNING`. If no wake came during the poll, the
    /// polled `Notified` is used up (one reference fewer); if one came, a new `Notified`
    /// must be submitted, and it gets a reference of its own.
    pub fn transition_to_idle(&self) -> ToIdle {
        self.update(|word| {
            let next = word & !RUNNING;
            if next & NOTIFIED == 0 {
                let next = next - REF_ONE;
                let action = if next / REF_ONE == 0 {
                    ToIdle::OkDealloc
                } else {
                    ToIdle::Ok
                };
                (action, Some(next))
            } else {
                (ToIdle::OkNotified, Some(next + REF_ONE))
            }
        })
    }

    /// `Waker::wake`: the waker's own reference is given up here, except after `Submit`,
    /// where the waker drops it itself (`ref_dec`) once the task is submitted.
    pub fn transition_to_notified_by_val(&self) -> ToNotified {
        self.update(|word| {
            if word & RUNNING != 0 {
                // The poll that runs now will see NOTIFIED and submit the task itself.
                (ToNotified::DoNothing, Some((word | NOTIFIED) - REF_ONE))
            } else if word & (COMPLETE | NOTIFIED) != 0 {
                let next = word - REF_ONE;
                let action = if next / REF_ONE == 0 {
                    ToNotified::Dealloc
                } else {
                    ToNotified::DoNothing
                };
                (action, Some(next))
            } else {
                // The new Notified gets a reference; the waker gives up its own once
                // it has submitted the task.
                (ToNotified::Submit, Some((word | NOTIFIED) + REF_ONE))
            }
        })
    }

    /// `Waker::wake_by_ref` (the waker keeps its reference).
    pub fn transition_to_notified_by_ref(&self) -> ToNotified {
        self.update(|word| {
            if word & (COMPLETE | NOTIFIED) != 0 {
                (ToNotified::DoNothing, None)
            } else if word & RUNNING != 0 {
                (ToNotified::DoNothing, Some(word | NOTIFIED))
            } else {
                (ToNotified::Submit, Some((word | NOTIFIED) + REF_ONE))
            }
        })
    }
    // ANCHOR_END: transitions
}

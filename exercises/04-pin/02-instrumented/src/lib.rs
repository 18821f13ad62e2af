//! A future that wraps another one and records every poll, with `#[pin_project]`.

use pin_project::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: struct
/// Polls `inner` and keeps a count of the polls and a list of their results.
///
/// `inner` may be `!Unpin` (an async block, tokio's `Sleep`). The counters are
/// plain data. `#[pin_project]` needs to be told which fields stay pinned.
#[pin_project]
pub struct Instrumented<F> {
    inner: F,
    polls: u32,
    results: Vec<&'static str>,
}
// ANCHOR_END: struct

impl<F> Instrumented<F> {
    pub fn new(inner: F) -> Instrumented<F> {
        Instrumented {
            inner,
            polls: 0,
            results: Vec::new(),
        }
    }

    /// How many times this future has been polled.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// What each poll returned, in order: `"Pending"` or `"Ready"`.
    pub fn results(&self) -> &[&'static str] {
        &self.results
    }
}

// ANCHOR: poll
impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    /// Returns what the inner future returned, after counting this poll (every one,
    /// the last too) and recording its result. The inner future sees this poll's
    /// `cx`, so whatever waker it keeps wakes whoever polls `Instrumented`.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _ = cx;
        todo!("poll the inner future with `cx`, and record this poll and its result")
    }
}
// ANCHOR_END: poll

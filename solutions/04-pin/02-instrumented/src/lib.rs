//! A future that wraps another one and records every poll, with `#[pin_project]`.

use pin_project::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: struct
/// Polls `inner` and keeps a count of the polls and a list of their results.
///
/// `inner` may be `!Unpin` (an async block, tokio's `Sleep`), so it must stay
/// pinned: `#[pin]` says so. The counters are plain data that may move.
#[pin_project]
pub struct Instrumented<F> {
    #[pin]
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

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // `project` turns `Pin<&mut Instrumented<F>>` into one field at a time:
        // `Pin<&mut F>` for `inner`, `&mut` for the others.
        let this = self.project();
        *this.polls += 1;
        // The same `cx`: whatever waker the inner future keeps wakes our caller.
        let result = this.inner.poll(cx);
        this.results.push(if result.is_ready() {
            "Ready"
        } else {
            "Pending"
        });
        result
    }
}
// ANCHOR_END: poll

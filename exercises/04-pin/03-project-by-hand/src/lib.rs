//! The `Instrumented` wrapper again, without pin-project: the pin projection by hand.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: struct
/// Polls `inner` and keeps a count of the polls and a list of their results.
///
/// `inner` is pinned whenever the `Instrumented` is (a "structural" field);
/// `polls` and `results` are not, so they may be reached through a plain `&mut`.
pub struct Instrumented<F> {
    inner: F,
    polls: u32,
    results: Vec<&'static str>,
}

/// What `#[pin_project]` generated in the last exercise: one reference per field.
pub struct Projection<'a, F> {
    pub inner: Pin<&'a mut F>,
    pub polls: &'a mut u32,
    pub results: &'a mut Vec<&'static str>,
}
// ANCHOR_END: struct

// No `impl Unpin for Instrumented<F>`, and no `Drop` impl. The compiler makes
// `Instrumented<F>` `Unpin` exactly when `F` is, which the projection below relies on.

impl<F> Instrumented<F> {
    pub fn new(inner: F) -> Instrumented<F> {
        Instrumented {
            inner,
            polls: 0,
            results: Vec::new(),
        }
    }

    /// The inner future, to look at (never to move: it may be pinned).
    pub fn get_ref(&self) -> &F {
        &self.inner
    }

    /// How many times this future has been polled.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// What each poll returned, in order: `"Pending"` or `"Ready"`.
    pub fn results(&self) -> &[&'static str] {
        &self.results
    }

    // ANCHOR: project
    /// Splits a pinned `Instrumented` into its fields: the inner future stays pinned,
    /// the counters become plain `&mut`.
    pub fn project(self: Pin<&mut Self>) -> Projection<'_, F> {
        let _ = self;
        todo!("one reference per field: `inner` still pinned, the counters plain")
    }

    /// The inner future alone, still pinned: what `futures` calls `get_pin_mut`.
    ///
    /// Every `unsafe` block here and in `project` gets a `// SAFETY:` comment that
    /// names the promise it makes and says why that promise holds.
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut F> {
        let _ = self;
        todo!("the inner future, still pinned")
    }
    // ANCHOR_END: project
}

// ANCHOR: poll
impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    /// What exercise 2's `poll` did: count, poll the inner future with `cx`, record.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _ = cx;
        todo!("exercise 2's poll, on top of your own `project`")
    }
}
// ANCHOR_END: poll

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
        todo!(
            "get the &mut Instrumented out of the pin (unsafe), then pin a borrow of \
             inner again (unsafe) and borrow the counters plainly; write a SAFETY \
             comment for each unsafe block"
        )
    }

    /// The inner future alone, still pinned: what `futures` calls `get_pin_mut`.
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut F> {
        let _ = self;
        todo!("map the pin to the inner field with Pin::map_unchecked_mut, with a SAFETY comment")
    }
    // ANCHOR_END: project
}

// ANCHOR: poll
impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _ = cx;
        todo!("the same poll as in exercise 2, calling your own project")
    }
}
// ANCHOR_END: poll

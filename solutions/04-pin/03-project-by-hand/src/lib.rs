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
        // SAFETY: `get_unchecked_mut` asks us not to move the `Instrumented` out of
        // this `&mut`. We never do: we only borrow its fields, one at a time.
        let this = unsafe { self.get_unchecked_mut() };
        Projection {
            // SAFETY: `inner` lives inside the pinned `Instrumented`, so it cannot
            // move unless the `Instrumented` does, and we never hand out a plain
            // `&mut F`. Nothing else moves it either: there is no `Drop` impl that
            // could, and no `Unpin` impl that would let safe code move a pinned
            // `Instrumented<F>` whose `F` is `!Unpin`.
            inner: unsafe { Pin::new_unchecked(&mut this.inner) },
            // `polls` and `results` are never pinned: moving them is fine.
            polls: &mut this.polls,
            results: &mut this.results,
        }
    }

    /// The inner future alone, still pinned: what `futures` calls `get_pin_mut`.
    pub fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut F> {
        // SAFETY: the same promise as for `inner` in `project`: the closure only
        // borrows the field and moves nothing, and the field stays pinned for as
        // long as the `Instrumented` is.
        unsafe { self.map_unchecked_mut(|this| &mut this.inner) }
    }
    // ANCHOR_END: project
}

// ANCHOR: poll
impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        *this.polls += 1;
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

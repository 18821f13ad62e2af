//! A race between two futures: the first to finish wins, the other is dropped.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: select
/// Which side finished first, with its output.
#[derive(Debug, PartialEq, Eq)]
pub enum Winner<L, R> {
    Left(L),
    Right(R),
}

/// Runs two futures at once and finishes as soon as either one does.
pub struct Select<A, B> {
    /// `Some` while the race is on. Each future is boxed so that it stays in one
    /// place while it is polled (chapter 4 explains why that matters).
    left: Option<Pin<Box<A>>>,
    right: Option<Pin<Box<B>>>,
}

/// `select(a, b).await` gives the output of whichever finishes first.
pub fn select<A: Future, B: Future>(left: A, right: B) -> Select<A, B> {
    Select {
        left: Some(Box::pin(left)),
        right: Some(Box::pin(right)),
    }
}

// Both futures are boxed, so a `Select` may move.
impl<A, B> Unpin for Select<A, B> {}
// ANCHOR_END: select

// ANCHOR: select_poll
impl<A: Future, B: Future> Future for Select<A, B> {
    type Output = Winner<A::Output, B::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let (Some(left), Some(right)) = (&mut this.left, &mut this.right) else {
            panic!("Select polled after it returned Ready");
        };
        // Left goes first: when both could finish on the same poll, left wins.
        // Dropping a future is how Rust cancels it: once the race is over, the loser
        // should be cancelled right away, not whenever `Select` itself is dropped.
        todo!(
            "poll `left`, then (only if left is Pending) `right`; when one returns \
             Poll::Ready, set both `this.left` and `this.right` to None and return its \
             output as Winner::Left or Winner::Right; if both are Pending, Poll::Pending"
        )
    }
}
// ANCHOR_END: select_poll

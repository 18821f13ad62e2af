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

    /// `Ready` with the output of the first side to finish, `Pending` while both wait.
    /// Left is polled first, so it wins when both could finish on the same poll. Once a
    /// side is `Ready` the race is over: nothing more is polled, and both futures are
    /// dropped before this poll returns (dropping a future is how Rust cancels it).
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let (Some(left), Some(right)) = (&mut this.left, &mut this.right) else {
            panic!("Select polled after it returned Ready");
        };
        let _ = (left, right, cx);
        todo!("run the race: the first side to be Ready wins, and the race ends there")
    }
}
// ANCHOR_END: select_poll

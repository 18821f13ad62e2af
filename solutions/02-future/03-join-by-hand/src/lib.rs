//! Two futures run at once inside one future: what `futures::join!` does.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: join
/// Runs two futures at once and finishes when both have: `(left output, right output)`.
pub struct Join<A: Future, B: Future> {
    left: Side<A>,
    right: Side<B>,
}

/// One side of a join: still running, or finished with its output kept for later.
enum Side<F: Future> {
    /// A future needs a fixed place in memory while it is polled; a `Box` gives it
    /// one. (Chapter 4 is about why, and how to do without the box.)
    Running(Pin<Box<F>>),
    Finished(Option<F::Output>),
}

impl<F: Future> Side<F> {
    fn is_finished(&self) -> bool {
        matches!(self, Side::Finished(_))
    }

    /// The output, once. Both sides must be finished before we take either.
    fn take_output(&mut self) -> F::Output {
        match self {
            Side::Finished(output) => output.take().expect("Join polled after it returned Ready"),
            Side::Running(_) => unreachable!("take_output on a side still running"),
        }
    }
}

/// `join(a, b).await` gives `(a's output, b's output)`.
pub fn join<A: Future, B: Future>(left: A, right: B) -> Join<A, B> {
    Join {
        left: Side::Running(Box::pin(left)),
        right: Side::Running(Box::pin(right)),
    }
}

// Both futures are boxed and the outputs are never pinned, so a `Join` may move.
impl<A: Future, B: Future> Unpin for Join<A, B> {}
// ANCHOR_END: join

// ANCHOR: poll_side
impl<F: Future> Side<F> {
    /// Gives this side its chance to make progress, with the waker in `cx`. A side that
    /// finishes keeps only its output: its future is dropped in that same poll, and is
    /// never polled again.
    fn poll_side(&mut self, cx: &mut Context<'_>) {
        if let Side::Running(future) = self
            && let Poll::Ready(output) = future.as_mut().poll(cx)
        {
            *self = Side::Finished(Some(output));
        }
    }
}
// ANCHOR_END: poll_side

// ANCHOR: join_poll
impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    /// `Ready((left output, right output))` once both sides have finished, `Pending` until
    /// then. Each poll gives every side that is still running its chance, left first.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Poll both, every time: each side must see this poll's waker, and a side
        // that is `Pending` says nothing about the other one.
        self.left.poll_side(cx);
        self.right.poll_side(cx);
        if self.left.is_finished() && self.right.is_finished() {
            Poll::Ready((self.left.take_output(), self.right.take_output()))
        } else {
            Poll::Pending
        }
    }
}
// ANCHOR_END: join_poll

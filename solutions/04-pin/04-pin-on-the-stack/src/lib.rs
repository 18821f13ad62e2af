//! Polling futures by hand: pinned on the stack with `pin!`, or on the heap with `Box::pin`.

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::Poll;

/// Which of two futures finished first, with its output.
#[derive(Debug, PartialEq, Eq)]
pub enum Winner<A, B> {
    Left(A),
    Right(B),
}

// ANCHOR: select
/// Runs two futures at once and returns the output of the first to finish;
/// the other one is dropped unfinished. When both are ready in the same poll,
/// `left` wins: it is polled first.
pub async fn select<A: Future, B: Future>(left: A, right: B) -> Winner<A::Output, B::Output> {
    // `poll` needs `Pin<&mut A>`. `pin!` moves each future into this async fn's own
    // state, which is pinned already, and hands back a `Pin<&mut _>` to it.
    let mut left = pin!(left);
    let mut right = pin!(right);
    poll_fn(|cx| {
        if let Poll::Ready(output) = left.as_mut().poll(cx) {
            return Poll::Ready(Winner::Left(output));
        }
        if let Poll::Ready(output) = right.as_mut().poll(cx) {
            return Poll::Ready(Winner::Right(output));
        }
        // Both kept `cx`'s waker; whichever makes progress first wakes us.
        Poll::Pending
    })
    .await
}
// ANCHOR_END: select

// ANCHOR: join_all
/// Runs every future at once and returns their outputs in the order given.
/// A future that has finished is never polled again.
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    // `pin!` pins one value in one place known when the code is written. Here the
    // number of futures is known only at run time, so each gets its own heap slot:
    // `Box::pin`. Moving the Box (into the Vec, around in it) never moves the future.
    let mut running: Vec<Option<Pin<Box<F>>>> = futures
        .into_iter()
        .map(|future| Some(Box::pin(future)))
        .collect();
    let mut outputs: Vec<Option<F::Output>> = running.iter().map(|_| None).collect();
    poll_fn(|cx| {
        for (slot, output) in running.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot
                && let Poll::Ready(value) = future.as_mut().poll(cx)
            {
                *output = Some(value);
                // Dropped at once: a finished future must not be polled again.
                *slot = None;
            }
        }
        if running.iter().all(Option::is_none) {
            Poll::Ready(outputs.iter_mut().map(|o| o.take().unwrap()).collect())
        } else {
            Poll::Pending
        }
    })
    .await
}
// ANCHOR_END: join_all

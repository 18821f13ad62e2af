//! Polling futures by hand: pinned on the stack with `pin!`, or on the heap with `Box::pin`.

use std::future::Future;

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
    let _ = (left, right);
    todo!("the output of whichever future finishes first, left winning ties")
}
// ANCHOR_END: select

// ANCHOR: join_all
/// Runs every future at once and returns their outputs in the order given.
/// Each poll of `join_all` polls every future that has not finished, in any order.
/// A future that has finished is never polled again, and is dropped in the poll
/// where it finished, without moving from where it was pinned.
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let _ = futures;
    todo!("every future's output, in the order given, once all have finished")
}
// ANCHOR_END: join_all

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
    todo!(
        "pin both futures right here with std::pin::pin!, then poll left and then \
         right inside std::future::poll_fn until one is Ready"
    )
}
// ANCHOR_END: select

// ANCHOR: join_all
/// Runs every future at once and returns their outputs in the order given.
/// A future that has finished is never polled again.
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let _ = futures;
    todo!(
        "Box::pin every future, then in std::future::poll_fn poll each one that has \
         not finished, keep its output, and drop it once it is Ready"
    )
}
// ANCHOR_END: join_all

//! A future that says when it is dropped, finished or not.
//!
//! [`crate::exec::Logged`] writes `dropped before it finished` only for a future that
//! never returned `Ready`. A combinator should also let go of a child that *did* finish
//! (`join` keeps its output, not the future; `select` drops the winner with the loser),
//! and keeping it until the combinator itself is dropped is invisible without this.
//! Wrap the child: `Logged::new(&trace, "left", drop_logged(&trace, "left", future))`,
//! and the trace says `left: dropped` at the moment it goes.

use crate::Trace;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Wraps a future and writes `<label>: dropped` into the trace when it is dropped.
pub struct DropLogged<F> {
    label: String,
    trace: Trace,
    future: Pin<Box<F>>,
}

pub fn drop_logged<F: Future>(trace: &Trace, label: &str, future: F) -> DropLogged<F> {
    DropLogged {
        label: label.to_string(),
        trace: trace.clone(),
        future: Box::pin(future),
    }
}

// The inner future is boxed, so the wrapper itself may move freely.
impl<F> Unpin for DropLogged<F> {}

impl<F: Future> Future for DropLogged<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.future.as_mut().poll(cx)
    }
}

/// The same trace with each run of adjacent drop lines (`...: dropped...`) sorted by
/// label, each label's own lines kept in their order: for a combinator that drops two
/// children at one moment, the order in which it drops them is its own business, so a
/// trace should not fix it.
pub fn drops_in_any_order(trace: &Trace) -> Trace {
    let sorted = Trace::default();
    let mut run: Vec<String> = Vec::new();
    for line in trace.lines() {
        if line.contains(": dropped") {
            run.push(line);
            continue;
        }
        run.sort_by_key(|dropped| label(dropped));
        run.drain(..).for_each(|dropped| sorted.log(dropped));
        sorted.log(line);
    }
    run.sort_by_key(|dropped| label(dropped));
    run.drain(..).for_each(|dropped| sorted.log(dropped));
    sorted
}

fn label(line: &str) -> String {
    line.split(':').next().unwrap_or_default().to_string()
}

impl<F> Drop for DropLogged<F> {
    fn drop(&mut self) {
        self.trace.log(format!("{}: dropped", self.label));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::block_on;
    use std::future::ready;

    #[test]
    fn a_finished_future_says_when_it_goes() {
        let trace = Trace::default();
        let mut future = drop_logged(&trace, "child", ready(1));
        assert_eq!(block_on(&Trace::default(), &mut future), 1);
        trace.log("finished");
        drop(future);
        assert_eq!(trace.lines(), ["finished", "child: dropped"]);
    }

    #[test]
    fn drops_at_one_moment_may_come_in_any_order() {
        let trace = Trace::new("two drops");
        let lines = [
            "b: dropped",
            "a: dropped late",
            "a: dropped",
            "a: Ready",
            "d: dropped",
            "c: dropped",
        ];
        for line in lines {
            trace.log(line);
        }
        let expected = [
            "scenario: two drops",
            "a: dropped late",
            "a: dropped",
            "b: dropped",
            "a: Ready",
            "c: dropped",
            "d: dropped",
        ];
        assert_eq!(drops_in_any_order(&trace).lines(), expected);
    }
}

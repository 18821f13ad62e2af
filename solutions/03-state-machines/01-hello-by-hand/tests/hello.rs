//! Every scenario runs twice: on the state machines written by hand and on the
//! `async fn`s the compiler turned into state machines. The snapshot is the
//! hand-written run, followed by whether the two runs did exactly the same things.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder). A panic, the executor's included, is written into the
//! trace, so it shows as a difference like any other mistake.
//! - `start-returns-pending.diff`, `Start` creates the child and returns `Pending` (after
//!   waking itself) instead of polling the child in the same poll: an extra
//!   `executor: poll` in `hello_console_ready` and `main_console_ready`.
//! - The state never moves on from `Start` (the child is a local, made again on every
//!   poll): a second `print: created` in `hello_console_busy_once`.
//! - `child-made-in-new.diff`, the child created in `new()` instead of in the first poll
//!   (an `async fn` does nothing until it is polled): `print: created` before
//!   `executor: poll 1` in every scenario, first in `hello_console_ready`.
//! - `child-kept-after-ready.diff`, the child kept after it returned `Ready` (no move to
//!   `Done`), so it is dropped late: `print: dropped` after `returned Ready` in
//!   `hello_console_ready`.
//! - `done-returns-ready.diff`, `Done` returning `Ready` (or `Pending`) again instead of
//!   panicking like the compiler's futures: `hello_polled_after_ready` (and
//!   `main_polled_after_ready` for `TokioMainFuture`).
//! - `pending-ignored.diff`, the child's `Pending` ignored (every result taken as
//!   finished): nothing printed in `main_console_busy_once`.
//! - `made-up-context.diff`, the child polled with a made-up context instead of `cx`, so
//!   its wake is lost: the executor's "nothing can ever wake it" panic in
//!   `main_console_busy_once`.
//!
//! Not seen: a `TokioMainFuture` that stays in `AwaitingHello` after `Ready`. The finished
//! `HelloFuture` it keeps holds nothing, and a second poll panics either way (inside
//! `HelloFuture` instead of `TokioMainFuture`), so no caller can tell the difference.

use hello_by_hand::{Console, HelloFuture, TokioMainFuture, compiled};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Waker};
use testkit::{Trace, assert_trace, yes_no};

#[derive(Clone, Copy)]
enum Version {
    ByHand,
    Compiled,
}

type BoxedFuture = Pin<Box<dyn Future<Output = ()>>>;

fn console(trace: &Trace, busy_writes: usize) -> Console {
    let trace = trace.clone();
    let console = Console::new(move |event| trace.log(event));
    console.busy_for(busy_writes);
    console
}

fn tokio_main(version: Version, console: Console) -> BoxedFuture {
    match version {
        Version::ByHand => Box::pin(TokioMainFuture::new(console)),
        Version::Compiled => Box::pin(compiled::tokio_main(console)),
    }
}

fn hello(version: Version, console: Console) -> BoxedFuture {
    match version {
        Version::ByHand => Box::pin(HelloFuture::new(console)),
        Version::Compiled => Box::pin(compiled::hello(console)),
    }
}

/// Runs `future` under the logging executor; a panic becomes a line of the trace.
fn block_on(trace: &Trace, future: impl Future<Output = ()>) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| testkit::exec::block_on(trace, future))) {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        trace.log(format!("test: panicked: {message}"));
    }
}

/// Polls a finished future once more: the compiler's futures panic.
fn poll_again(trace: &Trace, future: &mut BoxedFuture) {
    trace.log("test: poll again");
    let mut cx = Context::from_waker(Waker::noop());
    match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(&mut cx))) {
        Ok(poll) => trace.log(format!("test: poll returned {poll:?}, expected a panic")),
        Err(_) => trace.log("test: the poll panicked"),
    }
}

/// Runs `scenario` on both versions; records the hand-written run and the comparison.
fn compare(name: &str, scenario: &str, run: impl Fn(&Trace, Version)) {
    let by_hand = Trace::new(scenario);
    run(&by_hand, Version::ByHand);
    let compiled = Trace::new(scenario);
    run(&compiled, Version::Compiled);
    let same = yes_no(by_hand.lines() == compiled.lines());
    by_hand.log(format!("same as the async fn: {same}"));
    assert_trace!(name, by_hand);
}

#[test]
fn hello_console_ready() {
    compare(
        "hello_console_ready",
        "hello(): the console is ready at once",
        |trace, version| {
            block_on(trace, hello(version, console(trace, 0)));
        },
    );
}

#[test]
fn hello_console_busy_once() {
    compare(
        "hello_console_busy_once",
        "hello(): the console is busy once, so hello is polled twice",
        |trace, version| block_on(trace, hello(version, console(trace, 1))),
    );
}

#[test]
fn main_console_ready() {
    compare(
        "main_console_ready",
        "tokio_main(): the console is ready at once",
        |trace, version| {
            block_on(trace, tokio_main(version, console(trace, 0)));
        },
    );
}

#[test]
fn main_console_busy_once() {
    compare(
        "main_console_busy_once",
        "tokio_main(): the console is busy once, so both outer states are entered again",
        |trace, version| block_on(trace, tokio_main(version, console(trace, 1))),
    );
}

#[test]
fn main_console_busy_twice() {
    compare(
        "main_console_busy_twice",
        "tokio_main(): the console is busy twice, so everything is polled three times",
        |trace, version| block_on(trace, tokio_main(version, console(trace, 2))),
    );
}

#[test]
fn main_polled_after_ready() {
    compare(
        "main_polled_after_ready",
        "tokio_main(): polled once more after it returned Ready",
        |trace, version| {
            let mut future = tokio_main(version, console(trace, 0));
            block_on(trace, future.as_mut());
            poll_again(trace, &mut future);
        },
    );
}

#[test]
fn hello_polled_after_ready() {
    compare(
        "hello_polled_after_ready",
        "hello(): polled once more after it returned Ready",
        |trace, version| {
            let mut future = hello(version, console(trace, 0));
            block_on(trace, future.as_mut());
            poll_again(trace, &mut future);
        },
    );
}

#[test]
fn main_dropped_while_waiting() {
    compare(
        "main_dropped_while_waiting",
        "tokio_main(): dropped while the console is busy",
        |trace, version| {
            let mut future = tokio_main(version, console(trace, 1));
            let mut cx = Context::from_waker(Waker::noop());
            trace.log("test: poll once");
            let poll = future.as_mut().poll(&mut cx);
            trace.log(format!("test: first poll returned {poll:?}"));
            trace.log("test: drop the future");
            drop(future);
            trace.log("test: dropped");
        },
    );
}

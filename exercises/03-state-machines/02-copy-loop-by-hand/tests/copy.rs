//! Every scenario runs twice: on `CopyFuture`, written by hand, and on `async fn copy`,
//! which the compiler turned into a state machine. The snapshot is the hand-written
//! run, followed by whether the two runs did exactly the same things.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder). A panic, the executor's included, is written into the
//! trace, so it shows as a difference like any other mistake.
//! - `pending-after-write.diff`, after a write finishes, returning `Pending` (after waking
//!   itself) instead of starting the next read in the same poll: an extra
//!   `executor: poll` in `devices_ready`.
//! - Writing the empty chunk that means "the end": `write 3: ""`
//!   in `devices_ready`, `write 1: ""` in `empty_source`.
//! - `count-restarts.diff`, losing the count between states (starting again from 0, or
//!   returning only the last chunk's length): a wrong `copy returned` in `devices_ready`.
//! - `new-read-each-poll.diff`, making a new `Read` on every poll of `Reading` instead of
//!   keeping the one in the state: reads with the wrong numbers in `source_busy`.
//! - `state-not-put-back.diff`, forgetting to put the state back before returning
//!   `Pending`, so the next poll finds `Done` and panics: `source_busy` and `sink_busy`.
//! - `read-started-in-new.diff`, starting the first read in `new()` (skipping `Start`):
//!   `nothing_before_the_first_poll` (a read was started before the first poll; an
//!   `async fn` does nothing until it is polled).
//! - Stopping after one chunk (never going from `Writing` back to `Reading`):
//!   `devices_ready`.
//! - `Done` returning `Ready` again instead of panicking like the compiler's future:
//!   `polled_after_ready`.

use copy_loop_by_hand::{CopyFuture, Sink, Source, copy};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Waker};
use testkit::exec::block_on;
use testkit::{Trace, assert_trace, yes_no};

const CHUNKS: &[&str] = &["Hello, ", "async ", "world!"];

#[derive(Clone, Copy)]
enum Version {
    ByHand,
    Compiled,
}

struct Devices {
    source: Source,
    sink: Sink,
}

fn devices(trace: &Trace, chunks: &[&'static str]) -> Devices {
    let source_trace = trace.clone();
    let sink_trace = trace.clone();
    Devices {
        source: Source::new(move |event| source_trace.log(event), chunks),
        sink: Sink::new(move |event| sink_trace.log(event)),
    }
}

fn copy_future(version: Version, devices: Devices) -> Pin<Box<dyn Future<Output = usize>>> {
    let Devices { source, sink } = devices;
    match version {
        Version::ByHand => Box::pin(CopyFuture::new(source, sink)),
        Version::Compiled => Box::pin(copy(source, sink)),
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

fn run_to_end(trace: &Trace, version: Version, devices: Devices) {
    let future = copy_future(version, devices);
    match catch_unwind(AssertUnwindSafe(|| block_on(trace, future))) {
        Ok(copied) => trace.log(format!("test: copy returned {copied}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            trace.log(format!("test: panicked: {message}"));
        }
    }
}

#[test]
fn devices_ready() {
    compare(
        "devices_ready",
        "three chunks, every read and write ready at once",
        |trace, version| {
            run_to_end(trace, version, devices(trace, CHUNKS));
        },
    );
}

#[test]
fn empty_source() {
    compare(
        "empty_source",
        "the source is empty: the first read is the end",
        |trace, version| {
            run_to_end(trace, version, devices(trace, &[]));
        },
    );
}

#[test]
fn source_busy() {
    compare(
        "source_busy",
        "the second read is busy once, so the copy waits in Reading",
        |trace, version| {
            let devices = devices(trace, CHUNKS);
            devices.source.busy_on_read(2);
            run_to_end(trace, version, devices);
        },
    );
}

#[test]
fn sink_busy() {
    compare(
        "sink_busy",
        "the first and last writes are busy once, so the copy waits in Writing",
        |trace, version| {
            let devices = devices(trace, CHUNKS);
            devices.sink.busy_on_write(1);
            devices.sink.busy_on_write(3);
            run_to_end(trace, version, devices);
        },
    );
}

#[test]
fn polled_after_ready() {
    compare(
        "polled_after_ready",
        "polled once more after it returned Ready",
        |trace, version| {
            let mut future = copy_future(version, devices(trace, &["one chunk"]));
            let copied = block_on(trace, future.as_mut());
            trace.log(format!("test: copy returned {copied}"));
            trace.log("test: poll again");
            let mut cx = Context::from_waker(Waker::noop());
            match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(&mut cx))) {
                Ok(poll) => trace.log(format!("test: poll returned {poll:?}, expected a panic")),
                Err(_) => trace.log("test: the poll panicked"),
            }
        },
    );
}

#[test]
fn nothing_before_the_first_poll() {
    compare(
        "nothing_before_the_first_poll",
        "the future is created, and only then polled",
        |trace, version| {
            let devices = devices(trace, CHUNKS);
            let (source, sink) = (devices.source.clone(), devices.sink.clone());
            let future = copy_future(version, devices);
            trace.log(format!(
                "test: created, not polled yet: reads started: {}, writes started: {}",
                source.reads_started(),
                sink.writes_started()
            ));
            let copied = block_on(trace, future);
            trace.log(format!("test: copy returned {copied}"));
        },
    );
}

//! Grades `expand`: the builder calls `#[tokio::main]`/`#[tokio::test]` emit, or their error.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder). Every setting is tried with more than one value, so an
//! answer that handles only `start_paused = true`, or one worker count, is seen.
//! - `test-defaults-to-multi-thread.diff`, `#[tokio::test]` defaulting to multi_thread:
//!   `test_attribute`.
//! - `enable-all-first.diff`, `enable_all()` before `worker_threads(..)`/`start_paused(..)`:
//!   `main_attribute`.
//! - `paused-checked-only-when-true.diff`, rejecting `start_paused = true` on multi_thread
//!   but letting `start_paused = false` through: `main_attribute` and `test_attribute`.
//! - `paused-emitted-only-when-true.diff`, writing `start_paused(..)` only for `true`:
//!   `main_attribute` and `test_attribute` (`start_paused = false` is emitted too).
//! - `flavor-checked-before-zero.diff`, comparing `worker_threads` with the flavor before
//!   checking it is not 0: `main_attribute` (`current_thread` with `worker_threads = 0`).
//! - allowing `worker_threads` on current_thread, forgetting the `local` flavor, or calling
//!   `Runtime::new()` instead of the builder chain: `main_attribute`.

use macro_rules_by_hand::{Attributes, Entry, expand};
use testkit::{Trace, assert_trace};

/// Writes the attribute as you would in source, then what the macro makes of it.
fn show(trace: &Trace, entry: Entry, attributes: Attributes) {
    let mut settings = Vec::new();
    if let Some(flavor) = attributes.flavor {
        settings.push(format!("flavor = {flavor:?}"));
    }
    if let Some(n) = attributes.worker_threads {
        settings.push(format!("worker_threads = {n}"));
    }
    if let Some(paused) = attributes.start_paused {
        settings.push(format!("start_paused = {paused}"));
    }
    let name = match entry {
        Entry::Main => "main",
        Entry::Test => "test",
    };
    let attribute = if settings.is_empty() {
        format!("#[tokio::{name}]")
    } else {
        format!("#[tokio::{name}({})]", settings.join(", "))
    };
    match expand(entry, attributes) {
        Ok(calls) => trace.log(format!("{attribute}\n    => {}", calls.join("."))),
        Err(error) => trace.log(format!("{attribute}\n    => compile error: {error}")),
    }
}

fn attrs(flavor: Option<&str>, workers: Option<usize>, paused: Option<bool>) -> Attributes<'_> {
    Attributes {
        flavor,
        worker_threads: workers,
        start_paused: paused,
    }
}

#[test]
fn main_attribute() {
    let trace = Trace::new("#[tokio::main] with each setting");
    let cases = [
        attrs(None, None, None),
        attrs(Some("multi_thread"), None, None),
        attrs(Some("current_thread"), None, None),
        attrs(None, Some(4), None),
        attrs(None, Some(1), None),
        attrs(Some("multi_thread"), Some(2), None),
        attrs(Some("current_thread"), Some(2), None),
        attrs(None, Some(0), None),
        attrs(Some("current_thread"), Some(0), None),
        attrs(None, None, Some(true)),
        attrs(None, None, Some(false)),
        attrs(Some("current_thread"), None, Some(true)),
        attrs(Some("current_thread"), None, Some(false)),
        attrs(Some("local"), None, None),
        attrs(Some("local"), Some(2), None),
        attrs(Some("local"), None, Some(true)),
        attrs(Some("local"), None, Some(false)),
        attrs(Some("single_thread"), None, None),
        attrs(Some("basic_scheduler"), None, None),
    ];
    for case in cases {
        show(&trace, Entry::Main, case);
    }
    assert_trace!("main_attribute", trace);
}

#[test]
fn test_attribute() {
    let trace = Trace::new("#[tokio::test] with each setting");
    let cases = [
        attrs(None, None, None),
        attrs(None, Some(2), None),
        attrs(Some("multi_thread"), Some(2), None),
        attrs(None, None, Some(true)),
        attrs(None, None, Some(false)),
        attrs(Some("multi_thread"), None, Some(true)),
        attrs(Some("multi_thread"), None, Some(false)),
    ];
    for case in cases {
        show(&trace, Entry::Test, case);
    }
    assert_trace!("test_attribute", trace);
}

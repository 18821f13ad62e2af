//! Grades `expand`: the builder calls `#[tokio::main]`/`#[tokio::test]` emit, or their error.
//!
//! Likely wrong answers, and the scenario that catches each:
//! - `#[tokio::test]` defaulting to multi_thread: `test_attribute`.
//! - `enable_all()` before `worker_threads(..)`/`start_paused(..)`: `main_attribute`.
//! - allowing `worker_threads` on current_thread, or `start_paused` on multi_thread: both.
//! - forgetting that 0 workers is an error, or the `local` flavor: `main_attribute`.
//! - calling `Runtime::new()` instead of the builder chain: every scenario.

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
        attrs(Some("multi_thread"), Some(2), None),
        attrs(Some("current_thread"), Some(2), None),
        attrs(None, Some(0), None),
        attrs(Some("current_thread"), Some(0), None),
        attrs(None, None, Some(true)),
        attrs(Some("current_thread"), None, Some(true)),
        attrs(Some("current_thread"), None, Some(false)),
        attrs(Some("local"), None, None),
        attrs(Some("local"), Some(2), None),
        attrs(Some("local"), None, Some(true)),
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
        attrs(Some("multi_thread"), None, Some(true)),
    ];
    for case in cases {
        show(&trace, Entry::Test, case);
    }
    assert_trace!("test_attribute", trace);
}

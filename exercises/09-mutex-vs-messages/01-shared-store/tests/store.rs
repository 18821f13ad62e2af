//! Likely wrong answers, and the scenario that catches each:
//! - `incr` returns the old value instead of the new one: `one_handle`.
//! - `incr` calls `self.get` (or `self.set`) while it holds the lock: a std
//!   mutex is not re-entrant, so the test deadlocks (the grader reports a hang).
//! - `incr` reads under one lock and writes under another: updates get lost
//!   when threads run at once, `threads_share_one_counter`.
//! - `count_words` returns without awaiting its tasks: words are missing,
//!   `count_words_current_thread`.
//! - `count_words` gives each task a fresh `Store` instead of a clone of the
//!   shared one: the result is empty, `count_words_current_thread`.

use shared_store::{Store, count_words};
use testkit::{Trace, assert_trace};

fn texts() -> Vec<String> {
    ["the cat sat", "the dog sat down", "a cat and the dog"]
        .iter()
        .map(|text| text.to_string())
        .collect()
}

fn log_entries(trace: &Trace, store: &Store) {
    for (key, value) in store.entries() {
        trace.log(format!("entry: {key} = {value}"));
    }
}

#[test]
fn one_handle() {
    let trace = Trace::new("set, get and incr through one handle");
    let store = Store::new();
    trace.log(format!("get a: {:?}", store.get("a")));
    trace.log(format!("set a = 5: old value {:?}", store.set("a", 5)));
    trace.log(format!("set a = 7: old value {:?}", store.set("a", 7)));
    trace.log(format!("get a: {:?}", store.get("a")));
    trace.log(format!("incr a: {}", store.incr("a")));
    trace.log(format!("incr b: {}", store.incr("b")));
    trace.log(format!("incr b: {}", store.incr("b")));
    log_entries(&trace, &store);
    assert_trace!("one_handle", trace);
}

#[test]
fn clones_share_one_map() {
    let trace = Trace::new("a clone sees what the original wrote, and back");
    let original = Store::new();
    let clone = original.clone();
    trace.log(format!(
        "original: set x = 1: old value {:?}",
        original.set("x", 1)
    ));
    trace.log(format!("clone: get x: {:?}", clone.get("x")));
    trace.log(format!("clone: incr x: {}", clone.incr("x")));
    trace.log(format!("original: get x: {:?}", original.get("x")));
    drop(original);
    trace.log("original dropped");
    trace.log(format!("clone: get x: {:?}", clone.get("x")));
    assert_trace!("clones_share_one_map", trace);
}

#[tokio::test]
async fn count_words_current_thread() {
    let trace = Trace::new("count words, one task per text, current-thread runtime");
    let store = count_words(texts()).await;
    log_entries(&trace, &store);
    assert_trace!("count_words_current_thread", trace);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn count_words_multi_thread() {
    let trace = Trace::new("count words, one task per text, two worker threads");
    let store = count_words(texts()).await;
    log_entries(&trace, &store);
    assert_trace!("count_words_multi_thread", trace);
}

#[test]
fn threads_share_one_counter() {
    let trace = Trace::new("4 threads each add one to the same key 20000 times");
    let store = Store::new();
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                for _ in 0..20_000 {
                    store.incr("hits");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    trace.log(format!("hits: {:?}", store.get("hits")));
    assert_trace!("threads_share_one_counter", trace);
}

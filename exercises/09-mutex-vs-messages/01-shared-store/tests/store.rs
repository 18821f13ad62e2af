//! Likely wrong answers, and the scenario that catches each:
//! - `incr` returns the old value instead of the new one: `one_handle`.
//! - `incr` calls `self.get` (or `self.set`) while it holds the lock: a std
//!   mutex is not re-entrant, so it waits for itself forever (`one_handle` gives
//!   up after 2 s and panics).
//! - `incr` reads under one lock and writes under another: updates get lost
//!   when threads run at once, `threads_share_one_counter`. The threads run for
//!   300 ms, long enough for the scheduler to stop a thread between the two locks
//!   many times over even on one CPU (each time slice ends at a timer tick); one
//!   such stop is enough to lose an update.
//! - `count_words` with no tasks at all (a plain loop calling `incr`): its first
//!   poll does all the work, and no task was ever spawned, `count_words_spawns`.
//! - `count_words` returns without awaiting its tasks: words are missing,
//!   `count_words_current_thread`.
//! - `count_words` gives each task a fresh `Store` instead of a clone of the
//!   shared one: the result is empty, `count_words_current_thread`.
//!
//! Kept as files in `solutions/09-mutex-vs-messages/01-shared-store/mistakes/`:
//! `returns-the-old-value.diff` (`one_handle`), `get-while-locked.diff`
//! (`one_handle`), `incr-under-two-locks.diff` (`threads_share_one_counter`),
//! `no-tasks.diff` (`count_words_spawns`), `does-not-await-the-tasks.diff`
//! (`count_words_current_thread`).

use shared_store::{Store, count_words};
use std::future::Future;
use std::task::Poll;
use std::time::{Duration, Instant};
use testkit::deadline::with_deadline;
use testkit::{Trace, assert_trace, yes_no};

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

// A wrong `incr` may wait for itself forever, and each scenario then gives up after
// two seconds. libtest runs the tests one at a time on one CPU, so the scenarios are
// grouped into three tests: the first that gives up ends its group, and the whole
// binary stays well under the grader's ten seconds.

#[test]
fn one_handle_then_clones() {
    one_handle();
    clones_share_one_map();
}

fn one_handle() {
    let trace = Trace::new("set, get and incr through one handle");
    let store = Store::new();
    let steps = trace.clone();
    // On a thread of its own: an `incr` that locks twice waits for itself forever.
    with_deadline("one handle", move || {
        let trace = steps;
        trace.log(format!("get a: {:?}", store.get("a")));
        trace.log(format!("set a = 5: old value {:?}", store.set("a", 5)));
        trace.log(format!("set a = 7: old value {:?}", store.set("a", 7)));
        trace.log(format!("get a: {:?}", store.get("a")));
        trace.log(format!("incr a: {}", store.incr("a")));
        trace.log(format!("incr b: {}", store.incr("b")));
        trace.log(format!("incr b: {}", store.incr("b")));
        log_entries(&trace, &store);
    });
    assert_trace!("one_handle", trace);
}

fn clones_share_one_map() {
    let trace = Trace::new("a clone sees what the original wrote, and back");
    let steps = trace.clone();
    with_deadline("clones share one map", move || {
        let trace = steps;
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
    });
    assert_trace!("clones_share_one_map", trace);
}

/// Runs `count_words` on a runtime of its own, on a thread of its own, and gives
/// up after two seconds (an `incr` that locks twice waits for itself forever).
fn count_on(workers: Option<usize>) -> Store {
    with_deadline("count_words", move || {
        let runtime = match workers {
            None => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build(),
            Some(workers) => tokio::runtime::Builder::new_multi_thread()
                .worker_threads(workers)
                .enable_all()
                .build(),
        };
        runtime.unwrap().block_on(count_words(texts()))
    })
}

#[test]
fn count_words_on_both_runtimes() {
    count_words_current_thread();
    count_words_spawns();
    count_words_multi_thread();
}

fn count_words_current_thread() {
    let trace = Trace::new("count words, one task per text, current-thread runtime");
    let store = count_on(None);
    log_entries(&trace, &store);
    assert_trace!("count_words_current_thread", trace);
}

fn count_words_multi_thread() {
    let trace = Trace::new("count words, one task per text, two worker threads");
    let store = count_on(Some(2));
    log_entries(&trace, &store);
    assert_trace!("count_words_multi_thread", trace);
}

#[test]
fn threads_share_one_counter() {
    let trace = Trace::new("4 threads add one to the same key, again and again, for 300 ms");
    let store = Store::new();
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                let end = Instant::now() + Duration::from_millis(300);
                let mut calls = 0u64;
                while Instant::now() < end {
                    for _ in 0..100 {
                        store.incr("hits");
                    }
                    calls += 100;
                }
                calls
            })
        })
        .collect();
    let calls: u64 = with_deadline("four threads", move || {
        threads.into_iter().map(|t| t.join().unwrap()).sum()
    });
    trace.log(format!(
        "hits equal the number of incr calls, none lost: {}",
        yes_no(store.get("hits") == Some(calls))
    ));
    assert_trace!("threads_share_one_counter", trace);
}

fn count_words_spawns() {
    let trace = Trace::new("count_words is polled once: its tasks are spawned, not yet run");
    let (alive, store) = with_deadline("count_words", || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let metrics = tokio::runtime::Handle::current().metrics();
            let mut counting = std::pin::pin!(count_words(texts()));
            let first = std::future::poll_fn(|cx| Poll::Ready(counting.as_mut().poll(cx))).await;
            // On a current-thread runtime a spawned task runs only when the spawner waits.
            let alive = metrics.num_alive_tasks();
            let store = match first {
                Poll::Ready(store) => store,
                Poll::Pending => counting.await,
            };
            (alive, store)
        })
    });
    trace.log(format!("tasks alive after the first poll: {alive}"));
    log_entries(&trace, &store);
    assert_trace!("count_words_spawns", trace);
}

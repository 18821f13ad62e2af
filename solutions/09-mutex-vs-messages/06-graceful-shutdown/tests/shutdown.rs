//! Likely wrong answers, and the scenario that catches each:
//! - The worker checks `token.is_cancelled()` between rounds, like a thread
//!   polling a quit flag: it only notices after its current round,
//!   `two_workers` (an extra round, stopping at 40 ms) and `a_long_round`
//!   (it finishes its hour first).
//! - `shutdown` forgets `tracker.close()`: `wait` never ends,
//!   `no_workers` and `two_workers` report it.
//! - `shutdown` cancels but does not wait: "every worker has finished" and
//!   "shutdown returned" come before the workers finish, `two_workers`.
//! - `spawn_worker` uses `tokio::spawn` instead of the tracker: nothing is
//!   waited for, `two_workers`.
//! - The worker skips its cleanup when cancelled: `two_workers`.
//!
//! Kept as files in `solutions/09-mutex-vs-messages/06-graceful-shutdown/mistakes/`:
//! `polls-is-cancelled.diff` (`two_workers`), `forgets-to-close-the-tracker.diff`
//! (`no_workers`), `cancels-without-waiting.diff` (`two_workers`),
//! `tokio-spawn-not-the-tracker.diff` (`two_workers`), `skips-the-cleanup.diff`
//! (`two_workers`).

use graceful_shutdown::{Events, Service};
use std::time::Duration;
use testkit::{Trace, assert_trace};

const MS: Duration = Duration::from_millis(1);
/// Longer than any scenario needs. The clock is paused, so waiting costs nothing.
const PATIENCE: Duration = Duration::from_secs(24 * 3600);

async fn shut_down(events: &Events, service: Service) {
    events.log("test: calls shutdown");
    match tokio::time::timeout(PATIENCE, service.shutdown()).await {
        Ok(()) => events.log("test: shutdown returned"),
        Err(_) => events.log("test: shutdown still waiting a day later"),
    }
}

/// One line an event, with its time on the paused clock. Workers that react
/// at the same instant are listed by name: which of them tokio wakes first
/// is not part of the lesson.
fn log_events(trace: &Trace, events: &Events) {
    let mut events = events.events();
    let is_worker = |event: &str| !event.starts_with("main:") && !event.starts_with("test:");
    let mut start = 0;
    while start < events.len() {
        let mut end = start + 1;
        while end < events.len()
            && events[end].0 == events[start].0
            && is_worker(&events[start].1)
            && is_worker(&events[end].1)
        {
            end += 1;
        }
        events[start..end].sort();
        start = end;
    }
    for (at, event) in events {
        trace.log(format!("{at:>3} ms  {event}"));
    }
}

#[tokio::test(start_paused = true)]
async fn no_workers() {
    let trace = Trace::new("shutdown with no workers returns at once");
    let events = Events::new();
    shut_down(&events, Service::new(events.clone())).await;
    log_events(&trace, &events);
    assert_trace!("no_workers", trace);
}

#[tokio::test(start_paused = true)]
async fn two_workers() {
    let trace = Trace::new("two workers, shutdown at 32 ms, in the middle of their rounds");
    let events = Events::new();
    let service = Service::new(events.clone());
    service.spawn_worker("fast", 10 * MS, 5 * MS);
    service.spawn_worker("slow", 25 * MS, 2 * MS);
    tokio::time::sleep(32 * MS).await;
    shut_down(&events, service).await;
    // After shutdown every worker is gone: nothing more happens.
    tokio::time::sleep(100 * MS).await;
    events.log("test: 100 ms later");
    log_events(&trace, &events);
    assert_trace!("two_workers", trace);
}

#[tokio::test(start_paused = true)]
async fn a_long_round() {
    let trace = Trace::new("a worker in the middle of a one-hour round stops at once");
    let events = Events::new();
    let service = Service::new(events.clone());
    service.spawn_worker("batch", Duration::from_secs(3600), MS);
    tokio::time::sleep(5 * MS).await;
    shut_down(&events, service).await;
    log_events(&trace, &events);
    assert_trace!("a_long_round", trace);
}

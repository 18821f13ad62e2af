//! Likely wrong answers, and the scenario that catches each:
//! - calling `work()` right inside the async fn: the heartbeat stops while it runs
//!   (`sleepy_work`, `busy_work`, `two_jobs_at_once`);
//! - `tokio::spawn(async move { work() })`: a task runs on the runtime's own thread,
//!   so it blocks the heartbeat just the same (`sleepy_work`);
//! - `std::thread::spawn(work).join()`: `join` blocks the runtime's thread (`sleepy_work`);
//! - `tokio::task::block_in_place(work)`: panics on a current_thread runtime (`sleepy_work`);
//! - `spawn_blocking(work).await.unwrap()`: the caller panics with a JoinError
//!   instead of the work's own message (`work_that_panics`);
//! - panicking again with the payload's text (`panic!("{msg}")`) instead of the
//!   payload itself: a payload that is not text is lost (`work_panics_with_a_number`).
//!
//! Kept as files in `solutions/07-spawn-blocking/01-blocking-heartbeat/mistakes/`:
//! `calls-work-inline.diff` (`sleepy_work`), `tokio-spawn-instead.diff` (`sleepy_work`),
//! `thread-spawn-and-join.diff` (`sleepy_work`), `unwraps-the-join-error.diff`
//! (`work_that_panics`), `panics-again-with-text.diff` (`work_panics_with_a_number`).

use blocking_heartbeat::{heartbeat, run_slow};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};
use testkit::{Trace, assert_trace, yes_no};

/// How long slow work waits for the heartbeat before it gives up. Generous, so a
/// loaded machine is never too slow; only a wrong answer ever waits this long.
const PATIENCE: Duration = Duration::from_secs(1);

/// Starts a heartbeat that ticks every millisecond on the current runtime.
fn start_heartbeat() -> Arc<AtomicUsize> {
    let ticks = Arc::new(AtomicUsize::new(0));
    tokio::spawn(heartbeat(ticks.clone(), Duration::from_millis(1)));
    ticks
}

/// What slow work saw while it ran.
struct Seen {
    heartbeat_ticked: bool,
    on_runtime_thread: bool,
}

impl Seen {
    fn log(&self, trace: &Trace, who: &str) {
        trace.log(format!(
            "{who}: heartbeat ticked while it ran: {}",
            yes_no(self.heartbeat_ticked)
        ));
        trace.log(format!(
            "{who}: ran on the thread that polls the tasks: {}",
            yes_no(self.on_runtime_thread)
        ));
    }
}

/// Blocking work that sleeps in small steps until the heartbeat has ticked three
/// more times, or until it runs out of patience.
fn sleepy_work(ticks: Arc<AtomicUsize>, runtime_thread: ThreadId) -> Seen {
    let start = ticks.load(Ordering::SeqCst);
    let deadline = Instant::now() + PATIENCE;
    while ticks.load(Ordering::SeqCst) < start + 3 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
    Seen {
        heartbeat_ticked: ticks.load(Ordering::SeqCst) >= start + 3,
        on_runtime_thread: thread::current().id() == runtime_thread,
    }
}

// ANCHOR: sleepy
#[tokio::test]
async fn sleepy_work_keeps_the_heartbeat_going() {
    let trace = Trace::new("work that calls std::thread::sleep, next to a heartbeat");
    let ticks = start_heartbeat();
    let me = thread::current().id();
    let seen = run_slow(move || sleepy_work(ticks, me)).await;
    seen.log(&trace, "work");
    assert_trace!("sleepy_work", trace);
}
// ANCHOR_END: sleepy

#[tokio::test]
async fn busy_work_keeps_the_heartbeat_going() {
    let trace = Trace::new("work that spins the CPU, next to a heartbeat");
    let ticks = start_heartbeat();
    let me = thread::current().id();
    let (seen, sum) = run_slow(move || {
        let start = ticks.load(Ordering::SeqCst);
        let deadline = Instant::now() + PATIENCE;
        let mut sum = 0u64;
        let mut i = 0u64;
        // Never sleeps: only the clock check stops it.
        while ticks.load(Ordering::SeqCst) < start + 3 && Instant::now() < deadline {
            i += 1;
            sum = sum.wrapping_add(i * i);
        }
        let seen = Seen {
            heartbeat_ticked: ticks.load(Ordering::SeqCst) >= start + 3,
            on_runtime_thread: thread::current().id() == me,
        };
        (seen, std::hint::black_box(sum) > 0)
    })
    .await;
    seen.log(&trace, "work");
    trace.log(format!("work: computed something: {}", yes_no(sum)));
    assert_trace!("busy_work", trace);
}

#[tokio::test]
async fn two_jobs_at_once() {
    let trace = Trace::new("two slow jobs awaited together; each waits to see the other start");
    let (a_started, a_seen) = mpsc::channel();
    let (b_started, b_seen) = mpsc::channel();
    let job = |name: &'static str, started: mpsc::Sender<()>, other: mpsc::Receiver<()>| {
        move || {
            // The other job may be over already (when jobs run one by one).
            let _ = started.send(());
            let saw_other = other.recv_timeout(PATIENCE).is_ok();
            format!(
                "job {name}: saw the other job running: {}",
                yes_no(saw_other)
            )
        }
    };
    let (a, b) = tokio::join!(
        run_slow(job("a", a_started, b_seen)),
        run_slow(job("b", b_started, a_seen)),
    );
    trace.log(a);
    trace.log(b);
    assert_trace!("two_jobs_at_once", trace);
}

#[tokio::test]
async fn work_that_panics() {
    let trace = Trace::new("the work panics: the caller sees the same panic");
    let caller = tokio::spawn(run_slow(|| -> u32 { panic!("disk on fire") }));
    match caller.await {
        Ok(value) => trace.log(format!("caller: returned {value}")),
        Err(error) => {
            let payload = error.into_panic();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "<not a string>".to_string());
            trace.log(format!("caller: panicked with: {message}"));
        }
    }
    let value = run_slow(|| 7).await;
    trace.log(format!("the next call: returned {value}"));
    assert_trace!("work_that_panics", trace);
}

#[tokio::test]
async fn work_panics_with_a_number() {
    let trace =
        Trace::new("the work panics with a number, not a message: the caller sees the number");
    let caller = tokio::spawn(run_slow(|| -> u32 { std::panic::panic_any(404u16) }));
    match caller.await {
        Ok(value) => trace.log(format!("caller: returned {value}")),
        Err(error) => {
            let payload = error.into_panic();
            match payload.downcast_ref::<u16>() {
                Some(number) => trace.log(format!("caller: panicked with the number {number}")),
                None => trace.log("caller: panicked with something that is not the number"),
            }
        }
    }
    assert_trace!("work_panics_with_a_number", trace);
}

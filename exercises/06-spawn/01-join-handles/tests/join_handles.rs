//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/06-spawn/01-join-handles/mistakes/`, named first):
//! - `every-join-error-is-a-panic`: an aborted task is not a crash
//!   (`abort_drops_the_task_at_its_await`).
//! - `only-literal-messages` (only `&str` payloads read): `panic!("disk {n} full")`
//!   carries a `String` (`panics_come_back_as_join_errors`).
//! - `every-payload-is-a-string` (`payload.downcast::<String>().unwrap()` when it is not
//!   a `&str`): `panic_any(Code(7))` carries neither, and the test itself panics
//!   (`panics_come_back_as_join_errors`).
//! - `drops-the-handle-to-stop-the-task` (`join_within` gives up by dropping the handle,
//!   or by wrapping `outcome(handle)` in a timeout): the task is only detached and runs
//!   on (`join_within_aborts_a_late_task`, `join_within_on_a_multi_thread_runtime`).
//! - `yields-instead-of-awaiting-the-abort` (`abort`, then one `yield_now` instead of
//!   awaiting the handle): on one thread the task is gone after that turn, but on a
//!   multi_thread runtime it may be in the middle of a poll on another worker, and
//!   join_within reports before it is gone (`join_within_on_a_multi_thread_runtime`).
//! - `handle.await.unwrap()` or `.expect(..)`: a panicking task brings the test down
//!   (`panics_come_back_as_join_errors`).
//! - The `JoinError`'s `Display` used as the message: it names the task's id, not just the
//!   message (`panics_come_back_as_join_errors`).
//! - `join_within` aborts but does not await the handle: it reports before the task is
//!   gone (`join_within_aborts_a_late_task`, `join_within_on_a_multi_thread_runtime`).
//! - `join_within` awaits the handle again after it finished in time: "JoinHandle polled
//!   after completion" (`join_within_returns_a_prompt_result`).

mod common;

use common::{Code, hide_expected_panics, ms_since, sleep_ms};
use join_outcomes::{join_within, outcome};
use std::sync::{Arc, Condvar, Mutex};
use testkit::exec::Logged;
use testkit::{Trace, assert_trace};
use tokio::time::Instant;

// ANCHOR: values
#[tokio::test(start_paused = true)]
async fn a_task_hands_back_its_value() {
    let trace = Trace::new("spawned tasks hand back their values through their JoinHandles");
    let answer = tokio::spawn(Logged::new(&trace, "answer", async { 6 * 7 }));
    let greeting = tokio::spawn(Logged::new(&trace, "greeting", async {
        sleep_ms(5).await;
        String::from("hello")
    }));
    trace.log("main: spawned both; on this one thread they wait until main awaits");
    trace.log(format!("main: answer -> {:?}", outcome(answer).await));
    trace.log(format!("main: greeting -> {:?}", outcome(greeting).await));
    assert_trace!("values", trace);
}
// ANCHOR_END: values

// ANCHOR: panics
#[tokio::test(start_paused = true)]
async fn panics_come_back_as_join_errors() {
    hide_expected_panics();
    let trace = Trace::new("a panicking task comes back as a JoinError; the runtime carries on");
    let literal = tokio::spawn(async { panic!("expected in this scenario: disk full") });
    let formatted = tokio::spawn(async {
        let disk = 2;
        panic!("expected in this scenario: disk {disk} full")
    });
    let any = tokio::spawn(async { std::panic::panic_any(Code(7)) });
    let healthy = tokio::spawn(async {
        sleep_ms(1).await;
        "still fine"
    });
    trace.log(format!("literal message -> {:?}", outcome(literal).await));
    trace.log(format!(
        "formatted message -> {:?}",
        outcome(formatted).await
    ));
    trace.log(format!("panic_any(Code(7)) -> {:?}", outcome(any).await));
    trace.log(format!("healthy task -> {:?}", outcome(healthy).await));
    assert_trace!("panics", trace);
}
// ANCHOR_END: panics

// ANCHOR: abort
#[tokio::test(start_paused = true)]
async fn abort_drops_the_task_at_its_await() {
    let trace = Trace::new("abort drops a task at its .await; a finished task stays finished");
    let sleeper = tokio::spawn(Logged::new(&trace, "sleeper", async {
        sleep_ms(3_600_000).await;
        "woke up after an hour"
    }));
    let never_ran = tokio::spawn(Logged::new(&trace, "never-ran", async { "ran" }));
    never_ran.abort();
    trace.log("main: aborted never-ran before it was ever polled");
    let quick = tokio::spawn(Logged::new(&trace, "quick", async { "done" }));
    sleep_ms(1).await;
    trace.log("main: one millisecond later, abort sleeper and quick");
    sleeper.abort();
    quick.abort();
    trace.log(format!("main: sleeper -> {:?}", outcome(sleeper).await));
    trace.log(format!("main: never-ran -> {:?}", outcome(never_ran).await));
    trace.log(format!("main: quick -> {:?}", outcome(quick).await));
    assert_trace!("abort", trace);
}
// ANCHOR_END: abort

// ANCHOR: detach
#[tokio::test(start_paused = true)]
async fn dropping_a_handle_detaches_the_task() {
    let trace = Trace::new("dropping a JoinHandle does not stop its task");
    let worker_trace = trace.clone();
    let handle = tokio::spawn(async move {
        sleep_ms(10).await;
        worker_trace.log("worker: still ran to the end");
    });
    drop(handle);
    trace.log("main: dropped the handle");
    sleep_ms(20).await;
    trace.log("main: 20 ms later");
    assert_trace!("detach", trace);
}
// ANCHOR_END: detach

#[tokio::test(start_paused = true)]
async fn join_within_returns_a_prompt_result() {
    hide_expected_panics();
    let trace = Trace::new("join_within hands back what a prompt task gave");
    let start = Instant::now();
    let prompt = tokio::spawn(Logged::new(&trace, "prompt", async {
        sleep_ms(5).await;
        "in time"
    }));
    let result = join_within(prompt, std::time::Duration::from_millis(10)).await;
    trace.log(format!("main: after {} ms: {result:?}", ms_since(start)));
    let crash = tokio::spawn(async {
        sleep_ms(5).await;
        panic!("expected in this scenario: crashed in time")
    });
    let result = join_within(crash, std::time::Duration::from_millis(10)).await;
    trace.log(format!("main: after {} ms: {result:?}", ms_since(start)));
    assert_trace!("join_within_in_time", trace);
}

#[tokio::test(start_paused = true)]
async fn join_within_aborts_a_late_task() {
    let trace = Trace::new("join_within stops a task that is not done in time");
    let start = Instant::now();
    let late_trace = trace.clone();
    let late = tokio::spawn(Logged::new(&trace, "late", async move {
        sleep_ms(50).await;
        late_trace.log("late: finished its work after all");
        "too late"
    }));
    let result = join_within(late, std::time::Duration::from_millis(10)).await;
    trace.log(format!("main: after {} ms: {result:?}", ms_since(start)));
    sleep_ms(100).await;
    trace.log(format!(
        "main: {} ms after the start, the end",
        ms_since(start)
    ));
    assert_trace!("join_within_late", trace);
}

/// Writes a line when the task's future is dropped.
struct DropLog(Trace, &'static str);

impl Drop for DropLog {
    fn drop(&mut self) {
        self.0.log(self.1);
    }
}

/// A gate that one thread opens and another waits for, with a time limit.
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    /// Waits until the gate is open or `limit` has passed; says whether it opened.
    fn wait(&self, limit: std::time::Duration) -> bool {
        let open = self.open.lock().unwrap();
        let (open, _) = self
            .opened
            .wait_timeout_while(open, limit, |open| !*open)
            .unwrap();
        *open
    }
}

/// Opens its gate when dropped, on the normal path or during a panic.
struct OpenOnDrop(Arc<Gate>);

impl Drop for OpenOnDrop {
    fn drop(&mut self) {
        self.0.open();
    }
}

#[test]
fn join_within_on_a_multi_thread_runtime() {
    // On a current_thread runtime a task can never be in the middle of a poll while
    // join_within runs. On multi_thread it can: abort cannot stop that poll, only the
    // end of it. So giving up means awaiting the handle until the task is really gone.
    let trace =
        Trace::new("multi_thread: join_within gives up on a task that is in the middle of a poll");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let poll_may_end = Arc::new(Gate::default());
    let join_within_returned = Arc::new(Gate::default());
    let (started, has_started) = std::sync::mpsc::channel();
    let busy = runtime.spawn({
        let (trace, poll_may_end) = (trace.clone(), poll_may_end.clone());
        async move {
            let _drop_log = DropLog(trace.clone(), "busy: dropped");
            started.send(()).unwrap();
            // A poll that holds its worker thread until the gate opens.
            poll_may_end.wait(std::time::Duration::from_secs(10));
            trace.log("busy: the poll that was running during abort ends");
            sleep_ms(3_600_000).await;
            trace.log("busy: woke up after an hour");
        }
    });
    has_started.recv().unwrap();
    trace.log("main: busy is in the middle of a poll on a worker; join_within(10 ms)");
    // The poll ends when join_within has returned, or after a second: a join_within
    // that waits for the task waits that long; one that does not returns at once.
    let opener = {
        let (poll_may_end, join_within_returned) =
            (poll_may_end.clone(), join_within_returned.clone());
        std::thread::spawn(move || {
            join_within_returned.wait(std::time::Duration::from_secs(1));
            poll_may_end.open();
        })
    };
    // Opened when join_within returns, or when it panics (a `todo!()`): then the busy
    // poll ends at once instead of holding the runtime's drop for a second.
    let returned = OpenOnDrop(join_within_returned.clone());
    let result = runtime.block_on(join_within(busy, std::time::Duration::from_millis(10)));
    trace.log(format!("main: join_within returned {result:?}"));
    drop(returned);
    opener.join().unwrap();
    drop(runtime);
    trace.log("main: runtime dropped");
    assert_trace!("join_within_multi_thread", trace);
}

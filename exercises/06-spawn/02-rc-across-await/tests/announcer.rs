//! This exercise ships not compiling: the task keeps an `Rc` across `.await`.
//!
//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/06-spawn/02-rc-across-await/mistakes/`, named first):
//! - `rc-made-before-spawning` (the `Rc` built outside the async block and captured):
//!   it still does not compile, "captured value is not `Send`": what the future captures
//!   must be `Send` too, not only what lives across an `.await`.
//! - `spawn-local-without-a-local-set` (`tokio::task::spawn_local` instead of
//!   `tokio::spawn`): it compiles, then panics outside a `LocalSet` (every scenario).
//! - `work-done-before-spawning` (the lines made before spawning, the task only hands
//!   them over): nothing waits, so the lines come at once (`one_announcer`,
//!   `two_announcers_at_once`).
//! - `sleeps-without-await` (`std::thread::sleep` instead of awaiting): the thread
//!   sleeps, but no task ever waits on tokio's paused clock, so it never moves:
//!   "finished after 0 ms" (`one_announcer`, `two_announcers_at_once`).

use rc_across_await::spawn_announcer;
use testkit::{Trace, assert_trace};
use tokio::time::Instant;

fn lines(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

#[tokio::test(start_paused = true)]
async fn one_announcer() {
    let trace = Trace::new("one announcer on a current_thread runtime");
    let start = Instant::now();
    let handle = spawn_announcer("crier", lines(&["hear ye", "the market opens", "at noon"]));
    for line in handle.await.expect("the announcer finished") {
        trace.log(format!("said: {line}"));
    }
    trace.log(format!("finished after {} ms", start.elapsed().as_millis()));
    assert_trace!("one_announcer", trace);
}

#[tokio::test(start_paused = true)]
async fn two_announcers_at_once() {
    let trace = Trace::new("two announcers wait at the same time on one thread");
    let start = Instant::now();
    let north = spawn_announcer("north", lines(&["one", "two", "three"]));
    let south = spawn_announcer("south", lines(&["uno", "dos", "tres"]));
    let (north, south) = (north.await.unwrap(), south.await.unwrap());
    trace.log(format!(
        "north said {} lines, south said {}",
        north.len(),
        south.len()
    ));
    trace.log(format!(
        "both finished after {} ms",
        start.elapsed().as_millis()
    ));
    assert_trace!("two_announcers", trace);
}

#[test]
fn on_a_multi_thread_runtime() {
    let trace = Trace::new("the same task on a multi_thread runtime with 2 workers");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let said = runtime.block_on(async {
        spawn_announcer("crier", lines(&["any thread", "will do"]))
            .await
            .unwrap()
    });
    for line in said {
        trace.log(format!("said: {line}"));
    }
    assert_trace!("multi_thread", trace);
}

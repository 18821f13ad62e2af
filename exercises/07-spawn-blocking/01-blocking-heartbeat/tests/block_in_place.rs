//! `block_in_place`, for comparison: these scenarios show tokio's behaviour and do
//! not depend on the exercise.

use blocking_heartbeat::heartbeat;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use testkit::{Trace, assert_trace, yes_no};

// ANCHOR: current_thread
#[tokio::test(flavor = "current_thread")]
async fn block_in_place_on_current_thread() {
    let trace = Trace::new("block_in_place on a current_thread runtime");
    let result = tokio::spawn(async {
        tokio::task::block_in_place(|| std::thread::sleep(Duration::from_millis(1)))
    })
    .await;
    match result {
        Ok(()) => trace.log("block_in_place: returned"),
        Err(error) => {
            let payload = error.into_panic();
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default();
            trace.log(format!("block_in_place: panicked: {message}"));
        }
    }
    assert_trace!("block_in_place_current_thread", trace);
}
// ANCHOR_END: current_thread

// ANCHOR: multi_thread
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn block_in_place_on_multi_thread() {
    let trace = Trace::new("block_in_place on a multi_thread runtime with one worker");
    let ticks = Arc::new(AtomicUsize::new(0));
    tokio::spawn(heartbeat(ticks.clone(), Duration::from_millis(1)));
    // A spawned task runs on the worker; block_in_place hands the worker's other
    // tasks, the heartbeat among them, to another thread while the closure blocks.
    let ticked = tokio::spawn(async move {
        tokio::task::block_in_place(|| {
            let start = ticks.load(Ordering::SeqCst);
            let deadline = Instant::now() + Duration::from_secs(1);
            while ticks.load(Ordering::SeqCst) < start + 3 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            ticks.load(Ordering::SeqCst) >= start + 3
        })
    })
    .await
    .unwrap();
    trace.log(format!(
        "heartbeat ticked while the closure blocked: {}",
        yes_no(ticked)
    ));
    assert_trace!("block_in_place_multi_thread", trace);
}
// ANCHOR_END: multi_thread

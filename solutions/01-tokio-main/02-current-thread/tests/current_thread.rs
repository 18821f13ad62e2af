//! Grades `main_current_thread`: the runtime of `#[tokio::main(flavor = "current_thread")]`.
//!
//! Likely wrong answers, and the scenario that catches each:
//! - `Builder::new_multi_thread()`: `runtime` (flavor, workers, the task's thread) and
//!   `spawned_tasks_wait` (the task runs at once on a worker).
//! - forgetting `.enable_all()`: `spawned_tasks_wait` (the body's sleep needs the timer).

use current_thread::main_current_thread;
use std::thread;
use std::time::Duration;
use testkit::{Trace, assert_trace, yes_no};
use tokio::runtime::Handle;

#[test]
fn runtime() {
    let trace = Trace::new("the runtime main_current_thread builds");
    let caller = thread::current().id();
    let (flavor, workers, body_on_caller, task_on_caller) = main_current_thread(async move {
        let handle = Handle::current();
        let task = tokio::spawn(async move { thread::current().id() == caller });
        let task_on_caller = task.await.expect("the spawned task panicked");
        let body_on_caller = thread::current().id() == caller;
        let workers = handle.metrics().num_workers();
        (
            handle.runtime_flavor(),
            workers,
            body_on_caller,
            task_on_caller,
        )
    });
    trace.log(format!("flavor: {flavor:?}"));
    trace.log(format!("workers: {workers}"));
    trace.log(format!(
        "block_on ran the body on the calling thread: {}",
        yes_no(body_on_caller)
    ));
    trace.log(format!(
        "a spawned task ran on the calling thread: {}",
        yes_no(task_on_caller)
    ));
    assert_trace!("runtime", trace);
}

#[test]
fn spawned_tasks_wait() {
    let trace = Trace::new("a spawned task runs only while the body waits");
    let log = trace.clone();
    main_current_thread(async move {
        let task_log = log.clone();
        let task = tokio::spawn(async move { task_log.log("task: running") });
        log.log("body: spawned the task, still running");
        // Busy for a while without awaiting: on one thread, the task cannot run meanwhile.
        thread::sleep(Duration::from_millis(20));
        log.log("body: about to wait");
        tokio::time::sleep(Duration::from_millis(1)).await;
        log.log("body: done waiting");
        task.await.expect("the spawned task panicked");
    });
    assert_trace!("spawned_tasks_wait", trace);
}

//! Grades `run`: the smallest runtime that meets a program's needs.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder):
//! - `multi-thread-always.diff`, `Builder::new_multi_thread()` whatever the needs:
//!   `runtime` (flavor, workers, the task's thread) and `spawned_tasks_wait` (the task
//!   runs at once on a worker).
//! - `one-worker.diff`, a multi-thread runtime with `.worker_threads(1)`, taken to be the
//!   current-thread one: `runtime` (the flavor, and the task runs on the worker, not on
//!   the caller).
//! - `current-thread-always.diff`, one thread whatever the needs:
//!   `tasks_run_while_body_blocks` (the task waits for the body's next `.await`).
//! - `enable-all.diff`, `.enable_all()` whatever the needs: `drivers` (a driver the
//!   program does not use is on).
//! - `no-drivers.diff`, no `enable_*` call at all: `drivers` (no timer, no I/O), and
//!   `spawned_tasks_wait` panics (the body's sleep needs the timer).
//! - `spawn-the-body.diff`, running the body as a spawned task (`block_on(spawn(body))`):
//!   does not compile, because `spawn` needs a `Send + 'static` future and `body` is any
//!   future; `block_on` is what runs a future that is not a task.

use current_thread::{Needs, run};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use testkit::{Trace, assert_trace, yes_no};
use tokio::runtime::{Handle, RuntimeFlavor};

/// Needs in one line, as the traces show them.
fn describe(needs: Needs) -> String {
    format!(
        "needs: tasks run while the body blocks: {}, timers: {}, I/O: {}",
        yes_no(needs.tasks_run_while_body_blocks),
        yes_no(needs.timers),
        yes_no(needs.io)
    )
}

#[test]
fn runtime() {
    let trace = Trace::new("the runtime run builds for a program that never blocks");
    let needs = Needs {
        tasks_run_while_body_blocks: false,
        timers: true,
        io: true,
    };
    trace.log(describe(needs));
    let caller = thread::current().id();
    let (flavor, workers, body_on_caller, task_on_caller) = run(needs, async move {
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
    let needs = Needs {
        tasks_run_while_body_blocks: false,
        timers: true,
        io: false,
    };
    trace.log(describe(needs));
    let log = trace.clone();
    run(needs, async move {
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

#[test]
fn tasks_run_while_body_blocks() {
    let trace = Trace::new("a program whose body blocks its thread while a task must run");
    let needs = Needs {
        tasks_run_while_body_blocks: true,
        timers: false,
        io: false,
    };
    trace.log(describe(needs));
    let caller = thread::current().id();
    let (flavor, body_on_caller, ran_while_blocked, task_on_caller) = run(needs, async move {
        let (sent, received) = mpsc::channel();
        let task = tokio::spawn(async move {
            sent.send(thread::current().id() == caller).unwrap();
        });
        let flavor = Handle::current().runtime_flavor();
        // The body blocks its thread: no `.await` until the task has answered. A worker
        // thread answers at once; we wait generously for it. On one thread nothing can
        // run the task while we block, however long we wait, so a short wait shows that.
        let patience = if flavor == RuntimeFlavor::CurrentThread {
            Duration::from_millis(20)
        } else {
            Duration::from_secs(5)
        };
        let answer = received.recv_timeout(patience);
        let body_on_caller = thread::current().id() == caller;
        task.await.expect("the spawned task panicked");
        let task_on_caller = answer.unwrap_or_else(|_| received.recv().unwrap());
        (flavor, body_on_caller, answer.is_ok(), task_on_caller)
    });
    trace.log(format!("flavor: {flavor:?}"));
    trace.log(format!(
        "block_on ran the body on the calling thread: {}",
        yes_no(body_on_caller)
    ));
    trace.log(format!(
        "the task ran while the body blocked: {}",
        yes_no(ran_while_blocked)
    ));
    trace.log(format!(
        "a spawned task ran on the calling thread: {}",
        yes_no(task_on_caller)
    ));
    assert_trace!("tasks_run_while_body_blocks", trace);
}

#[test]
fn drivers() {
    let trace = Trace::new("only the drivers the program uses are on");
    for tasks_run_while_body_blocks in [false, true] {
        for (timers, io) in [(false, false), (true, false), (false, true), (true, true)] {
            let needs = Needs {
                tasks_run_while_body_blocks,
                timers,
                io,
            };
            let (timer, io) = run(needs, async {
                // Each check runs in its own task: a missing driver panics, and the panic
                // comes back as a JoinError instead of ending the test. The `async` blocks
                // matter: `sleep(..)` itself panics when timers are off.
                let timer =
                    tokio::spawn(async { tokio::time::sleep(Duration::from_millis(1)).await });
                let io = tokio::spawn(async { tokio::net::TcpListener::bind("127.0.0.1:0").await });
                (timer.await, io.await)
            });
            trace.log(describe(needs));
            trace.log(format!(
                "  tokio::time::sleep works: {}",
                yes_no(timer.is_ok())
            ));
            trace.log(format!(
                "  tokio::net::TcpListener::bind works: {}",
                yes_no(io.is_ok_and(|bound| bound.is_ok()))
            ));
        }
    }
    assert_trace!("drivers", trace);
}

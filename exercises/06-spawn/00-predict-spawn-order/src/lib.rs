//! A prediction exercise's program: in which order do spawned tasks run? It runs the same
//! `main` three times: on a current_thread runtime, on a multi_thread runtime with one
//! worker, and on a current_thread runtime again with a `yield_now` in every task. It
//! records every step, in order.

use std::sync::{Arc, Mutex};
use tokio::runtime::{Builder, Runtime};

// ANCHOR: program
/// The lines the program records, shared by every task.
type Log = Arc<Mutex<Vec<String>>>;

fn write(log: &Log, line: String) {
    log.lock().unwrap().push(line);
}

/// Spawns three tasks, then awaits them one by one. With `polite`, each task steps
/// aside once with `tokio::task::yield_now` between its start and its end.
async fn main_task(log: Log, round: &'static str, polite: bool) {
    write(&log, format!("{round}: main spawns a, b, c"));
    let mut handles = Vec::new();
    for name in ["a", "b", "c"] {
        let log = log.clone();
        handles.push(tokio::spawn(async move {
            write(&log, format!("{round}: {name} starts"));
            if polite {
                tokio::task::yield_now().await;
            }
            write(&log, format!("{round}: {name} ends"));
        }));
    }
    write(&log, format!("{round}: main awaits a, b, c"));
    for handle in handles {
        handle.await.unwrap();
    }
    write(&log, format!("{round}: main is done"));
}

/// Runs `main_task` as a task of its own, so that on multi_thread it runs on the worker.
fn run(log: &Log, runtime: Runtime, round: &'static str, polite: bool) {
    let main = runtime.spawn(main_task(log.clone(), round, polite));
    runtime.block_on(main).unwrap();
}

pub fn program() -> Vec<String> {
    let log = Log::default();
    let current_thread = || Builder::new_current_thread().build().unwrap();
    let one_worker = || {
        Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .unwrap()
    };
    run(&log, current_thread(), "current_thread", false);
    run(&log, one_worker(), "multi_thread", false);
    run(&log, current_thread(), "current_thread + yield_now", true);
    log.lock().unwrap().clone()
}
// ANCHOR_END: program

//! A prediction exercise's program: what does a blocking call do to the other tasks of its
//! runtime? A heartbeat task beats once for each tick it receives. A piece of blocking
//! work sends it ticks and waits for the beats. The same task runs that work in three
//! rounds: called in the task on a current_thread runtime, handed to `spawn_blocking` on
//! a current_thread runtime, and called in the task on a multi_thread runtime with two
//! workers. The program records every step, in order.
//!
//! It is deterministic: each line is written before the step that lets the next one
//! happen, and the only clock is the work's one-second limit, which a heartbeat that can
//! run beats long before (and one that cannot run never beats, however long it waits).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::{Builder, Runtime};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

// ANCHOR: program
/// The lines the program records, shared by every thread.
type Log = Arc<Mutex<Vec<String>>>;

fn write(log: &Log, line: String) {
    log.lock().unwrap().push(line);
}

/// The heartbeat: it beats once for each tick it receives, and sends the beat back.
async fn heartbeat(log: Log, mut ticks: UnboundedReceiver<u32>, beats: mpsc::Sender<u32>) {
    while let Some(n) = ticks.recv().await {
        write(&log, format!("heartbeat: beat {n}"));
        let _ = beats.send(n);
    }
}

/// Blocking work: it sends the heartbeat three ticks, and after each one it waits for
/// the beat with a std channel, which blocks its thread. It stops waiting one second
/// after it started.
fn work(log: Log, ticks: UnboundedSender<u32>, beats: mpsc::Receiver<u32>) {
    let give_up = Instant::now() + Duration::from_secs(1);
    for n in 1..=3 {
        write(&log, format!("work: sends tick {n}"));
        ticks.send(n).unwrap();
        match beats.recv_timeout(give_up.saturating_duration_since(Instant::now())) {
            Ok(n) => write(&log, format!("work: got beat {n}")),
            Err(_) => write(&log, format!("work: no beat {n} in time")),
        }
    }
}

/// Spawns the heartbeat, then runs `work`: in this task, or on the blocking pool.
async fn task(log: Log, on_the_blocking_pool: bool) {
    let (tick, ticks) = unbounded_channel();
    let (beat, beats) = mpsc::channel();
    let heartbeat = tokio::spawn(heartbeat(log.clone(), ticks, beat));
    if on_the_blocking_pool {
        let log = log.clone();
        tokio::task::spawn_blocking(move || work(log, tick, beats))
            .await
            .unwrap();
    } else {
        work(log.clone(), tick, beats);
    }
    write(&log, "task: work returned".to_string());
    heartbeat.await.unwrap();
}

fn round(log: &Log, title: &str, runtime: Runtime, on_the_blocking_pool: bool) {
    write(log, title.to_string());
    let task = runtime.spawn(task(log.clone(), on_the_blocking_pool));
    runtime.block_on(task).unwrap();
}

pub fn program() -> Vec<String> {
    let log = Log::default();
    let current_thread = || Builder::new_current_thread().build().unwrap();
    let two_workers = || {
        Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap()
    };
    round(
        &log,
        "round 1: current_thread, work() in the task",
        current_thread(),
        false,
    );
    round(
        &log,
        "round 2: current_thread, spawn_blocking(work)",
        current_thread(),
        true,
    );
    round(
        &log,
        "round 3: multi_thread with 2 workers, work() in the task",
        two_workers(),
        false,
    );
    log.lock().unwrap().clone()
}
// ANCHOR_END: program

//! Likely wrong answers, and the scenario that catches each:
//! - `while let Ok(job) = jobs.lock().unwrap().recv() { job() }`, or
//!   `match jobs.lock().unwrap().recv() { .. }`: the lock guard lives until the end
//!   of the loop or match, so one job runs at a time (`two_jobs_wait_for_each_other`);
//! - a new thread for every call instead of the pool's threads
//!   (`six_jobs_two_threads`, `one_thread_runs_jobs_in_order`);
//! - running the job inside `spawn_blocking`, on the caller's thread
//!   (`two_jobs_wait_for_each_other`, `six_jobs_two_threads`);
//! - no `catch_unwind` around the job: the panic kills a pool thread, and the jobs
//!   behind it never run (`a_job_panics`);
//! - a thread that waits for jobs with `try_recv` in a loop: the idle pool burns a CPU
//!   (`idle_pool_does_not_spin`);
//! - a number of threads written into the code instead of `size`
//!   (`three_threads_three_jobs`, `one_thread_runs_jobs_in_order`).
//!
//! Kept as files in `solutions/07-spawn-blocking/03-tiny-blocking-pool/mistakes/`:
//! `while-let-holds-the-lock.diff` (`two_jobs_wait_for_each_other`),
//! `spins-on-try-recv.diff` (`idle_pool_does_not_spin`), `no-catch-unwind.diff`
//! (`a_job_panics`), `always-two-threads.diff` (`three_threads_three_jobs`),
//! `a-thread-per-job.diff` (`six_jobs_two_threads`).

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;
use testkit::{Trace, assert_trace, cpu, yes_no};
use tiny_blocking_pool::{BlockingHandle, Pool};

/// How long a scenario waits for something that a correct answer does at once.
const PATIENCE: Duration = Duration::from_secs(1);

/// Awaits a handle, but gives up after a second instead of hanging.
async fn outcome<T: std::fmt::Debug>(handle: BlockingHandle<T>) -> String {
    match tokio::time::timeout(PATIENCE, handle).await {
        Ok(result) => format!("{result:?}"),
        Err(_) => "never finished".to_string(),
    }
}

// ANCHOR: wait_for_each_other
#[tokio::test]
async fn two_jobs_wait_for_each_other() {
    let trace = Trace::new("a pool of two threads; two jobs that each wait to see the other start");
    let pool = Pool::new(2);
    let (a_started, a_seen) = mpsc::channel();
    let (b_started, b_seen) = mpsc::channel();
    let job = |name: &'static str, started: mpsc::Sender<()>, other: mpsc::Receiver<()>| {
        move || {
            // The other job may be over already (when jobs run one by one).
            let _ = started.send(());
            let saw = other.recv_timeout(PATIENCE).is_ok();
            format!("job {name}: saw the other job running: {}", yes_no(saw))
        }
    };
    let a = pool.spawn_blocking(job("a", a_started, b_seen));
    let b = pool.spawn_blocking(job("b", b_started, a_seen));
    trace.log(outcome(a).await);
    trace.log(outcome(b).await);
    assert_trace!("two_jobs_wait_for_each_other", trace);
}
// ANCHOR_END: wait_for_each_other

#[tokio::test]
async fn six_jobs_two_threads() {
    let trace = Trace::new("a pool of two threads; six jobs");
    let pool = Pool::new(2);
    let threads = Arc::new(Mutex::new(HashSet::new()));
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let test_thread = thread::current().id();
    let handles: Vec<_> = (0..6u64)
        .map(|n| {
            let (threads, running, most) = (threads.clone(), running.clone(), most.clone());
            pool.spawn_blocking(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                threads.lock().unwrap().insert(thread::current().id());
                thread::sleep(Duration::from_millis(2));
                running.fetch_sub(1, Ordering::SeqCst);
                n * n
            })
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(outcome(handle).await);
    }
    let threads = threads.lock().unwrap();
    trace.log(format!("results: {}", results.join(", ")));
    trace.log(format!(
        "jobs ran on at most two threads: {}",
        yes_no(threads.len() <= 2)
    ));
    trace.log(format!(
        "a job ran on the caller's thread: {}",
        yes_no(threads.contains(&test_thread))
    ));
    trace.log(format!(
        "never more than two jobs running at once: {}",
        yes_no(most.load(Ordering::SeqCst) <= 2)
    ));
    assert_trace!("six_jobs_two_threads", trace);
}

#[tokio::test]
async fn one_thread_runs_jobs_in_order() {
    let trace = Trace::new("a pool of one thread; the first job waits until all four are queued");
    let pool = Pool::new(1);
    let order = Arc::new(Mutex::new(Vec::new()));
    let (go, gate) = mpsc::channel::<()>();
    let mut gate = Some(gate);
    let handles: Vec<_> = (1..=4)
        .map(|n| {
            let order = order.clone();
            let gate = gate.take();
            pool.spawn_blocking(move || {
                if let Some(gate) = gate {
                    let _ = gate.recv_timeout(PATIENCE);
                }
                order.lock().unwrap().push(n);
            })
        })
        .collect();
    go.send(()).unwrap();
    for handle in handles {
        outcome(handle).await;
    }
    trace.log(format!(
        "jobs ran in this order: {:?}",
        order.lock().unwrap()
    ));
    assert_trace!("one_thread_runs_jobs_in_order", trace);
}

#[tokio::test]
async fn a_job_panics() {
    let trace = Trace::new("a pool of one thread; the first job panics, the second returns 2");
    let pool = Pool::new(1);
    // The first job waits until the second is queued, so the second is always in the
    // queue when the first one panics.
    let (go, gate) = mpsc::channel::<()>();
    let first = pool.spawn_blocking(move || -> u8 {
        let _ = gate.recv_timeout(PATIENCE);
        panic!("disk on fire")
    });
    let second = pool.spawn_blocking(|| 2u8);
    go.send(()).unwrap();
    trace.log(format!("first job: {}", outcome(first).await));
    trace.log(format!("second job: {}", outcome(second).await));
    assert_trace!("a_job_panics", trace);
}

#[tokio::test]
async fn dropping_the_pool_finishes_the_queue() {
    let trace = Trace::new("a pool of one thread is dropped with three jobs queued");
    let pool = Pool::new(1);
    let handles: Vec<_> = (1..=3)
        .map(|n| {
            pool.spawn_blocking(move || {
                thread::sleep(Duration::from_millis(1));
                n
            })
        })
        .collect();
    // Drop waits for the pool's thread, which first runs everything queued.
    drop(pool);
    trace.log("test: dropped the pool");
    for handle in handles {
        trace.log(format!("job: {}", outcome(handle).await));
    }
    assert_trace!("dropping_the_pool_finishes_the_queue", trace);
}

#[tokio::test]
async fn three_threads_three_jobs() {
    let trace =
        Trace::new("a pool of three threads; three jobs that each wait to see all three start");
    let pool = Pool::new(3);
    let started = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = ["a", "b", "c"]
        .into_iter()
        .map(|name| {
            let started = started.clone();
            pool.spawn_blocking(move || {
                started.fetch_add(1, Ordering::SeqCst);
                let deadline = std::time::Instant::now() + PATIENCE;
                while started.load(Ordering::SeqCst) < 3 && std::time::Instant::now() < deadline {
                    thread::sleep(Duration::from_millis(1));
                }
                let saw = started.load(Ordering::SeqCst) == 3;
                format!("job {name}: saw all three jobs running: {}", yes_no(saw))
            })
        })
        .collect();
    for handle in handles {
        trace.log(outcome(handle).await);
    }
    assert_trace!("three_threads_three_jobs", trace);
}

#[test]
fn idle_pool_does_not_spin() {
    // The CPU meter sees the whole process: `alone` runs this test in a process of its own.
    cpu::alone(|| {
        let trace = Trace::new("a pool of two threads waits 300 ms for its first job");
        let pool = Pool::new(2);
        let ((), busy) = cpu::measure(|| thread::sleep(cpu::WINDOW));
        trace.log(format!("pool threads {}", cpu::spun_line(busy)));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let answer = runtime.block_on(outcome(pool.spawn_blocking(|| 6 * 7)));
        trace.log(format!("then a job: {answer}"));
        assert_trace!("idle_pool_does_not_spin", trace);
    });
}

//! Did anything spin while the scenario waited? A meter of this process's CPU use.
//!
//! Tests check results; a `block_on` that spins on its flag, a worker that loops on
//! `try_recv` or a task that wakes itself forever still gets the right results, only by
//! burning a CPU. The meter watches the process while a scenario waits for something
//! that takes real time (a helper thread that wakes it after [`WINDOW`]): a spinning
//! thread is busy the whole time, a parked one does nothing.
//!
//! Two measures, either one enough to say "busy":
//! - CPU time of all threads (`CLOCK_PROCESS_CPUTIME_ID`) of at least [`BUSY_SHARE`]
//!   (5%) of the real time. It shrinks when other processes compete for the CPU.
//! - On Linux, the time threads were running *or ready to run, waiting for a CPU*
//!   (`/proc/self/task/*/schedstat`), of at least [`RUNNABLE_SHARE`] (50%) of the real
//!   time. A spinning thread is ready to run all the time however loaded the machine
//!   is, so this one does not shrink. A sampler thread reads it every 10 ms, because
//!   a thread's numbers vanish when it exits; its own share is left out of both.
//!
//! Measured on the project's 2-core machine shared by five sessions, 300 ms windows,
//! (CPU share, runnable share): a spinning thread, a `yield_now` task loop and a
//! `thread::yield_now` loop (0.9-1.0, 0.9-1.0) unpinned or pinned to one CPU; pinned
//! beside two spinning processes (0.2-0.35, 0.92-1.0), the `thread::yield_now` loop
//! (0.002, 1.0). Parked and sleeping threads, idle current-thread and multi-thread
//! runtimes: (0.000-0.002, 0.000-0.006), and up to (0.002, 0.1) pinned beside two
//! spinners, where every wakeup waits for a CPU. Run the ignored `calibrate` test to
//! measure again. So a spinner scores well above a threshold (1.8 to 20 times) and an
//! idle scenario at most a fifth of both: no load this machine sees flips a verdict.
//!
//! Rules for a metered scenario:
//! - Nothing else may run in the process: libtest runs a binary's tests on several
//!   threads at once. Wrap the test's whole body in [`alone`], which runs that one test
//!   again in a child process of its own; [`Meter::start`] panics when not alone.
//! - Wait in real time, at least [`WINDOW`]: tokio's paused clock jumps ahead and
//!   nothing waits. Nothing correct may wake periodically inside the window. A
//!   shorter measure is divided by [`WINDOW`] anyway, so a quick answer is never
//!   called busy for the few milliseconds it took to start a thread.
//! - A trace says what was measured in words: [`spun_line`] gives
//!   `spun while waiting: yes` or `no`, never numbers.
//!
//! What it cannot see reliably: a loop that sleeps a millisecond between checks (it
//! scored 0.006-0.4 runnable, depending on load). Count polls and wakes for those
//! (`exec::Logged::counts`, `wakers::Counting`), never this meter.
//!
//! On platforms other than Unix the meter cannot read CPU time: [`cpu_time`] is `None`
//! and every measure says "no" (it never fails a correct answer), after printing a
//! warning once.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// A measure counts as busy when the process used at least this share of the real
/// time that passed as CPU time.
pub const BUSY_SHARE: f64 = 0.05;

/// A measure also counts as busy when the process's threads were running or ready to
/// run for at least this share of the real time (Linux).
pub const RUNNABLE_SHARE: f64 = 0.5;

/// How long a metered scenario should wait, at least, in real time.
pub const WINDOW: Duration = Duration::from_millis(300);

/// Set in the child process that [`alone`] starts.
const ALONE_ENV: &str = "INSIDE_TOKIO_ALONE";

/// CPU time used so far by every thread of this process, or `None` where it cannot
/// be read.
#[cfg(unix)]
pub fn cpu_time() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; the call writes only to it.
    let result = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    (result == 0).then(|| Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
}

/// CPU time used so far by every thread of this process, or `None` where it cannot
/// be read.
#[cfg(not(unix))]
pub fn cpu_time() -> Option<Duration> {
    None
}

/// Runs the calling `#[test]` in a child process of its own, so that the CPU meter
/// sees only this scenario: call it as the whole body of the test,
/// `testkit::cpu::alone(|| { ... })`.
///
/// In the parent, it starts this same test binary with `NAME --exact`; the child
/// writes into the parent's own output (so the grader sees its panic, its trace and a
/// sanitizer's report as if the test had run in place), and the parent fails if the
/// child failed, or dies of the same signal if the child crashed. In the child, it
/// runs `test`.
pub fn alone(test: impl FnOnce()) {
    if let Some(marker) = std::env::var_os(ALONE_ENV) {
        // Tell the parent the test really ran here (a filter that matched nothing
        // would pass silently).
        std::fs::write(marker, b"ran").expect("cannot write the alone marker file");
        return test();
    }
    let thread = std::thread::current();
    let name = thread
        .name()
        .filter(|name| *name != "main")
        .expect("cpu::alone must be called from a #[test] (libtest names its thread after it)");
    static CHILDREN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let child = CHILDREN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let marker = std::env::temp_dir().join(format!("testkit-alone-{}-{child}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let exe = std::env::current_exe().expect("the path of this test binary");
    // The child's report (libtest prints a failing test's panic on stdout) is passed
    // on only when it failed; its stderr (a sanitizer's report) goes straight through.
    let output = std::process::Command::new(exe)
        .args([name, "--exact", "--include-ignored", "--test-threads=1"])
        .env(ALONE_ENV, &marker)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("cannot start this test binary again");
    let ran = std::fs::remove_file(&marker).is_ok();
    if !output.status.success() {
        print!("{}", String::from_utf8_lossy(&output.stdout));
        pass_on_a_crash(&output.status);
        panic!("the scenario failed in its own process (its report is above)");
    }
    assert!(
        ran,
        "cpu::alone: the child process did not run the test `{name}`"
    );
}

/// A child killed by a signal (a crash in `unsafe` code) kills the parent the same
/// way, so the grader reports a crash, not a panic.
#[cfg(unix)]
fn pass_on_a_crash(status: &std::process::ExitStatus) {
    use std::os::unix::process::ExitStatusExt;
    if let Some(signal) = status.signal() {
        // SAFETY: resetting a handler to the default and raising a signal have no
        // memory-safety requirements; the process ends here.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}

#[cfg(not(unix))]
fn pass_on_a_crash(_: &std::process::ExitStatus) {}

/// Whether this process runs one scenario alone (inside [`alone`]).
pub fn is_alone() -> bool {
    std::env::var_os(ALONE_ENV).is_some()
}

/// Measures CPU time against real time from [`Meter::start`] on.
pub struct Meter {
    wall: Instant,
    cpu: Option<Duration>,
    runnable: Option<runnable::Sampler>,
}

/// What a [`Meter`] saw. Only [`Usage::busy`] belongs in a trace, through [`spun_line`].
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    pub wall: Duration,
    /// CPU time used by the process.
    pub cpu: Option<Duration>,
    /// Time the process's threads were running or ready to run (Linux only).
    pub runnable: Option<Duration>,
}

impl Usage {
    /// CPU time as a share of real time (1.0 = one CPU busy all the time); 0 where
    /// CPU time cannot be read.
    pub fn share(&self) -> f64 {
        share(self.cpu, self.wall)
    }

    /// Time running or ready to run, as a share of real time: about 1.0 for each
    /// spinning thread however loaded the machine is; 0 where it cannot be read.
    pub fn runnable_share(&self) -> f64 {
        share(self.runnable, self.wall)
    }

    /// Something spun: CPU time of at least [`BUSY_SHARE`] of real time, or threads
    /// ready to run for at least [`RUNNABLE_SHARE`] of it.
    pub fn busy(&self) -> bool {
        self.share() >= BUSY_SHARE || self.runnable_share() >= RUNNABLE_SHARE
    }
}

/// `part` as a share of the real time, counted as at least [`WINDOW`]: a measure
/// over a few milliseconds (an answer that had nothing to wait for) must not call the
/// start-up of a thread "busy".
fn share(part: Option<Duration>, wall: Duration) -> f64 {
    let wall = wall.max(WINDOW);
    part.map_or(0.0, |part| part.as_secs_f64() / wall.as_secs_f64())
}

impl Meter {
    /// Starts measuring. Panics unless the test runs [`alone`]: other tests running
    /// at the same time would count as this scenario's CPU time.
    pub fn start() -> Meter {
        assert!(
            is_alone(),
            "the CPU meter sees every thread of the process: wrap the test's body in \
             testkit::cpu::alone(|| ...)"
        );
        let cpu = cpu_time();
        if cpu.is_none() {
            warn_once();
        }
        Meter {
            runnable: runnable::Sampler::start(),
            wall: Instant::now(),
            cpu,
        }
    }

    /// CPU and real time since the start.
    pub fn usage(&self) -> Usage {
        let now = cpu_time();
        let (runnable, sampler) = match &self.runnable {
            Some(sampler) => {
                let (runnable, own_cpu) = sampler.runnable();
                (Some(runnable), own_cpu)
            }
            None => (None, Duration::ZERO),
        };
        // The sampler's own reading of /proc is not the scenario's work.
        let cpu = match (self.cpu, now) {
            (Some(start), Some(now)) => Some(now.saturating_sub(start).saturating_sub(sampler)),
            _ => None,
        };
        Usage {
            wall: self.wall.elapsed(),
            cpu,
            runnable,
        }
    }

    /// Whether the process was busy since the start (see [`Usage::busy`]).
    pub fn busy(&self) -> bool {
        self.usage().busy()
    }
}

/// Linux counts, for each thread, the time it ran and the time it waited, ready, for
/// a CPU (`/proc/self/task/TID/schedstat`). Their sum does not shrink when other
/// processes compete for the CPU, so a spinning thread scores about 1.0 on any load.
/// A thread's numbers vanish when it exits, so a sampler thread reads them every
/// 10 ms and keeps the last value of each thread.
#[cfg(target_os = "linux")]
mod runnable {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    pub struct Sampler {
        seen: Arc<Mutex<Seen>>,
        stop: Arc<AtomicBool>,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    /// Per thread id, at the start and last seen.
    struct Seen {
        at_start: HashMap<String, (u64, u64)>,
        last: HashMap<String, (u64, u64)>,
        sampler: Option<String>,
    }

    /// `(ran, waited)` in nanoseconds, per thread id.
    fn sample() -> HashMap<String, (u64, u64)> {
        let mut found = HashMap::new();
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
            return found;
        };
        for task in tasks.flatten() {
            let tid = task.file_name().to_string_lossy().into_owned();
            let Ok(text) = std::fs::read_to_string(task.path().join("schedstat")) else {
                continue;
            };
            let mut fields = text
                .split_whitespace()
                .map(|field| field.parse::<u64>().unwrap_or(0));
            let (run, wait) = (fields.next().unwrap_or(0), fields.next().unwrap_or(0));
            found.insert(tid, (run, wait));
        }
        found
    }

    fn own_tid() -> Option<String> {
        let link = std::fs::read_link("/proc/thread-self").ok()?;
        Some(link.file_name()?.to_string_lossy().into_owned())
    }

    impl Sampler {
        pub fn start() -> Option<Sampler> {
            let at_start = sample();
            if at_start.is_empty() {
                return None;
            }
            let seen = Arc::new(Mutex::new(Seen {
                last: at_start.clone(),
                at_start,
                sampler: None,
            }));
            let stop = Arc::new(AtomicBool::new(false));
            let thread = {
                let (seen, stop) = (seen.clone(), stop.clone());
                std::thread::spawn(move || {
                    seen.lock().unwrap().sampler = own_tid();
                    while !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(10));
                        let now = sample();
                        seen.lock().unwrap().last.extend(now);
                    }
                })
            };
            Some(Sampler {
                seen,
                stop,
                thread: Some(thread),
            })
        }

        /// Time running or ready since the start, summed over every thread but the
        /// sampler's own; and the CPU time the sampler itself used.
        pub fn runnable(&self) -> (Duration, Duration) {
            let now = sample();
            let mut seen = self.seen.lock().unwrap();
            seen.last.extend(now);
            let mut total = 0;
            let mut sampler = 0;
            for (tid, (ran, waited)) in &seen.last {
                let (ran_before, waited_before) = seen.at_start.get(tid).unwrap_or(&(0, 0));
                let ran = ran.saturating_sub(*ran_before);
                if Some(tid) == seen.sampler.as_ref() {
                    sampler = ran;
                } else {
                    total += ran + waited.saturating_sub(*waited_before);
                }
            }
            (Duration::from_nanos(total), Duration::from_nanos(sampler))
        }
    }

    impl Drop for Sampler {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::Relaxed);
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

/// Runs `wait` (something that waits, typically for at least [`WINDOW`]) under a
/// [`Meter`], and returns its result and whether the process spun meanwhile.
pub fn measure<T>(wait: impl FnOnce() -> T) -> (T, bool) {
    let meter = Meter::start();
    let result = wait();
    (result, meter.busy())
}

/// `spun while waiting: yes` or `no`, for a trace.
pub fn spun_line(busy: bool) -> String {
    format!("spun while waiting: {}", crate::yes_no(busy))
}

/// A future that is ready once `after` of real time passed since its first poll:
/// something a metered scenario can wait for. A helper thread, started at the first
/// poll (futures are lazy), sleeps, then sets the flag and wakes the latest waker.
pub struct ReadyAfter {
    after: Duration,
    shared: Option<Arc<Mutex<Timer>>>,
}

#[derive(Default)]
struct Timer {
    fired: bool,
    waker: Option<Waker>,
}

/// See [`ReadyAfter`]; usually `ready_after(WINDOW)`.
pub fn ready_after(after: Duration) -> ReadyAfter {
    ReadyAfter {
        after,
        shared: None,
    }
}

impl Future for ReadyAfter {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let after = self.after;
        let shared = self.shared.get_or_insert_with(|| {
            let shared = Arc::new(Mutex::new(Timer::default()));
            let timer = shared.clone();
            std::thread::spawn(move || {
                std::thread::sleep(after);
                let waker = {
                    let mut timer = timer.lock().unwrap();
                    timer.fired = true;
                    timer.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
            shared
        });
        let mut timer = shared.lock().unwrap();
        if timer.fired {
            return Poll::Ready(());
        }
        timer.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(not(target_os = "linux"))]
mod runnable {
    /// Other systems do not say how long threads waited for a CPU: CPU time alone
    /// decides there.
    pub struct Sampler;

    impl Sampler {
        pub fn start() -> Option<Sampler> {
            None
        }

        pub fn runnable(&self) -> (std::time::Duration, std::time::Duration) {
            Default::default()
        }
    }
}

fn warn_once() {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        eprintln!(
            "testkit::cpu: this platform gives no CPU time; spinning cannot be seen and \
             every measure says `no`"
        )
    });
}

#[cfg(test)]
mod tests {
    //! Each sense is proven on the mistake it is for (a spinner, a `yield_now` loop)
    //! and on the correct code (a parked thread, an idle runtime). The numbers these
    //! thresholds come from are in the module's doc; `calibrate` measures them again.
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn spin_for(window: Duration) {
        let stop = Arc::new(AtomicBool::new(false));
        let spinner = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            })
        };
        std::thread::sleep(window);
        stop.store(true, Ordering::Relaxed);
        spinner.join().unwrap();
    }

    #[test]
    fn a_spinning_thread_is_busy() {
        alone(|| {
            let ((), busy) = measure(|| spin_for(WINDOW));
            assert!(busy, "a spinning thread was not seen");
        });
    }

    #[test]
    fn a_thread_yield_now_loop_is_busy() {
        alone(|| {
            let ((), busy) = measure(|| {
                let end = Instant::now() + WINDOW;
                while Instant::now() < end {
                    std::thread::yield_now();
                }
            });
            assert!(busy, "a loop of thread::yield_now was not seen");
        });
    }

    #[test]
    fn block_on_that_spins_is_busy_and_one_that_parks_is_not() {
        fn spinning_block_on<F: Future>(future: F) -> F::Output {
            let mut future = std::pin::pin!(future);
            let mut cx = Context::from_waker(Waker::noop());
            loop {
                if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                    return output;
                }
            }
        }
        alone(|| {
            let ((), busy) = measure(|| spinning_block_on(ready_after(WINDOW)));
            assert!(busy, "a spinning block_on was not seen");
            let trace = crate::Trace::default();
            let ((), busy) = measure(|| crate::exec::block_on(&trace, ready_after(WINDOW)));
            assert!(!busy, "the parking block_on was seen as busy");
            assert_eq!(spun_line(busy), "spun while waiting: no");
        });
    }

    #[test]
    fn a_quick_answer_is_not_busy() {
        alone(|| {
            let ((), busy) = measure(|| spin_for(Duration::from_millis(5)));
            assert!(!busy, "5 ms of work was called spinning");
        });
    }

    #[test]
    fn a_parked_thread_is_idle() {
        alone(|| {
            let ((), busy) = measure(|| {
                let parked = std::thread::spawn(std::thread::park);
                std::thread::sleep(WINDOW);
                parked.thread().unpark();
                parked.join().unwrap();
            });
            assert!(!busy, "a parked thread was seen as busy");
        });
    }

    #[test]
    fn a_self_waking_task_is_busy_and_an_idle_runtime_is_not() {
        alone(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let ((), busy) = measure(|| {
                runtime.block_on(async {
                    let spinner = tokio::spawn(async {
                        loop {
                            tokio::task::yield_now().await;
                        }
                    });
                    tokio::time::sleep(WINDOW).await;
                    spinner.abort();
                })
            });
            assert!(busy, "a yield_now loop was not seen");
            let ((), busy) =
                measure(|| runtime.block_on(async { tokio::time::sleep(WINDOW).await }));
            assert!(!busy, "an idle runtime was seen as busy");
        });
    }

    #[test]
    fn the_meter_refuses_to_run_beside_other_tests() {
        if is_alone() {
            return;
        }
        let refused = std::panic::catch_unwind(Meter::start).is_err();
        assert!(refused);
    }

    /// Runs this test binary's test `name` with `flag` set, silently, with no core
    /// files; returns how it ended.
    fn run_outer(name: &str, flag: &str) -> std::process::ExitStatus {
        let mut command = std::process::Command::new(std::env::current_exe().unwrap());
        command
            .args([name, "--exact", "--test-threads=1"])
            .env(flag, "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe; no core file lands in the tree.
            unsafe {
                command.pre_exec(|| {
                    let none = libc::rlimit {
                        rlim_cur: 0,
                        rlim_max: 0,
                    };
                    libc::setrlimit(libc::RLIMIT_CORE, &none);
                    Ok(())
                });
            }
        }
        command.status().unwrap()
    }

    #[test]
    fn a_failure_in_the_child_fails_the_parent() {
        const FAIL: &str = "TESTKIT_FAIL_TEST";
        if std::env::var_os(FAIL).is_some() {
            // Started by the outer run below: the parent of a child that fails.
            alone(|| panic!("failing on purpose, in the child"));
            return;
        }
        let status = run_outer("cpu::tests::a_failure_in_the_child_fails_the_parent", FAIL);
        assert_eq!(status.code(), Some(101), "{status:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_crash_in_the_child_crashes_the_parent() {
        use std::os::unix::process::ExitStatusExt;
        const CRASH: &str = "TESTKIT_CRASH_TEST";
        if std::env::var_os(CRASH).is_some() {
            // Started by the outer run below: the parent of a child that crashes.
            alone(|| std::process::abort());
            return;
        }
        let status = run_outer("cpu::tests::a_crash_in_the_child_crashes_the_parent", CRASH);
        assert_eq!(status.signal(), Some(libc::SIGABRT), "{status:?}");
    }

    fn shares(wait: impl FnOnce()) -> (f64, f64) {
        let meter = Meter::start();
        wait();
        let usage = meter.usage();
        (usage.share(), usage.runnable_share())
    }

    /// Prints the shares this machine gives; run by hand to re-check the threshold:
    /// `RUST_TEST_NOCAPTURE=1 cargo test -p testkit calibrate -- --ignored`, also under
    /// `taskset -c 0` with a second `taskset -c 0` spinner running.
    #[test]
    #[ignore]
    fn calibrate() {
        alone(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            for round in 0..5 {
                let spinner = shares(|| spin_for(WINDOW));
                let sleeper = shares(|| std::thread::sleep(WINDOW));
                let yielder = shares(|| {
                    runtime.block_on(async {
                        let spinner = tokio::spawn(async {
                            loop {
                                tokio::task::yield_now().await;
                            }
                        });
                        tokio::time::sleep(WINDOW).await;
                        spinner.abort();
                    })
                });
                let idle = shares(|| runtime.block_on(async { tokio::time::sleep(WINDOW).await }));
                let multi = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap();
                let idle_multi = shares(|| {
                    multi.block_on(async {
                        let waiting = tokio::task::spawn_blocking(|| std::thread::sleep(WINDOW));
                        waiting.await.unwrap();
                    })
                });
                let sched_yield = shares(|| {
                    let end = std::time::Instant::now() + WINDOW;
                    while std::time::Instant::now() < end {
                        std::thread::yield_now();
                    }
                });
                let sleepy_loop = shares(|| {
                    let end = std::time::Instant::now() + WINDOW;
                    while std::time::Instant::now() < end {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                });
                let spinner_that_exits = shares(|| {
                    spin_for(WINDOW / 2);
                    std::thread::sleep(WINDOW / 2);
                });
                eprintln!(
                    "round {round}: (cpu, runnable) spinner {spinner:.3?} \
                     sleeper {sleeper:.3?} yield loop {yielder:.3?} idle runtime {idle:.3?} \
                     idle multi-thread {idle_multi:.3?} sched_yield loop {sched_yield:.3?} \
                     1 ms sleep loop {sleepy_loop:.3?} spinner gone halfway {spinner_that_exits:.3?}"
                );
            }
        });
    }
}

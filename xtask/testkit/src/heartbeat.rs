//! Did the learner's `async fn` block the runtime's thread? A heartbeat task and a gate.
//!
//! A blocking std call inside an `async fn` goes unnoticed wherever no other task needs
//! the thread at that moment. So the scenario gives the runtime another task, the
//! heartbeat, and makes the blocking operation wait for it: the operation (a closure the
//! scenario hands to the learner's code, or a helper thread behind a FIFO) calls
//! [`Gate::wait`], which opens after the heartbeat ticked [`TICKS`] times while it
//! waited, or after [`FALLBACK`] of real time, and says which.
//!
//! - Blocking done right (`spawn_blocking`, `tokio::fs`): the runtime's thread is free,
//!   the heartbeat ticks within microseconds, the gate says [`Opened::ByHeartbeat`].
//! - Blocking on the runtime's thread: the heartbeat cannot run until the blocking call
//!   returns, and it cannot return before the gate opens, so only the fallback opens it:
//!   [`Opened::ByFallback`], on every run.
//!
//! No timing race: a wrong answer can never tick, and a right one only fails if three
//! yields of a free runtime take a whole second. Use a current-thread runtime, so that
//! the heartbeat and the learner's code share the one thread (on a multi-thread runtime
//! the heartbeat may tick on another worker).
//!
//! Ticks are yields (`tokio::task::yield_now`), not timers: `spawn_blocking` stops
//! tokio's paused clock from advancing on its own while the blocking task runs
//! (`runtime/blocking/schedule.rs`, `inhibit_auto_advance`), so a heartbeat that
//! slept on the paused clock would never tick beside a correct answer. A yield needs
//! nothing but a free runtime thread. The heartbeat only ticks while someone waits at
//! the gate, so it costs nothing the rest of the time.
//!
//! ```
//! # let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! # runtime.block_on(async {
//! let gate = testkit::heartbeat::start();
//! let blocking_work = { let gate = gate.clone(); move || { gate.wait(); 42 } };
//! // A correct answer runs the blocking work off the runtime's thread:
//! let answer = tokio::task::spawn_blocking(blocking_work).await.unwrap();
//! assert_eq!(answer, 42);
//! assert_eq!(gate.line(), "heartbeat kept ticking: yes");
//! # });
//! ```

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Ticks the heartbeat must make while someone waits before the gate opens.
pub const TICKS: u32 = 3;

/// How long the gate waits for the heartbeat before it opens anyway. Only a wrong
/// answer ever waits this long.
pub const FALLBACK: Duration = Duration::from_secs(1);

/// What opened the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The heartbeat ticked while the caller waited: the runtime's thread was free.
    ByHeartbeat,
    /// Real time ran out: the heartbeat never got the runtime's thread.
    ByFallback,
}

/// Where blocking work waits for the heartbeat. Clones share one gate.
#[derive(Clone)]
pub struct Gate {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    opened: Condvar,
    someone_waits: tokio::sync::Notify,
}

#[derive(Default)]
struct State {
    /// Callers waiting in this round.
    waiting: usize,
    /// Ticks since this round's first caller came.
    ticks: u32,
    /// Rounds the heartbeat opened.
    round: u64,
    /// What opened each wait so far, in order.
    waits: Vec<Opened>,
}

/// Starts a heartbeat task on the current tokio runtime and returns its gate. Call it
/// inside the runtime (`tokio::spawn` is used), before the learner's code runs.
pub fn start() -> Gate {
    let gate = Gate {
        inner: Arc::new(Inner {
            state: Mutex::new(State::default()),
            opened: Condvar::new(),
            someone_waits: tokio::sync::Notify::new(),
        }),
    };
    tokio::spawn(beat(gate.inner.clone()));
    gate
}

async fn beat(inner: Arc<Inner>) {
    loop {
        inner.someone_waits.notified().await;
        loop {
            tokio::task::yield_now().await;
            let mut state = inner.state.lock().unwrap();
            if state.waiting == 0 {
                break;
            }
            state.ticks += 1;
            if state.ticks >= TICKS {
                state.round += 1;
                state.waiting = 0;
                state.ticks = 0;
                inner.opened.notify_all();
                break;
            }
        }
    }
}

impl Gate {
    /// Blocks the calling thread until the heartbeat ticked [`TICKS`] times since the
    /// call, or [`FALLBACK`] passed. Call it from the blocking work, never from async
    /// code of the test's own.
    pub fn wait(&self) -> Opened {
        let inner = &self.inner;
        let mut state = inner.state.lock().unwrap();
        let round = state.round;
        state.waiting += 1;
        inner.someone_waits.notify_one();
        let deadline = Instant::now() + FALLBACK;
        let opened = loop {
            if state.round != round {
                break Opened::ByHeartbeat;
            }
            let now = Instant::now();
            if now >= deadline {
                state.waiting -= 1;
                if state.waiting == 0 {
                    state.ticks = 0;
                }
                break Opened::ByFallback;
            }
            state = inner.opened.wait_timeout(state, deadline - now).unwrap().0;
        };
        state.waits.push(opened);
        opened
    }

    /// What opened each wait so far, in order.
    pub fn waits(&self) -> Vec<Opened> {
        self.inner.state.lock().unwrap().waits.clone()
    }

    /// `yes` when every wait so far was opened by the heartbeat, `no` when one needed
    /// the fallback, `nobody waited` when the blocking work never ran.
    pub fn kept_ticking(&self) -> &'static str {
        let waits = self.waits();
        if waits.is_empty() {
            "nobody waited"
        } else {
            crate::yes_no(waits.iter().all(|w| *w == Opened::ByHeartbeat))
        }
    }

    /// `heartbeat kept ticking: yes` (or `no`, or `nobody waited`), for a trace.
    pub fn line(&self) -> String {
        format!("heartbeat kept ticking: {}", self.kept_ticking())
    }
}

/// Makes a FIFO (a named pipe) at `path` and a thread that writes `contents` into it
/// once a reader opened it *and* the gate opened; returns that thread. So a learner's
/// `std::fs::read(path)` (or a child process that reads it) blocks until the heartbeat
/// ticked: on the runtime's thread, that is never, and the gate opens by fallback.
///
/// The FIFO is not removed; make it in a temporary folder.
#[cfg(unix)]
pub fn fifo(
    gate: &Gate,
    path: &std::path::Path,
    contents: Vec<u8>,
) -> std::io::Result<std::thread::JoinHandle<Opened>> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::other("a path with a NUL byte"))?;
    // SAFETY: `c_path` is a valid NUL-terminated string that lives across the call.
    if unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let (gate, path) = (gate.clone(), path.to_path_buf());
    Ok(std::thread::spawn(move || {
        use std::io::Write;
        // Opening a FIFO for writing blocks until a reader opens it.
        let mut writer = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("cannot open the FIFO for writing");
        let opened = gate.wait();
        // A reader that gave up closed its end: nothing to do about that here.
        let _ = writer.write_all(&contents);
        opened
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current_thread() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap()
    }

    #[test]
    fn spawn_blocking_keeps_the_heartbeat_ticking() {
        current_thread().block_on(async {
            let gate = start();
            let waiter = gate.clone();
            let opened = tokio::task::spawn_blocking(move || waiter.wait())
                .await
                .unwrap();
            assert_eq!(opened, Opened::ByHeartbeat);
            assert_eq!(gate.line(), "heartbeat kept ticking: yes");
        });
    }

    #[test]
    fn blocking_the_runtime_thread_stops_the_heartbeat() {
        current_thread().block_on(async {
            let gate = start();
            // The mistake: blocking work called right inside async code.
            let opened = gate.wait();
            assert_eq!(opened, Opened::ByFallback);
            assert_eq!(gate.line(), "heartbeat kept ticking: no");
            // A later correct wait still works.
            let waiter = gate.clone();
            let opened = tokio::task::spawn_blocking(move || waiter.wait())
                .await
                .unwrap();
            assert_eq!(opened, Opened::ByHeartbeat);
        });
    }

    #[test]
    fn a_spawned_task_that_blocks_stops_it_too() {
        current_thread().block_on(async {
            let gate = start();
            let waiter = gate.clone();
            tokio::spawn(async move { waiter.wait() }).await.unwrap();
            assert_eq!(gate.kept_ticking(), "no");
        });
    }

    #[test]
    fn two_blocking_jobs_at_once_both_see_it() {
        current_thread().block_on(async {
            let gate = start();
            let jobs: Vec<_> = (0..2)
                .map(|_| {
                    let waiter = gate.clone();
                    tokio::task::spawn_blocking(move || waiter.wait())
                })
                .collect();
            for job in jobs {
                assert_eq!(job.await.unwrap(), Opened::ByHeartbeat);
            }
            assert_eq!(gate.waits().len(), 2);
        });
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_read_on_the_blocking_pool_passes_and_on_the_runtime_thread_fails() {
        let dir = std::env::temp_dir().join(format!("testkit-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        current_thread().block_on(async {
            let gate = start();
            let good = dir.join("good");
            let writer = fifo(&gate, &good, b"hello".to_vec()).unwrap();
            let text = tokio::fs::read(&good).await.unwrap();
            assert_eq!(text, b"hello");
            assert_eq!(writer.join().unwrap(), Opened::ByHeartbeat);

            let bad = dir.join("bad");
            let writer = fifo(&gate, &bad, b"hello".to_vec()).unwrap();
            let text = std::fs::read(&bad).unwrap();
            assert_eq!(text, b"hello");
            assert_eq!(writer.join().unwrap(), Opened::ByFallback);
            assert_eq!(gate.kept_ticking(), "no");
        });
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Threads that stop when a `static AtomicBool` quit flag goes up.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Why the workers must stop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reason {
    Unknown,
    Shutdown,
    Restart,
}

/// Goes up once, when it is time to stop. Every worker thread looks at it.
pub static QUIT: AtomicBool = AtomicBool::new(false);

/// Written before `QUIT` goes up, with no ordering of its own: a worker that
/// has seen `QUIT` can read it only if the flag's orderings carry it across.
static REASON: AtomicU8 = AtomicU8::new(0);

// ANCHOR: orderings
/// The ordering `request_quit` stores `true` with. Everything the stopping
/// thread wrote before this store must be visible to a worker that sees it.
/// `Relaxed` promises nothing about other memory: pick the ordering that does.
pub const RAISE: Ordering = Ordering::Relaxed;

/// The ordering `quit_requested` loads the flag with; it pairs with `RAISE`.
/// `Relaxed` promises nothing about other memory: pick the ordering that does.
pub const CHECK: Ordering = Ordering::Relaxed;
// ANCHOR_END: orderings

/// Writes the reason, then raises the flag.
pub fn request_quit(reason: Reason) {
    REASON.store(reason as u8, Ordering::Relaxed);
    QUIT.store(true, RAISE);
}

/// Has someone asked the workers to stop?
pub fn quit_requested() -> bool {
    QUIT.load(CHECK)
}

/// The reason given to `request_quit`. Meaningful only after `quit_requested()`
/// returned true: it is a relaxed load and relies on the flag's orderings.
pub fn reason() -> Reason {
    match REASON.load(Ordering::Relaxed) {
        1 => Reason::Shutdown,
        2 => Reason::Restart,
        _ => Reason::Unknown,
    }
}

/// Lowers the flag again, for the next run.
pub fn reset() {
    REASON.store(0, Ordering::Relaxed);
    QUIT.store(false, Ordering::SeqCst);
}

// ANCHOR: worker
/// Starts a worker thread that does its work in short steps (`step` long each)
/// and looks at the flag between steps. Once it sees the flag up, it returns its
/// report: `worker {id}: saw the quit flag, reason {:?}`, with the `reason()`.
pub fn spawn_worker(id: usize) -> JoinHandle<String> {
    thread::spawn(move || {
        let step = Duration::from_micros(200);
        let _ = (id, step);
        todo!("work in steps until the quit flag is up, then report why it stopped")
    })
}

/// Raises the flag, then waits for every worker and collects their reports
/// in the order the workers were given.
pub fn stop_all(workers: Vec<JoinHandle<String>>, why: Reason) -> Vec<String> {
    let _ = (workers, why);
    todo!("every worker's report, in order, after asking them to stop for `why`")
}
// ANCHOR_END: worker

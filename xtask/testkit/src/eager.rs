//! Did anything happen before the first poll? Futures are lazy: creating one must do
//! nothing until it is polled.
//!
//! Work done in `new()` or in the function that builds a future (starting a read, a
//! timer thread, the child future's side effects) passes any scenario that polls at
//! once. So: create the future with [`created`], which writes `<label>: created, not
//! yet polled` into the trace before anything else can happen; the test's doubles log
//! their side effects as they happen, so an eager future shows them *above* its first
//! `<label>: poll`, and a lazy one below. For work the test cannot see through a
//! double, [`Threads`] counts the threads of the process: `threads started before the
//! first poll: 0`.

use crate::Trace;
use crate::exec::Logged;
use std::future::Future;

/// Runs `make` (which creates the future: the learner's `new()` or `async fn` call),
/// writes `<label>: created, not yet polled`, and returns the future wrapped in a
/// [`Logged`] with the same label, so its first poll shows next.
pub fn created<F: Future>(trace: &Trace, label: &str, make: impl FnOnce() -> F) -> Logged<F> {
    let future = make();
    trace.log(format!("{label}: created, not yet polled"));
    Logged::new(trace, label, future)
}

/// Counts the threads of this process (Linux), to show that creating a future started
/// none. Only exact when nothing else runs in the process: use it inside
/// [`crate::cpu::alone`].
pub struct Threads {
    at_start: Option<usize>,
}

impl Threads {
    /// Counts now. Panics unless the test runs alone (see [`crate::cpu::alone`]).
    pub fn count() -> Threads {
        assert!(
            crate::cpu::is_alone(),
            "other tests start threads too: wrap the test's body in testkit::cpu::alone(|| ...)"
        );
        Threads {
            at_start: threads_now(),
        }
    }

    /// Threads started since [`Threads::count`], less those that ended; `None` where
    /// the system cannot say.
    pub fn started(&self) -> Option<usize> {
        Some(threads_now()?.saturating_sub(self.at_start?))
    }

    /// `threads started before the first poll: N` (or `unknown`), for a trace.
    pub fn line(&self) -> String {
        match self.started() {
            Some(n) => format!("threads started before the first poll: {n}"),
            None => "threads started before the first poll: unknown".to_string(),
        }
    }
}

/// How many threads this process has now, where the system says.
pub fn threads_now() -> Option<usize> {
    if cfg!(target_os = "linux") {
        Some(std::fs::read_dir("/proc/self/task").ok()?.count())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::block_on;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    /// A timer written eagerly: its thread starts when it is created.
    struct EagerTimer {
        _done: std::sync::mpsc::Receiver<()>,
    }

    fn eager_timer(trace: &Trace) -> EagerTimer {
        trace.log("timer thread: started");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            let _ = tx.send(());
        });
        EagerTimer { _done: rx }
    }

    impl Future for EagerTimer {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            Poll::Ready(())
        }
    }

    #[test]
    fn side_effects_before_the_first_poll_show_above_it() {
        let trace = Trace::default();
        let lazy = created(&trace, "lazy", || async { trace.log("lazy: work") });
        block_on(&Trace::default(), lazy);
        let eager = created(&trace, "eager", || eager_timer(&trace));
        block_on(&Trace::default(), eager);
        let expected = [
            "lazy: created, not yet polled",
            "lazy: poll",
            "lazy: work",
            "lazy: Ready",
            "timer thread: started",
            "eager: created, not yet polled",
            "eager: poll",
            "eager: Ready",
        ];
        assert_eq!(trace.lines(), expected);
    }

    #[test]
    fn a_thread_started_on_creation_is_counted() {
        crate::cpu::alone(|| {
            let lazy_threads = Threads::count();
            let lazy = async { 1 };
            assert_eq!(
                lazy_threads.line(),
                "threads started before the first poll: 0"
            );
            let eager_threads = Threads::count();
            let eager = eager_timer(&Trace::default());
            if cfg!(target_os = "linux") {
                assert_eq!(
                    eager_threads.line(),
                    "threads started before the first poll: 1"
                );
            }
            drop((lazy, eager));
        });
    }
}

//! Test support shared by every exercise: traces, snapshots and a logging executor.
//!
//! Learners never edit this crate. An exercise's tests drive its library through a
//! scenario, write what happened into a [`Trace`], and compare it with the solution's
//! recorded trace through [`assert_trace!`]. The executor in [`exec`] polls futures by
//! hand and writes every poll, its result and every wake into the trace.
//!
//! The modules:
//! - [`exec`]: the logging executor (`block_on`), and `Logged`, which logs a future's
//!   polls and wakes and counts them (`Logged::counts`: polls without a wake);
//! - [`futures`]: small futures to build scenarios on (`yield_then`, `WhereAmI`) and
//!   `patient`/`patient_same_waker`, which turn a hang into a failure;
//! - [`deadline`]: scenarios that fail after two seconds instead of hanging, on
//!   tokio's paused clock;
//! - [`wakers`]: `Flag`; `Counting` wakers (clones, wakes, drops, stale wakes) with a
//!   hook run at the moment of a wake; `ByHand`, which polls with the same or a fresh
//!   waker and can poll again inside a wake to catch lost wakeups and wakes under a lock;
//! - [`cpu`]: did anything spin while the scenario waited (`alone`, `Meter`);
//! - [`heartbeat`]: did the learner's `async fn` block the runtime's thread;
//! - [`eager`]: did anything happen before the first poll;
//! - [`pinned`]: was a pinned value dropped where it was pinned;
//! - [`sentinel`]: drop-counting values that show leaked shared state;
//! - [`drops`]: a future that says when it is dropped, finished or not;
//! - [`probe`]: `is_unpin!`, whether a type is `Unpin`.
//!
//! What each sense catches, and why it cannot flake, is in ARCHITECTURE.md ("What the
//! tests can see").

pub mod clone_hook;
pub mod cpu;
pub mod deadline;
pub mod drops;
pub mod eager;
pub mod exec;
pub mod futures;
pub mod heap;
pub mod heartbeat;
pub mod pinned;
pub mod probe;
pub mod sentinel;
pub mod wakers;

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Set by `cargo xtask check` and `bless`: each scenario's trace is also written there,
/// so the grader can show a diff of the learner's trace without touching the tree.
pub const TRACE_DIR_ENV: &str = "INSIDE_TOKIO_TRACE_DIR";

/// A plain-text record of what happened in one scenario, one event a line.
///
/// Cloning gives another handle to the same record, so tasks and threads can all
/// write to it.
#[derive(Clone, Default)]
pub struct Trace {
    record: Arc<Mutex<Record>>,
}

#[derive(Default)]
struct Record {
    lines: Vec<String>,
    /// Under the grader, each line is also written here as it happens, so a scenario that
    /// hangs still shows how far it got (`live/` in the trace folder; removed once the
    /// trace is complete).
    live: Option<(std::fs::File, PathBuf)>,
}

impl Trace {
    /// A trace whose first line says what the scenario is.
    pub fn new(scenario: &str) -> Trace {
        let trace = Trace::default();
        trace.record.lock().unwrap().live = live_file();
        trace.log(format!("scenario: {scenario}"));
        trace
    }

    /// Records one event.
    pub fn log(&self, line: impl Display) {
        let line = line.to_string();
        let mut record = self.record.lock().unwrap_or_else(|e| e.into_inner());
        let past_the_cap = record.lines.len() >= LIVE_LINES;
        if let Some((file, _)) = &mut record.live
            && !past_the_cap
        {
            use std::io::Write;
            // Unbuffered: the line is on disk before the next event, even if that one hangs.
            let _ = writeln!(file, "{line}");
        }
        record.lines.push(line);
    }

    /// The trace is complete: nothing more to show if the test hangs later.
    fn finished(&self) {
        if let Some((_, path)) = self
            .record
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .live
            .take()
        {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The events so far.
    pub fn lines(&self) -> Vec<String> {
        self.record
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .lines
            .clone()
    }

    /// The whole trace, one event a line.
    pub fn render(&self) -> String {
        self.lines().join("\n")
    }
}

/// Lines written to a live file at most: a wrong answer that logs in a loop must not fill
/// the disk while it waits for its timeout. Far more than any scenario records.
const LIVE_LINES: usize = 10_000;

/// A new file for a trace's lines as they happen, when the grader asked for traces.
fn live_file() -> Option<(std::fs::File, PathBuf)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(&std::env::var_os(TRACE_DIR_ENV)?).join("live");
    std::fs::create_dir_all(&dir).ok()?;
    let name = format!(
        "{}-{}.txt",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let path = dir.join(name);
    let file = std::fs::File::create(&path).ok()?;
    Some((file, path))
}

/// `yes` or `no`, for a trace.
pub fn yes_no(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}

/// Compares a trace with the solution's snapshot of the same name.
///
/// `assert_trace!("name", trace)` works the same from an exercise and from its
/// solution: both read the snapshot stored with the solution.
#[macro_export]
macro_rules! assert_trace {
    ($name:expr, $trace:expr) => {
        $crate::check_trace(env!("CARGO_MANIFEST_DIR"), $name, &$trace)
    };
}

/// What the [`assert_trace!`] macro calls; `manifest_dir` is the calling crate's.
pub fn check_trace(manifest_dir: &str, name: &str, trace: &Trace) {
    trace.finished();
    let text = trace.render();
    if let Some(dir) = std::env::var_os(TRACE_DIR_ENV) {
        let path = Path::new(&dir).join(format!("{name}.txt"));
        std::fs::write(&path, &text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir(Path::new(manifest_dir)));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// `<base>/exercises/<chapter>/<exercise>` and `<base>/solutions/<chapter>/<exercise>`
/// both keep their snapshots in `<base>/solutions/<chapter>/<exercise>/snapshots`.
pub fn snapshot_dir(manifest_dir: &Path) -> PathBuf {
    let exercise = manifest_dir.file_name().expect("exercise folder");
    let chapter = manifest_dir
        .parent()
        .and_then(Path::file_name)
        .expect("chapter folder");
    let base = manifest_dir.ancestors().nth(3).expect("workbook folder");
    base.join("solutions")
        .join(chapter)
        .join(exercise)
        .join("snapshots")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exercise_and_solution_share_one_snapshot_folder() {
        let expected = Path::new("/w/solutions/01-ch/02-ex/snapshots");
        assert_eq!(
            snapshot_dir(Path::new("/w/exercises/01-ch/02-ex")),
            expected
        );
        assert_eq!(
            snapshot_dir(Path::new("/w/solutions/01-ch/02-ex")),
            expected
        );
    }

    #[test]
    fn a_trace_starts_with_its_scenario() {
        let trace = Trace::new("two events");
        trace.log("one");
        trace.clone().log(2);
        assert_eq!(trace.render(), "scenario: two events\none\n2");
    }
}

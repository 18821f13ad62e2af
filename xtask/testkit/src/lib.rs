//! Test support shared by every exercise: traces, snapshots and a logging executor.
//!
//! Learners never edit this crate. An exercise's tests drive its library through a
//! scenario, write what happened into a [`Trace`], and compare it with the solution's
//! recorded trace through [`assert_trace!`]. The executor in [`exec`] polls futures by
//! hand and writes every poll, its result and every wake into the trace.

pub mod deadline;
pub mod exec;
pub mod futures;
pub mod probe;
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
    lines: Arc<Mutex<Vec<String>>>,
}

impl Trace {
    /// A trace whose first line says what the scenario is.
    pub fn new(scenario: &str) -> Trace {
        let trace = Trace::default();
        trace.log(format!("scenario: {scenario}"));
        trace
    }

    /// Records one event.
    pub fn log(&self, line: impl Display) {
        self.lines.lock().unwrap().push(line.to_string());
    }

    /// The events so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// The whole trace, one event a line.
    pub fn render(&self) -> String {
        self.lines().join("\n")
    }
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

//! The solutions: done on every run, pinned too, with the same traces; snapshots fresh.

use super::{Outcome, find_files, tail};
use crate::bless::snapshot_files;
use crate::grade::{self, Plan, Run, Status};
use crate::workbook::{Exercise, Side, Workbook};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Grades the solutions three times (the second pinned to one CPU): all done, and every
/// trace the same each time.
pub fn solutions_pass(workbook: &Workbook) -> Result<Vec<Run>, String> {
    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let grade = |plan: Plan| {
        grade::grade_exercises(workbook, &exercises, Side::Solution, &plan)
            .map_err(|e| format!("{e:#}"))
    };
    let first = grade(Plan::check(TIMEOUT))?;
    let mut problems = Vec::new();
    for (exercise, run) in exercises.iter().zip(&first) {
        if run.status != Status::Done {
            problems.push(format!(
                "{}: {}\n{}",
                exercise.path,
                run.status.label(),
                describe(&run.status)
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    for (round, plan) in [
        (2, Plan::check(TIMEOUT).pinned()),
        (3, Plan::check(TIMEOUT)),
    ] {
        for ((exercise, a), b) in exercises.iter().zip(&first).zip(grade(plan)?) {
            if b.status != Status::Done || a.traces != b.traces {
                let pinned = if plan.cpus == grade::Cpus::One {
                    " (pinned to one CPU)"
                } else {
                    ""
                };
                problems.push(format!(
                    "{}: run {round}{pinned} differs from run 1: {}",
                    exercise.path,
                    b.status.label()
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(first)
    } else {
        Err(problems.join("\n"))
    }
}

pub fn describe(status: &Status) -> String {
    match status {
        Status::Wrong { diffs } => diffs
            .iter()
            .map(|d| match &d.expected {
                None => format!(
                    "  snapshot `{}` was never recorded: run `cargo xtask bless`",
                    d.snapshot
                ),
                Some(_) => format!(
                    "  snapshot `{}` differs: run `cargo xtask bless` if the change is meant",
                    d.snapshot
                ),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Status::DoesNotCompile { errors } => tail(&errors.join("\n"), 30),
        Status::NotStarted { location, message } | Status::ReachedTodo { location, message } => {
            format!("  {message} at {location}")
        }
        Status::TimedOut { tests, .. } => format!("  still running: {tests:?}"),
        Status::Panicked { test, message } => format!("  `{test}` panicked: {message}"),
        Status::Crashed {
            tests,
            signal,
            last_panic,
        } => format!("  crashed (signal {signal}) in {tests:?}; last panic: {last_panic:?}"),
        Status::BuildFailed { output } => tail(output, 30),
        Status::MemoryError { report, .. } => tail(report, 30),
        Status::Mispredicted { line, .. } => format!("  the prediction is wrong at line {line}"),
        Status::Done | Status::NeedsUnix | Status::PartlyPredicted { .. } => String::new(),
    }
}

pub fn snapshots_fresh(workbook: &Workbook, runs: &[Run]) -> Outcome {
    let mut problems = Vec::new();
    for (exercise, run) in workbook.exercises().zip(runs) {
        let dir = workbook
            .crate_dir(exercise, Side::Solution)
            .join("snapshots");
        let files = snapshot_files(&dir);
        for (name, trace) in &run.traces {
            match files.get(name) {
                None => problems.push(format!("{}: snapshot `{name}` is missing", exercise.path)),
                Some(text) if grade::snapshot_content(text) != trace.trim_end() => {
                    problems.push(format!("{}: snapshot `{name}` is stale", exercise.path))
                }
                Some(_) => {}
            }
        }
        for name in files.keys().filter(|n| !run.traces.contains_key(*n)) {
            problems.push(format!(
                "{}: snapshot `{name}` is used by no test",
                exercise.path
            ));
        }
    }
    for side in ["exercises", "solutions"] {
        for pending in find_files(&workbook.root.join(side), &|name| {
            name.ends_with(".snap.new") || name.ends_with(".pending-snap")
        }) {
            problems.push(format!(
                "pending snapshot left behind: {}",
                pending.display()
            ));
        }
    }
    if problems.is_empty() {
        Outcome::Passed
    } else {
        problems.push(
            "(run `cargo xtask bless`, then read the changed snapshots before committing)".into(),
        );
        Outcome::Failed(problems.join("\n"))
    }
}

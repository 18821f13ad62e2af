//! The exercises as shipped, and the wrong answers and alternatives each one keeps.

use super::Outcome;
use super::solutions::describe;
use crate::grade::{self, Plan, Status};
use crate::variants;
use crate::workbook::{Exercise, Side, Workbook};
use std::time::Duration;

pub fn shipped_exercises_fail(workbook: &Workbook) -> Outcome {
    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let plan = Plan::check(Duration::from_secs(10));
    let runs = match grade::grade_exercises(workbook, &exercises, Side::Exercise, &plan) {
        Ok(runs) => runs,
        Err(error) => return Outcome::Failed(format!("{error:#}")),
    };
    let mut problems = Vec::new();
    for (exercise, run) in exercises.iter().zip(&runs) {
        if exercise.predict {
            problems.extend(prediction_problems(workbook, exercise, &run.status));
            continue;
        }
        let fine = match &run.status {
            Status::DoesNotCompile { .. } => exercise.compile_error,
            Status::NotStarted { .. } | Status::Wrong { .. } | Status::Panicked { .. } => {
                !exercise.compile_error
            }
            Status::Done
            | Status::TimedOut { .. }
            | Status::Crashed { .. }
            | Status::ReachedTodo { .. }
            | Status::NeedsUnix
            | Status::Mispredicted { .. }
            | Status::PartlyPredicted { .. }
            | Status::BuildFailed { .. }
            | Status::MemoryError { .. } => false,
        };
        if !fine {
            let expected = if exercise.compile_error {
                "does not compile"
            } else {
                "compiles and fails"
            };
            problems.push(format!(
                "{}: as shipped it {}, but it should be: {expected}\n{}",
                exercise.path,
                run.status.label(),
                describe(&run.status)
            ));
        }
    }
    Outcome::from_problems(problems)
}

/// A prediction exercise as shipped: its program runs as recorded, the shipped prediction
/// is not started, and the recorded trace itself, given as the prediction, is done.
fn prediction_problems(workbook: &Workbook, exercise: &Exercise, status: &Status) -> Vec<String> {
    let mut problems = Vec::new();
    if *status != Status::Done {
        problems.push(format!(
            "{}: the prediction's program does not run as recorded: {}\n{}",
            exercise.path,
            status.label(),
            describe(status)
        ));
        return problems;
    }
    let file = crate::predict::file(workbook, exercise);
    let Ok(shipped) = std::fs::read_to_string(&file) else {
        return vec![format!("{}: no {}", exercise.path, crate::predict::FILE)];
    };
    if !shipped.lines().any(|l| l.trim_end() == "?") {
        problems.push(format!(
            "{}: the shipped {} leaves nothing to predict (no `?` line)",
            exercise.path,
            crate::predict::FILE
        ));
    }
    let snapshots = workbook
        .crate_dir(exercise, Side::Solution)
        .join("snapshots");
    match grade::read_snapshot(&snapshots, crate::predict::SNAPSHOT) {
        None => problems.push(format!(
            "{}: no recorded `prediction` snapshot",
            exercise.path
        )),
        Some(recorded) => {
            // Shipped and untouched: not started. Edited to the recorded trace: done.
            let untouched = crate::predict::judge(exercise, &shipped, &recorded, false, &file);
            let answered = crate::predict::judge(exercise, &recorded, &recorded, true, &file);
            if !matches!(untouched, Status::NotStarted { .. }) || answered != Status::Done {
                problems.push(format!(
                    "{}: as shipped its prediction is {}, and the recorded trace as the \
                     prediction is {}",
                    exercise.path,
                    untouched.label(),
                    answered.label()
                ));
            }
            // The given lines must be true: the learner builds on them.
            let given: Vec<&str> = shipped
                .lines()
                .filter(|l| !l.starts_with('#') && l.trim_end() != "?")
                .collect();
            if let Status::Mispredicted { line, .. } =
                crate::predict::judge(exercise, &shipped, &recorded, true, &file)
                && given.iter().any(|g| !g.trim().is_empty())
            {
                problems.push(format!(
                    "{}: line {line} of the shipped prediction is given but differs from the \
                     recorded trace",
                    exercise.path
                ));
            }
        }
    }
    problems
}

/// Every kept wrong answer gets its verdict and every alternative is done, on each of three
/// runs (the second pinned to one CPU); every exercise keeps enough of both.
pub fn variants_graded(workbook: &Workbook) -> Outcome {
    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let graded = variants::load(workbook, &exercises).and_then(|variants| {
        let graded = variants::grade_all(workbook, &variants, 3, Duration::from_secs(10))?;
        Ok((variants, graded))
    });
    let (variants, graded) = match graded {
        Ok(found) => found,
        Err(error) => return Outcome::Failed(format!("{error:#}")),
    };
    println!("     {}", variants::tally(&graded));
    let mut problems = variants::too_few(&exercises, &variants);
    problems.extend(variants::problems(&graded));
    if !problems.is_empty() {
        problems.push("(`cargo xtask variants NAME` shows what `check` says of each)".into());
    }
    Outcome::from_problems(problems)
}

/// A `todo!()` message longer than this tells the steps instead of the goal.
pub const TODO_MESSAGE_MAX: usize = 80;

/// The conventions of starter code that make learners think (issue: teaching): every
/// `todo!()` message states a goal in one short sentence (the steps belong in the hints),
/// hints come in at least two levels, unused warnings are silenced with `let _ = ...;` (not
/// `#![allow(unused)]`), and each test file opens with its `//!` header of likely mistakes.
pub fn starter_conventions(workbook: &Workbook) -> Outcome {
    let mut problems = Vec::new();
    for exercise in workbook.exercises() {
        if exercise.hints.len() < 2 {
            problems.push(format!(
                "{}: has {} hint level; give it two or three (`hints = [...]` in chapter.toml), \
                 from a nudge to nearly the answer",
                exercise.path,
                exercise.hints.len()
            ));
        }
        let dir = workbook.crate_dir(exercise, Side::Exercise);
        for file in super::find_files(&dir.join("src"), &|n| n.ends_with(".rs")) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let shown = file.strip_prefix(&workbook.root).unwrap_or(&file).display();
            for message in todo_messages(&text) {
                if message.chars().count() > TODO_MESSAGE_MAX {
                    problems.push(format!(
                        "{shown}: a todo!() message of {} characters: state the goal in at most \
                         {TODO_MESSAGE_MAX}, and move the steps into the hints: {message:?}",
                        message.chars().count()
                    ));
                }
            }
            if text.contains("#![allow(unused") {
                problems.push(format!(
                    "{shown}: `#![allow(unused...)]`: silence one unused value with `let _ = ...;` \
                     in the body that has the todo!()"
                ));
            }
        }
        for file in super::find_files(&dir.join("tests"), &|n| n.ends_with(".rs")) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let top_level = file.parent() == Some(dir.join("tests").as_path());
            if top_level && !text.starts_with("//!") {
                problems.push(format!(
                    "{}: must open with a `//!` header listing the likely wrong answers",
                    file.strip_prefix(&workbook.root).unwrap_or(&file).display()
                ));
            }
        }
    }
    Outcome::from_problems(problems)
}

/// The message of every `todo!("...")` in `text`, its string pieces joined as rustc would.
fn todo_messages(text: &str) -> Vec<String> {
    let mut messages = Vec::new();
    for (start, _) in text.match_indices("todo!(") {
        let rest = &text[start + "todo!(".len()..];
        let Some(end) = rest.find(')') else { continue };
        let inside = rest[..end].trim();
        let Some(literal) = inside.strip_prefix('"') else {
            continue;
        };
        let literal = literal.split('"').next().unwrap_or_default();
        // A `\` at the end of a line continues the string without the line break and
        // the next line's indentation.
        let joined: String = literal
            .split("\\\n")
            .map(|piece| piece.trim_start())
            .collect::<Vec<_>>()
            .join("");
        messages.push(joined);
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::todo_messages;

    #[test]
    fn reads_todo_messages_across_line_continuations() {
        let text = "fn f() {\n    todo!(\n        \"one \\\n         two\"\n    )\n}\nfn g() { todo!() }\n";
        assert_eq!(todo_messages(text), vec!["one two".to_string()]);
    }
}

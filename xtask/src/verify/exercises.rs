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

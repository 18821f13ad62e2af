//! `cargo xtask repeat [NAME] [--runs N]`: grade the reference solutions many times, every
//! other run with each test process pinned to one CPU, and say which ever failed or recorded
//! a different trace. `verify` grades them three times; this is the longer trial that shows a
//! scenario's verdict does not depend on luck.

use crate::grade::{self, Plan, Status};
use crate::workbook::{Side, Workbook};
use anyhow::Result;
use std::time::{Duration, Instant};

pub fn repeat(workbook: &Workbook, name: Option<&str>, runs: usize) -> Result<i32> {
    let exercises = match workbook.select(name) {
        Ok(exercises) => exercises,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    let started = Instant::now();
    let plan = Plan::check(Duration::from_secs(30));
    let mut first = None;
    let mut problems = Vec::new();
    for run in 1..=runs.max(1) {
        // Runs 2, 4, ... pinned, as `variants` does.
        let plan = if run % 2 == 0 { plan.pinned() } else { plan };
        let graded = grade::grade_exercises(workbook, &exercises, Side::Solution, &plan)?;
        for (exercise, result) in exercises.iter().zip(&graded) {
            if result.status != Status::Done {
                problems.push(format!(
                    "run {run}: {} is {}",
                    exercise.path,
                    result.status.label()
                ));
            }
        }
        match &first {
            None => first = Some(graded),
            Some(first) => {
                for ((exercise, a), b) in exercises.iter().zip(first).zip(&graded) {
                    if a.traces != b.traces {
                        problems.push(format!(
                            "run {run}: {} recorded other traces",
                            exercise.path
                        ));
                    }
                }
            }
        }
        println!(
            "run {run}{}: done",
            if run % 2 == 0 { " (pinned)" } else { "" }
        );
    }
    for problem in &problems {
        println!("{problem}");
    }
    println!(
        "{} solutions, {} runs each (half pinned to one CPU): {} problems ({:.0} s)",
        exercises.len(),
        runs.max(1),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(if problems.is_empty() { 0 } else { 1 })
}

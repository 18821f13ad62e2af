//! `cargo xtask hint NAME [--level N]`: hints in steps, from a nudge to nearly the answer.
//!
//! Nothing is stored: the learner asks for the level they want, and each level says how to
//! see the next.

use crate::workbook::{Exercise, Workbook};
use anyhow::Result;

pub fn hint(workbook: &Workbook, name: &str, level: usize) -> Result<i32> {
    let exercise = match workbook.find(name) {
        Ok(exercise) => exercise,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    let levels = exercise.hints.len();
    if level == 0 || level > levels {
        eprintln!(
            "error: {} has hints 1 to {levels}; ask for one of those with --level",
            exercise.path
        );
        return Ok(2);
    }
    println!("exercises/{}: hint {level} of {levels}\n", exercise.path);
    println!("{}", exercise.hints[level - 1]);
    if let Some(more) = next_hint(exercise, level) {
        println!("\n{more}");
    }
    Ok(0)
}

/// How to see the hint after `level`, if there is one.
pub fn next_hint(exercise: &Exercise, level: usize) -> Option<String> {
    (level < exercise.hints.len()).then(|| {
        format!(
            "Stuck? `cargo xtask hint {} --level {}` says more.",
            exercise.name,
            level + 1
        )
    })
}

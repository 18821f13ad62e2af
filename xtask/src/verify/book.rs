//! The book: pages link their exercises, traces are included, and the book builder's checks.

use super::{Outcome, tail};
use crate::bless::snapshot_files;
use crate::grade;
use crate::workbook::{Side, Workbook};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

pub fn links(workbook: &Workbook) -> Outcome {
    let summary = match fs::read_to_string(workbook.root.join("book/SUMMARY.md")) {
        Ok(summary) => summary,
        Err(error) => return Outcome::Failed(format!("book/SUMMARY.md: {error}")),
    };
    let mut problems = Vec::new();
    for chapter in &workbook.chapters {
        if !summary.contains(&format!("]({})", chapter.page)) {
            problems.push(format!("book/SUMMARY.md does not link {}", chapter.page));
        }
        let page =
            fs::read_to_string(workbook.root.join("book").join(&chapter.page)).unwrap_or_default();
        for exercise in &chapter.exercises {
            let path = format!("exercises/{}", exercise.path);
            let command = format!("cargo xtask check {}", exercise.name);
            if !page.contains(&path) || !page.contains(&command) {
                problems.push(format!(
                    "book/{} must name `{path}` and `{command}`",
                    chapter.page
                ));
            }
            // The page shows the starter code itself, so it can never show code the crate lacks.
            let starter = format!("{path}/src/");
            if !page
                .lines()
                .any(|l| l.contains("{{#include") && l.contains(&starter))
            {
                problems.push(format!(
                    "book/{} must include the starter code of `{path}` with {{{{#include}}}}",
                    chapter.page
                ));
            }
        }
    }
    Outcome::from_problems(problems)
}

/// A trace block in a page that equals a snapshot word for word is a copy: after the next
/// bless it could disagree with the code. It must be an `{{#include ...snap:4:}}` instead.
pub fn traces_included(workbook: &Workbook) -> Outcome {
    let mut recorded = BTreeMap::new();
    for exercise in workbook.exercises() {
        let dir = workbook
            .crate_dir(exercise, Side::Solution)
            .join("snapshots");
        for (name, text) in snapshot_files(&dir) {
            let path = format!("solutions/{}/snapshots/{name}.snap", exercise.path);
            recorded.insert(grade::snapshot_content(&text), path);
        }
    }
    let mut problems = Vec::new();
    for chapter in &workbook.chapters {
        let page =
            fs::read_to_string(workbook.root.join("book").join(&chapter.page)).unwrap_or_default();
        for block in page.split("```text\n").skip(1) {
            let block = block.split("```").next().unwrap_or_default().trim_end();
            if let Some(path) = recorded.get(block) {
                problems.push(format!(
                    "book/{}: a trace copied from {path}; include it with {{{{#include ../../{path}:4:}}}}",
                    chapter.page
                ));
            }
        }
    }
    Outcome::from_problems(problems)
}

/// Runs the book builder in one of its check modes (see `xtask/book/src/main.rs`): exit
/// code 0 passes, 3 means it cannot run here (no Chromium), anything else fails. A warning
/// mdBook logs while building fails the check too.
pub fn book_checks(root: &Path, mode: &str) -> Outcome {
    let output = match crate::book::book_builder(root).arg(mode).arg(root).output() {
        Ok(output) => output,
        Err(error) => return Outcome::Failed(format!("cannot run the book builder: {error}")),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warned = stderr.contains("WARN") || stderr.contains("ERROR");
    match output.status.code() {
        Some(0) if !warned => Outcome::Passed,
        Some(3) => Outcome::Skipped(
            stdout
                .trim()
                .trim_start_matches("skipped:")
                .trim()
                .to_string(),
        ),
        _ => {
            let mut text = stdout.into_owned();
            text.push_str(&stderr);
            Outcome::Failed(tail(&text, 60))
        }
    }
}

//! `cargo xtask verify`: every integrity check of the workbook, for maintainers and CI.
//!
//! This file is the list of checks, in the order they run; each lives in the module named
//! for what it looks at. One line per check, then `N passed, M failed` alone on the last
//! line. The exit code is non-zero when any check failed.

mod book;
mod exercises;
mod solutions;
mod tools;
mod tree;

use crate::build::cargo;
use crate::workbook::{Side, Workbook, package_name};
use anyhow::Result;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// How a check ended.
pub enum Outcome {
    Passed,
    /// What a maintainer needs to read to fix it, one problem a line.
    Failed(String),
    /// It cannot run on this machine, and why.
    Skipped(String),
}

impl Outcome {
    fn from_problems(problems: Vec<String>) -> Outcome {
        if problems.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Failed(problems.join("\n"))
        }
    }
}

#[derive(Default)]
struct Report {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Report {
    fn run(&mut self, name: &str, check: impl FnOnce() -> Outcome) {
        let started = Instant::now();
        let outcome = check();
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            Outcome::Passed => {
                self.passed += 1;
                println!("ok   {name} ({seconds:.1} s)");
            }
            Outcome::Skipped(why) => {
                self.skipped += 1;
                println!("skip {name}: {why}");
            }
            Outcome::Failed(details) => {
                self.failed += 1;
                println!("FAIL {name} ({seconds:.1} s)");
                for line in details.trim_end().lines() {
                    println!("     {line}");
                }
            }
        }
    }
}

pub fn verify(workbook: &Workbook) -> Result<i32> {
    let started = Instant::now();
    let fixtures = Workbook::load(&workbook.root.join("xtask/fixtures"))?;
    let books = [workbook, &fixtures];
    let mut report = Report::default();

    report.run(
        "manifests list every crate, and each exercise matches its solution",
        || {
            let problems: Vec<String> = books
                .iter()
                .filter_map(|w| match tree::layout(w) {
                    Outcome::Failed(p) => Some(p),
                    _ => None,
                })
                .collect();
            Outcome::from_problems(problems)
        },
    );
    report.run(
        "every exercise is linked from its chapter page, with its starter code",
        || book::links(workbook),
    );
    report.run(
        "recorded traces in the book are included from snapshots, not copied",
        || book::traces_included(workbook),
    );
    // The solutions' runs are kept for the freshness check that follows.
    let mut solution_runs = None;
    report.run(
        "solutions pass, three times in a row (once pinned to one CPU), with the same traces",
        || match books
            .iter()
            .map(|w| solutions::solutions_pass(w))
            .collect::<Result<Vec<_>, String>>()
        {
            Ok(runs) => {
                solution_runs = Some(runs);
                Outcome::Passed
            }
            Err(problems) => Outcome::Failed(problems),
        },
    );
    report.run(
        "snapshots are fresh: none missing, stale, unused or pending",
        || match &solution_runs {
            None => Outcome::Failed(
                "the solutions did not all pass, so freshness was not checked".into(),
            ),
            Some(runs) => Outcome::from_problems(
                books
                    .iter()
                    .zip(runs)
                    .filter_map(|(w, runs)| match solutions::snapshots_fresh(w, runs) {
                        Outcome::Failed(p) => Some(p),
                        _ => None,
                    })
                    .collect(),
            ),
        },
    );
    report.run(
        "exercises as shipped compile and fail (compile-error lessons do not compile)",
        || exercises::shipped_exercises_fail(workbook),
    );
    report.run(
        "every exercise's wrong answers are rejected and its alternatives accepted, 3 runs each, one pinned",
        || exercises::variants_graded(workbook),
    );
    report.run(
        "starter code states goals, hints come in levels, test files list their likely mistakes",
        || exercises::starter_conventions(workbook),
    );
    report.run("rustfmt", || {
        command(
            cargo().args(["fmt", "--all", "--", "--check", "--color", "never"]),
            &workbook.root,
        )
    });
    report.run(
        "clippy -D warnings (solutions, xtask, testkit, book builder)",
        || {
            let mut clippy = cargo();
            clippy.args(["clippy", "--quiet", "--all-targets"]);
            for w in books {
                for e in w.exercises() {
                    match package_name(&w.crate_dir(e, Side::Solution)) {
                        Ok(name) => clippy.args(["--package", &name]),
                        Err(error) => return Outcome::Failed(format!("{error:#}")),
                    };
                }
            }
            clippy.args([
                "-p",
                "xtask",
                "-p",
                "testkit",
                "-p",
                "book-builder",
                "--",
                "-D",
                "warnings",
            ]);
            command(&mut clippy, &workbook.root)
        },
    );
    report.run("the xtask's own tests (the grader on its fixtures)", || {
        command(
            cargo().args(["test", "--quiet", "-p", "xtask", "-p", "testkit"]),
            &workbook.root,
        )
    });
    report.run(
        "the book builder's own tests (its checks and the browser on fixture books)",
        || {
            command(
                cargo().args(["test", "--quiet", "-p", "book-builder"]),
                &workbook.root,
            )
        },
    );
    report.run(
        "the book builds: no untested code, includes, links and anchors resolve, nothing remote",
        || book::book_checks(&workbook.root, "--check"),
    );
    report.run(
        "the book in headless Chromium: every page, offline, diagrams drawn",
        || book::book_checks(&workbook.root, "--browser"),
    );
    report.run(
        "AddressSanitizer, leaks included, on the chapters that use unsafe (nightly)",
        || tools::sanitized_solutions(workbook),
    );
    for target in tools::OTHER_PLATFORMS {
        report.run(
            &format!("what learners build type-checks for {target}"),
            || tools::other_platform(workbook, target),
        );
    }

    println!("verify took {:.0} s", started.elapsed().as_secs_f64());
    if report.skipped == 0 {
        println!("{} passed, {} failed", report.passed, report.failed);
    } else {
        println!(
            "{} passed, {} failed, {} skipped",
            report.passed, report.failed, report.skipped
        );
    }
    Ok(if report.failed == 0 { 0 } else { 1 })
}

/// Runs a command; fails with the command line and the end of its output.
fn command(command: &mut Command, root: &Path) -> Outcome {
    let shown = format!("{command:?}");
    let output = match command.current_dir(root).output() {
        Ok(output) => output,
        Err(error) => return Outcome::Failed(format!("cannot run {shown}: {error}")),
    };
    if output.status.success() {
        return Outcome::Passed;
    }
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Outcome::Failed(format!("> {shown}\n{}", tail(&text, 60)))
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Every file under `dir` whose name `wanted` accepts.
fn find_files(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(find_files(&path, wanted));
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(wanted)
        {
            found.push(path);
        }
    }
    found
}

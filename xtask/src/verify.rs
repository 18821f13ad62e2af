//! `cargo xtask verify`: every integrity check of the workbook, for maintainers and CI.
//!
//! One line per check, then `N passed, M failed` alone on the last line. The exit code
//! is non-zero when any check failed.

use crate::bless::snapshot_files;
use crate::build::cargo;
use crate::grade::{self, Run, Status};
use crate::workbook::{Exercise, Side, Workbook, package_name};
use anyhow::Result;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A check passes with `Ok`, or fails with what a maintainer needs to read to fix it.
type Outcome = Result<(), String>;

#[derive(Default)]
struct Report {
    passed: usize,
    failed: usize,
    skipped: usize,
}

/// What a check that cannot run here returns: `Err` starting with this word.
const SKIPPED: &str = "skipped:";

impl Report {
    fn run(&mut self, name: &str, check: impl FnOnce() -> Outcome) {
        let started = Instant::now();
        let outcome = check();
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("ok   {name} ({seconds:.1} s)");
            }
            Err(details) if details.starts_with(SKIPPED) => {
                self.skipped += 1;
                println!(
                    "skip {name}: {}",
                    details.trim_start_matches(SKIPPED).trim()
                );
            }
            Err(details) => {
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
    let fixtures = Workbook::load(&workbook.root.join("xtask/fixtures"))?;
    let books = [workbook, &fixtures];
    let mut report = Report::default();

    report.run(
        "manifests list every crate, and each exercise matches its solution",
        || collect(books.iter().map(|w| layout(w))),
    );
    report.run(
        "every exercise is linked from its chapter page, with its starter code",
        || links(workbook),
    );
    report.run(
        "recorded traces in the book are included from snapshots, not copied",
        || traces_included(workbook),
    );
    let mut solution_runs = Vec::new();
    report.run(
        "solutions pass, three times in a row, with the same traces",
        || {
            for w in books {
                solution_runs.push(solutions_pass(w)?);
            }
            Ok(())
        },
    );
    report.run(
        "snapshots are fresh: none missing, stale, unused or pending",
        || {
            if solution_runs.len() != books.len() {
                return Err("the solutions did not all pass, so freshness was not checked".into());
            }
            collect(
                books
                    .iter()
                    .zip(&solution_runs)
                    .map(|(w, runs)| snapshots_fresh(w, runs)),
            )
        },
    );
    report.run(
        "exercises as shipped compile and fail (compile-error lessons do not compile)",
        || shipped_exercises_fail(workbook),
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
                    let name =
                        package_name(&w.crate_dir(e, Side::Solution)).map_err(|e| e.to_string())?;
                    clippy.args(["--package", &name]);
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
        || book_checks(&workbook.root, "--check"),
    );
    report.run(
        "the book in headless Chromium: every page, offline, diagrams drawn",
        || book_checks(&workbook.root, "--browser"),
    );

    report.run(
        "AddressSanitizer, leaks included, on the chapters that use unsafe (nightly)",
        || sanitized_solutions(workbook),
    );

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

/// Runs every check, and fails with all their messages together.
fn collect(outcomes: impl Iterator<Item = Outcome>) -> Outcome {
    let errors: Vec<String> = outcomes.filter_map(Result::err).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn command(command: &mut Command, root: &Path) -> Outcome {
    let output = command
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Err(tail(&text, 60))
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Every crate folder is in a manifest; each exercise and its solution differ only in
/// `src/`, the package name and the solution's `snapshots/`.
fn layout(workbook: &Workbook) -> Outcome {
    let mut problems = Vec::new();
    let listed: Vec<String> = workbook.exercises().map(|e| e.path.clone()).collect();
    for side in [Side::Exercise, Side::Solution] {
        for dir in crate_dirs(&workbook.root.join(side.dir())) {
            if !listed.contains(&dir) {
                problems.push(format!("{}/{dir} is in no chapter.toml", side.dir()));
            }
        }
    }
    for chapter in &workbook.chapters {
        if !workbook.root.join("book").join(&chapter.page).is_file() {
            problems.push(format!(
                "{}: page book/{} does not exist",
                chapter.dir, chapter.page
            ));
        }
    }
    for exercise in workbook.exercises() {
        if let Err(problem) = same_crate(workbook, exercise) {
            problems.push(format!("{}: {problem}", exercise.path));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn crate_dirs(side: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for chapter in fs::read_dir(side).into_iter().flatten().flatten() {
        for krate in fs::read_dir(chapter.path()).into_iter().flatten().flatten() {
            if krate.path().join("Cargo.toml").is_file() {
                let chapter = chapter.file_name().to_string_lossy().into_owned();
                found.push(format!("{chapter}/{}", krate.file_name().to_string_lossy()));
            }
        }
    }
    found
}

fn same_crate(workbook: &Workbook, exercise: &Exercise) -> Result<(), String> {
    let ex = workbook.crate_dir(exercise, Side::Exercise);
    let sol = workbook.crate_dir(exercise, Side::Solution);
    let read = |dir: &Path| -> Result<toml::Table, String> {
        let text = fs::read_to_string(dir.join("Cargo.toml"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", dir.display()))
    };
    let (mut ex_toml, mut sol_toml) = (read(&ex)?, read(&sol)?);
    let name = |t: &mut toml::Table| {
        t.get_mut("package")
            .and_then(|p| p.as_table_mut())
            .and_then(|p| p.remove("name"))
    };
    let (ex_name, sol_name) = (name(&mut ex_toml), name(&mut sol_toml));
    let ex_name = ex_name
        .and_then(|n| n.as_str().map(str::to_string))
        .unwrap_or_default();
    if sol_name.and_then(|n| n.as_str().map(str::to_string)) != Some(format!("{ex_name}-solution"))
    {
        return Err(format!(
            "the solution's package must be named `{ex_name}-solution`"
        ));
    }
    if ex_toml != sol_toml {
        return Err(
            "Cargo.toml differs between exercise and solution beyond the package name".into(),
        );
    }
    if ex.join("snapshots").exists() {
        return Err(
            "snapshots belong to the solution; the exercise has a snapshots/ folder".into(),
        );
    }
    let (ex_files, sol_files) = (shared_files(&ex), shared_files(&sol));
    if ex_files.keys().ne(sol_files.keys()) {
        return Err(format!(
            "different files outside src/: exercise {:?}, solution {:?}",
            ex_files.keys().collect::<Vec<_>>(),
            sol_files.keys().collect::<Vec<_>>()
        ));
    }
    for (path, bytes) in &ex_files {
        if sol_files.get(path) != Some(bytes) {
            return Err(format!(
                "{} differs between exercise and solution",
                path.display()
            ));
        }
    }
    Ok(())
}

/// The files of a crate that must be byte-identical on both sides: all but `src/`,
/// `snapshots/` and `Cargo.toml`.
fn shared_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(base).unwrap().to_path_buf();
            let top = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .into_owned();
            if matches!(top.as_str(), "src" | "snapshots" | "Cargo.toml" | "target") {
                continue;
            }
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.insert(relative, fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

fn links(workbook: &Workbook) -> Outcome {
    let summary =
        fs::read_to_string(workbook.root.join("book/SUMMARY.md")).map_err(|e| e.to_string())?;
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
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A trace block in a page that equals a snapshot word for word is a copy: after the next
/// bless it could disagree with the code. It must be an `{{#include ...snap:4:}}` instead.
fn traces_included(workbook: &Workbook) -> Outcome {
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
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

const TIMEOUT: Duration = Duration::from_secs(30);

/// Grades the solutions three times: all done, and every trace the same each time.
fn solutions_pass(workbook: &Workbook) -> Result<Vec<Run>, String> {
    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let grade = || {
        grade::grade_many(workbook, &exercises, Side::Solution, "no", TIMEOUT)
            .map_err(|e| format!("{e:#}"))
    };
    let first = grade()?;
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
    for round in 2..=3 {
        for ((exercise, a), b) in exercises.iter().zip(&first).zip(grade()?) {
            if b.status != Status::Done || a.traces != b.traces {
                problems.push(format!(
                    "{}: run {round} differs from run 1: {}",
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

fn describe(status: &Status) -> String {
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
        Status::NotStarted { location, message } => format!("  {message} at {location}"),
        Status::TimedOut { tests, .. } => format!("  still running: {tests:?}"),
        Status::Panicked { test, message } => format!("  `{test}` panicked: {message}"),
        Status::BuildFailed { output } => tail(output, 30),
        Status::MemoryError { report, .. } => tail(report, 30),
        Status::Done => String::new(),
    }
}

fn snapshots_fresh(workbook: &Workbook, runs: &[Run]) -> Outcome {
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
        Ok(())
    } else {
        problems.push(
            "(run `cargo xtask bless`, then read the changed snapshots before committing)".into(),
        );
        Err(problems.join("\n"))
    }
}

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

fn shipped_exercises_fail(workbook: &Workbook) -> Outcome {
    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let runs = grade::grade_many(
        workbook,
        &exercises,
        Side::Exercise,
        "no",
        Duration::from_secs(10),
    )
    .map_err(|e| format!("{e:#}"))?;
    let mut problems = Vec::new();
    for (exercise, run) in exercises.iter().zip(&runs) {
        let fine = match &run.status {
            Status::DoesNotCompile { .. } => exercise.compile_error,
            Status::NotStarted { .. } | Status::Wrong { .. } | Status::Panicked { .. } => {
                !exercise.compile_error
            }
            Status::Done
            | Status::TimedOut { .. }
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
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The chapters with `unsafe` code (hand-made wakers, pins, channels) run their tests under
/// AddressSanitizer, which also reports leaks. Sanitizers need the nightly toolchain.
fn sanitized_solutions(workbook: &Workbook) -> Outcome {
    let mut packages = Vec::new();
    for exercise in workbook.sanitized_exercises() {
        let dir = workbook.crate_dir(&exercise, Side::Solution);
        packages.push(package_name(&dir).map_err(|e| e.to_string())?);
    }
    if packages.is_empty() {
        return Err(format!("{SKIPPED} no solution uses unsafe yet"));
    }
    if !crate::build::have_nightly() {
        return Err(format!(
            "{SKIPPED} no nightly toolchain (rustup toolchain install nightly)"
        ));
    }
    // The same build `check --sanitize` uses: nightly, AddressSanitizer, target/asan.
    let mut test = crate::build::sanitized_cargo(&workbook.root);
    test.args(["test", "--quiet"])
        .env("ASAN_OPTIONS", "detect_leaks=1");
    for package in &packages {
        test.args(["--package", package]);
    }
    command(&mut test, &workbook.root)
}

/// Runs the book builder in one of its check modes (see `xtask/book/src/main.rs`): exit
/// code 0 passes, 3 means it cannot run here (no Chromium), anything else fails. A warning
/// mdBook logs while building fails the check too.
fn book_checks(root: &Path, mode: &str) -> Outcome {
    let output = cargo()
        .current_dir(root)
        .args(["run", "--quiet", "--package", "book-builder", "--", mode])
        .arg(root)
        .output()
        .map_err(|e| format!("cannot run the book builder: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warned = stderr.contains("WARN") || stderr.contains("ERROR");
    match output.status.code() {
        Some(0) if !warned => Ok(()),
        Some(3) => Err(format!(
            "{SKIPPED} {}",
            stdout.trim().trim_start_matches(SKIPPED).trim()
        )),
        _ => {
            let mut text = stdout.into_owned();
            text.push_str(&stderr);
            Err(tail(&text, 60))
        }
    }
}

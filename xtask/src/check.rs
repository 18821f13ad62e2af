//! `cargo xtask check [NAME]`: grade the learner's exercises and say what to do next.

use crate::build::Flavor;
use crate::grade::{self, MemoryErrorKind, Plan, Run, Status};
use crate::workbook::{Exercise, Side, Workbook};
use anstream::println;
use anstyle::{AnsiColor, Style};
use anyhow::Result;
use similar::{ChangeTag, TextDiff};
use std::path::Path;
use std::time::Duration;

/// Grades and prints; returns the process exit code (0 only when all are done).
pub fn check(
    workbook: &Workbook,
    name: Option<&str>,
    plan: &Plan,
    length: DiffLength,
) -> Result<i32> {
    let mut exercises = match workbook.select(name) {
        Ok(exercises) => exercises,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    if plan.flavor == Flavor::AddressSanitizer {
        if !crate::build::have_nightly() {
            eprintln!(
                "error: `check --sanitize` runs AddressSanitizer, which needs the nightly \
                 toolchain.\nInstall it with `rustup toolchain install nightly`, then try again."
            );
            return Ok(2);
        }
        if name.is_none() {
            // Only the chapters whose lessons involve `unsafe` code.
            exercises = workbook.sanitized_exercises();
        }
        println!(
            "Grading with AddressSanitizer (nightly): memory errors and leaks are reported.\n"
        );
    }
    let runs = grade_learner(workbook, &exercises, plan)?;
    print_summary(workbook, &exercises, &runs);
    let first = exercises
        .iter()
        .zip(&runs)
        .find(|(_, run)| run.status != Status::Done);
    match first {
        None => {
            match exercises.as_slice() {
                [one] => println!("\n{}", what_next(workbook, one)),
                _ if exercises.len() == workbook.exercises().count() => {
                    println!("\nEvery exercise is done. Well done!")
                }
                _ => println!("\nEverything you checked is done."),
            }
            Ok(0)
        }
        Some((exercise, run)) => {
            print_details(exercise, run, length);
            Ok(1)
        }
    }
}

/// Grades the learner's side of `exercises`. A `todo!()` reached in code the learner has
/// already changed is work under way, not an exercise not started.
pub fn grade_learner(workbook: &Workbook, exercises: &[Exercise], plan: &Plan) -> Result<Vec<Run>> {
    // What git says the learner changed; without git, everything counts as changed.
    let edited = crate::reset::edited(workbook);
    let src_edited = |e: &Exercise| edited.as_ref().is_none_or(|ed| ed.src.contains(&e.path));
    let prediction_edited = |e: &Exercise| {
        edited
            .as_ref()
            .is_none_or(|ed| ed.predictions.contains(&e.path))
    };
    // An exercise whose lesson needs Unix is not even built elsewhere. A prediction's
    // program runs only if the learner changed it: as shipped it is the program whose
    // trace the solution recorded (and verify runs that one on every commit).
    let runs_here = |e: &Exercise| (cfg!(unix) || !e.unix_only) && (!e.predict || src_edited(e));
    let runnable: Vec<Exercise> = exercises.iter().filter(|e| runs_here(e)).cloned().collect();
    let mut graded = grade::grade_exercises(workbook, &runnable, Side::Exercise, plan)?.into_iter();
    let mut runs: Vec<Run> = exercises
        .iter()
        .map(|e| {
            if runs_here(e) {
                return graded.next().expect("one run per runnable exercise");
            }
            let status = if e.predict && (cfg!(unix) || !e.unix_only) {
                Status::Done
            } else {
                Status::NeedsUnix
            };
            Run {
                status,
                traces: Default::default(),
                warnings: Vec::new(),
            }
        })
        .collect();
    for (exercise, run) in exercises.iter().zip(&mut runs) {
        if exercise.predict && run.status == Status::Done {
            run.status = judge_prediction(workbook, exercise, prediction_edited(exercise));
        } else if edited.is_some() && src_edited(exercise) {
            run.status = under_way(std::mem::replace(&mut run.status, Status::Done));
        }
    }
    Ok(runs)
}

/// A prediction exercise whose program ran as recorded: is the learner's prediction right?
pub fn judge_prediction(workbook: &Workbook, exercise: &Exercise, edited: bool) -> Status {
    let file = crate::predict::file(workbook, exercise);
    let snapshots = workbook
        .crate_dir(exercise, Side::Solution)
        .join("snapshots");
    let Some(recorded) = grade::read_snapshot(&snapshots, crate::predict::SNAPSHOT) else {
        return Status::BuildFailed {
            output: format!(
                "the solution has no `{}` snapshot: a maintainer should run `cargo xtask bless`",
                crate::predict::SNAPSHOT
            ),
        };
    };
    let prediction = std::fs::read_to_string(&file).unwrap_or_default();
    let shown = file.strip_prefix(&workbook.root).unwrap_or(&file);
    crate::predict::judge(exercise, &prediction, &recorded, edited, shown)
}

fn under_way(status: Status) -> Status {
    match status {
        Status::NotStarted { location, message } => Status::ReachedTodo { location, message },
        other => other,
    }
}

/// After an exercise is done: the reference solution to compare with, and the next step,
/// the next exercise of its chapter or, at a chapter's end, the next chapter's page.
pub fn what_next(workbook: &Workbook, done: &Exercise) -> String {
    let mut text = if done.predict {
        format!(
            "{} is done: you predicted every line the program records. If a line surprised \
             you, read the program in exercises/{}/src again with the trace beside it.",
            done.name, done.path
        )
    } else {
        format!(
            "{} is done. Compare your code with the reference solution in solutions/{}/src: \
             the moment after solving is when reading another answer teaches most.",
            done.name, done.path
        )
    };
    let chapter = workbook
        .chapters
        .iter()
        .position(|c| c.exercises.iter().any(|e| e.path == done.path));
    let Some(chapter) = chapter else {
        return text;
    };
    let exercises = &workbook.chapters[chapter].exercises;
    let index = exercises
        .iter()
        .position(|e| e.path == done.path)
        .unwrap_or(0);
    match (exercises.get(index + 1), workbook.chapters.get(chapter + 1)) {
        (Some(next), _) => text.push_str(&format!(
            "\nNext: `cargo xtask check {}` (exercises/{}).",
            next.name, next.path
        )),
        (None, Some(next_chapter)) => text.push_str(&format!(
            "\nThat was the chapter's last exercise. Next, read the chapter \"{}\" \
             (book/{}, or `cargo xtask book --open`), then `cargo xtask check {}`.",
            next_chapter.title,
            next_chapter.page,
            next_chapter
                .exercises
                .first()
                .map_or("", |e| e.name.as_str())
        )),
        (None, None) => text.push_str("\nThat was the last exercise of the workbook."),
    }
    text
}

/// `cargo xtask list`: every exercise with its status, by chapter.
pub fn list(workbook: &Workbook, timeout: Duration) -> Result<i32> {
    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let runs = grade_learner(workbook, &exercises, &Plan::check(timeout))?;
    print_summary(workbook, &exercises, &runs);
    Ok(0)
}

/// Colours go through `anstream`, which drops them when the output is not a terminal
/// or `NO_COLOR` is set.
fn paint(status: &Status) -> Style {
    let colour = match status {
        Status::Done => AnsiColor::Green,
        Status::NotStarted { .. } | Status::ReachedTodo { .. } => AnsiColor::Yellow,
        _ => AnsiColor::Red,
    };
    Style::new().fg_color(Some(colour.into()))
}

const BOLD: Style = Style::new().bold();

pub fn print_summary(workbook: &Workbook, exercises: &[Exercise], runs: &[Run]) {
    let mut done_all = 0;
    for chapter in &workbook.chapters {
        let graded: Vec<(&Exercise, &Run)> = exercises
            .iter()
            .zip(runs)
            .filter(|(e, _)| e.path.starts_with(&format!("{}/", chapter.dir)))
            .collect();
        if graded.is_empty() {
            continue;
        }
        let done = graded
            .iter()
            .filter(|(_, r)| r.status == Status::Done)
            .count();
        done_all += done;
        println!(
            "{BOLD}{}{BOLD:#}  ({done}/{} done)",
            chapter.title,
            graded.len()
        );
        for (exercise, run) in graded {
            let mark = if run.status == Status::Done {
                "✓"
            } else {
                "✗"
            };
            let style = paint(&run.status);
            let label = run.status.label();
            let mut line = format!(
                "  {style}{mark}{style:#} {:<32} {style}{label}{style:#}",
                exercise.name
            );
            match &run.status {
                Status::NotStarted { location, .. } if exercise.predict => {
                    line.push_str(&format!(" (predict in {location})"))
                }
                Status::NotStarted { location, .. } => {
                    line.push_str(&format!(" (todo!() at {location})"))
                }
                Status::ReachedTodo { location, .. } => line.push_str(&format!(" (at {location})")),
                _ => {}
            }
            if exercise.compile_error && matches!(run.status, Status::DoesNotCompile { .. }) {
                line.push_str(" (the compile error is the lesson)");
            }
            println!("{line}");
        }
    }
    println!("\n{BOLD}done {done_all}/{}{BOLD:#}", exercises.len());
}

/// How much of a long diff to show: around its first difference, or all of it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DiffLength {
    Short,
    Full,
}

pub fn print_details(exercise: &Exercise, run: &Run, length: DiffLength) {
    let status = &run.status;
    let dir = Path::new("exercises").join(&exercise.path);
    let style = paint(status);
    println!(
        "\n{BOLD}── {} :{BOLD:#} {style}{}{style:#} {BOLD}──{BOLD:#}\n",
        dir.display(),
        status.label()
    );
    match status {
        Status::Done => {}
        Status::Mispredicted {
            line,
            predicted,
            recorded,
            see,
            unfilled,
        } => {
            if *line > 1 {
                println!("Your prediction is right up to line {}.", line - 1);
            }
            println!(
                "Line {line}: you predicted\n    {predicted}\nbut the program recorded\n    {recorded}"
            );
            if let Some(see) = see {
                println!("The step is explained in: {see}");
            }
            if *unfilled > 0 {
                println!("({unfilled} `?` lines are still to fill in.)");
            }
            println!("Fix that line and the ones after it, then check again.");
        }
        Status::PartlyPredicted { unfilled } => {
            println!(
                "Every line you predicted so far is right. {unfilled} `?` lines are left to fill in."
            );
        }
        Status::NeedsUnix => {
            println!(
                "This exercise's lesson needs Unix (named pipes, processes or file \
                 descriptors), so it is skipped here. On Windows, run the workbook in WSL to \
                 do it; the other exercises work as they are."
            );
        }
        Status::ReachedTodo { location, message } => {
            println!("Your code is under way, but one path still reaches `todo!()` at {location}:");
            println!("    {message}");
            println!(
                "A scenario took that path: finish it, or make sure it cannot be reached \
                 (the `match` arm or branch it sits in)."
            );
        }
        Status::NotStarted { location, message } if exercise.predict => {
            println!("This exercise asks what a program will do, before you run it.");
            println!(
                "Read the program in exercises/{}/src, then in {location}: {message}.",
                exercise.path
            );
            println!("Lines starting with # are yours to keep notes in.");
        }
        Status::NotStarted { location, message } => {
            println!("Your code reached `todo!()` at {location}:");
            println!("    {message}");
            println!("Replace the `todo!()` with your code, then run `cargo xtask check` again.");
        }
        Status::Wrong { diffs } => {
            println!("What your code did differs from the answer (- expected, + yours):");
            print_diffs(diffs, length, &exercise.name);
        }
        Status::DoesNotCompile { errors } => {
            if exercise.compile_error {
                println!(
                    "This exercise starts out not compiling: the compiler's message is the task."
                );
                println!("Change the code so it compiles and keeps its behaviour.\n");
            }
            for error in errors {
                println!("{}", error.trim_end());
            }
        }
        Status::TimedOut {
            tests,
            seconds,
            busy,
            diffs,
            running,
        } => {
            println!(
                "Stopped after {seconds} s: {} never finished.",
                name_tests(tests)
            );
            println!("{}", hang_explanation(*busy));
            println!("(`--timeout SECONDS` changes the limit.)");
            if !running.is_empty() {
                println!(
                    "\nWhat the unfinished scenarios did until they were stopped (- expected, \
                     + yours): your code hung after its last line."
                );
                print_diffs(running, length, &exercise.name);
            }
            if !diffs.is_empty() {
                println!(
                    "\nAlso, what other scenarios did differs from the answer (- expected, + yours):"
                );
                print_diffs(diffs, length, &exercise.name);
            }
        }
        Status::Panicked { test, message } => {
            if test.is_empty() {
                println!("The tests failed:\n{message}");
            } else {
                println!("`{test}` panicked:\n{message}");
            }
        }
        Status::Crashed {
            tests,
            signal,
            last_panic,
        } => {
            println!("{}", crash_message(*signal, &exercise.name));
            if !tests.is_empty() {
                println!("It crashed while running {}.", name_tests(tests));
            }
            if let Some(panic) = last_panic {
                println!("The last panic before the crash said:\n{panic}");
            }
        }
        Status::MemoryError {
            kind,
            report,
            diffs,
        } => {
            let (name, explanation) = memory_error_words(*kind);
            println!(
                "AddressSanitizer found a {name}.\n{explanation}\n\nThe report says:\n{report}"
            );
            if !diffs.is_empty() {
                println!(
                    "\nWhat your code did also differs from the answer (- expected, + yours):"
                );
                print_diffs(diffs, length, &exercise.name);
            }
        }
        Status::BuildFailed { output } => {
            println!(
                "Cargo could not build this exercise:\n{}",
                output.trim_end()
            );
        }
    }
    print_warnings(run);
    println!(
        "\n{BOLD}Hint:{BOLD:#} {}",
        indent_after_first(&exercise.hints[0], "      ")
    );
    if let Some(more) = crate::hint::next_hint(exercise, 1) {
        println!("      {more}");
    }
}

/// The compiler's warnings about the learner's `src/`: for an exercise under way they
/// often point at the bug (a future never awaited). Code not yet started warns about its
/// unused arguments, which says nothing; clean code prints nothing.
fn print_warnings(run: &Run) {
    const SHOWN: usize = 3;
    if run.warnings.is_empty() || matches!(run.status, Status::NotStarted { .. }) {
        return;
    }
    println!("\n{BOLD}The compiler also warned{BOLD:#} (these often point at the mistake):\n");
    for warning in run.warnings.iter().take(SHOWN) {
        println!("{}", warning.trim_end());
    }
    if run.warnings.len() > SHOWN {
        println!("... and {} more warnings.", run.warnings.len() - SHOWN);
    }
}

fn print_diffs(diffs: &[grade::TraceDiff], length: DiffLength, exercise: &str) {
    for diff in diffs {
        println!("\nscenario `{}`:", diff.snapshot);
        match &diff.expected {
            Some(expected) => print_diff(expected, &diff.actual, length, exercise),
            None => println!(
                "  (the solution has no recorded trace of this name: a maintainer should \
                 run `cargo xtask bless`)"
            ),
        }
    }
}

/// Indents every line but the first; blank lines stay empty (no trailing spaces).
fn indent_after_first(text: &str, indent: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_string()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A sanitizer's finding in words, with what it usually means in these chapters.
fn memory_error_words(kind: MemoryErrorKind) -> (&'static str, &'static str) {
    match kind {
        MemoryErrorKind::Leak => (
            "memory leak",
            "Memory was allocated and never freed. For a waker: a `clone` without a matching \
             `drop`, a `wake` that does not release its reference, or an `Arc` turned into a raw \
             pointer and never turned back. For a channel: shared state kept alive by a cycle or \
             a `mem::forget`.",
        ),
        MemoryErrorKind::UseAfterFree => (
            "use after free",
            "Your code used memory after it was freed. For a waker: its data was released \
             (the last reference dropped) while a copy of the waker was still in use.",
        ),
        MemoryErrorKind::DoubleFree => (
            "double free",
            "The same memory was freed twice. For a waker: both `wake` and `drop` released the \
             same reference, or a clone did not add one.",
        ),
        MemoryErrorKind::Other => (
            "memory error",
            "AddressSanitizer found memory used in a way Rust's rules forbid.",
        ),
    }
}

/// What a hang means, from whether the process was using a CPU when it was stopped.
fn hang_explanation(busy: Option<bool>) -> &'static str {
    match busy {
        Some(true) => {
            "It was busy: the test process was using a CPU until it was stopped, so something \
             in it never waits. Look for a loop that polls or checks a flag again and again \
             without awaiting or parking, a future that wakes itself on every poll, or a \
             thread that spins."
        }
        Some(false) => {
            "It was idle: the test process was waiting for something that never happens. Look \
             for a future that returned `Pending` without arranging a wake-up (calling the \
             waker, or storing it where something will call it), a lock taken a second time by \
             the thread that holds it, a channel nobody sends on or closes, or a thread or task \
             that is joined but never stops."
        }
        None => {
            "A future that returns `Pending` without arranging a wake-up (calling the waker, or \
             storing it where something will call it) is never polled again, so whatever awaits \
             it hangs forever. So does a lock taken twice, or a loop that never waits."
        }
    }
}

/// A test process killed by a signal did not panic: it crashed, usually through
/// undefined behaviour in `unsafe` code.
fn crash_message(signal: i32, exercise: &str) -> String {
    let name = match signal {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        11 => "SIGSEGV",
        _ => "a signal",
    };
    let cause = match signal {
        6 => {
            "a panic while already panicking (a panic inside `drop` during a panic), or a failed check inside the standard library"
        }
        _ => {
            "a memory error: often `unsafe` code that broke a promise it made, for example \
              moving a pinned value or using memory after it was freed"
        }
    };
    format!(
        "The test process crashed: it was killed by {name} (signal {signal}). That is not a \
         panic but {cause}.\n`cargo xtask check --sanitize {exercise}` (nightly) runs it with \
         AddressSanitizer, which says where."
    )
}

fn name_tests(tests: &[String]) -> String {
    match tests {
        [] => "a test".to_string(),
        [one] => format!("test `{one}`"),
        many => format!(
            "tests {}",
            many.iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Lines shown of a long diff: a few before its first difference, the rest after.
const SHORT_DIFF: usize = 40;
const BEFORE_FIRST: usize = 5;

fn print_diff(expected: &str, actual: &str, length: DiffLength, exercise: &str) {
    let lines = diff_lines(expected, actual);
    let (start, end) = match length {
        DiffLength::Full => (0, lines.len()),
        DiffLength::Short => shown_part(&lines),
    };
    if start > 0 {
        println!("  ... {start} lines that are the same ...");
    }
    for (tag, line) in &lines[start..end] {
        let (sign, style) = match tag {
            ChangeTag::Delete => ("-", Style::new().fg_color(Some(AnsiColor::Red.into()))),
            ChangeTag::Insert => ("+", Style::new().fg_color(Some(AnsiColor::Green.into()))),
            ChangeTag::Equal => (" ", Style::new()),
        };
        println!("  {style}{sign} {line}{style:#}");
    }
    if end < lines.len() {
        println!(
            "  ... {} more lines (`cargo xtask check {exercise} --full-diff` shows them all)",
            lines.len() - end
        );
    }
}

/// Which lines of a long diff to show: from a little before the first difference.
fn shown_part(lines: &[(ChangeTag, String)]) -> (usize, usize) {
    if lines.len() <= SHORT_DIFF {
        return (0, lines.len());
    }
    let first = lines
        .iter()
        .position(|(tag, _)| *tag != ChangeTag::Equal)
        .unwrap_or(0);
    let start = first.saturating_sub(BEFORE_FIRST);
    (start, (start + SHORT_DIFF).min(lines.len()))
}

/// The lines of a trace diff, each with whether it was removed, added or kept.
fn diff_lines(expected: &str, actual: &str) -> Vec<(ChangeTag, String)> {
    // Every line ends in a newline, so a trace that stops early does not show its last
    // shared line as removed and added again.
    let (expected, actual) = (
        format!("{}\n", expected.trim_end()),
        format!("{}\n", actual.trim_end()),
    );
    // A deadline keeps a huge runaway trace from taking minutes: past it the diff is
    // coarser, never wrong.
    TextDiff::configure()
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(&expected, &actual)
        .iter_all_changes()
        .map(|c| (c.tag(), c.to_string().trim_end_matches('\n').to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_keep_blank_lines_empty() {
        assert_eq!(indent_after_first("one\n\ntwo", "  "), "one\n\n  two");
    }

    #[test]
    fn a_long_diff_is_cut_around_its_first_difference() {
        let expected: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let actual = expected.replace("line 60\n", "line sixty\n");
        let lines = diff_lines(&expected, &actual);
        let (start, end) = shown_part(&lines);
        assert_eq!(start, 55);
        assert_eq!(end - start, SHORT_DIFF);
        assert_eq!(lines[60], (ChangeTag::Delete, "line 60".to_string()));
    }

    #[test]
    fn a_trace_that_stops_early_loses_only_its_missing_lines() {
        let lines = diff_lines("scenario: a\nfirst\nsecond", "scenario: a\nfirst");
        assert_eq!(
            lines,
            vec![
                (ChangeTag::Equal, "scenario: a".to_string()),
                (ChangeTag::Equal, "first".to_string()),
                (ChangeTag::Delete, "second".to_string()),
            ]
        );
    }
}

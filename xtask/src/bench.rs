//! `cargo xtask bench`: how fast grading is, measured the way a learner runs it.
//!
//! Three timings, each the median of several runs of the real commands:
//! 1. `cargo xtask check` with nothing changed (warm);
//! 2. `cargo xtask check` after one exercise's source was touched (one crate rebuilt);
//! 3. the way other workbooks grade: one `cargo test -p <exercise>` per exercise, in turn.

use crate::build::cargo;
use crate::workbook::{Side, Workbook, package_name};
use anyhow::{Result, bail};
use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

pub fn bench(workbook: &Workbook, runs: usize) -> Result<i32> {
    let exercises: Vec<_> = workbook.exercises().cloned().collect();
    let Some(first) = exercises.first() else {
        bail!("there are no exercises to grade")
    };
    let root = &workbook.root;
    println!("{} exercises; {runs} runs each; medians", exercises.len());

    // Warm everything up once, so the first measured run is not a cold build.
    time(xtask_check(root))?;

    let warm = median(
        (0..runs)
            .map(|_| time(xtask_check(root)))
            .collect::<Result<_>>()?,
    );
    println!(
        "check, nothing changed:        {:>7.2} s",
        warm.as_secs_f64()
    );

    let touched_file = workbook.crate_dir(first, Side::Exercise).join("src/lib.rs");
    let mut edited = Vec::new();
    for _ in 0..runs {
        touch(&touched_file)?;
        edited.push(time(xtask_check(root))?);
    }
    let edited = median(edited);
    println!(
        "check, one exercise touched:   {:>7.2} s",
        edited.as_secs_f64()
    );

    let mut packages = Vec::new();
    for exercise in &exercises {
        packages.push(package_name(&workbook.crate_dir(exercise, Side::Exercise))?);
    }
    let mut one_by_one = Vec::new();
    for _ in 0..runs.min(3) {
        let started = Instant::now();
        for package in &packages {
            let mut test = cargo();
            test.current_dir(root)
                .args(["test", "--quiet", "--package", package]);
            run_quietly(&mut test)?;
        }
        one_by_one.push(started.elapsed());
    }
    let one_by_one = median(one_by_one);
    println!(
        "cargo test -p, one at a time:  {:>7.2} s",
        one_by_one.as_secs_f64()
    );
    println!(
        "check (warm) is {:.1} times faster than one cargo test per exercise",
        one_by_one.as_secs_f64() / warm.as_secs_f64()
    );

    let reaction = watch_reaction(root, &touched_file, runs)?;
    println!(
        "watch, save to grading start:  {:>7.3} s",
        reaction.as_secs_f64()
    );
    Ok(0)
}

/// Starts `cargo xtask watch`, saves the current exercise's file (same contents), and
/// times how long watch takes to print that it is grading again.
fn watch_reaction(root: &Path, file: &Path, runs: usize) -> Result<Duration> {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc::channel;

    // This very binary, not `cargo xtask`: killing it then leaves nothing behind.
    let mut watch = Command::new(std::env::current_exe()?);
    watch
        .current_dir(root)
        .arg("watch")
        .arg("--workbook")
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = watch.spawn()?;
    let (lines_tx, lines) = channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let wait_for = |text: &str| -> Result<Instant> {
        loop {
            let (when, line) = lines.recv_timeout(Duration::from_secs(120))?;
            if line.contains(text) {
                return Ok(when);
            }
        }
    };
    let contents = fs::read(file)?;
    let mut reactions = Vec::new();
    let result = (|| -> Result<()> {
        for _ in 0..runs {
            wait_for("Watching")?;
            let saved = Instant::now();
            fs::write(file, &contents)?;
            reactions.push(wait_for("Grading")? - saved);
        }
        Ok(())
    })();
    let _ = child.kill();
    let _ = child.wait();
    result?;
    Ok(median(reactions))
}

fn xtask_check(root: &Path) -> Command {
    let mut command = cargo();
    command.current_dir(root).args(["xtask", "check"]);
    command
}

fn time(mut command: Command) -> Result<Duration> {
    let started = Instant::now();
    run_quietly(&mut command)?;
    Ok(started.elapsed())
}

/// Runs to the end; a failing grade is expected (exercises ship unfinished), so only a
/// command that could not start is an error.
fn run_quietly(command: &mut Command) -> Result<()> {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    Ok(())
}

/// Marks a file as changed without changing its contents.
fn touch(path: &Path) -> Result<()> {
    File::options()
        .append(true)
        .open(path)?
        .set_modified(SystemTime::now())?;
    let _ = fs::metadata(path)?;
    Ok(())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

//! Running an exercise's test executables and turning what happened into one status.

use crate::build::{Build, CrateBuild, Flavor};
use crate::procs;
use crate::workbook::{Exercise, Side, Workbook, package_name};
use anyhow::Result;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How an exercise stands, from best to worst as the learner sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Done,
    /// A `todo!()` was reached, and the starter code is as shipped.
    NotStarted {
        location: String,
        message: String,
    },
    /// A `todo!()` was reached in code the learner has already changed: work under way
    /// that left a `todo!()` on some path (`check` tells the two apart through git).
    ReachedTodo {
        location: String,
        message: String,
    },
    /// Some trace differs from the solution's.
    Wrong {
        diffs: Vec<TraceDiff>,
    },
    /// The crate does not compile: the compiler's errors.
    DoesNotCompile {
        errors: Vec<String>,
    },
    /// A test ran longer than the timeout: the names of the tests still running.
    TimedOut {
        tests: Vec<String>,
        seconds: u64,
        /// Whether the process was burning CPU when it was stopped (a loop that never
        /// waits) or idle (waiting for something that never happens); `None` where the
        /// platform cannot tell.
        busy: Option<bool>,
        /// Other scenarios whose traces differ: a hang must not hide a clear diff.
        diffs: Vec<TraceDiff>,
        /// The scenarios still running, with the trace they wrote until they were stopped,
        /// against the solution's (matched by their `scenario:` line).
        running: Vec<TraceDiff>,
    },
    /// A test panicked: its name, where and what.
    Panicked {
        test: String,
        message: String,
    },
    /// The exercise's lesson needs Unix and this is not Unix: not graded (`check` only).
    NeedsUnix,
    /// A prediction that differs from the recorded trace: only its first wrong line is
    /// shown (with the section that explains that step), so the rest stays to be found.
    Mispredicted {
        line: usize,
        predicted: String,
        recorded: String,
        see: Option<String>,
        /// `?` lines still to fill in.
        unfilled: usize,
    },
    /// Every line predicted so far is right, and some `?` lines are left.
    PartlyPredicted {
        unfilled: usize,
    },
    /// Cargo itself failed before compiling this crate.
    BuildFailed {
        output: String,
    },
    /// A test process was killed by a signal: not a panic but a crash, usually `unsafe`
    /// code that broke a promise. The tests that had not finished, and the last panic
    /// message printed before it (a panic inside a destructor aborts, for example).
    Crashed {
        tests: Vec<String>,
        signal: i32,
        last_panic: Option<String>,
    },
    /// Under `check --sanitize`: AddressSanitizer found a memory error or a leak.
    MemoryError {
        kind: MemoryErrorKind,
        /// The report's first line and its lines that point into the exercise.
        report: String,
        /// Traces that differ too: often the clearer clue (a waker count off by one).
        diffs: Vec<TraceDiff>,
    },
}

/// What AddressSanitizer reported (`check.rs` puts each into words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryErrorKind {
    Leak,
    UseAfterFree,
    DoubleFree,
    Other,
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::NotStarted { .. } => "not started",
            Status::ReachedTodo { .. } => "reached todo!()",
            Status::Wrong { .. } => "wrong",
            Status::DoesNotCompile { .. } => "does not compile",
            Status::TimedOut { .. } => "timed out",
            Status::Panicked { .. } => "panicked",
            Status::Crashed { .. } => "crashed",
            Status::BuildFailed { .. } => "build failed",
            Status::NeedsUnix => "needs Unix (skipped)",
            Status::Mispredicted { .. } => "wrong prediction",
            Status::PartlyPredicted { .. } => "prediction unfinished",
            Status::MemoryError { .. } => "memory error",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraceDiff {
    pub snapshot: String,
    /// `None` when the solution has no recorded snapshot of this name. Like insta, the
    /// comparison ignores whitespace at the very end.
    pub expected: Option<String>,
    pub actual: String,
}

/// What one run of a crate's test executables left behind.
pub struct Run {
    pub status: Status,
    /// The compiler's warnings about the crate's `src/`, most telling first.
    pub warnings: Vec<String>,
    /// The traces the tests wrote, by snapshot name.
    pub traces: BTreeMap<String, String>,
}

/// Grades one crate from its build: compile errors first, then its tests' behaviour.
/// `cpu`, when given, is the one CPU its test processes may run on.
pub fn grade(
    build: Option<&CrateBuild>,
    cargo_stderr: &str,
    target: &Target,
    plan: &Plan,
    cpu: Option<usize>,
) -> Result<Run> {
    let no_traces = BTreeMap::new();
    let Some(build) = build else {
        let status = Status::BuildFailed {
            output: cargo_stderr.to_string(),
        };
        return Ok(Run {
            status,
            traces: no_traces,
            warnings: Vec::new(),
        });
    };
    if !build.errors.is_empty() {
        let status = Status::DoesNotCompile {
            errors: build.errors.clone(),
        };
        return Ok(Run {
            status,
            traces: no_traces,
            warnings: telling_first(&build.warnings),
        });
    }
    if build.tests.is_empty() {
        let status = Status::BuildFailed {
            output: cargo_stderr.to_string(),
        };
        return Ok(Run {
            status,
            traces: no_traces,
            warnings: telling_first(&build.warnings),
        });
    }
    let trace_dir = tempfile::Builder::new().prefix("inside-tokio-").tempdir()?;
    let mut outcomes = Vec::new();
    for exe in &build.tests {
        outcomes.push(run_test_executable(
            exe,
            trace_dir.path(),
            target,
            plan,
            cpu,
        )?);
    }
    let traces = read_traces(trace_dir.path())?;
    let mut status = classify(&outcomes, &traces, target, plan);
    if let Status::TimedOut { running, .. } = &mut status {
        *running = unfinished_traces(&trace_dir.path().join("live"), target);
    }
    Ok(Run {
        status,
        traces,
        warnings: telling_first(&build.warnings),
    })
}

struct Outcome {
    exe: PathBuf,
    ended: procs::Ended,
    output: String,
}

fn run_test_executable(
    exe: &Path,
    trace_dir: &Path,
    target: &Target,
    plan: &Plan,
    cpu: Option<usize>,
) -> Result<Outcome> {
    // Output goes to files, not pipes: a chatty test can never block on a full pipe.
    let out = tempfile::tempfile()?;
    let mut command = Command::new(exe);
    command
        .current_dir(&target.dir)
        .env("INSTA_UPDATE", plan.insta.env())
        .env("INSTA_OUTPUT", "none")
        .env_remove("INSTA_FORCE_PASS")
        .env("RUST_BACKTRACE", "0")
        .env(TRACE_DIR_ENV, trace_dir)
        .stdout(out.try_clone()?)
        .stderr(out.try_clone()?);
    let ended = procs::run_with_timeout(command, plan.timeout, cpu)?;
    let output = read_bounded(out)?;
    Ok(Outcome {
        exe: exe.to_path_buf(),
        ended,
        output,
    })
}

/// Where `testkit` writes each trace: the same name as `testkit::TRACE_DIR_ENV` (the
/// grader does not depend on the test kit, to stay quick to build).
const TRACE_DIR_ENV: &str = "INSIDE_TOKIO_TRACE_DIR";

fn read_traces(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut traces = BTreeMap::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
        {
            traces.insert(name.to_string(), read_bounded(fs::File::open(&path)?)?);
        }
    }
    Ok(traces)
}

/// What a test wrote, at most the first and last [`KEPT_BYTES`]: a wrong answer that
/// prints or logs in a loop until its timeout can leave gigabytes, which must not make
/// grading slow (diffing them would take minutes) or eat the memory.
fn read_bounded(mut file: fs::File) -> Result<String> {
    let size = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(0))?;
    if size <= 2 * KEPT_BYTES {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    let mut head = vec![0; KEPT_BYTES as usize];
    file.read_exact(&mut head)?;
    file.seek(SeekFrom::End(-(KEPT_BYTES as i64)))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    let head = String::from_utf8_lossy(&head);
    let tail = String::from_utf8_lossy(&tail);
    // Whole lines only, on both sides of the cut.
    let head = head.rsplit_once('\n').map_or(&*head, |(h, _)| h);
    let tail = tail.split_once('\n').map_or(&*tail, |(_, t)| t);
    Ok(format!(
        "{head}\n... ({} bytes left out: the test wrote far more than any scenario needs) ...\n{tail}",
        size - 2 * KEPT_BYTES
    ))
}

const KEPT_BYTES: u64 = 256 * 1024;

/// The traces that scenarios wrote as they went (the test kit's `live/` files) and never
/// finished, each with the solution's trace of the same `scenario:` line.
fn unfinished_traces(live: &Path, target: &Target) -> Vec<TraceDiff> {
    let snapshots: Vec<(String, String)> = fs::read_dir(&target.snapshots)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".snap")?
                .to_string();
            Some((name, snapshot_content(&fs::read_to_string(&path).ok()?)))
        })
        .collect();
    let mut running: Vec<TraceDiff> = fs::read_dir(live)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            fs::File::open(e.path())
                .ok()
                .and_then(|f| read_bounded(f).ok())
        })
        .map(|actual| {
            let scenario = actual.lines().next().unwrap_or_default();
            let expected = snapshots
                .iter()
                .find(|(_, text)| text.lines().next() == Some(scenario));
            TraceDiff {
                snapshot: expected.map_or_else(|| scenario.to_string(), |(n, _)| n.clone()),
                expected: expected.map(|(_, text)| text.clone()),
                actual,
            }
        })
        .collect();
    running.sort_by(|a, b| a.snapshot.cmp(&b.snapshot));
    running
}

/// The content of an insta `.snap` file: everything after its metadata header.
pub fn snapshot_content(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let body = match text.strip_prefix("---\n") {
        Some(rest) => match rest.find("\n---\n") {
            Some(end) => &rest[end + 5..],
            None => rest,
        },
        None => &text,
    };
    body.trim_end().to_string()
}

pub fn read_snapshot(dir: &Path, name: &str) -> Option<String> {
    fs::read_to_string(dir.join(format!("{name}.snap")))
        .ok()
        .map(|t| snapshot_content(&t))
}

/// Warnings that often name the bug itself come first: a future or result never used (an
/// `.await` forgotten), a value dropped or moved where that does nothing, unreachable code.
fn telling_first(warnings: &[String]) -> Vec<String> {
    const TELLING: [&str; 5] = [
        "unused_must_use",
        "must be used",
        "dropping_",
        "unreachable",
        "unused_assignments",
    ];
    let rank = |w: &String| {
        TELLING
            .iter()
            .position(|t| w.contains(t))
            .unwrap_or(TELLING.len())
    };
    let mut sorted = warnings.to_vec();
    sorted.sort_by_key(rank);
    sorted
}

/// The traces that differ from the solution's snapshots, in the order their scenarios
/// appear in the test files: the first, simplest scenario that fails is shown first.
fn trace_diffs(traces: &BTreeMap<String, String>, target: &Target) -> Vec<TraceDiff> {
    let tests = test_sources(&target.dir.join("tests"));
    let position = |name: &str| tests.find(&format!("\"{name}\"")).unwrap_or(usize::MAX);
    let mut diffs: Vec<TraceDiff> = traces
        .iter()
        .filter_map(|(name, actual)| {
            let expected = read_snapshot(&target.snapshots, name);
            let same = expected.as_deref() == Some(actual.trim_end());
            (!same).then(|| TraceDiff {
                snapshot: name.clone(),
                expected,
                actual: actual.clone(),
            })
        })
        .collect();
    diffs.sort_by_key(|d| position(&d.snapshot));
    diffs
}

/// Every test file of a crate, in name order, as one text.
fn test_sources(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut text = String::new();
    for file in files {
        if file.is_dir() {
            text.push_str(&test_sources(&file));
        } else if file.extension().is_some_and(|x| x == "rs") {
            text.push_str(&fs::read_to_string(&file).unwrap_or_default());
        }
    }
    text
}

fn classify(
    outcomes: &[Outcome],
    traces: &BTreeMap<String, String>,
    target: &Target,
    plan: &Plan,
) -> Status {
    let diffs = trace_diffs(traces, target);
    if let Some(hung) = outcomes.iter().find(|o| o.ended.timed_out) {
        return Status::TimedOut {
            tests: unfinished_tests(&hung.exe, &hung.output),
            seconds: plan.timeout.as_secs(),
            busy: hung.ended.busy,
            diffs,
            running: Vec::new(),
        };
    }
    if outcomes.iter().all(|o| o.ended.success) {
        return Status::Done;
    }
    let output: String = outcomes.iter().map(|o| o.output.as_str()).collect();
    if let Some((kind, report)) = sanitizer_finding(&output) {
        return Status::MemoryError {
            kind,
            report,
            diffs,
        };
    }
    let panics = panics(&output);
    if let Some(todo) = panics
        .iter()
        .find(|p| p.message.starts_with("not yet implemented"))
    {
        return Status::NotStarted {
            location: todo.location.clone(),
            message: todo.message.clone(),
        };
    }
    if let Some((crashed, signal)) = outcomes
        .iter()
        .find_map(|o| o.ended.signal.map(|signal| (o, signal)))
    {
        let last_panic = crate::grade::panics(&crashed.output)
            .last()
            .map(|p| format!("{}\n(at {})", p.message, p.location));
        return Status::Crashed {
            tests: unfinished_tests(&crashed.exe, &crashed.output),
            signal,
            last_panic,
        };
    }
    if !diffs.is_empty() {
        return Status::Wrong { diffs };
    }
    // The first panic that is not insta's own report of a mismatch.
    let panic = panics
        .iter()
        .find(|p| !p.message.starts_with("snapshot assertion for"));
    match panic {
        Some(p) => {
            // A panic in a thread or task the test started is the test's panic too.
            let test = p.test.clone().unwrap_or_else(|| p.thread.clone());
            let place = if p.thread == test {
                p.location.clone()
            } else {
                format!(
                    "{}, in thread `{}` that the test started",
                    p.location, p.thread
                )
            };
            Status::Panicked {
                test,
                message: format!("{}\n(at {place})", p.message),
            }
        }
        None => Status::Panicked {
            test: String::new(),
            message: output
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n"),
        },
    }
}

/// The kind of an AddressSanitizer or LeakSanitizer report, with the report's first line
/// and its lines that point into the exercise.
fn sanitizer_finding(output: &str) -> Option<(MemoryErrorKind, String)> {
    let line = output
        .lines()
        .find(|l| l.contains("ERROR: AddressSanitizer:") || l.contains("ERROR: LeakSanitizer:"))?;
    let kind = if line.contains("detected memory leaks") {
        MemoryErrorKind::Leak
    } else if line.contains("heap-use-after-free") {
        MemoryErrorKind::UseAfterFree
    } else if line.contains("double-free") {
        MemoryErrorKind::DoubleFree
    } else {
        MemoryErrorKind::Other
    };
    let ours: Vec<&str> = output
        .lines()
        .filter(|l| l.contains("/exercises/") || l.contains("/solutions/"))
        .take(8)
        .collect();
    Some((kind, format!("{}\n{}", line.trim(), ours.join("\n"))))
}

#[derive(Debug)]
struct Panic {
    /// The test whose output held the panic (libtest's `---- NAME stdout ----`), when known.
    test: Option<String>,
    thread: String,
    location: String,
    message: String,
}

/// Finds `thread 'NAME' (ID) panicked at FILE:LINE:COL:` lines and the message after each.
fn panics(output: &str) -> Vec<Panic> {
    let lines: Vec<&str> = output.lines().collect();
    let mut found = Vec::new();
    let mut section: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            section = Some(name);
            continue;
        }
        let Some(rest) = line.strip_prefix("thread '") else {
            continue;
        };
        let Some((thread, rest)) = rest.split_once('\'') else {
            continue;
        };
        let Some((_, location)) = rest.split_once(" panicked at ") else {
            continue;
        };
        let location = location.trim_end_matches(':');
        let message: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| {
                !l.starts_with("note: run with `RUST_BACKTRACE")
                    && !l.starts_with("thread '")
                    && !l.starts_with("stack backtrace:")
                    && !l.starts_with("---- ")
                    && !l.is_empty()
            })
            .copied()
            .collect();
        found.push(Panic {
            test: section.map(str::to_string),
            thread: thread.to_string(),
            location: location.to_string(),
            message: message.join("\n"),
        });
    }
    found
}

/// libtest prints `test NAME ... ok` as each test ends; the listed tests without such a
/// line were still running when time ran out.
fn unfinished_tests(exe: &Path, output: &str) -> Vec<String> {
    let listed = Command::new(exe)
        .args(["--list", "--format", "terse"])
        .output();
    let Ok(listed) = listed else {
        return Vec::new();
    };
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .filter(|name| {
            // With one test running, libtest prints `test NAME ... ` when it starts and
            // the result on the same line when it ends: only a result counts.
            let started = format!("test {name} ...");
            !output.lines().any(|l| {
                l.strip_prefix(&started)
                    .is_some_and(|result| !result.trim().is_empty())
            })
        })
        .map(str::to_string)
        .collect()
}

/// A grading request as one value: how the crates are built, how their tests run, and
/// what is done with the traces. `check`, `watch`, `bless`, `verify` and `variants` each
/// start from one of the constructors below instead of passing flags around.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub insta: Insta,
    pub flavor: Flavor,
    pub timeout: Duration,
    pub cpus: Cpus,
}

/// What insta does with a trace that differs from the snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Insta {
    /// Compare only (`INSTA_UPDATE=no`): the learner's tree is never written.
    Compare,
    /// Write the snapshot (`INSTA_UPDATE=always`): only `bless`, on the solutions.
    Record,
}

impl Insta {
    fn env(self) -> &'static str {
        match self {
            Insta::Compare => "no",
            Insta::Record => "always",
        }
    }
}

/// Where each test process may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cpus {
    Any,
    /// Each test process is confined to one CPU (a different one per parallel worker), so
    /// its threads take turns on a single core: interleavings that a second core hides.
    One,
}

impl Plan {
    /// The learner's `check`, `list` and `watch`.
    pub fn check(timeout: Duration) -> Plan {
        Plan {
            insta: Insta::Compare,
            flavor: Flavor::Debug,
            timeout,
            cpus: Cpus::Any,
        }
    }

    /// `bless`: run the solutions and let insta write what they did.
    pub fn bless() -> Plan {
        Plan {
            insta: Insta::Record,
            ..Plan::check(Duration::from_secs(60))
        }
    }

    /// The same plan, built and run with AddressSanitizer (nightly).
    pub fn sanitized(self) -> Plan {
        Plan {
            flavor: Flavor::AddressSanitizer,
            ..self
        }
    }

    /// The same plan, with each test process pinned to one CPU.
    pub fn pinned(self) -> Plan {
        Plan {
            cpus: Cpus::One,
            ..self
        }
    }
}

/// One crate to grade: its folder and package, and the snapshots its traces must equal.
#[derive(Clone, Debug)]
pub struct Target {
    pub dir: PathBuf,
    pub package: String,
    pub snapshots: PathBuf,
}

impl Target {
    /// One side of an exercise; both sides are compared with the solution's snapshots.
    pub fn exercise(workbook: &Workbook, exercise: &Exercise, side: Side) -> Result<Target> {
        let dir = workbook.crate_dir(exercise, side);
        Ok(Target {
            package: package_name(&dir)?,
            snapshots: workbook
                .crate_dir(exercise, Side::Solution)
                .join("snapshots"),
            dir,
        })
    }
}

/// Builds the chosen side of `exercises` in one cargo run, then grades them in parallel.
/// Results come back in the order of `exercises`.
pub fn grade_exercises(
    workbook: &Workbook,
    exercises: &[Exercise],
    side: Side,
    plan: &Plan,
) -> Result<Vec<Run>> {
    let targets = exercises
        .iter()
        .map(|e| Target::exercise(workbook, e, side))
        .collect::<Result<Vec<_>>>()?;
    let build = build_tests(
        &workbook.cargo_root(),
        &workbook.root,
        &targets,
        plan.flavor,
    )?;
    Ok(run_all(&build, &targets, plan))
}

/// Builds every target's tests in one cargo run, from the folder `workspace`, with the
/// artifacts in the target folder of the cargo workspace at `cargo_root`.
pub fn build_tests(
    cargo_root: &Path,
    workspace: &Path,
    targets: &[Target],
    flavor: Flavor,
) -> Result<Build> {
    // Crates that failed to compile and have not changed since are not built again.
    let cache = cargo_root
        .join("target/xtask-compile-errors")
        .join(format!("{flavor:?}"));
    let mut remembered = Vec::new();
    let mut packages: Vec<(PathBuf, String)> = Vec::new();
    for t in targets {
        match crate::failed::recall(&cache, &t.package, &t.dir, cargo_root) {
            Some(build) => remembered.push((t.dir.clone(), build)),
            None => packages.push((t.dir.clone(), t.package.clone())),
        }
    }
    let mut build = if packages.is_empty() {
        Build {
            crates: Default::default(),
            cargo_stderr: String::new(),
        }
    } else {
        crate::build::build_tests(flavor.cargo(cargo_root), workspace, &packages)?
    };
    for (dir, package) in &packages {
        if let Some(crate_build) = build.crates.get(dir) {
            crate::failed::remember(&cache, package, dir, cargo_root, crate_build);
        }
    }
    build.crates.extend(remembered);
    Ok(build)
}

/// Runs the built tests of every target, in parallel; results in the order of `targets`.
pub fn run_all(build: &Build, targets: &[Target], plan: &Plan) -> Vec<Run> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<Run>>>> =
        targets.iter().map(|_| Mutex::new(None)).collect();
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Pinned, one worker per CPU, so no two pinned tests share a core.
    let workers = match plan.cpus {
        Cpus::Any => (cpus * 2).clamp(2, 8),
        Cpus::One => cpus,
    };
    std::thread::scope(|scope| {
        for worker in 0..workers.min(targets.len()) {
            let (next, results) = (&next, &results);
            scope.spawn(move || {
                let cpu = (plan.cpus == Cpus::One).then_some(worker);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(target) = targets.get(i) else {
                        break;
                    };
                    let run = grade(
                        build.crates.get(&target.dir),
                        &build.cargo_stderr,
                        target,
                        plan,
                        cpu,
                    );
                    *results[i].lock().unwrap() = Some(run);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap()
                .expect("every target graded")
                .unwrap_or_else(|error| Run {
                    status: Status::BuildFailed {
                        output: format!("{error:#}"),
                    },
                    traces: BTreeMap::new(),
                    warnings: Vec::new(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_snapshot_body() {
        let snap = "---\nsource: a.rs\n---\nscenario: x\nline\n";
        assert_eq!(snapshot_content(snap), "scenario: x\nline");
    }

    #[test]
    fn finds_panics_with_and_without_thread_ids() {
        let output = "\
---- t stdout ----

thread 't' (123) panicked at src/lib.rs:4:5:
not yet implemented: write it
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
thread 'u' panicked at tests/a.rs:1:2:
boom
";
        let found = panics(output);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].location, "src/lib.rs:4:5");
        assert_eq!(found[0].message, "not yet implemented: write it");
        assert_eq!(found[1].thread, "u");
        assert_eq!(found[1].message, "boom");
        assert_eq!(found[1].test.as_deref(), Some("t"));
    }
}

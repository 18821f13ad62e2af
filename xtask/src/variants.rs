//! `cargo xtask variants [NAME]`: grade every exercise's kept wrong answers and alternatives.
//!
//! Each exercise keeps typical mistakes and differently written correct answers as diffs
//! against its solution: `solutions/C/E/mistakes/NAME.diff` and `alternatives/NAME.diff`,
//! each opening with two header lines:
//!
//! ```text
//! # mistake: what the learner misunderstood, in one line
//! # verdict: wrong
//! --- a/src/lib.rs
//! +++ b/src/lib.rs
//! ```
//!
//! Each variant becomes a crate of its own: a copy of the solution crate with the diff
//! applied, in a generated workspace under `target/variants/` that shares the workbook's
//! compiled dependencies. All of them are built in one cargo run, then graded several times,
//! every other run with each test process pinned to one CPU, and every run must give the
//! verdict the header names. A mistake graded `done` even once is a hole in the tests.

use crate::build::Flavor;
use crate::check::{DiffLength, print_details};
use crate::grade::{self, Plan, Run, Status, Target};
use crate::workbook::{Exercise, Side, Workbook, package_name};
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many wrong answers and alternatives every exercise keeps, at least.
pub const MIN_MISTAKES: usize = 3;
pub const MIN_ALTERNATIVES: usize = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Mistake,
    Alternative,
}

impl Kind {
    fn dir(self) -> &'static str {
        match self {
            Kind::Mistake => "mistakes",
            Kind::Alternative => "alternatives",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Kind::Mistake => "mistake",
            Kind::Alternative => "alternative",
        }
    }
}

/// One kept wrong answer or alternative.
#[derive(Clone)]
pub struct Variant {
    pub exercise: Exercise,
    pub kind: Kind,
    /// The file name without `.diff`.
    pub name: String,
    /// The header's one line: what the learner misunderstood, or how it differs.
    pub why: String,
    /// The status label it must get on every run (`wrong`, `timed out`, ..., `done`).
    pub verdict: String,
    /// The unified diff against the solution crate.
    pub diff: String,
}

impl Variant {
    pub fn label(&self) -> String {
        format!("{}/{}/{}", self.exercise.path, self.kind.dir(), self.name)
    }

    fn flavor(&self) -> Flavor {
        if self.verdict == "memory error" {
            Flavor::AddressSanitizer
        } else {
            Flavor::Debug
        }
    }
}

/// The verdicts a mistake may name: each is a status `check` can give.
const MISTAKE_VERDICTS: [&str; 6] = [
    "wrong",
    "panicked",
    "timed out",
    "does not compile",
    "crashed",
    "memory error",
];

/// Reads the variants of `exercises`, in exercise order, mistakes first.
pub fn load(workbook: &Workbook, exercises: &[Exercise]) -> Result<Vec<Variant>> {
    let mut variants = Vec::new();
    for exercise in exercises {
        let solution = workbook.crate_dir(exercise, Side::Solution);
        for kind in [Kind::Mistake, Kind::Alternative] {
            let dir = solution.join(kind.dir());
            let mut files: Vec<PathBuf> = fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "diff"))
                .collect();
            files.sort();
            for file in files {
                let text = fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let variant = parse(exercise, kind, &file, &text)
                    .with_context(|| format!("{} is not a valid variant", file.display()))?;
                variants.push(variant);
            }
        }
    }
    Ok(variants)
}

fn parse(exercise: &Exercise, kind: Kind, file: &Path, text: &str) -> Result<Variant> {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();
    let Some(why) = first.strip_prefix(&format!("# {}: ", kind.word())) else {
        bail!("its first line must be `# {}: ...`", kind.word());
    };
    let Some(verdict) = second.strip_prefix("# verdict: ") else {
        bail!("its second line must be `# verdict: ...`");
    };
    let verdict = verdict.trim().to_string();
    match kind {
        Kind::Alternative if verdict != "done" => {
            bail!("an alternative is a correct answer: its verdict must be `done`")
        }
        Kind::Mistake if !MISTAKE_VERDICTS.contains(&verdict.as_str()) => bail!(
            "a mistake's verdict must be one of {}",
            MISTAKE_VERDICTS.join(", ")
        ),
        _ => {}
    }
    let diff: String = text
        .lines()
        .skip(2)
        .skip_while(|l| !l.starts_with("--- "))
        .map(|l| format!("{l}\n"))
        .collect();
    if diff.is_empty() {
        bail!("it holds no diff after its two header lines");
    }
    Ok(Variant {
        exercise: exercise.clone(),
        kind,
        name: file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        why: why.trim().to_string(),
        verdict,
        diff,
    })
}

/// Applies a unified diff (one or more files, paths `a/...` and `b/...` relative to the
/// crate folder) to the crate at `dir`.
fn apply(diff: &str, dir: &Path) -> Result<()> {
    let lines: Vec<&str> = diff.split_inclusive('\n').collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i].starts_with("--- ") && lines.get(i + 1).is_some_and(|l| l.starts_with("+++ "))
        })
        .collect();
    if starts.is_empty() {
        bail!("no `--- a/...` / `+++ b/...` file header");
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let section: String = lines[start..end].concat();
        let path = lines[start + 1]
            .trim_start_matches("+++ ")
            .split('\t')
            .next()
            .unwrap_or_default()
            .trim();
        let path = path.strip_prefix("b/").unwrap_or(path);
        let patch = diffy::Patch::from_str(&section)
            .map_err(|e| anyhow::anyhow!("cannot read the diff of {path}: {e}"))?;
        let file = dir.join(path);
        let original = fs::read_to_string(&file).unwrap_or_default();
        let patched = diffy::apply(&original, &patch).map_err(|e| {
            anyhow::anyhow!(
                "it no longer applies to {path} ({e}): was the solution changed? Make the diff again"
            )
        })?;
        fs::write(&file, patched)?;
    }
    Ok(())
}

/// The generated workspace that holds one crate per variant.
fn workspace_dir(workbook: &Workbook) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workbook.cargo_root().join("target"));
    target.join("variants")
}

/// Writes the generated workspace and one crate per variant; returns the targets to grade,
/// in the order of `variants`. Files are written only when their content changed, so a
/// second run rebuilds nothing.
/// A variant whose diff no longer applies gets its reason instead of a target.
fn materialise(
    workbook: &Workbook,
    variants: &[Variant],
) -> Result<(PathBuf, Vec<Result<Target, String>>)> {
    let workspace = workspace_dir(workbook);
    fs::create_dir_all(&workspace)?;
    let mut members = Vec::new();
    let mut targets = Vec::new();
    for variant in variants {
        let exercise = &variant.exercise;
        let folder = format!(
            "{}--{}--{}",
            exercise.path.replace('/', "--"),
            variant.kind.word(),
            variant.name
        );
        // `<folder>/solutions/C/E`: the test kit finds the snapshots at the same place
        // relative to the crate as in the workbook, in the copy made here.
        let relative = format!("{folder}/solutions/{}", exercise.path);
        let dir = workspace.join(&relative);
        let staging = tempfile::tempdir()?;
        let solution = workbook.crate_dir(exercise, Side::Solution);
        copy_crate(&solution, staging.path())?;
        if let Err(error) = apply(&variant.diff, staging.path()) {
            targets.push(Err(format!("{error:#}")));
            continue;
        }
        let package = format!(
            "{}--{}--{}",
            package_name(&solution)?,
            variant.kind.word(),
            variant.name
        );
        rename_package(&staging.path().join("Cargo.toml"), &package)?;
        sync_dir(staging.path(), &dir)?;
        members.push(relative);
        targets.push(Ok(Target {
            snapshots: dir.join("snapshots"),
            dir,
            package,
        }));
    }
    write_if_changed(
        &workspace.join("Cargo.toml"),
        &workspace_manifest(workbook, &members)?,
    )?;
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(workbook.cargo_root().join("Cargo.lock"), &lock)?;
    }
    Ok((workspace, targets))
}

/// The workbook's own `[workspace]` tables (dependencies with absolute paths, profiles),
/// so the variants build exactly as the exercises do and reuse their compiled dependencies.
fn workspace_manifest(workbook: &Workbook, members: &[String]) -> Result<String> {
    let cargo_root = workbook.cargo_root();
    let text = fs::read_to_string(cargo_root.join("Cargo.toml"))?;
    let mut manifest: toml::Table = toml::from_str(&text)?;
    let workspace = manifest
        .get_mut("workspace")
        .and_then(|w| w.as_table_mut())
        .context("the workbook's Cargo.toml has no [workspace]")?;
    workspace.remove("default-members");
    workspace.insert(
        "members".into(),
        toml::Value::Array(members.iter().map(|m| m.clone().into()).collect()),
    );
    if let Some(deps) = workspace
        .get_mut("dependencies")
        .and_then(|d| d.as_table_mut())
    {
        for (_, dep) in deps.iter_mut() {
            if let Some(path) = dep.get_mut("path") {
                let absolute = cargo_root.join(path.as_str().unwrap_or_default());
                *path = absolute.to_string_lossy().into_owned().into();
            }
        }
    }
    Ok(format!(
        "# Generated by `cargo xtask variants`: one crate per kept wrong answer or \
         alternative.\n{}",
        toml::to_string(&manifest)?
    ))
}

fn rename_package(manifest: &Path, name: &str) -> Result<()> {
    let text = fs::read_to_string(manifest)?;
    let mut table: toml::Table = toml::from_str(&text)?;
    table
        .get_mut("package")
        .and_then(|p| p.as_table_mut())
        .context("no [package]")?
        .insert("name".into(), name.into());
    fs::write(manifest, toml::to_string(&table)?)?;
    Ok(())
}

/// Copies a solution crate: everything but its variants and build output.
fn copy_crate(from: &Path, to: &Path) -> Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if matches!(name.to_str(), Some("mistakes" | "alternatives" | "target")) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            fs::create_dir_all(to.join(&name))?;
            copy_crate(&path, &to.join(&name))?;
        } else {
            fs::copy(&path, to.join(&name))?;
        }
    }
    Ok(())
}

/// Makes `to` hold exactly the files of `from`, touching only files that differ.
fn sync_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    let mut wanted = Vec::new();
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let path = entry.path();
        if path.is_dir() {
            sync_dir(&path, &to.join(&name))?;
        } else {
            write_if_changed(&to.join(&name), &fs::read_to_string(&path)?)?;
        }
        wanted.push(name);
    }
    for entry in fs::read_dir(to)? {
        let entry = entry?;
        if !wanted.contains(&entry.file_name()) {
            let path = entry.path();
            if path.is_dir() {
                fs::remove_dir_all(path)?;
            } else {
                fs::remove_file(path)?;
            }
        }
    }
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text)?;
    }
    Ok(())
}

/// A variant with the status of each of its runs.
pub struct Graded {
    pub variant: Variant,
    pub runs: Vec<Run>,
    /// Why it could not be graded at all (its diff no longer applies).
    pub error: Option<String>,
}

impl Graded {
    /// Every run gave the verdict the header names.
    pub fn as_expected(&self) -> bool {
        self.error.is_none()
            && self
                .runs
                .iter()
                .all(|r| r.status.label() == self.variant.verdict)
    }

    /// `wrong, done (pinned), wrong`: what each run said.
    pub fn verdicts(&self) -> String {
        if let Some(error) = &self.error {
            return format!("not graded: {error}");
        }
        self.runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let pinned = if pinned_run(i) { " (pinned)" } else { "" };
                format!("{}{pinned}", r.status.label())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Runs 2, 4, ... pin each test process to one CPU.
fn pinned_run(index: usize) -> bool {
    index % 2 == 1
}

/// Builds every variant in one cargo run per build flavor, then grades each `runs` times.
pub fn grade_all(
    workbook: &Workbook,
    variants: &[Variant],
    runs: usize,
    timeout: Duration,
) -> Result<Vec<Graded>> {
    let (workspace, targets) = materialise(workbook, variants)?;
    let mut graded: Vec<Option<Graded>> = variants.iter().map(|_| None).collect();
    for flavor in [Flavor::Debug, Flavor::AddressSanitizer] {
        let chosen: Vec<usize> = (0..variants.len())
            .filter(|&i| variants[i].flavor() == flavor && targets[i].is_ok())
            .collect();
        if chosen.is_empty() {
            continue;
        }
        if flavor == Flavor::AddressSanitizer && !crate::build::have_nightly() {
            bail!(
                "{} needs AddressSanitizer, which needs the nightly toolchain",
                variants[chosen[0]].label()
            );
        }
        let these: Vec<Target> = chosen
            .iter()
            .filter_map(|&i| targets[i].clone().ok())
            .collect();
        let build = grade::build_tests(&workbook.cargo_root(), &workspace, &these, flavor)?;
        let mut plan = Plan::check(timeout);
        plan.flavor = flavor;
        let mut all_runs: Vec<Vec<Run>> = these.iter().map(|_| Vec::new()).collect();
        for run in 0..runs {
            let plan = if pinned_run(run) { plan.pinned() } else { plan };
            for (i, result) in grade::run_all(&build, &these, &plan)
                .into_iter()
                .enumerate()
            {
                all_runs[i].push(result);
            }
        }
        for (&i, runs) in chosen.iter().zip(all_runs) {
            graded[i] = Some(Graded {
                variant: variants[i].clone(),
                runs,
                error: None,
            });
        }
    }
    for (i, target) in targets.into_iter().enumerate() {
        if let Err(error) = target {
            graded[i] = Some(Graded {
                variant: variants[i].clone(),
                runs: Vec::new(),
                error: Some(error),
            });
        }
    }
    Ok(graded.into_iter().flatten().collect())
}

/// `wrong answers: N/N rejected, alternatives: M/M accepted`.
pub fn tally(graded: &[Graded]) -> String {
    let count = |kind: Kind| {
        let all = graded.iter().filter(|g| g.variant.kind == kind);
        let good = all.clone().filter(|g| g.as_expected()).count();
        (good, all.count())
    };
    let (rejected, mistakes) = count(Kind::Mistake);
    let (accepted, alternatives) = count(Kind::Alternative);
    format!(
        "wrong answers: {rejected}/{mistakes} rejected, alternatives: {accepted}/{alternatives} accepted"
    )
}

/// Exercises that keep fewer variants than every exercise must.
pub fn too_few(exercises: &[Exercise], variants: &[Variant]) -> Vec<String> {
    let mut problems = Vec::new();
    // A prediction's wrong answers are wrong predictions, which `verify` checks otherwise.
    for exercise in exercises.iter().filter(|e| !e.predict) {
        let count = |kind| {
            variants
                .iter()
                .filter(|v| v.exercise.path == exercise.path && v.kind == kind)
                .count()
        };
        let (mistakes, alternatives) = (count(Kind::Mistake), count(Kind::Alternative));
        if mistakes < MIN_MISTAKES || alternatives < MIN_ALTERNATIVES {
            problems.push(format!(
                "{}: keeps {mistakes} wrong answers and {alternatives} alternatives; every \
                 exercise keeps at least {MIN_MISTAKES} and {MIN_ALTERNATIVES}",
                exercise.path
            ));
        }
    }
    problems
}

/// One line per variant that did not get its verdict on every run.
pub fn problems(graded: &[Graded]) -> Vec<String> {
    graded
        .iter()
        .filter(|g| !g.as_expected())
        .map(|g| {
            format!(
                "{}: must be `{}` on every run, got: {}",
                g.variant.label(),
                g.variant.verdict,
                g.verdicts()
            )
        })
        .collect()
}

/// `cargo xtask variants [NAME] [--runs N]`, for maintainers writing variants.
pub fn variants(
    workbook: &Workbook,
    name: Option<&str>,
    runs: usize,
    timeout: Duration,
) -> Result<i32> {
    let exercises = match workbook.select(name) {
        Ok(exercises) => exercises,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    let variants = load(workbook, &exercises)?;
    let started = std::time::Instant::now();
    let graded = grade_all(workbook, &variants, runs.max(1), timeout)?;
    let mut out = String::new();
    let mut current = String::new();
    for g in &graded {
        if g.variant.exercise.path != current {
            current = g.variant.exercise.path.clone();
            writeln!(out, "{current}")?;
        }
        let mark = if g.as_expected() { "ok  " } else { "FAIL" };
        writeln!(
            out,
            "  {mark} {} {}: {} (must be {})\n         {}",
            g.variant.kind.word(),
            g.variant.name,
            g.verdicts(),
            g.variant.verdict,
            g.variant.why
        )?;
    }
    print!("{out}");
    for problem in too_few(&exercises, &variants) {
        println!("{problem}");
    }
    // For the first variant that went astray, what the learner would see.
    if let Some(g) = graded.iter().find(|g| !g.as_expected())
        && let Some(run) = g
            .runs
            .iter()
            .find(|r| r.status.label() != g.variant.verdict)
    {
        println!("\nWhat `check` says of {} on that run:", g.variant.label());
        if run.status == Status::Done {
            println!("done: no scenario tells it from the solution.");
        } else {
            print_details(&g.variant.exercise, run, DiffLength::Short);
        }
    }
    println!(
        "\n{} ({} runs each, every other one pinned to one CPU; {:.1} s)",
        tally(&graded),
        runs.max(1),
        started.elapsed().as_secs_f64()
    );
    let failed = !problems(&graded).is_empty() || !too_few(&exercises, &variants).is_empty();
    Ok(if failed { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        Exercise {
            path: "01-ch/01-ex".into(),
            name: "01-ex".into(),
            hints: vec![String::new()],
            compile_error: false,
            unix_only: false,
            predict: false,
            explain: Vec::new(),
        }
    }

    const DIFF: &str =
        "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n";

    #[test]
    fn reads_the_header_and_the_diff() {
        let text = format!("# mistake: forgot two\n# verdict: wrong\n{DIFF}");
        let v = parse(
            &exercise(),
            Kind::Mistake,
            Path::new("x/forgot.diff"),
            &text,
        )
        .unwrap();
        assert_eq!(
            (v.name.as_str(), v.why.as_str(), v.verdict.as_str()),
            ("forgot", "forgot two", "wrong")
        );
        assert_eq!(v.diff, DIFF);
    }

    #[test]
    fn refuses_a_bad_header() {
        let no_verdict = format!("# mistake: x\n{DIFF}");
        let done_mistake = format!("# mistake: x\n# verdict: done\n{DIFF}");
        let wrong_alternative = format!("# alternative: x\n# verdict: wrong\n{DIFF}");
        for (kind, text) in [
            (Kind::Mistake, no_verdict),
            (Kind::Mistake, done_mistake),
            (Kind::Alternative, wrong_alternative),
        ] {
            assert!(parse(&exercise(), kind, Path::new("a.diff"), &text).is_err());
        }
    }

    #[test]
    fn applies_a_diff_and_refuses_a_stale_one() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/lib.rs"), "one\ntwo\nthree\n").unwrap();
        apply(DIFF, dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
            "one\nTWO\nthree\n"
        );
        assert!(apply(DIFF, dir.path()).is_err(), "applied twice");
    }
}

//! The workbook's shape: manifests list every crate, and each exercise matches its solution.

use super::Outcome;
use crate::workbook::{Exercise, Side, Workbook};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every crate folder is in a manifest; each exercise and its solution differ only in
/// `src/`, the package name and the solution's `snapshots/`.
pub fn layout(workbook: &Workbook) -> Outcome {
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
    Outcome::from_problems(problems)
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
            // Not shared: what the learner writes (`src/`, or a prediction exercise's
            // `prediction.txt`, whose answer is the solution's snapshot), and what only the
            // solution keeps (snapshots, wrong answers, alternatives).
            if matches!(
                top.as_str(),
                "src" | "snapshots" | "Cargo.toml" | "target" | "mistakes" | "alternatives"
            ) || top == crate::predict::FILE
            {
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

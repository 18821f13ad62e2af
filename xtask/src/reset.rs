//! `cargo xtask reset NAME`: put an exercise's starter code back, after saving the
//! learner's version.
//!
//! The starter code is taken from git: the version of `exercises/<path>/src` in the
//! commit the learner started from (where their branch leaves `origin`), so it works
//! even after they committed their own work. Only that one exercise's `src/` changes.

use crate::workbook::{Exercise, Side, Workbook};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

pub fn reset(workbook: &Workbook, name: &str) -> Result<i32> {
    let exercise = match workbook.find(name) {
        Ok(exercise) => exercise.clone(),
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    let root = &workbook.root;
    if exercise.predict {
        return reset_prediction(workbook, &exercise);
    }
    let src = workbook.crate_dir(&exercise, Side::Exercise).join("src");
    let relative = src
        .strip_prefix(git_toplevel(root)?)
        .context("the exercise is outside the git repository")?;
    let relative = relative.to_string_lossy().replace('\\', "/");
    let commit = shipped_commit(root)?;
    let shipped = git(
        root,
        &[
            "ls-tree",
            "-r",
            "--full-tree",
            "--name-only",
            &commit,
            "--",
            &relative,
        ],
    )?;
    let shipped: Vec<&str> = shipped.lines().filter(|l| !l.is_empty()).collect();
    if shipped.is_empty() {
        bail!("commit {commit} has no starter code for {}", exercise.path);
    }

    let backup = backup_dir(root, &exercise);
    copy_dir(&src, &backup)
        .with_context(|| format!("cannot save your code to {}", backup.display()))?;
    fs::remove_dir_all(&src)?;
    for file in shipped {
        let contents = git_bytes(root, &["show", &format!("{commit}:{file}")])?;
        let target = git_toplevel(root)?.join(file);
        fs::create_dir_all(target.parent().unwrap())?;
        fs::write(&target, contents)?;
    }
    println!(
        "Your version of exercises/{}/src is saved in {}",
        exercise.path,
        backup.display()
    );
    println!(
        "exercises/{}/src is back to its starter code (from commit {}).",
        exercise.path,
        &commit[..12]
    );
    Ok(0)
}

/// What the learner has changed since the exercises shipped, by exercise path.
pub struct Edited {
    /// Exercises whose `src/` differs from the shipped code (new files included).
    pub src: Vec<String>,
    /// Prediction exercises whose `prediction.txt` differs from the shipped one.
    pub predictions: Vec<String>,
}

/// What the learner changed; `None` without git. Two git calls for all exercises, so
/// `check` stays quick.
pub fn edited(workbook: &Workbook) -> Option<Edited> {
    let root = &workbook.root;
    let commit = shipped_commit(root).ok()?;
    let top = git_toplevel(root).ok()?;
    let exercises = workbook.root.join("exercises");
    let relative = exercises
        .strip_prefix(&top)
        .ok()?
        .to_string_lossy()
        .replace('\\', "/");
    // Pathspecs are relative to the folder git runs in (the workbook's root); the paths
    // it prints are relative to the top of the repository.
    let changed = git(root, &["diff", "--name-only", &commit, "--", "exercises"]).ok()?;
    let added = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            "--",
            "exercises",
        ],
    )
    .ok()?;
    let files: Vec<&str> = changed.lines().chain(added.lines()).collect();
    let which = |wanted: &dyn Fn(&str, &str) -> bool| -> Vec<String> {
        workbook
            .exercises()
            .filter(|e| files.iter().any(|f| wanted(f, &e.path)))
            .map(|e| e.path.clone())
            .collect()
    };
    Some(Edited {
        src: which(&|f, path| f.starts_with(&format!("{relative}/{path}/src/"))),
        predictions: which(&|f, path| f == format!("{relative}/{path}/{}", crate::predict::FILE)),
    })
}

/// A prediction exercise's work is its `prediction.txt`: saved, then put back as shipped.
fn reset_prediction(workbook: &Workbook, exercise: &Exercise) -> Result<i32> {
    let root = &workbook.root;
    let file = crate::predict::file(workbook, exercise);
    let relative = file
        .strip_prefix(git_toplevel(root)?)
        .context("the exercise is outside the git repository")?
        .to_string_lossy()
        .replace('\\', "/");
    let commit = shipped_commit(root)?;
    let shipped = git_bytes(root, &["show", &format!("{commit}:{relative}")])?;
    let backup = backup_dir(root, exercise).with_file_name(crate::predict::FILE);
    fs::create_dir_all(backup.parent().unwrap())?;
    if file.exists() {
        fs::copy(&file, &backup)
            .with_context(|| format!("cannot save your prediction to {}", backup.display()))?;
        println!("Your prediction is saved in {}", backup.display());
    }
    fs::write(&file, shipped)?;
    println!(
        "exercises/{}/{} is back as shipped (from commit {}).",
        exercise.path,
        crate::predict::FILE,
        &commit[..12]
    );
    Ok(0)
}

/// Where the learner's code goes: `.backups/<exercise path>/<seconds since 1970>/src`.
fn backup_dir(root: &Path, exercise: &Exercise) -> PathBuf {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    root.join(".backups")
        .join(&exercise.path)
        .join(now.to_string())
        .join("src")
}

/// The commit the learner's work starts from: where HEAD leaves the upstream branch,
/// or HEAD itself when there is no upstream.
pub fn shipped_commit(root: &Path) -> Result<String> {
    for upstream in ["@{upstream}", "origin/HEAD", "origin/main"] {
        if let Ok(base) = git(root, &["merge-base", "HEAD", upstream]) {
            return Ok(base.trim().to_string());
        }
    }
    git(root, &["rev-parse", "HEAD"])
        .map(|s| s.trim().to_string())
        .context("reset needs the workbook's git history (clone it with git)")
}

fn git_toplevel(root: &Path) -> Result<PathBuf> {
    Ok(PathBuf::from(
        git(root, &["rev-parse", "--show-toplevel"])?.trim(),
    ))
}

fn git(root: &Path, args: &[&str]) -> Result<String> {
    Ok(String::from_utf8(git_bytes(root, args)?)?)
}

fn git_bytes(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

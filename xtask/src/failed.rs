//! Compile errors remembered between runs.
//!
//! Cargo caches what compiled, never what failed: a crate that does not compile is compiled
//! again on every build. An exercise whose lesson is a compile error ships that way, and a
//! learner's broken crate stays broken between saves of other exercises, so each `check`
//! would pay for those compilations again. This keeps the errors of a failed crate with a
//! stamp of its files (their paths, sizes and modification times, and those of the
//! workspace's manifest and lock file); while the stamp is the same, the errors are reused
//! and cargo is not asked to build that crate.

use crate::build::CrateBuild;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

#[derive(Serialize, Deserialize)]
struct Remembered {
    stamp: String,
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Where the errors of the crate at `dir` are kept.
fn file(cache: &Path, package: &str) -> PathBuf {
    cache.join(format!("{package}.json"))
}

/// The remembered build of a crate that failed, if nothing it is built from changed.
pub fn recall(cache: &Path, package: &str, dir: &Path, cargo_root: &Path) -> Option<CrateBuild> {
    let text = fs::read_to_string(file(cache, package)).ok()?;
    let remembered: Remembered = serde_json::from_str(&text).ok()?;
    (remembered.stamp == stamp(dir, cargo_root)).then(|| CrateBuild {
        errors: remembered.errors,
        warnings: remembered.warnings,
        tests: Vec::new(),
    })
}

/// Remembers a crate's errors, or forgets them once it compiles.
pub fn remember(cache: &Path, package: &str, dir: &Path, cargo_root: &Path, build: &CrateBuild) {
    let path = file(cache, package);
    if build.errors.is_empty() {
        let _ = fs::remove_file(path);
        return;
    }
    let remembered = Remembered {
        stamp: stamp(dir, cargo_root),
        errors: build.errors.clone(),
        warnings: build.warnings.clone(),
    };
    let _ = fs::create_dir_all(cache);
    if let Ok(text) = serde_json::to_string(&remembered) {
        let _ = fs::write(path, text);
    }
}

/// Paths, sizes and modification times of the crate's files and the workspace's
/// manifest and lock file.
fn stamp(dir: &Path, cargo_root: &Path) -> String {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.push(cargo_root.join("Cargo.toml"));
    files.push(cargo_root.join("Cargo.lock"));
    files.sort();
    files
        .iter()
        .map(|f| {
            let meta = fs::metadata(f).ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{size}:{modified}\n", f.display())
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !matches!(name.to_str(), Some("target" | "snapshots")) {
                collect(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

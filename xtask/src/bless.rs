//! `cargo xtask bless [NAME]`: record the solutions' traces as the snapshots.
//!
//! The solutions' tests run with `INSTA_UPDATE=always`, so insta itself writes each
//! snapshot from what the solution really did. Snapshot files that no test asserted any
//! more are deleted, but only for solutions whose tests all passed.

use crate::grade::{self, Plan, Status};
use crate::workbook::{Side, Workbook};
use anyhow::Result;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

pub fn bless(workbook: &Workbook, name: Option<&str>) -> Result<i32> {
    let exercises = match workbook.select(name) {
        Ok(exercises) => exercises,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
    };
    let dirs: Vec<_> = exercises
        .iter()
        .map(|e| workbook.crate_dir(e, Side::Solution).join("snapshots"))
        .collect();
    let before: Vec<BTreeMap<String, String>> = dirs.iter().map(|d| snapshot_files(d)).collect();
    let runs = grade::grade_exercises(workbook, &exercises, Side::Solution, &Plan::bless())?;
    let mut failed = 0;
    for ((exercise, run), (dir, before)) in
        exercises.iter().zip(&runs).zip(dirs.iter().zip(&before))
    {
        if run.status != Status::Done {
            failed += 1;
            println!(
                "FAIL {}: the solution is {}: {:?}",
                exercise.path,
                run.status.label(),
                run.status
            );
            continue;
        }
        let mut removed = 0;
        for name in before.keys().filter(|n| !run.traces.contains_key(*n)) {
            fs::remove_file(dir.join(format!("{name}.snap")))?;
            removed += 1;
        }
        let after = snapshot_files(dir);
        let changed = after
            .iter()
            .filter(|(n, text)| before.get(*n) != Some(text))
            .count();
        println!(
            "ok   {}: {} snapshots, {changed} new or changed, {removed} removed",
            exercise.path,
            after.len()
        );
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

/// Snapshot files by name (without `.snap`), with their contents.
pub fn snapshot_files(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".snap"))
        {
            files.insert(
                name.to_string(),
                fs::read_to_string(&path).unwrap_or_default(),
            );
        }
    }
    files
}

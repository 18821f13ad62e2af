//! The book shows the starter code as shipped, whatever the learner has written since.
//!
//! Pages include starter code from `exercises/`, the folder the learner edits. Before mdBook
//! runs, every `{{#include}}` of a file there is pointed at a copy taken from git (the commit
//! in `INSIDE_TOKIO_STARTER_COMMIT`, which `cargo xtask book` sets to the commit the learner
//! started from), written under `target/shipped-starters/`. Without git, the working tree is
//! used, with a warning.
//!
//! Every include is also checked here, because mdBook only logs a warning and shows nothing
//! when an anchor is missing: a missing file, a missing anchor or an empty included block
//! fails the build, naming the page, the file and the anchor.

use crate::checks::{include_problem, normalize};
use anyhow::{Result, bail};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use regex::{Captures, Regex};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The commit whose starter code the book shows.
pub const COMMIT_ENV: &str = "INSIDE_TOKIO_STARTER_COMMIT";

pub fn pin_and_check_includes(book: &mut MDBook) -> Result<()> {
    // Absolute, so that a page's `../../exercises/...` and the root compare as paths.
    let root = normalize(&std::path::absolute(&book.root)?);
    let src = root.join(&book.config.book.src);
    let commit = std::env::var(COMMIT_ENV).ok().filter(|c| !c.is_empty());
    let include = Regex::new(r"(\\?)\{\{#include\s+([^}\s]+)([^}]*)\}\}").unwrap();
    let mut problems = Vec::new();
    let mut no_git = None;
    book.book.for_each_mut(|item| {
        let BookItem::Chapter(chapter) = item else {
            return;
        };
        let Some(page) = chapter.path.clone() else {
            return;
        };
        let dir = src
            .join(&page)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let content = include.replace_all(&chapter.content, |captures: &Captures| {
            let whole = captures[0].to_string();
            if !captures[1].is_empty() {
                return whole; // `\{{#include}}` is shown, not expanded
            }
            let spec = &captures[2];
            let (file, selector) = spec.split_once(':').unwrap_or((spec, ""));
            let target = normalize(&dir.join(file));
            let mut shown = target.clone();
            let text = match (&commit, target.strip_prefix(root.join("exercises"))) {
                (Some(commit), Ok(_)) => match shipped(&root, commit, &target) {
                    Ok(copy) => {
                        shown = copy;
                        fs::read_to_string(&shown)
                    }
                    Err(error) => {
                        no_git.get_or_insert(error);
                        fs::read_to_string(&target)
                    }
                },
                _ => fs::read_to_string(&target),
            };
            let problem = match text {
                Ok(text) => include_problem(file, selector, &text),
                Err(error) => Some(format!("cannot read {file}: {error}")),
            };
            if let Some(problem) = problem {
                problems.push(format!(
                    "book/{}: `{{{{#include {spec}}}}}`: {problem}",
                    page.display()
                ));
            }
            if shown == target {
                return whole;
            }
            let selector = if selector.is_empty() {
                String::new()
            } else {
                format!(":{selector}")
            };
            format!(
                "{{{{#include {}{selector}{}}}}}",
                shown.display(),
                &captures[3]
            )
        });
        chapter.content = content.into_owned();
    });
    if let Some(error) = no_git {
        eprintln!("warning: the book shows exercises/ as it is on disk, not as shipped ({error})");
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// Writes the file as it is in `commit` under `target/shipped-starters/`; returns the copy.
fn shipped(root: &Path, commit: &str, file: &Path) -> Result<PathBuf> {
    let relative = file.strip_prefix(root)?;
    let spec = format!(
        "{commit}:./{}",
        relative.to_string_lossy().replace('\\', "/")
    );
    let output = Command::new("git")
        .current_dir(root)
        .args(["show", &spec])
        .output()?;
    if !output.status.success() {
        bail!(
            "git show {spec}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let copy = root.join("target/shipped-starters").join(relative);
    fs::create_dir_all(copy.parent().unwrap())?;
    if fs::read(&copy).ok().as_deref() != Some(&output.stdout[..]) {
        fs::write(&copy, &output.stdout)?;
    }
    Ok(copy)
}

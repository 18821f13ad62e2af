//! The book builder: mdBook used as a library, with this workbook's own preprocessor
//! (`{{#trace-diagram}}`) and the checks `cargo xtask verify` runs on the book.

// The real-browser check drives Chromium over file descriptors 3 and 4, a Linux way; it is a
// maintainers' check (CI runs on Linux), so learners on macOS and Windows build without it.
#[cfg(target_os = "linux")]
pub mod browser;
pub mod checks;
pub mod diagram;
pub mod starters;

use anyhow::{Result, anyhow};
use mdbook_driver::MDBook;
use std::path::{Path, PathBuf};

/// Loads the book in `root` (the folder with `book.toml`), with the diagram preprocessor.
/// `dest` replaces the build folder of `book.toml` (the tests build into a temporary one).
pub fn load(root: &Path, dest: Option<&Path>) -> Result<MDBook> {
    let mut book = load_as_written(root, dest)?;
    starters::pin_and_check_includes(&mut book)?;
    book.with_preprocessor(diagram::TraceDiagrams);
    Ok(book)
}

/// The book as its pages are written, before includes are pointed at the shipped starters:
/// what the source checks read.
fn load_as_written(root: &Path, dest: Option<&Path>) -> Result<MDBook> {
    let mut book = MDBook::load(root)
        .map_err(|e| anyhow!("cannot load the book in {}: {e:#}", root.display()))?;
    if let Some(dest) = dest {
        book.config.build.build_dir = dest.to_path_buf();
    }
    Ok(book)
}

/// Builds the HTML; returns the folder it is in.
pub fn build(root: &Path, dest: Option<&Path>) -> Result<PathBuf> {
    let book = load(root, dest)?;
    book.build()
        .map_err(|e| anyhow!("the book did not build: {e:#}"))?;
    Ok(book.build_dir_for("html"))
}

/// Builds the book and checks it: every problem names its page.
pub fn build_and_check(root: &Path, dest: Option<&Path>) -> Result<Vec<String>> {
    let mut problems = checks::sources(root, &load_as_written(root, dest)?);
    let book = load(root, dest)?;
    book.build()
        .map_err(|e| anyhow!("the book did not build: {e:#}"))?;
    let html = book.build_dir_for("html");
    problems.extend(checks::html(&html, &checks::pages(&book)));
    problems.extend(checks::offline(&html));
    Ok(problems)
}

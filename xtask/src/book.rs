//! `cargo xtask book [--open]`: build the HTML with mdBook, pinned through Cargo.
//!
//! mdBook lives in its own package (`xtask/book`), so grading never compiles it. Its first
//! build takes a while, so cargo's progress is relayed, as `check` does for the exercises.

use crate::build::cargo;
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::{Command, Stdio};

pub fn book(root: &Path, open: bool) -> Result<i32> {
    build_book(root)?;
    let index = root.join("target/book/index.html");
    let address = format!("file://{}", index.display());
    if open && open_in_browser(&index) {
        println!("The book is open in your browser: {address}");
    } else if open {
        println!("The book is at {address} (no browser could be started here: open that address)");
    } else {
        println!("The book is at {address}");
    }
    Ok(0)
}

pub fn build_book(root: &Path) -> Result<()> {
    let mut build = cargo()
        .current_dir(root)
        .args(["build", "--package", "book-builder"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start cargo")?;
    let output = crate::progress::relay(
        build.stderr.take().expect("piped"),
        "building the book's tools (mdBook)",
    );
    if !build.wait()?.success() {
        bail!("the book's tools did not build:\n{output}");
    }
    let status = book_builder(root).arg(root).status()?;
    if !status.success() {
        bail!("the book did not build");
    }
    Ok(())
}

/// `cargo run` of the book builder, told which commit's starter code the book shows: the
/// one the learner started from, whatever they have written since.
pub fn book_builder(root: &Path) -> Command {
    let mut command = cargo();
    command
        .current_dir(root)
        .args(["run", "--quiet", "--package", "book-builder", "--"]);
    if let Ok(commit) = crate::reset::shipped_commit(root) {
        command.env(STARTER_COMMIT_ENV, commit);
    }
    command
}

/// The same name as `book_builder::starters::COMMIT_ENV` (the xtask does not depend on the
/// book builder, so that grading never compiles mdBook).
const STARTER_COMMIT_ENV: &str = "INSIDE_TOKIO_STARTER_COMMIT";

/// Asks the system to open the page; says whether that worked. The opener's own messages
/// (xdg-open's, when no browser is installed) are not shown: the address is.
fn open_in_browser(index: &Path) -> bool {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    Command::new(opener)
        .arg(index)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        // explorer's exit code says nothing about success; the others' does.
        .is_ok_and(|s| s.success() || cfg!(windows))
}

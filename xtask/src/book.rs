//! `cargo xtask book [--open]`: build the HTML with mdBook, pinned through Cargo.
//!
//! mdBook lives in its own package (`xtask/book`), so grading never compiles it.

use crate::build::cargo;
use anyhow::{Result, bail};
use std::path::Path;

pub fn book(root: &Path, open: bool) -> Result<i32> {
    build_book(root)?;
    let index = root.join("target/book/index.html");
    println!("The book is at {}", index.display());
    if open {
        open_in_browser(&index);
    }
    Ok(0)
}

pub fn build_book(root: &Path) -> Result<()> {
    let status = cargo()
        .current_dir(root)
        .args(["run", "--quiet", "--package", "book-builder", "--"])
        .arg(root)
        .status()?;
    if !status.success() {
        bail!("the book did not build");
    }
    Ok(())
}

fn open_in_browser(index: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(index)
        .spawn()
        .is_err()
    {
        println!("Open it in your browser: file://{}", index.display());
    }
}

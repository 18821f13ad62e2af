//! The book shows starter code as shipped, whatever is in `exercises/` now, and a missing
//! anchor or an empty included block fails the build instead of showing nothing.

use book_builder::{build, starters::COMMIT_ENV};
mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

const STARTER: &str = "exercises/01-ch/01-ex/src/lib.rs";

/// A fixture book whose chapter includes a starter file's `given` anchor.
fn book_with_starter(starter: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = common::fixture_book();
    let file = root.join(STARTER);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(file, starter).unwrap();
    let page = root.join("book/chapter/index.md");
    let mut content = fs::read_to_string(&page).unwrap();
    content.push_str("\n```text\n{{#include ../../exercises/01-ch/01-ex/src/lib.rs:given}}\n```\n");
    fs::write(page, content).unwrap();
    (dir, root)
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn the_book_shows_the_committed_starter_not_the_learners_edit() {
    let (_dir, root) =
        book_with_starter("// ANCHOR: given\nfn shipped() {}\n// ANCHOR_END: given\n");
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "shipped"]);
    // The learner solves the exercise, and even deletes the anchor.
    fs::write(root.join(STARTER), "fn learners_answer() {}\n").unwrap();

    let built = Command::new(env!("CARGO_BIN_EXE_book-builder"))
        .arg(&root)
        .env(COMMIT_ENV, "HEAD")
        .status()
        .unwrap();
    assert!(built.success());
    // The fixture's book.toml names no build-dir: mdBook writes to `book/`... beside the
    // sources, whose folder is also `book/`; the page's HTML lands there.
    let html = root.join("book");
    let page = fs::read_to_string(html.join("chapter/index.html")).unwrap();
    assert!(page.contains("shipped"), "the shipped starter is shown");
    assert!(
        !page.contains("learners_answer"),
        "the learner's code is not"
    );
}

#[test]
fn a_missing_anchor_fails_the_build_naming_file_and_anchor() {
    let (dir, root) = book_with_starter("fn no_anchor_here() {}\n");
    let error = build(&root, Some(&dir.path().join("html"))).unwrap_err();
    let message = format!("{error:#}");
    assert!(
        message.contains("book/chapter/index.md")
            && message.contains("01-ex/src/lib.rs has no `ANCHOR: given`"),
        "{message}"
    );
}

#[test]
fn an_empty_included_block_fails_the_build() {
    let (dir, root) = book_with_starter("// ANCHOR: given\n\n// ANCHOR_END: given\n");
    let error = build(&root, Some(&dir.path().join("html"))).unwrap_err();
    assert!(
        format!("{error:#}").contains("the `given` block of"),
        "{error:#}"
    );
}

//! The book checks of `cargo xtask verify`, on a small fixture book
//! (`tests/fixtures/good`): it passes as it is, and each test breaks one thing in a copy
//! and expects a problem that names the page.

use book_builder::build_and_check;
mod common;

use std::fs;
use std::path::Path;

const CHAPTER: &str = "book/chapter/index.md";

/// A copy of the fixture book, changed by `edit`, built and checked.
fn check_with(edit: impl FnOnce(&Path)) -> (Vec<String>, tempfile::TempDir) {
    let (dir, root) = common::fixture_book();
    edit(&root);
    let dest = dir.path().join("html");
    let problems = build_and_check(&root, Some(&dest)).unwrap_or_else(|e| vec![format!("{e:#}")]);
    (problems, dir)
}

fn append(root: &Path, page: &str, text: &str) {
    let path = root.join(page);
    let mut content = fs::read_to_string(&path).unwrap();
    content.push_str(text);
    fs::write(path, content).unwrap();
}

/// Exactly one problem, on `page`, that says `what`.
fn assert_problem(problems: &[String], page: &str, what: &str) {
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    assert!(
        problems[0].starts_with(&format!("{page}: ")) && problems[0].contains(what),
        "expected a problem on {page} saying {what:?}, got {:?}",
        problems[0]
    );
}

#[test]
fn the_fixture_book_passes_and_draws_its_diagram() {
    let (problems, dir) = check_with(|_| {});
    assert_eq!(problems, Vec::<String>::new());
    let html = fs::read_to_string(dir.path().join("html/chapter/index.html")).unwrap();
    assert!(html.contains(r#"<figure class="trace-diagram"><svg"#));
    assert!(html.contains("a countdown from one"));
    assert!(!html.contains("trace-diagram ../"));
}

#[test]
fn a_rust_block_that_is_not_included_fails() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\nHere is more code:\n\n```rust\nfn main() {}\n```\n",
        );
    });
    assert_problem(&problems, CHAPTER, "a `rust` block that is not tested");
}

#[test]
fn an_ignored_block_needs_a_sentence_saying_why() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\nHere is more code:\n\n```rust,ignore\nfn main() {}\n```\n",
        );
    });
    assert_problem(
        &problems,
        CHAPTER,
        "no sentence right before it that says why",
    );
}

#[test]
fn a_block_with_no_language_fails() {
    let (problems, _dir) = check_with(|root| {
        append(root, CHAPTER, "\nSome output:\n\n```\nhello\n```\n");
    });
    assert_problem(&problems, CHAPTER, "a code block with no language");
}

#[test]
fn a_rust_block_must_include_from_a_compiled_crate() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\n```rust\n{{#include ../../notes/outside.rs:outside}}\n```\n",
        );
    });
    assert_problem(
        &problems,
        CHAPTER,
        "not Rust source in a crate of the workspace",
    );
}

#[test]
fn a_removed_included_file_fails() {
    let (problems, _dir) = check_with(|root| {
        fs::remove_file(root.join("crates/demo/src/lib.rs")).unwrap();
    });
    // The build stops before mdBook, which would leave the directive in the page.
    assert_problem(
        &problems,
        CHAPTER,
        "cannot read ../../crates/demo/src/lib.rs",
    );
}

#[test]
fn a_missing_anchor_fails() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\n```rust\n{{#include ../../crates/demo/src/lib.rs:subtract}}\n```\n",
        );
    });
    assert_problem(&problems, CHAPTER, "has no `ANCHOR: subtract`");
}

#[test]
fn lines_past_the_end_of_a_file_fail() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\n```text\n{{#include ../../crates/demo/snapshots/countdown.snap:40:}}\n```\n",
        );
    });
    assert_problem(&problems, CHAPTER, "fewer than 40");
}

#[test]
fn a_link_to_a_missing_page_fails() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            "book/README.md",
            "\nSee [the next chapter](next/index.md).\n",
        );
    });
    assert_problem(&problems, "book/README.md", "broken link `next/index.html`");
}

#[test]
fn a_link_to_a_missing_anchor_fails() {
    let (problems, _dir) = check_with(|root| {
        append(root, CHAPTER, "\nSee [the end](index.md#the-end).\n");
    });
    assert_problem(&problems, CHAPTER, "the page has no anchor `#the-end`");
}

#[test]
fn an_unexpanded_directive_fails() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\n{{#inculde ../../crates/demo/src/lib.rs}}\n",
        );
    });
    assert_problem(&problems, CHAPTER, "a directive was left unexpanded");
}

#[test]
fn a_diagram_of_a_missing_snapshot_stops_the_build() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\n{{#trace-diagram ../../crates/demo/snapshots/gone.snap}}\n",
        );
    });
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains(CHAPTER), "{}", problems[0]);
    assert!(problems[0].contains("cannot read"), "{}", problems[0]);
}

#[test]
fn a_script_or_image_from_another_host_fails() {
    let (problems, _dir) = check_with(|root| {
        append(
            root,
            CHAPTER,
            "\n<img src=\"https://example.com/logo.png\" alt=\"logo\">\n\n\
             <script src=\"https://cdn.example.com/diagrams.js\"></script>\n",
        );
    });
    for (file, what) in [
        (
            "chapter/index.html",
            "<img> loads https://example.com/logo.png",
        ),
        (
            "chapter/index.html",
            "<script> loads https://cdn.example.com/diagrams.js",
        ),
        ("print.html", "<img> loads https://example.com/logo.png"),
    ] {
        assert!(
            problems
                .iter()
                .any(|p| p.contains(file) && p.contains(what)),
            "no problem about {what} in {file}: {problems:#?}"
        );
    }
}

//! The real-browser test on the fixture book (`tests/fixtures/good`): it passes as it is,
//! and fails on a console error, a missing image, a request to another host and a diagram
//! that did not render. Skipped, with a message, where no Chromium is installed.

#![cfg(target_os = "linux")]

use book_builder::browser::{PageReport, find_chromium, test_pages};
mod common;

use std::fs;
use std::path::PathBuf;

/// Builds a copy of the fixture book with `extra` added to its chapter, and opens its pages.
fn open_fixture(extra: &str) -> Option<(Vec<PageReport>, tempfile::TempDir)> {
    let Some(chromium) = find_chromium() else {
        eprintln!("skipped: no Chromium found");
        return None;
    };
    let (dir, root) = common::fixture_book();
    let chapter = root.join("book/chapter/index.md");
    let content = fs::read_to_string(&chapter).unwrap() + extra;
    fs::write(&chapter, content).unwrap();
    let html = book_builder::build(&root, Some(&dir.path().join("html"))).unwrap();
    let pages = [
        PathBuf::from("index.html"),
        PathBuf::from("chapter/index.html"),
    ];
    let shots = dir.path().join("shots");
    let reports = test_pages(&chromium, &html, &pages, &shots).unwrap();
    assert!(shots.join("front-page.png").is_file());
    assert!(shots.join("search.png").is_file());
    assert!(shots.join("diagram-chapter.png").is_file());
    Some((reports, dir))
}

#[test]
fn the_fixture_book_opens_cleanly_and_draws_its_diagram() {
    let Some((reports, _dir)) = open_fixture("") else {
        return;
    };
    for report in &reports {
        assert_eq!(report.problems, Vec::<String>::new(), "{}", report.page);
    }
    assert_eq!(reports[1].diagrams, 1);
}

#[test]
fn what_a_reader_would_see_go_wrong_fails() {
    let broken = r#"

<img src="missing.png" alt="a picture that is not there">

<img src="https://example.com/logo.png" alt="a picture from another host">

<script>console.error("something broke");</script>

<figure class="trace-diagram"><svg width="0" height="0"></svg></figure>
"#;
    let Some((reports, _dir)) = open_fixture(broken) else {
        return;
    };
    assert_eq!(reports[0].problems, Vec::<String>::new(), "the front page");
    let problems = reports[1].problems.join("\n");
    for expected in [
        "request failed (net::ERR_FILE_NOT_FOUND): file://",
        "request to another host: https://example.com/logo.png",
        "console error: something broke",
        "image missing: file://",
        "diagram 2 did not render: drawn 0x0 px",
    ] {
        assert!(
            problems.contains(expected),
            "no problem saying {expected:?} in:\n{problems}"
        );
    }
}

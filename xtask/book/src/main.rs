//! Builds the book with mdBook used as a library, so nobody needs `cargo install mdbook`.
//!
//! - `book-builder ROOT`: builds the HTML (ROOT is the folder with `book.toml`).
//!   `cargo xtask book` runs this.
//! - `book-builder --check ROOT`: builds, then checks the book (untested code, includes,
//!   links and anchors, unexpanded directives, nothing loaded from another host).
//! - `book-builder --browser ROOT`: builds, then opens every page in headless Chromium.
//!   Exits with 3 and prints `skipped: ...` when there is no Chromium.
//!
//! `cargo xtask verify` runs the last two.

use book_builder::{build, build_and_check};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    // mdBook reports problems (a missing include, a broken link) through `tracing`.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some(m @ ("--check" | "--browser")) => {
            let m = m.to_string();
            args.remove(0);
            m
        }
        _ => String::new(),
    };
    let root = PathBuf::from(args.first().map(String::as_str).unwrap_or("."));
    let outcome = match mode.as_str() {
        "--check" => check(&root),
        "--browser" => in_browser(&root),
        _ => build(&root, None).map(|_| ExitCode::SUCCESS),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

fn check(root: &Path) -> anyhow::Result<ExitCode> {
    let problems = build_and_check(root, None)?;
    for problem in &problems {
        println!("{problem}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(not(target_os = "linux"))]
fn in_browser(_root: &Path) -> anyhow::Result<ExitCode> {
    println!("skipped: the browser check runs on Linux only");
    Ok(ExitCode::from(3))
}

#[cfg(target_os = "linux")]
fn in_browser(root: &Path) -> anyhow::Result<ExitCode> {
    use book_builder::{browser, checks};
    let Some(chromium) = browser::find_chromium() else {
        println!("skipped: no Chromium found (apt-get install chromium, or set CHROMIUM)");
        return Ok(ExitCode::from(3));
    };
    let html = build(root, None)?;
    let book = book_builder::load(root, None)?;
    let mut pages: Vec<PathBuf> = checks::pages(&book).into_iter().map(|(_, h)| h).collect();
    pages.push("print.html".into());
    let shots = root.join("target/book-screenshots");
    let reports = browser::test_pages(&chromium, &html, &pages, &shots)?;
    let mut failed = false;
    let diagrams: usize = reports.iter().map(|r| r.diagrams).sum();
    for report in &reports {
        for problem in &report.problems {
            failed = true;
            println!("{}: {problem}", report.page);
        }
    }
    println!(
        "{} pages opened in {}, {diagrams} diagrams drawn; screenshots in {}",
        reports.len(),
        chromium.display(),
        shots.display()
    );
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

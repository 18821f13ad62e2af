//! `cargo xtask`: the grader for learners and the tools for maintainers.
//!
//! One module per command; see ARCHITECTURE.md for how grading works.

mod bench;
mod bless;
mod book;
mod build;
mod check;
mod failed;
mod grade;
mod hint;
mod predict;
mod procs;
mod progress;
mod repeat;
mod reset;
mod variants;
mod verify;
mod watch;
mod workbook;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;
use workbook::{Workbook, repo_root};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Grade the Inside Tokio exercises, and maintain the workbook"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Grade another workbook folder (the grader's own tests use its fixtures).
    #[arg(long, global = true, hide = true)]
    workbook: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Grade every exercise, or the one NAME names, and show what to do next.
    Check {
        /// An exercise's path, folder name, or a unique part of it.
        name: Option<String>,
        /// Seconds a test may run before it counts as hung.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// Grade with AddressSanitizer (needs nightly): reports memory errors and leaks in
        /// the exercises that use `unsafe`.
        #[arg(long)]
        sanitize: bool,
        /// Show whole trace diffs, not just the part around the first difference.
        #[arg(long)]
        full_diff: bool,
    },
    /// Grade the current exercise on every save, and move on when it is done.
    Watch {
        /// Check files' times instead of waiting for change events (network drives, WSL).
        #[arg(long)]
        poll: bool,
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Show an exercise's hint: the first is a nudge, later levels say more.
    Hint {
        name: String,
        /// Which hint: 1 is a nudge, the last is nearly the answer.
        #[arg(long, default_value_t = 1)]
        level: usize,
    },
    /// Put an exercise's starter code back (your version is saved first).
    Reset { name: String },
    /// Every exercise in order, by chapter, with its status.
    List {
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Maintainers: re-record the solutions' snapshots and delete unused ones.
    Bless {
        /// Only this exercise's solution.
        name: Option<String>,
    },
    /// Maintainers: grade every kept wrong answer and alternative of an exercise (or all).
    Variants {
        /// An exercise or a chapter; all of them when left out.
        name: Option<String>,
        /// Runs of each variant; every other one pins each test process to one CPU.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Maintainers: grade the solutions many times (half pinned to one CPU); all must stay done.
    Repeat {
        /// An exercise or a chapter; all of them when left out.
        name: Option<String>,
        #[arg(long, default_value_t = 30)]
        runs: usize,
    },
    /// Maintainers and CI: every integrity check of the workbook.
    Verify,
    /// Maintainers: time `check` warm and after an edit, against one `cargo test` per exercise.
    Bench {
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Build the book's HTML (and open it with --open).
    Book {
        #[arg(long)]
        open: bool,
    },
}

fn main() {
    procs::stop_children_on_ctrl_c();
    match run(Cli::parse()) {
        Ok(code) => std::process::exit(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::exit(2);
        }
    }
}

fn run(cli: Cli) -> Result<i32> {
    let root = match cli.workbook {
        Some(dir) => std::path::absolute(&dir)?,
        None => repo_root(),
    };
    let workbook = Workbook::load(&root)?;
    match cli.command {
        Command::Check {
            name,
            timeout,
            sanitize,
            full_diff,
        } => {
            let plan = grade::Plan::check(Duration::from_secs(timeout));
            let plan = if sanitize { plan.sanitized() } else { plan };
            let length = if full_diff {
                check::DiffLength::Full
            } else {
                check::DiffLength::Short
            };
            check::check(&workbook, name.as_deref(), &plan, length)
        }
        Command::Watch { poll, timeout } => {
            watch::watch(&workbook, poll, Duration::from_secs(timeout))
        }
        Command::Hint { name, level } => hint::hint(&workbook, &name, level),
        Command::List { timeout } => check::list(&workbook, Duration::from_secs(timeout)),
        Command::Bless { name } => bless::bless(&workbook, name.as_deref()),
        Command::Reset { name } => reset::reset(&workbook, &name),
        Command::Variants {
            name,
            runs,
            timeout,
        } => variants::variants(
            &workbook,
            name.as_deref(),
            runs,
            Duration::from_secs(timeout),
        ),
        Command::Repeat { name, runs } => repeat::repeat(&workbook, name.as_deref(), runs),
        Command::Verify => verify::verify(&workbook),
        Command::Bench { runs } => bench::bench(&workbook, runs),
        Command::Book { open } => book::book(&workbook.root, open),
    }
}

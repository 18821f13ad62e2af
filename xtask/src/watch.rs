//! `cargo xtask watch [--poll]`: grade the current exercise on every save.
//!
//! The current exercise is the first one not done. When it passes, watch moves on to the
//! next by itself. Keys: `q` quits, `h` shows the hint, `l` lists every exercise.
//! Saves are debounced, so saving several files at once grades once. `--poll` checks
//! the files' times instead of waiting for change events, for file systems that send
//! none (network drives, WSL mounts of Windows folders).

use crate::check::{DiffLength, print_details, print_summary};
use crate::grade::{self, Plan, Status};
use crate::workbook::{Exercise, Side, Workbook};
use anyhow::Result;
use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use notify::event::ModifyKind;
use notify::{EventKind, PollWatcher, RecursiveMode, Watcher};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

enum Event {
    Saved,
    Key(char),
}

/// Saves closer together than this are graded once.
const DEBOUNCE: Duration = Duration::from_millis(100);

pub fn watch(workbook: &Workbook, poll: bool, timeout: Duration) -> Result<i32> {
    let (events, received) = channel();
    let watched = workbook.root.join("exercises");
    // Keep the watcher alive for as long as we watch.
    let _watcher = start_watcher(&watched, poll, events.clone())?;
    let keys = std::io::stdin().is_terminal();
    if keys {
        std::thread::spawn(move || read_keys(events));
    }

    let exercises: Vec<Exercise> = workbook.exercises().cloned().collect();
    let mut current = first_not_done(workbook, &exercises, timeout)?;
    // What to say about the exercise just finished, above the next one's grading.
    let mut just_done: Option<String> = None;
    loop {
        let Some(exercise) = current.clone() else {
            if let Some(done) = &just_done {
                println!("✓ {done}");
            }
            println!("Every exercise is done. Well done!");
            return Ok(0);
        };
        clear_screen();
        if let Some(done) = just_done.take() {
            println!("✓ {done}\n");
        }
        // Printed before the build starts: `cargo xtask bench` times a save against it.
        println!("Grading exercises/{} ...", exercise.path);
        let run = crate::check::grade_learner(
            workbook,
            std::slice::from_ref(&exercise),
            &Plan::check(timeout),
        )?
        .remove(0);
        if run.status == Status::Done {
            just_done = Some(crate::check::what_next(workbook, &exercise));
            current = first_not_done(workbook, &exercises, timeout)?;
            continue;
        }
        print_details(&exercise, &run, DiffLength::Short);
        // `print_details` showed the first hint.
        let mut hints_seen = 1;
        loop {
            println!(
                "\nWatching exercises/{}: save a file to grade it again.{}",
                exercise.path,
                if keys {
                    "  [h] hint  [l] list  [q] quit"
                } else {
                    ""
                }
            );
            match wait(&received, keys) {
                Some(Event::Saved) => break,
                Some(Event::Key('h')) => {
                    // Each press shows the next level, then the last one again.
                    hints_seen = (hints_seen + 1).min(exercise.hints.len());
                    println!(
                        "\nHint {hints_seen} of {}:\n{}",
                        exercise.hints.len(),
                        exercise.hints[hints_seen - 1]
                    );
                }
                Some(Event::Key('l')) => {
                    let runs = grade::grade_exercises(
                        workbook,
                        &exercises,
                        Side::Exercise,
                        &Plan::check(timeout),
                    )?;
                    println!();
                    print_summary(workbook, &exercises, &runs);
                }
                Some(Event::Key(_)) => {}
                None => return Ok(0),
            }
        }
    }
}

fn first_not_done(
    workbook: &Workbook,
    exercises: &[Exercise],
    timeout: Duration,
) -> Result<Option<Exercise>> {
    let runs = crate::check::grade_learner(workbook, exercises, &Plan::check(timeout))?;
    Ok(exercises
        .iter()
        .zip(runs)
        .find(|(_, run)| run.status != Status::Done)
        .map(|(e, _)| e.clone()))
}

/// The next event; `None` means quit. Several saves in a row count as one.
fn wait(received: &Receiver<Event>, keys: bool) -> Option<Event> {
    // Raw mode delivers single key presses, but only while we wait: printing in raw
    // mode would need "\r\n" everywhere.
    if keys {
        let _ = terminal::enable_raw_mode();
    }
    let event = received.recv().ok();
    if keys {
        let _ = terminal::disable_raw_mode();
    }
    match event {
        Some(Event::Key('q')) | None => None,
        Some(Event::Saved) => {
            while let Ok(Event::Saved) = received.recv_timeout(DEBOUNCE) {}
            Some(Event::Saved)
        }
        other => other,
    }
}

fn start_watcher(dir: &Path, poll: bool, events: Sender<Event>) -> Result<Box<dyn Watcher>> {
    let handler = move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        // Only writes count: cargo reading the sources must not look like a save.
        let written = match event.kind {
            EventKind::Create(_) | EventKind::Remove(_) => true,
            EventKind::Modify(ModifyKind::Metadata(_)) => false,
            EventKind::Modify(_) => true,
            _ => false,
        };
        let source = event.paths.iter().any(|path| {
            let path = path.to_string_lossy();
            !path.contains("/target/") && (path.ends_with(".rs") || path.ends_with(".toml"))
        });
        if written && source {
            let _ = events.send(Event::Saved);
        }
    };
    let mut watcher: Box<dyn Watcher> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        Box::new(PollWatcher::new(handler, config)?)
    } else {
        Box::new(notify::recommended_watcher(handler)?)
    };
    watcher.watch(dir, RecursiveMode::Recursive)?;
    Ok(watcher)
}

fn read_keys(events: Sender<Event>) {
    while let Ok(event) = event::read() {
        if let TermEvent::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            ..
        }) = event
        {
            let key = match code {
                // In raw mode Ctrl-C arrives as a key, not as a signal.
                KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => 'q',
                KeyCode::Char(c) => c.to_ascii_lowercase(),
                KeyCode::Esc => 'q',
                _ => continue,
            };
            if events.send(Event::Key(key)).is_err() {
                break;
            }
        }
    }
}

fn clear_screen() {
    if std::io::stdout().is_terminal() {
        print!("\x1b[2J\x1b[H");
        let _ = std::io::stdout().flush();
    }
}

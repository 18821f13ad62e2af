//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/10-io-driver/05-readiness-word/mistakes/`):
//! - `clear-ignores-the-tick`: a newer event's readiness is cleared with the old one,
//!   and the task waits for an event that already came (a_newer_event_survives).
//! - `set-replaces-the-bits` (`ready` instead of `old | ready`): an event for one
//!   direction forgets the other (two_events).
//! - `tick-never-wraps` (`tick + 1` without the modulo): after 2^15 events the tick
//!   runs into the shutdown bit (the_tick_wraps).
//! - `clear-removes-closed` (clears every bit it was told): a closed socket looks open
//!   again, and a reader waits forever (closed_is_final).
//! - `clear-drops-shutdown` (packs tick and readiness only): a clear after shutdown
//!   forgets it (shutdown_is_kept).
//! - a load and a store instead of one atomic update: an event between the two is
//!   lost. No scenario here forces that interleaving; tokio uses `fetch_update`.

use readiness_word::*;
use std::path::{Path, PathBuf};
use testkit::{Trace, assert_trace, yes_no};

fn show(event: ReadyEvent) -> String {
    let mut names = Vec::new();
    for (bit, name) in [
        (READABLE, "readable"),
        (WRITABLE, "writable"),
        (READ_CLOSED, "read closed"),
        (WRITE_CLOSED, "write closed"),
    ] {
        if event.ready & bit != 0 {
            names.push(name);
        }
    }
    if names.is_empty() {
        names.push("nothing");
    }
    format!("tick {}, {}", event.tick, names.join(" + "))
}

const BOTH: usize = READABLE | WRITABLE;

#[test]
fn two_events() {
    let trace = Trace::new("an event says readable, the next says writable");
    let word = Readiness::default();
    trace.log(format!("at first: {}", show(word.event(BOTH))));
    word.set(READABLE);
    trace.log(format!("after set(readable): {}", show(word.event(BOTH))));
    word.set(WRITABLE);
    trace.log(format!("after set(writable): {}", show(word.event(BOTH))));
    assert_trace!("two_events", trace);
}

#[test]
fn would_block_clears() {
    let trace = Trace::new("a reader is told readable, reads until WouldBlock, clears");
    let word = Readiness::default();
    word.set(READABLE | WRITABLE);
    let told = word.event(READABLE);
    trace.log(format!("reader is told: {}", show(told)));
    word.clear(told);
    trace.log(format!("after clear: {}", show(word.event(BOTH))));
    assert_trace!("would_block_clears", trace);
}

#[test]
fn a_newer_event_survives() {
    let trace = Trace::new("an event comes between a reader's WouldBlock and its clear");
    let word = Readiness::default();
    word.set(READABLE);
    let told = word.event(READABLE);
    trace.log(format!("reader is told: {}", show(told)));
    trace.log("reader: read says WouldBlock");
    word.set(READABLE);
    trace.log(format!("driver: a new event: {}", show(word.event(BOTH))));
    word.clear(told);
    trace.log(format!(
        "after the reader's clear: {}",
        show(word.event(BOTH))
    ));
    assert_trace!("a_newer_event_survives", trace);
}

#[test]
fn closed_is_final() {
    let trace = Trace::new("the peer closed: readable and read closed, then a clear");
    let word = Readiness::default();
    word.set(READABLE | READ_CLOSED);
    let told = word.event(READABLE);
    trace.log(format!("reader is told: {}", show(told)));
    word.clear(told);
    trace.log(format!("after clear: {}", show(word.event(BOTH))));
    assert_trace!("closed_is_final", trace);
}

#[test]
fn the_tick_wraps() {
    let trace = Trace::new("2^15 events: the tick goes round to 0");
    let word = Readiness::default();
    for _ in 0..TICKS {
        word.set(READABLE);
    }
    trace.log(format!("after {TICKS} events: {}", show(word.event(BOTH))));
    trace.log(format!("shut down: {}", yes_no(word.raw() & SHUTDOWN != 0)));
    word.set(WRITABLE);
    trace.log(format!("one more: {}", show(word.event(BOTH))));
    assert_trace!("the_tick_wraps", trace);
}

#[test]
fn shutdown_is_kept() {
    let trace = Trace::new("the driver shuts down; a reader then clears");
    let word = Readiness::default();
    word.set(READABLE);
    let told = word.event(READABLE);
    word.shutdown();
    trace.log(format!("shut down: {}", yes_no(word.raw() & SHUTDOWN != 0)));
    word.clear(told);
    trace.log(format!("after clear: {}", show(word.event(BOTH))));
    trace.log(format!("shut down: {}", yes_no(word.raw() & SHUTDOWN != 0)));
    assert_trace!("shutdown_is_kept", trace);
}

/// tokio's `runtime/io/scheduled_io.rs`, at the version in the workspace's Cargo.lock.
fn tokio_scheduled_io() -> Option<String> {
    // The nearest Cargo.lock above this crate that locks tokio.
    let version = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find_map(|dir| {
            let lock = std::fs::read_to_string(dir.join("Cargo.lock")).ok()?;
            let version = lock
                .split("[[package]]")
                .find(|p| p.contains("\nname = \"tokio\"\n"))?
                .lines()
                .find_map(|l| l.strip_prefix("version = \""))?
                .trim_end_matches('"')
                .to_string();
            Some(version)
        })?;
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    for index in std::fs::read_dir(home.join("registry/src")).ok()? {
        let file = index
            .ok()?
            .path()
            .join(format!("tokio-{version}/src/runtime/io/scheduled_io.rs"));
        if let Ok(text) = std::fs::read_to_string(file) {
            return Some(text);
        }
    }
    None
}

/// The number in `NAME: bit::Pack = ...(N);` in tokio's source.
fn width(source: &str, name: &str) -> Option<u32> {
    let line = source
        .lines()
        .find(|l| l.starts_with(&format!("const {name}: bit::Pack")))?;
    let inside = line.rsplit_once('(')?.1.split_once(')')?.0;
    inside.parse().ok()
}

#[test]
fn tokio_packs_its_word_like_this() {
    let trace = Trace::new("the widths in tokio's source (scheduled_io.rs) and in this crate");
    let shown = |w: Option<u32>| w.map_or("?".to_string(), |w| w.to_string());
    match tokio_scheduled_io() {
        Some(source) => trace.log(format!(
            "tokio: readiness {} bits, tick {} bits, shutdown {} bit",
            shown(width(&source, "READINESS")),
            shown(width(&source, "TICK")),
            shown(width(&source, "SHUTDOWN")),
        )),
        None => trace.log("tokio's source: not found"),
    }
    trace.log(format!(
        "this crate: readiness {READINESS_BITS} bits, tick {TICK_BITS} bits, shutdown {} bit",
        usize::BITS - SHUTDOWN.leading_zeros() - READINESS_BITS - TICK_BITS
    ));
    assert_trace!("tokio_packs_its_word_like_this", trace);
}

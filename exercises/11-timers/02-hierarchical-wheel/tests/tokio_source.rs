//! Reads the wheel's shape from the source of the tokio this workbook is built with
//! (the version in `Cargo.lock`), so that an upgrade that changes it fails here.
//!
//! Likely wrong answers: constants that differ from tokio's (`LEVELS`, `SLOTS`).

use hierarchical_wheel::{BITS_PER_LEVEL, LEVELS, SLOTS};
use std::path::{Path, PathBuf};
use testkit::{Trace, assert_trace, yes_no};

/// The version of tokio in the workspace's `Cargo.lock`.
fn tokio_version() -> String {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("Cargo.lock"))
        .find(|lock| lock.is_file())
        .expect("a Cargo.lock above this crate");
    let lock = std::fs::read_to_string(lock).unwrap();
    let at = lock
        .find("name = \"tokio\"\n")
        .expect("tokio in Cargo.lock");
    let rest = &lock[at..];
    let version = rest.lines().nth(1).expect("a version line");
    version
        .trim_start_matches("version = \"")
        .trim_end_matches('"')
        .to_string()
}

/// Where cargo unpacked that version's source.
fn tokio_source() -> PathBuf {
    let version = tokio_version();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let registry = cargo_home.join("registry").join("src");
    for index in std::fs::read_dir(&registry).expect("cargo's registry/src folder") {
        let dir = index.unwrap().path().join(format!("tokio-{version}"));
        if dir.is_dir() {
            return dir.join("src");
        }
    }
    panic!("tokio {version}'s source is not in {}", registry.display());
}

/// The value of `const NAME: TYPE = VALUE;` in a source file.
fn constant(source: &str, name: &str) -> String {
    let line = source
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("const {name}:")))
        .unwrap_or_else(|| panic!("no `const {name}` any more"));
    let value = line.split_once('=').unwrap().1;
    value.trim().trim_end_matches(';').to_string()
}

#[test]
fn the_shape_of_tokios_wheel() {
    let trace = Trace::new("the shape of tokio's timer wheel, read from its source");
    let src = tokio_source();
    let read = |file: &str| std::fs::read_to_string(src.join(file)).unwrap();
    let wheel = read("runtime/time/wheel/mod.rs");
    let level = read("runtime/time/wheel/level.rs");
    let source = read("runtime/time/source.rs");

    let levels = constant(&wheel, "NUM_LEVELS");
    let bits = constant(&wheel, "BITS_PER_LEVEL");
    let mult = constant(&level, "LEVEL_MULT");
    trace.log(format!("runtime/time/wheel/mod.rs: NUM_LEVELS = {levels}"));
    trace.log(format!(
        "runtime/time/wheel/mod.rs: BITS_PER_LEVEL = {bits}"
    ));
    trace.log(format!("runtime/time/wheel/level.rs: LEVEL_MULT = {mult}"));
    // How a tick becomes a Duration: this is the wheel's resolution.
    let body = source
        .split("fn tick_to_duration")
        .nth(1)
        .expect("fn tick_to_duration");
    let tick = body.lines().nth(1).unwrap().trim();
    trace.log(format!("runtime/time/source.rs: a tick becomes {tick}"));
    let rounds_up = source.contains("t + Duration::from_nanos(999_999)");
    trace.log(format!(
        "runtime/time/source.rs: a deadline is rounded up to the next millisecond: {}",
        yes_no(rounds_up)
    ));

    let levels: usize = levels.parse().unwrap();
    let bits: usize = bits.parse().unwrap();
    trace.log(format!(
        "so: {levels} levels of {} slots, a slot of level 0 is 1 ms, the top level turns in {} ms",
        1usize << bits,
        1u64 << (bits * levels)
    ));
    trace.log(format!(
        "this exercise's wheel has the same shape: {}",
        yes_no(levels == LEVELS && bits == BITS_PER_LEVEL && SLOTS == 1 << bits)
    ));
    assert_trace!("the_shape_of_tokios_wheel", trace);
}

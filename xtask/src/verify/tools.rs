//! The tools' checks: AddressSanitizer on the unsafe chapters (rustfmt, clippy and the
//! xtask's own tests are plain commands in `mod.rs`).

use super::{Outcome, command};
use crate::workbook::{Side, Workbook, package_name};

/// The chapters with `unsafe` code (hand-made wakers, pins, channels) run their tests under
/// AddressSanitizer, which also reports leaks. Sanitizers need the nightly toolchain.
pub fn sanitized_solutions(workbook: &Workbook) -> Outcome {
    let mut packages = Vec::new();
    for exercise in workbook.sanitized_exercises() {
        let dir = workbook.crate_dir(&exercise, Side::Solution);
        match package_name(&dir) {
            Ok(name) => packages.push(name),
            Err(error) => return Outcome::Failed(format!("{error:#}")),
        }
    }
    if packages.is_empty() {
        return Outcome::Skipped("no solution uses unsafe yet".into());
    }
    if !crate::build::have_nightly() {
        return Outcome::Skipped("no nightly toolchain (rustup toolchain install nightly)".into());
    }
    // The same build `check --sanitize` uses: nightly, AddressSanitizer, target/asan.
    let mut test = crate::build::sanitized_cargo(&workbook.cargo_root());
    test.args(["test", "--quiet"])
        .env("ASAN_OPTIONS", "detect_leaks=1");
    for package in &packages {
        test.args(["--package", package]);
    }
    command(&mut test, &workbook.root)
}

/// The targets learners use besides Linux: the crates they build must type-check there.
pub const OTHER_PLATFORMS: [&str; 2] = ["x86_64-apple-darwin", "x86_64-pc-windows-gnu"];

/// `cargo check --tests` for `target` of every crate a learner builds: the xtask and its
/// launcher, the test kit, the book builder, and every exercise and solution (less those
/// that ship not compiling, and on Windows those whose lesson needs Unix). Build scripts
/// that compile C for the target (psm, through mdBook) use clang, which targets both.
pub fn other_platform(workbook: &Workbook, target: &str) -> Outcome {
    let installed = std::process::Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == target) {
        return Outcome::Skipped(format!(
            "the {target} standard library is not installed (rustup target add {target})"
        ));
    }
    let have_clang = std::process::Command::new("clang")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_clang {
        return Outcome::Skipped(
            "needs clang, which compiles C for other targets (apt-get install clang)".into(),
        );
    }
    let windows = target.contains("windows");
    let mut check = crate::build::cargo();
    check.args(["check", "--quiet", "--tests", "--target", target]);
    check.env(format!("CC_{}", target.replace('-', "_")), "clang");
    for package in ["xtask", "xtask-launch", "testkit", "book-builder"] {
        check.args(["--package", package]);
    }
    for exercise in workbook.exercises() {
        if windows && exercise.unix_only {
            continue;
        }
        let mut sides = vec![Side::Solution];
        if !exercise.compile_error {
            sides.push(Side::Exercise);
        }
        for side in sides {
            match package_name(&workbook.crate_dir(exercise, side)) {
                Ok(name) => check.args(["--package", &name]),
                Err(error) => return Outcome::Failed(format!("{error:#}")),
            };
        }
    }
    command(&mut check, &workbook.root)
}

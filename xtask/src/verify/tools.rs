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

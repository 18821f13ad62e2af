//! Cargo's progress, relayed while the xtask builds something: on a terminal, one line that
//! keeps changing (`building: Compiling tokio v1.54.1`) and is cleared at the end; elsewhere
//! one plain line when compiling starts. A warm build compiles nothing and prints nothing.
//!
//! Shared by the xtask and its launcher (`xtask/launch`), which includes this file by path.

use std::io::{BufRead, BufReader, IsTerminal, Read, Write};

/// Reads cargo's stderr to its end, showing progress as it goes; returns all of it, for
/// an error message if the build fails.
pub fn relay(stderr: impl Read, stage: &str) -> String {
    let terminal = std::io::stderr().is_terminal();
    let mut all = String::new();
    let mut shown = false;
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("Compiling") || trimmed.starts_with("Building") {
            if terminal {
                let mut status: String = format!("{stage}: {trimmed}").chars().take(76).collect();
                status.push_str("\x1b[K");
                eprint!("\r{status}");
                let _ = std::io::stderr().flush();
            } else if !shown {
                eprintln!("{stage}: compiling (only the first run takes long)");
            }
            shown = true;
        }
        all.push_str(&line);
        all.push('\n');
    }
    if shown && terminal {
        eprint!("\r\x1b[K");
    }
    all
}

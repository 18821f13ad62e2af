//! What `tokio::fs` does: run a `std::fs` call on the blocking pool and await it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

// ANCHOR: read_to_string
/// Reads a whole file into a string without blocking the runtime's threads: the
/// same read as `tokio::fs::read_to_string`, written by hand.
///
/// The tests count the threads the runtime starts: the read must run on tokio's own
/// blocking pool. Its errors come back as `io::Error`s, never as a panic.
pub async fn read_to_string(path: impl AsRef<Path>) -> io::Result<String> {
    // std::fs::read_to_string blocks the thread that calls it until the file is read.
    let _ = path;
    todo!("the file's text, read on tokio's blocking pool")
}
// ANCHOR_END: read_to_string

// ANCHOR: temp_path
/// A new name for the temporary file that `save_atomically` writes first: `report.txt`
/// becomes `report.txt.<process id>.<n>.tmp`, in the same directory, so the rename
/// stays on one file system. Every call gives another name: a save that its caller
/// gave up on keeps running on the pool, so two saves of one file can overlap, and
/// they must not write into the same temporary file.
pub fn temp_path(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{}.{n}.tmp", std::process::id()));
    path.with_file_name(name)
}
// ANCHOR_END: temp_path

// ANCHOR: save_atomically
/// Replaces the file at `path` with `contents` so that a reader sees the old file or
/// the new one, never half of it: writes [`temp_path`] first, then renames it over
/// `path`. Whatever fails, the temporary file does not stay behind. Like the read,
/// the save runs on tokio's blocking pool.
pub async fn save_atomically(path: impl AsRef<Path>, contents: String) -> io::Result<()> {
    // A rename within one directory replaces the target in one step; a failed
    // write or rename must not leave the temporary file for someone else to clean.
    let _ = (path, contents);
    todo!("the new contents at `path`, all at once, with no temporary file left")
}
// ANCHOR_END: save_atomically

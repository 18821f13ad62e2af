//! What `tokio::fs` does: run a `std::fs` call on the blocking pool and await it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

// ANCHOR: read_to_string
/// Reads a whole file into a string without blocking the runtime's threads: the
/// same read as `tokio::fs::read_to_string`, written by hand.
pub async fn read_to_string(path: impl AsRef<Path>) -> io::Result<String> {
    // The closure must own what it uses: it may outlive this future.
    let path = path.as_ref().to_owned();
    match tokio::task::spawn_blocking(move || std::fs::read_to_string(path)).await {
        Ok(result) => result,
        // The pool never ran the closure to its end (it panicked, or the runtime
        // shut down first): report it as an I/O error, as tokio::fs does.
        Err(_) => Err(io::Error::other("background task failed")),
    }
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
/// `path`. Whatever fails, the temporary file does not stay behind.
pub async fn save_atomically(path: impl AsRef<Path>, contents: String) -> io::Result<()> {
    let path = path.as_ref().to_owned();
    let work = move || {
        let temp = temp_path(&path);
        let result = std::fs::write(&temp, contents).and_then(|()| std::fs::rename(&temp, &path));
        if result.is_err() {
            // It may not exist (the write failed first); either way it must be gone.
            let _ = std::fs::remove_file(&temp);
        }
        result
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(_) => Err(io::Error::other("background task failed")),
    }
}
// ANCHOR_END: save_atomically

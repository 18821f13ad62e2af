//! What the book builder's test files share: a fresh copy of the fixture book.

use std::fs;
use std::path::{Path, PathBuf};

/// Copies `tests/fixtures/good` into a new temporary folder; the book is at the
/// returned path, inside the folder (which is deleted when dropped).
pub fn fixture_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("fixture");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
        &root,
    );
    (dir, root)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

//! Builds the book with mdBook used as a library, so nobody needs `cargo install mdbook`.
//!
//! Usage: `book-builder ROOT` (the folder with `book.toml`). `cargo xtask book` runs it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // mdBook reports problems (a missing include, a broken link) through `tracing`.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    let book = match mdbook_driver::MDBook::load(&root) {
        Ok(book) => book,
        Err(error) => {
            eprintln!(
                "error: cannot load the book in {}: {error:#}",
                root.display()
            );
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = book.build() {
        eprintln!("error: the book did not build: {error:#}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

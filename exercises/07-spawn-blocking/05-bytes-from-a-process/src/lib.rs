//! A child process writes bytes, not text: decode them without losing the line.

use std::io;
use tokio::io::AsyncBufRead;
use tokio::process::Command;

// ANCHOR: decoded
/// What lossy decoding made of some bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with U+FFFD (`�`) where the bytes were not UTF-8.
    pub text: String,
    /// How many U+FFFD the decoding put in. A U+FFFD that was already in the bytes,
    /// correctly encoded, is text like any other and does not count.
    pub replacements: usize,
    /// Where `String::from_utf8` would fail: the index of the first byte that is
    /// not part of valid UTF-8, or `None` when the bytes are valid UTF-8.
    pub strict_fails_at: Option<usize>,
}
// ANCHOR_END: decoded

// ANCHOR: decode
/// Decodes `bytes` as UTF-8, replacing what is not.
pub fn decode(bytes: &[u8]) -> Decoded {
    // A U+FFFD can be in the bytes already, correctly encoded: it is not a replacement.
    let _ = bytes;
    todo!("the lossy text, how many U+FFFD it added, and where strict decoding fails")
}
// ANCHOR_END: decode

// ANCHOR: run_lossy
/// Runs `command` to its end and decodes what it wrote to its standard output.
/// Waiting for the child must not block the runtime's thread, and a child that writes
/// more than a pipe holds (64 KiB on Linux) must still get to its end.
pub async fn run_lossy(mut command: Command) -> io::Result<Decoded> {
    let _ = &mut command;
    todo!("what the command wrote to its standard output, decoded lossily")
}
// ANCHOR_END: run_lossy

// ANCHOR: lossy_lines
/// Reads lines as they arrive, decoding each one lossily: one bad byte spoils one
/// character, not the whole stream.
pub struct LossyLines<R> {
    reader: R,
    line: Vec<u8>,
}

impl<R: AsyncBufRead + Unpin> LossyLines<R> {
    pub fn new(reader: R) -> LossyLines<R> {
        LossyLines {
            reader,
            line: Vec::new(),
        }
    }

    /// The next line without its `\n`, or `None` at the end of the stream. The last
    /// line counts even when no `\n` ends it.
    pub async fn next_line(&mut self) -> io::Result<Option<String>> {
        // A line of bytes may not be UTF-8; anything that reads it as a String fails.
        let _ = (&mut self.reader, &mut self.line);
        todo!("the next line, decoded lossily, or None at the end of the stream")
    }
}
// ANCHOR_END: lossy_lines

//! A child process writes bytes, not text: decode them without losing the line.

use std::io;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
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
    let text = String::from_utf8_lossy(bytes).into_owned();
    // from_utf8_lossy puts one U+FFFD for each chunk that ends in invalid bytes;
    // counting U+FFFD in `text` would also count the ones that were there before.
    let replacements = bytes
        .utf8_chunks()
        .filter(|chunk| !chunk.invalid().is_empty())
        .count();
    let strict_fails_at = std::str::from_utf8(bytes)
        .err()
        .map(|error| error.valid_up_to());
    Decoded {
        text,
        replacements,
        strict_fails_at,
    }
}
// ANCHOR_END: decode

// ANCHOR: run_lossy
/// Runs `command` to its end and decodes what it wrote to its standard output.
pub async fn run_lossy(mut command: Command) -> io::Result<Decoded> {
    // `output` pipes stdout and stderr, waits for the exit and collects the bytes.
    let output = command.output().await?;
    Ok(decode(&output.stdout))
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
        self.line.clear();
        // Bytes, not a String: `read_line` and `lines()` fail on invalid UTF-8.
        let read = self.reader.read_until(b'\n', &mut self.line).await?;
        if read == 0 {
            return Ok(None);
        }
        if self.line.last() == Some(&b'\n') {
            self.line.pop();
        }
        Ok(Some(String::from_utf8_lossy(&self.line).into_owned()))
    }
}
// ANCHOR_END: lossy_lines

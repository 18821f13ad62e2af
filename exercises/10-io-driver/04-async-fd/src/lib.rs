//! The read end of a pipe, read with tokio's I/O driver through `AsyncFd`.
//!
//! `AsyncFd` registers a file descriptor with the runtime's reactor, exactly as tokio's
//! own sockets are registered, and hands out readiness: `readable().await` waits for
//! an epoll event, and `try_io` runs one non-blocking call and clears the readiness
//! when that call says `WouldBlock`.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use tokio::io::unix::AsyncFd;

/// Reads a pipe without blocking the runtime's thread.
pub struct PipeReader {
    fd: AsyncFd<File>,
}

// ANCHOR: pipe_reader
impl PipeReader {
    /// Takes the read end of a pipe (blocking, as `pipe(2)` makes it).
    pub fn new(fd: OwnedFd) -> io::Result<PipeReader> {
        let _ = (fd.as_raw_fd(), libc::O_NONBLOCK, File::from(fd));
        let _ = AsyncFd::<File>::register; // unsafe: read its `# Safety` first
        todo!("register the pipe with tokio's reactor, ready for non-blocking reads")
    }

    /// Reads some bytes into `buf`, waiting for them without blocking; `Ok(0)` once
    /// the writer has closed its end.
    pub async fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        let _ = (&self.fd, buf);
        todo!("wait until the pipe is readable, then read without blocking")
    }
}
// ANCHOR_END: pipe_reader

impl PipeReader {
    /// Reads until the writer closes its end.
    pub async fn read_to_end(&self) -> io::Result<Vec<u8>> {
        let mut all = Vec::new();
        let mut buf = [0u8; 16];
        loop {
            match self.read(&mut buf).await? {
                0 => return Ok(all),
                n => all.extend_from_slice(&buf[..n]),
            }
        }
    }
}

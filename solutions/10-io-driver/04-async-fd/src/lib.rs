//! The read end of a pipe, read with tokio's I/O driver through `AsyncFd`.
//!
//! `AsyncFd` registers a file descriptor with the runtime's reactor, exactly as tokio's
//! own sockets are registered, and hands out readiness: `readable().await` waits for
//! an epoll event, and `try_io` runs one non-blocking call and clears the readiness
//! when that call says `WouldBlock`.

use std::fs::File;
use std::io::{self, Read};
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
        // The reactor only says "ready"; the read itself must never wait. Without
        // O_NONBLOCK, a read of an empty pipe would put the runtime's thread to sleep.
        let raw = fd.as_raw_fd();
        let flags = unsafe { libc::fcntl(raw, libc::F_GETFL) };
        if flags < 0 || unsafe { libc::fcntl(raw, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
            return Err(io::Error::last_os_error());
        }
        // `register` is unsafe: the descriptor must stay open while the AsyncFd
        // lives. (`AsyncFd::new` did the same unchecked; tokio 1.54 deprecates it.)
        // SAFETY: the `File` owns the descriptor, and the AsyncFd owns the `File`.
        let fd = unsafe { AsyncFd::register(File::from(fd))? };
        Ok(PipeReader { fd })
    }

    /// Reads some bytes into `buf`, waiting for them without blocking; `Ok(0)` once
    /// the writer has closed its end.
    pub async fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let mut guard = self.fd.readable().await?;
            // `try_io` clears the readiness if the read says WouldBlock: the next
            // `readable()` then waits for a new event.
            match guard.try_io(|file| file.get_ref().read(buf)) {
                Ok(result) => return result,
                Err(_would_block) => continue,
            }
        }
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

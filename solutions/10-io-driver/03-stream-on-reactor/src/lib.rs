//! A `TcpStream` of your own, on the reactor of the previous exercise: what tokio's
//! `TcpStream` does with its `PollEvented` and the I/O driver, in a few lines.
//!
//! To read: ask the reactor whether the socket is readable. If it is, try the read. A
//! `WouldBlock` means the readiness was used up: clear it, and ask again, which leaves
//! this poll's waker with the reactor for the next event.

pub mod reactor;

use mio::Token;
use reactor::{Direction, Reactor};
use std::future::poll_fn;
use std::io::{self, ErrorKind, Read, Write};
use std::sync::Arc;
use std::task::{Context, Poll, ready};

/// A non-blocking TCP stream whose waits are the reactor's business.
pub struct TcpStream {
    reactor: Arc<Reactor>,
    token: Token,
    io: mio::net::TcpStream,
}

impl TcpStream {
    /// Makes `stream` non-blocking and registers it with `reactor`.
    pub fn new(reactor: &Arc<Reactor>, stream: std::net::TcpStream) -> io::Result<TcpStream> {
        stream.set_nonblocking(true)?;
        let mut io = mio::net::TcpStream::from_std(stream);
        let token = reactor.register(&mut io)?;
        Ok(TcpStream {
            reactor: reactor.clone(),
            token,
            io,
        })
    }

    // ANCHOR: poll_read
    /// Reads into `buf` once the socket has bytes (or is closed: `Ok(0)`).
    pub fn poll_read(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>> {
        loop {
            // Pending here leaves this poll's waker with the reactor.
            let event = ready!(self.reactor.poll_ready(self.token, Direction::Read, cx));
            match (&self.io).read(buf) {
                // The readiness was stale: forget it, then ask again.
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.reactor.clear_ready(self.token, event)
                }
                result => return Poll::Ready(result),
            }
        }
    }

    /// Writes some of `buf` once the socket has room.
    pub fn poll_write(&self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        loop {
            let event = ready!(self.reactor.poll_ready(self.token, Direction::Write, cx));
            match (&self.io).write(buf) {
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.reactor.clear_ready(self.token, event)
                }
                result => return Poll::Ready(result),
            }
        }
    }
    // ANCHOR_END: poll_read

    /// Reads into `buf`: what `AsyncReadExt::read` does for tokio's streams.
    pub async fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        poll_fn(|cx| self.poll_read(cx, buf)).await
    }

    /// Writes all of `buf`.
    pub async fn write_all(&self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let n = poll_fn(|cx| self.poll_write(cx, buf)).await?;
            if n == 0 {
                return Err(ErrorKind::WriteZero.into());
            }
            buf = &buf[n..];
        }
        Ok(())
    }
}

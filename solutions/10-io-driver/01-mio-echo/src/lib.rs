//! An echo server for one connection, written on mio by hand: one thread, non-blocking
//! sockets, and a `Poll` that sleeps in `epoll_wait` until a socket is ready.
//!
//! mio's events are edge-triggered: an event says "something changed", once. So after
//! an event we read until the socket says `WouldBlock`, and write until it says
//! `WouldBlock` or we have nothing left to write; only then do we sleep again.

use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Token};
use std::io::{self, ErrorKind, Read, Write};

const LISTENER: Token = Token(0);
const CLIENT: Token = Token(1);

// ANCHOR: serve_one
/// Accepts one connection on `listener` and echoes every byte it receives, until the
/// peer has closed its sending side and everything it sent was written back. Returns
/// how many bytes were echoed.
pub fn serve_one(mut listener: TcpListener) -> io::Result<usize> {
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(16);
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    // Wait until a connection is there to accept.
    let mut stream = loop {
        match listener.accept() {
            Ok((stream, _peer)) => break stream,
            Err(e) if e.kind() == ErrorKind::WouldBlock => wait(&mut poll, &mut events)?,
            Err(e) => return Err(e),
        }
    };
    let mut interest = Interest::READABLE;
    poll.registry().register(&mut stream, CLIENT, interest)?;

    let mut unsent: Vec<u8> = Vec::new(); // read, not yet written back
    let mut echoed = 0;
    let mut peer_closed = false;
    let mut buf = [0u8; 4096];
    loop {
        // Read everything there is: the next event comes only when more arrives.
        while !peer_closed {
            match stream.read(&mut buf) {
                Ok(0) => peer_closed = true,
                Ok(n) => unsent.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        // Write as much as the socket takes; `write` may take only part of it.
        while !unsent.is_empty() {
            match stream.write(&unsent) {
                Ok(n) => {
                    unsent.drain(..n);
                    echoed += n;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        if peer_closed && unsent.is_empty() {
            return Ok(echoed);
        }
        // Ask to hear about writability only while something waits to be written.
        let wanted = if unsent.is_empty() {
            Interest::READABLE
        } else {
            Interest::READABLE | Interest::WRITABLE
        };
        if wanted != interest {
            interest = wanted;
            poll.registry().reregister(&mut stream, CLIENT, interest)?;
        }
        wait(&mut poll, &mut events)?;
    }
}
// ANCHOR_END: serve_one

/// Sleeps in `epoll_wait` until at least one event comes. We do not need to look at
/// the events: after any of them, the loop tries both directions.
fn wait(poll: &mut Poll, events: &mut Events) -> io::Result<()> {
    match poll.poll(events, None) {
        Err(e) if e.kind() == ErrorKind::Interrupted => Ok(()),
        other => other,
    }
}

//! An echo server for one connection, written on mio by hand: one thread, non-blocking
//! sockets, and a `Poll` that sleeps in `epoll_wait` until a socket is ready.
//!
//! mio's events are edge-triggered: an event says "something changed", once. So after
//! an event we read until the socket says `WouldBlock`, and write until it says
//! `WouldBlock` or we have nothing left to write; only then do we sleep again.

use mio::net::TcpListener;
use mio::{Events, Interest, Poll, Token};
use std::io::{self, ErrorKind};

const LISTENER: Token = Token(0);
const CLIENT: Token = Token(1);

// ANCHOR: serve_one
/// Accepts one connection on `listener` and echoes every byte it receives, until the
/// peer has closed its sending side and everything it sent was written back. Returns
/// how many bytes were echoed.
pub fn serve_one(listener: TcpListener) -> io::Result<usize> {
    let _ = (listener, LISTENER, CLIENT, wait);
    let _ = (Interest::READABLE, Events::with_capacity(16), Poll::new());
    todo!("echo every byte of one connection until its peer closes, asleep in poll")
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

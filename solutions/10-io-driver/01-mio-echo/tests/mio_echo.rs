//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/10-io-driver/01-mio-echo/mistakes/`):
//! - `one-read-per-event` (one `read` after each event, as if events were
//!   level-triggered): the rest of a big message waits for an event that never comes
//!   (half_a_megabyte_at_once: "the echo stalled").
//! - `write-ignores-the-count` (`write` once and forget what it did not take): bytes go
//!   missing (half_a_megabyte_at_once: "got back the same bytes: no").
//! - `would-block-is-an-error` (`?` on every read and write): the first `WouldBlock`
//!   ends the server with an error (every scenario that sends anything).
//! - `polls-with-a-zero-timeout` (`poll` with `Some(Duration::ZERO)`, a busy loop):
//!   every result is right, but waits_without_spinning says "spun while waiting: yes".
//! - `write_all` on a non-blocking socket: it returns `WouldBlock` as an error once the
//!   send buffer is full (half_a_megabyte_at_once).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::Duration;
use testkit::{Trace, assert_trace, yes_no};

/// How long the client waits for the echo before it calls it stalled. A correct
/// server answers within microseconds.
const PATIENCE: Duration = Duration::from_secs(1);

/// Sets a socket's send buffer (`SO_SNDBUF`) to a few kilobytes. Half a megabyte then
/// never fits in it plus the client's receive buffer (128 KiB by default, grown only
/// as the client reads): the server's writes must meet `WouldBlock`.
fn small_send_buffer(fd: i32) {
    let size: libc::c_int = 8 * 1024;
    let done = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_SNDBUF,
            (&size as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(done, 0, "setsockopt failed");
}

/// Starts the learner's server on a thread; its result comes through the receiver.
fn start_server() -> (SocketAddr, Receiver<std::io::Result<usize>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    // Accepted sockets inherit the listener's buffer sizes.
    small_send_buffer(listener.as_raw_fd());
    let addr = listener.local_addr().unwrap();
    let listener = mio::net::TcpListener::from_std(listener);
    let (tx, rx) = channel();
    thread::spawn(move || {
        let _ = tx.send(mio_echo::serve_one(listener));
    });
    (addr, rx)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Reads until the server closes the connection, or until nothing came for a second.
fn read_echo(trace: &Trace, stream: &mut TcpStream, expected: &[u8]) {
    let mut got = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                trace.log("client: the echo stalled: nothing came for a second");
                break;
            }
            Err(e) => {
                trace.log(format!("client: read failed: {:?}", e.kind()));
                break;
            }
        }
    }
    trace.log(format!(
        "client: got back the same bytes: {}",
        yes_no(got == expected)
    ));
}

fn server_line(result: &Receiver<std::io::Result<usize>>) -> String {
    match result.recv_timeout(PATIENCE) {
        Ok(Ok(n)) => format!("server: returned Ok({n})"),
        Ok(Err(e)) => format!("server: returned the error {:?}", e.kind()),
        Err(_) => "server: has not returned".to_string(),
    }
}

#[test]
fn a_short_message() {
    let trace = Trace::new("the client sends \"hello\", then closes its sending side");
    let (addr, result) = start_server();
    let mut client = connect(addr);
    client.write_all(b"hello").unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    read_echo(&trace, &mut client, b"hello");
    trace.log(server_line(&result));
    assert_trace!("a_short_message", trace);
}

#[test]
fn nothing_sent() {
    let trace = Trace::new("the client connects and closes its sending side at once");
    let (addr, result) = start_server();
    let mut client = connect(addr);
    client.shutdown(Shutdown::Write).unwrap();
    read_echo(&trace, &mut client, b"");
    trace.log(server_line(&result));
    assert_trace!("nothing_sent", trace);
}

#[test]
fn one_message_at_a_time() {
    let trace = Trace::new("three messages, each echoed before the next is sent");
    let (addr, result) = start_server();
    let mut client = connect(addr);
    for message in ["one", "two", "three"] {
        client.write_all(message.as_bytes()).unwrap();
        let mut buf = vec![0u8; message.len()];
        match client.read_exact(&mut buf) {
            Ok(()) => trace.log(format!(
                "client: sent {message:?}, got back {:?}",
                String::from_utf8_lossy(&buf)
            )),
            Err(e) => {
                trace.log(format!("client: sent {message:?}, no echo: {:?}", e.kind()));
                break;
            }
        }
    }
    client.shutdown(Shutdown::Write).unwrap();
    read_echo(&trace, &mut client, b"");
    trace.log(server_line(&result));
    assert_trace!("one_message_at_a_time", trace);
}

#[test]
fn half_a_megabyte_at_once() {
    let trace = Trace::new(
        "the client sends half a megabyte and closes its sending side before it reads anything",
    );
    let message: Vec<u8> = (0..512 * 1024).map(|i| (i % 251) as u8).collect();
    let (addr, result) = start_server();
    let mut client = connect(addr);
    // The client reads nothing until it has sent everything: the server must keep
    // what it cannot write yet, and wait until the socket is writable again.
    let (sent_tx, sent_rx) = channel();
    let writer = {
        let mut client = client.try_clone().unwrap();
        let message = message.clone();
        thread::spawn(move || {
            let sent = client.write_all(&message).is_ok();
            let _ = client.shutdown(Shutdown::Write);
            let _ = sent_tx.send(sent);
        })
    };
    match sent_rx.recv_timeout(PATIENCE) {
        Ok(sent) => {
            trace.log(format!("client: sent it all: {}", yes_no(sent)));
            writer.join().unwrap();
            read_echo(&trace, &mut client, &message);
        }
        Err(_) => trace.log("client: could not send it all: the server stopped reading"),
    }
    trace.log(server_line(&result));
    assert_trace!("half_a_megabyte_at_once", trace);
}

#[test]
fn waits_without_spinning() {
    // The CPU meter sees every thread of the process: `alone` runs this scenario in a
    // process of its own.
    testkit::cpu::alone(|| {
        let trace = Trace::new("the client connects, and sends \"late\" 300 ms later");
        let (addr, result) = start_server();
        let mut client = connect(addr);
        // Wait 300 ms while the server waits too, unless it ends before that.
        let (early, busy) = testkit::cpu::measure(|| result.recv_timeout(testkit::cpu::WINDOW));
        match early {
            Err(RecvTimeoutError::Timeout) => {
                client.write_all(b"late").unwrap();
                client.shutdown(Shutdown::Write).unwrap();
                read_echo(&trace, &mut client, b"late");
                trace.log(server_line(&result));
            }
            Err(RecvTimeoutError::Disconnected) => {
                trace.log("server: gone before the client sent anything")
            }
            Ok(returned) => trace.log(format!(
                "server: returned before the client sent anything: {:?}",
                returned.map_err(|e| e.kind())
            )),
        }
        trace.log(testkit::cpu::spun_line(busy));
        assert_trace!("waits_without_spinning", trace);
    });
}

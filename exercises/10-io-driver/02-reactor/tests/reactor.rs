//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/10-io-driver/02-reactor/mistakes/`):
//! - `wakes-under-the-lock` (calls `wake` while it holds the slots' lock): the woken
//!   task, polled at once, cannot take the lock (an_event_wakes_the_reader: "blocked").
//! - `wakes-before-setting-readiness` (wakes, then marks the slot ready): the woken
//!   task, polled at once, still sees nothing ready (an_event_wakes_the_reader:
//!   "Pending").
//! - `clears-a-newer-event` (`clear_ready` ignores the tick): bytes that came after the
//!   `WouldBlock` are forgotten, and nobody will wake the reader for them
//!   (a_newer_event_is_not_cleared).
//! - `keeps-the-first-waker` (stores a waker only when none is stored): the wake goes
//!   to a waker the task no longer uses (the_newest_waker_is_woken: stale wakes).
//! - `wakes-every-waiter` (any event wakes the reader and the writer): the writer is
//!   woken for bytes it cannot use (only_the_direction_that_is_ready).
//! - `keeps-the-waker-after-waking` (`wake_by_ref`, the waker left in the slot): every
//!   later event wakes a task that did not ask again (a_wake_is_used_once).
//! - readiness not stored, only wakes: an event that came before anyone waited is lost
//!   (ready_before_anyone_waits).
//! - `clear_ready` that does nothing: readiness stays set, and a reader spins on
//!   `WouldBlock` (would_block_clears_the_readiness).

use mio::Token;
use reactor_by_hand::{Direction, Reactor};
use std::future::Future;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;
use testkit::wakers::{ByHand, Wakers};
use testkit::{Trace, assert_trace};

/// A connected pair on loopback: the server side registered with `reactor`, the
/// client side a plain blocking std socket. The registration's own event (a new
/// socket is writable) is turned already, so nothing is pending.
fn pair(reactor: &Reactor) -> (Arc<mio::net::TcpStream>, Token, std::net::TcpStream) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    server.set_nonblocking(true).unwrap();
    let mut server = mio::net::TcpStream::from_std(server);
    let token = reactor.register(&mut server).unwrap();
    reactor.turn(None).unwrap();
    (Arc::new(server), token, client)
}

/// The I/O side of a task: wait until the reactor says readable, read; on
/// `WouldBlock`, clear the readiness and wait again.
struct ReadSome<S = mio::net::TcpStream> {
    reactor: Arc<Reactor>,
    token: Token,
    stream: Arc<S>,
}

impl<S> Future for ReadSome<S>
where
    for<'a> &'a S: Read,
{
    type Output = String;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<String> {
        loop {
            let event = match self.reactor.poll_ready(self.token, Direction::Read, cx) {
                Poll::Ready(event) => event,
                Poll::Pending => return Poll::Pending,
            };
            let mut buf = [0u8; 64];
            match (&*self.stream).read(&mut buf) {
                Ok(n) => return Poll::Ready(String::from_utf8_lossy(&buf[..n]).into()),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.reactor.clear_ready(self.token, event)
                }
                Err(e) => panic!("read failed: {e}"),
            }
        }
    }
}

/// Writes one byte once the socket takes it.
struct WriteOne<S> {
    reactor: Arc<Reactor>,
    token: Token,
    stream: Arc<S>,
}

impl<S> Future for WriteOne<S>
where
    for<'a> &'a S: Write,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let event = match self.reactor.poll_ready(self.token, Direction::Write, cx) {
                Poll::Ready(event) => event,
                Poll::Pending => return Poll::Pending,
            };
            match (&*self.stream).write(b"!") {
                Ok(_) => return Poll::Ready(()),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.reactor.clear_ready(self.token, event)
                }
                Err(e) => panic!("write failed: {e}"),
            }
        }
    }
}

fn read_some<S>(reactor: &Arc<Reactor>, token: Token, stream: &Arc<S>) -> ReadSome<S> {
    ReadSome {
        reactor: reactor.clone(),
        token,
        stream: stream.clone(),
    }
}

fn show<T: std::fmt::Debug>(poll: Poll<T>) -> String {
    match poll {
        Poll::Ready(value) => format!("Ready({value:?})"),
        Poll::Pending => "Pending".to_string(),
    }
}

fn turn_line(reactor: &Reactor) -> String {
    let woken = reactor.turn(None).unwrap();
    format!("reactor: turn woke {woken} waker(s)")
}

#[test]
fn an_event_wakes_the_reader() {
    let trace = Trace::new("a reader waits; the client writes \"ping\"; the reactor turns");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    let mut reader = ByHand::new(read_some(&reactor, token, &server), Wakers::Same);
    reader.poll_again_when_woken(&trace, "reader");
    trace.log(format!("reader: first poll: {}", show(reader.poll())));
    trace.log("client: writes \"ping\"");
    client.write_all(b"ping").unwrap();
    // The wake happens inside `turn`: the reader is polled again at once, from
    // another thread, before `turn` goes on.
    trace.log(turn_line(&reactor));
    trace.log(format!(
        "reader: finished: {}",
        testkit::yes_no(reader.finished())
    ));
    trace.log(format!("reader: woken {} time(s)", reader.counts().wakes));
    assert_trace!("an_event_wakes_the_reader", trace);
}

#[test]
fn ready_before_anyone_waits() {
    let trace = Trace::new("the client writes before anyone waits; then a reader comes");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    trace.log("client: writes \"early\"");
    client.write_all(b"early").unwrap();
    trace.log(turn_line(&reactor));
    let mut reader = ByHand::new(read_some(&reactor, token, &server), Wakers::Same);
    trace.log(format!("reader: first poll: {}", show(reader.poll())));
    assert_trace!("ready_before_anyone_waits", trace);
}

#[test]
fn would_block_clears_the_readiness() {
    let trace = Trace::new("a reader reads everything, meets WouldBlock and clears");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    client.write_all(b"ping").unwrap();
    trace.log(turn_line(&reactor));
    let mut cx = Context::from_waker(Waker::noop());
    let event = reactor.poll_ready(token, Direction::Read, &mut cx);
    trace.log(format!("poll_ready(Read): {}", show(event.map(|_| ()))));
    let mut buf = [0u8; 64];
    let n = (&*server).read(&mut buf).unwrap();
    trace.log(format!("read: {:?}", String::from_utf8_lossy(&buf[..n])));
    let again = (&*server).read(&mut buf).map_err(|e| e.kind());
    trace.log(format!("read again: {again:?}"));
    if let Poll::Ready(event) = event {
        reactor.clear_ready(token, event);
        trace.log("clear_ready");
    }
    let after = reactor.poll_ready(token, Direction::Read, &mut cx);
    trace.log(format!("poll_ready(Read): {}", show(after.map(|_| ()))));
    assert_trace!("would_block_clears_the_readiness", trace);
}

#[test]
fn a_newer_event_is_not_cleared() {
    let trace =
        Trace::new("bytes arrive between a read's WouldBlock and its clear_ready (the tick's job)");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    client.write_all(b"ping").unwrap();
    trace.log(turn_line(&reactor));
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(event) = reactor.poll_ready(token, Direction::Read, &mut cx) else {
        panic!("poll_ready(Read) said Pending after the event for \"ping\"");
    };
    let mut buf = [0u8; 64];
    let n = (&*server).read(&mut buf).unwrap();
    trace.log(format!("read: {:?}", String::from_utf8_lossy(&buf[..n])));
    let again = (&*server).read(&mut buf).map_err(|e| e.kind());
    trace.log(format!("read again: {again:?}"));
    // Here, before the reader clears, the client writes again and the reactor turns:
    // a newer event for the same slot.
    trace.log("client: writes \"pong\"");
    client.write_all(b"pong").unwrap();
    trace.log(turn_line(&reactor));
    reactor.clear_ready(token, event);
    trace.log("clear_ready with the older event");
    let mut reader = ByHand::new(read_some(&reactor, token, &server), Wakers::Same);
    trace.log(format!("reader: first poll: {}", show(reader.poll())));
    assert_trace!("a_newer_event_is_not_cleared", trace);
}

#[test]
fn the_newest_waker_is_woken() {
    let trace = Trace::new("a reader polled twice, with a new waker each time, then woken");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    let mut reader = ByHand::new(read_some(&reactor, token, &server), Wakers::FreshEachPoll);
    trace.log(format!(
        "reader: poll with waker 1: {}",
        show(reader.poll())
    ));
    trace.log(format!(
        "reader: poll with waker 2: {}",
        show(reader.poll())
    ));
    client.write_all(b"ping").unwrap();
    trace.log(turn_line(&reactor));
    let counts = reader.counts();
    trace.log(format!(
        "wakes: {}, of an older waker: {}",
        counts.wakes, counts.stale_wakes
    ));
    trace.log(format!(
        "reader: poll after the wake: {}",
        show(reader.poll())
    ));
    assert_trace!("the_newest_waker_is_woken", trace);
}

#[test]
fn a_wake_is_used_once() {
    let trace = Trace::new("a reader is woken once; more bytes come before it is polled");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    let mut reader = ByHand::new(read_some(&reactor, token, &server), Wakers::Same);
    trace.log(format!("reader: first poll: {}", show(reader.poll())));
    trace.log("client: writes \"one\"");
    client.write_all(b"one").unwrap();
    trace.log(turn_line(&reactor));
    // The reader was woken but has not been polled yet: it waits for nothing now.
    trace.log("client: writes \"two\"");
    client.write_all(b"two").unwrap();
    trace.log(turn_line(&reactor));
    trace.log(format!("reader: woken {} time(s)", reader.counts().wakes));
    assert_trace!("a_wake_is_used_once", trace);
}

/// A connected pair of Unix sockets, registered as `pair` does. Unlike TCP on
/// loopback, a Unix socket stays unwritable until the peer reads what it was sent,
/// whatever else happens: the test can keep the writer waiting.
fn unix_pair(
    reactor: &Reactor,
) -> (
    Arc<mio::net::UnixStream>,
    Token,
    std::os::unix::net::UnixStream,
) {
    let (server, client) = std::os::unix::net::UnixStream::pair().unwrap();
    server.set_nonblocking(true).unwrap();
    let mut server = mio::net::UnixStream::from_std(server);
    let token = reactor.register(&mut server).unwrap();
    reactor.turn(None).unwrap();
    (Arc::new(server), token, client)
}

/// Makes the server's send buffer tiny and fills it: the server is not writable
/// until the client reads. Returns how many bytes it wrote.
fn fill_send_buffer(server: &mio::net::UnixStream) -> usize {
    let size: libc::c_int = 4096;
    let done = unsafe {
        libc::setsockopt(
            server.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_SNDBUF,
            (&size as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(done, 0, "setsockopt failed");
    let chunk = [7u8; 4096];
    let mut written = 0;
    loop {
        match (&*server).write(&chunk) {
            Ok(n) => written += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return written,
            Err(e) => panic!("write failed: {e}"),
        }
    }
}

#[test]
fn only_the_direction_that_is_ready() {
    let trace = Trace::new("a reader and a writer wait; bytes come in; then the client reads");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = unix_pair(&reactor);
    let written = fill_send_buffer(&server);
    let mut writer = ByHand::new(
        WriteOne {
            reactor: reactor.clone(),
            token,
            stream: server.clone(),
        },
        Wakers::Same,
    );
    trace.log(format!("writer: first poll: {}", show(writer.poll())));
    let mut reader = ByHand::new(read_some(&reactor, token, &server), Wakers::Same);
    trace.log(format!("reader: first poll: {}", show(reader.poll())));
    trace.log("client: writes \"ping\"");
    client.write_all(b"ping").unwrap();
    trace.log(turn_line(&reactor));
    trace.log(format!(
        "woken: reader {} time(s), writer {} time(s)",
        reader.counts().wakes,
        writer.counts().wakes
    ));
    trace.log("client: reads everything the server wrote");
    let mut sink = vec![0u8; written];
    client.read_exact(&mut sink).unwrap();
    // The space comes back as the client's acknowledgements arrive: turn until the
    // writer is woken, for at most a second.
    for _ in 0..10 {
        if writer.counts().wakes > 0 {
            break;
        }
        reactor.turn(Some(Duration::from_millis(100))).unwrap();
    }
    trace.log(format!(
        "woken: reader {} time(s), writer {} time(s)",
        reader.counts().wakes,
        writer.counts().wakes
    ));
    trace.log(format!(
        "writer: poll after its wake: {}",
        show(writer.poll())
    ));
    assert_trace!("only_the_direction_that_is_ready", trace);
}

/// A waker that the reactor calls: it writes down what that means (an epoll event
/// said token 0, the only socket here, is readable), then wakes the task's real waker.
struct ReactorCalls {
    trace: Trace,
    inner: Waker,
}

impl Wake for ReactorCalls {
    fn wake(self: Arc<Self>) {
        self.trace.log("reactor: token 0 readable");
        self.inner.wake_by_ref();
    }
}

/// `ReadSome`, handing the reactor a waker that shows where the wake comes from.
struct ShowsTheReactor(ReadSome, Trace);

impl Future for ShowsTheReactor {
    type Output = String;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<String> {
        let waker = Waker::from(Arc::new(ReactorCalls {
            trace: self.1.clone(),
            inner: cx.waker().clone(),
        }));
        Pin::new(&mut self.0).poll(&mut Context::from_waker(&waker))
    }
}

#[test]
fn an_event_becomes_a_wake() {
    let trace = Trace::new("a task reads on an executor while a reactor thread turns");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (server, token, mut client) = pair(&reactor);
    // The reactor thread: sleeps in epoll_wait, wakes whoever an event is for. It is
    // left asleep when the test ends.
    {
        let reactor = reactor.clone();
        std::thread::spawn(move || while reactor.turn(None).is_ok() {});
    }
    let writer = {
        let trace = trace.clone();
        std::thread::spawn(move || {
            // Write only once the executor sleeps, so that the order is always the same.
            while !trace
                .lines()
                .iter()
                .any(|l| l == "executor: poll 1 returned Pending")
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            trace.log("client: writes \"ping\"");
            client.write_all(b"ping").unwrap();
        })
    };
    let task = ShowsTheReactor(read_some(&reactor, token, &server), trace.clone());
    let task = testkit::exec::Logged::new(&trace, "read", task);
    let got = testkit::deadline::with_deadline("the read", {
        let trace = trace.clone();
        move || testkit::exec::block_on(&trace, task)
    });
    trace.log(format!("output: {got:?}"));
    writer.join().unwrap();
    assert_trace!("an_event_becomes_a_wake", trace);
}

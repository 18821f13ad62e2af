//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/10-io-driver/03-stream-on-reactor/mistakes/`):
//! - `forgets-to-clear-readiness` (`Pending` after `WouldBlock`, readiness left set):
//!   the reactor keeps no waker, so the next bytes wake nobody (a_second_read: "not
//!   woken within a second").
//! - `pending-without-asking-again` (clears, then returns `Pending` at once): no waker
//!   is left with the reactor either (a_second_read).
//! - `wakes-itself-instead` (`wake_by_ref` and `Pending` on `WouldBlock`, readiness
//!   left set): a busy loop of polls (a_second_read: the polls; waits_without_spinning:
//!   "spun while waiting: yes").
//! - `write-clears-the-read-side` (`poll_write` clears `Read` on `WouldBlock`): the
//!   writer never waits for room: it spins inside one poll (half_a_megabyte_out:
//!   "spun while waiting: yes").
//! - looping on `WouldBlock` without returning (a busy loop inside one poll):
//!   waits_without_spinning says "spun while waiting: yes", or the scenario hangs.

use mio::Token;
use std::future::Future;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::pin::pin;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;
use stream_on_reactor::TcpStream;
use stream_on_reactor::reactor::{Direction, Reactor};
use testkit::{Trace, assert_trace, yes_no};

/// How long the executor waits for a wake before it says nobody woke the task and
/// polls anyway. A correct stream is woken within microseconds of the bytes.
const PATIENCE: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Signal {
    woken: Mutex<bool>,
    changed: Condvar,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        *self.woken.lock().unwrap() = true;
        self.changed.notify_one();
    }
}

/// Polls and wakes that the executor counted.
#[derive(Debug, Default)]
struct Counts {
    polls: usize,
    wakes: usize,
}

/// The executor of chapter 5, made patient: it sleeps until the task's waker is
/// called, but after a second without a wake it writes that down and polls anyway
/// (three times at most), so that a lost wake shows in the trace instead of a hang.
/// With `log`, it writes every poll and wake as `executor: ...` lines.
fn run<F: Future>(trace: &Trace, log: bool, future: F) -> (Option<F::Output>, Counts) {
    let mut future = pin!(future);
    let signal = Arc::new(Signal::default());
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    let mut counts = Counts::default();
    let mut rescues = 0;
    loop {
        counts.polls += 1;
        if log {
            trace.log(format!("executor: poll {}", counts.polls));
        }
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            if log {
                trace.log(format!("executor: poll {} returned Ready", counts.polls));
            }
            return (Some(output), counts);
        }
        if log {
            trace.log(format!("executor: poll {} returned Pending", counts.polls));
        }
        let woken = signal.woken.lock().unwrap();
        let (mut woken, _) = signal
            .changed
            .wait_timeout_while(woken, PATIENCE, |woken| !*woken)
            .unwrap();
        if *woken {
            *woken = false;
            counts.wakes += 1;
            if log {
                trace.log("executor: woken");
            }
        } else if rescues < 3 {
            rescues += 1;
            trace.log("executor: not woken within a second; polls anyway");
        } else {
            trace.log("executor: gives up");
            return (None, counts);
        }
    }
}

/// A reactor with its own thread, asleep in `epoll_wait` until an event comes. The
/// thread is left asleep when the test ends.
fn reactor() -> Arc<Reactor> {
    let reactor = Arc::new(Reactor::new().unwrap());
    start_turning(&reactor);
    reactor
}

fn start_turning(reactor: &Arc<Reactor>) {
    let turner = reactor.clone();
    thread::spawn(move || while turner.turn(None).is_ok() {});
}

/// A connected pair on loopback: (ours, the client's).
fn pair() -> (std::net::TcpStream, std::net::TcpStream) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (ours, _) = listener.accept().unwrap();
    (ours, client)
}

/// Blocks the client's thread until the executor has returned Pending `n` times, so
/// that what the client does next always comes after that poll.
fn after_pending(trace: &Trace, n: usize) {
    let line = format!("executor: poll {n} returned Pending");
    while !trace.lines().contains(&line) {
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn read_what_arrives() {
    let trace = Trace::new("a task reads; the client writes \"hello\" while it waits");
    let reactor = reactor();
    let (ours, mut client) = pair();
    let stream = TcpStream::new(&reactor, ours).unwrap();
    let client = {
        let trace = trace.clone();
        thread::spawn(move || {
            after_pending(&trace, 1);
            trace.log("client: writes \"hello\"");
            client.write_all(b"hello").unwrap();
            client
        })
    };
    let (output, _) = run(&trace, true, async {
        let mut buf = [0u8; 64];
        let n = stream.read(&mut buf).await.unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    });
    trace.log(format!("output: {output:?}"));
    drop(client.join().unwrap());
    assert_trace!("read_what_arrives", trace);
}

#[test]
fn a_second_read() {
    let trace = Trace::new("two reads: \"one\" is there at once, \"two\" comes later");
    let reactor = Arc::new(Reactor::new().unwrap());
    let (ours, mut client) = pair();
    let stream = TcpStream::new(&reactor, ours).unwrap();
    client.write_all(b"one").unwrap();
    // Turn by hand until the reactor has seen "one" (the first socket registered is
    // `Token(0)`), then hand the turning to a thread.
    let mut cx = Context::from_waker(Waker::noop());
    while reactor
        .poll_ready(Token(0), Direction::Read, &mut cx)
        .is_pending()
    {
        reactor.turn(None).unwrap();
    }
    start_turning(&reactor);
    let client = {
        let trace = trace.clone();
        thread::spawn(move || {
            after_pending(&trace, 1);
            trace.log("client: writes \"two\"");
            client.write_all(b"two").unwrap();
            client
        })
    };
    let (output, counts) = run(&trace, true, async {
        let mut got = Vec::new();
        for _ in 0..2 {
            let mut buf = [0u8; 64];
            let n = stream.read(&mut buf).await.unwrap();
            got.push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
        got
    });
    trace.log(format!("output: {output:?}"));
    trace.log(format!("{counts:?}"));
    drop(client.join().unwrap());
    assert_trace!("a_second_read", trace);
}

#[test]
fn half_a_megabyte_out() {
    // The CPU meter sees every thread of the process: `alone` runs this scenario in a
    // process of its own.
    testkit::cpu::alone(|| {
        let trace =
            Trace::new("a task writes half a megabyte; the client starts reading 300 ms later");
        let reactor = reactor();
        let (ours, mut client) = pair();
        // A small send buffer: the task's writes must meet WouldBlock and wait for room.
        let size: libc::c_int = 8 * 1024;
        let done = unsafe {
            libc::setsockopt(
                ours.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_SNDBUF,
                (&size as *const libc::c_int).cast(),
                size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        assert_eq!(done, 0, "setsockopt failed");
        let stream = TcpStream::new(&reactor, ours).unwrap();
        let message: Vec<u8> = (0..512 * 1024).map(|i| (i % 251) as u8).collect();
        let reader = {
            let expected = message.clone();
            thread::spawn(move || {
                thread::sleep(testkit::cpu::WINDOW);
                client.set_read_timeout(Some(PATIENCE)).unwrap();
                let mut got = vec![0u8; expected.len()];
                client.read_exact(&mut got).is_ok() && got == expected
            })
        };
        let ((output, counts), busy) =
            testkit::cpu::measure(|| run(&trace, false, stream.write_all(&message)));
        trace.log(format!(
            "task: wrote it all: {}",
            yes_no(matches!(output, Some(Ok(()))))
        ));
        trace.log(format!(
            "client: got the same bytes: {}",
            yes_no(reader.join().unwrap())
        ));
        trace.log(format!(
            "polls without a wake: {}",
            counts.polls - 1 - counts.wakes
        ));
        trace.log(testkit::cpu::spun_line(busy));
        assert_trace!("half_a_megabyte_out", trace);
    });
}

#[test]
fn waits_without_spinning() {
    // The CPU meter sees every thread of the process: `alone` runs this scenario in a
    // process of its own.
    testkit::cpu::alone(|| {
        let trace = Trace::new("a task reads; the client writes 300 ms after its first poll");
        let reactor = reactor();
        let (ours, mut client) = pair();
        let stream = TcpStream::new(&reactor, ours).unwrap();
        let client = {
            let trace = trace.clone();
            thread::spawn(move || {
                after_pending(&trace, 1);
                thread::sleep(testkit::cpu::WINDOW);
                client.write_all(b"late").unwrap();
                client
            })
        };
        let ((output, counts), busy) = testkit::cpu::measure(|| {
            run(&trace, true, async {
                let mut buf = [0u8; 64];
                let n = stream.read(&mut buf).await.unwrap();
                String::from_utf8_lossy(&buf[..n]).into_owned()
            })
        });
        trace.log(format!("output: {output:?}"));
        trace.log(format!("{counts:?}"));
        trace.log(testkit::cpu::spun_line(busy));
        drop(client.join().unwrap());
        assert_trace!("waits_without_spinning", trace);
    });
}

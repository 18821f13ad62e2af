//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/10-io-driver/04-async-fd/mistakes/`):
//! - `forgets-o-nonblock` (the pipe left blocking): once the pipe is empty, a read
//!   puts the runtime's thread to sleep (a_pause_between_writes: "heartbeat kept
//!   ticking: no").
//! - `never-clears-readiness` (reads through `get_inner()` and, on `WouldBlock`, just
//!   loops): the readiness stays set and `readable()` returns at once, forever
//!   (waits_without_spinning: "spun while waiting: yes").
//! - `returns-would-block` (one `readable().await`, then a plain read whose error is
//!   returned): readiness outlives the bytes that caused it, so the read after an
//!   emptied pipe says `WouldBlock` (a_pause_between_writes: an error).
//! - a blocking `std::io::Read` on the pipe inside the `async fn`, without `AsyncFd`:
//!   the heartbeat stops (a_pause_between_writes).

use async_fd_pipe::PipeReader;
use std::fs::File;
use std::io::Write;
use std::os::fd::{FromRawFd, OwnedFd};
use std::thread;
use testkit::deadline::run_paused;
use testkit::{Trace, assert_trace};

/// A pipe as `pipe(2)` makes it: both ends blocking. (read end, write end)
fn pipe() -> (OwnedFd, File) {
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe failed");
    unsafe { (OwnedFd::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) }
}

fn outcome(result: std::io::Result<Vec<u8>>) -> String {
    match result {
        Ok(bytes) => format!("reader: got {:?}", String::from_utf8_lossy(&bytes)),
        Err(e) => format!("reader: error {:?}", e.kind()),
    }
}

#[test]
fn an_empty_pipe() {
    run_paused(|| async {
        let trace = Trace::new("the writer closes its end without writing");
        let (read_end, write_end) = pipe();
        let reader = PipeReader::new(read_end).unwrap();
        drop(write_end);
        trace.log(outcome(reader.read_to_end().await));
        assert_trace!("an_empty_pipe", trace);
    });
}

#[test]
fn more_than_one_buffer() {
    run_paused(|| async {
        let trace = Trace::new("the writer writes 40 bytes at once, then closes");
        let (read_end, mut write_end) = pipe();
        let reader = PipeReader::new(read_end).unwrap();
        write_end
            .write_all(b"0123456789abcdefghijABCDEFGHIJ!?!?!?!?!?")
            .unwrap();
        drop(write_end);
        trace.log(outcome(reader.read_to_end().await));
        assert_trace!("more_than_one_buffer", trace);
    });
}

#[test]
fn a_pause_between_writes() {
    run_paused(|| async {
        let trace = Trace::new(
            "the writer writes \"one \", waits until the runtime is free, writes \"two\"",
        );
        let gate = testkit::heartbeat::start();
        let (read_end, mut write_end) = pipe();
        let reader = PipeReader::new(read_end).unwrap();
        // The writer waits at the gate: it opens when the heartbeat task, on the
        // reader's runtime, has ticked; or after a second if it cannot tick.
        let writer = {
            let gate = gate.clone();
            thread::spawn(move || {
                write_end.write_all(b"one ").unwrap();
                gate.wait();
                write_end.write_all(b"two").unwrap();
            })
        };
        trace.log(outcome(reader.read_to_end().await));
        writer.join().unwrap();
        trace.log(gate.line());
        assert_trace!("a_pause_between_writes", trace);
    });
}

#[test]
fn waits_without_spinning() {
    // The CPU meter sees every thread of the process: `alone` runs this scenario in a
    // process of its own.
    testkit::cpu::alone(|| {
        let trace = Trace::new("the writer writes \"early\", and \"late\" 300 ms later");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        let (read_end, mut write_end) = pipe();
        let reader = runtime
            .block_on(async { PipeReader::new(read_end) })
            .unwrap();
        write_end.write_all(b"early ").unwrap();
        let writer = thread::spawn(move || {
            thread::sleep(testkit::cpu::WINDOW);
            write_end.write_all(b"late").unwrap();
        });
        let (result, busy) = testkit::cpu::measure(|| runtime.block_on(reader.read_to_end()));
        trace.log(outcome(result));
        trace.log(testkit::cpu::spun_line(busy));
        writer.join().unwrap();
        assert_trace!("waits_without_spinning", trace);
    });
}

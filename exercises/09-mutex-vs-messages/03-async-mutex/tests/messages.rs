//! Likely wrong answers, and the scenario that catches each:
//! - Locking once per line (`connection.lock().await.send_line(line).await`
//!   inside the loop): messages interleave, `three_senders_at_once` and
//!   `many_senders_on_two_threads`.
//! - Not sending every line (returning after the first): `one_sender`.
//! - Holding a std `MutexGuard` across the `.await` instead: does not compile
//!   (`spawn_message` needs a `Send` future).
//! - `blocking_lock()`: it blocks the thread, and inside the runtime it panics.
//! - Waiting for the lock with `try_lock` and `yield_now` in a loop: the waiting
//!   tasks never sleep, so the paused clock never moves on and the holder's
//!   `send_line` never finishes (`three_senders_at_once`).
//!
//! Kept as files in `solutions/09-mutex-vs-messages/03-async-mutex/mistakes/`:
//! `locks-once-per-line.diff` (`three_senders_at_once`),
//! `sends-only-the-first-line.diff` (`one_sender`), `blocking-lock.diff`
//! (`one_sender` panics), `try-lock-and-yield.diff` (`three_senders_at_once`).

use async_mutex::{Connection, SharedConnection, send_message, spawn_message};
use std::sync::Arc;
use testkit::{Trace, assert_trace};
use tokio::sync::Mutex;

fn connect() -> (SharedConnection, Arc<std::sync::Mutex<Vec<String>>>) {
    let connection = Connection::default();
    let server = connection.server_view();
    (Arc::new(Mutex::new(connection)), server)
}

/// Each message is "<name> begin", "<name> <n>", ..., "<name> end".
fn message(name: &str, body_lines: usize) -> Vec<String> {
    let mut lines = vec![format!("{name} begin")];
    lines.extend((1..=body_lines).map(|n| format!("{name} {n}")));
    lines.push(format!("{name} end"));
    lines
}

fn as_strs(lines: &[String]) -> Vec<&str> {
    lines.iter().map(String::as_str).collect()
}

/// Yes when every message's lines arrived together.
fn messages_whole(received: &[String]) -> bool {
    let mut current: Option<&str> = None;
    for line in received {
        let (name, word) = line.split_once(' ').unwrap();
        match (current, word) {
            (None, "begin") => current = Some(name),
            (Some(open), "end") if open == name => current = None,
            (Some(open), _) if open == name && word != "begin" => {}
            _ => return false,
        }
    }
    current.is_none()
}

#[test]
fn one_sender() {
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("one task sends a three-line message");
        let (connection, server) = connect();
        send_message(&connection, &as_strs(&message("a", 1))).await;
        for line in server.lock().unwrap().iter() {
            trace.log(format!("server: {line}"));
        }
        assert_trace!("one_sender", trace);
    });
}

#[test]
fn three_senders_at_once() {
    // A paused clock on one thread: a task that never sleeps stops time, and the
    // scenario gives up after two seconds instead of hanging.
    testkit::deadline::run_paused(|| async {
        let trace = Trace::new("three tasks each send a four-line message at the same time");
        let (connection, server) = connect();
        let tasks: Vec<_> = ["a", "b", "c"]
            .iter()
            .map(|name| spawn_message(&connection, &as_strs(&message(name, 2))))
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let received = server.lock().unwrap().clone();
        for line in &received {
            trace.log(format!("server: {line}"));
        }
        trace.log(format!(
            "every message arrived whole: {}",
            messages_whole(&received)
        ));
        assert_trace!("three_senders_at_once", trace);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_senders_on_two_threads() {
    let trace = Trace::new("20 tasks on two worker threads each send a five-line message");
    let (connection, server) = connect();
    let names: Vec<String> = (1..=20).map(|n| format!("t{n}")).collect();
    let tasks: Vec<_> = names
        .iter()
        .map(|name| spawn_message(&connection, &as_strs(&message(name, 3))))
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let received = server.lock().unwrap().clone();
    trace.log(format!("lines received: {}", received.len()));
    trace.log(format!(
        "every message arrived whole: {}",
        messages_whole(&received)
    ));
    assert_trace!("many_senders_on_two_threads", trace);
}

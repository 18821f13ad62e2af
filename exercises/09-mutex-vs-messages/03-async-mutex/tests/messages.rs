//! Likely wrong answers, and the scenario that catches each:
//! - Locking once per line (`connection.lock().await.send_line(line).await`
//!   inside the loop): messages interleave, `three_senders_at_once` and
//!   `many_senders_on_two_threads`.
//! - Not sending every line (returning after the first): `one_sender`.
//! - Holding a std `MutexGuard` across the `.await` instead: does not compile
//!   (`spawn_message` needs a `Send` future).

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

#[tokio::test(start_paused = true)]
async fn one_sender() {
    let trace = Trace::new("one task sends a three-line message");
    let (connection, server) = connect();
    send_message(&connection, &as_strs(&message("a", 1))).await;
    for line in server.lock().unwrap().iter() {
        trace.log(format!("server: {line}"));
    }
    assert_trace!("one_sender", trace);
}

#[tokio::test(start_paused = true)]
async fn three_senders_at_once() {
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

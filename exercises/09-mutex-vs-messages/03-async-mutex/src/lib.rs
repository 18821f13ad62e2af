//! A connection shared by many tasks: the lock must stay held across `.await`,
//! so it is a `tokio::sync::Mutex`.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// One connection to a server that reads lines. Sending a line takes a
/// while; what the server received is kept in order so we can look at it.
#[derive(Default)]
pub struct Connection {
    received: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Connection {
    /// Sends one line. `&mut self`: one sender at a time.
    pub async fn send_line(&mut self, line: &str) {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.received.lock().unwrap().push(line.to_string());
    }

    /// A way to read what the server received, even after the connection moved.
    pub fn server_view(&self) -> Arc<std::sync::Mutex<Vec<String>>> {
        self.received.clone()
    }
}

// ANCHOR: shared
/// The connection, shared by every task that sends on it.
pub type SharedConnection = Arc<Mutex<Connection>>;
// ANCHOR_END: shared

// ANCHOR: send_message
/// Sends a message of several lines. The server must receive them one after
/// the other, with no line from another message in between.
///
/// Another task may run at every `.await`. What must stay locked, and for how long?
pub async fn send_message(connection: &SharedConnection, lines: &[&str]) {
    let _ = (connection, lines);
    todo!("every line of the message reaches the server, with no other line between")
}
// ANCHOR_END: send_message

/// Sends `lines` as one message from a spawned task.
pub fn spawn_message(connection: &SharedConnection, lines: &[&str]) -> JoinHandle<()> {
    let connection = connection.clone();
    let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    tokio::spawn(async move {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        send_message(&connection, &lines).await;
    })
}

//! A prediction exercise's program: two producers and one consumer share a bounded channel
//! with room for two messages, on a current_thread runtime. In which order do the messages
//! arrive, who waits when, and when does the consumer learn that the channel is closed? The
//! program records every step, in order.

use std::sync::{Arc, Mutex};
use tokio::runtime::Builder;
use tokio::sync::mpsc;

// ANCHOR: program
/// The lines the program records, shared by every task.
type Log = Arc<Mutex<Vec<String>>>;

fn write(log: &Log, line: String) {
    log.lock().unwrap().push(line);
}

/// Sends three messages, then ends, which drops its `Sender`.
async fn producer(log: Log, name: &'static str, tx: mpsc::Sender<String>) {
    for n in 1..=3 {
        let message = format!("{name}{n}");
        write(&log, format!("{name}: sending {message}"));
        tx.send(message.clone()).await.unwrap();
        write(&log, format!("{name}: sent {message}"));
    }
    write(&log, format!("{name}: done"));
}

/// Spawns two producers, each with its own clone of the `Sender`, and receives.
async fn consumer(log: Log) {
    let (tx, mut rx) = mpsc::channel(2);
    tokio::spawn(producer(log.clone(), "a", tx.clone()));
    tokio::spawn(producer(log.clone(), "b", tx));
    write(&log, "consumer: spawned a and b".to_string());
    while let Some(message) = rx.recv().await {
        write(&log, format!("consumer: got {message}"));
    }
    write(&log, "consumer: recv gave None".to_string());
}

pub fn program() -> Vec<String> {
    let log = Log::default();
    let runtime = Builder::new_current_thread().build().unwrap();
    let consumer = runtime.spawn(consumer(log.clone()));
    runtime.block_on(consumer).unwrap();
    log.lock().unwrap().clone()
}
// ANCHOR_END: program

//! The key-value store as an actor: one task owns the map; everyone else sends
//! it messages.

use std::collections::BTreeMap;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

// ANCHOR: command
/// What a handle can ask the actor. Each request carries a oneshot sender:
/// the actor answers through it.
enum Command {
    Set {
        key: String,
        value: u64,
        reply: oneshot::Sender<Option<u64>>,
    },
    Get {
        key: String,
        reply: oneshot::Sender<Option<u64>>,
    },
    Incr {
        key: String,
        reply: oneshot::Sender<u64>,
    },
}
// ANCHOR_END: command

// ANCHOR: actor
/// The actor: it owns the map and the receiver, and answers one request at a
/// time, so the map needs no lock. When every handle (every `Sender`) is gone,
/// `recv` returns `None` and the actor returns its map.
async fn run_actor(mut requests: mpsc::Receiver<Command>) -> BTreeMap<String, u64> {
    // An asker may give up before its answer comes: that must not stop the actor.
    let _ = &mut requests;
    todo!("answer every request in turn; return the map once every handle is gone")
}
// ANCHOR_END: actor

// ANCHOR: handle
/// A handle to the store actor. Clone it to give another task access; the
/// actor stops when the last clone is dropped.
#[derive(Clone)]
pub struct StoreHandle {
    requests: mpsc::Sender<Command>,
}

impl StoreHandle {
    /// Starts the actor. The `JoinHandle` gives the actor's final map once it
    /// has stopped.
    pub fn spawn() -> (StoreHandle, JoinHandle<BTreeMap<String, u64>>) {
        // A small buffer: senders wait (backpressure) when the actor falls behind.
        let (requests, receiver) = mpsc::channel(8);
        let actor = tokio::spawn(run_actor(receiver));
        (StoreHandle { requests }, actor)
    }

    /// Sets `key` to `value` and returns the value it had before, if any.
    pub async fn set(&self, key: &str, value: u64) -> Option<u64> {
        let (reply, answer) = oneshot::channel();
        let key = key.to_string();
        self.ask(Command::Set { key, value, reply }).await;
        answer.await.expect("the store actor stopped")
    }
    // ANCHOR_END: handle

    // ANCHOR: get_incr
    /// The value of `key`, if it has one.
    pub async fn get(&self, key: &str) -> Option<u64> {
        let _ = key;
        todo!("the actor's answer to a Get for `key`")
    }

    /// Adds one to `key` (a missing key counts as 0) and returns the new value.
    pub async fn incr(&self, key: &str) -> u64 {
        let _ = key;
        todo!("the actor's answer to an Incr of `key`")
    }
    // ANCHOR_END: get_incr

    async fn ask(&self, command: Command) {
        // The actor only stops once every handle is gone, and we are one.
        if self.requests.send(command).await.is_err() {
            panic!("the store actor stopped");
        }
    }
}

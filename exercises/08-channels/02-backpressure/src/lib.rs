//! Backpressure: a bounded channel makes a fast producer wait for a slow consumer.
//!
//! `mpsc::channel(capacity)` holds at most `capacity` messages that were sent but
//! not yet received. When it is full, `send(..).await` waits until the consumer
//! takes one; `try_send` does not wait, it says `Full` and gives the message back.

use tokio::sync::mpsc;

/// What happened to one message.
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    /// There was room in the channel: sent without waiting.
    AtOnce(u32),
    /// The channel was full: the producer waited for the consumer to make room.
    AfterWaiting(u32),
    /// The receiver is gone: the message came back and the producer stopped.
    ReceiverGone(u32),
}

// ANCHOR: produce
/// Sends every item, in order, and tells `report` how each one went. Stops after
/// the first `Sent::ReceiverGone`.
pub async fn produce(tx: &mpsc::Sender<u32>, items: Vec<u32>, mut report: impl FnMut(Sent)) {
    // A message that did not fit at once must still arrive.
    let _ = (tx, items, &mut report);
    todo!("send each item, reporting whether it fitted at once, waited, or came back")
}
// ANCHOR_END: produce

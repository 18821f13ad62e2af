//! Many producers, one consumer: tokio's bounded `mpsc` channel.
//!
//! The consumer never counts its producers. It stops when `recv` returns `None`,
//! and that happens only once every `Sender` has been dropped.

use tokio::sync::mpsc;

// ANCHOR: gather
/// Starts one task per name; the task for `name` sends `"name 1"`, `"name 2"`, ...
/// up to `per_producer` messages. Returns every message the consumer received, in
/// the order it received them, once no producer can send any more.
pub async fn gather(names: &[&str], per_producer: usize) -> Vec<String> {
    let (tx, mut rx) = mpsc::channel(32);
    for name in names {
        // Each producer owns its own clone; the channel counts them.
        let tx = tx.clone();
        let name = name.to_string();
        tokio::spawn(async move {
            for i in 1..=per_producer {
                // Waits only while 32 messages are queued and not yet received.
                if tx.send(format!("{name} {i}")).await.is_err() {
                    return;
                }
            }
            // The task ends here and drops its `tx`.
        });
    }
    // This function still holds the first `tx`.
    let _ = (&tx, &mut rx);
    todo!("every message, in the order received, once no producer can send")
}
// ANCHOR_END: gather

// ANCHOR: send_all
/// Sends `items` in order. If the receiver is gone, `send` fails and hands the
/// message back: return it together with the items never tried, in order.
/// Returns an empty `Vec` when everything was delivered.
pub async fn send_all(tx: &mpsc::Sender<String>, items: Vec<String>) -> Vec<String> {
    let _ = (tx, items);
    todo!("send every item in order; give back the undelivered ones, in order")
}
// ANCHOR_END: send_all

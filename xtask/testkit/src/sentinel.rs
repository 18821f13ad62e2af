//! Was shared state freed? Values that count how many of them were made and dropped.
//!
//! A leaked `Arc` cycle or a `mem::forget` of a channel's shared state breaks nothing
//! a scenario can see, and plain `check` runs no leak detector. Put [`Sentinel`]s
//! where the learner's code keeps state (as the values sent through a channel, inside
//! the item a shared store holds) and, once everything should be gone, write
//! [`Sentinels::line`] into the trace: `values never dropped: 0`. A leak shows as
//! `values never dropped: 2`, on every run: the counts are exact, no timing involved.
//!
//! ```
//! use testkit::sentinel::Sentinels;
//! let sentinels = Sentinels::new();
//! let kept = vec![sentinels.make(), sentinels.make()];
//! let leaked = std::mem::ManuallyDrop::new(sentinels.make()); // never dropped, as with `mem::forget`
//! drop(kept);
//! assert_eq!(sentinels.line(), "values never dropped: 1");
//! # drop(std::mem::ManuallyDrop::into_inner(leaked));
//! ```

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Makes [`Sentinel`]s and counts them. Clones share the counts.
#[derive(Clone, Default)]
pub struct Sentinels {
    counts: Arc<Counts>,
}

#[derive(Default)]
struct Counts {
    made: AtomicUsize,
    dropped: AtomicUsize,
}

/// A value that is counted when it is made and when it is dropped. Cloning makes a
/// new one (and counts it). Its number says which one it is, in the order made.
pub struct Sentinel {
    counts: Arc<Counts>,
    number: usize,
}

impl Sentinels {
    pub fn new() -> Sentinels {
        Sentinels::default()
    }

    /// A new sentinel; the first is number 1.
    pub fn make(&self) -> Sentinel {
        let number = self.counts.made.fetch_add(1, Ordering::SeqCst) + 1;
        Sentinel {
            counts: self.counts.clone(),
            number,
        }
    }

    /// How many were made.
    pub fn made(&self) -> usize {
        self.counts.made.load(Ordering::SeqCst)
    }

    /// How many were dropped.
    pub fn dropped(&self) -> usize {
        self.counts.dropped.load(Ordering::SeqCst)
    }

    /// How many were made and not dropped yet.
    pub fn alive(&self) -> usize {
        self.made() - self.dropped()
    }

    /// `values never dropped: N`, for a trace, once every value should be gone.
    pub fn line(&self) -> String {
        format!("values never dropped: {}", self.alive())
    }
}

impl Sentinel {
    /// Which one it is: 1 for the first made.
    pub fn number(&self) -> usize {
        self.number
    }
}

impl Clone for Sentinel {
    fn clone(&self) -> Sentinel {
        Sentinels {
            counts: self.counts.clone(),
        }
        .make()
    }
}

impl Drop for Sentinel {
    fn drop(&mut self) {
        self.counts.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

/// Shows as `sentinel 3`, so a value received from a channel can go into a trace.
impl fmt::Debug for Sentinel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sentinel {}", self.number)
    }
}

impl fmt::Display for Sentinel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sentinel {}", self.number)
    }
}

impl PartialEq for Sentinel {
    fn eq(&self, other: &Sentinel) -> bool {
        self.number == other.number
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn counts_made_and_dropped() {
        let sentinels = Sentinels::new();
        let one = sentinels.make();
        let two = one.clone();
        assert_eq!((one.number(), two.number()), (1, 2));
        assert_eq!(format!("{two:?}"), "sentinel 2");
        drop(one);
        assert_eq!((sentinels.made(), sentinels.dropped()), (2, 1));
        drop(two);
        assert_eq!(sentinels.line(), "values never dropped: 0");
    }

    /// Shared state that points at itself: the classic leak of an `Arc` cycle.
    struct Node {
        _value: Sentinel,
        next: Mutex<Option<Arc<Node>>>,
    }

    #[test]
    fn an_arc_cycle_shows_as_values_never_dropped() {
        let sentinels = Sentinels::new();
        let node = Arc::new(Node {
            _value: sentinels.make(),
            next: Mutex::new(None),
        });
        *node.next.lock().unwrap() = Some(node.clone());
        let still_there = Arc::downgrade(&node);
        drop(node);
        assert_eq!(sentinels.line(), "values never dropped: 1");
        // Break the cycle, so that the test itself leaks nothing (LeakSanitizer).
        let node = still_there.upgrade().unwrap();
        node.next.lock().unwrap().take();
        drop(node);
        assert_eq!(sentinels.line(), "values never dropped: 0");
    }

    #[test]
    fn a_channel_dropped_with_values_in_it_frees_them() {
        let sentinels = Sentinels::new();
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(sentinels.make()).unwrap();
        tx.send(sentinels.make()).unwrap();
        drop((tx, rx));
        assert_eq!(sentinels.line(), "values never dropped: 0");
    }

    #[test]
    fn a_forgotten_channel_leaks_its_values() {
        let sentinels = Sentinels::new();
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(sentinels.make()).unwrap();
        tx.send(sentinels.make()).unwrap();
        drop(tx);
        let forgotten = std::mem::ManuallyDrop::new(rx); // as `mem::forget` does
        assert_eq!(sentinels.line(), "values never dropped: 2");
        // Free it after all, so that the test itself leaks nothing (LeakSanitizer).
        drop(std::mem::ManuallyDrop::into_inner(forgotten));
        assert_eq!(sentinels.line(), "values never dropped: 0");
    }
}

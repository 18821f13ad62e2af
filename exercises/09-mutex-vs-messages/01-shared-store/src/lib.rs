//! A small key-value store shared by many tasks through `Arc<Mutex<_>>`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

// ANCHOR: store
/// A key-value store that many tasks use at once.
///
/// Cloning a `Store` gives another handle to the same map, the way cloning an
/// `Arc` gives another pointer to the same value.
#[derive(Clone, Default)]
pub struct Store {
    // `Arc` so every clone points at one map; `Mutex` so only one thread at a
    // time changes it. A std mutex is right here: nobody holds it across `.await`.
    map: Arc<Mutex<BTreeMap<String, u64>>>,
}
// ANCHOR_END: store

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    // ANCHOR: methods
    /// Sets `key` to `value` and returns the value it had before, if any.
    pub fn set(&self, key: &str, value: u64) -> Option<u64> {
        self.map.lock().unwrap().insert(key.to_string(), value)
    }

    /// The value of `key`, if it has one.
    pub fn get(&self, key: &str) -> Option<u64> {
        let _ = key;
        todo!("the value of `key` now, if it has one")
    }

    /// Adds one to `key` (a missing key counts as 0) and returns the new value.
    ///
    /// Many threads call it at once on the same key: the tests check that every call
    /// is counted, none lost.
    pub fn incr(&self, key: &str) -> u64 {
        let _ = key;
        todo!("one more for `key`, counted even when many threads add at once")
    }

    /// Every entry, in key order.
    pub fn entries(&self) -> Vec<(String, u64)> {
        todo!("a copy of every entry, in key order")
    }
    // ANCHOR_END: methods
}

// ANCHOR: count_words
/// Counts the words of every text, one spawned task per text, all of them
/// writing into one shared store. Returns when every task has finished. Words are
/// what `split_whitespace` gives.
pub async fn count_words(texts: Vec<String>) -> Store {
    let store = Store::new();
    let _ = (&store, texts);
    todo!("the store, once one task per text has counted that text's words into it")
}
// ANCHOR_END: count_words

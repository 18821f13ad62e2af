//! A worker's local run queue, built like tokio's (`runtime/scheduler/multi_thread/queue.rs`):
//! a ring buffer of fixed size, one owner that pushes and pops, and any number of thieves
//! that take half of it at once.
//!
//! Slots are `Mutex<Option<T>>` here, so the code stays safe; tokio uses `UnsafeCell`
//! and relies on the head and tail indices alone. The indices are the lesson.

use std::sync::atomic::AtomicU16;
use std::sync::atomic::AtomicU32;
use std::sync::atomic::Ordering::{AcqRel, Acquire, Release};
use std::sync::{Arc, Mutex};

// ANCHOR: types
/// How many tasks the ring holds. tokio's holds 256 (`LOCAL_QUEUE_CAPACITY`); a small ring
/// shows the same behaviour with fewer tasks.
pub const CAPACITY: usize = 8;
/// A position's slot is `position & MASK` (positions only grow, and wrap around `u16`).
const MASK: usize = CAPACITY - 1;
/// How many tasks move to the global queue when the ring is full (the newest half).
const HALF: u16 = (CAPACITY / 2) as u16;

struct Inner<T> {
    /// Two heads in one word, so both change in one atomic step: `steal` (high 16 bits)
    /// and `real` (low 16 bits). Equal when no steal is going on. A thief moves `real`
    /// forward to claim tasks, copies them, then sets `steal` equal to `real` again.
    head: AtomicU32,
    /// Where the owner writes the next task. Only the owner changes it.
    tail: AtomicU16,
    buffer: Box<[Mutex<Option<T>>]>,
}

/// The owner's end: only the worker that owns the queue pushes and pops.
pub struct Local<T> {
    inner: Arc<Inner<T>>,
}

/// A thief's end: other workers steal through it.
pub struct Stealer<T> {
    inner: Arc<Inner<T>>,
}

/// Tasks a thief has claimed (the `real` head has moved past them) but not yet copied.
pub struct Claim<'a, T> {
    src: &'a Inner<T>,
    /// The position of the first claimed task.
    first: u16,
    /// How many tasks were claimed.
    n: u16,
}

fn pack(steal: u16, real: u16) -> u32 {
    (u32::from(steal) << 16) | u32::from(real)
}

fn unpack(head: u32) -> (u16, u16) {
    ((head >> 16) as u16, head as u16)
}
// ANCHOR_END: types

/// A new, empty queue: the owner's end and a thief's end.
pub fn local<T>() -> (Local<T>, Stealer<T>) {
    let inner = Arc::new(Inner {
        head: AtomicU32::new(0),
        tail: AtomicU16::new(0),
        buffer: (0..CAPACITY).map(|_| Mutex::new(None)).collect(),
    });
    (
        Local {
            inner: inner.clone(),
        },
        Stealer { inner },
    )
}

impl<T> Inner<T> {
    fn put(&self, position: u16, task: T) {
        let old = self.buffer[position as usize & MASK]
            .lock()
            .unwrap()
            .replace(task);
        // A correct queue never writes over a task; a wrong one loses it here.
        drop(old);
    }

    fn take(&self, position: u16) -> T {
        self.buffer[position as usize & MASK]
            .lock()
            .unwrap()
            .take()
            .expect("a task in every claimed slot")
    }
}

impl<T> Local<T> {
    /// How many tasks the owner can still pop (claimed tasks are not counted).
    pub fn len(&self) -> usize {
        let (_, real) = unpack(self.inner.head.load(Acquire));
        let tail = self.inner.tail.load(Acquire);
        usize::from(tail.wrapping_sub(real))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    // ANCHOR: push
    /// Pushes a task at the back. When the ring is full, the newest half of it and
    /// `task` move to `inject` (the global queue), oldest first.
    pub fn push_back_or_overflow(&mut self, task: T, inject: &mut Vec<T>) {
        loop {
            let head = self.inner.head.load(Acquire);
            let (steal, real) = unpack(head);
            let tail = self.inner.tail.load(Acquire);

            if tail.wrapping_sub(steal) < CAPACITY as u16 {
                // Room: slots from `steal` on are still in use while a thief copies.
                self.inner.put(tail, task);
                self.inner.tail.store(tail.wrapping_add(1), Release);
                return;
            }
            if steal != real {
                // A thief is copying tasks out: room is coming. Only this task goes.
                inject.push(task);
                return;
            }
            // Full and nobody stealing: claim everything, then give back the oldest half.
            if self
                .inner
                .head
                .compare_exchange(head, pack(tail, tail), Release, Acquire)
                .is_err()
            {
                continue; // a thief came in between: look again
            }
            // The oldest half (positions real..real+HALF) stays: its slots are the same
            // as tail..tail+HALF.
            self.inner.tail.store(tail.wrapping_add(HALF), Release);
            for i in HALF..CAPACITY as u16 {
                inject.push(self.inner.take(real.wrapping_add(i)));
            }
            inject.push(task);
            return;
        }
    }
    // ANCHOR_END: push

    // ANCHOR: pop
    /// Pops the oldest task the owner still has.
    pub fn pop(&mut self) -> Option<T> {
        let mut head = self.inner.head.load(Acquire);
        let position = loop {
            let (steal, real) = unpack(head);
            let tail = self.inner.tail.load(Acquire);
            if real == tail {
                return None;
            }
            let next_real = real.wrapping_add(1);
            // While a thief copies, `steal` stays where it is.
            let next = if steal == real {
                pack(next_real, next_real)
            } else {
                pack(steal, next_real)
            };
            match self
                .inner
                .head
                .compare_exchange(head, next, AcqRel, Acquire)
            {
                Ok(_) => break real,
                Err(actual) => head = actual,
            }
        };
        Some(self.inner.take(position))
    }
    // ANCHOR_END: pop
}

impl<T> Stealer<T> {
    // ANCHOR: claim
    /// Step 1 of a steal: claims half of the victim's tasks (rounded up) by moving the
    /// `real` head past them. Nothing when `dst` is more than half full, when the victim
    /// has no task, or when another thief is still copying.
    pub fn claim(&self, dst: &Local<T>) -> Option<Claim<'_, T>> {
        let (dst_steal, _) = unpack(dst.inner.head.load(Acquire));
        let dst_tail = dst.inner.tail.load(Acquire);
        if dst_tail.wrapping_sub(dst_steal) > HALF {
            return None;
        }
        let mut head = self.inner.head.load(Acquire);
        loop {
            let (steal, real) = unpack(head);
            if steal != real {
                return None; // another thief is copying
            }
            let tail = self.inner.tail.load(Acquire);
            let available = tail.wrapping_sub(real);
            let n = available - available / 2;
            if n == 0 {
                return None;
            }
            let next = pack(steal, real.wrapping_add(n));
            match self
                .inner
                .head
                .compare_exchange(head, next, AcqRel, Acquire)
            {
                Ok(_) => {
                    return Some(Claim {
                        src: &self.inner,
                        first: real,
                        n,
                    });
                }
                Err(actual) => head = actual,
            }
        }
    }
    // ANCHOR_END: claim

    /// A whole steal: claim, then finish at once.
    pub fn steal_into(&self, dst: &mut Local<T>) -> Option<T> {
        let claim = self.claim(dst)?;
        Some(claim.finish(dst))
    }
}

impl<T> Claim<'_, T> {
    /// How many tasks this claim holds.
    pub fn len(&self) -> usize {
        usize::from(self.n)
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    // ANCHOR: finish
    /// Step 2 of a steal: copies the claimed tasks to the back of `dst`, lets the victim's
    /// `steal` head catch up with `real`, and returns the last task copied (the thief runs
    /// it at once; the others become visible in `dst`).
    pub fn finish(self, dst: &mut Local<T>) -> T {
        let dst_tail = dst.inner.tail.load(Acquire);
        for i in 0..self.n {
            let task = self.src.take(self.first.wrapping_add(i));
            dst.inner.put(dst_tail.wrapping_add(i), task);
        }
        // The steal is over: `steal` catches up with `real` (the owner may have moved
        // `real` on meanwhile, so read it again until the exchange succeeds).
        let mut head = self.src.head.load(Acquire);
        loop {
            let (_, real) = unpack(head);
            match self
                .src
                .head
                .compare_exchange(head, pack(real, real), AcqRel, Acquire)
            {
                Ok(_) => break,
                Err(actual) => head = actual,
            }
        }
        let last = dst_tail.wrapping_add(self.n - 1);
        let task = dst.inner.take(last);
        dst.inner.tail.store(last, Release);
        task
    }
    // ANCHOR_END: finish
}

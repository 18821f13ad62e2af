//! Was shared state freed? A global allocator that counts the heap blocks each thread
//! holds.
//!
//! A `mem::forget` of a channel half leaks the `Arc` of its shared state; when that
//! state holds nothing of the test's (the value was received, the waker taken), no
//! sentinel can show it. Counting heap blocks can. The test binary installs
//! [`Counting`] as its global allocator, and a scenario runs the code under test
//! inside [`blocks_kept`] on one thread, with nothing in it that allocates for the
//! test itself (log to the trace before or after, not inside):
//!
//! ```ignore
//! #[global_allocator]
//! static HEAP: testkit::heap::Counting = testkit::heap::Counting;
//!
//! let kept = testkit::heap::blocks_kept(|| {
//!     let (tx, rx) = learner::channel::<u32>();
//!     drop((tx, rx));
//! });
//! trace.log(testkit::heap::kept_line(kept)); // "heap blocks never freed: 0"
//! ```
//!
//! Exact, with no timing: only the calling thread's allocations count, so other
//! tests running at the same time change nothing. A block allocated on one thread and
//! freed on another is counted wrong, so keep the scenario on one thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Blocks this thread allocated minus blocks it freed. `const` and without a
    /// destructor, so the allocator can use it at any time without allocating.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn count(change: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + change));
}

/// The system allocator, counting blocks per thread. Install it with
/// `#[global_allocator]` in the test file that uses [`blocks_kept`].
pub struct Counting;

// SAFETY: every call is forwarded to `System` unchanged; the counting only touches a
// thread-local `Cell`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            count(1);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            count(1);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) };
        count(-1);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { System.realloc(block, layout, new_size) }
    }
}

/// Blocks the calling thread holds now (allocated minus freed, since it started).
pub fn live_blocks() -> isize {
    LIVE.with(Cell::get)
}

/// Runs `f` and returns how many heap blocks it left allocated on this thread.
/// Meaningful only with [`Counting`] installed as the global allocator.
pub fn blocks_kept(f: impl FnOnce()) -> isize {
    let before = live_blocks();
    f();
    live_blocks() - before
}

/// `heap blocks never freed: N`, for the trace.
pub fn kept_line(kept: isize) -> String {
    format!("heap blocks never freed: {kept}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[global_allocator]
    static HEAP: Counting = Counting;

    #[test]
    fn a_forgotten_arc_is_one_block_kept() {
        let kept = blocks_kept(|| {
            let shared = Arc::new(Mutex::new(5u32));
            let other = shared.clone();
            drop(shared);
            std::mem::forget(other);
        });
        assert_eq!(kept_line(kept), "heap blocks never freed: 1");
    }

    #[test]
    fn dropped_state_keeps_nothing() {
        let kept = blocks_kept(|| {
            let shared = Arc::new(Mutex::new(vec![1u8, 2, 3]));
            let other = shared.clone();
            drop((shared, other));
        });
        assert_eq!(kept, 0);
    }
}

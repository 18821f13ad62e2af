//! The buffer must not be kept while `send_checksums` waits: not in the future itself
//! (checked with `size_of_val`) and not on the heap (checked by counting what this
//! thread has allocated and not yet freed). Exact sizes depend on the compiler, so the
//! traces say only whether a size is under a bound.
//!
//! Likely wrong answers, and the scenario that catches each (the files are in the
//! solution's `mistakes/` folder):
//! - `holding-buffer-copied.diff`, `send_checksums_holding_buffer` copied unchanged: the
//!   buffer was borrowed and is still in scope at the `.await`: `future_size`.
//! - `array-dropped.diff`, `drop(buffer)` before the `.await`: the buffer was borrowed
//!   (by `read_block`), and rustc keeps a borrowed local until its scope ends, moved
//!   away or not (for an array of `u8`, which is `Copy`, the `drop` does nothing at
//!   all): `future_size`.
//! - `wrapper-dropped.diff`, the same with a buffer type that is not `Copy`: still
//!   borrowed, still kept: `future_size`.
//! - `await-inside-block.diff`, the `.await` moved inside the block that owns the
//!   buffer: `future_size`.
//! - `heap-buffer-kept.diff`, the buffer moved to the heap (`Box::new([0; BLOCK_SIZE])`)
//!   but still alive at the `.await`: the future is small, but 16 KiB are still held while
//!   it waits: `heap_while_waiting`. (A heap buffer freed before the `.await` passes, and
//!   is correct: see the solution's `alternatives/`.)
//! - `whole-buffer-checksum.diff`, the checksum taken over the whole buffer instead of
//!   `..len` (or a block skipped, or `bytes_read` counted wrong): `three_blocks` and
//!   `link_busy`.

use smaller_futures::{BLOCK_SIZE, Disk, Link, send_checksums, send_checksums_holding_buffer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use testkit::exec::block_on;
use testkit::{Trace, assert_trace, yes_no};

/// Counts, for each thread, the bytes it has allocated and not yet freed, so a test
/// can see what a poll leaves behind on the heap. Tests run on several threads at
/// once; a count per thread keeps them from seeing each other's allocations.
struct CountingAllocator;

thread_local! {
    static HELD_BY_THIS_THREAD: Cell<isize> = const { Cell::new(0) };
}

fn count(change: isize) {
    // `try_with` fails only while the thread is being torn down: nothing to count then.
    let _ = HELD_BY_THIS_THREAD.try_with(|held| held.set(held.get() + change));
}

fn heap_held() -> isize {
    HELD_BY_THIS_THREAD.with(Cell::get)
}

// SAFETY: every call is passed on to the system allocator unchanged; counting reads
// only the layout.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: the caller's promises about `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: `ptr` came from `alloc` above, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Blocks of different lengths and contents, the last one shorter than a buffer.
fn disk(blocks: usize) -> Disk {
    let block = |n: usize| {
        (0..BLOCK_SIZE - n * 1000)
            .map(|i| (i * (n + 3) % 251) as u8)
            .collect()
    };
    Disk::new((0..blocks).map(block).collect())
}

fn link(trace: &Trace) -> Link {
    let trace = trace.clone();
    Link::new(move |event| trace.log(event))
}

#[test]
fn future_size() {
    let trace = Trace::new("the size of each future, before its first poll");
    trace.log(format!("a block is {BLOCK_SIZE} bytes"));
    let holding = send_checksums_holding_buffer(disk(1), link(&trace));
    let size = std::mem::size_of_val(&holding);
    trace.log(format!(
        "send_checksums_holding_buffer: under 1 KiB: {}",
        yes_no(size < 1024)
    ));
    let future = send_checksums(disk(1), link(&trace));
    let size = std::mem::size_of_val(&future);
    trace.log(format!(
        "send_checksums: under 1 KiB: {}",
        yes_no(size < 1024)
    ));
    assert_trace!("future_size", trace);
}

#[test]
fn heap_while_waiting() {
    let trace = Trace::new("the first send is busy: what is held while the future waits");
    let link = link(&trace);
    link.busy_on_send(1);
    let mut future = pin!(send_checksums(disk(2), link));
    let mut cx = Context::from_waker(Waker::noop());
    let before = heap_held();
    let poll = future.as_mut().poll(&mut cx);
    let held = heap_held() - before;
    trace.log(format!("test: first poll returned {poll:?}"));
    // The trace's own new lines are on the heap too; they take far less than 4 KiB.
    trace.log(format!(
        "test: under 4 KiB more on the heap while it waits: {}",
        yes_no(held < 4096)
    ));
    let Poll::Ready(bytes_read) = future.as_mut().poll(&mut cx) else {
        panic!("the link is no longer busy, so the second poll should finish");
    };
    trace.log(format!("test: send_checksums returned {bytes_read}"));
    assert_trace!("heap_while_waiting", trace);
}

#[test]
fn three_blocks() {
    let trace = Trace::new("three blocks, the link always ready");
    let bytes_read = block_on(&trace, send_checksums(disk(3), link(&trace)));
    trace.log(format!("test: send_checksums returned {bytes_read}"));
    assert_trace!("three_blocks", trace);
}

#[test]
fn link_busy() {
    let trace = Trace::new("three blocks, the second and third sends busy once");
    let link = link(&trace);
    link.busy_on_send(2);
    link.busy_on_send(3);
    let bytes_read = block_on(&trace, send_checksums(disk(3), link));
    trace.log(format!("test: send_checksums returned {bytes_read}"));
    assert_trace!("link_busy", trace);
}

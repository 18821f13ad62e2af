//! A struct that points into itself, and why it must not move once it does.

use std::pin::Pin;

// ANCHOR: buffer
/// Sixteen bytes and a pointer to the first of them.
///
/// An `async fn` that keeps a reference to its own local array across an `.await`
/// compiles to a struct like this one: the array and the reference live side by side.
pub struct Buffer {
    bytes: [u8; 16],
    /// Where `bytes` was when `point_at_self` ran; null before that.
    start: *const u8,
    // As written, every field is `Unpin`, so `Buffer` is `Unpin` too, and `Pin`
    // would let anyone move it. The tests ask the compiler: it must not be `Unpin`.
}
// ANCHOR_END: buffer

impl Buffer {
    /// A buffer holding the first 16 bytes of `text`; `start` is not set yet.
    pub fn new(text: &str) -> Buffer {
        let mut bytes = [0; 16];
        let len = text.len().min(16);
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Buffer {
            bytes,
            start: std::ptr::null(),
        }
    }

    // ANCHOR: point_at_self
    /// Points `start` at `bytes`, wherever this `Buffer` is right now.
    pub fn point_at_self(&mut self) {
        self.start = self.bytes.as_ptr();
    }

    /// Whether `start` points at this buffer's own bytes.
    ///
    /// It only compares two addresses and never reads through `start`, so it
    /// stays safe even when `start` is stale.
    pub fn points_at_itself(&self) -> bool {
        std::ptr::eq(self.start, self.bytes.as_ptr())
    }
    // ANCHOR_END: point_at_self

    /// The address `start` holds, to compare with another (never to read from).
    pub fn start(&self) -> *const u8 {
        self.start
    }

    /// The text, up to the first zero byte.
    pub fn text(&self) -> &str {
        let len = self.bytes.iter().position(|&b| b == 0).unwrap_or(16);
        std::str::from_utf8(&self.bytes[..len]).unwrap_or("<not UTF-8>")
    }

    // ANCHOR: pinned
    /// A buffer holding `text`, on the heap, whose `start` points at its own bytes
    /// there, and pinned there: `points_at_itself` is true now and stays true for
    /// as long as the buffer lives, however the returned box is moved.
    pub fn pinned(text: &str) -> Pin<Box<Buffer>> {
        let _ = text;
        todo!("a pinned Buffer of `text` on the heap, pointing at its own bytes")
    }
    // ANCHOR_END: pinned
}

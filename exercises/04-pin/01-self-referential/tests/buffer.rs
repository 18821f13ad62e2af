//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/04-pin/01-self-referential/mistakes/`, named first):
//! - `pins-without-pointing-at-itself` (`Box::pin(Buffer::new(text))`, `start` never
//!   set): "a pinned buffer points at itself" (start is still null).
//! - `points-before-moving-into-the-box` (`point_at_self()` on a local first, then
//!   `Box::pin(buffer)`): the pointer was taken before the move into the box, so "a
//!   pinned buffer points at itself" says no.
//! - `no-phantom-pinned`: "Buffer opts out of Unpin" says Buffer is Unpin, and then
//!   `Pin` would let anyone move it (`Pin::get_mut`, `mem::swap`).

use self_referential::Buffer;
use std::marker::PhantomData;
use std::pin::Pin;
use testkit::{Trace, assert_trace, yes_no};

#[test]
fn moving_breaks_the_pointer() {
    let trace = Trace::new("a buffer that points at itself, then moves");
    let mut buffer = Buffer::new("hello");
    trace.log(format!(
        "new: start is set: {}",
        yes_no(!buffer.start().is_null())
    ));
    buffer.point_at_self();
    trace.log(format!(
        "after point_at_self: points at itself: {}",
        yes_no(buffer.points_at_itself())
    ));
    let old_bytes = buffer.start();
    // A move copies the bytes of the struct to a new place, `start` included.
    let moved = Box::new(buffer);
    trace.log(format!("moved into a Box: text: {}", moved.text()));
    trace.log(format!(
        "moved into a Box: points at itself: {}",
        yes_no(moved.points_at_itself())
    ));
    trace.log(format!(
        "moved into a Box: start still points where the bytes were before: {}",
        yes_no(moved.start() == old_bytes)
    ));
    assert_trace!("moving_breaks_the_pointer", trace);
}

#[test]
fn a_pinned_buffer_points_at_itself() {
    let trace = Trace::new("a pinned buffer points at itself");
    let buffer = Buffer::pinned("pinned");
    trace.log(format!("text: {}", buffer.text()));
    trace.log(format!(
        "start is set: {}",
        yes_no(!buffer.start().is_null())
    ));
    trace.log(format!(
        "points at itself: {}",
        yes_no(buffer.points_at_itself())
    ));
    assert_trace!("a_pinned_buffer_points_at_itself", trace);
}

fn hand_back(buffer: Pin<Box<Buffer>>) -> Pin<Box<Buffer>> {
    buffer
}

#[test]
fn moving_the_box_keeps_the_buffer_in_place() {
    let trace = Trace::new("moving a Pin<Box<Buffer>> moves the pointer, not the buffer");
    let mut list = vec![Buffer::pinned("first"), Buffer::pinned("second")];
    trace.log(format!(
        "in a Vec: first points at itself: {}",
        yes_no(list[0].points_at_itself())
    ));
    list.reverse();
    trace.log(format!(
        "Vec reversed: {} then {}, both point at themselves: {}",
        list[0].text(),
        list[1].text(),
        yes_no(list.iter().all(|b| b.points_at_itself()))
    ));
    let mut a = hand_back(list.remove(0));
    let mut b = list.remove(0);
    trace.log(format!(
        "through a function: points at itself: {}",
        yes_no(a.points_at_itself())
    ));
    // Swapping two `Pin<Box<_>>` swaps the boxes; the buffers stay where they are.
    std::mem::swap(&mut a, &mut b);
    trace.log(format!(
        "boxes swapped: a is {}, b is {}, both point at themselves: {}",
        a.text(),
        b.text(),
        yes_no(a.points_at_itself() && b.points_at_itself())
    ));
    assert_trace!("moving_the_box_keeps_the_buffer_in_place", trace);
}

// Asks the compiler whether a type is `Unpin`. The inherent method exists only when
// `T: Unpin`; otherwise method lookup falls back to the trait's default, `false`.
struct Probe<T: ?Sized>(PhantomData<T>);

#[allow(dead_code)] // unused while every probed type is `Unpin`
trait NotUnpin {
    fn is_unpin(&self) -> bool {
        false
    }
}

impl<T: ?Sized> NotUnpin for Probe<T> {}

impl<T: ?Sized + Unpin> Probe<T> {
    fn is_unpin(&self) -> bool {
        true
    }
}

macro_rules! is_unpin {
    ($t:ty) => {
        yes_no(Probe::<$t>(PhantomData).is_unpin())
    };
}

#[test]
fn buffer_is_not_unpin() {
    let trace = Trace::new("Buffer opts out of Unpin");
    trace.log(format!("[u8; 16] is Unpin: {}", is_unpin!([u8; 16])));
    trace.log(format!("*const u8 is Unpin: {}", is_unpin!(*const u8)));
    trace.log(format!("Buffer is Unpin: {}", is_unpin!(Buffer)));
    trace.log(format!("Box<Buffer> is Unpin: {}", is_unpin!(Box<Buffer>)));
    trace.log(format!(
        "Pin<Box<Buffer>> is Unpin: {}",
        is_unpin!(Pin<Box<Buffer>>)
    ));
    assert_trace!("buffer_is_not_unpin", trace);
}

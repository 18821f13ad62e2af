//! Futures and helpers shared by this exercise's tests.

use std::cell::Cell;
use std::future::Future;
use std::marker::{PhantomData, PhantomPinned};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

pub fn yes_no(answer: bool) -> &'static str {
    if answer { "yes" } else { "no" }
}

/// Returns `Pending` once, after asking to be polled again: a task that gives way.
pub struct YieldNow(bool);

pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// A `!Unpin` future that writes down the address it is polled at, every time.
///
/// It reads its own address through `&Self` only, so it needs no `unsafe`.
pub struct WhereAmI {
    pending_left: Cell<u32>,
    seen_at: Rc<Cell<Vec<usize>>>,
    _pinned: PhantomPinned,
}

impl WhereAmI {
    pub fn new(pending: u32, seen_at: Rc<Cell<Vec<usize>>>) -> WhereAmI {
        WhereAmI {
            pending_left: Cell::new(pending),
            seen_at,
            _pinned: PhantomPinned,
        }
    }
}

impl Future for WhereAmI {
    type Output = &'static str;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        let this: &WhereAmI = self.into_ref().get_ref();
        let mut seen = this.seen_at.take();
        seen.push(this as *const WhereAmI as usize);
        this.seen_at.set(seen);
        match this.pending_left.get() {
            0 => Poll::Ready("found"),
            n => {
                this.pending_left.set(n - 1);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

/// Asks the compiler whether a type is `Unpin`. The inherent method exists only when
/// `T: Unpin`; otherwise method lookup falls back to the trait's default, `false`.
pub struct Probe<T: ?Sized>(pub PhantomData<T>);

pub trait NotUnpin {
    fn is_unpin(&self) -> bool {
        false
    }
}

impl<T: ?Sized> NotUnpin for Probe<T> {}

impl<T: ?Sized + Unpin> Probe<T> {
    pub fn is_unpin(&self) -> bool {
        true
    }
}

#[macro_export]
macro_rules! is_unpin {
    ($t:ty) => {
        $crate::common::yes_no($crate::common::Probe::<$t>(std::marker::PhantomData).is_unpin())
    };
}

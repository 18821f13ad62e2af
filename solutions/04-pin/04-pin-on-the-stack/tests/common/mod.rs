//! Futures shared by this exercise's tests.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::marker::PhantomPinned;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use testkit::futures::yield_now;
use testkit::yes_no;

/// Gives way `times` times, then returns `output`. An `async fn`, so its future is
/// `!Unpin`: exactly what `select` and `join_all` must pin.
pub async fn after_yields<T>(times: u32, output: T) -> T {
    for _ in 0..times {
        yield_now().await;
    }
    output
}

/// What the futures of one scenario did, in the order it happened; the test reads it
/// after each poll of `join_all` and sorts it, since `join_all` may poll in any order.
pub type Events = Rc<RefCell<Vec<String>>>;

/// A `!Unpin` future that asks to be woken and returns `Pending` `pending` times, then
/// `Ready(label)`. It writes down its polls, and at its drop whether it was dropped at
/// the address where it was polled: a pinned value must be dropped where it was pinned.
/// It reads its own address through `&Self` only, so it needs no `unsafe`.
pub struct Probe {
    label: &'static str,
    pending_left: Cell<u32>,
    finished: Cell<bool>,
    polled_at: Cell<Option<usize>>,
    events: Events,
    _pinned: PhantomPinned,
}

impl Probe {
    pub fn new(label: &'static str, pending: u32, events: &Events) -> Probe {
        Probe {
            label,
            pending_left: Cell::new(pending),
            finished: Cell::new(false),
            polled_at: Cell::new(None),
            events: events.clone(),
            _pinned: PhantomPinned,
        }
    }

    fn log(&self, event: String) {
        self.events.borrow_mut().push(event);
    }
}

impl Future for Probe {
    type Output = &'static str;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        let this: &Probe = self.into_ref().get_ref();
        let here = this as *const Probe as usize;
        if this.polled_at.get().is_some_and(|first| first != here) {
            this.log(format!("{}: polled at another address", this.label));
        }
        this.polled_at.set(Some(here));
        if this.finished.get() {
            this.log(format!(
                "{}: polled again after it returned Ready",
                this.label
            ));
            return Poll::Pending;
        }
        match this.pending_left.get() {
            0 => {
                this.finished.set(true);
                this.log(format!("{}: polled, Ready", this.label));
                Poll::Ready(this.label)
            }
            n => {
                this.pending_left.set(n - 1);
                this.log(format!("{}: polled, Pending", this.label));
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        let here = self as *const Probe as usize;
        let in_place = match self.polled_at.get() {
            Some(at) => yes_no(at == here),
            None => "never polled",
        };
        let finished = if self.finished.get() {
            "finished"
        } else {
            "unfinished"
        };
        self.log(format!(
            "{}: dropped ({finished}), where it was pinned: {in_place}",
            self.label
        ));
    }
}

//! Was a pinned value dropped where it was pinned? A `!Unpin` probe future that writes
//! down its address at every poll and at its drop.
//!
//! Pinning promises that a value stays at its address from its first poll until it is
//! dropped, even after it finished. A learner who moves a finished future out of its
//! pinned place (`Option::take` through `get_unchecked_mut`) before dropping it breaks
//! that promise without any visible effect on a harmless future. The [`Probe`] makes the
//! move visible: [`Where::line`] says `dropped where it was pinned: no`, on every run
//! (addresses are compared, never printed).
//!
//! Safe code only: the probe reads its own address through `&Self` and in `Drop`.
//!
//! ```
//! use std::future::Future;
//! use testkit::pinned::Probe;
//! let (probe, place) = Probe::new(1);
//! let mut boxed = Box::pin(probe);
//! let waker = std::task::Waker::noop();
//! let _ = boxed.as_mut().poll(&mut std::task::Context::from_waker(waker));
//! drop(boxed);
//! assert_eq!(place.line(), "dropped where it was pinned: yes");
//! ```

use std::future::Future;
use std::marker::PhantomPinned;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// A `!Unpin` future: `Pending` (waking itself) `pending` times, then `Ready(())`.
/// Records where it is at each poll and at its drop.
pub struct Probe {
    pending_left: AtomicU32,
    record: Arc<Mutex<Record>>,
    _pinned: PhantomPinned,
}

/// What a [`Probe`] saw; clones share it.
#[derive(Clone)]
pub struct Where {
    record: Arc<Mutex<Record>>,
}

#[derive(Default)]
struct Record {
    polled_at: Vec<usize>,
    dropped_at: Option<usize>,
}

impl Probe {
    pub fn new(pending: u32) -> (Probe, Where) {
        let record = Arc::new(Mutex::new(Record::default()));
        let probe = Probe {
            pending_left: AtomicU32::new(pending),
            record: record.clone(),
            _pinned: PhantomPinned,
        };
        (probe, Where { record })
    }

    fn address(&self) -> usize {
        self as *const Probe as usize
    }
}

impl Future for Probe {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this: &Probe = self.into_ref().get_ref();
        this.record.lock().unwrap().polled_at.push(this.address());
        match this.pending_left.load(Ordering::SeqCst) {
            0 => Poll::Ready(()),
            n => {
                this.pending_left.store(n - 1, Ordering::SeqCst);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        let address = self.address();
        self.record.lock().unwrap().dropped_at = Some(address);
    }
}

impl Where {
    /// Polls so far.
    pub fn polls(&self) -> usize {
        self.record.lock().unwrap().polled_at.len()
    }

    /// Whether the probe was dropped.
    pub fn dropped(&self) -> bool {
        self.record.lock().unwrap().dropped_at.is_some()
    }

    /// `yes` when every poll found the probe at the same address.
    pub fn stayed_put(&self) -> &'static str {
        let record = self.record.lock().unwrap();
        crate::yes_no(record.polled_at.windows(2).all(|w| w[0] == w[1]))
    }

    /// `yes` when it was dropped at the address of its polls, `no` when it moved
    /// first; `not dropped` and `never polled` (so never pinned) otherwise.
    pub fn dropped_where_pinned(&self) -> &'static str {
        let record = self.record.lock().unwrap();
        match (record.polled_at.last(), record.dropped_at) {
            (None, _) => "never polled",
            (Some(_), None) => "not dropped",
            (Some(pinned), Some(dropped)) => crate::yes_no(*pinned == dropped),
        }
    }

    /// `dropped where it was pinned: yes`, for a trace.
    pub fn line(&self) -> String {
        format!(
            "dropped where it was pinned: {}",
            self.dropped_where_pinned()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::pin;
    use std::task::Waker;

    fn poll_once<F: Future>(future: Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn dropped_in_place_says_yes() {
        let (probe, place) = Probe::new(1);
        {
            let mut probe = pin!(probe);
            assert!(poll_once(probe.as_mut()).is_pending());
            assert!(poll_once(probe.as_mut()).is_ready());
            assert_eq!(place.dropped_where_pinned(), "not dropped");
        }
        assert_eq!(place.polls(), 2);
        assert_eq!(place.stayed_put(), "yes");
        assert_eq!(place.line(), "dropped where it was pinned: yes");
    }

    /// The mistake the probe is for: a join that keeps its children inline and takes a
    /// finished one out of its pinned place before dropping it. Written the way a
    /// learner would, with `get_unchecked_mut`.
    struct TakeOutWhenDone {
        child: Option<Probe>,
        moved_to: Vec<Probe>,
    }

    impl Future for TakeOutWhenDone {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            // SAFETY: not sound, on purpose: the child is moved after it was pinned.
            let this = unsafe { self.get_unchecked_mut() };
            let child = this.child.as_mut().expect("polled after Ready");
            // SAFETY: `child` stays in place until the `take` below (the mistake).
            if unsafe { Pin::new_unchecked(child) }.poll(cx).is_ready() {
                let finished = this.child.take().unwrap();
                this.moved_to.push(finished);
                return Poll::Ready(());
            }
            Poll::Pending
        }
    }

    #[test]
    fn moved_before_its_drop_says_no() {
        let (probe, place) = Probe::new(0);
        let mut outer = Box::pin(TakeOutWhenDone {
            child: Some(probe),
            moved_to: Vec::new(),
        });
        assert!(poll_once(outer.as_mut()).is_ready());
        drop(outer);
        assert_eq!(place.line(), "dropped where it was pinned: no");
    }

    #[test]
    fn never_polled_says_so() {
        let (probe, place) = Probe::new(0);
        drop(probe);
        assert_eq!(place.dropped_where_pinned(), "never polled");
    }
}

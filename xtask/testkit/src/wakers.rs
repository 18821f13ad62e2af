//! Wakers for polling by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Wake, Waker};

/// A waker that only records that it was woken, so a scenario that polls by hand can
/// write `woken: yes` or `woken: no` instead of hanging.
pub struct Flag(AtomicBool);

impl Flag {
    pub fn new() -> (Arc<Flag>, Waker) {
        let flag = Arc::new(Flag(AtomicBool::new(false)));
        (flag.clone(), Waker::from(flag))
    }

    /// `yes` or `no`, for a trace.
    pub fn woken(&self) -> &'static str {
        crate::yes_no(self.0.load(Ordering::SeqCst))
    }
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

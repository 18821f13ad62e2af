//! A small, fixed pool of threads with a queue: blocking work without a new thread
//! for every call.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex, mpsc};
use std::task::{Context, Poll};
use std::thread;
use tokio::sync::oneshot;

/// The blocking work panicked; this is its panic message.
#[derive(Debug, PartialEq, Eq)]
pub struct Panicked(pub String);

impl fmt::Display for Panicked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the blocking work panicked: {}", self.0)
    }
}

/// A future of the result of blocking work (the previous exercise's handle).
pub struct BlockingHandle<T> {
    receiver: oneshot::Receiver<thread::Result<T>>,
}

impl<T> Future for BlockingHandle<T> {
    type Output = Result<T, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match Pin::new(&mut self.receiver).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(Ok(value))) => Poll::Ready(Ok(value)),
            Poll::Ready(Ok(Err(payload))) => Poll::Ready(Err(Panicked(panic_message(&*payload)))),
            Poll::Ready(Err(_closed)) => Poll::Ready(Err(Panicked("the thread died".into()))),
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "<a panic payload that is not text>".to_string()
    }
}

// ANCHOR: pool
/// One queued piece of work: it runs the caller's function and sends the outcome.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of threads that take jobs from one queue, first in, first out.
pub struct Pool {
    /// `None` only while dropping: closing the queue tells the threads to stop.
    queue: Option<mpsc::Sender<Job>>,
    threads: Vec<thread::JoinHandle<()>>,
}
// ANCHOR_END: pool

// ANCHOR: new
impl Pool {
    /// Starts `size` threads that wait for jobs.
    pub fn new(size: usize) -> Pool {
        // Each thread must hold the lock on the shared receiver only while it takes a
        // job, never while it runs one, or the threads would take turns.
        let _ = size;
        todo!(
            "make an mpsc channel of Jobs, share its Receiver between `size` threads with Arc<Mutex<..>>, and have each thread take and run jobs until the channel closes"
        )
    }
    // ANCHOR_END: new

    // ANCHOR: spawn_blocking
    /// Queues `f` and returns a future of its result.
    pub fn spawn_blocking<F, T>(&self, f: F) -> BlockingHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // A panic must not end a pool thread: the jobs queued behind it need it.
        let _ = f;
        todo!(
            "wrap `f` in a Job that runs it inside catch_unwind and sends the outcome on a oneshot channel, queue the Job, and return a BlockingHandle holding the receiver"
        )
    }
}
// ANCHOR_END: spawn_blocking

// ANCHOR: drop
impl Drop for Pool {
    /// Closes the queue, lets the threads finish what is queued, and waits for them.
    fn drop(&mut self) {
        drop(self.queue.take());
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
// ANCHOR_END: drop

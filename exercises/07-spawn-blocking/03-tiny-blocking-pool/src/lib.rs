//! A small, fixed pool of threads with a queue: blocking work without a new thread
//! for every call.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc;
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
    ///
    /// The tests observe: jobs start in the order they were queued, on the pool's own
    /// threads; up to `size` run at the same time, never more; an idle thread sleeps
    /// rather than spins; a job that panics does not cost the pool a thread.
    pub fn new(size: usize) -> Pool {
        let _ = size;
        todo!("`size` threads that take queued jobs one by one and run them")
    }
    // ANCHOR_END: new

    // ANCHOR: spawn_blocking
    /// Queues `f` and returns a future of its result: `Err(Panicked(message))` when
    /// `f` panicked.
    pub fn spawn_blocking<F, T>(&self, f: F) -> BlockingHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // A panic must not end a pool thread: the jobs queued behind it need it.
        let _ = f;
        todo!("queue `f` as a Job; its outcome reaches the returned handle")
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

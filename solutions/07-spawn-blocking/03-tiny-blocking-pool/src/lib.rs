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
        assert!(size > 0, "a pool needs at least one thread");
        let (queue, jobs) = mpsc::channel::<Job>();
        // One receiver, shared: whichever idle thread locks it first takes the job.
        let jobs = Arc::new(Mutex::new(jobs));
        let threads = (0..size)
            .map(|_| {
                let jobs = jobs.clone();
                thread::spawn(move || {
                    loop {
                        // The guard is a temporary of this statement, so the lock is
                        // released before the job runs and the others can take jobs.
                        let job = jobs.lock().unwrap().recv();
                        match job {
                            Ok(job) => job(),
                            // Every sender is gone: the pool is being dropped.
                            Err(mpsc::RecvError) => break,
                        }
                    }
                })
            })
            .collect();
        Pool {
            queue: Some(queue),
            threads,
        }
    }
    // ANCHOR_END: new

    // ANCHOR: spawn_blocking
    /// Queues `f` and returns a future of its result.
    pub fn spawn_blocking<F, T>(&self, f: F) -> BlockingHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (sender, receiver) = oneshot::channel();
        let job: Job = Box::new(move || {
            // A panic caught here leaves the pool's thread alive for the next job.
            let outcome = panic::catch_unwind(AssertUnwindSafe(f));
            let _ = sender.send(outcome);
        });
        let queue = self.queue.as_ref().expect("the queue is open until drop");
        queue.send(job).expect("the pool's threads are running");
        BlockingHandle { receiver }
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

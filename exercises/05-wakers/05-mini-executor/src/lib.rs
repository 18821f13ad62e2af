//! A small executor: a run queue of tasks, `spawn` with a `JoinHandle`, and a
//! `run` loop that stops when no task is left.
//!
//! A task is polled only after something woke it, and at most once per batch of
//! wakes: a woken task is put in the queue unless it is already there.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::task::{Context, Poll, Wake, Waker};

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

// ANCHOR: types
/// Cheap to clone: every clone spawns onto the same run queue, so tasks can
/// spawn tasks.
#[derive(Clone, Default)]
pub struct Executor {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Signalled when a task is queued or the last task finishes.
    changed: Condvar,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Arc<Task>>,
    /// Spawned and not finished yet, queued or not.
    unfinished: usize,
}

struct Task {
    /// `None` once the task finished: a finished future must not be polled again.
    future: Mutex<Option<BoxFuture>>,
    /// True while the task sits in the queue, so two wakes queue it once.
    queued: AtomicBool,
    /// Weak: a waker kept somewhere must not keep the whole executor alive.
    executor: Weak<Shared>,
}
// ANCHOR_END: types

impl Shared {
    fn push(&self, task: Arc<Task>) {
        self.state.lock().unwrap().queue.push_back(task);
        self.changed.notify_one();
    }

    fn task_done(&self) {
        // Also called from `Drop`, maybe while a panic unwinds: never panic here.
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.unfinished = state.unfinished.saturating_sub(1);
        if state.unfinished == 0 {
            self.changed.notify_all();
        }
    }
}

// ANCHOR: wake
impl Wake for Task {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let _ = (&self.queued, &self.executor, Shared::push);
        todo!("this task is polled again after the wake, and queued at most once")
    }
}
// ANCHOR_END: wake

impl Drop for Task {
    /// A task can disappear unfinished: it returned Pending and every waker
    /// for it was dropped. Nothing can poll it again, so stop waiting for it.
    fn drop(&mut self) {
        let unfinished = self.future.get_mut().is_ok_and(|future| future.is_some());
        if let (true, Some(executor)) = (unfinished, self.executor.upgrade()) {
            executor.task_done();
        }
    }
}

// ANCHOR: spawn
impl Executor {
    pub fn new() -> Executor {
        Executor::default()
    }

    /// Queues `future` as a new task. The handle is a future for its output.
    pub fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let join = Arc::new(Mutex::new(JoinState {
            output: None,
            waiter: None,
        }));
        let handle = JoinHandle { join: join.clone() };
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(async move {
                let output = future.await;
                complete(&join, output);
            }))),
            queued: AtomicBool::new(true),
            executor: Arc::downgrade(&self.shared),
        });
        let mut state = self.shared.state.lock().unwrap();
        state.unfinished += 1;
        state.queue.push_back(task);
        self.shared.changed.notify_one();
        handle
    }
}
// ANCHOR_END: spawn

// ANCHOR: run
impl Executor {
    /// Polls queued tasks, first in first out, until no task is left. While
    /// tasks are waiting for a wake from elsewhere, the thread sleeps. A task woken
    /// while it is being polled is polled again; a finished one never is.
    pub fn run(&self) {
        while let Some(task) = self.next_task() {
            let _ = task;
            todo!("poll the task once, unless it has finished; a finished task is done")
        }
    }

    /// The next task to poll; `None` when every task has finished.
    fn next_task(&self) -> Option<Arc<Task>> {
        let mut state = self.shared.state.lock().unwrap();
        loop {
            if let Some(task) = state.queue.pop_front() {
                return Some(task);
            }
            if state.unfinished == 0 {
                return None;
            }
            state = self.shared.changed.wait(state).unwrap();
        }
    }
}
// ANCHOR_END: run

// ANCHOR: join
/// Waits for a spawned task and gives its output.
pub struct JoinHandle<T> {
    join: Arc<Mutex<JoinState<T>>>,
}

/// Shared by the task (which fills in the output) and its handle.
struct JoinState<T> {
    output: Option<T>,
    /// The task that awaits the handle, to wake when the output arrives.
    waiter: Option<Waker>,
}

/// Runs at the end of the task: hand over the output and wake the waiter. The waiter
/// may poll the handle at once, on another thread: by then the output is there and
/// the lock is free.
fn complete<T>(join: &Mutex<JoinState<T>>, output: T) {
    let _ = (join, output);
    todo!("the output reaches the handle, and whoever awaits the handle is woken")
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    /// Each poll may bring a new waker: the end of the task wakes the latest one.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let _ = (&self.join, cx);
        todo!("Ready with the output once it is there; until then the end wakes this task")
    }
}
// ANCHOR_END: join

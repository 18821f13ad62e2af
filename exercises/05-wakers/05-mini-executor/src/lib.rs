//! A small executor: a run queue of tasks, `spawn` with a `JoinHandle`, and a
//! `run` loop that stops when no task is left.
//!
//! A task is polled only after something woke it, and at most once per batch of
//! wakes: a woken task is put in the queue unless it is already there.

// The starter code has unused parameters until you fill it in.
#![allow(unused)]

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
        todo!(
            "put this task at the back of the executor's queue (Shared::push), unless it is queued already"
        )
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
    /// tasks are waiting for a wake from elsewhere, the thread sleeps.
    pub fn run(&self) {
        while let Some(task) = self.next_task() {
            todo!(
                "clear the task's `queued` flag, then poll its future (if it still has one) with a Waker made from the task; on Ready, drop the future and call task_done"
            )
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

/// Runs at the end of the task: hand over the output and wake the waiter.
fn complete<T>(join: &Mutex<JoinState<T>>, output: T) {
    todo!("store the output, then wake the waiter if there is one")
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        todo!(
            "Ready with the output if it is there; otherwise keep this task's waker as the waiter"
        )
    }
}
// ANCHOR_END: join

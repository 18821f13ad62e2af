//! The coop budget: a greedy task over a resource that is always ready must still give
//! the thread back to the others, and a budget must be per poll.
//!
//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/12-scheduler/03-coop-budget/mistakes/`, named first):
//! - `pending-without-a-wake`: a_greedy_task_shares_the_thread, where nothing polls the
//!   greedy task again ("never finished").
//! - `budget-not-refilled` (`budget` keeps what was left): the greedy task gets nothing
//!   on its second poll, and every poll after (a_greedy_task_shares_the_thread stops
//!   after 12 polls).
//! - `previous-budget-not-restored`: budgets_nest shows a full budget after the inner
//!   poll, or none.
//! - `one-unit-short` (takes the unit, then checks for zero): 127 numbers a poll.
//! - no budget at all: a_greedy_task_shares_the_thread polls `other` only after 300.

use coop_budget::{BUDGET, Numbers, budget, left, poll_proceed};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use testkit::wakers::{ByHand, Wakers};
use testkit::{Trace, assert_trace};

type Task = (&'static str, Pin<Box<dyn Future<Output = String>>>);

/// Queues the task's index when woken.
struct Wakes {
    index: usize,
    queue: Arc<Mutex<VecDeque<usize>>>,
}

impl Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        let mut queue = self.queue.lock().unwrap();
        if !queue.contains(&self.index) {
            queue.push_back(self.index);
        }
    }
}

/// A one-thread executor, first in first out, that polls every task inside `budget`, as
/// tokio's schedulers do. It stops after `max_polls` polls.
fn run(trace: &Trace, mut tasks: Vec<Task>, max_polls: usize) {
    let queue = Arc::new(Mutex::new((0..tasks.len()).collect::<VecDeque<_>>()));
    let mut done = vec![false; tasks.len()];
    let mut polls = 0;
    loop {
        let Some(index) = queue.lock().unwrap().pop_front() else {
            break;
        };
        if polls == max_polls {
            trace.log(format!("stopped after {max_polls} polls"));
            return;
        }
        polls += 1;
        let (name, future) = &mut tasks[index];
        let waker = Waker::from(Arc::new(Wakes {
            index,
            queue: queue.clone(),
        }));
        trace.log(format!("{name}: poll"));
        match budget(|| future.as_mut().poll(&mut Context::from_waker(&waker))) {
            Poll::Ready(said) => {
                trace.log(format!("{name}: Ready ({said})"));
                done[index] = true;
            }
            Poll::Pending => trace.log(format!("{name}: Pending")),
        }
    }
    for (index, (name, _)) in tasks.iter().enumerate() {
        if !done[index] {
            trace.log(format!("{name}: never finished (nobody polled it again)"));
        }
    }
}

/// Takes `count` numbers, counting them in `got` as it goes.
async fn greedy(count: u32, got: Arc<Mutex<u32>>) -> String {
    let mut numbers = Numbers::default();
    for _ in 0..count {
        numbers.next().await;
        *got.lock().unwrap() += 1;
    }
    format!("took {count} numbers")
}

#[test]
fn a_greedy_task_shares_the_thread() {
    let trace = Trace::new("greedy takes 300 numbers that are always ready; other waits");
    trace.log(format!("budget per poll: {BUDGET}"));
    let got = Arc::new(Mutex::new(0));
    let seen = got.clone();
    let other = async move { format!("greedy had taken {} numbers", seen.lock().unwrap()) };
    run(
        &trace,
        vec![
            ("greedy", Box::pin(greedy(300, got))),
            ("other", Box::pin(other)),
        ],
        12,
    );
    assert_trace!("a_greedy_task_shares_the_thread", trace);
}

#[test]
fn budgets_nest() {
    let trace = Trace::new("a poll inside a poll, as when a task drives another by hand");
    trace.log(format!("outside any task: {:?}", left()));
    budget(|| {
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        for _ in 0..5 {
            let _ = poll_proceed(&mut cx);
        }
        trace.log(format!("outer poll, after 5 operations: {:?}", left()));
        budget(|| {
            for _ in 0..10 {
                let _ = poll_proceed(&mut cx);
            }
            trace.log(format!("inner poll, after 10 operations: {:?}", left()));
        });
        trace.log(format!("outer poll again: {:?}", left()));
    });
    trace.log(format!("outside any task again: {:?}", left()));
    assert_trace!("budgets_nest", trace);
}

#[test]
fn pending_wakes_the_task() {
    let trace = Trace::new("a resource polled by hand inside one budget");
    let mut by_hand = ByHand::new(
        async {
            let mut numbers = Numbers::default();
            loop {
                numbers.next().await;
            }
        },
        Wakers::Same,
    );
    let (first, left_after) = budget(|| (by_hand.poll().map(|_| ()), left()));
    trace.log(format!(
        "first poll inside a budget: {first:?}, budget left: {left_after:?}"
    ));
    trace.log(format!(
        "the waker was woken before Pending: {} time(s)",
        by_hand.counts().wakes
    ));
    // Outside any budget, the same resource never stops.
    let mut numbers = Numbers::default();
    let waker = Waker::noop();
    let mut cx = Context::from_waker(waker);
    let mut ready = 0;
    for _ in 0..1000 {
        let next = std::pin::pin!(numbers.next());
        if next.poll(&mut cx).is_ready() {
            ready += 1;
        }
    }
    trace.log(format!("outside any task: {ready} of 1000 numbers Ready"));
    assert_trace!("pending_wakes_the_task", trace);
}

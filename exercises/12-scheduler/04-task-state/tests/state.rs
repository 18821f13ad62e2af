//! A task's state word through spawn, polls, wakes and the end of its owners. Each
//! scenario does the steps tokio's scheduler, wakers and `JoinHandle` do, in a fixed
//! order, and logs the word after each.
//!
//! Likely wrong answers, and the scenario that catches each (the ones kept as code are
//! in `solutions/12-scheduler/04-task-state/mistakes/`, named first):
//! - `running-keeps-notified`: a_wake_during_the_poll cannot tell the wake from the
//!   old notification; the task is never submitted again.
//! - `idle-keeps-the-reference` (the polled `Notified` is not given up): a_task_from_spawn_to_free
//!   never reaches 0 references (a leak).
//! - `wake-while-running-submits`: a_wake_during_the_poll submits a task that is
//!   being polled (it would be polled twice at once).
//! - `late-wake-keeps-its-reference` (a wake after completion does not give its
//!   reference up): a_waker_outlives_the_join_handle never frees the task.
//! - a wake of a task already notified that submits it again: woken_twice_queued_once.

use task_state_word::{INITIAL_STATE, REF_ONE, State, ToNotified, describe};
use testkit::{Trace, assert_trace};

fn step(trace: &Trace, state: &State, what: &str, action: impl std::fmt::Debug) {
    trace.log(format!("{what}: {action:?} -> {}", describe(state.load())));
}

/// What a `ref_dec` answered, in words.
struct Owners(bool);

impl std::fmt::Debug for Owners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0 {
            "that was the last"
        } else {
            "others remain"
        })
    }
}

fn owners(last: bool) -> Owners {
    Owners(last)
}

fn freed(trace: &Trace, last: bool) {
    trace.log(format!(
        "last reference gone, task freed: {}",
        testkit::yes_no(last)
    ));
}

#[test]
fn a_task_from_spawn_to_free() {
    let trace = Trace::new("spawn, one poll that finishes, then every owner lets go");
    let state = State::new();
    trace.log(format!("spawned: {}", describe(state.load())));
    step(
        &trace,
        &state,
        "scheduler polls",
        state.transition_to_running(),
    );
    state.transition_to_complete();
    trace.log(format!("future Ready: {}", describe(state.load())));
    step(
        &trace,
        &state,
        "the polled Notified is dropped",
        owners(state.ref_dec()),
    );
    step(
        &trace,
        &state,
        "the runtime's task list lets go",
        owners(state.ref_dec()),
    );
    let last = state.drop_join_handle();
    trace.log(format!(
        "the JoinHandle is dropped: {}",
        describe(state.load())
    ));
    freed(&trace, last);
    trace.log(format!("at the end: {}", describe(state.load())));
    assert_trace!("a_task_from_spawn_to_free", trace);
}

#[test]
fn a_pending_poll_then_a_wake() {
    let trace = Trace::new("a poll returns Pending after cloning the waker; the waker wakes it");
    let state = State::new();
    step(
        &trace,
        &state,
        "scheduler polls",
        state.transition_to_running(),
    );
    state.ref_inc();
    trace.log(format!(
        "the future clones its waker: {}",
        describe(state.load())
    ));
    step(
        &trace,
        &state,
        "poll returned Pending",
        state.transition_to_idle(),
    );
    let woke = state.transition_to_notified_by_val();
    step(&trace, &state, "waker.wake()", &woke);
    if woke == ToNotified::Submit {
        step(
            &trace,
            &state,
            "the waker, after submitting, lets go",
            owners(state.ref_dec()),
        );
    }
    step(
        &trace,
        &state,
        "scheduler polls",
        state.transition_to_running(),
    );
    assert_trace!("a_pending_poll_then_a_wake", trace);
}

#[test]
fn a_wake_during_the_poll() {
    let trace = Trace::new("the task is woken by reference while it is being polled");
    let state = State::new();
    step(
        &trace,
        &state,
        "scheduler polls",
        state.transition_to_running(),
    );
    step(
        &trace,
        &state,
        "wake_by_ref during the poll",
        state.transition_to_notified_by_ref(),
    );
    step(
        &trace,
        &state,
        "poll returned Pending",
        state.transition_to_idle(),
    );
    step(
        &trace,
        &state,
        "the polled Notified is dropped",
        owners(state.ref_dec()),
    );
    step(
        &trace,
        &state,
        "scheduler polls the new Notified",
        state.transition_to_running(),
    );
    step(
        &trace,
        &state,
        "poll returned Pending",
        state.transition_to_idle(),
    );
    assert_trace!("a_wake_during_the_poll", trace);
}

#[test]
fn woken_twice_queued_once() {
    let trace = Trace::new("an idle task is woken by reference twice before it runs");
    let state = State::new();
    state.transition_to_running();
    state.transition_to_idle();
    trace.log(format!("idle after a poll: {}", describe(state.load())));
    step(
        &trace,
        &state,
        "wake_by_ref",
        state.transition_to_notified_by_ref(),
    );
    step(
        &trace,
        &state,
        "wake_by_ref again",
        state.transition_to_notified_by_ref(),
    );
    step(
        &trace,
        &state,
        "scheduler polls",
        state.transition_to_running(),
    );
    step(
        &trace,
        &state,
        "a stale Notified polled while running",
        state.transition_to_running(),
    );
    assert_trace!("woken_twice_queued_once", trace);
}

#[test]
fn a_waker_outlives_the_join_handle() {
    let trace = Trace::new("the task finishes; the JoinHandle goes; a waker wakes it last");
    let state = State::new();
    state.transition_to_running();
    state.ref_inc();
    trace.log(format!(
        "polled, a waker cloned: {}",
        describe(state.load())
    ));
    state.transition_to_complete();
    trace.log(format!("future Ready: {}", describe(state.load())));
    step(
        &trace,
        &state,
        "the polled Notified is dropped",
        owners(state.ref_dec()),
    );
    step(
        &trace,
        &state,
        "the runtime's task list lets go",
        owners(state.ref_dec()),
    );
    step(
        &trace,
        &state,
        "the JoinHandle is dropped",
        owners(state.drop_join_handle()),
    );
    step(
        &trace,
        &state,
        "waker.wake() after the end",
        state.transition_to_notified_by_val(),
    );
    trace.log(format!("at the end: {}", describe(state.load())));
    assert_trace!("a_waker_outlives_the_join_handle", trace);
}

#[test]
fn the_word_at_spawn() {
    let trace = Trace::new("the initial word, bit by bit");
    trace.log(format!(
        "one reference is 1 << {}",
        REF_ONE.trailing_zeros()
    ));
    trace.log(format!(
        "initial word: {INITIAL_STATE:#b} = {}",
        describe(INITIAL_STATE)
    ));
    assert_trace!("the_word_at_spawn", trace);
}

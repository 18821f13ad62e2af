//! Likely wrong answers, and the scenario that catches each:
//! - (In real code, an actor that keeps a `Sender` of its own never stops. Here
//!   `spawn` is given and hands the actor only the `Receiver`, so it cannot happen;
//!   `actor_stops_after_last_handle` would report it still running.)
//! - `requests.recv().await.unwrap()` in a `loop`: the actor panics when the
//!   last handle goes, `actor_stops_after_last_handle` reports the panic.
//! - `incr` answers before adding one: `one_handle`.
//! - A handle that sends but does not wait for the reply (returns a default):
//!   `one_handle` and `many_tasks_share_the_actor`.
//! - Any actor that never stops also fails the other scenarios: they wait
//!   for the actor's final map.
//! - `reply.send(..).unwrap()` in the actor: a caller that gave up has dropped its
//!   oneshot receiver, the send fails, and the actor dies for everyone else
//!   (`a_caller_gives_up`).
//!
//! Kept as files in `solutions/09-mutex-vs-messages/04-store-actor/mistakes/`:
//! `recv-unwrap-in-a-loop.diff` (`actor_stops_after_last_handle`),
//! `incr-answers-before-adding.diff` (`one_handle`), `get-does-not-wait.diff`
//! (`one_handle`), `unwraps-the-reply.diff` (`a_caller_gives_up`).

use std::time::Duration;
use store_actor::StoreHandle;
use testkit::{Trace, assert_trace};

/// Longer than any scenario needs. The clock is paused, so waiting costs nothing.
const PATIENCE: Duration = Duration::from_secs(3600);

#[tokio::test(start_paused = true)]
async fn one_handle() {
    let trace = Trace::new("set, get and incr through one handle");
    let (store, actor) = StoreHandle::spawn();
    trace.log(format!("get a: {:?}", store.get("a").await));
    trace.log(format!(
        "set a = 5: old value {:?}",
        store.set("a", 5).await
    ));
    trace.log(format!(
        "set a = 7: old value {:?}",
        store.set("a", 7).await
    ));
    trace.log(format!("get a: {:?}", store.get("a").await));
    trace.log(format!("incr a: {}", store.incr("a").await));
    trace.log(format!("incr b: {}", store.incr("b").await));
    trace.log(format!("get b: {:?}", store.get("b").await));
    drop(store);
    let map = tokio::time::timeout(PATIENCE, actor).await;
    trace.log(format!(
        "actor stopped, final map: {:?}",
        map.unwrap().unwrap()
    ));
    assert_trace!("one_handle", trace);
}

#[tokio::test(start_paused = true)]
async fn actor_stops_after_last_handle() {
    let trace = Trace::new("the actor runs while any handle lives, and stops after the last");
    let (store, mut actor) = StoreHandle::spawn();
    let clone = store.clone();
    store.set("k", 1).await;
    drop(store);
    trace.log("first handle dropped");
    tokio::time::sleep(Duration::from_millis(1)).await;
    trace.log(format!("actor finished: {}", actor.is_finished()));
    trace.log(format!("clone: incr k: {}", clone.incr("k").await));
    drop(clone);
    trace.log("last handle dropped");
    match tokio::time::timeout(PATIENCE, &mut actor).await {
        Ok(Ok(map)) => trace.log(format!("actor stopped, final map: {map:?}")),
        Ok(Err(error)) if error.is_panic() => trace.log("actor panicked instead of stopping"),
        Ok(Err(error)) => trace.log(format!("actor failed: {error}")),
        Err(_) => trace.log("actor still running an hour after the last handle was dropped"),
    }
    assert_trace!("actor_stops_after_last_handle", trace);
}

#[tokio::test(start_paused = true)]
async fn many_tasks_share_the_actor() {
    let trace = Trace::new("10 tasks each add one to the same key 100 times");
    let (store, actor) = StoreHandle::spawn();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                for _ in 0..100 {
                    store.incr("hits").await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    trace.log(format!("get hits: {:?}", store.get("hits").await));
    drop(store);
    let map = tokio::time::timeout(PATIENCE, actor).await;
    trace.log(format!(
        "actor stopped, final map: {:?}",
        map.unwrap().unwrap()
    ));
    assert_trace!("many_tasks_share_the_actor", trace);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_on_two_threads() {
    let trace =
        Trace::new("10 tasks on two worker threads each incr their own key and a shared one");
    let (store, actor) = StoreHandle::spawn();
    let tasks: Vec<_> = (0..10)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                for _ in 0..50 {
                    store.incr("shared").await;
                    store.incr(&format!("task{n:02}")).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    drop(store);
    // Real time here: the actor has nothing left to do but stop.
    let map = tokio::time::timeout(Duration::from_secs(1), actor).await;
    for (key, value) in map.expect("the actor did not stop").unwrap() {
        trace.log(format!("entry: {key} = {value}"));
    }
    assert_trace!("many_tasks_on_two_threads", trace);
}

#[tokio::test(start_paused = true)]
async fn a_caller_gives_up() {
    let trace = Trace::new("a caller gives up on its incr before the actor answers");
    let (store, actor) = StoreHandle::spawn();
    // The request is queued at the first poll; the timeout then drops the future,
    // and with it the oneshot receiver the answer should go to.
    let gave_up = tokio::time::timeout(Duration::ZERO, store.incr("k")).await;
    trace.log(format!(
        "caller: got an answer in time: {}",
        gave_up.is_ok()
    ));
    let other = store.clone();
    let later = tokio::spawn(async move { other.get("k").await });
    match later.await {
        Ok(value) => trace.log(format!("another caller: get k: {value:?}")),
        Err(_) => trace.log("another caller: panicked, the actor is gone"),
    }
    drop(store);
    match tokio::time::timeout(PATIENCE, actor).await {
        Ok(Ok(map)) => trace.log(format!("actor stopped, final map: {map:?}")),
        Ok(Err(error)) if error.is_panic() => trace.log("actor panicked"),
        Ok(Err(error)) => trace.log(format!("actor failed: {error}")),
        Err(_) => trace.log("actor still running an hour after the last handle was dropped"),
    }
    assert_trace!("a_caller_gives_up", trace);
}

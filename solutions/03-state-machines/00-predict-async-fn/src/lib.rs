//! A prediction exercise: an `async fn` polled by hand, twice, then dropped. Every step is
//! written into a list, which the test turns into the trace the learner predicts.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// What the program printed, one line per `say`, in order.
static OUTPUT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The program's `println!`.
fn say(line: impl Into<String>) {
    OUTPUT.lock().unwrap().push(line.into());
}

/// A value that says when it is dropped.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        say(format!("{}: dropped", self.0));
    }
}

// ANCHOR: countdown
/// Answers `Pending` to its first `left` polls, waking itself each time, then `Ready`.
/// It says what each poll answers, and when it is dropped.
struct Countdown {
    name: &'static str,
    left: u32,
}

impl Countdown {
    fn new(name: &'static str, left: u32) -> Self {
        Countdown { name, left }
    }
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.left == 0 {
            say(format!("{}: Ready", self.name));
            return Poll::Ready(());
        }
        self.left -= 1;
        say(format!("{}: Pending", self.name));
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl Drop for Countdown {
    fn drop(&mut self) {
        say(format!("{}: dropped", self.name));
    }
}
// ANCHOR_END: countdown

// ANCHOR: program
async fn job() {
    say("job: starts");
    let _guard = Noisy("job's guard");
    Countdown::new("quick", 0).await;
    Countdown::new("slow", 1).await;
    say("job: after slow");
    Countdown::new("last", 2).await;
    say("job: ends");
}

/// Runs the program and returns what it printed.
pub fn program() -> Vec<String> {
    let job = job();
    say("main: made the job");
    let mut job = Box::pin(job);
    let mut cx = Context::from_waker(Waker::noop());
    for n in 1..=2 {
        say(format!("main: poll {n}"));
        match job.as_mut().poll(&mut cx) {
            Poll::Ready(()) => say("main: Ready"),
            Poll::Pending => say("main: Pending"),
        }
    }
    say("main: drops the job");
    drop(job);
    std::mem::take(&mut *OUTPUT.lock().unwrap())
}
// ANCHOR_END: program

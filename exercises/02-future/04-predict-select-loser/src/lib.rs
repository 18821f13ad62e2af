//! A prediction exercise: `tokio::select!` races two hand-written futures, and a loop polls
//! the race by hand. Every step is written into a list, which the test turns into the trace
//! the learner predicts.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// What the program printed, one line per `say`, in order.
static OUTPUT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The program's `println!`.
fn say(line: impl Into<String>) {
    OUTPUT.lock().unwrap().push(line.into());
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
/// Runs the program and returns what it printed.
pub fn program() -> Vec<String> {
    let race = async {
        tokio::select! {
            biased; // poll the branches in the order they are written
            () = Countdown::new("slow", 3) => say("select: slow won"),
            () = Countdown::new("fast", 1) => say("select: fast won"),
        }
        say("race: after the select");
    };
    let mut race = pin!(race);
    let mut cx = Context::from_waker(Waker::noop());
    for n in 1.. {
        say(format!("main: poll {n}"));
        if race.as_mut().poll(&mut cx).is_ready() {
            say("main: Ready");
            break;
        }
        say("main: Pending");
    }
    std::mem::take(&mut *OUTPUT.lock().unwrap())
}
// ANCHOR_END: program

//! A prediction exercise's program: three tasks share one `tokio::sync::Mutex`, and each
//! keeps its guard in a different way before it waits. When does each one get the lock,
//! and when is each one done? It runs on a current_thread runtime with tokio's paused
//! clock, so the times it records are exact and the same on every machine.

use std::sync::Mutex as StdMutex;
use tokio::time::Instant;

/// What the program recorded, one line per `say`, in order.
static OUTPUT: StdMutex<Vec<String>> = StdMutex::new(Vec::new());
/// When the program started, on tokio's clock.
static START: StdMutex<Option<Instant>> = StdMutex::new(None);

/// Records `line`, with the time on tokio's clock since the program started.
fn say(line: &str) {
    let start = START.lock().unwrap().expect("the program has started");
    let ms = start.elapsed().as_millis();
    OUTPUT.lock().unwrap().push(format!("[{ms} ms] {line}"));
}

/// Runs the program, as its caller would, and returns what it recorded.
pub fn program() -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(async {
        *START.lock().unwrap() = Some(Instant::now());
        main().await;
    });
    std::mem::take(&mut *OUTPUT.lock().unwrap())
}

// ANCHOR: program
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::sleep;

/// The lock the three tasks share. It guards nothing but the right to go on.
type Lock = Arc<Mutex<()>>;

/// `a` keeps its guard in a variable whose name starts with `_`.
async fn a(lock: Lock) {
    say("a: asks for the lock");
    let _guard = lock.lock().await;
    say("a: got the lock");
    sleep(Duration::from_millis(10)).await;
    say("a: done");
}

/// `b` writes `let _ =` where `a` writes `let _guard =`.
async fn b(lock: Lock) {
    say("b: asks for the lock");
    let _ = lock.lock().await;
    say("b: got the lock");
    sleep(Duration::from_millis(20)).await;
    say("b: done");
}

/// `c` keeps its guard in a block of its own.
async fn c(lock: Lock) {
    say("c: asks for the lock");
    {
        let _guard = lock.lock().await;
        say("c: got the lock");
    }
    sleep(Duration::from_millis(5)).await;
    say("c: done");
}

async fn main() {
    let lock = Lock::default();
    let tasks = [
        tokio::spawn(a(lock.clone())),
        tokio::spawn(b(lock.clone())),
        tokio::spawn(c(lock.clone())),
    ];
    for task in tasks {
        task.await.unwrap();
    }
}
// ANCHOR_END: program

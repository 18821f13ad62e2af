//! The chapter's example, twice: once as `async fn`s that the compiler turns into state
//! machines, and once as state machines written by hand. The tests run both through the
//! same executor and check that they do exactly the same things.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// What the program prints.
pub const GREETING: &str = "Hello, async world!";

// ANCHOR: console
/// A pretend terminal. It reports everything it does (`console: busy`,
/// `console: Hello, async world!`) to the function given to `Console::new`, so a
/// test can watch it.
#[derive(Clone)]
pub struct Console {
    inner: Arc<ConsoleInner>,
}

struct ConsoleInner {
    report: Box<dyn Fn(&str) + Send + Sync>,
    busy: Mutex<usize>,
}

impl Console {
    pub fn new(report: impl Fn(&str) + Send + Sync + 'static) -> Console {
        let inner = ConsoleInner {
            report: Box::new(report),
            busy: Mutex::new(0),
        };
        Console {
            inner: Arc::new(inner),
        }
    }

    /// The next `writes` attempts to write find the console busy.
    pub fn busy_for(&self, writes: usize) {
        *self.inner.busy.lock().unwrap() = writes;
    }

    fn report(&self, event: &str) {
        (self.inner.report)(event);
    }

    /// Writes `text`, or says `Pending` when the console is busy. A real device would
    /// call the waker later, when it is ready; this one is ready again at once, so it
    /// calls the waker before it returns.
    fn poll_write(&self, cx: &mut Context<'_>, text: &str) -> Poll<()> {
        let mut busy = self.inner.busy.lock().unwrap();
        if *busy > 0 {
            *busy -= 1;
            self.report("console: busy");
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.report(&format!("console: {text}"));
        Poll::Ready(())
    }
}
// ANCHOR_END: console

// ANCHOR: print_future
/// The innermost future: prints one line and returns `Ready`. It has no `.await`
/// inside, so it needs no states: every poll simply tries to write.
pub struct PrintFuture {
    console: Console,
    text: &'static str,
}

impl PrintFuture {
    pub fn new(console: Console, text: &'static str) -> PrintFuture {
        console.report("print: created");
        PrintFuture { console, text }
    }
}

impl Future for PrintFuture {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.console.poll_write(cx, self.text)
    }
}

impl Drop for PrintFuture {
    fn drop(&mut self) {
        self.console.report("print: dropped");
    }
}
// ANCHOR_END: print_future

// ANCHOR: async_version
/// The program as you would write it. `#[tokio::main]` would hand the body of
/// `main` to `block_on`; here the test's executor plays that part.
pub mod compiled {
    use super::{Console, GREETING, PrintFuture};

    pub async fn tokio_main(console: Console) {
        hello(console).await;
    }

    pub async fn hello(console: Console) {
        PrintFuture::new(console, GREETING).await;
    }
}
// ANCHOR_END: async_version

// ANCHOR: hello_states
/// `async fn hello` by hand: one state before the `.await`, one while it waits, one
/// after. The waiting state owns the future it waits for.
pub enum HelloFuture {
    Start(Console),
    AwaitingPrint(PrintFuture),
    Done,
}

impl HelloFuture {
    /// Like calling an `async fn`: nothing runs until the first poll.
    pub fn new(console: Console) -> HelloFuture {
        HelloFuture::Start(console)
    }
}
// ANCHOR_END: hello_states

// Every field is `Unpin` (there is no `PhantomPinned` and no borrow of ourselves), so
// these futures are `Unpin` too: `&mut *self` and `Pin::new(child)` need no unsafe code.
// Chapter 4 is about the futures for which that is not true.

// ANCHOR: hello_poll
impl Future for HelloFuture {
    type Output = ();

    /// Does, poll for poll, what the compiler's future for `compiled::hello` does. The
    /// tests run both on the same executor and compare every event: when the
    /// `PrintFuture` is created and dropped, each poll and its result, each wake, and the
    /// panic when a finished future is polled again.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // One poll runs, as `async fn hello` does, from the state it stopped in until
        // something is `Pending` or the function is finished.
        loop {
            match &mut *self {
                HelloFuture::Start(console) => {
                    let _ = console;
                    todo!("do what `hello` does before its `.await`")
                }
                HelloFuture::AwaitingPrint(print) => {
                    let _ = (print, &mut *cx);
                    todo!("wait for `print` as `.await` does; when it is done, so is `hello`")
                }
                HelloFuture::Done => {
                    todo!("do what a finished `async fn` does when it is polled again")
                }
            }
        }
    }
}
// ANCHOR_END: hello_poll

// ANCHOR: main_states
/// The body of `#[tokio::main] async fn main` by hand.
pub enum TokioMainFuture {
    Start(Console),
    AwaitingHello(HelloFuture),
    Done,
}

impl TokioMainFuture {
    pub fn new(console: Console) -> TokioMainFuture {
        TokioMainFuture::Start(console)
    }
}
// ANCHOR_END: main_states

// ANCHOR: main_poll
impl Future for TokioMainFuture {
    type Output = ();

    /// Does, poll for poll, what the compiler's future for `compiled::tokio_main` does.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = (&mut *self, cx);
        todo!("run `tokio_main`'s state machine, as `HelloFuture::poll` runs `hello`'s")
    }
}
// ANCHOR_END: main_poll

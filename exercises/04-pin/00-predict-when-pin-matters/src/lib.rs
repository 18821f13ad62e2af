//! A prediction exercise's program: when does `Pin` matter? It asks the compiler which
//! values are `Unpin`, then moves futures between two polls and records whether the second
//! poll found the future where the first one left it.

use std::cell::Cell;
use std::future::Future;
use std::marker::{PhantomData, PhantomPinned};
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

// ANCHOR: program
/// A future that is `Ready` on its second poll. Its first poll writes down where the
/// future is in memory; its output says whether the second poll found it at that place.
/// `Marker` is `()` (so `Recorder<()>` is `Unpin`) or `PhantomPinned` (so it is not).
struct Recorder<Marker> {
    first_place: Cell<Option<usize>>,
    _marker: Marker,
}

impl<Marker> Future for Recorder<Marker> {
    type Output = &'static str;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        let here = &*self as *const Self as usize;
        match self.first_place.get() {
            None => {
                self.first_place.set(Some(here));
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Some(first) if first == here => Poll::Ready("the same place"),
            Some(_) => Poll::Ready("another place"),
        }
    }
}

fn recorder<Marker>(marker: Marker) -> Recorder<Marker> {
    Recorder {
        first_place: Cell::new(None),
        _marker: marker,
    }
}

/// The second poll's answer (the first has already been made).
fn second_poll<F: Future<Output = &'static str>>(future: Pin<&mut F>) -> &'static str {
    match future.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(place) => place,
        Poll::Pending => "still pending",
    }
}

fn first_poll<F: Future>(future: Pin<&mut F>) {
    let _ = future.poll(&mut Context::from_waker(Waker::noop()));
}

pub fn program() -> Vec<String> {
    let mut log = Vec::new();

    // Part 1: which of these values are `Unpin`? `unpin!(value)` is `"Unpin"` when the
    // compiler finds that the value's type implements `Unpin`, else `"not Unpin"` (the
    // macro is at the end of the file; how it works is not the lesson).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let _inside = runtime.enter(); // `sleep` needs a runtime to make its timer
    let number = 7u32;
    let block = async { 7u32 };
    let boxed_block = Box::new(async { 7u32 });
    let pinned_block = Box::pin(async { 7u32 });
    let mut sleep = tokio::time::sleep(Duration::from_secs(1));
    let pinned_sleep = Box::pin(tokio::time::sleep(Duration::from_secs(1)));
    let blocks = vec![async { 7u32 }];
    let handle = tokio::spawn(async {});
    log.push(format!("u32: {}", unpin!(number)));
    log.push(format!("async block: {}", unpin!(block)));
    log.push(format!("Box<async block>: {}", unpin!(boxed_block)));
    log.push(format!("Pin<Box<async block>>: {}", unpin!(pinned_block)));
    log.push(format!("Sleep: {}", unpin!(sleep)));
    log.push(format!("&mut Sleep: {}", unpin!(&mut sleep)));
    log.push(format!("Pin<Box<Sleep>>: {}", unpin!(pinned_sleep)));
    log.push(format!("Vec<async block>: {}", unpin!(blocks)));
    log.push(format!("JoinHandle<()>: {}", unpin!(handle)));
    log.push(format!("Recorder<()>: {}", unpin!(recorder(()))));
    log.push(format!(
        "Recorder<PhantomPinned>: {}",
        unpin!(recorder(PhantomPinned))
    ));

    // Part 2: a move between two polls.
    // An `Unpin` recorder, polled on the stack, then moved into a `Box`.
    let mut movable = recorder(());
    first_poll(Pin::new(&mut movable));
    let mut boxed = Box::new(movable);
    let place = second_poll(Pin::new(&mut *boxed));
    log.push(format!("Recorder<()> moved into a Box: {place}"));

    // Two `Unpin` recorders on the stack, polled, then swapped through their `Pin`s.
    let (mut a, mut b) = (recorder(()), recorder(()));
    let (mut pin_a, mut pin_b) = (Pin::new(&mut a), Pin::new(&mut b));
    first_poll(pin_a.as_mut());
    first_poll(pin_b.as_mut());
    std::mem::swap(&mut *pin_a, &mut *pin_b);
    log.push(format!("Recorder<()> swapped: {}", second_poll(pin_a)));

    // A `!Unpin` recorder pinned in a `Box`; then the box is moved into a `Vec`, which
    // grows (and so moves the boxes it holds) as ten more are pushed.
    let mut pinned = Box::pin(recorder(PhantomPinned));
    first_poll(pinned.as_mut());
    let mut boxes = Vec::new();
    boxes.push(pinned);
    for _ in 0..10 {
        boxes.push(Box::pin(recorder(PhantomPinned)));
    }
    let place = second_poll(boxes[0].as_mut());
    log.push(format!(
        "Pin<Box<Recorder<PhantomPinned>>> moved into a Vec: {place}"
    ));

    // The same recorder pinned with `pin!`, polled twice.
    let mut local = pin!(recorder(PhantomPinned));
    first_poll(local.as_mut());
    log.push(format!(
        "pin!(Recorder<PhantomPinned>): {}",
        second_poll(local)
    ));
    log
}
// ANCHOR_END: program

/// Asks the compiler whether the type of `value` is `Unpin`: the inherent method `answer`
/// exists only when `T: Unpin`; otherwise method lookup falls back to the trait's
/// `answer`, which says no. (How this works is not the lesson.)
macro_rules! unpin {
    ($value:expr) => {
        Probe::of(&$value).answer()
    };
}
use unpin;

struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    fn of(_: &T) -> Probe<T> {
        Probe(PhantomData)
    }
}

trait NotUnpin {
    fn answer(&self) -> &'static str {
        "not Unpin"
    }
}

impl<T> NotUnpin for Probe<T> {}

impl<T: Unpin> Probe<T> {
    fn answer(&self) -> &'static str {
        "Unpin"
    }
}

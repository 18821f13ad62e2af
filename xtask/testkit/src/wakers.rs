//! Wakers for polling by hand: one that only records a wake ([`Flag`]), one that counts
//! everything done with it and can act at the moment it is woken ([`Counting`]), and a
//! way to poll a future by hand with the same waker every time or a fresh one on every
//! poll ([`ByHand`]).
//!
//! Why: a result alone does not show a lost wakeup or a stale waker. A wake issued
//! before the state it announces is set, or while a lock is still held, works on most
//! runs because the executor polls a little later. [`ByHand::poll_again_when_woken`]
//! polls the future again *inside* the wake, from a helper thread, so the dangerous
//! moment happens on every run:
//! - woken before the state was set: the poll right after the wake says `Pending`;
//! - woken while a lock was held: that poll cannot take the lock, and after
//!   [`REPOLL_PATIENCE`] the hook says `blocked: the lock was still held while waking`
//!   (the waking thread then goes on, so nothing deadlocks);
//! - woken correctly: `Ready` (or `Pending`, for a wake that announces only progress).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak, mpsc};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Wake, Waker};
use std::time::Duration;

use crate::Trace;

/// A waker that only records that it was woken, so a scenario that polls by hand can
/// write `woken: yes` or `woken: no` instead of hanging.
pub struct Flag(AtomicBool);

impl Flag {
    pub fn new() -> (Arc<Flag>, Waker) {
        let flag = Arc::new(Flag(AtomicBool::new(false)));
        (flag.clone(), Waker::from(flag))
    }

    /// `yes` or `no`, for a trace.
    pub fn woken(&self) -> &'static str {
        crate::yes_no(self.0.load(Ordering::SeqCst))
    }
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// How long a wake hook waits for the poll it started before it says `blocked`. A
/// correct poll takes microseconds; only a poll stuck on a lock the waking thread
/// holds ever waits this long.
pub const REPOLL_PATIENCE: Duration = Duration::from_secs(1);

/// What was done with the wakers of one [`Counting`], summed over all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Wakers made by [`Counting::waker`] (not clones).
    pub made: usize,
    /// `Waker::clone` calls.
    pub clones: usize,
    /// `wake` and `wake_by_ref` calls.
    pub wakes: usize,
    /// Wakes of a waker older than the newest one [`Counting::waker`] made: a future
    /// that kept the first poll's waker instead of the latest.
    pub stale_wakes: usize,
    /// Wakers released: dropped, or consumed by `wake`.
    pub drops: usize,
}

impl Counts {
    /// Wakers (and clones) not yet released: kept somewhere.
    pub fn alive(&self) -> usize {
        (self.made + self.clones).saturating_sub(self.drops)
    }
}

/// A test waker that counts clones, wakes and drops, and can run a hook at the moment
/// it is woken (on the waking thread, before `wake` returns).
///
/// Every [`Counting::waker`] call makes a waker of its own identity (`will_wake` tells
/// them apart); clones share their original's identity. Cloning a `Counting` gives
/// another handle to the same counts.
#[derive(Clone)]
pub struct Counting {
    shared: Arc<Shared>,
}

type Hook = Arc<dyn Fn() + Send + Sync>;

struct Shared {
    made: AtomicUsize,
    clones: AtomicUsize,
    wakes: AtomicUsize,
    stale_wakes: AtomicUsize,
    drops: AtomicUsize,
    hook: Mutex<Option<Hook>>,
}

/// What one waker points at: the shared counts and which waker it is.
struct Handle {
    shared: Arc<Shared>,
    generation: usize,
}

impl Default for Counting {
    fn default() -> Self {
        Counting::new()
    }
}

impl Counting {
    pub fn new() -> Counting {
        Counting {
            shared: Arc::new(Shared {
                made: AtomicUsize::new(0),
                clones: AtomicUsize::new(0),
                wakes: AtomicUsize::new(0),
                stale_wakes: AtomicUsize::new(0),
                drops: AtomicUsize::new(0),
                hook: Mutex::new(None),
            }),
        }
    }

    /// A counting waker whose `wake` first counts, then runs `hook`.
    pub fn with_hook(hook: impl Fn() + Send + Sync + 'static) -> Counting {
        let counting = Counting::new();
        counting.set_hook(hook);
        counting
    }

    /// Replaces the hook that every wake runs.
    pub fn set_hook(&self, hook: impl Fn() + Send + Sync + 'static) {
        *self.shared.hook.lock().unwrap() = Some(Arc::new(hook));
    }

    /// A new waker, of an identity of its own; it becomes the newest.
    pub fn waker(&self) -> Waker {
        let generation = self.shared.made.fetch_add(1, Ordering::SeqCst) + 1;
        let handle = Arc::new(Handle {
            shared: self.shared.clone(),
            generation,
        });
        let raw = RawWaker::new(Arc::into_raw(handle).cast(), &VTABLE);
        // SAFETY: the vtable's functions treat the data pointer as an `Arc<Handle>`,
        // which is what it is, and keep its reference count right (see below).
        unsafe { Waker::from_raw(raw) }
    }

    /// The counts so far.
    pub fn counts(&self) -> Counts {
        let s = &self.shared;
        Counts {
            made: s.made.load(Ordering::SeqCst),
            clones: s.clones.load(Ordering::SeqCst),
            wakes: s.wakes.load(Ordering::SeqCst),
            stale_wakes: s.stale_wakes.load(Ordering::SeqCst),
            drops: s.drops.load(Ordering::SeqCst),
        }
    }

    /// Wakes so far.
    pub fn wakes(&self) -> usize {
        self.counts().wakes
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone_raw, wake_raw, wake_by_ref_raw, drop_raw);

/// SAFETY (all four): `data` came from `Arc::into_raw(Arc<Handle>)` in
/// `Counting::waker` or `clone_raw`, and each `Waker` owns one strong count.
unsafe fn clone_raw(data: *const ()) -> RawWaker {
    let handle = unsafe { &*data.cast::<Handle>() };
    handle.shared.clones.fetch_add(1, Ordering::SeqCst);
    unsafe { Arc::increment_strong_count(data.cast::<Handle>()) };
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake_raw(data: *const ()) {
    unsafe {
        wake_by_ref_raw(data);
        drop_raw(data);
    }
}

unsafe fn wake_by_ref_raw(data: *const ()) {
    let handle = unsafe { &*data.cast::<Handle>() };
    let shared = &handle.shared;
    shared.wakes.fetch_add(1, Ordering::SeqCst);
    if handle.generation < shared.made.load(Ordering::SeqCst) {
        shared.stale_wakes.fetch_add(1, Ordering::SeqCst);
    }
    let hook = shared.hook.lock().unwrap().clone();
    if let Some(hook) = hook {
        hook();
    }
}

unsafe fn drop_raw(data: *const ()) {
    let handle = unsafe { Arc::from_raw(data.cast::<Handle>()) };
    handle.shared.drops.fetch_add(1, Ordering::SeqCst);
}

/// Which waker [`ByHand`] hands to the future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wakers {
    /// The same waker on every poll, as an executor gives one task: catches a future
    /// that wakes each waker only once, or that skips re-registering a waker it
    /// thinks it already has.
    Same,
    /// A new waker on every poll, as when a task moves between executors: catches a
    /// future that keeps the first poll's waker (`Counts::stale_wakes`, and a wake
    /// that reaches nobody).
    FreshEachPoll,
}

/// A future polled by hand, on the calling thread, with [`Counting`] wakers.
///
/// ```
/// use testkit::wakers::{ByHand, Wakers};
/// let mut by_hand = ByHand::new(async { 7 }, Wakers::Same);
/// assert_eq!(by_hand.poll(), std::task::Poll::Ready(7));
/// ```
pub struct ByHand<F: Future> {
    slot: Arc<Mutex<Slot<F>>>,
    counting: Counting,
}

struct Slot<F: Future> {
    id: usize,
    state: State<F>,
    wakers: Wakers,
    counting: Counting,
    same: Option<Waker>,
}

enum State<F: Future> {
    Running(Pin<Box<F>>),
    Finished(Option<F::Output>),
}

thread_local! {
    /// The `ByHand` futures (by id) this thread is polling right now: a wake from
    /// inside a future's own poll is the future waking itself, and the hook never
    /// polls it again for that.
    static POLLING: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn polling(id: usize) -> bool {
    POLLING.with_borrow(|ids| ids.contains(&id))
}

/// Gives every `ByHand` an id of its own.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

impl<F: Future> Slot<F> {
    fn waker(&mut self) -> Waker {
        match self.wakers {
            Wakers::FreshEachPoll => self.counting.waker(),
            Wakers::Same => self
                .same
                .get_or_insert_with(|| self.counting.waker())
                .clone(),
        }
    }

    /// Polls the future unless it finished; `Ready` once it has.
    fn poll(&mut self) -> Poll<()> {
        if matches!(self.state, State::Finished(_)) {
            return Poll::Ready(());
        }
        let waker = self.waker();
        let State::Running(future) = &mut self.state else {
            unreachable!()
        };
        POLLING.with_borrow_mut(|ids| ids.push(self.id));
        let result = future.as_mut().poll(&mut Context::from_waker(&waker));
        POLLING.with_borrow_mut(|ids| ids.retain(|id| *id != self.id));
        match result {
            Poll::Ready(output) => {
                self.state = State::Finished(Some(output));
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<F: Future> ByHand<F> {
    pub fn new(future: F, wakers: Wakers) -> ByHand<F> {
        let counting = Counting::new();
        ByHand {
            slot: Arc::new(Mutex::new(Slot {
                id: NEXT_ID.fetch_add(1, Ordering::SeqCst),
                state: State::Running(Box::pin(future)),
                wakers,
                counting: counting.clone(),
                same: None,
            })),
            counting,
        }
    }

    /// Polls once. After `Ready` (here or in a hook's poll) it returns the output
    /// once, then panics: a finished future must not be polled again.
    pub fn poll(&mut self) -> Poll<F::Output> {
        let mut slot = self.slot.lock().unwrap();
        match slot.poll() {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => match &mut slot.state {
                State::Finished(output) => {
                    Poll::Ready(output.take().expect("polled again after it returned Ready"))
                }
                State::Running(_) => unreachable!(),
            },
        }
    }

    /// Whether the future returned `Ready` (here or in a hook's poll).
    pub fn finished(&self) -> bool {
        matches!(self.slot.lock().unwrap().state, State::Finished(_))
    }

    /// The counts of the wakers handed out so far. Each poll hands the future a
    /// clone (`Same`) or a new waker (`FreshEachPoll`) and drops it after the poll;
    /// with `Same`, `ByHand` also keeps the original, which `alive()` counts.
    pub fn counts(&self) -> Counts {
        self.counting.counts()
    }

    /// The wakers' shared counts, for a hook of your own ([`Counting::set_hook`]).
    pub fn counting(&self) -> &Counting {
        &self.counting
    }
}

impl<F> ByHand<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    /// From now on, every wake from outside the future's own poll (another thread,
    /// or another future's poll) polls the future again at once,
    /// from a helper thread, while the waking thread waits (up to
    /// [`REPOLL_PATIENCE`]); the trace gets `<label>: woken, polled again at once:
    /// R` where R is `Pending`, `Ready`, `blocked: the lock was still held while
    /// waking`, or `already finished`. A wake from inside the future's own poll is
    /// only counted.
    ///
    /// So the wake's thread must not hold what the poll needs: the state must be set
    /// and every lock released before `wake`, on every run.
    pub fn poll_again_when_woken(&self, trace: &Trace, label: &str) {
        let slot = Arc::downgrade(&self.slot);
        let id = self.slot.lock().unwrap().id;
        let (trace, label) = (trace.clone(), label.to_string());
        self.counting.set_hook(move || {
            if polling(id) {
                return;
            }
            if let Some(result) = poll_from_helper(&slot) {
                trace.log(format!("{label}: woken, polled again at once: {result}"));
            }
        });
    }
}

/// Polls the future in `slot` on a helper thread and waits for the answer.
fn poll_from_helper<F>(slot: &Weak<Mutex<Slot<F>>>) -> Option<&'static str>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let slot = slot.upgrade()?;
    let (answer_tx, answer_rx) = mpsc::channel();
    // Everything, even a look at the slot, happens on the helper thread: the waking
    // thread must never wait for anything but the answer, with a deadline.
    std::thread::spawn(move || {
        let mut slot = slot.lock().unwrap();
        let answer = if matches!(slot.state, State::Finished(_)) {
            "already finished"
        } else {
            match slot.poll() {
                Poll::Ready(()) => "Ready",
                Poll::Pending => "Pending",
            }
        };
        let _ = answer_tx.send(answer);
    });
    Some(
        answer_rx
            .recv_timeout(REPOLL_PATIENCE)
            .unwrap_or("blocked: the lock was still held while waking"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    /// A one-shot signal set by another thread, written right or in one of the
    /// classic wrong ways.
    #[derive(Clone, Copy, PartialEq)]
    enum Order {
        SetThenWake,
        WakeThenSet,
        WakeWhileLocked,
    }

    #[derive(Default)]
    struct Signal {
        state: Mutex<(bool, Option<Waker>)>,
    }

    struct WaitFor(Arc<Signal>);

    impl Future for WaitFor {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            let mut state = self.0.state.lock().unwrap();
            if state.0 {
                return Poll::Ready(());
            }
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }

    fn fire(signal: &Signal, order: Order) {
        match order {
            Order::SetThenWake => {
                let waker = {
                    let mut state = signal.state.lock().unwrap();
                    state.0 = true;
                    state.1.take()
                };
                waker.unwrap().wake();
            }
            Order::WakeThenSet => {
                let waker = signal.state.lock().unwrap().1.take();
                waker.unwrap().wake();
                signal.state.lock().unwrap().0 = true;
            }
            Order::WakeWhileLocked => {
                let mut state = signal.state.lock().unwrap();
                state.0 = true;
                state.1.take().unwrap().wake();
            }
        }
    }

    fn scenario(order: Order) -> Vec<String> {
        let trace = Trace::default();
        let signal = Arc::new(Signal::default());
        let mut by_hand = ByHand::new(WaitFor(signal.clone()), Wakers::Same);
        by_hand.poll_again_when_woken(&trace, "future");
        assert!(by_hand.poll().is_pending());
        thread::spawn(move || fire(&signal, order)).join().unwrap();
        trace.lines()
    }

    #[test]
    fn a_wake_after_the_state_is_set_is_seen_ready() {
        assert_eq!(
            scenario(Order::SetThenWake),
            ["future: woken, polled again at once: Ready"]
        );
    }

    #[test]
    fn a_wake_before_the_state_is_set_is_seen_pending() {
        assert_eq!(
            scenario(Order::WakeThenSet),
            ["future: woken, polled again at once: Pending"]
        );
    }

    #[test]
    fn a_wake_under_the_lock_is_seen_blocked() {
        assert_eq!(
            scenario(Order::WakeWhileLocked),
            ["future: woken, polled again at once: blocked: the lock was still held while waking"]
        );
    }

    /// Wakes each distinct waker once only: correct for one waker, wrong for an
    /// executor that hands the same waker to every poll.
    struct WakeEachWakerOnce {
        woken: Vec<Waker>,
        polls: u32,
    }

    impl Future for WakeEachWakerOnce {
        type Output = u32;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            self.polls += 1;
            if self.polls == 3 {
                return Poll::Ready(self.polls);
            }
            if !self.woken.iter().any(|w| w.will_wake(cx.waker())) {
                self.woken.push(cx.waker().clone());
                cx.waker().wake_by_ref();
            }
            Poll::Pending
        }
    }

    #[test]
    fn same_and_fresh_wakers_tell_a_once_per_waker_future_apart() {
        for (wakers, expected_wakes) in [(Wakers::Same, 1), (Wakers::FreshEachPoll, 2)] {
            let mut by_hand = ByHand::new(
                WakeEachWakerOnce {
                    woken: Vec::new(),
                    polls: 0,
                },
                wakers,
            );
            let mut pending_without_a_wake = false;
            loop {
                let wakes_before = by_hand.counts().wakes;
                if by_hand.poll().is_ready() {
                    break;
                }
                pending_without_a_wake |= by_hand.counts().wakes == wakes_before;
            }
            assert_eq!(by_hand.counts().wakes, expected_wakes, "{wakers:?}");
            assert_eq!(pending_without_a_wake, wakers == Wakers::Same);
        }
    }

    /// Keeps the first poll's waker and wakes only that one.
    struct KeepsFirstWaker(Option<Waker>, u32);

    impl Future for KeepsFirstWaker {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            self.1 += 1;
            if self.1 == 3 {
                return Poll::Ready(());
            }
            let waker = self.0.get_or_insert_with(|| cx.waker().clone());
            waker.wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn fresh_wakers_show_a_stale_wake() {
        let mut by_hand = ByHand::new(KeepsFirstWaker(None, 0), Wakers::FreshEachPoll);
        while by_hand.poll().is_pending() {}
        let counts = by_hand.counts();
        assert_eq!((counts.made, counts.wakes, counts.stale_wakes), (3, 2, 1));
        drop(by_hand);
    }

    #[test]
    fn counts_clones_wakes_and_drops() {
        let counting = Counting::new();
        let waker = counting.waker();
        let copy = waker.clone();
        assert!(copy.will_wake(&waker));
        assert!(!counting.waker().will_wake(&waker));
        copy.wake();
        waker.wake_by_ref();
        let counts = counting.counts();
        assert_eq!(
            (counts.made, counts.clones, counts.wakes, counts.drops),
            (2, 1, 2, 2)
        );
        assert_eq!(counts.alive(), 1);
        assert_eq!(counts.stale_wakes, 2);
        drop(waker);
        assert_eq!(counting.counts().alive(), 0);
    }

    /// Wakes another future's waker from inside its own poll.
    struct WakesOther(Option<Waker>);

    impl Future for WakesOther {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            self.0.take().unwrap().wake();
            Poll::Ready(())
        }
    }

    #[test]
    fn a_wake_from_inside_another_futures_poll_is_polled_again() {
        let trace = Trace::default();
        let signal = Arc::new(Signal::default());
        let mut receiver = ByHand::new(WaitFor(signal.clone()), Wakers::Same);
        receiver.poll_again_when_woken(&trace, "receiver");
        assert!(receiver.poll().is_pending());
        let waker = signal.state.lock().unwrap().1.take();
        signal.state.lock().unwrap().0 = true;
        let mut sender = ByHand::new(WakesOther(waker), Wakers::Same);
        sender.poll_again_when_woken(&trace, "sender");
        assert!(sender.poll().is_ready());
        assert_eq!(
            trace.lines(),
            ["receiver: woken, polled again at once: Ready"]
        );
    }

    #[test]
    fn a_self_wake_inside_poll_is_only_counted() {
        let trace = Trace::default();
        let mut by_hand = ByHand::new(crate::futures::yield_now(), Wakers::Same);
        by_hand.poll_again_when_woken(&trace, "future");
        assert!(by_hand.poll().is_pending());
        assert!(by_hand.poll().is_ready());
        assert!(trace.lines().is_empty());
        assert_eq!(by_hand.counts().wakes, 1);
    }
}

//! A loop with two `.await`s inside, as an `async fn` and as a state machine by hand:
//! copy chunks from a source to a sink until the source says it has no more.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

// ANCHOR: devices
/// Where a device reports what it does, so that a test can watch it.
type Report = Arc<dyn Fn(&str) + Send + Sync>;

/// A pretend file. `read()` gives the next chunk; an empty chunk means the end, as
/// with `std::io::Read`.
#[derive(Clone)]
pub struct Source {
    report: Report,
    state: Arc<Mutex<SourceState>>,
}

struct SourceState {
    chunks: VecDeque<&'static str>,
    reads_started: usize,
    busy_reads: HashSet<usize>,
}

impl Source {
    pub fn new(report: impl Fn(&str) + Send + Sync + 'static, chunks: &[&'static str]) -> Source {
        let state = SourceState {
            chunks: chunks.iter().copied().collect(),
            reads_started: 0,
            busy_reads: HashSet::new(),
        };
        Source {
            report: Arc::new(report),
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Read number `n` (counting from 1) answers `Pending` once before it is ready.
    pub fn busy_on_read(&self, n: usize) {
        self.state.lock().unwrap().busy_reads.insert(n);
    }

    /// How many reads were started so far (how many `Read` futures were made).
    pub fn reads_started(&self) -> usize {
        self.state.lock().unwrap().reads_started
    }

    /// A future for the next chunk. It owns a handle to the source rather than
    /// borrowing it, so a state can hold the source and this future side by side.
    pub fn read(&self) -> Read {
        let mut state = self.state.lock().unwrap();
        state.reads_started += 1;
        Read {
            source: self.clone(),
            number: state.reads_started,
        }
    }
}

pub struct Read {
    source: Source,
    number: usize,
}

impl Future for Read {
    type Output = String;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<String> {
        let mut state = self.source.state.lock().unwrap();
        if state.busy_reads.remove(&self.number) {
            (self.source.report)(&format!("read {}: busy", self.number));
            // A real file would wake us when the data arrives; this one is ready again now.
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let chunk = state.chunks.pop_front().unwrap_or_default();
        if chunk.is_empty() {
            (self.source.report)(&format!("read {}: end", self.number));
        } else {
            (self.source.report)(&format!("read {}: {chunk:?}", self.number));
        }
        Poll::Ready(chunk.to_string())
    }
}

/// A pretend file being written.
#[derive(Clone)]
pub struct Sink {
    report: Report,
    state: Arc<Mutex<SinkState>>,
}

struct SinkState {
    writes_started: usize,
    busy_writes: HashSet<usize>,
}

impl Sink {
    pub fn new(report: impl Fn(&str) + Send + Sync + 'static) -> Sink {
        let state = SinkState {
            writes_started: 0,
            busy_writes: HashSet::new(),
        };
        Sink {
            report: Arc::new(report),
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Write number `n` (counting from 1) answers `Pending` once before it is done.
    pub fn busy_on_write(&self, n: usize) {
        self.state.lock().unwrap().busy_writes.insert(n);
    }

    /// How many writes were started so far (how many `Write` futures were made).
    pub fn writes_started(&self) -> usize {
        self.state.lock().unwrap().writes_started
    }

    /// A future that writes `chunk`; like `Read`, it owns what it needs.
    pub fn write(&self, chunk: String) -> Write {
        let mut state = self.state.lock().unwrap();
        state.writes_started += 1;
        Write {
            sink: self.clone(),
            number: state.writes_started,
            chunk,
        }
    }
}

pub struct Write {
    sink: Sink,
    number: usize,
    chunk: String,
}

impl Future for Write {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.sink.state.lock().unwrap();
        if state.busy_writes.remove(&self.number) {
            (self.sink.report)(&format!("write {}: busy", self.number));
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        (self.sink.report)(&format!("write {}: {:?}", self.number, self.chunk));
        Poll::Ready(())
    }
}
// ANCHOR_END: devices

// ANCHOR: async_version
/// Copies every chunk from `source` to `sink` and returns how many bytes it copied.
pub async fn copy(source: Source, sink: Sink) -> usize {
    let mut copied = 0;
    loop {
        let chunk = source.read().await;
        if chunk.is_empty() {
            return copied;
        }
        copied += chunk.len();
        sink.write(chunk).await;
    }
}
// ANCHOR_END: async_version

// ANCHOR: states
/// `copy` by hand. Each waiting state holds what is alive across that `.await`:
/// the source, the sink, the count so far, and the future being awaited.
pub enum CopyFuture {
    Start {
        source: Source,
        sink: Sink,
    },
    Reading {
        source: Source,
        sink: Sink,
        copied: usize,
        read: Read,
    },
    Writing {
        source: Source,
        sink: Sink,
        copied: usize,
        write: Write,
    },
    Done,
}

impl CopyFuture {
    pub fn new(source: Source, sink: Sink) -> CopyFuture {
        CopyFuture::Start { source, sink }
    }
}
// ANCHOR_END: states

// ANCHOR: poll
impl Future for CopyFuture {
    type Output = usize;

    /// Does, poll for poll, what the compiler's future for `copy` does, and returns how
    /// many bytes it copied. The tests run both on the same executor and compare every
    /// event: each numbered read and write started, each poll and its result, each wake,
    /// and the panic when a finished future is polled again.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        loop {
            // Take the state out by value (leaving `Done` behind) so its fields can
            // move into the next state. Every path that goes on must put a state back.
            match std::mem::replace(&mut *self, CopyFuture::Done) {
                CopyFuture::Start { source, sink } => {
                    let read = source.read();
                    *self = CopyFuture::Reading {
                        source,
                        sink,
                        copied: 0,
                        read,
                    };
                }
                CopyFuture::Reading { .. } => {
                    let _ = &mut *cx;
                    todo!("do what `copy` does at `source.read().await` and after it")
                }
                CopyFuture::Writing { .. } => {
                    todo!("do what `copy` does at `sink.write(chunk).await` and after it")
                }
                CopyFuture::Done => {
                    todo!("do what a finished `async fn` does when it is polled again")
                }
            }
        }
    }
}
// ANCHOR_END: poll

//! An `async fn` keeps, in the state of an `.await`, every local that may be used after
//! it, and every local that was borrowed and is still in scope there. Here a 16 KiB
//! buffer is needed only before the `.await`; the task is to make sure it is not kept
//! while the future waits.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// The size of one block, and of the buffer it is read into.
pub const BLOCK_SIZE: usize = 16 * 1024;

// ANCHOR: devices
/// A pretend disk whose blocks are already in memory, so reading one needs no `.await`.
#[derive(Clone)]
pub struct Disk {
    blocks: Arc<Vec<Vec<u8>>>,
}

impl Disk {
    /// A disk with these blocks; each is cut to `BLOCK_SIZE` bytes at most.
    pub fn new(blocks: Vec<Vec<u8>>) -> Disk {
        let blocks = blocks
            .into_iter()
            .map(|block| block.into_iter().take(BLOCK_SIZE).collect());
        Disk {
            blocks: Arc::new(blocks.collect()),
        }
    }

    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// Copies block `n` into `buffer` and returns how many bytes it has.
    pub fn read_block(&self, n: usize, buffer: &mut [u8; BLOCK_SIZE]) -> usize {
        let block = &self.blocks[n];
        buffer[..block.len()].copy_from_slice(block);
        block.len()
    }
}

/// A small checksum (a rotate-and-xor of every byte): cheap, and different for
/// different blocks.
pub fn checksum(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0, |sum: u32, &byte| sum.rotate_left(5) ^ u32::from(byte))
}

/// A pretend network link. It reports every send (`send 1: block 0, checksum 0x...`)
/// to the function given to `Link::new`.
#[derive(Clone)]
pub struct Link {
    report: Arc<dyn Fn(&str) + Send + Sync>,
    state: Arc<Mutex<LinkState>>,
}

struct LinkState {
    sends_started: usize,
    busy_sends: HashSet<usize>,
}

impl Link {
    pub fn new(report: impl Fn(&str) + Send + Sync + 'static) -> Link {
        let state = LinkState {
            sends_started: 0,
            busy_sends: HashSet::new(),
        };
        Link {
            report: Arc::new(report),
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Send number `n` (counting from 1) answers `Pending` once before it is done.
    pub fn busy_on_send(&self, n: usize) {
        self.state.lock().unwrap().busy_sends.insert(n);
    }

    /// A future that sends the checksum of block `block`.
    pub fn send(&self, block: usize, checksum: u32) -> SendChecksum {
        let mut state = self.state.lock().unwrap();
        state.sends_started += 1;
        SendChecksum {
            link: self.clone(),
            number: state.sends_started,
            block,
            checksum,
        }
    }
}

pub struct SendChecksum {
    link: Link,
    number: usize,
    block: usize,
    checksum: u32,
}

impl Future for SendChecksum {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.link.state.lock().unwrap();
        if state.busy_sends.remove(&self.number) {
            (self.link.report)(&format!("send {}: busy", self.number));
            // A real link would wake us when it can take more; this one can at once.
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let (number, block, checksum) = (self.number, self.block, self.checksum);
        (self.link.report)(&format!(
            "send {number}: block {block}, checksum {checksum:#010x}"
        ));
        Poll::Ready(())
    }
}
// ANCHOR_END: devices

// ANCHOR: holding_buffer
/// Sends the checksum of every block on `disk` over `link`, one block at a time,
/// and returns how many bytes it read. Correct, but its future is over 16 KiB: the
/// buffer was borrowed (by `read_block`) and is still in scope at the `.await`, so the
/// state keeps room for it.
pub async fn send_checksums_holding_buffer(disk: Disk, link: Link) -> usize {
    let mut bytes_read = 0;
    for n in 0..disk.block_count() {
        let mut buffer = [0; BLOCK_SIZE];
        let len = disk.read_block(n, &mut buffer);
        bytes_read += len;
        let sum = checksum(&buffer[..len]);
        link.send(n, sum).await;
    }
    bytes_read
}
// ANCHOR_END: holding_buffer

// ANCHOR: send_checksums
/// Does what `send_checksums_holding_buffer` does (the same sends in the same order,
/// the same result), without keeping the buffer while it waits for the link.
///
/// The tests compare the two runs, check that this future is under 1 KiB, and check
/// that no buffer is left on the heap either while it waits.
pub async fn send_checksums(disk: Disk, link: Link) -> usize {
    let mut bytes_read = 0;
    for n in 0..disk.block_count() {
        // The buffer lives only inside this block, so it is gone before the `.await`
        // and the future needs no room for it.
        let sum = {
            let mut buffer = [0; BLOCK_SIZE];
            let len = disk.read_block(n, &mut buffer);
            bytes_read += len;
            checksum(&buffer[..len])
        };
        link.send(n, sum).await;
    }
    bytes_read
}
// ANCHOR_END: send_checksums

//! Futures shared by this exercise's tests.

use testkit::futures::yield_now;

/// Gives way `times` times, then returns `output`. An `async fn`, so its future is
/// `!Unpin`: exactly what `select` and `join_all` must pin.
pub async fn after_yields<T>(times: u32, output: T) -> T {
    for _ in 0..times {
        yield_now().await;
    }
    output
}

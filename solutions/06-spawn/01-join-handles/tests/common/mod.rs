//! Helpers shared by this exercise's tests.

use std::sync::Once;
use std::time::Duration;

/// Milliseconds of tokio's (paused) clock since `start`.
pub fn ms_since(start: tokio::time::Instant) -> u128 {
    start.elapsed().as_millis()
}

/// Sleeps on tokio's clock; with the paused clock this costs no real time.
pub async fn sleep_ms(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// Some scenarios make tasks panic on purpose. Their messages would flood the test's
/// output; this hides exactly those panics and lets every other panic through.
pub fn hide_expected_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned());
            let expected = match text {
                Some(text) => text.starts_with("expected in this scenario:"),
                None => payload
                    .downcast_ref::<Code>()
                    .is_some_and(|code| code.0 == 7),
            };
            if !expected {
                default_hook(info);
            }
        }));
    });
}

/// A panic payload that is neither `&str` nor `String`, for `std::panic::panic_any`.
pub struct Code(pub u32);

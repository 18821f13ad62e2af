//! Records the program's lines in order, each with the time on tokio's paused clock: when
//! each task asks for the lock, gets it, and is done.

#[test]
fn prediction() {
    let trace =
        testkit::Trace::new("three tasks share a tokio Mutex, each keeps its guard its own way");
    for event in predict_guard_across_await::program() {
        trace.log(event);
    }
    testkit::assert_trace!("prediction", trace);
}

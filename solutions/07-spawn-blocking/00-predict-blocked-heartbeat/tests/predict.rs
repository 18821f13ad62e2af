//! Records the program's lines in order: when the work runs, and when the heartbeat beats,
//! in each of the three rounds.

#[test]
fn prediction() {
    let trace = testkit::Trace::new("blocking work next to a heartbeat, in three rounds");
    for event in predict_blocked_heartbeat::program() {
        trace.log(event);
    }
    testkit::assert_trace!("prediction", trace);
}

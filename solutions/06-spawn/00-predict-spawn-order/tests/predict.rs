//! Records the program's lines in order: which task runs when, on each flavor.

#[test]
fn prediction() {
    let trace = testkit::Trace::new("three tasks spawned, in three rounds");
    for event in predict_spawn_order::program() {
        trace.log(event);
    }
    testkit::assert_trace!("prediction", trace);
}

//! Records the program's lines in order: which values are `Unpin`, then, for each move
//! between two polls, whether the second poll found the future where the first left it.

#[test]
fn prediction() {
    let trace = testkit::Trace::new("when Pin matters");
    for event in predict_when_pin_matters::program() {
        trace.log(event);
    }
    testkit::assert_trace!("prediction", trace);
}

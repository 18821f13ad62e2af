//! Records the program's lines in order: what each producer sends and when, what the
//! consumer receives, and when it sees the channel closed.

#[test]
fn prediction() {
    let trace = testkit::Trace::new("two producers, one consumer, a channel with room for two");
    for event in predict_bounded_channel::program() {
        trace.log(event);
    }
    testkit::assert_trace!("prediction", trace);
}

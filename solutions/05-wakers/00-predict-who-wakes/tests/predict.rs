//! Records the program's lines in order: each poll's result, and how many times the
//! future's waker was called during it.

#[test]
fn prediction() {
    let trace = testkit::Trace::new("futures run by a block_on on one thread");
    for event in predict_who_wakes::program() {
        trace.log(event);
    }
    testkit::assert_trace!("prediction", trace);
}

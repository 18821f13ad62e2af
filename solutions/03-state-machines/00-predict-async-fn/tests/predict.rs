//! Records what the program printed, one line per event, in order: the trace the learner
//! predicts in `prediction.txt`. (A prediction exercise has no wrong answers kept as code:
//! a wrong answer is a wrong prediction, and `check` shows its first wrong line.)

use testkit::{Trace, assert_trace};

#[test]
fn prediction() {
    let trace = Trace::new("an async fn polled by hand, twice, then dropped");
    for line in predict_async_fn::program() {
        trace.log(line);
    }
    assert_trace!("prediction", trace);
}

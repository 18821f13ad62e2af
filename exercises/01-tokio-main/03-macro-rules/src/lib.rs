//! The rules `#[tokio::main]` and `#[tokio::test]` follow, as a plain function.
//!
//! The macro reads its attribute settings, checks them, and emits one chain of builder
//! calls. `expand` does the same with strings, so you can see the chain for each setting.
//! The rules and messages below are read from tokio-macros 2.7.2, `src/entry.rs`.

use std::fmt;

/// Which macro: `#[tokio::main]` or `#[tokio::test]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Main,
    Test,
}

/// The settings written inside the attribute, e.g.
/// `#[tokio::main(flavor = "current_thread", start_paused = true)]`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Attributes<'a> {
    pub flavor: Option<&'a str>,
    pub worker_threads: Option<usize>,
    pub start_paused: Option<bool>,
}

/// The compile errors the macro gives for the settings `expand` understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroError {
    /// A flavor other than `current_thread`, `multi_thread` and `local`.
    UnknownFlavor(String),
    /// `worker_threads = 0`.
    ZeroWorkerThreads,
    /// `worker_threads` on a current-thread runtime.
    WorkerThreadsNeedMultiThread,
    /// `start_paused` on a multi-thread runtime.
    StartPausedNeedsCurrentThread,
}

impl fmt::Display for MacroError {
    // The messages tokio-macros 2.7.2 prints (shortened where they name the macro).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MacroError::UnknownFlavor(name) => match name.as_str() {
                "single_thread" => {
                    write!(
                        f,
                        "The single threaded runtime flavor is called `current_thread`."
                    )
                }
                "basic_scheduler" => write!(
                    f,
                    "The `basic_scheduler` runtime flavor has been renamed to `current_thread`."
                ),
                "threaded_scheduler" => write!(
                    f,
                    "The `threaded_scheduler` runtime flavor has been renamed to `multi_thread`."
                ),
                _ => write!(
                    f,
                    "No such runtime flavor `{name}`. The runtime flavors are `current_thread`, \
                     `local`, and `multi_thread`."
                ),
            },
            MacroError::ZeroWorkerThreads => write!(f, "`worker_threads` may not be 0."),
            MacroError::WorkerThreadsNeedMultiThread => write!(
                f,
                "The `worker_threads` option requires the `multi_thread` runtime flavor."
            ),
            MacroError::StartPausedNeedsCurrentThread => write!(
                f,
                "The `start_paused` option requires the `current_thread` runtime flavor."
            ),
        }
    }
}

// ANCHOR: expand
/// The builder calls the macro emits for `attributes`, one call per string, each written
/// as in the expansion but without its leading dot; or the compile error the macro gives.
///
/// For example, `#[tokio::test(start_paused = true)]`, that is
/// `expand(Entry::Test, Attributes { start_paused: Some(true), ..Default::default() })`,
/// returns `Ok` of these six strings:
///
/// ```text
/// Builder::new_current_thread()
/// start_paused(true)
/// enable_all()
/// build()
/// expect("Failed building the Runtime")
/// block_on(body)
/// ```
///
/// The tests try both macros and every setting with more than one value, and compare the
/// strings, or the error, exactly.
pub fn expand(entry: Entry, attributes: Attributes) -> Result<Vec<String>, MacroError> {
    let _ = (entry, attributes);
    todo!("return the builder calls for `entry` and `attributes`, or the macro's error")
}
// ANCHOR_END: expand

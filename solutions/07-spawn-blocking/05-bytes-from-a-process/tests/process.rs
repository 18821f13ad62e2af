//! Likely wrong answers, and the scenario that catches each:
//! - `String::from_utf8(..).unwrap()`: panics on the first bad byte (`latin1_byte`);
//! - counting U+FFFD in the decoded text: also counts one that was in the bytes
//!   already (`a_real_replacement_character`);
//! - counting bad bytes instead of replaced sequences: a cut-off four-byte character
//!   is three bytes but one U+FFFD (`cut_off_emoji`);
//! - `lines()` or `read_line`: they return an InvalidData error on the bad line
//!   (`lines_as_they_come`);
//! - reading the whole output before splitting it: no line arrives while the child
//!   is still running (`lines_as_they_come`);
//! - keeping the `\n`, or losing the last line when no `\n` ends it
//!   (`lines_as_they_come`);
//! - decoding each piece the reader hands over (`fill_buf`) on its own: a character
//!   split between two reads becomes two U+FFFD (`character_split_across_reads`);
//! - `spawn`, then `wait()`, then reading stdout: a child that writes more than a
//!   pipe holds (64 KiB on Linux) waits for a reader forever (`more_than_a_pipe_holds`);
//! - `std::process::Command::output` inside the async fn: it blocks the runtime's
//!   thread while the child runs (`child_waits_for_the_heartbeat`).
//!
//! Kept as files in `solutions/07-spawn-blocking/05-bytes-from-a-process/mistakes/`:
//! `unwraps-from-utf8.diff` (`latin1_byte`), `counts-replacement-characters.diff`
//! (`a_real_replacement_character`), `counts-bad-bytes.diff` (`cut_off_emoji`),
//! `read-line-into-a-string.diff` (`lines_as_they_come`), `decodes-each-read.diff`
//! (`character_split_across_reads`), `waits-before-reading.diff`
//! (`more_than_a_pipe_holds`), `std-output-in-the-async-fn.diff`
//! (`child_waits_for_the_heartbeat`).

use process_bytes::{Decoded, LossyLines, run_lossy};
use std::process::Stdio;
use std::time::Duration;
use testkit::heartbeat;
use testkit::{Trace, assert_trace, yes_no};
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::process::Command;

/// How long a scenario waits for something that a correct answer does at once.
const PATIENCE: Duration = Duration::from_secs(1);

/// `printf FORMAT`: octal escapes like `\351` in FORMAT become raw bytes.
fn printf(format: &str) -> Command {
    let mut command = Command::new("printf");
    command.arg(format);
    command
}

fn log_decoded(trace: &Trace, decoded: &Decoded) {
    trace.log(format!("text: {:?}", decoded.text));
    trace.log(format!("replacements: {}", decoded.replacements));
    match decoded.strict_fails_at {
        None => trace.log("String::from_utf8: Ok"),
        Some(index) => trace.log(format!("String::from_utf8: fails at byte {index}")),
    }
}

async fn scenario(name: &str, what: &str, format: &str) {
    let trace = Trace::new(what);
    trace.log(format!("child: printf '{format}'"));
    let decoded = run_lossy(printf(format)).await.expect("printf runs");
    log_decoded(&trace, &decoded);
    assert_trace!(name, trace);
}

// ANCHOR: scenarios
#[tokio::test]
async fn valid_utf8() {
    scenario(
        "valid_utf8",
        "the child writes valid UTF-8",
        "caf\\303\\251\\n",
    )
    .await;
}

#[tokio::test]
async fn latin1_byte() {
    scenario(
        "latin1_byte",
        "the child writes café in Latin-1: é is one byte, 0xE9",
        "caf\\351\\n",
    )
    .await;
}
// ANCHOR_END: scenarios

#[tokio::test]
async fn cut_off_emoji() {
    scenario(
        "cut_off_emoji",
        "a four-byte character cut after three bytes, then two bytes that never start one",
        "a\\360\\237\\230b\\377\\376c",
    )
    .await;
}

#[tokio::test]
async fn a_real_replacement_character() {
    scenario(
        "a_real_replacement_character",
        "the bytes hold a correctly encoded U+FFFD, then one bad byte",
        "\\357\\277\\275 ok \\377",
    )
    .await;
}

// ANCHOR: lines
#[tokio::test]
async fn lines_as_they_come() {
    let trace = Trace::new("a child that writes a line, then waits for a go before each next one");
    let script =
        r#"printf 'one\n'; read go; printf 'caf\351\n'; read go; printf 'last, no newline'"#;
    let mut child = Command::new("sh")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("sh runs");
    let mut go = child.stdin.take().unwrap();
    let mut lines = LossyLines::new(BufReader::new(child.stdout.take().unwrap()));
    for step in 1..=4 {
        match tokio::time::timeout(PATIENCE, lines.next_line()).await {
            Ok(Ok(Some(line))) => trace.log(format!("line {step}: {line:?}")),
            Ok(Ok(None)) => trace.log(format!("line {step}: end of output")),
            Ok(Err(error)) => trace.log(format!("line {step}: error of kind {:?}", error.kind())),
            Err(_) => {
                trace.log(format!(
                    "line {step}: nothing within a second, while the child waits"
                ));
                break;
            }
        }
        if step < 3 {
            trace.log("test: go");
            go.write_all(b"go\n").await.unwrap();
        }
    }
    drop(go);
    let status = tokio::time::timeout(PATIENCE, child.wait()).await;
    let exited = matches!(status, Ok(Ok(status)) if status.success());
    trace.log(format!("child: exited with success: {}", yes_no(exited)));
    assert_trace!("lines_as_they_come", trace);
}
// ANCHOR_END: lines

#[tokio::test]
async fn character_split_across_reads() {
    let trace =
        Trace::new("a reader that hands over 4 bytes at a time: é is split between two reads");
    // `caf` and the first byte of `é`, then its second byte and the rest.
    let bytes: &[u8] = b"caf\xc3\xa9\nna\xefve\n";
    let mut lines = LossyLines::new(BufReader::with_capacity(4, bytes));
    for step in 1..=3 {
        match lines.next_line().await {
            Ok(Some(line)) => trace.log(format!("line {step}: {line:?}")),
            Ok(None) => trace.log(format!("line {step}: end of output")),
            Err(error) => trace.log(format!("line {step}: error of kind {:?}", error.kind())),
        }
    }
    assert_trace!("character_split_across_reads", trace);
}

#[tokio::test]
async fn more_than_a_pipe_holds() {
    let trace = Trace::new("the child writes 200000 bytes: more than a pipe holds");
    let mut child = Command::new("sh");
    child.args(["-c", "head -c 200000 /dev/zero | tr '\\0' a"]);
    match tokio::time::timeout(PATIENCE, run_lossy(child)).await {
        Ok(Ok(decoded)) => {
            trace.log(format!("text: {} characters", decoded.text.chars().count()));
            trace.log(format!(
                "all of them 'a': {}",
                yes_no(decoded.text.chars().all(|c| c == 'a'))
            ));
        }
        Ok(Err(error)) => trace.log(format!("run_lossy: error of kind {:?}", error.kind())),
        Err(_) => trace.log("run_lossy: not finished within a second"),
    }
    assert_trace!("more_than_a_pipe_holds", trace);
}

#[tokio::test]
async fn child_waits_for_the_heartbeat() {
    let trace = Trace::new("the child reads a FIFO whose writer waits for the heartbeat");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipe");
    let gate = heartbeat::start();
    // The writer writes only after the heartbeat ticked while it waited (or after a
    // second): the runtime's thread must stay free while the child runs.
    let writer = heartbeat::fifo(&gate, &path, b"hello\n".to_vec()).unwrap();
    let mut cat = Command::new("cat");
    cat.arg(&path);
    let decoded = run_lossy(cat).await.expect("cat runs");
    writer.join().unwrap();
    trace.log(format!("text: {:?}", decoded.text));
    trace.log(gate.line());
    assert_trace!("child_waits_for_the_heartbeat", trace);
}

//! Prediction exercises (`predict = true` in `chapter.toml`): the crate's `src/` is a whole
//! program that records a trace, and the learner's task is `prediction.txt` in the exercise
//! folder: the trace they expect, with a few lines given and `?` where they must fill one in.
//!
//! The program runs like any exercise's tests (its trace must equal the solution's snapshot:
//! that proves it is deterministic), then the prediction is compared with the recorded
//! trace, line by line. Only the first line that differs is shown, with the chapter section
//! that explains that step: the rest of the answer stays hidden until the learner gets there.

use crate::grade::Status;
use crate::workbook::{Exercise, Side, Workbook};
use std::path::{Path, PathBuf};

/// The learner's file, in the exercise folder.
pub const FILE: &str = "prediction.txt";
/// The snapshot the program's test records.
pub const SNAPSHOT: &str = "prediction";
/// A line the learner has still to predict.
const BLANK: &str = "?";

pub fn file(workbook: &Workbook, exercise: &Exercise) -> PathBuf {
    workbook.crate_dir(exercise, Side::Exercise).join(FILE)
}

/// The lines of a prediction: comments (`#`) and trailing blank lines left out, each line
/// without trailing spaces.
fn lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::trim_end)
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Judges `prediction` against the `recorded` trace. `edited` says whether the learner
/// changed the file since it shipped (an untouched file is "not started").
pub fn judge(
    exercise: &Exercise,
    prediction: &str,
    recorded: &str,
    edited: bool,
    file: &Path,
) -> Status {
    if !edited {
        return Status::NotStarted {
            location: file.display().to_string(),
            message: "replace each `?` line with the line you expect the program to record".into(),
        };
    }
    let predicted = lines(prediction);
    let recorded: Vec<&str> = recorded.lines().map(str::trim_end).collect();
    let unfilled = predicted.iter().filter(|l| **l == BLANK).count();
    for (i, (mine, real)) in predicted.iter().zip(&recorded).enumerate() {
        if *mine != BLANK && mine != real {
            return Status::Mispredicted {
                line: i + 1,
                predicted: mine.to_string(),
                recorded: real.to_string(),
                see: explanation(exercise, i + 1),
                unfilled,
            };
        }
    }
    if predicted.len() != recorded.len() {
        let line = predicted.len().min(recorded.len()) + 1;
        return Status::Mispredicted {
            line,
            predicted: predicted.get(line - 1).unwrap_or(&"(nothing)").to_string(),
            recorded: recorded
                .get(line - 1)
                .unwrap_or(&"(nothing: the trace ends)")
                .to_string(),
            see: explanation(exercise, line),
            unfilled,
        };
    }
    if unfilled > 0 {
        return Status::PartlyPredicted { unfilled };
    }
    Status::Done
}

/// The chapter section that explains the step at `line`: the last `explain` entry of the
/// exercise that starts at or before it.
fn explanation(exercise: &Exercise, line: usize) -> Option<String> {
    exercise
        .explain
        .iter()
        .filter(|e| e.line <= line)
        .max_by_key(|e| e.line)
        .map(|e| e.see.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Explain;

    const RECORDED: &str = "scenario: s\nmain: start\ntask: runs\nmain: end";

    fn exercise() -> Exercise {
        Exercise {
            path: "01-ch/01-predict".into(),
            name: "01-predict".into(),
            hints: vec!["h".into()],
            compile_error: false,
            unix_only: false,
            predict: true,
            explain: vec![Explain {
                line: 3,
                see: "Spawning (book/06-spawn/index.md)".into(),
            }],
        }
    }

    fn judged(prediction: &str) -> Status {
        judge(&exercise(), prediction, RECORDED, true, Path::new("p.txt"))
    }

    #[test]
    fn a_right_prediction_is_done_comments_and_trailing_spaces_aside() {
        let prediction = "# my guess\nscenario: s\nmain: start  \ntask: runs\nmain: end\n\n";
        assert_eq!(judged(prediction), Status::Done);
    }

    #[test]
    fn the_first_wrong_line_is_shown_with_its_section() {
        let status = judged("scenario: s\nmain: start\nmain: end\ntask: runs");
        assert_eq!(
            status,
            Status::Mispredicted {
                line: 3,
                predicted: "main: end".into(),
                recorded: "task: runs".into(),
                see: Some("Spawning (book/06-spawn/index.md)".into()),
                unfilled: 0,
            }
        );
    }

    #[test]
    fn blanks_left_are_counted_and_right_lines_so_far_are_not_wrong() {
        assert_eq!(
            judged("scenario: s\nmain: start\n?\n?"),
            Status::PartlyPredicted { unfilled: 2 }
        );
    }

    #[test]
    fn too_few_lines_is_wrong_at_the_first_missing_one() {
        let status = judged("scenario: s\nmain: start\ntask: runs");
        assert!(
            matches!(status, Status::Mispredicted { line: 4, .. }),
            "{status:?}"
        );
    }

    #[test]
    fn an_untouched_file_is_not_started() {
        let status = judge(&exercise(), "?", RECORDED, false, Path::new("p.txt"));
        assert!(matches!(status, Status::NotStarted { .. }));
    }
}

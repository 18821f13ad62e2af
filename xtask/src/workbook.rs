//! The workbook on disk: chapters and exercises as the `chapter.toml` manifests list them.
//!
//! Nothing here is cached or stored: the manifests and folders are read afresh each run,
//! so renaming or renumbering an exercise can never leave stale state behind.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

/// A tree with `exercises/`, `solutions/` and `book/`: the real workbook, or the
/// grader's test fixtures.
pub struct Workbook {
    pub root: PathBuf,
    pub chapters: Vec<Chapter>,
}

pub struct Chapter {
    /// The folder name, e.g. `01-tokio-main`.
    pub dir: String,
    pub title: String,
    /// The book page, relative to `book/`.
    pub page: String,
    pub exercises: Vec<Exercise>,
}

#[derive(Clone)]
pub struct Exercise {
    /// `chapter/exercise`, e.g. `01-tokio-main/01-main-by-hand`.
    pub path: String,
    /// The folder name, e.g. `01-main-by-hand`.
    pub name: String,
    /// Hints from a nudge (the first) to nearly the answer (the last); at least one.
    pub hints: Vec<String>,
    /// The lesson is a compile error: the exercise ships not compiling.
    pub compile_error: bool,
    /// Its lesson needs Unix (named pipes, processes, file descriptors): elsewhere it is
    /// skipped, with that reason.
    pub unix_only: bool,
    /// A prediction exercise: the learner writes `prediction.txt`, not code (`predict.rs`).
    pub predict: bool,
    /// For a prediction: which chapter section explains the step at each line.
    pub explain: Vec<Explain>,
}

/// From this line of a prediction on, the step is explained in `see`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explain {
    pub line: usize,
    pub see: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterToml {
    title: String,
    page: String,
    #[serde(default, rename = "exercise")]
    exercises: Vec<ExerciseToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseToml {
    name: String,
    /// One hint...
    #[serde(default)]
    hint: Option<String>,
    /// ...or several levels, from a nudge to nearly the answer.
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    compile_error: bool,
    #[serde(default)]
    unix_only: bool,
    #[serde(default)]
    predict: bool,
    #[serde(default)]
    explain: Vec<Explain>,
}

/// Which side of an exercise: what the learner edits, or the answer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Exercise,
    Solution,
}

impl Side {
    pub fn dir(self) -> &'static str {
        match self {
            Side::Exercise => "exercises",
            Side::Solution => "solutions",
        }
    }
}

/// The repository root: the xtask lives in `<root>/xtask`.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

impl Workbook {
    pub fn load(root: &Path) -> Result<Workbook> {
        let exercises_dir = root.join("exercises");
        let mut dirs: Vec<String> = fs::read_dir(&exercises_dir)
            .with_context(|| format!("cannot read {}", exercises_dir.display()))?
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().join("chapter.toml").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        dirs.sort();
        let mut chapters = Vec::new();
        for dir in dirs {
            let file = exercises_dir.join(&dir).join("chapter.toml");
            let text = fs::read_to_string(&file)?;
            let parsed: ChapterToml = toml::from_str(&text)
                .with_context(|| format!("{} is not a valid chapter manifest", file.display()))?;
            let mut exercises = Vec::new();
            for e in parsed.exercises {
                let hints: Vec<String> = e
                    .hint
                    .into_iter()
                    .chain(e.hints)
                    .map(|h| h.trim().to_string())
                    .collect();
                if hints.is_empty() || hints.iter().any(String::is_empty) {
                    bail!(
                        "{}: exercise `{}` needs `hint = \"...\"` or `hints = [...]`, none empty",
                        file.display(),
                        e.name
                    );
                }
                exercises.push(Exercise {
                    path: format!("{dir}/{}", e.name),
                    name: e.name,
                    hints,
                    compile_error: e.compile_error,
                    unix_only: e.unix_only,
                    predict: e.predict,
                    explain: e.explain,
                });
            }
            chapters.push(Chapter {
                dir,
                title: parsed.title,
                page: parsed.page,
                exercises,
            });
        }
        Ok(Workbook {
            root: root.to_path_buf(),
            chapters,
        })
    }

    /// The cargo workspace the crates belong to: the workbook itself, or for the grader's
    /// fixtures the repository around them. Its `target/` holds every build.
    pub fn cargo_root(&self) -> PathBuf {
        self.root
            .ancestors()
            .find(|dir| {
                fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|t| t.contains("[workspace]"))
            })
            .unwrap_or(&self.root)
            .to_path_buf()
    }

    pub fn exercises(&self) -> impl Iterator<Item = &Exercise> {
        self.chapters.iter().flat_map(|c| c.exercises.iter())
    }

    /// The exercises AddressSanitizer checks: every exercise of a chapter in which some
    /// solution uses `unsafe` (Pin, wakers, channels by hand). A whole chapter, because a
    /// safe-looking exercise there (an executor over hand-made wakers) can still leak.
    pub fn sanitized_exercises(&self) -> Vec<Exercise> {
        self.chapters
            .iter()
            .filter(|chapter| {
                let solutions = self.root.join("solutions").join(&chapter.dir);
                chapter
                    .exercises
                    .iter()
                    .any(|e| contains_unsafe(&solutions.join(&e.name).join("src")))
            })
            .flat_map(|chapter| chapter.exercises.iter().cloned())
            .collect()
    }

    pub fn crate_dir(&self, exercise: &Exercise, side: Side) -> PathBuf {
        self.root.join(side.dir()).join(&exercise.path)
    }

    /// The exercises that `name` selects: all of them, a chapter's (by its folder name),
    /// or the one it names.
    pub fn select(&self, name: Option<&str>) -> Result<Vec<Exercise>, NameError> {
        let Some(name) = name else {
            return Ok(self.exercises().cloned().collect());
        };
        let folder = name
            .trim_end_matches('/')
            .trim_start_matches("./")
            .trim_start_matches("exercises/")
            .trim_start_matches("solutions/");
        if let Some(chapter) = self.chapters.iter().find(|c| c.dir == folder) {
            return Ok(chapter.exercises.clone());
        }
        self.find(name).map(|e| vec![e.clone()])
    }

    /// Finds an exercise by its path (`01-tokio-main/01-main-by-hand`, with or without
    /// `exercises/` in front), its folder name, or a part of its path that is unique.
    pub fn find(&self, name: &str) -> Result<&Exercise, NameError> {
        let wanted = name
            .trim_end_matches('/')
            .trim_start_matches("./")
            .trim_start_matches("exercises/")
            .trim_start_matches("solutions/");
        let all: Vec<&Exercise> = self.exercises().collect();
        if let Some(e) = all.iter().find(|e| e.path == wanted || e.name == wanted) {
            return Ok(e);
        }
        let matches: Vec<&Exercise> = all
            .iter()
            .copied()
            .filter(|e| e.path.contains(wanted))
            .collect();
        match matches.len() {
            1 => Ok(matches[0]),
            0 => {
                let mut close: Vec<(f64, &str)> = all
                    .iter()
                    .map(|e| (strsim::jaro_winkler(wanted, &e.name), e.path.as_str()))
                    .filter(|(score, _)| *score > 0.7)
                    .collect();
                close.sort_by(|a, b| b.0.total_cmp(&a.0));
                Err(NameError::Unknown {
                    name: name.to_string(),
                    close: close
                        .into_iter()
                        .take(3)
                        .map(|(_, p)| p.to_string())
                        .collect(),
                })
            }
            _ => Err(NameError::Ambiguous {
                name: name.to_string(),
                matches: matches.iter().map(|e| e.path.clone()).collect(),
            }),
        }
    }
}

/// A name given on the command line that selects no exercise, or several.
#[derive(Debug)]
pub enum NameError {
    Unknown { name: String, close: Vec<String> },
    Ambiguous { name: String, matches: Vec<String> },
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::Unknown { name, close } if close.is_empty() => write!(
                f,
                "no exercise is called `{name}`. `cargo xtask list` shows them all."
            ),
            NameError::Unknown { name, close } => {
                writeln!(f, "no exercise is called `{name}`. Did you mean:")?;
                for path in close {
                    writeln!(f, "    {path}")?;
                }
                Ok(())
            }
            NameError::Ambiguous { name, matches } => {
                writeln!(f, "`{name}` matches several exercises; say which one:")?;
                for path in matches {
                    writeln!(f, "    {path}")?;
                }
                Ok(())
            }
        }
    }
}

fn contains_unsafe(dir: &Path) -> bool {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let path = entry.path();
            if path.is_dir() {
                contains_unsafe(&path)
            } else {
                fs::read_to_string(&path).is_ok_and(|text| text.contains("unsafe"))
            }
        })
}

/// The package name in a crate's `Cargo.toml`.
pub fn package_name(crate_dir: &Path) -> Result<String> {
    let manifest = crate_dir.join("Cargo.toml");
    let text = fs::read_to_string(&manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let table: toml::Table = toml::from_str(&text)
        .with_context(|| format!("{} is not valid TOML", manifest.display()))?;
    match table
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
    {
        Some(name) => Ok(name.to_string()),
        None => bail!("{} has no package name", manifest.display()),
    }
}

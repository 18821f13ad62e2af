//! What `cargo xtask verify` checks in the book. Each problem starts with its page.
//!
//! - **No untested code.** A `rust` block (or a block with no language, which `mdbook test`
//!   also compiles as Rust) must either hold only `{{#include}}`s of files in a crate of the
//!   workspace, which is compiled and tested, or be marked `ignore`, `compile_fail` or
//!   `no_run` with a sentence saying why right before it.
//! - **Includes resolve**: the file exists, and so do its anchor or its lines.
//! - **Links resolve** in the built HTML: the page exists, and so does the `#anchor`.
//! - **No directive is left unexpanded** in the built HTML.
//! - **Offline**: no script, stylesheet, font or image comes from another host.

use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// The words that say why a block is not compiled with the book.
static REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)not\s+(be\s+)?compiled|(does|do|would|will)\s+not\s+compile|n't\s+compile|fails?\s+to\s+compile|compile\s+error|not\s+(be\s+)?run\b|not\s+tested|`(ignore|compile_fail|no_run)`",
    )
    .unwrap()
});

static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\\?)\{\{#(include|rustdoc_include|playground)\s+([^}\s]+)[^}]*\}\}").unwrap()
});

/// The pages of the book: source path (relative to the book's folder) and content.
fn chapters(book: &MDBook) -> Vec<(PathBuf, String)> {
    book.iter()
        .filter_map(|item| match item {
            BookItem::Chapter(ch) => Some((ch.source_path.clone()?, ch.content.clone())),
            _ => None,
        })
        .collect()
}

/// Each page's source (`book/...md`, as problems name it) and its HTML file.
pub fn pages(book: &MDBook) -> Vec<(String, PathBuf)> {
    let src = book.config.book.src.display().to_string();
    chapters(book)
        .into_iter()
        .map(|(path, _)| {
            let html = if path.file_name().is_some_and(|n| n == "README.md") {
                path.with_file_name("index.html")
            } else {
                path.with_extension("html")
            };
            (format!("{src}/{}", path.display()), html)
        })
        .collect()
}

/// Checks the Markdown sources: code blocks and includes.
pub fn sources(root: &Path, book: &MDBook) -> Vec<String> {
    let src = root.join(&book.config.book.src);
    let members = workspace_members(root);
    let mut problems = Vec::new();
    for (path, content) in chapters(book) {
        let page = format!("{}/{}", book.config.book.src.display(), path.display());
        let dir = src.join(path.parent().unwrap_or(Path::new("")));
        for problem in page_problems(&content, &dir, root, &members) {
            problems.push(format!("{page}: {problem}"));
        }
    }
    problems
}

struct Fence {
    line: usize,
    info: String,
    body: Vec<String>,
}

/// The fenced code blocks of a page, and the lines of the page.
fn fences(content: &str) -> (Vec<Fence>, Vec<&str>) {
    let lines: Vec<&str> = content.lines().collect();
    let mut found = Vec::new();
    let mut open: Option<(char, usize, Fence)> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let ch = trimmed.chars().next().unwrap_or(' ');
        let run = trimmed.chars().take_while(|c| *c == ch).count();
        let is_fence = (ch == '`' || ch == '~') && run >= 3;
        match &mut open {
            Some((c, n, fence)) => {
                if is_fence && ch == *c && run >= *n && trimmed[run..].trim().is_empty() {
                    let (_, _, fence) = open.take().unwrap();
                    found.push(fence);
                } else {
                    fence.body.push(line.to_string());
                }
            }
            None if is_fence => {
                open = Some((
                    ch,
                    run,
                    Fence {
                        line: i,
                        info: trimmed[run..].trim().to_string(),
                        body: Vec::new(),
                    },
                ));
            }
            None => {}
        }
    }
    (found, lines)
}

/// The paragraph right before line `at` (or right after it, going `down`), as one string;
/// empty when a heading, a code block or nothing is there.
fn paragraph(lines: &[&str], at: usize, down: bool) -> String {
    let mut i = at as isize;
    let step = if down { 1 } else { -1 };
    let next = |i: isize| i + step;
    i = next(i);
    while i >= 0 && (i as usize) < lines.len() && lines[i as usize].trim().is_empty() {
        i = next(i);
    }
    let mut text = Vec::new();
    while i >= 0 && (i as usize) < lines.len() && !lines[i as usize].trim().is_empty() {
        let line = lines[i as usize].trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            break;
        }
        if line.starts_with('#') {
            if down {
                break;
            }
            text.clear();
            break;
        }
        text.push(line);
        i = next(i);
    }
    if !down {
        text.reverse();
    }
    text.join(" ")
}

const RUSTDOC_ATTRIBUTES: &[&str] = &[
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
    "editable",
    "noplayground",
    "mdbook-runnable",
];

fn page_problems(content: &str, dir: &Path, root: &Path, members: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let (blocks, lines) = fences(content);
    for fence in &blocks {
        let at = format!("line {}", fence.line + 1);
        let tokens: Vec<&str> = fence
            .info
            .split([',', ' ', '\t'])
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.is_empty() {
            problems.push(format!(
                "{at}: a code block with no language is Rust to `mdbook test`; name its language (`text`, `console`, `rust`...)"
            ));
            continue;
        }
        let rust = tokens[0] == "rust" || tokens.iter().all(|t| RUSTDOC_ATTRIBUTES.contains(t));
        if !rust {
            continue;
        }
        let code: Vec<&String> = fence.body.iter().filter(|l| !l.trim().is_empty()).collect();
        let includes: Vec<_> = code
            .iter()
            .filter_map(|l| INCLUDE.captures(l.trim()))
            .filter(|c| c.get(0).unwrap().as_str() == c.get(0).unwrap().as_str().trim())
            .collect();
        if !code.is_empty() && includes.len() == code.len() {
            for include in includes {
                let file = dir.join(include[3].split(':').next().unwrap_or(""));
                if !file.is_file() {
                    continue; // reported with the other includes below
                }
                let rust_file = file.extension().is_some_and(|e| e == "rs");
                if !rust_file || !in_compiled_crate(&file, root, members) {
                    problems.push(format!(
                        "{at}: this `rust` block includes {}, which is not Rust source in a crate of the workspace, so it is never compiled; include it from a crate, or mark the block `ignore` with a sentence saying why",
                        &include[3]
                    ));
                }
            }
            continue;
        }
        let marked = tokens
            .iter()
            .any(|t| matches!(*t, "ignore" | "compile_fail" | "no_run"));
        if !marked {
            problems.push(format!(
                "{at}: a `rust` block that is not tested: include it with `{{{{#include}}}}` from a crate that is compiled, or mark it `ignore`, `compile_fail` or `no_run` with a sentence before it saying why"
            ));
            continue;
        }
        let before = paragraph(&lines, fence.line, false);
        if !REASON.is_match(&before) {
            problems.push(format!(
                "{at}: a `{}` block with no sentence right before it that says why it is not compiled (for example \"... so it is not compiled\", \"this does not compile\")",
                fence.info
            ));
        }
    }
    for captures in INCLUDE.captures_iter(content) {
        if !captures[1].is_empty() {
            continue; // `\{{#include}}` is shown, not expanded
        }
        let directive = captures.get(0).unwrap().as_str();
        let line = content[..captures.get(0).unwrap().start()]
            .lines()
            .count()
            .max(1);
        if let Err(problem) = include_resolves(&captures[3], dir) {
            problems.push(format!("line {line}: `{directive}`: {problem}"));
        }
    }
    problems
}

/// Checks what mdBook would silently turn into nothing: a missing anchor, lines past the end.
fn include_resolves(spec: &str, dir: &Path) -> Result<(), String> {
    let (file, selector) = spec.split_once(':').unwrap_or((spec, ""));
    let text =
        fs::read_to_string(dir.join(file)).map_err(|e| format!("cannot read {file}: {e}"))?;
    match include_problem(file, selector, &text) {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// What is wrong with including `selector` (`ANCHOR` name, or `START[:END]` lines) of `file`,
/// whose content is `text`: a missing anchor, an anchor with nothing between its two lines,
/// or lines past the end.
pub(crate) fn include_problem(file: &str, selector: &str, text: &str) -> Option<String> {
    if selector.is_empty() {
        return None;
    }
    let first = selector.split(':').next().unwrap_or("");
    if let Ok(start) = first.parse::<usize>() {
        let count = text.lines().count();
        return (start > count).then(|| format!("{file} has {count} lines, fewer than {start}"));
    }
    let anchor = Regex::new(&format!(r"ANCHOR:\s*{}\b", regex::escape(selector))).unwrap();
    let end = Regex::new(&format!(r"ANCHOR_END:\s*{}\b", regex::escape(selector))).unwrap();
    let Some(start) = text.lines().position(|l| anchor.is_match(l)) else {
        return Some(format!(
            "{file} has no `ANCHOR: {selector}`, so nothing would be included"
        ));
    };
    let Some(stop) = text.lines().position(|l| end.is_match(l)) else {
        return Some(format!("{file} has no `ANCHOR_END: {selector}`"));
    };
    let shown = text
        .lines()
        .skip(start + 1)
        .take(stop.saturating_sub(start + 1))
        .any(|l| !l.trim().is_empty() && !l.contains("ANCHOR"));
    (!shown)
        .then(|| format!("the `{selector}` block of {file} is empty, so nothing would be shown"))
}

/// The `members` of the workspace in `root/Cargo.toml`: every crate there is compiled.
fn workspace_members(root: &Path) -> Vec<String> {
    let text = fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let table: toml::Table = toml::from_str(&text).unwrap_or_default();
    table
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .map(|m| {
            m.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn in_compiled_crate(file: &Path, root: &Path, members: &[String]) -> bool {
    let (Ok(file), Ok(root)) = (file.canonicalize(), root.canonicalize()) else {
        return false;
    };
    let Some(krate) = file
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(&root))
        .find(|d| d.join("Cargo.toml").is_file())
    else {
        return false;
    };
    let relative: Vec<String> = krate
        .strip_prefix(&root)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    members.iter().any(|pattern| {
        let pattern: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty()).collect();
        pattern.len() == relative.len()
            && pattern
                .iter()
                .zip(&relative)
                .all(|(p, r)| *p == "*" || p == r)
    })
}

static HREF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\s(href|src)="([^"]*)""#).unwrap());
static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\sid="([^"]*)""#).unwrap());

/// Checks the built pages: internal links and anchors resolve, no directive is left.
pub fn html(build: &Path, pages: &[(String, PathBuf)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &Path| -> BTreeSet<String> {
        ids.entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = fs::read_to_string(file).unwrap_or_default();
                ID.captures_iter(&text).map(|c| c[1].to_string()).collect()
            })
            .clone()
    };
    for (page, html) in pages {
        let file = build.join(html);
        let Ok(text) = fs::read_to_string(&file) else {
            problems.push(format!("{page}: no HTML was built ({})", html.display()));
            continue;
        };
        if let Some(at) = text.find("{{#") {
            let directive: String = text[at..].chars().take(60).collect();
            let directive = directive.split("}}").next().unwrap_or("");
            problems.push(format!(
                "{page}: a directive was left unexpanded: `{directive}}}}}`"
            ));
        }
        for captures in HREF.captures_iter(&text) {
            let link = captures[2].replace("&amp;", "&");
            if link.is_empty()
                || link == "#"
                || link.starts_with("//")
                || link.split_once(':').is_some_and(|(scheme, _)| {
                    !scheme.contains('/') && !scheme.contains('#') && !scheme.contains('.')
                })
            {
                continue; // another site, `mailto:`, `data:`, `javascript:`
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                file.clone()
            } else {
                let mut t = normalize(&file.parent().unwrap().join(percent_decode(path)));
                if t.is_dir() {
                    t = t.join("index.html");
                }
                t
            };
            if !target.is_file() {
                problems.push(format!(
                    "{page}: broken link `{link}`: no such page or file"
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let is_html = target.extension().is_some_and(|e| e == "html");
                if is_html && !ids_of(&target).contains(&percent_decode(fragment)) {
                    problems.push(format!(
                        "{page}: broken link `{link}`: the page has no anchor `#{fragment}`"
                    ));
                }
            }
        }
    }
    problems
}

static REMOTE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<(script|link|img|iframe|source|audio|video|embed|object|image|use)\b[^>]*?\s(src|href|srcset|data|xlink:href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]*)"#).unwrap()
});
static REMOTE_CSS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]*)"#).unwrap()
});

/// Nothing in the built book may come from another host: no script, stylesheet, font,
/// image or frame in the HTML, and no `url()` or `@import` in the CSS.
pub fn offline(build: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for file in files(build) {
        let relative = file.strip_prefix(build).unwrap_or(&file).display();
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = match ext {
            "html" | "css" => fs::read_to_string(&file).unwrap_or_default(),
            _ => continue,
        };
        let found: Vec<String> = if ext == "html" {
            REMOTE_TAG
                .captures_iter(&text)
                .map(|c| format!("<{}> loads {}", &c[1], &c[3]))
                .collect()
        } else {
            REMOTE_CSS
                .captures_iter(&text)
                .map(|c| format!("CSS loads {}", &c[2]))
                .collect()
        };
        for what in found {
            problems.push(format!(
                "the built {relative}: {what} from another host; serve it from the book"
            ));
        }
    }
    problems
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// `a/b/../c` as `a/c`, without touching the disk.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = text.get(i + 1..i + 3).filter(|_| bytes[i] == b'%');
        if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

//! `{{#trace-diagram PATH [nest=a,b,c]}}`: a sequence diagram of polls and wakes, drawn as
//! inline SVG from a snapshot the solutions recorded (`cargo xtask bless`).
//!
//! The diagram is drawn again on every book build, so it can never disagree with the
//! snapshot. A trace line is `who: what`; the diagram reads these:
//!
//! - `executor: poll N` starts a poll; `executor: poll N returned R` ends it;
//! - `X: poll` is an arrow from the executor (or the innermost future of the nest, below)
//!   to `X`; `X: Pending`, `X: Ready` are arrows back;
//! - `X: wake` is a wake arrow to the executor; `executor: woken` after anything else too;
//! - any other `X: text` is a note on `X`'s line; a line whose `who` has spaces, or is
//!   `test` or `output`, is a note across the whole diagram.
//!
//! When no line starts with `executor:`, the executor is the one that polls all the same.
//!
//! `nest=a,b,c` says that the executor's poll goes through futures that hold each other
//! (`a` holds `b`, which holds `c`) and that the trace does not log: each poll is drawn
//! going down the nest, and its result coming back up. The nest comes from the code's
//! structure; everything else comes from the trace.

use anyhow::{Context, Result, bail};
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TraceDiagrams;

pub const DIRECTIVE: &str = "{{#trace-diagram ";

impl Preprocessor for TraceDiagrams {
    fn name(&self) -> &str {
        "trace-diagram"
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_driver::errors::Result<Book> {
        let src = ctx.root.join(&ctx.config.book.src);
        let mut error = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let (Some(path), None) = (chapter.source_path.clone(), error.as_ref()) else {
                return;
            };
            let dir = src.join(path.parent().unwrap_or(Path::new("")));
            match expand(&chapter.content, &dir, &ctx.root) {
                Ok(content) => chapter.content = content,
                Err(e) => error = Some(e.context(format!("book/{}", path.display()))),
            }
        });
        match error {
            Some(e) => Err(e),
            None => Ok(book),
        }
    }
}

/// Replaces every directive in a page with its diagram.
pub fn expand(content: &str, page_dir: &Path, root: &Path) -> Result<String> {
    let mut out = String::new();
    let mut rest = content;
    while let Some(start) = rest.find(DIRECTIVE) {
        // `\{{#trace-diagram ...}}` is left alone, as mdBook does for its own directives.
        if rest[..start].ends_with('\\') {
            out.push_str(&rest[..start - 1]);
            out.push_str(DIRECTIVE);
            rest = &rest[start + DIRECTIVE.len()..];
            continue;
        }
        out.push_str(&rest[..start]);
        let after = &rest[start + DIRECTIVE.len()..];
        let end = after
            .find("}}")
            .context("a `{{#trace-diagram` directive is not closed with `}}`")?;
        let mut args = after[..end].split_whitespace();
        let file = args.next().context("`{{#trace-diagram}}` needs a path")?;
        let mut nest = Vec::new();
        for arg in args {
            match arg.strip_prefix("nest=") {
                Some(list) => nest = list.split(',').map(str::to_string).collect(),
                None => bail!("`{{{{#trace-diagram}}}}`: unknown argument `{arg}`"),
            }
        }
        let path = page_dir.join(file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("`{{{{#trace-diagram {file}}}}}`: cannot read {file}"))?;
        let shown = path
            .canonicalize()
            .ok()
            .and_then(|p| {
                let root = root.canonicalize().ok()?;
                Some(p.strip_prefix(root).ok()?.display().to_string())
            })
            .unwrap_or_else(|| file.to_string());
        let diagram = Diagram::from_trace(&trace_lines(&text), &nest)
            .with_context(|| format!("`{{{{#trace-diagram {file}}}}}`"))?;
        out.push_str("\n\n");
        out.push_str(&diagram.svg(&shown));
        out.push_str("\n\n");
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The trace in a snapshot file: the lines after insta's `---` header.
pub fn trace_lines(snapshot: &str) -> Vec<String> {
    let mut lines: Vec<&str> = snapshot.lines().collect();
    let header = lines.iter().skip(1).position(|l| *l == "---");
    if let Some(end) = header.filter(|_| lines.first() == Some(&"---")) {
        lines.drain(..end + 2);
    }
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A call (`poll`), a return (`Pending`, `Ready`) or a wake, from one line to another.
    Arrow {
        from: usize,
        to: usize,
        label: String,
        kind: ArrowKind,
    },
    /// Something one participant did or saw.
    Note { at: usize, text: String },
    /// A line of the trace that belongs to nobody in particular.
    Wide { text: String },
    /// A faint line between two polls of the executor.
    Separator,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArrowKind {
    Poll,
    Return,
    Wake,
}

#[derive(Debug, Default)]
pub struct Diagram {
    pub title: String,
    pub participants: Vec<String>,
    pub rows: Vec<Row>,
}

const EXECUTOR: &str = "executor";
const WAKE: &str = "#d9822b";

impl Diagram {
    pub fn from_trace(lines: &[String], nest: &[String]) -> Result<Diagram> {
        let mut d = Diagram::default();
        // An executor that logs nothing itself (chapter 5's) is drawn all the same.
        let polls = |l: &String| l.starts_with("executor: poll ") || l.ends_with(": poll");
        if !lines.iter().any(polls) {
            bail!(
                "the trace has no `executor: poll N` or `X: poll` line, so there is nothing to draw"
            );
        }
        d.participant(EXECUTOR);
        for name in nest {
            d.participant(name);
        }
        let inner = nest.len();
        // How many futures of the nest the current poll has reached.
        let mut depth = 0;
        let mut poll_label: Option<String> = None;
        let mut result = String::new();
        let mut last_actor: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let Some((who, what)) = line.split_once(": ") else {
                d.rows.push(Row::Wide { text: line.clone() });
                continue;
            };
            if who == "scenario" {
                d.title = what.to_string();
                continue;
            }
            if who.contains(char::is_whitespace) || who == "test" || who == "output" {
                d.rows.push(Row::Wide { text: line.clone() });
                continue;
            }
            if who == EXECUTOR {
                if let Some(returned) = what.split_once(" returned ").map(|(_, r)| r) {
                    if inner > 0 {
                        d.unwind(&mut depth, 0, returned);
                    } else if !matches!(d.rows.last(), Some(Row::Arrow { to: 0, label, kind: ArrowKind::Return, .. }) if label == returned)
                    {
                        d.rows.push(Row::Note {
                            at: 0,
                            text: what.to_string(),
                        });
                    }
                    poll_label = None;
                } else if what.starts_with("poll ") {
                    d.rows.push(Row::Separator);
                    result = lines[i..]
                        .iter()
                        .find_map(|l| l.strip_prefix(&format!("executor: {what} returned ")))
                        .unwrap_or("")
                        .to_string();
                    poll_label = Some(what.to_string());
                    if inner > 0 {
                        d.descend(&mut depth, inner - 1, what);
                    }
                } else if what == "woken" {
                    let after_wake = matches!(
                        d.rows.last(),
                        Some(Row::Arrow {
                            kind: ArrowKind::Wake,
                            ..
                        })
                    );
                    match last_actor {
                        _ if after_wake => {}
                        Some(from) => d.rows.push(Row::Arrow {
                            from,
                            to: 0,
                            label: "wake".into(),
                            kind: ArrowKind::Wake,
                        }),
                        None => d.rows.push(Row::Note {
                            at: 0,
                            text: what.into(),
                        }),
                    }
                } else {
                    d.rows.push(Row::Note {
                        at: 0,
                        text: what.to_string(),
                    });
                }
                continue;
            }
            let at = d.participant(who);
            let innermost = inner > 0 && who == nest[inner - 1];
            if inner > 0 && !(innermost && what == "created") {
                let first = poll_label.clone().unwrap_or_else(|| "poll".into());
                d.descend(&mut depth, inner, &first);
            }
            // Who polls the futures the trace names: the innermost of the nest, or the executor.
            let poller = inner;
            match what {
                "poll" if at != poller => d.rows.push(Row::Arrow {
                    from: poller,
                    to: at,
                    label: match inner {
                        0 => poll_label.take().unwrap_or_else(|| "poll".into()),
                        _ => "poll".into(),
                    },
                    kind: ArrowKind::Poll,
                }),
                "wake" => d.rows.push(Row::Arrow {
                    from: at,
                    to: 0,
                    label: "wake".into(),
                    kind: ArrowKind::Wake,
                }),
                "Pending" | "Ready" if at > inner => d.rows.push(Row::Arrow {
                    from: at,
                    to: poller,
                    label: what.into(),
                    kind: ArrowKind::Return,
                }),
                "dropped" if innermost && depth == inner => {
                    // It answered Ready, and its parent dropped it at once.
                    d.unwind(&mut depth, inner - 1, &result);
                    d.rows.push(Row::Note {
                        at,
                        text: what.into(),
                    });
                }
                _ => d.rows.push(Row::Note {
                    at,
                    text: what.into(),
                }),
            }
            last_actor = Some(at);
        }
        Ok(d)
    }

    fn participant(&mut self, name: &str) -> usize {
        match self.participants.iter().position(|p| p == name) {
            Some(i) => i,
            None => {
                self.participants.push(name.to_string());
                self.participants.len() - 1
            }
        }
    }

    /// Polls down the nest until `target` futures of it are being polled.
    fn descend(&mut self, depth: &mut usize, target: usize, first_label: &str) {
        while *depth < target {
            let label = if *depth == 0 { first_label } else { "poll" };
            self.rows.push(Row::Arrow {
                from: *depth,
                to: *depth + 1,
                label: label.into(),
                kind: ArrowKind::Poll,
            });
            *depth += 1;
        }
    }

    /// Returns `result` up the nest until only `target` futures are being polled.
    fn unwind(&mut self, depth: &mut usize, target: usize, result: &str) {
        while *depth > target {
            self.rows.push(Row::Arrow {
                from: *depth,
                to: *depth - 1,
                label: result.into(),
                kind: ArrowKind::Return,
            });
            *depth -= 1;
        }
    }

    /// The diagram as one HTML block: a `<figure>` with an inline SVG and a caption.
    pub fn svg(&self, source: &str) -> String {
        const COLUMN: usize = 170;
        const LEFT: usize = 95;
        const TOP: usize = 56;
        const ROW: usize = 30;
        let width = LEFT * 2 + COLUMN * (self.participants.len() - 1);
        let height = TOP + ROW * self.rows.len() + 20;
        let x = |i: usize| LEFT + COLUMN * i;
        // Unique in the whole book: `print.html` puts every diagram on one page.
        static DRAWN: AtomicUsize = AtomicUsize::new(0);
        let marker = format!("td-arrow-{}", DRAWN.fetch_add(1, Ordering::Relaxed));
        let mut s = String::new();
        let title = format!("Sequence of polls and wakes: {}", self.title);
        let _ = write!(
            s,
            r#"<figure class="trace-diagram"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{t}" viewBox="0 0 {width} {height}" width="{width}" style="max-width:100%;height:auto" font-family="sans-serif" font-size="13"><title>{t}</title>"#,
            t = escape(&title),
        );
        s.push_str("<defs>");
        for (suffix, colour) in [("c", "currentColor"), ("w", WAKE)] {
            let _ = write!(
                s,
                r#"<marker id="{marker}-{suffix}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>"#
            );
        }
        s.push_str("</defs>");
        for (i, name) in self.participants.iter().enumerate() {
            let _ = write!(
                s,
                r#"<line x1="{x}" y1="38" x2="{x}" y2="{bottom}" stroke="currentColor" stroke-opacity="0.35"/><rect x="{rx}" y="8" width="150" height="30" rx="4" fill="currentColor" fill-opacity="0.08" stroke="currentColor"/><text x="{x}" y="28" text-anchor="middle" font-weight="bold">{name}</text>"#,
                x = x(i),
                rx = x(i) - 75,
                bottom = height - 10,
                name = escape(name),
            );
        }
        for (r, row) in self.rows.iter().enumerate() {
            let y = TOP + ROW * r + ROW / 2;
            match row {
                Row::Arrow {
                    from,
                    to,
                    label,
                    kind,
                } => {
                    let (colour, dash, head) = match kind {
                        ArrowKind::Poll => ("currentColor", "", "c"),
                        ArrowKind::Return => ("currentColor", r#" stroke-dasharray="6 4""#, "c"),
                        ArrowKind::Wake => (WAKE, r#" stroke-dasharray="2 3""#, "w"),
                    };
                    let _ = write!(
                        s,
                        r#"<line class="td-{kind:?}" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" stroke-width="1.5"{dash} marker-end="url(#{marker}-{head})"/><text x="{mid}" y="{ty}" text-anchor="middle" fill="{colour}">{label}</text>"#,
                        x1 = x(*from),
                        x2 = x(*to),
                        // Over the first gap, so the label crosses no other line.
                        mid = if to > from {
                            x(*from) + COLUMN / 2
                        } else {
                            x(*from) - COLUMN / 2
                        },
                        ty = y - 5,
                        label = escape(label),
                    );
                }
                Row::Note { at, text } => {
                    let w = text.chars().count() * 7 + 16;
                    let _ = write!(
                        s,
                        r##"<rect x="{rx}" y="{ry}" width="{w}" height="22" rx="3" fill="#f5d76e" fill-opacity="0.35" stroke="currentColor" stroke-opacity="0.5"/><text x="{x}" y="{ty}" text-anchor="middle">{text}</text>"##,
                        x = x(*at),
                        rx = x(*at) as isize - w as isize / 2,
                        ry = y - 11,
                        ty = y + 4,
                        text = escape(text),
                    );
                }
                Row::Wide { text } => {
                    let _ = write!(
                        s,
                        r#"<text x="12" y="{ty}" font-style="italic">{text}</text>"#,
                        ty = y + 4,
                        text = escape(text),
                    );
                }
                Row::Separator => {
                    let _ = write!(
                        s,
                        r#"<line x1="6" y1="{y}" x2="{x2}" y2="{y}" stroke="currentColor" stroke-opacity="0.2" stroke-dasharray="1 4"/>"#,
                        x2 = width - 6,
                    );
                }
            }
        }
        let _ = write!(
            s,
            r#"</svg><figcaption>{title}. Drawn from <code>{source}</code>, the trace <code>cargo xtask bless</code> recorded from the solution, each time the book is built.</figcaption></figure>"#,
            title = escape(&self.title),
            source = escape(source),
        );
        s
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    fn arrows(d: &Diagram) -> Vec<String> {
        d.rows
            .iter()
            .filter_map(|r| match r {
                Row::Arrow {
                    from, to, label, ..
                } => Some(format!(
                    "{} -> {}: {label}",
                    d.participants[*from], d.participants[*to]
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn countdown_polls_wakes_and_returns() {
        let d = Diagram::from_trace(
            &lines(
                "scenario: two polls\nexecutor: poll 1\ncountdown: poll\ncountdown: wake\n\
                 executor: woken\ncountdown: Pending\nexecutor: poll 1 returned Pending\n\
                 executor: poll 2\ncountdown: poll\ncountdown: Ready\nexecutor: poll 2 returned Ready",
            ),
            &[],
        )
        .unwrap();
        assert_eq!(d.title, "two polls");
        assert_eq!(d.participants, ["executor", "countdown"]);
        assert_eq!(
            arrows(&d),
            [
                "executor -> countdown: poll 1",
                "countdown -> executor: wake",
                "countdown -> executor: Pending",
                "executor -> countdown: poll 2",
                "countdown -> executor: Ready",
            ]
        );
    }

    #[test]
    fn a_nest_is_polled_down_and_answers_up() {
        let nest = ["tokio_main", "hello", "print"].map(String::from);
        let d = Diagram::from_trace(
            &lines(
                "executor: poll 1\nprint: created\nconsole: busy\nexecutor: woken\n\
                 executor: poll 1 returned Pending\nexecutor: poll 2\nconsole: done\n\
                 print: dropped\nexecutor: poll 2 returned Ready",
            ),
            &nest,
        )
        .unwrap();
        assert_eq!(
            arrows(&d),
            [
                "executor -> tokio_main: poll 1",
                "tokio_main -> hello: poll",
                "hello -> print: poll",
                "console -> executor: wake",
                "print -> hello: Pending",
                "hello -> tokio_main: Pending",
                "tokio_main -> executor: Pending",
                "executor -> tokio_main: poll 2",
                "tokio_main -> hello: poll",
                "hello -> print: poll",
                "print -> hello: Ready",
                "hello -> tokio_main: Ready",
                "tokio_main -> executor: Ready",
            ]
        );
        // `print: created` is drawn before hello polls print: nothing runs before its first poll.
        assert_eq!(
            d.rows[3],
            Row::Note {
                at: 3,
                text: "created".into()
            }
        );
    }

    #[test]
    fn a_join_polls_both_sides() {
        let d = Diagram::from_trace(
            &lines(
                "executor: poll 1\nleft: poll\nleft: Pending\nright: poll\nright: wake\n\
                 executor: woken\nright: Ready\nexecutor: poll 1 returned Pending\noutput: 7",
            ),
            &["join".to_string()],
        )
        .unwrap();
        assert_eq!(
            arrows(&d),
            [
                "executor -> join: poll 1",
                "join -> left: poll",
                "left -> join: Pending",
                "join -> right: poll",
                "right -> executor: wake",
                "right -> join: Ready",
                "join -> executor: Pending",
            ]
        );
        assert_eq!(
            d.rows.last(),
            Some(&Row::Wide {
                text: "output: 7".into()
            })
        );
    }

    #[test]
    fn a_trace_without_polls_is_refused() {
        let error = Diagram::from_trace(&lines("test: poll once\nprint: created"), &[]);
        assert!(error.is_err());
    }

    #[test]
    fn text_is_escaped_and_the_header_dropped() {
        let lines = trace_lines("---\nsource: x\n---\nscenario: <a & b>\nexecutor: poll 1\n");
        assert_eq!(lines, ["scenario: <a & b>", "executor: poll 1"]);
        let svg = Diagram::from_trace(&lines, &[]).unwrap().svg("x.snap");
        assert!(svg.contains("&lt;a &amp; b&gt;"));
        assert!(
            !svg.contains("\n\n"),
            "a blank line would end the HTML block"
        );
    }
}

//! Turn a [`Plan`] into edits of the file's text.

use ruff_python_ast::token::TokenKind;
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::analyze::Plan;
use crate::edit::Edit;
use crate::source::SourceFile;

/// One edit of the class body, described by what it does.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// Delete a range.
    Delete(TextRange),
    /// Replace a range.
    Replace(TextRange, String),
    /// `def __del__(self, ...)` → `@staticmethod` / `def name(signature)`.
    Header {
        range: TextRange,
        name: String,
        signature: String,
        /// The indentation of the `def` line.
        indent: String,
    },
    /// Re-indent the lines that start in `range` from the prefix `from` to `to`.
    Reindent {
        range: TextRange,
        from: String,
        to: String,
    },
    /// Insert, at a line start, `before`, a copy of the lines of `source` (with
    /// `replacements`, re-indented from `from` to `to`), and `after`.
    Copy {
        at: TextSize,
        before: String,
        source: TextRange,
        replacements: Vec<(TextRange, String)>,
        from: String,
        to: String,
        after: String,
    },
}

/// The edits of a plan (one all-or-nothing change).
pub(crate) fn edits(file: &SourceFile, plan: &Plan) -> Vec<Edit> {
    let nl = file.newline();
    let mut out = Vec::new();
    out.extend(plan.import.clone());
    for p in &plan.pieces {
        match p {
            Piece::Delete(r) => out.push(Edit::delete(*r)),
            Piece::Replace(r, s) => out.push(Edit::replace(*r, s.clone())),
            Piece::Header {
                range,
                name,
                signature,
                indent,
            } => out.push(Edit::replace(
                *range,
                format!("@staticmethod{nl}{indent}def {name}({signature})"),
            )),
            Piece::Reindent { range, from, to } => {
                // Lines deleted by another piece are not re-indented.
                let deleted = |r: TextRange| {
                    plan.pieces
                        .iter()
                        .any(|p| matches!(p, Piece::Delete(d) if d.contains_range(r)))
                };
                for (r, s) in reindent(file, *range, from, to) {
                    if !deleted(r) {
                        out.push(Edit::replace(r, s));
                    }
                }
            }
            Piece::Copy {
                at,
                before,
                source,
                replacements,
                from,
                to,
                after,
            } => {
                let body = render(file, *source, replacements, Some((from, to)));
                out.push(Edit::insert(*at, format!("{before}{body}{after}")));
            }
        }
    }
    if let Some(r) = &plan.registration {
        let store = r
            .store
            .as_ref()
            .map_or_else(String::new, |a| format!("{}.{a} = ", r.me));
        out.push(Edit::insert(
            r.at,
            format!(
                "{}{}{}{}{store}{}({}, {}){nl}{}",
                r.lead,
                r.head,
                r.comments,
                r.indent,
                r.finalize,
                r.me,
                r.args.join(", "),
                r.tail
            ),
        ));
    }
    for d in &plan.detach {
        let lead = crate::fix::newline_before(file, d.at);
        out.push(Edit::insert(
            d.at,
            format!("{lead}{}{}.{}.detach(){nl}", d.indent, d.me, d.attr),
        ));
    }
    out
}

/// The text of `range` with `replacements` (ranges within it) applied, and lines
/// re-indented from the prefix `from` to `to`.
pub(crate) fn render(
    file: &SourceFile,
    range: TextRange,
    replacements: &[(TextRange, String)],
    reindent_lines: Option<(&str, &str)>,
) -> String {
    let mut edits: Vec<(TextRange, String)> = replacements
        .iter()
        .filter(|(r, _)| range.contains_range(*r))
        .cloned()
        .collect();
    if let Some((from, to)) = reindent_lines {
        edits.extend(reindent(file, range, from, to));
    }
    edits.sort_by_key(|(r, _)| (r.start(), r.end()));
    let mut out = String::new();
    let mut last = range.start();
    for (r, s) in edits {
        if r.start() < last {
            continue;
        }
        out.push_str(&file.text[TextRange::new(last, r.start())]);
        out.push_str(&s);
        last = r.end();
    }
    out.push_str(&file.text[TextRange::new(last, range.end())]);
    out
}

/// Edits replacing the indentation prefix `from` with `to` on every non-blank line
/// that starts in `range`, except lines inside a multi-line string.
fn reindent(file: &SourceFile, range: TextRange, from: &str, to: &str) -> Vec<(TextRange, String)> {
    let mut out = Vec::new();
    let text = file.text.as_str();
    let mut line = file.text.line_start(range.start());
    if line < range.start() {
        line = file.text.full_line_end(range.start());
    }
    while line < range.end() {
        let rest = &text[line.to_usize()..];
        let blank = rest
            .split(['\n', '\r'])
            .next()
            .is_none_or(|l| l.trim().is_empty());
        if !blank && rest.starts_with(from) && !in_string(file, line) {
            let len = TextSize::try_from(from.len()).unwrap_or_default();
            out.push((TextRange::new(line, line + len), to.to_string()));
        }
        line = file.text.full_line_end(line);
    }
    out
}

/// Whether `offset` lies strictly inside a string token (a line of a multi-line string).
fn in_string(file: &SourceFile, offset: TextSize) -> bool {
    let tokens = file.tokens();
    let i = tokens.partition_point(|t| t.end() <= offset);
    tokens.get(i).is_some_and(|t| {
        t.start() < offset
            && matches!(
                t.kind(),
                TokenKind::String | TokenKind::FStringMiddle | TokenKind::TStringMiddle
            )
    })
}

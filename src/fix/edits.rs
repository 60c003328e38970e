//! Line- and list-level edits: delete a statement keeping its trailing comment,
//! remove items from a comma-separated list, insert a line after a statement, and
//! the newline that text appended to a file without a final newline needs first.

use ruff_python_trivia::{SimpleTokenKind, SimpleTokenizer};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::edit::Edit;
use crate::source::SourceFile;
use crate::util::indent_of;

/// Delete a whole statement's lines, when it is alone on them; a trailing comment
/// stays (on its own line). `None` when the statement shares its line with other
/// code, which a line deletion would damage.
pub fn delete_statement(file: &SourceFile, range: TextRange) -> Option<Edit> {
    let lines = file.text.full_lines_range(range);
    let before = &file.text[TextRange::new(lines.start(), range.start())];
    let after = file.text[TextRange::new(range.end(), lines.end())].trim();
    if !before.trim().is_empty() {
        return None;
    }
    if after.is_empty() {
        return Some(Edit::delete(lines));
    }
    if after.starts_with('#') {
        let comment = range.end()
            + TextSize::try_from(file.text[range.end().to_usize()..].find('#')?).ok()?;
        return Some(Edit::delete(TextRange::new(range.start(), comment)));
    }
    None
}

/// The range of the comma that follows `at`, with only trivia (whitespace, line
/// continuations, comments) between.
pub fn comma_after(file: &SourceFile, at: TextSize) -> Option<TextRange> {
    SimpleTokenizer::starts_at(at, &file.text)
        .skip_trivia()
        .next()
        .filter(|t| t.kind() == SimpleTokenKind::Comma)
        .map(|t| t.range())
}

/// The offset after the comma that follows `at` and the whitespace after that
/// comma, stopping at a comment that sits on the comma's own line (it belongs to
/// the removed argument, so the caller sees it and skips).
pub fn after_comma(file: &SourceFile, at: TextSize) -> Option<TextSize> {
    let comma = crate::fix::comma_after(file, at)?;
    let after = &file.text[comma.end().to_usize()..];
    let same_line = after
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(after.len());
    let skip = if after[same_line..].starts_with('#') {
        // Keep the trailing comment inside the deleted range: the caller refuses.
        after[same_line..]
            .find('\n')
            .map_or(after.len(), |n| same_line + n + 1)
    } else {
        after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len())
    };
    TextSize::try_from(skip).ok().map(|n| comma.end() + n)
}

fn has_comment(file: &SourceFile, range: TextRange) -> bool {
    file.comment_ranges().any(|c| range.contains_range(c))
}

/// Edits deleting the items flagged in `remove` from a comma-separated list (call
/// arguments, class bases, imported names), keeping comments; an item alone on its
/// line goes with its line. At least one item must stay.
pub fn delete_items(file: &SourceFile, items: &[TextRange], remove: &[bool]) -> Vec<Edit> {
    let text = &file.text;
    let mut edits = Vec::new();
    let n = items.len();
    // A trailing run of removed items with no comma after the last one.
    let trailing_from = {
        let mut k = n;
        while k > 0 && remove[k - 1] {
            k -= 1;
        }
        if k < n && comma_after(file, items[n - 1].end()).is_none() && k > 0 {
            Some(k)
        } else {
            None
        }
    };
    let with_comma = |edits: &mut Vec<Edit>, item: TextRange, comma: TextRange| {
        let line_start = text.line_start(item.start());
        let before = &text[TextRange::new(line_start, item.start())];
        let line_end = text.line_end(comma.end());
        let rest = &text[TextRange::new(comma.end(), line_end)];
        if before.trim().is_empty() && rest.trim().is_empty() {
            edits.push(Edit::delete(TextRange::new(
                line_start,
                text.full_line_end(comma.end()),
            )));
        } else if rest.trim().is_empty() {
            let ws = before.len() - before.trim_end().len();
            let start = item.start() - TextSize::try_from(ws).unwrap_or_default();
            edits.push(Edit::delete(TextRange::new(start, comma.end())));
        } else {
            let ws = rest.len() - rest.trim_start().len();
            let end = comma.end() + TextSize::try_from(ws).unwrap_or_default();
            edits.push(Edit::delete(TextRange::new(item.start(), end)));
        }
    };
    for k in 0..n {
        if !remove[k] || trailing_from.is_some_and(|t| k >= t) {
            continue;
        }
        if let Some(c) = comma_after(file, items[k].end()) {
            with_comma(&mut edits, items[k], c);
        }
    }
    if let Some(t) = trailing_from {
        let Some(prev_comma) = comma_after(file, items[t - 1].end()) else {
            return edits;
        };
        let whole = TextRange::new(prev_comma.start(), items[n - 1].end());
        if !has_comment(file, whole) {
            edits.push(Edit::delete(whole));
        } else {
            edits.push(Edit::delete(prev_comma));
            for &item in &items[t..n] {
                match comma_after(file, item.end()) {
                    Some(c) => with_comma(&mut edits, item, c),
                    None => {
                        let line_start = text.line_start(item.start());
                        let before = &text[TextRange::new(line_start, item.start())];
                        let rest = &text[TextRange::new(item.end(), text.line_end(item.end()))];
                        if before.trim().is_empty() && rest.trim().is_empty() {
                            edits.push(Edit::delete(TextRange::new(
                                line_start,
                                text.full_line_end(item.end()),
                            )));
                        } else {
                            edits.push(Edit::delete(item));
                        }
                    }
                }
            }
        }
    }
    edits
}

/// The newline that text inserted at `at` needs before it: the file's newline when
/// `at` is the end of a non-empty file that lacks a final newline, else nothing.
pub fn newline_before(file: &SourceFile, at: TextSize) -> &'static str {
    let text = &file.text;
    if at.to_usize() == text.len() && !text.is_empty() && !text.ends_with(['\n', '\r']) {
        file.newline()
    } else {
        ""
    }
}

/// An edit inserting `line` (without indentation or newline) as a new statement
/// right after `stmt`, at its indentation. `None` when `stmt` shares its first line
/// with other code.
pub fn insert_after(file: &SourceFile, stmt: &impl Ranged, line: &str) -> Option<Edit> {
    let indent = indent_of(file, stmt)?;
    let at = file.text.full_line_end(stmt.end());
    let lead = newline_before(file, at);
    let nl = file.newline();
    Some(Edit::insert(at, format!("{lead}{indent}{line}{nl}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Change, apply_changes};

    fn apply(src: &str, edits: Vec<Edit>) -> String {
        let change = Change {
            codemod: "test",
            edits,
        };
        apply_changes(src, &[change]).text
    }

    fn file(src: &str) -> SourceFile {
        SourceFile::parse("m.py", src.to_string()).unwrap()
    }

    #[test]
    fn deletes_a_statement_keeping_its_comment() {
        let src = "import a  # keep\nimport b\nx = 1; import c\n";
        let f = file(src);
        let s = f.suite();
        let e = delete_statement(&f, s[0].range()).unwrap();
        assert_eq!(apply(src, vec![e]), "# keep\nimport b\nx = 1; import c\n");
        let e = delete_statement(&f, s[1].range()).unwrap();
        assert_eq!(apply(src, vec![e]), "import a  # keep\nx = 1; import c\n");
        assert!(delete_statement(&f, s[3].range()).is_none());
    }

    #[test]
    fn removes_list_items() {
        let src = "from m import (\n    a,\n    b,  # b\n    c,\n)\nfrom n import x, y\n";
        let f = file(src);
        let ruff_python_ast::Stmt::ImportFrom(i) = &f.suite()[0] else {
            panic!()
        };
        let items: Vec<TextRange> = i.names.iter().map(Ranged::range).collect();
        let e = delete_items(&f, &items, &[true, false, true]);
        assert_eq!(
            apply(src, e),
            "from m import (\n    b,  # b\n)\nfrom n import x, y\n"
        );
        let ruff_python_ast::Stmt::ImportFrom(i) = &f.suite()[1] else {
            panic!()
        };
        let items: Vec<TextRange> = i.names.iter().map(Ranged::range).collect();
        let e = delete_items(&f, &items, &[false, true]);
        assert!(apply(src, e).ends_with("from n import x\n"));
    }

    #[test]
    fn inserts_after_a_statement_and_ends_the_last_line() {
        let src = "def f():\n    x = 1";
        let f = file(src);
        let ruff_python_ast::Stmt::FunctionDef(d) = &f.suite()[0] else {
            panic!()
        };
        let e = insert_after(&f, &d.body[0], "y = 2").unwrap();
        assert_eq!(apply(src, vec![e]), "def f():\n    x = 1\n    y = 2\n");
        let crlf = file("x = 1\r\n");
        assert_eq!(newline_before(&crlf, TextSize::of("x = 1\r\n")), "");
        let bare = file("x = 1");
        assert_eq!(newline_before(&bare, TextSize::of("x = 1")), "\n");
        assert_eq!(newline_before(&bare, TextSize::default()), "");
    }
}

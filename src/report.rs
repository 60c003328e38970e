//! Everything sturdy prints: unified diffs (optionally coloured), diagnostics and the
//! summary. Diffs go to stdout so it stays a clean patch; everything else to stderr.

use std::fmt::Write as _;

use crate::codemods::{Diagnostic, Severity};

/// A unified diff of `old` → `new` with `a/PATH` / `b/PATH` headers, as `git apply`
/// and `patch -p1` expect. Empty when the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    let mut udiff = diff.unified_diff();
    udiff
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"));
    let _ = write!(out, "{udiff}");
    out
}

/// Colour a unified diff with ANSI escapes, line by line.
pub fn colorize(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let code = if body.starts_with("+++") || body.starts_with("---") {
            "1"
        } else if body.starts_with('+') {
            "32"
        } else if body.starts_with('-') {
            "31"
        } else if body.starts_with("@@") {
            "36"
        } else {
            ""
        };
        if code.is_empty() {
            out.push_str(line);
        } else {
            let _ = write!(out, "\x1b[{code}m{body}\x1b[0m{nl}");
        }
    }
    out
}

/// `path:line:col: codemod: message` for a skip; `path:line:col: codemod: note: message`
/// for a note.
pub fn diagnostic_line(path: &str, d: &Diagnostic) -> String {
    let note = if d.severity == Severity::Note {
        "note: "
    } else {
        ""
    };
    format!(
        "{path}:{}:{}: {}: {note}{}",
        d.line, d.column, d.codemod, d.message
    )
}

/// `path:line:col: error: ...` or `path: error: ...` for file-level errors whose
/// message may start with a `line:col: ` position.
pub fn error_line(path: &str, message: &str) -> String {
    let has_position = message
        .split(':')
        .take(2)
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && message.matches(':').count() >= 2;
    if has_position {
        let mut parts = message.splitn(3, ':');
        let (line, col, rest) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default().trim_start(),
        );
        format!("{path}:{line}:{col}: error: {rest}")
    } else {
        format!("{path}: error: {message}")
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Files looked at.
    pub scanned: usize,
    /// Files changed (or that would change).
    pub changed: usize,
    /// Candidates left alone.
    pub skipped: usize,
    /// Candidates silenced by `# sturdy: skip` comments.
    pub suppressed: usize,
    /// Files with errors.
    pub errors: usize,
}

impl Summary {
    /// One line, in LibCST's "Transformed / Skipped / Failed" spirit.
    pub fn render(&self, written: bool) -> String {
        let verb = if written { "changed" } else { "would change" };
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let suppressed = if self.suppressed > 0 {
            format!(", {} suppressed", self.suppressed)
        } else {
            String::new()
        };
        format!(
            "sturdy: {} scanned, {} {verb}, {} skipped{suppressed}, {}",
            plural(self.scanned, "file"),
            plural(self.changed, "file"),
            plural(self.skipped, "candidate"),
            plural(self.errors, "error"),
        )
    }
}

/// Split a `line:col: rest` message into the line and the rest.
pub fn split_position(message: &str) -> (Option<usize>, &str) {
    let mut parts = message.splitn(3, ':');
    if let (Some(l), Some(c), Some(rest)) = (parts.next(), parts.next(), parts.next())
        && let (Ok(l), true) = (
            l.parse::<usize>(),
            c.bytes().all(|b| b.is_ascii_digit()) && !c.is_empty(),
        )
    {
        return (Some(l), rest.trim_start());
    }
    (None, message)
}

/// Escape a GitHub Actions annotation message.
pub fn gh_message(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a GitHub Actions annotation property value.
pub fn gh_property(s: &str) -> String {
    gh_message(s).replace(':', "%3A").replace(',', "%2C")
}

/// The 1-based line of the first difference between two texts.
pub fn first_changed_line(old: &str, new: &str) -> usize {
    old.split_inclusive('\n')
        .zip(new.split_inclusive('\n'))
        .take_while(|(a, b)| a == b)
        .count()
        + 1
}

/// Line-level edits turning `old` into `new`: old lines `start_line..end_line`
/// (1-based, end exclusive) are replaced by `replacement`.
pub fn line_edits(old: &str, new: &str) -> Vec<serde_json::Value> {
    let diff = similar::TextDiff::from_lines(old, new);
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut edits = Vec::new();
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        edits.push(serde_json::json!({
            "start_line": old_range.start + 1,
            "end_line": old_range.end + 1,
            "replacement": new_lines[new_range].concat(),
        }));
    }
    edits
}

/// The `--format json` object for one file.
pub fn json_file(path: &str, o: &crate::runner::FileOutcome) -> serde_json::Value {
    use crate::runner::Status;
    let (status, error, edits, diff) = match &o.status {
        Status::Unchanged => ("unchanged", None, Vec::new(), None),
        Status::Changed(new) => (
            "changed",
            None,
            line_edits(&o.original, new),
            Some(unified_diff(path, &o.original, new)),
        ),
        Status::Error(e) => ("error", Some(error_line(path, e)), Vec::new(), None),
    };
    serde_json::json!({
        "path": path,
        "status": status,
        "edits": edits,
        "diff": diff,
        "diagnostics": o.diagnostics.iter().map(|d| serde_json::json!({
            "codemod": d.codemod,
            "severity": match d.severity {
                Severity::Skip => "skip",
                Severity::Note => "note",
            },
            "line": d.line,
            "column": d.column,
            "message": d.message,
        })).collect::<Vec<_>>(),
        "suppressed": o.suppressed,
        "error": error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_keep_positions() {
        assert_eq!(
            error_line("a.py", "3:4: cannot parse: x"),
            "a.py:3:4: error: cannot parse: x"
        );
        assert_eq!(
            error_line("a.py", "cannot read file: gone"),
            "a.py: error: cannot read file: gone"
        );
    }

    #[test]
    fn line_edits_describe_the_change() {
        let e = line_edits("a\nb\nc\n", "a\nB\nc\nd\n");
        assert_eq!(e[0]["start_line"], 2);
        assert_eq!(e[0]["end_line"], 3);
        assert_eq!(e[0]["replacement"], "B\n");
        assert_eq!(e[1]["start_line"], 4);
        assert_eq!(e[1]["replacement"], "d\n");
        assert_eq!(first_changed_line("a\nb\n", "a\nc\n"), 2);
        assert_eq!(gh_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn diff_has_git_headers() {
        let d = unified_diff("pkg/m.py", "a\nb\n", "a\nc\n");
        assert!(d.starts_with("--- a/pkg/m.py\n+++ b/pkg/m.py\n@@"), "{d}");
        assert!(unified_diff("m.py", "a\n", "a\n").is_empty());
    }
}

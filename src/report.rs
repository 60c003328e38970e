//! Everything sturdy prints: unified diffs (optionally coloured), diagnostics and the
//! summary. Diffs go to stdout so it stays a clean patch; everything else to stderr.

use std::fmt::Write as _;

use crate::codemods::Diagnostic;

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

/// `path:line:col: codemod: message`.
pub fn diagnostic_line(path: &str, d: &Diagnostic) -> String {
    format!(
        "{path}:{}:{}: {}: {}",
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
    /// Files with errors.
    pub errors: usize,
}

impl Summary {
    /// One line, in LibCST's "Transformed / Skipped / Failed" spirit.
    pub fn render(&self, written: bool) -> String {
        let verb = if written { "changed" } else { "would change" };
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "sturdy: {} scanned, {} {verb}, {} skipped, {}",
            plural(self.scanned, "file"),
            plural(self.changed, "file"),
            plural(self.skipped, "candidate"),
            plural(self.errors, "error"),
        )
    }
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
    fn diff_has_git_headers() {
        let d = unified_diff("pkg/m.py", "a\nb\n", "a\nc\n");
        assert!(d.starts_with("--- a/pkg/m.py\n+++ b/pkg/m.py\n@@"), "{d}");
        assert!(unified_diff("m.py", "a\n", "a\n").is_empty());
    }
}

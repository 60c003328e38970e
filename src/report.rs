//! Everything sturdy prints: unified diffs (optionally coloured), diagnostics and the
//! summary. Diffs go to stdout so it stays a clean patch; everything else to stderr.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::codemods::{Diagnostic, Severity};
use crate::runner::Input;

/// Quote a file name the way git does (`core.quotePath=false`): unchanged unless it
/// holds a control character, `"`, `\` or a byte that is not UTF-8; then wrapped in
/// double quotes, with C escapes (`\t`, `\n`, `\"`, `\\`) and three-digit octal
/// escapes (`\376`) for the other such bytes (valid UTF-8 stays as it is). Distinct
/// names always give distinct strings.
pub fn quote_bytes(name: &[u8]) -> String {
    let needs = |b: u8| b < 0x20 || b == 0x7f || b == b'"' || b == b'\\';
    let valid = std::str::from_utf8(name);
    if let Ok(s) = valid
        && !s.bytes().any(needs)
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for chunk in name.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\x0b' => out.push_str("\\v"),
                '\x0c' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 || c == '\x7f' => {
                    let _ = write!(out, "\\{:03o}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\{b:03o}");
        }
    }
    out.push('"');
    out
}

/// The bytes of a path (lossy only where the platform has no byte view).
pub fn path_bytes(path: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        std::borrow::Cow::Borrowed(std::os::unix::ffi::OsStrExt::as_bytes(path))
    }
    #[cfg(not(unix))]
    {
        std::borrow::Cow::Owned(path.to_string_lossy().into_owned().into_bytes())
    }
}

/// [`quote_bytes`] for a path.
pub fn quote_path(path: &OsStr) -> String {
    quote_bytes(&path_bytes(path))
}

/// A path as shown in messages: without a leading `./`, quoted as by [`quote_path`].
pub fn display_path(path: &Path) -> String {
    let bytes = path_bytes(path.as_os_str());
    let mut b: &[u8] = &bytes;
    while let Some(rest) = b.strip_prefix(b"./") {
        b = rest;
    }
    if b.is_empty() {
        b = &bytes;
    }
    quote_bytes(b)
}

/// The path of an input as plain text for JSON and GitHub annotations: the path
/// itself (without a leading `./`) when it is UTF-8; otherwise its quoted form, with
/// the raw bytes as the second value.
pub fn plain_path(input: &Input) -> (String, Option<Vec<u8>>) {
    let Some(path) = &input.path else {
        return (input.display.clone(), None);
    };
    match path.to_str() {
        Some(s) => {
            let mut s = s;
            while let Some(rest) = s.strip_prefix("./") {
                s = rest;
            }
            (
                if s.is_empty() {
                    path.to_str().unwrap_or_default()
                } else {
                    s
                }
                .to_string(),
                None,
            )
        }
        None => {
            let bytes = path_bytes(path.as_os_str());
            let mut b: &[u8] = &bytes;
            while let Some(rest) = b.strip_prefix(b"./") {
                b = rest;
            }
            (input.display.clone(), Some(b.to_vec()))
        }
    }
}

/// The name a patch uses for `path`: relative to the current directory where it can
/// be (`pkg/m.py`; `../other/m.py` for a file outside it), so that `git apply` and
/// `patch -p1` run there find it; as given when nothing better is known.
pub fn patch_path(path: &Path) -> PathBuf {
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let has_parent = |p: &Path| p.components().any(|c| matches!(c, Component::ParentDir));
    if path.is_relative() && !has_parent(&clean) {
        return clean;
    }
    let Ok(cwd) = std::env::current_dir() else {
        return clean;
    };
    if let Ok(rel) = clean.strip_prefix(&cwd)
        && !has_parent(rel)
        && !rel.as_os_str().is_empty()
    {
        return rel.to_path_buf();
    }
    // Resolve the directory (symlinks, `..`) and the current one, then relate them.
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return clean;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let (Ok(dir), Ok(cwd)) = (std::fs::canonicalize(parent), std::fs::canonicalize(&cwd)) else {
        return clean;
    };
    let file = dir.join(name);
    let mut a = file.components().peekable();
    let mut b = cwd.components().peekable();
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        if x != y {
            break;
        }
        a.next();
        b.next();
    }
    let mut rel = PathBuf::new();
    for _ in b {
        rel.push("..");
    }
    rel.extend(a);
    rel
}

/// One `--- a/NAME` / `+++ b/NAME` header line, as git writes it: the whole
/// `a/NAME` quoted when the name needs it, and a tab after a name with a space
/// (which tells `patch` where the name ends).
fn header_line(marker: &str, side: &str, name: &[u8]) -> String {
    let mut full = side.as_bytes().to_vec();
    full.extend_from_slice(name);
    let quoted = quote_bytes(&full);
    let tab = if quoted.contains(' ') { "\t" } else { "" };
    format!("{marker} {quoted}{tab}\n")
}

/// A unified diff of `old` → `new` for `input`, with `a/NAME` / `b/NAME` headers as
/// `git apply` and `patch -p1` expect (NAME from [`patch_path`]). Empty when the
/// texts are equal.
pub fn patch(input: &Input, old: &str, new: &str) -> String {
    let path = match &input.path {
        Some(p) => patch_path(p),
        None => patch_path(Path::new(&input.display)),
    };
    diff_named(&path_bytes(path.as_os_str()), old, new)
}

/// The patch of a changed outcome whose new text is `new`: [`patch`], or, for a new
/// file ([`crate::runner::FileOutcome::created`]), one from `/dev/null` that
/// `git apply` and `patch -p1` create it from.
pub fn outcome_patch(o: &crate::runner::FileOutcome, new: &str) -> String {
    let diff = patch(&o.input, &o.original, new);
    if !o.created {
        return diff;
    }
    // `--- a/NAME` is the first line: a new file has no old name.
    match diff.split_once('\n') {
        Some((_, rest)) => format!("--- /dev/null\n{rest}"),
        None => diff,
    }
}

/// A unified diff of `old` → `new` with `a/PATH` / `b/PATH` headers (PATH quoted
/// as git quotes names). Empty when the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    diff_named(path.as_bytes(), old, new)
}

/// Lines are split at `\n` only (a lone `\r` is part of a line, as for `git apply`
/// and `patch`), and a last line without `\n` gets the `\ No newline at end of
/// file` marker, so the patch always gives back `new` exactly.
fn diff_named(name: &[u8], old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = similar::TextDiff::configure()
        .newline_terminated(true)
        .diff_slices(&old_lines, &new_lines);
    let mut out = String::new();
    out.push_str(&header_line("---", "a/", name));
    out.push_str(&header_line("+++", "b/", name));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            let value: &str = change.value();
            out.push_str(match change.tag() {
                similar::ChangeTag::Equal => " ",
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
            });
            out.push_str(value);
            if !value.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
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
/// for a note; `codemod: left alone (category): message` for a candidate that is not one.
pub fn diagnostic_line(path: &str, d: &Diagnostic) -> String {
    let left = d
        .category
        .map(|c| format!("left alone ({c}): "))
        .unwrap_or_default();
    let note = if d.severity == Severity::Note {
        "note: "
    } else {
        ""
    };
    format!(
        "{path}:{}:{}: {}: {note}{left}{}",
        d.line, d.column, d.codemod, d.message
    )
}

/// One line per codemod that left candidates alone (`Diagnostic::category`), with
/// the count per category, largest first: `signature-dispatch: 7,267 candidates left
/// alone: 4,102 forwarding, 2,311 options, 854 no-op (--verbose lists them)`.
pub fn left_alone_summary<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Vec<String> {
    let mut per: Vec<(&str, Vec<(&str, usize)>)> = Vec::new();
    for d in diagnostics {
        let Some(category) = d.category else { continue };
        let i = match per.iter().position(|(c, _)| *c == d.codemod) {
            Some(i) => i,
            None => {
                per.push((d.codemod, Vec::new()));
                per.len() - 1
            }
        };
        match per[i].1.iter_mut().find(|(c, _)| *c == category) {
            Some(entry) => entry.1 += 1,
            None => per[i].1.push((category, 1)),
        }
    }
    per.sort_by_key(|(c, _)| *c);
    per.into_iter()
        .map(|(codemod, mut counts)| {
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let total = counts.iter().map(|(_, n)| n).sum();
            let list: Vec<String> = counts
                .iter()
                .map(|(c, n)| format!("{} {c}", thousands(*n)))
                .collect();
            format!(
                "{codemod}: {} candidate{} left alone: {} (--verbose lists each with its reason)",
                thousands(total),
                if total == 1 { "" } else { "s" },
                list.join(", ")
            )
        })
        .collect()
}

/// `7267` as `7,267`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
pub fn json_file(o: &crate::runner::FileOutcome) -> serde_json::Value {
    use crate::runner::Status;
    let (path, path_bytes) = plain_path(&o.input);
    let (status, error, edits, diff) = match &o.status {
        Status::Unchanged => ("unchanged", None, Vec::new(), None),
        Status::Changed(new) => (
            "changed",
            None,
            line_edits(&o.original, new),
            Some(outcome_patch(o, new)),
        ),
        Status::Error(e) => (
            "error",
            Some(error_line(&o.input.display, e)),
            Vec::new(),
            None,
        ),
    };
    serde_json::json!({
        "path": path,
        "path_bytes": path_bytes,
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
            "left_alone": d.category,
        })).collect::<Vec<_>>(),
        "warnings": o.warnings.iter().map(|w| serde_json::json!({
            "line": w.line,
            "column": w.column,
            "message": w.message,
        })).collect::<Vec<_>>(),
        "suppressed": o.suppressed,
        "created": o.created,
        "error": error,
    })
}

/// `path:line:col: warning: message`, for a problem with a suppression comment.
pub fn warning_line(path: &str, w: &crate::suppress::Warning) -> String {
    format!("{path}:{}:{}: warning: {}", w.line, w.column, w.message)
}

/// Standard output that stops printing, but not the run, once its reader has gone: the
/// first `EPIPE` (`sturdy --check | head -1`) turns every later write into a no-op,
/// so `--write` still writes every file and the exit code is still the run's.
pub struct Printer<W: std::io::Write> {
    inner: W,
    closed: bool,
}

impl<W: std::io::Write> Printer<W> {
    /// Wrap `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            closed: false,
        }
    }

    /// Whether the reader has gone.
    pub fn closed(&self) -> bool {
        self.closed
    }

    fn guard<T>(&mut self, r: std::io::Result<T>, ok: T) -> std::io::Result<T> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(ok)
            }
            r => r,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Printer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.guard(r, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.guard(r, ())
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
    fn left_alone_summary_counts_per_category() {
        let d = |codemod, category: Option<&'static str>| Diagnostic {
            codemod,
            severity: Severity::Skip,
            line: 1,
            column: 1,
            message: String::new(),
            unless: Vec::new(),
            category,
        };
        let all = [
            d("signature-dispatch", Some("options")),
            d("signature-dispatch", Some("forwarding")),
            d("del-to-finalize", None),
            d("signature-dispatch", Some("forwarding")),
        ];
        assert_eq!(
            left_alone_summary(all.iter()),
            [
                "signature-dispatch: 3 candidates left alone: 2 forwarding, 1 options (--verbose lists each with its reason)"
            ]
        );
        assert_eq!(thousands(7267), "7,267");
        assert_eq!(thousands(854), "854");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn diff_has_git_headers() {
        let d = unified_diff("pkg/m.py", "a\nb\n", "a\nc\n");
        assert!(d.starts_with("--- a/pkg/m.py\n+++ b/pkg/m.py\n@@"), "{d}");
        assert!(unified_diff("m.py", "a\n", "a\n").is_empty());
        let d = unified_diff("my file.py", "a\n", "b\n");
        assert!(
            d.starts_with("--- a/my file.py\t\n+++ b/my file.py\t\n"),
            "{d}"
        );
        let d = unified_diff("t\tn\n.py", "a\n", "b\n");
        assert!(d.starts_with("--- \"a/t\\tn\\n.py\"\n"), "{d}");
        let d = unified_diff("m.py", "a\rb\r", "a\rc\r");
        assert_eq!(
            d,
            "--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-a\rb\r\n\\ No newline at end of file\n+a\rc\r\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn names_are_quoted_as_git_quotes_them() {
        assert_eq!(quote_bytes(b"pkg/m.py"), "pkg/m.py");
        assert_eq!(quote_bytes("café.py".as_bytes()), "café.py");
        assert_eq!(quote_bytes(b"\xfe.py"), "\"\\376.py\"");
        assert_eq!(quote_bytes(b"\xff.py"), "\"\\377.py\"");
        assert_eq!(quote_bytes(b"a\tb\n\"c\\.py"), "\"a\\tb\\n\\\"c\\\\.py\"");
        assert_eq!(quote_bytes(b"\x01.py"), "\"\\001.py\"");
        assert_eq!(display_path(Path::new("./pkg/m.py")), "pkg/m.py");
    }
}

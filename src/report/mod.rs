//! Everything sturdy prints: unified diffs (optionally coloured), diagnostics and the
//! summary. Diffs go to stdout so it stays a clean patch; everything else to stderr.
//!
//! One [`Printer`] per output format ([`text`], [`json`], [`github`], [`sarif`],
//! [`statistics`]) behind one interface; the interactive review (`-i`) prints as it
//! asks and uses the helpers here.

pub mod github;
pub mod json;
pub mod sarif;
pub mod statistics;
pub mod text;

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::codemods::{Diagnostic, Severity};
use crate::runner::{FileError, FileOutcome, Input};

/// A problem met before any file was read (a path that does not exist, a directory
/// that cannot be walked), with the path it concerns when there is one.
#[derive(Debug, Clone)]
pub struct WalkError {
    /// The path as shown in messages.
    pub path: Option<String>,
    /// The problem.
    pub error: FileError,
}

/// What every printer needs to know about the run.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct Run {
    /// `--write`: changes were written, not shown.
    pub write: bool,
    /// `--verbose`: list the candidates left alone.
    pub verbose: bool,
    /// Colour on stdout.
    pub color_stdout: bool,
    /// Colour on stderr.
    pub color_stderr: bool,
    /// `--silent`: print nothing but errors.
    pub silent: bool,
}

/// One output format: told about each problem met while looking for files, each
/// file's outcome (in order, after any write), and the end of the run.
pub trait Printer {
    /// A problem met while looking for files.
    fn walk_error(&mut self, e: &WalkError) -> std::io::Result<()>;
    /// One file's outcome.
    fn file(&mut self, o: &FileOutcome) -> std::io::Result<()>;
    /// After the last file (`outcomes` are all of them, for totals).
    fn finish(&mut self, outcomes: &[FileOutcome], summary: &Summary) -> std::io::Result<()>;
}

/// The documentation of a codemod, relative to the repository root (its `--explain`
/// text).
pub fn docs_path(codemod: &str) -> String {
    format!("codemods/{codemod}/README.md")
}

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
pub fn outcome_patch<'o>(
    o: &'o crate::runner::FileOutcome,
    new: &str,
) -> std::borrow::Cow<'o, str> {
    if let Some(rendered) = o.patch.get() {
        return std::borrow::Cow::Borrowed(rendered);
    }
    let diff = patch(&o.input, &o.original, new);
    if !o.created {
        return diff.into();
    }
    // `--- a/NAME` is the first line: a new file has no old name.
    match diff.split_once('\n') {
        Some((_, rest)) => format!("--- /dev/null\n{rest}").into(),
        None => diff.into(),
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

/// [`diagnostic_line`] with ANSI colours (for a terminal): the position bold, the
/// codemod in magenta, `note:` in cyan.
pub fn diagnostic_line_colored(path: &str, d: &Diagnostic) -> String {
    let left = d
        .category
        .map(|c| format!("left alone ({c}): "))
        .unwrap_or_default();
    let note = if d.severity == Severity::Note {
        "\x1b[1;36mnote:\x1b[0m "
    } else {
        ""
    };
    format!(
        "\x1b[1m{path}:{}:{}:\x1b[0m \x1b[35m{}\x1b[0m: {note}{left}{}",
        d.line, d.column, d.codemod, d.message
    )
}

/// Colour a `path…: error: …` or `path…: warning: …` line (for a terminal).
pub fn color_problem(line: &str) -> String {
    for (tag, code) in [(": error: ", "1;31"), (": warning: ", "1;33")] {
        if let Some((head, rest)) = line.split_once(tag) {
            let word = tag.trim_start_matches(": ").trim_end_matches(' ');
            return format!("\x1b[1m{head}:\x1b[0m \x1b[{code}m{word}\x1b[0m {rest}");
        }
    }
    line.to_string()
}

/// A 1-based line and column (characters) in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (Unicode code points).
    pub column: usize,
}

/// Line and column of byte `offset` in `text` (lines end at `\n`, `\r\n` or a lone `\r`).
pub fn pos_of(text: &str, offset: usize) -> Pos {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let mut line = 1;
    let mut start = 0;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n')) {
            line += 1;
            start = i + 1;
        }
    }
    let column = text[start..offset.min(text.len())].chars().count() + 1;
    Pos { line, column }
}

/// One contiguous change of a file: original bytes `start..end` replaced by
/// `replacement`, with the codemods whose edits made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Byte offset in the original text.
    pub start: usize,
    /// Byte offset in the original text (exclusive).
    pub end: usize,
    /// Where `start` is.
    pub start_pos: Pos,
    /// Where `end` is.
    pub end_pos: Pos,
    /// The new text.
    pub replacement: String,
    /// The codemods whose edits touch this range, in order of position.
    pub codemods: Vec<&'static str>,
}

/// The changes turning `o.original` into the new text, as minimal hunks (a line diff,
/// trimmed to the characters that differ), each attributed to the codemods that made
/// it. Empty unless the file changed.
pub fn hunks(o: &FileOutcome) -> Vec<Hunk> {
    let crate::runner::Status::Changed(new) = &o.status else {
        return Vec::new();
    };
    let old = o.original.as_str();
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let old_starts: Vec<usize> = line_offsets(&old_lines);
    let new_starts: Vec<usize> = line_offsets(&new_lines);
    let diff = similar::TextDiff::configure().diff_slices(&old_lines, &new_lines);
    let mut out = Vec::new();
    for op in diff.ops() {
        let (tag, o_range, n_range) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let (mut a, mut b) = (old_starts[o_range.start], old_starts[o_range.end]);
        let (mut c, mut d) = (new_starts[n_range.start], new_starts[n_range.end]);
        // Trim the characters both sides share.
        let common_prefix = old[a..b]
            .char_indices()
            .zip(new[c..d].chars())
            .take_while(|((_, x), y)| x == y)
            .last()
            .map_or(0, |((i, x), _)| i + x.len_utf8());
        a += common_prefix;
        c += common_prefix;
        let common_suffix = old[a..b]
            .chars()
            .rev()
            .zip(new[c..d].chars().rev())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x.len_utf8())
            .sum::<usize>();
        b -= common_suffix;
        d -= common_suffix;
        let mut codemods: Vec<&'static str> = Vec::new();
        for r in &o.edits {
            let touches = if r.range.start == r.range.end || a == b {
                r.range.start <= b && a <= r.range.end
            } else {
                r.range.start < b && a < r.range.end
            };
            if touches && !codemods.contains(&r.codemod) {
                codemods.push(r.codemod);
            }
        }
        if codemods.is_empty()
            && let Some(r) = o.edits.iter().min_by_key(|r| r.range.start.abs_diff(a))
        {
            codemods.push(r.codemod);
        }
        out.push(Hunk {
            start: a,
            end: b,
            start_pos: pos_of(old, a),
            end_pos: pos_of(old, b),
            replacement: new[c..d].to_string(),
            codemods,
        });
    }
    out
}

/// The byte offset of each line's start, and of the end.
fn line_offsets(lines: &[&str]) -> Vec<usize> {
    let mut v = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    v.push(0);
    for l in lines {
        at += l.len();
        v.push(at);
    }
    v
}

/// A skip message with its specifics (backticked names, numbers) replaced, so equal
/// reasons count together in `--statistics`.
pub fn reason_class(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_tick = false;
    let mut prev_digit = false;
    let mut prev = ' ';
    for ch in message.chars() {
        let after_word = prev.is_alphanumeric() || prev == '-';
        prev = ch;
        if ch == '`' {
            if !in_tick {
                out.push_str("`…`");
            }
            in_tick = !in_tick;
            continue;
        }
        if in_tick {
            continue;
        }
        if ch.is_ascii_digit() && (prev_digit || !after_word) {
            if !prev_digit {
                out.push('N');
            }
            prev_digit = true;
            continue;
        }
        prev_digit = false;
        out.push(ch);
    }
    out
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

/// `path:line:col: error: ...` or `path: error: ...` for a file's error.
pub fn file_error_line(path: &str, e: &FileError) -> String {
    match e.position {
        Some((line, col)) => format!("{path}:{line}:{col}: error: {}", e.message),
        None => format!("{path}: error: {}", e.message),
    }
}

/// [`file_error_line`] for an error met while looking for files.
pub fn walk_error_line(e: &WalkError) -> String {
    match &e.path {
        Some(p) => file_error_line(p, &e.error),
        None => format!("error: {}", e.error.message),
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

/// `path:line:col: warning: message`, for a problem with a suppression comment.
pub fn warning_line(path: &str, w: &crate::suppress::Warning) -> String {
    format!("{path}:{}:{}: warning: {}", w.line, w.column, w.message)
}

/// Standard output that stops printing, but not the run, once its reader has gone: the
/// first `EPIPE` (`sturdy --check | head -1`) turns every later write into a no-op,
/// so `--write` still writes every file and the exit code is still the run's.
pub struct PipeGuard<W: std::io::Write> {
    inner: W,
    closed: bool,
}

impl<W: std::io::Write> PipeGuard<W> {
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

impl<W: std::io::Write> std::io::Write for PipeGuard<W> {
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
        use crate::runner::ErrorKind;
        assert_eq!(
            file_error_line(
                "a.py",
                &FileError::at(ErrorKind::Syntax, 3, 4, "cannot parse: x")
            ),
            "a.py:3:4: error: cannot parse: x"
        );
        assert_eq!(
            file_error_line(
                "a.py",
                &FileError::new(ErrorKind::Read, "cannot read file: gone")
            ),
            "a.py: error: cannot read file: gone"
        );
    }

    #[test]
    fn positions_and_reasons() {
        assert_eq!(pos_of("ab\ncé\r\nd", 6), Pos { line: 2, column: 3 });
        assert_eq!(pos_of("a\rb", 2), Pos { line: 2, column: 1 });
        assert_eq!(
            reason_class("`x` is used 3 times in `f`"),
            "`…` is used N times in `…`"
        );
        assert_eq!(reason_class("not UTF-8 at 12"), "not UTF-8 at N");
    }

    #[test]
    fn github_escapes_and_first_line() {
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

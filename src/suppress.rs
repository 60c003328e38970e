//! Suppression comments, as users of `# noqa` / `# fmt: skip` expect them:
//!
//! - `# sturdy: skip` at the end of a class/def/statement line, or alone on the line
//!   above it, leaves that candidate (the whole statement) alone, for every codemod;
//! - `# sturdy: skip[del-to-finalize, abc-to-protocol]` does so for the named codemods
//!   only; `# sturdy: skip del-to-finalize` (names only, no brackets) means the same;
//! - `# sturdy: skip-file` (or `skip-file[NAMES]`) in the file's first comment block
//!   skips the whole file (for the named codemods);
//! - anything after the marker that is not a list of names (`# sturdy: skip -- the
//!   platform team owns this`) is a free-text reason.
//!
//! A marker sturdy cannot read exactly (an unknown codemod name, a malformed form,
//! `skip-file` below the first comment block, a `skip` that applies to no statement)
//! is a [`Warning`] naming its line. Where such a marker is used at all, it silences
//! *every* codemod, so that a typo never lets a change through.

use ruff_python_ast::AnyNodeRef;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor, TraversalSignal};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::codemods::ALL;
use crate::source::SourceFile;

/// Which codemods a marker silences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every codemod.
    All,
    /// Only these.
    Only(Vec<&'static str>),
}

impl Scope {
    /// Whether the marker silences `codemod`.
    pub fn covers(&self, codemod: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(names) => names.contains(&codemod),
        }
    }

    fn merge(&mut self, other: &Scope) {
        match (&mut *self, other) {
            (Scope::All, _) => {}
            (_, Scope::All) => *self = Scope::All,
            (Scope::Only(a), Scope::Only(b)) => {
                for n in b {
                    if !a.contains(n) {
                        a.push(n);
                    }
                }
            }
        }
    }
}

/// A problem with a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line of the comment.
    pub line: usize,
    /// 1-based column of the comment.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// What a comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
    Skip(Scope),
    SkipFile(Scope),
}

const VALID_FORMS: &str = "`# sturdy: skip`, `# sturdy: skip[NAME, ...]`, `# sturdy: skip-file`";

fn codemod_names() -> String {
    ALL.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
}

/// Read the `[a, b]` or ` a, b` list after `skip`: the names, or a problem.
fn names(list: &str) -> Result<Vec<&'static str>, String> {
    let mut out = Vec::new();
    for word in list.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
        match crate::codemods::find(word) {
            Some(c) => {
                if !out.contains(&c.name()) {
                    out.push(c.name());
                }
            }
            None => {
                return Err(format!(
                    "unknown codemod `{word}`; valid names: {}",
                    codemod_names()
                ));
            }
        }
    }
    if out.is_empty() {
        return Err("the list of codemods is empty".to_string());
    }
    Ok(out)
}

/// Whether `word` looks like a codemod name (`del-to-finalize`): kebab-case, with a dash.
fn looks_like_name(word: &str) -> bool {
    word.contains('-')
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parse one `sturdy: ...` directive (a `#`-separated part of a comment, trimmed).
/// `None` when it is not a suppression marker at all; the warning, if any, comes
/// with what the marker is taken to mean.
fn parse_part(part: &str) -> Option<(Marker, Option<String>)> {
    let rest = part.strip_prefix("sturdy:")?.trim_start();
    if !rest.starts_with("skip") {
        return None;
    }
    let (file_wide, after) = match rest.strip_prefix("skip-file") {
        Some(after) => (true, after),
        None => (false, &rest["skip".len()..]),
    };
    let form = if file_wide { "skip-file" } else { "skip" };
    let make = |scope: Scope| {
        if file_wide {
            Marker::SkipFile(scope)
        } else {
            Marker::Skip(scope)
        }
    };
    let fallback = |why: String| {
        Some((
            make(Scope::All),
            Some(format!(
                "{why}; this comment suppresses every codemod (valid forms: {VALID_FORMS})"
            )),
        ))
    };
    if after.is_empty() || after.starts_with(':') {
        return Some((make(Scope::All), None));
    }
    if let Some(list) = after.strip_prefix('[') {
        let Some(end) = list.find(']') else {
            return fallback(format!("`# sturdy: {form}[` has no closing `]`"));
        };
        let tail = &list[end + 1..];
        if !(tail.is_empty() || tail.starts_with([' ', '\t', ':'])) {
            return fallback(format!(
                "unexpected text `{}` right after `]` in `# sturdy: {form}[...]`",
                tail.split_whitespace().next().unwrap_or(tail)
            ));
        }
        return match names(&list[..end]) {
            Ok(n) => Some((make(Scope::Only(n)), None)),
            Err(why) => fallback(format!("in `# sturdy: {form}[...]`: {why}")),
        };
    }
    if !after.starts_with([' ', '\t']) {
        let word = after.split_whitespace().next().unwrap_or(after);
        return fallback(format!("`sturdy: {form}{word}` is not a sturdy directive"));
    }
    // `skip NAME, NAME`, or `skip <free-text reason>`.
    let text = after.trim();
    if text.starts_with("--") || text.starts_with(':') {
        return Some((make(Scope::All), None));
    }
    if let Ok(n) = names(text) {
        return Some((make(Scope::Only(n)), None));
    }
    let first = text
        .split([',', ' ', '\t'])
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    if looks_like_name(first) {
        let known = crate::codemods::find(first).is_some();
        let why = if known {
            format!(
                "`# sturdy: {form} {first} ...` has more than codemod names after `{form}`, so it reads as a free-text reason; to suppress only {first}, write `# sturdy: {form}[{first}]`"
            )
        } else {
            format!(
                "`{first}` after `# sturdy: {form}` looks like a codemod name, but there is no such codemod (valid names: {}); write `# sturdy: {form}[NAME]` to suppress one codemod, or `# sturdy: {form} -- REASON` for a reason",
                codemod_names()
            )
        };
        return Some((
            make(Scope::All),
            Some(format!("{why}; this comment suppresses every codemod")),
        ));
    }
    Some((make(Scope::All), None))
}

/// The markers in one comment token's text.
fn parse_comment(text: &str) -> Vec<(Marker, Option<String>)> {
    text.trim_start_matches('#')
        .split('#')
        .filter_map(|part| parse_part(part.trim()))
        .collect()
}

/// Every suppression comment of a file, resolved to what it silences.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// `skip-file` markers in the first comment block.
    file: Option<Scope>,
    /// Whole-line ranges of statements with a `skip` marker.
    regions: Vec<(TextRange, Scope)>,
    /// The same, as 1-based line ranges (end exclusive), for diagnostics.
    lines: Vec<(usize, usize, Scope)>,
    /// Problems with the comments.
    pub warnings: Vec<Warning>,
}

impl Suppressions {
    /// Read the suppression comments of `file`.
    pub fn of(file: &SourceFile) -> Self {
        let mut s = Suppressions::default();
        if !file.says_sturdy() {
            return s;
        }
        let text = &file.text;
        // The first comment block: comments before any other token.
        let mut header_end = TextSize::from(u32::try_from(text.len()).unwrap_or(u32::MAX));
        for t in file.tokens().iter() {
            match t.kind() {
                TokenKind::Comment | TokenKind::NonLogicalNewline | TokenKind::Newline => {}
                _ => {
                    header_end = t.start();
                    break;
                }
            }
        }
        // (line start it applies to, scope, comment start)
        let mut targets: Vec<(TextSize, Scope, TextSize)> = Vec::new();
        for c in file.comment_ranges() {
            let body = file.slice(c);
            if !crate::util::contains(body, "sturdy:") {
                continue;
            }
            for (marker, warning) in parse_comment(body) {
                let (line, column) = file.line_col(c.start());
                if let Some(message) = warning {
                    s.warnings.push(Warning {
                        line,
                        column,
                        message,
                    });
                }
                match marker {
                    Marker::SkipFile(scope) => {
                        if c.start() < header_end {
                            match &mut s.file {
                                Some(f) => f.merge(&scope),
                                None => s.file = Some(scope),
                            }
                        } else {
                            s.warnings.push(Warning {
                                line,
                                column,
                                message: "`# sturdy: skip-file` works only in the file's first comment block, before any code; this one suppresses nothing (move it to the top of the file)".to_string(),
                            });
                        }
                    }
                    Marker::Skip(scope) => {
                        targets.push((target_line(text, c), scope, c.start()));
                    }
                }
            }
        }
        if !targets.is_empty() {
            s.find_regions(file, &targets);
        }
        s
    }

    fn find_regions(&mut self, file: &SourceFile, targets: &[(TextSize, Scope, TextSize)]) {
        struct Find<'a, 'b> {
            file: &'a SourceFile,
            targets: &'b [(TextSize, Scope, TextSize)],
            found: Vec<(TextRange, Scope)>,
        }
        impl<'a> SourceOrderVisitor<'a> for Find<'a, '_> {
            fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
                if !node.is_statement() {
                    return TraversalSignal::Skip;
                }
                let text = &self.file.text;
                let mut starts = vec![text.line_start(node.start())];
                match node {
                    AnyNodeRef::StmtClassDef(c) => starts.push(text.line_start(c.name.start())),
                    AnyNodeRef::StmtFunctionDef(f) => {
                        starts.push(text.line_start(f.name.start()));
                    }
                    _ => {}
                }
                let mut scope: Option<Scope> = None;
                for (line, s, _) in self.targets {
                    if starts.contains(line) {
                        match &mut scope {
                            Some(have) => have.merge(s),
                            None => scope = Some(s.clone()),
                        }
                    }
                }
                if let Some(scope) = scope {
                    self.found
                        .push((self.file.text.full_lines_range(node.range()), scope));
                }
                // Nested statements may carry markers for other codemods.
                TraversalSignal::Traverse
            }
        }
        let mut f = Find {
            file,
            targets,
            found: Vec::new(),
        };
        source_order::walk_body(&mut f, file.suite());
        for (line, _, comment) in targets {
            if !f
                .found
                .iter()
                .any(|(r, _)| r.contains(*line) || r.start() == *line)
            {
                let (l, c) = file.line_col(*comment);
                self.warnings.push(Warning {
                    line: l,
                    column: c,
                    message: "this `# sturdy: skip` applies to no statement, so it suppresses nothing; put it at the end of the first line of the statement to skip, or alone on the line above it".to_string(),
                });
            }
        }
        self.lines = f
            .found
            .iter()
            .map(|(r, s)| {
                (
                    file.line_col(r.start()).0,
                    file.line_col(r.end()).0,
                    s.clone(),
                )
            })
            .collect();
        self.regions = f.found;
    }

    /// Whether nothing is suppressed.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.regions.is_empty()
    }

    /// Whether `codemod` must leave everything in the file alone.
    pub fn skips_file(&self, codemod: &str) -> bool {
        self.file.as_ref().is_some_and(|s| s.covers(codemod))
    }

    /// Whether `codemod`'s candidate (or edit) at `range` is silenced.
    pub fn silences(&self, codemod: &str, range: TextRange) -> bool {
        self.skips_file(codemod)
            || self
                .regions
                .iter()
                .any(|(r, s)| r.contains_range(range) && s.covers(codemod))
    }

    /// Whether `codemod`'s diagnostic on 1-based `line` is silenced.
    pub fn silences_line(&self, codemod: &str, line: usize) -> bool {
        self.skips_file(codemod)
            || self
                .lines
                .iter()
                .any(|(a, b, s)| (*a..*b).contains(&line) && s.covers(codemod))
    }
}

/// The start of the line a `skip` comment applies to: its own line for a trailing
/// comment, the next line holding code for a comment alone on its line.
fn target_line(text: &str, c: TextRange) -> TextSize {
    let line_start = text.line_start(c.start());
    let own_line = text[TextRange::new(line_start, c.start())]
        .trim()
        .is_empty();
    if !own_line {
        return line_start;
    }
    let mut next = text.full_line_end(c.start());
    while next.to_usize() < text.len() {
        let line = text[TextRange::new(next, text.full_line_end(next))].trim();
        if !line.is_empty() && !line.starts_with('#') {
            break;
        }
        next = text.full_line_end(next);
    }
    next
}

/// Whether the file opts out (for every codemod) with `# sturdy: skip-file` in its
/// first comment block.
pub fn skip_file(file: &SourceFile) -> bool {
    Suppressions::of(file).file == Some(Scope::All)
}

/// The ranges (whole lines) of statements marked `# sturdy: skip` (for any codemod).
pub fn regions(file: &SourceFile) -> Vec<TextRange> {
    Suppressions::of(file)
        .regions
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// A candidate (a change, or a skip or note) that a suppression comment silenced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silenced {
    /// The codemod.
    pub codemod: &'static str,
    /// 1-based line of the candidate (of its first edit, for a change).
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The skip's or note's message; `None` for a change.
    pub message: Option<String>,
}

/// Drop the changes and diagnostics that suppression comments silence. Returns what
/// was dropped, and the comments' warnings.
pub fn filter(
    file: &SourceFile,
    changes: &mut Vec<crate::edit::Change>,
    diagnostics: &mut Vec<crate::codemods::Diagnostic>,
) -> (Vec<Silenced>, Vec<Warning>) {
    let s = Suppressions::of(file);
    if s.is_empty() {
        return (Vec::new(), s.warnings);
    }
    let mut dropped = Vec::new();
    changes.retain(|c| {
        let at = c.edits.iter().find(|e| s.silences(c.codemod, e.range));
        let silenced = at.is_some();
        if let Some(e) = at {
            let (line, column) = file.line_col(e.range.start());
            dropped.push(Silenced {
                codemod: c.codemod,
                line,
                column,
                message: None,
            });
        }
        !silenced
    });
    diagnostics.retain(|d| {
        let silenced = s.silences_line(d.codemod, d.line);
        if silenced {
            dropped.push(Silenced {
                codemod: d.codemod,
                line: d.line,
                column: d.column,
                message: Some(d.message.clone()),
            });
        }
        !silenced
    });
    (dropped, s.warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (Marker, Option<String>) {
        let mut v = parse_comment(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.remove(0)
    }

    #[test]
    fn forms() {
        assert_eq!(one("# sturdy: skip"), (Marker::Skip(Scope::All), None));
        assert_eq!(
            one("# sturdy: skip -- owned elsewhere"),
            (Marker::Skip(Scope::All), None)
        );
        assert_eq!(
            one("# sturdy: skip: legacy"),
            (Marker::Skip(Scope::All), None)
        );
        assert_eq!(
            one("# sturdy: skip[del-to-finalize, abc-to-protocol] -- why"),
            (
                Marker::Skip(Scope::Only(vec!["del-to-finalize", "abc-to-protocol"])),
                None
            )
        );
        assert_eq!(
            one("# sturdy: skip del-to-finalize"),
            (Marker::Skip(Scope::Only(vec!["del-to-finalize"])), None)
        );
        assert_eq!(
            one("# noqa: E501 # sturdy: skip-file[gc-freeze-prefork]"),
            (
                Marker::SkipFile(Scope::Only(vec!["gc-freeze-prefork"])),
                None
            )
        );
        assert_eq!(
            one("# sturdy: skip the platform team owns this"),
            (Marker::Skip(Scope::All), None)
        );
        assert!(parse_comment("# sturdy is great").is_empty());
        assert!(parse_comment("# sturdy: fine").is_empty());
    }

    #[test]
    fn problems_are_warned_and_suppress_everything() {
        for (comment, says) in [
            (
                "# sturdy: skip[del-to-finalise]",
                "unknown codemod `del-to-finalise`",
            ),
            ("# sturdy: skip[del-to-finalize", "no closing `]`"),
            ("# sturdy: skip[]", "empty"),
            ("# sturdy: skip[del-to-finalize]x", "right after `]`"),
            ("# sturdy: skipx", "not a sturdy directive"),
            (
                "# sturdy: skip del-to-finalize because reasons",
                "write `# sturdy: skip[del-to-finalize]`",
            ),
            ("# sturdy: skip del-to-finalise", "no such codemod"),
        ] {
            let (marker, warning) = one(comment);
            assert_eq!(marker, Marker::Skip(Scope::All), "{comment}");
            let w = warning.unwrap_or_default();
            assert!(w.contains(says), "{comment}: {w}");
            assert!(w.contains("suppresses every codemod"), "{comment}: {w}");
        }
    }
}

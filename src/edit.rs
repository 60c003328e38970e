//! Text edits on ranges of the original source, grouped into all-or-nothing changes.
//!
//! Codemods never regenerate a file: they describe replacements of byte ranges, and
//! [`apply_changes`] splices them into the original text. Everything outside the
//! edited ranges stays byte-identical.

use ruff_text_size::{TextRange, TextSize};

/// Replace `range` with `content`. An empty range inserts; empty content deletes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The range of the original text to replace.
    pub range: TextRange,
    /// The replacement text.
    pub content: String,
}

impl Edit {
    /// Replace `range` with `content`.
    pub fn replace(range: TextRange, content: impl Into<String>) -> Self {
        Self {
            range,
            content: content.into(),
        }
    }
    /// Insert `content` at `at`.
    pub fn insert(at: TextSize, content: impl Into<String>) -> Self {
        Self::replace(TextRange::empty(at), content)
    }
    /// Delete `range`.
    pub fn delete(range: TextRange) -> Self {
        Self::replace(range, String::new())
    }
}

/// A group of edits that are applied together or not at all (e.g. an import and its use).
#[derive(Debug, Clone)]
pub struct Change {
    /// The codemod that produced this change.
    pub codemod: &'static str,
    /// The edits, in any order.
    pub edits: Vec<Edit>,
}

impl Change {
    fn span(&self) -> (TextSize, TextSize) {
        let start = self.edits.iter().map(|e| e.range.start()).min();
        let end = self.edits.iter().map(|e| e.range.end()).max();
        (start.unwrap_or_default(), end.unwrap_or_default())
    }
}

/// Two edits conflict when they touch overlapping text, or insert at the same point
/// with different content (the order would be ambiguous).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    if a == b {
        return false;
    }
    let (a, b) = (&a.range, &b.range);
    if a.is_empty() && b.is_empty() {
        return a.start() == b.start();
    }
    if a.is_empty() {
        return b.start() < a.start() && a.start() < b.end();
    }
    if b.is_empty() {
        return a.start() < b.start() && b.start() < a.end();
    }
    a.start() < b.end() && b.start() < a.end()
}

/// The result of applying a set of changes.
pub struct Applied {
    /// The new text.
    pub text: String,
    /// How many changes were applied.
    pub applied: usize,
    /// How many changes were deferred because they conflict with an applied one.
    pub deferred: usize,
    /// The edits made, sorted by position, each with the codemod whose change made it
    /// (for machine output: which codemod made which edit).
    pub edits: Vec<(Edit, &'static str)>,
    /// The codemod of each applied change.
    pub codemods: Vec<&'static str>,
}

/// Apply every change that does not conflict with an earlier one (changes are taken
/// in order of their first edit, like Ruff's `apply_fixes`). Identical edits from
/// different changes (two changes adding the same import) are applied once.
/// Conflicting changes are deferred: the caller re-runs the codemods on the result.
pub fn apply_changes(text: &str, changes: &[Change]) -> Applied {
    let mut order: Vec<&Change> = changes.iter().filter(|c| !c.edits.is_empty()).collect();
    order.sort_by_key(|c| c.span());
    let mut accepted: Vec<(Edit, &'static str)> = Vec::new();
    let mut codemods = Vec::new();
    let (mut applied, mut deferred) = (0, 0);
    for change in order {
        // Edits within one change are the codemod's responsibility; check across changes.
        let clash = change
            .edits
            .iter()
            .any(|e| accepted.iter().any(|(a, _)| conflicts(a, e)));
        if clash {
            deferred += 1;
            continue;
        }
        for e in &change.edits {
            if !accepted.iter().any(|(a, _)| a == e) {
                accepted.push((e.clone(), change.codemod));
            }
        }
        codemods.push(change.codemod);
        applied += 1;
    }
    // Stable sort: inserts at one offset keep the order in which they were accepted.
    accepted.sort_by_key(|(e, _)| (e.range.start(), e.range.end()));
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = TextSize::default();
    for (e, _) in &accepted {
        out.push_str(&text[TextRange::new(last, e.range.start())]);
        out.push_str(&e.content);
        last = e.range.end();
    }
    out.push_str(&text[last.to_usize()..]);
    Applied {
        text: out,
        applied,
        deferred,
        edits: accepted,
        codemods,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: u32, b: u32) -> TextRange {
        TextRange::new(a.into(), b.into())
    }

    #[test]
    fn applies_non_overlapping_and_dedupes_identical() {
        let text = "abcdef";
        let imp = Edit::insert(0.into(), "X");
        let changes = vec![
            Change {
                codemod: "t",
                edits: vec![imp.clone(), Edit::replace(r(1, 2), "B")],
            },
            Change {
                codemod: "t",
                edits: vec![imp, Edit::delete(r(4, 5))],
            },
        ];
        let out = apply_changes(text, &changes);
        assert_eq!(out.text, "XaBcdf");
        assert_eq!((out.applied, out.deferred), (2, 0));
    }

    #[test]
    fn overlapping_change_is_deferred_whole() {
        let text = "abcdef";
        let changes = vec![
            Change {
                codemod: "t",
                edits: vec![Edit::replace(r(1, 3), "Z")],
            },
            Change {
                codemod: "t",
                edits: vec![Edit::insert(0.into(), "I"), Edit::replace(r(2, 4), "Y")],
            },
        ];
        let out = apply_changes(text, &changes);
        // The second change starts first (insert at 0) so it wins; the first is deferred.
        assert_eq!(out.text, "IabYef");
        assert_eq!((out.applied, out.deferred), (1, 1));
    }

    #[test]
    fn different_inserts_at_same_point_conflict() {
        let a = Edit::insert(3.into(), "a");
        let b = Edit::insert(3.into(), "b");
        assert!(conflicts(&a, &b));
        assert!(!conflicts(&a, &a.clone()));
        // An insert at the boundary of a replacement does not conflict.
        assert!(!conflicts(
            &Edit::insert(3.into(), "a"),
            &Edit::replace(r(3, 5), "")
        ));
    }
}

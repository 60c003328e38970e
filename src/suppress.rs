//! Suppression comments, as users of `# noqa` / `# fmt: skip` expect them:
//!
//! - `# sturdy: skip` at the end of a class/def/statement line, or alone on the line
//!   above it, leaves that candidate (the whole statement) alone;
//! - `# sturdy: skip-file` anywhere in the file's first comment block skips the file.

use ruff_python_ast::AnyNodeRef;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor, TraversalSignal};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange};

use crate::source::SourceFile;

const SKIP: &str = "sturdy: skip";
const SKIP_FILE: &str = "sturdy: skip-file";

fn comment_says(text: &str, what: &str) -> bool {
    text.trim_start_matches('#').split('#').any(|part| {
        let p = part.trim();
        p == what || p.starts_with(&format!("{what} ")) || p.starts_with(&format!("{what}:"))
    })
}

/// Whether the file opts out with `# sturdy: skip-file` in its first comment block.
pub fn skip_file(file: &SourceFile) -> bool {
    if !crate::util::contains(&file.text, SKIP_FILE) {
        return false;
    }
    for t in file.tokens().iter() {
        match t.kind() {
            TokenKind::Comment => {
                if comment_says(file.slice(t.range()), SKIP_FILE) {
                    return true;
                }
            }
            TokenKind::NonLogicalNewline | TokenKind::Newline => {}
            _ => return false,
        }
    }
    false
}

/// The ranges (whole lines) of statements marked `# sturdy: skip`.
pub fn regions(file: &SourceFile) -> Vec<TextRange> {
    if !crate::util::contains(&file.text, SKIP) {
        return Vec::new();
    }
    let text = &file.text;
    let mut targets = Vec::new(); // line starts of the lines a marker applies to
    for c in file.comment_ranges() {
        let body = file.slice(c);
        if !comment_says(body, SKIP) || comment_says(body, SKIP_FILE) {
            continue;
        }
        let line_start = text.line_start(c.start());
        let own_line = text[TextRange::new(line_start, c.start())]
            .trim()
            .is_empty();
        if own_line {
            // The next line that holds code.
            let mut next = text.full_line_end(c.start());
            while next.to_usize() < text.len() {
                let line = text[TextRange::new(next, text.full_line_end(next))].trim();
                if !line.is_empty() && !line.starts_with('#') {
                    break;
                }
                next = text.full_line_end(next);
            }
            targets.push(next);
        } else {
            targets.push(line_start);
        }
    }
    struct Find<'a> {
        file: &'a SourceFile,
        targets: Vec<ruff_text_size::TextSize>,
        found: Vec<TextRange>,
    }
    impl<'a> SourceOrderVisitor<'a> for Find<'a> {
        fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
            if !node.is_statement() {
                return TraversalSignal::Skip;
            }
            let text = &self.file.text;
            let mut starts = vec![text.line_start(node.start())];
            match node {
                AnyNodeRef::StmtClassDef(c) => starts.push(text.line_start(c.name.start())),
                AnyNodeRef::StmtFunctionDef(f) => starts.push(text.line_start(f.name.start())),
                _ => {}
            }
            if starts.iter().any(|s| self.targets.contains(s)) {
                self.found.push(text.full_lines_range(node.range()));
                // The outermost statement wins; nothing inside needs checking.
                return TraversalSignal::Skip;
            }
            TraversalSignal::Traverse
        }
    }
    let mut f = Find {
        file,
        targets,
        found: Vec::new(),
    };
    source_order::walk_body(&mut f, file.suite());
    f.found
}

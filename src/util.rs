//! Small AST and text helpers shared by the codemods.

use ruff_python_ast::name::UnqualifiedName;
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_python_trivia::indentation_at_offset;
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::source::SourceFile;

/// `path:line`, as locations are shown (built without the formatting machinery:
/// indexing makes one for every class, method and attribute store of a project).
pub fn path_line(path: &str, line: usize) -> String {
    let mut digits = [0u8; 20];
    let mut n = line;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[i..]).unwrap_or_default();
    let mut s = String::with_capacity(path.len() + 1 + digits.len());
    s.push_str(path);
    s.push(':');
    s.push_str(digits);
    s
}

/// `a.b.c` for a name/attribute chain.
pub fn dotted(expr: &Expr) -> Option<String> {
    UnqualifiedName::from_expr(expr).map(|n| n.to_string())
}

/// The last segment of a dotted name (`abc.ABC` → `ABC`).
pub fn last_segment(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}

/// The indentation before a node, if only whitespace precedes it on its line and
/// that line does not continue the one above it (a line ending with `\`): a line
/// inserted before such a node would land inside another statement.
pub fn indent_of<'a>(file: &'a SourceFile, node: &impl Ranged) -> Option<&'a str> {
    let indent = indentation_at_offset(node.start(), &file.text)?;
    let above = &file.text[..file.text.line_start(node.start()).to_usize()];
    if above.trim_end_matches(['\n', '\r']).ends_with('\\') {
        return None;
    }
    Some(indent)
}

/// The first positional parameter of a function (the `self` of a method).
pub fn first_param(func: &StmtFunctionDef) -> Option<&str> {
    let p = &func.parameters;
    p.posonlyargs
        .iter()
        .chain(&p.args)
        .next()
        .map(|p| p.parameter.name.as_str())
}

/// Direct methods of a class body, by name.
pub fn methods<'a>(body: &'a [Stmt], name: &str) -> Vec<&'a StmtFunctionDef> {
    body.iter()
        .filter_map(Stmt::as_function_def_stmt)
        .filter(|f| f.name.as_str() == name)
        .collect()
}

/// True if `stmt` is alone on its lines (only whitespace before it, only whitespace
/// or a comment after it), so whole-line edits around it are safe.
pub fn alone_on_lines(file: &SourceFile, range: TextRange) -> bool {
    let lines = file.text.full_lines_range(range);
    let before = &file.text[TextRange::new(lines.start(), range.start())];
    let after = file.text[TextRange::new(range.end(), lines.end())].trim();
    before.trim().is_empty() && (after.is_empty() || after.starts_with('#'))
}

/// The start of the line before the line starting at `line_start` (handles `\r\n`).
fn prev_line_start(text: &str, line_start: TextSize) -> TextSize {
    let mut end = line_start - TextSize::from(1);
    if text.as_bytes()[end.to_usize()] == b'\n'
        && end > TextSize::default()
        && text.as_bytes()[end.to_usize() - 1] == b'\r'
    {
        end -= TextSize::from(1);
    }
    text.line_start(end)
}

/// Start of the run of blank lines directly above `offset`'s line.
pub fn blank_lines_before(text: &str, offset: TextSize) -> TextSize {
    let mut start = text.line_start(offset);
    while start > TextSize::default() {
        let prev = prev_line_start(text, start);
        if text[TextRange::new(prev, start)].trim().is_empty() {
            start = prev;
        } else {
            break;
        }
    }
    start
}

/// End of the run of blank lines directly below the line ending at `offset`
/// (`offset` must be a line start).
pub fn blank_lines_after(text: &str, offset: TextSize) -> TextSize {
    let mut end = offset;
    while end.to_usize() < text.len() {
        let next = text.full_line_end(end);
        if text[TextRange::new(end, next)].trim().is_empty() {
            end = next;
        } else {
            break;
        }
    }
    end
}

/// Start of the own-line comments directly above `offset`'s line (no blank line in
/// between), or the line start when there are none.
pub fn comments_above(text: &str, offset: TextSize) -> TextSize {
    let mut start = text.line_start(offset);
    while start > TextSize::default() {
        let prev = prev_line_start(text, start);
        if text[TextRange::new(prev, start)]
            .trim_start()
            .starts_with('#')
        {
            start = prev;
        } else {
            break;
        }
    }
    start
}

/// Whether `needle` occurs in `hay`. The cheap text tests run over every file of a
/// run, several per codemod: `memchr`'s SIMD substring search is several times
/// faster than `str::contains` for them.
pub fn contains(hay: &str, needle: &str) -> bool {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
}

/// Byte offsets of every (non-overlapping) occurrence of `needle` in `hay`.
pub fn find_all<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_line_is_path_colon_line() {
        for line in [0, 1, 9, 10, 99, 1234, usize::MAX] {
            assert_eq!(super::path_line("a/b.py", line), format!("a/b.py:{line}"));
        }
    }
}

//! Import helpers shared by every codemod: find how a module-level name is
//! reachable, add an import only when it is missing (merged into an existing
//! `from m import ...` where there is one), and remove an imported name.

use ruff_python_ast::helpers::is_docstring_stmt;
use ruff_python_ast::{Stmt, StmtImportFrom};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::edit::Edit;
use crate::source::SourceFile;

/// How a new import should be spelled when none exists yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `import weakref` and use `weakref.finalize`.
    Module,
    /// `from typing import Protocol` and use `Protocol`.
    From,
}

/// The expressions that reference each requested name, plus the edit (if any)
/// that adds the missing imports. Put the edit in the same change as its uses.
#[derive(Debug, Clone)]
pub struct Imported {
    /// One expression per requested name, e.g. `"weakref.finalize"` or `"Protocol"`.
    pub exprs: Vec<String>,
    /// The import edit, when something had to be added.
    pub edit: Option<Edit>,
}

fn from_module<'a>(stmt: &'a Stmt, module: &str) -> Option<&'a StmtImportFrom> {
    match stmt {
        Stmt::ImportFrom(f)
            if f.level == 0 && f.module.as_ref().is_some_and(|m| m.as_str() == module) =>
        {
            Some(f)
        }
        _ => None,
    }
}

/// The local name bound by `from module import name [as alias]` at top level.
pub fn find_from_import(file: &SourceFile, module: &str, name: &str) -> Option<String> {
    file.suite()
        .iter()
        .filter_map(|s| from_module(s, module))
        .find_map(|f| {
            f.names
                .iter()
                .find(|a| a.name.as_str() == name)
                .map(|a| a.asname.as_ref().unwrap_or(&a.name).to_string())
        })
}

/// The local name bound by `import module [as alias]` at top level.
pub fn find_module_import(file: &SourceFile, module: &str) -> Option<String> {
    file.suite().iter().find_map(|s| match s {
        Stmt::Import(i) => i.names.iter().find(|a| a.name.as_str() == module).map(|a| {
            a.asname
                .as_ref()
                .map_or_else(|| module.to_string(), ToString::to_string)
        }),
        _ => None,
    })
}

/// Make `names` from `module` reachable. Existing imports (with their aliases) are
/// reused; missing names are added to an existing top-level `from module import`
/// (style `From`) or with a new statement in the file's import block.
pub fn ensure(file: &SourceFile, module: &str, names: &[&str], style: Style) -> Imported {
    let module_alias = find_module_import(file, module);
    let mut exprs = Vec::new();
    let mut missing = Vec::new();
    for name in names {
        if let Some(local) = find_from_import(file, module, name) {
            exprs.push(local);
        } else if let Some(m) = &module_alias {
            exprs.push(format!("{m}.{name}"));
        } else {
            match style {
                Style::Module => exprs.push(format!("{module}.{name}")),
                Style::From => exprs.push((*name).to_string()),
            }
            missing.push(*name);
        }
    }
    if missing.is_empty() {
        return Imported { exprs, edit: None };
    }
    let edit = match style {
        Style::Module => insert_statement(file, &format!("import {module}")),
        Style::From => {
            let existing = file
                .suite()
                .iter()
                .filter_map(|s| from_module(s, module))
                .find(|f| !f.names.iter().any(|a| a.name.as_str() == "*"));
            match existing {
                Some(f) => {
                    let last = f.names.last().expect("import has names");
                    let added: String = missing.iter().map(|n| format!(", {n}")).collect();
                    Edit::insert(last.end(), added)
                }
                None => insert_statement(
                    file,
                    &format!("from {module} import {}", missing.join(", ")),
                ),
            }
        }
    };
    Imported {
        exprs,
        edit: Some(edit),
    }
}

/// Where new top-level code goes after the imports: the end of the (logical) line of the
/// last import in the leading block of docstring / imports, or before the first statement.
pub fn after_imports(file: &SourceFile) -> TextSize {
    let suite = file.suite();
    let mut last_import = None;
    let mut docstring = None;
    for (i, stmt) in suite.iter().enumerate() {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => last_import = Some(stmt),
            _ if i == 0 && is_docstring_stmt(stmt) => docstring = Some(stmt),
            _ => break,
        }
    }
    match last_import.or(docstring) {
        Some(s) => logical_line_end(file, s.end()),
        None => suite.first().map_or_else(
            || TextSize::of(file.text.as_str()),
            |s| file.text.line_start(s.start()),
        ),
    }
}

/// The end of the logical line holding `offset`: after its newline, past any `;` or
/// `\` continuation that joins more code to it.
fn logical_line_end(file: &SourceFile, offset: TextSize) -> TextSize {
    let tokens: &[ruff_python_ast::token::Token] = file.tokens();
    let from = tokens.partition_point(|t| t.start() < offset);
    tokens[from..]
        .iter()
        .find(|t| t.kind() == ruff_python_ast::token::TokenKind::Newline)
        .map_or_else(|| TextSize::of(file.text.as_str()), Ranged::end)
}

/// An edit inserting `line` (without newline) as a new top-level statement in the
/// import block.
///
/// In a module without imports or docstring, a comment block right above the first
/// statement describes that statement: the line goes above the block, with a blank
/// line between, so the comment stays with its statement. A block that starts the
/// file (a shebang, an encoding line, a header) keeps its place above the line.
pub fn insert_statement(file: &SourceFile, line: &str) -> Edit {
    let at = after_imports(file);
    let nl = file.newline();
    if let Some(block) = attached_comments_start(file, at) {
        return Edit::insert(block, format!("{line}{nl}{nl}"));
    }
    let lead = crate::fix::newline_before(file, at);
    Edit::insert(at, format!("{lead}{line}{nl}"))
}

/// The start of the comment lines directly above the first statement at `at` (a line
/// start), when the module has no imports or docstring before it and a blank line
/// separates those comments from anything above them.
fn attached_comments_start(file: &SourceFile, at: TextSize) -> Option<TextSize> {
    let first = file.suite().first()?;
    if file.text.line_start(first.start()) != at {
        return None;
    }
    let text = file.text.as_str();
    let mut start = at.to_usize();
    let mut block = None;
    while start > 0 {
        let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let content = text[prev..start].trim();
        if content.starts_with('#') {
            block = Some(prev);
            start = prev;
            continue;
        }
        // A blank line above the block: the block belongs to the statement.
        return (content.is_empty() && block.is_some())
            .then(|| TextSize::try_from(block?).ok())
            .flatten();
    }
    None
}

/// An edit removing `name` from a `from ... import` statement; the whole statement
/// (its lines) when it was the only name. `None` when the statement shares its line
/// with other code, which a line deletion would damage.
pub fn remove_from_import(file: &SourceFile, stmt: &StmtImportFrom, name: &str) -> Option<Edit> {
    let idx = stmt.names.iter().position(|a| a.name.as_str() == name)?;
    if stmt.names.len() == 1 {
        return crate::fix::delete_statement(file, stmt.range());
    }
    let range = if idx + 1 < stmt.names.len() {
        TextRange::new(stmt.names[idx].start(), stmt.names[idx + 1].start())
    } else {
        TextRange::new(stmt.names[idx - 1].end(), stmt.names[idx].end())
    };
    Some(Edit::delete(range))
}

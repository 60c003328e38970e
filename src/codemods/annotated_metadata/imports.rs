//! How the rewritten code spells `Annotated`: a name imported at run time, or
//! `typing.Annotated` through `import typing`, or a new import put where isort and
//! ruff put it: into an existing `from typing import ...` in sorted position, or as a
//! new statement among the standard-library imports (a section of its own before
//! the first third-party or first-party import when there are none).

use ruff_python_ast::helpers::is_docstring_stmt;
use ruff_python_ast::{Stmt, StmtImportFrom};
use ruff_python_trivia::indentation_at_offset;
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange};

use super::policy::{Kind, Names};
use super::skip::Skip;
use super::stdlib::is_stdlib;
use crate::edit::Edit;
use crate::source::SourceFile;
use crate::util::{alone_on_lines, comments_above};

/// The qualified names `Annotated` may be imported as.
pub(crate) const ANNOTATED: &[&str] = &["typing.Annotated", "typing_extensions.Annotated"];

/// How to spell `Annotated`, and the import edit when one is needed.
#[derive(Debug, Clone)]
pub(crate) struct AnnotatedName {
    pub(crate) expr: String,
    pub(crate) edit: Option<Edit>,
}

/// How to spell `Annotated` from `module` (`typing`, or `typing_extensions` for old
/// targets) in this file: reuse only bindings that exist at run time (an import
/// under `if TYPE_CHECKING:` does not count), or add a run-time import.
pub(crate) fn annotated(
    file: &SourceFile,
    names: &Names,
    module: &str,
) -> Result<AnnotatedName, Skip> {
    let certain_imports = |local: &str, accept: &dyn Fn(&Kind) -> bool| {
        names.is_certain(local)
            && names
                .module_bindings(local)
                .iter()
                .filter(|b| b.runtime)
                .all(|b| accept(&b.kind))
    };
    let is_annotated = |k: &Kind| matches!(k, Kind::From(q) if ANNOTATED.contains(&q.as_str()));
    let mut reusable: Vec<&str> = names
        .iter_module()
        .filter(|(local, _)| certain_imports(local, &is_annotated))
        .map(|(local, _)| local)
        .collect();
    reusable.sort_by_key(|l| (*l != "Annotated", *l));
    if let Some(local) = reusable.first() {
        return Ok(AnnotatedName {
            expr: (*local).to_string(),
            edit: None,
        });
    }
    let mut modules: Vec<&str> = names
        .iter_module()
        .filter(|(local, _)| certain_imports(local, &|k| *k == Kind::Module(module.to_string())))
        .map(|(local, _)| local)
        .collect();
    modules.sort_unstable();
    if let Some(local) = modules.first() {
        return Ok(AnnotatedName {
            expr: format!("{local}.Annotated"),
            edit: None,
        });
    }
    // A new `Annotated` binding must not replace another object of that name.
    if let Some(b) = names
        .module_bindings("Annotated")
        .iter()
        .find(|b| !is_annotated(&b.kind))
    {
        return Err(Skip::AnnotatedTaken {
            to: b.qualified().map(str::to_string),
        });
    }
    if let Some(m) = names
        .runtime_stars()
        .map(|s| &s.module)
        .find(|m| !matches!(m.as_str(), "typing" | "typing_extensions"))
    {
        return Err(Skip::StarImport { module: m.clone() });
    }
    let existing = file.suite().iter().find_map(|s| match s {
        Stmt::ImportFrom(f)
            if f.level == 0
                && f.module.as_ref().is_some_and(|m| m.as_str() == module)
                && !f.names.iter().any(|a| a.name.as_str() == "*") =>
        {
            Some(f)
        }
        _ => None,
    });
    let edit = match existing {
        Some(f) => add_name(file, f, "Annotated"),
        None => new_statement(file, module, &format!("from {module} import Annotated")),
    };
    Ok(AnnotatedName {
        expr: "Annotated".to_string(),
        edit: Some(edit),
    })
}

/// isort's and ruff's default order of imported names: constants, then classes,
/// then the rest, each case-insensitively.
fn member_key(name: &str) -> (u8, String) {
    let rank = if name.chars().count() > 1
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(char::is_lowercase)
    {
        0
    } else if name.starts_with(|c: char| c.is_uppercase()) {
        1
    } else {
        2
    };
    (rank, name.to_lowercase())
}

/// Where `name` goes in `items` if they are sorted in a known order, else `None`.
fn sorted_position(items: &[&str], name: &str) -> Option<usize> {
    type Key = fn(&str) -> (u8, String);
    let orders: [Key; 3] = [
        member_key,
        |s| (0, s.to_string()),
        |s| (0, s.to_lowercase()),
    ];
    orders.iter().find_map(|key| {
        items
            .windows(2)
            .all(|w| key(w[0]) <= key(w[1]))
            .then(|| items.partition_point(|i| key(i) <= key(name)))
    })
}

/// Add `name` to `from m import a, b`, in sorted position when the names are sorted.
fn add_name(file: &SourceFile, f: &StmtImportFrom, name: &str) -> Edit {
    let items: Vec<&str> = f.names.iter().map(|a| a.name.as_str()).collect();
    let last = f.names.last().expect("an import has names");
    // The separator the statement uses between names.
    let between = f
        .names
        .windows(2)
        .map(|w| &file.text[TextRange::new(w[0].end(), w[1].start())])
        .find(|t| t.trim() == ",");
    let sep = match between {
        Some(t) => t.to_string(),
        None => match indentation_at_offset(last.start(), &file.text) {
            // One name on a line of its own in parentheses.
            Some(indent) => format!(",{}{indent}", file.newline()),
            None => ", ".to_string(),
        },
    };
    match sorted_position(&items, name) {
        Some(i) if i < items.len() => Edit::insert(f.names[i].start(), format!("{name}{sep}")),
        _ => Edit::insert(last.end(), format!("{sep}{name}")),
    }
}

#[derive(PartialEq, Eq)]
enum Section {
    Future,
    Stdlib,
    Other,
}

fn section(stmt: &Stmt) -> Section {
    let root = |m: &str| m.split('.').next().unwrap_or_default().to_string();
    let module = match stmt {
        Stmt::Import(i) => i.names.first().map(|a| root(&a.name)),
        Stmt::ImportFrom(f) if f.level == 0 => f.module.as_ref().map(|m| root(m)),
        _ => None,
    };
    match module.as_deref() {
        Some("__future__") => Section::Future,
        Some(m) if is_stdlib(m) => Section::Stdlib,
        _ => Section::Other,
    }
}

/// An edit adding the statement `line` (an import from `module`) to the leading
/// import block, in the standard-library section when `module` belongs there.
fn new_statement(file: &SourceFile, module: &str, line: &str) -> Edit {
    let text = &file.text;
    let nl = file.newline();
    let mut block: Vec<&Stmt> = Vec::new();
    for (i, s) in file.suite().iter().enumerate() {
        match s {
            Stmt::Import(_) | Stmt::ImportFrom(_) => block.push(s),
            _ if i == 0 && is_docstring_stmt(s) => {}
            _ => break,
        }
    }
    let fallback = || crate::fix::insert_statement(file, line);
    if !is_stdlib(module) || block.iter().any(|s| !alone_on_lines(file, s.range())) {
        return fallback();
    }
    let stdlib: Vec<&Stmt> = block
        .iter()
        .copied()
        .filter(|s| section(s) == Section::Stdlib)
        .collect();
    // Before a statement and the comments right above it, unless those open the
    // file (a shebang, an encoding cookie, a header).
    let before = |s: &Stmt, content: String| {
        let line = text.line_start(s.start());
        let above = comments_above(text, line);
        let at = if text[..above.to_usize()].trim().is_empty() {
            line
        } else {
            above
        };
        Edit::insert(at, content)
    };
    if stdlib.is_empty() {
        // A section of its own, before the first third-party or first-party import.
        return match block.iter().find(|s| section(s) == Section::Other) {
            Some(s) => before(s, format!("{line}{nl}{nl}")),
            None => fallback(),
        };
    }
    let from_module = |s: &&Stmt| match s {
        Stmt::ImportFrom(f) => f.module.as_ref().map(|m| m.to_lowercase()),
        _ => None,
    };
    let froms: Vec<&Stmt> = stdlib
        .iter()
        .copied()
        .filter(|s| from_module(s).is_some())
        .collect();
    if let Some(s) = froms
        .iter()
        .find(|s| from_module(s).is_some_and(|m| m.as_str() > module))
    {
        return before(s, format!("{line}{nl}"));
    }
    let last = froms.last().or(stdlib.last()).expect("a stdlib import");
    let at = text.full_line_end(last.end());
    let lead = if at.to_usize() == text.len() && !text.ends_with(['\n', '\r']) {
        nl
    } else {
        ""
    };
    Edit::insert(at, format!("{lead}{line}{nl}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_positions() {
        assert_eq!(sorted_position(&["Optional"], "Annotated"), Some(0));
        assert_eq!(
            sorted_position(&["TYPE_CHECKING", "Any", "cast"], "Annotated"),
            Some(1)
        );
        assert_eq!(sorted_position(&["TYPE_CHECKING"], "Annotated"), Some(1));
        assert_eq!(sorted_position(&["cast", "overload"], "Annotated"), Some(0));
        assert_eq!(sorted_position(&["Optional", "Any"], "Annotated"), None);
    }
}

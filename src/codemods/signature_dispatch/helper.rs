//! The helper: reuse the one in the module, import the configured one
//! (`--dispatch-helper package.module:name`), or insert `dispatch_helper.py` after
//! the imports. Never code that calls the wrong object: a module that binds the
//! helper's name, or a builtin the helper uses, gets a reason instead.

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::edit::Edit;
use crate::imports::{self, Style};
use crate::semantic::Binding;
use crate::semantic::bindings::Bindings;
use crate::source::SourceFile;
use crate::util::{blank_lines_after, blank_lines_before, comments_above};

use super::{HELPER, HELPER_NAME};

/// Builtins the helper's body uses (its imports are local to it).
const HELPER_BUILTINS: &[&str] = &[
    "AttributeError",
    "KeyError",
    "TypeError",
    "ValueError",
    "dict",
    "frozenset",
    "hasattr",
    "id",
    "isinstance",
    "len",
    "range",
    "set",
    "tuple",
    "type",
];

/// The module of a package the helper is written to, once for the project.
pub(crate) const SHARED_MODULE: &str = "_sturdy_dispatch";

/// The project's shared helper module: `<top package>/_sturdy_dispatch.py`.
pub(crate) struct Shared {
    /// Its dotted name (`pkg._sturdy_dispatch`).
    pub(crate) module: String,
    /// Where it is (or goes) on disk.
    pub(crate) path: std::path::PathBuf,
    /// Whether it must be created (it does not exist yet).
    pub(crate) create: bool,
}

/// The content of a new shared helper module.
pub(crate) fn shared_module_text() -> String {
    format!(
        "\"\"\"sturdy's signature-dispatch helper, written once for the project: the modules that call `{HELPER_NAME}` import it from here.\"\"\"\n\n\n{}\n",
        HELPER.trim_end()
    )
}

/// The directory holding the file's top-level package (the module's own directory
/// outside any package), walked up from the file's absolute place: a relative path
/// (`mod.py` named from inside its package) has no parents to walk up. `None` for a
/// source not on disk.
pub(crate) fn import_root(file: &SourceFile) -> Option<std::path::PathBuf> {
    let disk = crate::semantic::project::absolute(file.disk_path.as_ref()?);
    let mut root = disk.parent()?;
    for _ in 0..(file.module.split('.').count() - 1 + usize::from(file.is_package)) {
        root = root.parent()?;
    }
    Some(root.to_path_buf())
}

/// The shared helper module for a file on disk inside a package; `None` for a file
/// outside a package, a file not on disk (stdin), or the helper module itself (which
/// holds the helper). An existing file of that name that is not sturdy's helper is an
/// error.
pub(crate) fn shared_helper(file: &SourceFile) -> Option<Result<Shared, String>> {
    let given = file.disk_path.as_ref()?;
    if !(file.is_package || file.module.contains('.')) {
        return None;
    }
    let top = file.module.split('.').next().unwrap_or_default();
    let dir = import_root(file)?.join(top);
    let module = format!("{top}.{SHARED_MODULE}");
    if file.module == module {
        return None;
    }
    let path = crate::semantic::project::as_given(dir.join(format!("{SHARED_MODULE}.py")), given);
    let marker = HELPER.lines().next().unwrap_or_default().trim();
    Some(match std::fs::read_to_string(&path) {
        Ok(text) if text.lines().any(|l| l.trim() == marker) => Ok(Shared {
            module,
            path,
            create: false,
        }),
        Ok(_) => Err(format!(
            "{} exists and does not hold sturdy's helper, so the helper cannot be shared there; rename that file, or pass `--dispatch-helper package.module:name` to import the helper from a module of yours",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Shared {
            module,
            path,
            create: true,
        }),
        Err(e) => Err(format!(
            "cannot read {} ({e}), where the helper is shared; fix that, or pass `--dispatch-helper package.module:name`",
            path.display()
        )),
    })
}

/// How call sites reach the helper.
pub(crate) struct HelperUse {
    /// How call sites reference the helper.
    pub(crate) expr: String,
    /// The edit that makes it available (an import or the inserted def).
    pub(crate) edit: Option<Edit>,
    /// Where the helper becomes available (its def or import), when module-level
    /// code above that point would run before it.
    pub(crate) defined_at: Option<TextSize>,
}

/// The top-level statements that bind `name` when the module runs, by the semantic
/// layer's rules ([`Bindings`]: `if`/`try`/`with`/loop blocks followed, `if
/// TYPE_CHECKING:` left out), with what each binds it to.
fn binders<'a>(file: &'a SourceFile, name: &str) -> Vec<(&'a Stmt, Binding)> {
    file.suite()
        .iter()
        .filter_map(|s| {
            let b = Bindings::collect(&file.module, file.is_package, std::slice::from_ref(s));
            b.names.get(name).map(|b| (s, b.clone()))
        })
        .collect()
}

/// The module an import binding of `name` imports it from (`pkg.util` for
/// `from pkg.util import name`, relative imports made absolute), when `stmt` is a
/// `from` import.
fn from_import(stmt: &Stmt, binding: &Binding) -> Option<String> {
    match (stmt, binding) {
        (Stmt::ImportFrom(_), Binding::Import(q)) => {
            Some(q.rsplit_once('.').map_or(&**q, |(m, _)| m).to_string())
        }
        _ => None,
    }
}

/// A top-level `def name` that is sturdy's helper.
fn sturdy_def<'a>(file: &'a SourceFile, name: &str) -> Option<&'a StmtFunctionDef> {
    file.suite()
        .iter()
        .filter_map(Stmt::as_function_def_stmt)
        .find(|f| f.name.as_str() == name && is_sturdy_helper(file, f))
}

/// Whether `def` is sturdy's helper: the marker comment directly above it, or a
/// docstring that says sturdy inserted it.
pub(crate) fn is_sturdy_helper(file: &SourceFile, def: &StmtFunctionDef) -> bool {
    let above = comments_above(&file.text, def.start());
    let marker = HELPER.lines().next().unwrap_or_default().trim();
    let comments = &file.text[TextRange::new(above, file.text.line_start(def.start()))];
    if comments
        .lines()
        .any(|l| l.trim() == marker || l.trim_start().starts_with("# sturdy: dispatch helper"))
    {
        return true;
    }
    match def.body.first() {
        Some(Stmt::Expr(e)) => match &*e.value {
            Expr::StringLiteral(s) => s.value.to_str().contains("Inserted by sturdy"),
            _ => false,
        },
        _ => false,
    }
}

/// The name call sites use for the helper.
pub(crate) fn helper_name(option: Option<&str>) -> &str {
    option
        .and_then(|s| s.split_once(':'))
        .map_or(HELPER_NAME, |(_, n)| n)
}

/// sturdy's helper def in this module, if any (calls inside it are left alone).
pub(crate) fn local_helper_def<'a>(
    file: &'a SourceFile,
    option: Option<&str>,
) -> Option<&'a StmtFunctionDef> {
    sturdy_def(file, helper_name(option))
}

/// How this module's calls reach the helper, or why they cannot.
pub(crate) fn resolve_helper(file: &SourceFile, option: Option<&str>) -> Result<HelperUse, String> {
    let (module, name) = match option.and_then(|s| s.split_once(':')) {
        Some((m, n)) => (Some(m), n),
        None => (None, HELPER_NAME),
    };
    let bound = binders(file, name);
    let local_def = sturdy_def(file, name);
    let line = |at: TextSize| file.line_col(at).0;
    let is_local_def =
        |s: &Stmt| matches!((s, local_def), (Stmt::FunctionDef(f), Some(d)) if std::ptr::eq(f, d));
    let other = bound
        .iter()
        .find(|(s, b)| !is_local_def(s) && from_import(s, b).is_none())
        .map(|(s, _)| line(s.start()));
    let imported_from = bound.iter().find_map(|(s, b)| from_import(s, b));
    if let Some(l) = other {
        return Err(format!(
            "`{name}` is already bound at line {l} to something other than sturdy's helper; rename it, or pass `--dispatch-helper package.module:name` to import the helper under another name"
        ));
    }
    if let Some(def) = local_def {
        return Ok(HelperUse {
            expr: name.to_string(),
            edit: None,
            defined_at: Some(def.start()),
        });
    }
    if let Some(module) = module {
        // `ensure` reuses `from module import name [as alias]` and `import module`.
        let imported = imports::ensure(file, module, &[name], Style::From);
        return match imported_from {
            Some(m) if imported.edit.is_some() => Err(format!(
                "`{name}` is imported from `{m}`, not from `{module}`; remove that import or pass `--dispatch-helper {m}:{name}`"
            )),
            _ => Ok(HelperUse {
                expr: imported.exprs[0].clone(),
                // An existing import defines the helper where it is: module-level calls
                // above it run before it (a second run must not rewrite them either).
                defined_at: match &imported.edit {
                    Some(e) => Some(e.range.start()),
                    None => existing_import_at(file, module),
                },
                edit: imported.edit,
            }),
        };
    }
    if let Some(m) = imported_from {
        return Err(format!(
            "`{name}` is imported from `{m}` in this module; pass `--dispatch-helper {m}:{name}` to use that helper, or remove the import"
        ));
    }
    // The inserted helper looks its builtins up in this module's namespace first.
    for builtin in HELPER_BUILTINS {
        let shadow = binders(file, builtin);
        if let Some((s, _)) = shadow.iter().find(|(s, b)| from_import(s, b).is_none()) {
            return Err(format!(
                "this module binds `{builtin}` at line {}, and sturdy's helper uses the builtin `{builtin}`; rename that binding, or pass `--dispatch-helper package.module:name` to import the helper from a module that does not",
                line(s.start())
            ));
        }
        if !shadow.is_empty() {
            return Err(format!(
                "this module imports a `{builtin}`, and sturdy's helper uses the builtin `{builtin}`; import it under another name, or pass `--dispatch-helper package.module:name`"
            ));
        }
    }
    let edit = helper_insertion(file);
    Ok(HelperUse {
        expr: name.to_string(),
        defined_at: Some(edit.range.start()),
        edit: Some(edit),
    })
}

/// Where the first top-level `from module import ...` or `import module` statement
/// starts (the import [`imports::ensure`] reuses).
fn existing_import_at(file: &SourceFile, module: &str) -> Option<TextSize> {
    file.suite().iter().find_map(|s| {
        let imports = match s {
            Stmt::ImportFrom(i) => {
                i.level == 0 && i.module.as_ref().is_some_and(|m| m.as_str() == module)
            }
            Stmt::Import(i) => i.names.iter().any(|a| a.name.as_str() == module),
            _ => false,
        };
        imports.then(|| s.start())
    })
}

/// The helper's text in the file's indentation and line ending, without a final newline.
pub(crate) fn helper_text(indent_unit: &str, nl: &str) -> String {
    let mut lines = Vec::new();
    for line in HELPER.trim_end().lines() {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let line = if indent_unit == "    " || spaces == 0 {
            line.to_string()
        } else {
            format!(
                "{}{}{}",
                indent_unit.repeat(spaces / 4),
                " ".repeat(spaces % 4),
                &line[spaces..]
            )
        };
        lines.push(line);
    }
    lines.join(nl)
}

/// The edit inserting the helper after the imports, with two blank lines around it.
/// Identical for every call site of a file, so the engine applies it once.
fn helper_insertion(file: &SourceFile) -> Edit {
    let text = &file.text;
    let nl = file.newline();
    let mut at = imports::after_imports(file);
    let has_imports_or_docstring = file
        .suite()
        .first()
        .is_none_or(|s| text.line_start(s.start()) != at);
    if !has_imports_or_docstring {
        // Keep comments that describe the first statement attached to it.
        let above = comments_above(text, at);
        if above > TextSize::default() {
            at = above;
        }
    }
    let end = if at.to_usize() < text.len() {
        blank_lines_after(text, at)
    } else {
        at
    };
    let mut content = String::new();
    if at > TextSize::default() {
        let start_of_blanks = blank_lines_before(text, at);
        let existing = text[TextRange::new(start_of_blanks, at)].lines().count();
        if !text[..at.to_usize()].ends_with('\n') && !text[..at.to_usize()].ends_with('\r') {
            content.push_str(nl);
        }
        for _ in existing..2 {
            content.push_str(nl);
        }
    }
    content.push_str(&helper_text(file.indent_unit(), nl));
    content.push_str(nl);
    if end.to_usize() < text.len() {
        content.push_str(nl);
        content.push_str(nl);
    }
    Edit::replace(TextRange::new(at, end), content)
}

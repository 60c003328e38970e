//! Turn plans into edits: each class header (`ABC`/`metaclass=ABCMeta` →
//! `Protocol`, `Generic[T]` folded into `Protocol[T]`), `@runtime_checkable` above
//! the class, `@abstractmethod` lines when stripped, and the imports that no longer
//! have a use.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange};

use super::analyze::Plan;
use super::imports::Names;
use super::shape::{Item, Role};
use crate::edit::Edit;
use crate::fix::{delete_items, delete_statement};
use crate::semantic::bindings::Bindings;
use crate::source::SourceFile;
use crate::util::alone_on_lines;

/// The edits converting every planned class of `file`. `names` holds the
/// expressions for `Protocol` and (when some plan needs it) `runtime_checkable`.
pub(crate) fn rewrite(
    file: &SourceFile,
    bindings: &Bindings,
    plans: &[Plan<'_>],
    names: Names,
    strip: bool,
) -> Vec<Edit> {
    let protocol = names.exprs[0].clone();
    let rc = names.exprs.get(1).cloned();
    let mut edits: Vec<Edit> = names.edit.into_iter().collect();
    // Class edits, and the references they remove.
    let mut removed_refs: Vec<TextRange> = Vec::new();
    let nl = file.newline();
    for plan in plans {
        let class = plan.class;
        let items = &plan.items;
        // Where `Protocol` goes: it must stay the last positional base.
        let last_pos = items.iter().rposition(|i| i.positional);
        let meta = items.iter().position(|i| matches!(i.role, Role::Meta));
        let generic = items.iter().find_map(|i| match &i.role {
            Role::Generic(s) => Some(s.clone()),
            _ => None,
        });
        let proto_text = format!("{protocol}{}", generic.unwrap_or_default());
        let removable = |i: &Item| matches!(i.role, Role::Abc | Role::Meta | Role::Generic(_));
        let replace_idx = match last_pos {
            Some(k) if removable(&items[k]) => Some(k),
            _ => meta,
        };
        let ranges: Vec<TextRange> = items.iter().map(|i| i.range).collect();
        let remove: Vec<bool> = items
            .iter()
            .enumerate()
            .map(|(k, i)| removable(i) && Some(k) != replace_idx)
            .collect();
        for (k, item) in items.iter().enumerate() {
            if removable(item) {
                removed_refs.push(item.range);
            }
            if Some(k) == replace_idx {
                edits.push(Edit::replace(item.range, proto_text.clone()));
            }
        }
        if replace_idx.is_none() {
            let k = last_pos.expect("a candidate without ABC base has a metaclass keyword");
            edits.push(Edit::insert(
                items[k].range.end(),
                format!(", {proto_text}"),
            ));
        }
        edits.extend(delete_items(file, &ranges, &remove));
        // @runtime_checkable above the class and its decorators.
        if plan.runtime.is_some()
            && let Some(rc) = &rc
        {
            let line_start = file.text.line_start(class.start());
            let indent = &file.text[TextRange::new(line_start, class.start())];
            edits.push(Edit::insert(line_start, format!("{indent}@{rc}{nl}")));
        }
        if strip {
            for stmt in &class.body {
                let Stmt::FunctionDef(f) = stmt else { continue };
                for d in &f.decorator_list {
                    if bindings.resolve(&d.expression).qual() == Some("abc.abstractmethod")
                        && alone_on_lines(file, d.range())
                        && !file.text[file.text.full_lines_range(d.range())].contains('#')
                    {
                        removed_refs.push(d.expression.range());
                        edits.push(Edit::delete(file.text.full_lines_range(d.range())));
                    }
                }
            }
        }
    }
    edits.extend(import_removals(file, &removed_refs));
    edits
}

/// Name loads of `name` in the file, outside `removed` ranges.
fn remaining_uses(file: &SourceFile, name: &str, removed: &[TextRange]) -> usize {
    struct U<'n>(&'n str, &'n [TextRange], usize);
    impl<'b> Visitor<'b> for U<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e
                && n.id.as_str() == self.0
                && !self.1.iter().any(|r| r.contains_range(n.range()))
            {
                self.2 += 1;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut u = U(name, removed, 0);
    u.visit_body(file.suite());
    // A re-export through `__all__` (or any string naming it) keeps the import.
    if file.text.contains(&format!("\"{name}\"")) || file.text.contains(&format!("'{name}'")) {
        u.2 += 1;
    }
    u.2
}

/// Remove `ABC`, `ABCMeta` (and `abstractmethod` when stripped) from `from abc
/// import ...`, and `import abc`, when nothing uses them any more.
fn import_removals(file: &SourceFile, removed: &[TextRange]) -> Vec<Edit> {
    let unused = |a: &ruff_python_ast::Alias| {
        remaining_uses(file, a.asname.as_ref().unwrap_or(&a.name).as_str(), removed) == 0
    };
    let mut edits = Vec::new();
    for stmt in file.suite() {
        match stmt {
            Stmt::ImportFrom(f)
                if f.level == 0 && f.module.as_ref().is_some_and(|m| m.as_str() == "abc") =>
            {
                let remove: Vec<bool> = f
                    .names
                    .iter()
                    .map(|a| {
                        matches!(a.name.as_str(), "ABC" | "ABCMeta" | "abstractmethod") && unused(a)
                    })
                    .collect();
                if !remove.iter().any(|r| *r) {
                    continue;
                }
                if remove.iter().all(|r| *r) {
                    if let Some(e) = delete_statement(file, stmt.range()) {
                        edits.push(e);
                    }
                } else {
                    let ranges: Vec<TextRange> = f.names.iter().map(Ranged::range).collect();
                    edits.extend(delete_items(file, &ranges, &remove));
                }
            }
            Stmt::ImportFrom(f)
                if f.level == 0 && f.module.as_ref().is_some_and(|m| m.as_str() == "typing") =>
            {
                // `Generic` replaced by `Protocol[T]`; only when other names stay, since
                // `Protocol` may be appended to this very statement.
                let remove: Vec<bool> = f
                    .names
                    .iter()
                    .map(|a| a.name.as_str() == "Generic" && unused(a))
                    .collect();
                if remove.iter().any(|r| *r) && !remove.iter().all(|r| *r) {
                    let ranges: Vec<TextRange> = f.names.iter().map(Ranged::range).collect();
                    edits.extend(delete_items(file, &ranges, &remove));
                }
            }
            Stmt::Import(i) if i.names.len() == 1 && i.names[0].name.as_str() == "abc" => {
                let local = i.names[0].asname.as_ref().map_or("abc", |a| a.as_str());
                if remaining_uses(file, local, removed) == 0
                    && let Some(e) = delete_statement(file, stmt.range())
                {
                    edits.push(e);
                }
            }
            _ => {}
        }
    }
    edits
}

//! `del-to-finalize`: replace `__del__` methods with `weakref.finalize`
//! registrations made in `__init__`.
//!
//! [`analyze`] decides, for one class, whether and how its `__del__` can go (a
//! [`analyze::Plan`]) or why it stays (a [`skip::Skip`], whose `Display` is the
//! user's message); [`rewrite`] turns a plan into edits. The forms (see the README):
//! - *direct*: a body that is one call of a callee not involving `self`;
//! - *static*: any other body becomes a `@staticmethod` cleanup function, guarded
//!   by instance flags or not (a *warn-if-unclosed* `__del__` is one of these);
//! - *delegation*: `__del__` calls `self.close()` (or any method), whose
//!   resource-releasing statements move to a static cleanup function;
//! - *redundant*: `__del__` only calls a finalizer the class registers already;
//! - *self-clearing*: `__del__` only drops the instance's own references: removed.
//!
//! Facts from every file of the project ([`index`]) and the class hierarchy
//! ([`project`]) decide whether removing `__del__` is safe for the whole program.

#![warn(unreachable_pub)]

mod analyze;
mod body;
mod branches;
mod clear;
mod dataclass;
mod dead;
mod delegation;
mod fixed;
mod flags;
mod guard;
mod index;
mod inline;
mod lazy;
mod names;
mod new_init;
mod params;
mod project;
mod redundant;
mod release;
mod rewrite;
mod scan;
mod skip;
mod static_form;

use ruff_python_ast::{self as ast, Stmt, StmtClassDef};
use ruff_text_size::Ranged;

use super::{Codemod, Context, Facts, Need};
use crate::source::SourceFile;

/// Replace `__del__` with `weakref.finalize`.
pub struct DelToFinalize;

const NAME: &str = "del-to-finalize";

impl Codemod for DelToFinalize {
    fn name(&self) -> &'static str {
        NAME
    }
    fn summary(&self) -> &'static str {
        "replace __del__ methods with weakref.finalize registrations"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../../codemods/del-to-finalize/README.md")
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        !file.marks().dunder_del.is_empty() && !is_stub(file)
    }
    fn uses_facts(&self) -> bool {
        true
    }
    fn index(&self, file: &SourceFile, facts: &mut Facts) -> Need {
        // Facts for other files' candidates: explicit `__del__` calls, and what
        // subclasses define.
        index::record(file, facts);
        if !self.might_apply(file) {
            return Need::Nothing;
        }
        // A `__del__` that stays for a reason of its own file (checked before any
        // fact) is decided now; any other needs every file's facts first.
        let mut classes = Vec::new();
        collect_classes(file, &mut classes);
        // A class silenced by `# sturdy: skip` is left out by `run`.
        let suppressions = crate::suppress::Suppressions::of(file);
        let silenced = |c: &ClassCx<'_>, d: &ast::StmtFunctionDef| {
            suppressions.silences(NAME, c.class.range()) || suppressions.silences(NAME, d.range())
        };
        let any_candidate = classes
            .iter()
            .any(|c| !silenced(c, c.del) && analyze::own_reason(c.class, c.del).is_none());
        if any_candidate {
            Need::Facts
        } else if !classes.is_empty() {
            Need::Run
        } else {
            Need::Nothing
        }
    }
    fn run(&self, cx: &mut Context) {
        if is_stub(cx.file) {
            return;
        }
        let mut classes = Vec::new();
        collect_classes(cx.file, &mut classes);
        for c in &classes {
            let del = c.del;
            // Silenced classes are left out before planning (no edit, no import, no
            // diagnostic), so they do not take other classes' changes with them.
            if cx.candidate_suppressed(c.class.range()) || cx.candidate_suppressed(del.range()) {
                continue;
            }
            match analyze::analyze(cx, c, del) {
                Ok(plan) => {
                    let edits = rewrite::edits(cx.file, &plan);
                    cx.change(edits);
                }
                Err(skip) => cx.skip(del.name.start(), skip.to_string()),
            }
        }
    }
}

/// A type stub (`.pyi`) has no run-time code: nothing to migrate.
fn is_stub(file: &SourceFile) -> bool {
    file.path.ends_with(".pyi")
}

/// One class of the file being rewritten.
pub(crate) struct ClassCx<'a> {
    pub(crate) class: &'a StmtClassDef,
    /// Its qualified name, as the semantic layer spells it (`mod.Outer.Inner`,
    /// `mod.f.<locals>.C`).
    pub(crate) qualname: String,
    /// How code in the class's methods names it (`Outer.Inner`): the chain of
    /// enclosing class names up to the nearest function or module scope.
    pub(crate) path: String,
    /// Its `__del__` (the first).
    pub(crate) del: &'a ast::StmtFunctionDef,
}

/// Every class in the file that defines `__del__`, with its names.
fn collect_classes<'a>(file: &'a SourceFile, out: &mut Vec<ClassCx<'a>>) {
    let mut prefix = file.module.clone();
    walk_classes(file.suite(), &mut prefix, &mut Vec::new(), out);
}

/// `prefix`: the qualified name of the enclosing scope (restored on return);
/// `path`: the enclosing class names up to the nearest function or module scope.
fn walk_classes<'a>(
    body: &'a [Stmt],
    prefix: &mut String,
    path: &mut Vec<&'a str>,
    out: &mut Vec<ClassCx<'a>>,
) {
    let outer = prefix.len();
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => {
                prefix.push('.');
                prefix.push_str(&c.name);
                path.push(&c.name);
                if let Some(del) = scan::methods(&c.body, "__del__").first().copied() {
                    out.push(ClassCx {
                        class: c,
                        qualname: prefix.clone(),
                        path: path.join("."),
                        del,
                    });
                }
                walk_classes(&c.body, prefix, path, out);
                path.pop();
                prefix.truncate(outer);
            }
            Stmt::FunctionDef(f) => {
                prefix.push('.');
                prefix.push_str(&f.name);
                prefix.push_str(".<locals>");
                walk_classes(&f.body, prefix, &mut Vec::new(), out);
                prefix.truncate(outer);
            }
            Stmt::If(s) => {
                walk_classes(&s.body, prefix, path, out);
                for c in &s.elif_else_clauses {
                    walk_classes(&c.body, prefix, path, out);
                }
            }
            Stmt::Try(t) => {
                walk_classes(&t.body, prefix, path, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    walk_classes(&h.body, prefix, path, out);
                }
                walk_classes(&t.orelse, prefix, path, out);
                walk_classes(&t.finalbody, prefix, path, out);
            }
            Stmt::With(w) => walk_classes(&w.body, prefix, path, out),
            Stmt::For(s) => {
                walk_classes(&s.body, prefix, path, out);
                walk_classes(&s.orelse, prefix, path, out);
            }
            Stmt::While(s) => {
                walk_classes(&s.body, prefix, path, out);
                walk_classes(&s.orelse, prefix, path, out);
            }
            Stmt::Match(m) => {
                for case in &m.cases {
                    walk_classes(&case.body, prefix, path, out);
                }
            }
            _ => {}
        }
    }
}

//! Names the rewrite emits, checked against what they would resolve to: the
//! expression for `weakref.finalize` (an existing import, a new `import weakref`,
//! or `import weakref as _weakref` when `weakref` is bound to something else), and
//! how `__init__` names the class; and the names already taken in a class or a
//! function, from which new ones (`_finalizer`, `_close`, parameters) are chosen.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt, StmtClassDef, StmtFunctionDef};

use super::ClassCx;
use super::skip::Skip;
use crate::fix::{self, Imported, Taken};
use crate::semantic::bindings::Bindings;
use crate::semantic::{Base, Binding};
use crate::source::SourceFile;

/// Resolve `weakref.finalize` for code in a function whose local names are
/// `locals`, as [`fix::ensure`] answers an import (the one expression, and the
/// import edit when one is needed): reuse a module-level import bound to it, else
/// import `weakref` under a name that [`fix::name_free`] finds bound to nothing
/// else in the module (nor in the function), `_weakref` when `weakref` is taken.
pub(crate) fn finalize_ref(
    file: &SourceFile,
    bindings: &Bindings,
    locals: &FxHashSet<String>,
) -> Result<Imported, Skip> {
    let usable = |n: &str| !locals.contains(n);
    let mut names: Vec<(&str, &Binding)> = bindings.names.iter().map(|(n, b)| (&**n, b)).collect();
    names.sort_by_key(|(n, _)| *n);
    let bound_to = |target: &str| {
        names
            .iter()
            .filter(|(n, b)| matches!(b, Binding::Import(t) if &**t == target) && usable(n))
            .map(|(n, _)| (*n).to_string())
            .min_by_key(|n| (n != "finalize" && n != "weakref", n.clone()))
    };
    let reuse = |expr: String| Imported {
        exprs: vec![expr],
        edit: None,
    };
    let import = |alias: &str, line: String| Imported {
        exprs: vec![format!("{alias}.finalize")],
        edit: Some(fix::insert_statement(file, &line)),
    };
    if let Some(n) = bound_to("weakref.finalize") {
        return Ok(reuse(n));
    }
    if let Some(n) = bound_to("weakref") {
        return Ok(reuse(format!("{n}.finalize")));
    }
    // Bound to the module itself it was reused above, unless a local shadows it;
    // a star import may bind `weakref` to anything.
    if fix::name_free(bindings, "weakref", "weakref").is_ok() && usable("weakref") {
        return Ok(import("weakref", "import weakref".to_string()));
    }
    // A star import binds no name with a leading underscore (unless its module's
    // `__all__` lists one), so only module-level bindings take the alias.
    for i in 0..10 {
        let alias = if i == 0 {
            "_weakref".to_string()
        } else {
            format!("_weakref_{i}")
        };
        let free = match fix::name_free(bindings, &alias, "weakref") {
            Ok(()) | Err(Taken::Star { .. }) => true,
            Err(Taken::Bound { .. }) => false,
        };
        if free && usable(&alias) {
            return Ok(import(&alias, format!("import weakref as {alias}")));
        }
    }
    Err(Skip::WeakrefName {
        why: "`weakref` and `_weakref` are bound to other things in this module".to_string(),
    })
}

/// How code in the class's `__init__` names the class: its path (`Outer.Inner`)
/// when that resolves to the class statement's class, else `__class__` (the class
/// being defined, whatever decorators or later assignments rebind its name to).
pub(crate) fn class_ref(
    k: &ClassCx<'_>,
    bindings: &Bindings,
    locals: &FxHashSet<String>,
) -> String {
    let head = k.path.split('.').next().unwrap_or_default();
    let plain = k.class.decorator_list.is_empty() && !locals.contains(head);
    let at_module = !k.qualname.contains("<locals>");
    let resolves = if at_module {
        bindings.names.get(head) == Some(&Binding::Class)
    } else {
        true
    };
    if plain && resolves {
        k.path.clone()
    } else {
        "__class__".to_string()
    }
}

/// Whether `func` is `warnings.warn` as the module binds it (or a bound default
/// parameter holding the `warnings` module: `def __del__(self, _warnings=warnings)`).
pub(crate) fn is_warn(bindings: &Bindings, defaults: &[(String, &Expr)], func: &Expr) -> bool {
    if let Expr::Attribute(a) = func
        && a.attr.as_str() == "warn"
        && let Expr::Name(n) = &*a.value
        && let Some((_, d)) = defaults.iter().find(|(p, _)| p == n.id.as_str())
    {
        return bindings.resolve(d) == Base::Qual("warnings".into());
    }
    if let Expr::Name(n) = func
        && let Some((_, d)) = defaults.iter().find(|(p, _)| p == n.id.as_str())
    {
        return bindings.resolve(d) == Base::Qual("warnings.warn".into());
    }
    bindings.resolve(func) == Base::Qual("warnings.warn".into())
}

/// A free name: `base`, else `base_1`, `base_2`, …
pub(crate) fn free_name(base: &str, taken: &FxHashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (1..)
        .map(|i| format!("{base}_{i}"))
        .find(|n| !taken.contains(n))
        .expect("some name is free")
}

/// Every attribute name used on any object in the class, and every class-level name.
pub(crate) fn taken_names(class: &StmtClassDef) -> FxHashSet<String> {
    struct A(FxHashSet<String>);
    impl<'b> Visitor<'b> for A {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Attribute(a) = e {
                self.0.insert(a.attr.to_string());
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut a = A(super::scan::class_level_names(class)
        .into_iter()
        .map(|(n, _)| n)
        .collect());
    a.visit_body(&class.body);
    a.0
}

/// Python keywords (a parameter cannot be named after one).
pub(crate) fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// The names a statement binds by itself, without its body or targets: a `def` or
/// `class` name, imported names (`import a.b` binds `a`), `global`/`nonlocal`
/// declarations when `declared` is set, and `except … as name`. Shared by the
/// visitors that collect a body's local names.
pub(crate) fn bound_by(s: &Stmt, declared: bool, out: &mut FxHashSet<String>) {
    match s {
        Stmt::FunctionDef(f) => {
            out.insert(f.name.to_string());
        }
        Stmt::ClassDef(c) => {
            out.insert(c.name.to_string());
        }
        Stmt::Import(i) => out.extend(i.names.iter().map(|a| {
            a.asname.as_ref().map_or_else(
                || a.name.split('.').next().unwrap_or_default().to_string(),
                ToString::to_string,
            )
        })),
        Stmt::ImportFrom(i) => out.extend(
            i.names
                .iter()
                .map(|a| a.asname.as_ref().unwrap_or(&a.name).to_string()),
        ),
        Stmt::Global(g) if declared => out.extend(g.names.iter().map(ToString::to_string)),
        Stmt::Nonlocal(g) if declared => out.extend(g.names.iter().map(ToString::to_string)),
        Stmt::Try(t) => {
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                if let Some(n) = &h.name {
                    out.insert(n.to_string());
                }
            }
        }
        _ => {}
    }
}

/// Names bound in a function (parameters, assignment targets, imports, nested
/// definitions, `global`/`nonlocal` declarations), for shadowing checks.
pub(crate) fn local_names(func: &StmtFunctionDef) -> FxHashSet<String> {
    struct L(FxHashSet<String>);
    impl L {
        fn target(&mut self, e: &Expr) {
            match e {
                Expr::Name(n) => {
                    self.0.insert(n.id.to_string());
                }
                Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
                Expr::List(t) => t.elts.iter().for_each(|e| self.target(e)),
                Expr::Starred(s) => self.target(&s.value),
                _ => {}
            }
        }
    }
    impl<'b> Visitor<'b> for L {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            bound_by(s, true, &mut self.0);
            match s {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => return,
                Stmt::Assign(a) => a.targets.iter().for_each(|t| self.target(t)),
                Stmt::AnnAssign(a) => self.target(&a.target),
                Stmt::AugAssign(a) => self.target(&a.target),
                Stmt::For(f) => self.target(&f.target),
                Stmt::With(w) => {
                    for item in &w.items {
                        if let Some(v) = &item.optional_vars {
                            self.target(v);
                        }
                    }
                }
                _ => {}
            }
            visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Named(n) = e {
                self.target(&n.target);
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut l = L(FxHashSet::default());
    for p in func.parameters.iter() {
        l.0.insert(p.name().to_string());
    }
    l.visit_body(&func.body);
    l.0
}

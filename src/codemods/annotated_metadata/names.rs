//! The module-level bindings of one file, as annotated-metadata needs them: what
//! each name is bound to (an import, a class, anything else), where, whether the
//! binding exists at run time (not only under `if TYPE_CHECKING:`), and whether the
//! name is certainly bound once the module's top level has run.
//!
//! Bindings inside functions and classes are not module bindings, except names a
//! function declares `global`. Assignment expressions (`:=`) and `match` captures at
//! module level are not seen.

use ruff_python_ast::name::UnqualifiedName;
use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::{Expr, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextSize};
use rustc_hash::{FxHashMap, FxHashSet};

#[cfg(test)]
use crate::source::SourceFile;

/// What a module-level binding binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `from m import n [as local]`: `m.n` (a relative module keeps its dots: `.m.n`).
    From(String),
    /// `import m.n as local`: `m.n`; `import m.n` binds `m`: `m`.
    Module(String),
    /// `class Name`, and whether its body defines `__class_getitem__`.
    Class { class_getitem: bool },
    /// Anything else: an assignment, a `def`, a loop/`with`/`except` target, `del`,
    /// a `type` alias, a `global` name.
    Other,
}

/// One module-level binding.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub(crate) kind: Kind,
    /// Start of the statement that binds.
    pub(crate) at: TextSize,
    /// False for a binding that exists only for type checkers (`if TYPE_CHECKING:`).
    pub(crate) runtime: bool,
}

impl Binding {
    /// The qualified name of an import binding.
    pub(crate) fn qualified(&self) -> Option<&str> {
        match &self.kind {
            Kind::From(q) | Kind::Module(q) => Some(q),
            _ => None,
        }
    }
}

/// The module-level bindings of a file.
#[derive(Debug, Default)]
pub(crate) struct Names {
    map: FxHashMap<String, Vec<Binding>>,
    /// Names certainly bound at run time once the module's top level has run.
    certain: FxHashSet<String>,
    /// Modules of the `from m import *` statements that run at run time.
    pub(crate) star_imports: Vec<String>,
    /// `from __future__ import annotations`: annotations are evaluated lazily.
    pub(crate) future_annotations: bool,
}

/// `typing.X` and `typing_extensions.X` are the same object for our purposes.
fn same_object(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.strip_prefix("typing_extensions.")
            .map(|r| format!("typing.{r}"))
    };
    a == b || norm(a).as_deref().unwrap_or(a) == norm(b).as_deref().unwrap_or(b)
}

/// `TYPE_CHECKING` or `anything.TYPE_CHECKING`.
fn is_type_checking(test: &Expr) -> bool {
    match test {
        Expr::Name(n) => n.id.as_str() == "TYPE_CHECKING",
        Expr::Attribute(a) => a.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

/// `not TYPE_CHECKING`.
fn is_not_type_checking(test: &Expr) -> bool {
    matches!(test, Expr::UnaryOp(u) if u.op == UnaryOp::Not && is_type_checking(&u.operand))
}

fn target_names<'e>(target: &'e Expr, out: &mut Vec<&'e str>) {
    match target {
        Expr::Name(n) => out.push(n.id.as_str()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}

impl Names {
    /// Collect the module-level bindings of `suite`.
    pub(crate) fn new(suite: &[Stmt]) -> Self {
        let mut names = Names::default();
        names.certain = names.block(suite, true);
        // `global x` in a function makes its assignments module bindings.
        struct Globals(Vec<(String, TextSize)>);
        impl StatementVisitor<'_> for Globals {
            fn visit_stmt(&mut self, s: &Stmt) {
                if let Stmt::Global(g) = s {
                    self.0
                        .extend(g.names.iter().map(|n| (n.to_string(), g.start())));
                }
                walk_stmt(self, s);
            }
        }
        let mut globals = Globals(Vec::new());
        globals.visit_body(suite);
        for (name, at) in globals.0 {
            names.add(&name, Kind::Other, at, true);
        }
        names
    }

    fn add(&mut self, name: &str, kind: Kind, at: TextSize, runtime: bool) {
        self.map
            .entry(name.to_string())
            .or_default()
            .push(Binding { kind, at, runtime });
    }

    /// Record the bindings of a block; returns the names it certainly binds when it
    /// runs to its end.
    fn block(&mut self, body: &[Stmt], runtime: bool) -> FxHashSet<String> {
        let mut certain = FxHashSet::default();
        for s in body {
            certain.extend(self.stmt(s, runtime));
        }
        certain
    }

    fn stmt(&mut self, s: &Stmt, runtime: bool) -> FxHashSet<String> {
        let at = s.start();
        let mut bound: Vec<(String, Kind)> = Vec::new();
        let mut certain = FxHashSet::default();
        match s {
            Stmt::Import(i) => {
                for a in &i.names {
                    match &a.asname {
                        Some(alias) => {
                            bound.push((alias.to_string(), Kind::Module(a.name.to_string())))
                        }
                        None => {
                            let first = a.name.split('.').next().unwrap_or_default();
                            bound.push((first.to_string(), Kind::Module(first.to_string())));
                        }
                    }
                }
            }
            Stmt::ImportFrom(f) => {
                let module = format!(
                    "{}{}",
                    ".".repeat(f.level as usize),
                    f.module.as_ref().map_or("", |m| m.as_str())
                );
                for a in &f.names {
                    if a.name.as_str() == "*" {
                        if runtime {
                            self.star_imports.push(module.clone());
                        }
                        continue;
                    }
                    if module == "__future__" && a.name.as_str() == "annotations" {
                        self.future_annotations = true;
                    }
                    let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
                    let q = if module.ends_with('.') {
                        format!("{module}{}", a.name)
                    } else {
                        format!("{module}.{}", a.name)
                    };
                    bound.push((local, Kind::From(q)));
                }
            }
            Stmt::FunctionDef(f) => bound.push((f.name.to_string(), Kind::Other)),
            Stmt::ClassDef(c) => {
                let class_getitem = c.body.iter().any(
                    |s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == "__class_getitem__"),
                );
                bound.push((c.name.to_string(), Kind::Class { class_getitem }));
            }
            Stmt::Assign(a) => {
                let mut out = Vec::new();
                a.targets.iter().for_each(|t| target_names(t, &mut out));
                bound.extend(out.into_iter().map(|n| (n.to_string(), Kind::Other)));
            }
            Stmt::AnnAssign(a) if a.value.is_some() => {
                let mut out = Vec::new();
                target_names(&a.target, &mut out);
                bound.extend(out.into_iter().map(|n| (n.to_string(), Kind::Other)));
            }
            Stmt::AugAssign(a) => {
                let mut out = Vec::new();
                target_names(&a.target, &mut out);
                bound.extend(out.into_iter().map(|n| (n.to_string(), Kind::Other)));
            }
            Stmt::TypeAlias(t) => {
                let mut out = Vec::new();
                target_names(&t.name, &mut out);
                bound.extend(out.into_iter().map(|n| (n.to_string(), Kind::Other)));
            }
            Stmt::Delete(d) => {
                let mut out = Vec::new();
                d.targets.iter().for_each(|t| target_names(t, &mut out));
                for n in out {
                    self.add(n, Kind::Other, at, runtime);
                }
            }
            Stmt::For(f) => {
                let mut out = Vec::new();
                target_names(&f.target, &mut out);
                for n in out {
                    self.add(n, Kind::Other, at, runtime);
                }
                self.block(&f.body, runtime);
                self.block(&f.orelse, runtime);
            }
            Stmt::While(w) => {
                self.block(&w.body, runtime);
                self.block(&w.orelse, runtime);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        let mut out = Vec::new();
                        target_names(v, &mut out);
                        bound.extend(out.into_iter().map(|n| (n.to_string(), Kind::Other)));
                    }
                }
                certain = self.block(&w.body, runtime);
            }
            Stmt::If(i) => {
                let clauses = std::iter::once((Some(&*i.test), &i.body)).chain(
                    i.elif_else_clauses
                        .iter()
                        .map(|c| (c.test.as_ref(), &c.body)),
                );
                // Names bound by every branch that can run, when one always runs.
                let mut every: Option<FxHashSet<String>> = None;
                let mut exhaustive = false;
                let mut reachable = runtime;
                for (test, body) in clauses {
                    if !reachable {
                        self.block(body, false);
                        continue;
                    }
                    match test {
                        Some(t) if is_type_checking(t) => {
                            self.block(body, false);
                        }
                        Some(t) if is_not_type_checking(t) => {
                            let b = self.block(body, true);
                            every = Some(match every {
                                Some(e) => e.intersection(&b).cloned().collect(),
                                None => b,
                            });
                            exhaustive = true;
                            // The other branches run only for type checkers.
                            reachable = false;
                        }
                        _ => {
                            let b = self.block(body, true);
                            every = Some(match every {
                                Some(e) => e.intersection(&b).cloned().collect(),
                                None => b,
                            });
                            if test.is_none() {
                                exhaustive = true;
                            }
                        }
                    }
                }
                if exhaustive {
                    certain = every.unwrap_or_default();
                }
            }
            Stmt::Try(t) => {
                let mut body = self.block(&t.body, runtime);
                body.extend(self.block(&t.orelse, runtime));
                let mut every = body;
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.add(n.as_str(), Kind::Other, h.start(), runtime);
                    }
                    let b = self.block(&h.body, runtime);
                    every = every.intersection(&b).cloned().collect();
                }
                certain = every;
                certain.extend(self.block(&t.finalbody, runtime));
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    self.block(&c.body, runtime);
                }
            }
            _ => {}
        }
        for (name, kind) in bound {
            if runtime {
                certain.insert(name.clone());
            }
            self.add(&name, kind, at, runtime);
        }
        certain
    }

    /// Every bound name with its bindings.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &[Binding])> {
        self.map.iter().map(|(n, b)| (n.as_str(), b.as_slice()))
    }

    /// Every module-level binding of `name`, in source order.
    pub(crate) fn bindings(&self, name: &str) -> &[Binding] {
        self.map.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether `name` is certainly bound at run time once the top level has run.
    pub(crate) fn is_certain(&self, name: &str) -> bool {
        self.certain.contains(name)
    }

    /// The qualified name a name/attribute chain refers to at run time, when its
    /// first segment is bound only by imports of one object (a `try`/`except`
    /// fallback between `typing` and `typing_extensions` counts as one).
    pub(crate) fn resolve(&self, expr: &Expr) -> Option<String> {
        self.resolve_with(expr, true)
    }

    /// Like [`Names::resolve`], also through imports only type checkers see when
    /// `runtime_only` is false.
    pub(crate) fn resolve_with(&self, expr: &Expr, runtime_only: bool) -> Option<String> {
        let name = UnqualifiedName::from_expr(expr)?;
        let (first, rest) = name.segments().split_first()?;
        let mut bindings = self
            .bindings(first)
            .iter()
            .filter(|b| b.runtime || !runtime_only);
        let base = bindings.next()?.qualified()?.to_string();
        if !bindings.all(|b| b.qualified().is_some_and(|q| same_object(q, &base))) {
            return None;
        }
        let mut q = base;
        for s in rest {
            q.push('.');
            q.push_str(s);
        }
        Some(q)
    }

    /// Whether `name` refers at run time to the same object when evaluated at the
    /// statement starting at `top` as when evaluated later: a builtin the module
    /// never binds, or a name certainly bound, only at run time-visible places
    /// before `top` (anywhere, when annotations are evaluated lazily).
    pub(crate) fn bound_before(&self, name: &str, top: TextSize) -> bool {
        let bindings = self.bindings(name);
        if bindings.is_empty() {
            return BUILTIN_TYPES.contains(&name) && self.star_imports.is_empty();
        }
        self.is_certain(name)
            && bindings
                .iter()
                .filter(|b| b.runtime)
                .all(|b| self.future_annotations || b.at < top)
    }
}

/// Builtins that appear in annotations (a name not listed is not assumed builtin).
pub(crate) const BUILTIN_TYPES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "complex",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "memoryview",
    "object",
    "range",
    "set",
    "slice",
    "str",
    "tuple",
    "type",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Names {
        let file = SourceFile::parse("t.py", src.to_string()).unwrap();
        Names::new(file.suite())
    }

    #[test]
    fn type_checking_imports_are_not_run_time_bindings() {
        let n = names(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from typing import Annotated\n",
        );
        assert!(!n.is_certain("Annotated"));
        assert!(n.bindings("Annotated").iter().all(|b| !b.runtime));
        let n = names(
            "import typing\nif not typing.TYPE_CHECKING:\n    from typing import Annotated\nelse:\n    Annotated = 1\n",
        );
        assert!(n.is_certain("Annotated"));
        assert_eq!(
            n.bindings("Annotated")
                .iter()
                .map(|b| b.runtime)
                .collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn certain_bindings_need_every_path() {
        let n = names(
            "try:\n    from typing import Annotated\nexcept ImportError:\n    from typing_extensions import Annotated\n",
        );
        assert!(n.is_certain("Annotated"));
        let dummy = ruff_python_ast::ExprName {
            range: Default::default(),
            node_index: Default::default(),
            id: "Annotated".into(),
            ctx: ruff_python_ast::ExprContext::Load,
        };
        assert_eq!(
            n.resolve(&Expr::Name(dummy)).as_deref(),
            Some("typing.Annotated")
        );
        let n =
            names("import sys\nif sys.version_info >= (3, 9):\n    from typing import Annotated\n");
        assert!(!n.is_certain("Annotated"));
        let n = names(
            "import sys\nif sys.version_info >= (3, 9):\n    from typing import Annotated\nelse:\n    from typing_extensions import Annotated\n",
        );
        assert!(n.is_certain("Annotated"));
    }

    #[test]
    fn bound_before_a_statement() {
        let src = "from typing import Optional\nclass A: pass\nX = 1\nclass B: pass\n";
        let n = names(src);
        let at = TextSize::try_from(src.find("class B").unwrap()).unwrap();
        assert!(n.bound_before("Optional", at));
        assert!(n.bound_before("A", at));
        assert!(n.bound_before("int", at));
        assert!(!n.bound_before("B", at));
        assert!(!n.bound_before("Missing", at));
    }
}

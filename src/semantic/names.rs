//! Every binding site of one file, with its position and scope: the name resolver the
//! codemods share (the module-level, flow-insensitive [`super::bindings::Bindings`]
//! serves the project index).
//!
//! One walk of the file records each place a name is bound — imports (in any scope),
//! `def`/`class` names, assignment, loop, `with`, `del`, walrus and comprehension
//! targets, parameters, `except` names, `match` captures, type parameters, `global`
//! declarations — with the offset of the binding node and of its statement, the scope
//! it binds in, and whether it exists at run time (not only under `if TYPE_CHECKING:`).
//! Queries:
//! - [`FileNames::sites`]: every site of a name, in every scope;
//! - [`FileNames::module_bindings`]: the module-level view (statements at the top level
//!   and in their `if`/`try`/`with`/`for`/`while`/`match` blocks, plus names a
//!   function declares `global`), with [`FileNames::is_certain`] (certainly bound once
//!   the top level has run) and [`FileNames::bound_before`];
//! - [`FileNames::resolve_qualified_name`]: a name or dotted attribute through the
//!   module's imports and their aliases; a name a star import may bind is unknown;
//! - [`FileNames::resolve_through_any_import`]: the same through imports anywhere in the
//!   file (inside functions too), for codemods that look for calls like `os.fork()`;
//! - [`FileNames::scope_binding`]: where a name is bound in one scope.
//!
//! Relative imports keep their dots (`from .m import n` → `.m.n`); [`absolute`] turns
//! such a name into a module's absolute one.

use ruff_python_ast::name::UnqualifiedName;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextSize};
use rustc_hash::{FxHashMap, FxHashSet};

use super::bindings::is_type_checking;

/// What a binding binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `from m import n [as local]`: `m.n` (a relative module keeps its dots: `.m.n`).
    From(String),
    /// `import m.n as local`: `m.n`; `import m.n` binds `m`: `m`.
    Module(String),
    /// `class Name`, and whether its body defines `__class_getitem__`.
    Class {
        /// The class body defines `__class_getitem__`.
        class_getitem: bool,
    },
    /// Anything else: an assignment, a `def`, a target, a parameter, a `global` name…
    Other,
}

impl Kind {
    /// The qualified name of an import.
    pub fn qualified(&self) -> Option<&str> {
        match self {
            Kind::From(q) | Kind::Module(q) => Some(q),
            _ => None,
        }
    }
}

/// How a site binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A statement: an import, `def`, `class`, an assignment/loop/`with`/`del` target.
    Statement,
    /// `x: int` without a value: no binding, but makes `x` local to a function.
    Declaration,
    /// `global x` / `nonlocal x`.
    Global,
    /// A function or lambda parameter.
    Parameter,
    /// `except E as x`.
    Except,
    /// `(x := ...)`.
    Walrus,
    /// A `match` capture pattern.
    Capture,
    /// A type parameter (`def f[T]()`).
    TypeParam,
}

/// The scope a site binds in, named by the start of what opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The module.
    Module,
    /// A `def` (its start).
    Function(TextSize),
    /// A `class` body (its start).
    Class(TextSize),
    /// A lambda.
    Lambda(TextSize),
    /// A comprehension.
    Comprehension(TextSize),
}

/// One place a name is bound.
#[derive(Debug, Clone)]
pub struct Site {
    /// What it binds.
    pub kind: Kind,
    /// How.
    pub via: Via,
    /// Start of the binding node (the name, the parameter; the statement for imports,
    /// `def` and `class`).
    pub at: TextSize,
    /// Start of the statement that binds (the handler for `except` names, the
    /// parameter for parameters).
    pub stmt: TextSize,
    /// The scope it binds in.
    pub scope: Scope,
    /// False when it exists only for type checkers (under `if TYPE_CHECKING:`).
    pub runtime: bool,
}

/// One module-level binding.
#[derive(Debug, Clone)]
pub struct Binding {
    /// What it binds.
    pub kind: Kind,
    /// Start of the statement that binds.
    pub at: TextSize,
    /// False for a binding that exists only for type checkers.
    pub runtime: bool,
}

impl Binding {
    /// The qualified name of an import binding.
    pub fn qualified(&self) -> Option<&str> {
        self.kind.qualified()
    }
}

/// `from m import *`.
#[derive(Debug, Clone)]
pub struct StarImport {
    /// The module, relative ones with their dots.
    pub module: String,
    /// Start of the statement.
    pub at: TextSize,
    /// False under `if TYPE_CHECKING:`.
    pub runtime: bool,
}

/// The binding sites of one file.
#[derive(Debug, Default)]
pub struct FileNames {
    sites: FxHashMap<Box<str>, Vec<Site>>,
    module: FxHashMap<Box<str>, Vec<Binding>>,
    certain: FxHashSet<Box<str>>,
    /// Every star import, in source order.
    pub stars: Vec<StarImport>,
    /// `from __future__ import annotations`: annotations are evaluated lazily.
    pub future_annotations: bool,
}

/// Whether `name` is a builtin (Python 3.13's list).
pub fn is_builtin(name: &str) -> bool {
    ruff_python_stdlib::builtins::is_python_builtin(name, 13, false)
}

/// The absolute form of `qualified` as resolved in module `module` (`is_package` when
/// it is an `__init__`): `.m.n` in `pkg.sub` → `pkg.m.n`. `None` when the dots climb
/// above the top-level package.
pub fn absolute(qualified: &str, module: &str, is_package: bool) -> Option<String> {
    let rest = qualified.trim_start_matches('.');
    let level = qualified.len() - rest.len();
    if level == 0 {
        return Some(qualified.to_string());
    }
    let mut parts: Vec<&str> = module.split('.').collect();
    if !is_package {
        parts.pop();
    }
    for _ in 1..level {
        parts.pop()?;
    }
    if !rest.is_empty() {
        parts.push(rest);
    }
    let base = parts.join(".");
    (!base.is_empty()).then_some(base)
}

impl FileNames {
    /// Collect the binding sites of a module's `suite`.
    pub fn collect(suite: &[Stmt]) -> Self {
        let mut c = Collector {
            names: FileNames::default(),
            scope: Scope::Module,
            stmt: TextSize::default(),
            runtime: true,
            via: Via::Statement,
        };
        c.visit_body(suite);
        let mut names = c.names;
        // The module-level view: `global` declarations count wherever they are,
        // after the module's own bindings.
        let mut globals = Vec::new();
        for (name, sites) in &names.sites {
            for s in sites {
                let binding = Binding {
                    kind: s.kind.clone(),
                    at: s.stmt,
                    runtime: s.runtime,
                };
                match s.via {
                    Via::Global => globals.push((s.stmt, name.clone(), binding)),
                    Via::Statement | Via::Except if s.scope == Scope::Module => {
                        names.module.entry(name.clone()).or_default().push(binding)
                    }
                    _ => {}
                }
            }
        }
        globals.sort_by_key(|(at, _, _)| *at);
        for (_, name, mut binding) in globals {
            binding.runtime = true;
            names.module.entry(name).or_default().push(binding);
        }
        names.certain = certain_block(suite, true);
        names
    }

    /// Every binding site of `name`, in every scope, in source order.
    pub fn sites(&self, name: &str) -> &[Site] {
        self.sites.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every module-level binding of `name`, in source order (`global` declarations last).
    pub fn module_bindings(&self, name: &str) -> &[Binding] {
        self.module.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every name bound at module level, with its bindings.
    pub fn iter_module(&self) -> impl Iterator<Item = (&str, &[Binding])> {
        self.module.iter().map(|(n, b)| (&**n, b.as_slice()))
    }

    /// Whether `name` is certainly bound at run time once the top level has run (bound
    /// on every path through the module's `if`/`try`/`with` blocks).
    pub fn is_certain(&self, name: &str) -> bool {
        self.certain.contains(name)
    }

    /// The star imports that run at run time.
    pub fn runtime_stars(&self) -> impl Iterator<Item = &StarImport> {
        self.stars.iter().filter(|s| s.runtime)
    }

    /// A star import at or after `at`, which may rebind a name bound before it.
    pub fn star_after(&self, at: TextSize) -> Option<&StarImport> {
        self.stars.iter().find(|s| s.at >= at)
    }

    /// Whether `name` refers at run time, from `offset` on, to what it refers to once
    /// the module has run: a builtin the module never binds (and no star import may
    /// bind), or a name certainly bound whose every run-time binding is before `offset`.
    pub fn bound_before(&self, name: &str, offset: TextSize) -> bool {
        let bindings = self.module_bindings(name);
        if bindings.is_empty() {
            return is_builtin(name) && self.runtime_stars().next().is_none();
        }
        self.is_certain(name) && bindings.iter().filter(|b| b.runtime).all(|b| b.at < offset)
    }

    /// The qualified name a name or attribute chain refers to at run time, when its
    /// first segment is bound at module level only by imports of one object.
    pub fn resolve_qualified_name(&self, expr: &Expr) -> Option<String> {
        self.resolve_qualified_name_by(expr, true, &|a, b| a == b)
    }

    /// [`FileNames::resolve_qualified_name`], also through imports only type checkers
    /// see unless `runtime_only`, with `same` telling which qualified names are one object.
    pub fn resolve_qualified_name_by(
        &self,
        expr: &Expr,
        runtime_only: bool,
        same: &dyn Fn(&str, &str) -> bool,
    ) -> Option<String> {
        let name = UnqualifiedName::from_expr(expr)?;
        let (first, rest) = name.segments().split_first()?;
        let mut bindings = self
            .module_bindings(first)
            .iter()
            .filter(|b| b.runtime || !runtime_only);
        let base = bindings.next()?.qualified()?.to_string();
        if !bindings.all(|b| b.qualified().is_some_and(|q| same(q, &base))) {
            return None;
        }
        Some(join(base, rest))
    }

    /// The qualified name a name or attribute chain refers to through an import
    /// anywhere in the file (any scope, under `TYPE_CHECKING` too; absolute imports
    /// only): a name through `from m import n` (the last one), an attribute chain
    /// through `from m import n` or `import m [as x]`. Whatever else binds the name is
    /// not considered: use it to find calls like `os.fork()` in any function.
    pub fn resolve_through_any_import(&self, expr: &Expr) -> Option<String> {
        let from = |name: &str| {
            self.sites(name).iter().rev().find_map(|s| match &s.kind {
                Kind::From(q) if !q.starts_with('.') => Some(q.as_str()),
                _ => None,
            })
        };
        match expr {
            Expr::Name(n) => from(&n.id).map(str::to_string),
            Expr::Attribute(a) => {
                let base = UnqualifiedName::from_expr(&a.value)?;
                let segments = base.segments();
                if let [one] = segments
                    && let Some(q) = from(one)
                {
                    return Some(format!("{q}.{}", a.attr));
                }
                let (first, rest) = segments.split_first()?;
                let module = self
                    .sites(first)
                    .iter()
                    .filter_map(|s| match &s.kind {
                        Kind::Module(m) => Some(m.as_str()),
                        _ => None,
                    })
                    .min()?;
                // `import a.b as x` binds `x` to `a.b`; `import a.b` binds `a`.
                Some(format!("{}.{}", join(module.to_string(), rest), a.attr))
            }
            _ => None,
        }
    }

    /// The first site binding `name` in `scope` for which `counts` holds. For the
    /// module scope, a `global` declaration in any function counts, after the
    /// module's own sites.
    pub fn scope_binding(
        &self,
        name: &str,
        scope: Scope,
        counts: &dyn Fn(&Site) -> bool,
    ) -> Option<&Site> {
        let sites = self.sites(name);
        sites
            .iter()
            .find(|s| s.scope == scope && counts(s))
            .or_else(|| {
                sites
                    .iter()
                    .find(|s| scope == Scope::Module && s.via == Via::Global && counts(s))
            })
    }
}

fn join(mut q: String, rest: &[&str]) -> String {
    for s in rest {
        q.push('.');
        q.push_str(s);
    }
    q
}

/// `not TYPE_CHECKING`.
fn is_not_type_checking(test: &Expr) -> bool {
    matches!(test, Expr::UnaryOp(u) if u.op == UnaryOp::Not && is_type_checking(&u.operand))
}

struct Collector {
    names: FileNames,
    scope: Scope,
    stmt: TextSize,
    runtime: bool,
    via: Via,
}

impl Collector {
    fn add(&mut self, name: &str, kind: Kind, via: Via, at: TextSize, stmt: TextSize) {
        self.names.sites.entry(name.into()).or_default().push(Site {
            kind,
            via,
            at,
            stmt,
            scope: self.scope,
            runtime: self.runtime,
        });
    }

    fn in_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        f(self);
        self.scope = outer;
    }

    fn body_at(&mut self, body: &[Stmt], runtime: bool) {
        let outer = std::mem::replace(&mut self.runtime, runtime);
        self.visit_body(body);
        self.runtime = outer;
    }

    fn imports(&mut self, s: &Stmt) {
        let at = s.start();
        match s {
            Stmt::Import(i) => {
                for a in &i.names {
                    let (local, q) = match &a.asname {
                        Some(alias) => (alias.as_str(), a.name.as_str()),
                        None => {
                            let first = a.name.split('.').next().unwrap_or_default();
                            (first, first)
                        }
                    };
                    self.add(local, Kind::Module(q.to_string()), Via::Statement, at, at);
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
                        self.names.stars.push(StarImport {
                            module: module.clone(),
                            at,
                            runtime: self.runtime,
                        });
                        continue;
                    }
                    if module == "__future__"
                        && a.name.as_str() == "annotations"
                        && self.scope == Scope::Module
                    {
                        self.names.future_annotations = true;
                    }
                    let q = if module.ends_with('.') {
                        format!("{module}{}", a.name)
                    } else {
                        format!("{module}.{}", a.name)
                    };
                    let local = a.asname.as_ref().unwrap_or(&a.name);
                    self.add(local, Kind::From(q), Via::Statement, at, at);
                }
            }
            _ => {}
        }
    }

    fn parameters(&mut self, p: &ast::Parameters) {
        for p in p.iter() {
            self.add(
                p.name(),
                Kind::Other,
                Via::Parameter,
                p.name().start(),
                p.name().start(),
            );
        }
    }

    /// The parts of a `def` or lambda's parameters evaluated where it is defined.
    fn parameter_exprs(&mut self, p: &ast::Parameters) {
        for p in p.iter() {
            if let Some(a) = p.annotation() {
                self.visit_annotation(a);
            }
            if let Some(d) = p.default() {
                self.visit_expr(d);
            }
        }
    }
}

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        let outer_stmt = std::mem::replace(&mut self.stmt, s.start());
        let at = s.start();
        match s {
            Stmt::Import(_) | Stmt::ImportFrom(_) => self.imports(s),
            Stmt::FunctionDef(f) => {
                self.add(&f.name, Kind::Other, Via::Statement, at, at);
                for d in &f.decorator_list {
                    self.visit_decorator(d);
                }
                self.parameter_exprs(&f.parameters);
                if let Some(r) = &f.returns {
                    self.visit_annotation(r);
                }
                self.in_scope(Scope::Function(at), |c| {
                    if let Some(t) = &f.type_params {
                        c.visit_type_params(t);
                    }
                    c.parameters(&f.parameters);
                    c.visit_body(&f.body);
                });
            }
            Stmt::ClassDef(c) => {
                let class_getitem = c.body.iter().any(
                    |s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == "__class_getitem__"),
                );
                self.add(
                    &c.name,
                    Kind::Class { class_getitem },
                    Via::Statement,
                    at,
                    at,
                );
                for d in &c.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(t) = &c.type_params {
                    self.visit_type_params(t);
                }
                if let Some(args) = &c.arguments {
                    self.visit_arguments(args);
                }
                self.in_scope(Scope::Class(at), |cx| cx.visit_body(&c.body));
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.add(n, Kind::Other, Via::Global, n.start(), at);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.add(n, Kind::Other, Via::Global, n.start(), at);
                }
            }
            Stmt::AnnAssign(a) if a.value.is_none() => {
                let outer = std::mem::replace(&mut self.via, Via::Declaration);
                self.visit_expr(&a.target);
                self.via = outer;
                self.visit_annotation(&a.annotation);
            }
            Stmt::If(i) => {
                let clauses = std::iter::once((Some(&*i.test), &i.body)).chain(
                    i.elif_else_clauses
                        .iter()
                        .map(|c| (c.test.as_ref(), &c.body)),
                );
                let mut reachable = self.runtime;
                for (test, body) in clauses {
                    if let Some(t) = test {
                        self.visit_expr(t);
                    }
                    match test {
                        _ if !reachable => self.body_at(body, false),
                        Some(t) if is_type_checking(t) => self.body_at(body, false),
                        Some(t) if is_not_type_checking(t) => {
                            self.body_at(body, true);
                            // The other branches run only for type checkers.
                            reachable = false;
                        }
                        _ => self.body_at(body, true),
                    }
                }
            }
            _ => visitor::walk_stmt(self, s),
        }
        self.stmt = outer_stmt;
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) if n.ctx != ExprContext::Load => {
                self.add(&n.id, Kind::Other, self.via, n.start(), self.stmt);
            }
            Expr::Named(n) => {
                let outer = std::mem::replace(&mut self.via, Via::Walrus);
                self.visit_expr(&n.target);
                self.via = outer;
                self.visit_expr(&n.value);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.parameter_exprs(p);
                }
                self.in_scope(Scope::Lambda(l.start()), |c| {
                    if let Some(p) = &l.parameters {
                        c.parameters(p);
                    }
                    c.visit_expr(&l.body);
                });
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                self.in_scope(Scope::Comprehension(e.start()), |c| {
                    visitor::walk_expr(c, e);
                });
            }
            _ => visitor::walk_expr(self, e),
        }
    }

    fn visit_except_handler(&mut self, h: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(eh) = h;
        if let Some(n) = &eh.name {
            self.add(n, Kind::Other, Via::Except, n.start(), eh.start());
        }
        visitor::walk_except_handler(self, h);
    }

    fn visit_pattern(&mut self, p: &'a ast::Pattern) {
        match p {
            ast::Pattern::MatchAs(ast::PatternMatchAs { name: Some(n), .. })
            | ast::Pattern::MatchStar(ast::PatternMatchStar { name: Some(n), .. })
            | ast::Pattern::MatchMapping(ast::PatternMatchMapping { rest: Some(n), .. }) => {
                self.add(n, Kind::Other, Via::Capture, n.start(), self.stmt);
            }
            _ => {}
        }
        visitor::walk_pattern(self, p);
    }

    fn visit_type_param(&mut self, t: &'a ast::TypeParam) {
        self.add(t.name(), Kind::Other, Via::TypeParam, t.start(), self.stmt);
        visitor::walk_type_param(self, t);
    }
}

/// Names a statement binds directly (not in its nested blocks).
fn direct_names(s: &Stmt) -> Vec<&str> {
    fn targets<'e>(target: &'e Expr, out: &mut Vec<&'e str>) {
        match target {
            Expr::Name(n) => out.push(n.id.as_str()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| targets(e, out)),
            Expr::List(l) => l.elts.iter().for_each(|e| targets(e, out)),
            Expr::Starred(s) => targets(&s.value, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match s {
        Stmt::Import(i) => out.extend(i.names.iter().map(|a| match &a.asname {
            Some(alias) => alias.as_str(),
            None => a.name.split('.').next().unwrap_or_default(),
        })),
        Stmt::ImportFrom(f) => out.extend(
            f.names
                .iter()
                .filter(|a| a.name.as_str() != "*")
                .map(|a| a.asname.as_ref().unwrap_or(&a.name).as_str()),
        ),
        Stmt::FunctionDef(f) => out.push(f.name.as_str()),
        Stmt::ClassDef(c) => out.push(c.name.as_str()),
        Stmt::Assign(a) => a.targets.iter().for_each(|t| targets(t, &mut out)),
        Stmt::AnnAssign(a) if a.value.is_some() => targets(&a.target, &mut out),
        Stmt::AugAssign(a) => targets(&a.target, &mut out),
        Stmt::TypeAlias(t) => targets(&t.name, &mut out),
        Stmt::With(w) => w
            .items
            .iter()
            .filter_map(|i| i.optional_vars.as_deref())
            .for_each(|v| targets(v, &mut out)),
        _ => {}
    }
    out
}

fn intersect(a: Option<FxHashSet<Box<str>>>, b: FxHashSet<Box<str>>) -> FxHashSet<Box<str>> {
    match a {
        Some(a) => a.intersection(&b).cloned().collect(),
        None => b,
    }
}

/// The names certainly bound at run time when `body` runs to its end.
fn certain_block(body: &[Stmt], runtime: bool) -> FxHashSet<Box<str>> {
    let mut certain = FxHashSet::default();
    for s in body {
        certain.extend(certain_stmt(s, runtime));
    }
    certain
}

fn certain_stmt(s: &Stmt, runtime: bool) -> FxHashSet<Box<str>> {
    let mut certain = match s {
        Stmt::With(w) => certain_block(&w.body, runtime),
        Stmt::If(i) => {
            let clauses = std::iter::once((Some(&*i.test), &i.body)).chain(
                i.elif_else_clauses
                    .iter()
                    .map(|c| (c.test.as_ref(), &c.body)),
            );
            // Names bound by every branch that can run, when one always runs.
            let mut every: Option<FxHashSet<Box<str>>> = None;
            let mut exhaustive = false;
            let mut reachable = runtime;
            for (test, body) in clauses {
                match test {
                    _ if !reachable => {}
                    Some(t) if is_type_checking(t) => {}
                    Some(t) if is_not_type_checking(t) => {
                        every = Some(intersect(every, certain_block(body, true)));
                        exhaustive = true;
                        reachable = false;
                    }
                    _ => {
                        every = Some(intersect(every, certain_block(body, true)));
                        exhaustive |= test.is_none();
                    }
                }
            }
            if exhaustive {
                every.unwrap_or_default()
            } else {
                FxHashSet::default()
            }
        }
        Stmt::Try(t) => {
            let mut every = certain_block(&t.body, runtime);
            every.extend(certain_block(&t.orelse, runtime));
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                every = intersect(Some(every), certain_block(&h.body, runtime));
            }
            every.extend(certain_block(&t.finalbody, runtime));
            every
        }
        _ => FxHashSet::default(),
    };
    if runtime {
        certain.extend(direct_names(s).into_iter().map(Box::from));
    }
    certain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> FileNames {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        FileNames::collect(parsed.suite())
    }

    fn expr(s: &str) -> Expr {
        *ruff_python_parser::parse_expression(s)
            .unwrap()
            .into_syntax()
            .body
    }

    fn offset(src: &str, needle: &str) -> TextSize {
        TextSize::try_from(src.find(needle).unwrap()).unwrap()
    }

    #[test]
    fn resolves_aliases_and_dotted_attributes() {
        let n = names(
            "import os.path as p\nimport collections.abc\nfrom typing import Protocol as P\n",
        );
        let q = |e: &str| n.resolve_qualified_name(&expr(e));
        assert_eq!(q("p.join").as_deref(), Some("os.path.join"));
        assert_eq!(
            q("collections.abc.Sized").as_deref(),
            Some("collections.abc.Sized")
        );
        assert_eq!(q("P").as_deref(), Some("typing.Protocol"));
        assert_eq!(q("Protocol"), None);
        assert_eq!(q("f().x"), None);
    }

    #[test]
    fn relative_imports_keep_their_dots() {
        let n = names("from . import sibling\nfrom ..up import Base as B\n");
        let q = |e: &str| n.resolve_qualified_name(&expr(e)).unwrap();
        assert_eq!(q("sibling.C"), ".sibling.C");
        assert_eq!(q("B"), "..up.Base");
        assert_eq!(
            absolute(&q("sibling.C"), "pkg.sub.mod", false).unwrap(),
            "pkg.sub.sibling.C"
        );
        assert_eq!(
            absolute(&q("B"), "pkg.sub.mod", false).unwrap(),
            "pkg.up.Base"
        );
        assert_eq!(absolute("...up.Base", "pkg", true), None);
        assert_eq!(absolute("io.IOBase", "m", false).unwrap(), "io.IOBase");
    }

    #[test]
    fn star_imports_make_unbound_names_unknown() {
        let src = "from x import *\n";
        let n = names(src);
        assert_eq!(n.stars.len(), 1);
        assert_eq!(n.stars[0].module, "x");
        // `object` may be rebound by the star import: not known to be the builtin.
        assert!(!n.bound_before("object", TextSize::from(100)));
        assert!(names("").bound_before("object", TextSize::from(0)));
        assert!(is_builtin("object") && !is_builtin("Protocol"));
        assert_eq!(n.resolve_qualified_name(&expr("Protocol")), None);
        assert_eq!(n.star_after(TextSize::from(0)).unwrap().module, "x");
        assert!(n.star_after(TextSize::from(5)).is_none());
    }

    #[test]
    fn type_checking_only_bindings_are_not_runtime() {
        let n = names(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from typing import Annotated\n",
        );
        assert!(!n.is_certain("Annotated"));
        assert!(n.module_bindings("Annotated").iter().all(|b| !b.runtime));
        assert_eq!(n.resolve_qualified_name(&expr("Annotated")), None);
        assert_eq!(
            n.resolve_qualified_name_by(&expr("Annotated"), false, &|a, b| a == b)
                .as_deref(),
            Some("typing.Annotated")
        );
        let n = names(
            "import typing\nif not typing.TYPE_CHECKING:\n    from typing import Annotated\nelse:\n    Annotated = 1\n",
        );
        assert!(n.is_certain("Annotated"));
        let runtime: Vec<bool> = n
            .module_bindings("Annotated")
            .iter()
            .map(|b| b.runtime)
            .collect();
        assert_eq!(runtime, [true, false]);
    }

    #[test]
    fn certain_bindings_need_every_path() {
        let n = names(
            "try:\n    from typing import Annotated\nexcept ImportError:\n    from typing_extensions import Annotated\n",
        );
        assert!(n.is_certain("Annotated"));
        let n =
            names("import sys\nif sys.version_info >= (3, 9):\n    from typing import Annotated\n");
        assert!(!n.is_certain("Annotated"));
        let n = names(
            "import sys\nif sys.version_info >= (3, 9):\n    from typing import Annotated\nelse:\n    from typing_extensions import Annotated\n",
        );
        assert!(n.is_certain("Annotated"));
    }

    #[test]
    fn bound_before_an_offset() {
        let src = "from typing import Optional\nclass A: pass\nX = 1\nclass B: pass\n";
        let n = names(src);
        let at = offset(src, "class B");
        assert!(n.bound_before("Optional", at));
        assert!(n.bound_before("A", at));
        assert!(n.bound_before("int", at));
        // Bound after the offset.
        assert!(!n.bound_before("B", at));
        assert!(!n.bound_before("Missing", at));
        // Rebound later: not the same object everywhere after the first binding.
        let src = "import os\nclass K: pass\nos = None\n";
        assert!(!names(src).bound_before("os", offset(src, "class K")));
    }

    #[test]
    fn imports_inside_functions() {
        let src = "def f():\n    import os as o\n    from sys import exit\n    o.fork()\nos = 1\n";
        let n = names(src);
        // Not module bindings…
        assert!(n.module_bindings("o").is_empty());
        assert_eq!(n.resolve_qualified_name(&expr("o.fork")), None);
        // …but imports anywhere.
        assert_eq!(
            n.resolve_through_any_import(&expr("o.fork")).as_deref(),
            Some("os.fork")
        );
        assert_eq!(
            n.resolve_through_any_import(&expr("exit")).as_deref(),
            Some("sys.exit")
        );
        assert_eq!(n.resolve_through_any_import(&expr("os.fork")), None);
        let f = Scope::Function(TextSize::from(0));
        assert_eq!(
            n.scope_binding("o", f, &|_| true).map(|s| s.stmt),
            Some(offset(src, "import os"))
        );
        assert!(n.scope_binding("o", Scope::Module, &|_| true).is_none());
        assert_eq!(
            n.scope_binding("os", Scope::Module, &|_| true)
                .map(|s| s.at),
            Some(offset(src, "os = 1"))
        );
    }

    #[test]
    fn every_scope_and_kind_of_site() {
        let src = "class C:\n    x = 1\ndef f(a, *b, c=(w := 2)):\n    global g\n    y: int\n    [i for i in a]\n    lambda z: z\n    try: pass\n    except E as e: pass\n    match a:\n        case [q, *r]: pass\n";
        let n = names(src);
        let one = |name: &str| {
            let s = n.sites(name);
            assert_eq!(s.len(), 1, "{name}: {s:?}");
            (s[0].scope, s[0].via)
        };
        let f = Scope::Function(offset(src, "def f"));
        assert_eq!(one("x"), (Scope::Class(TextSize::from(0)), Via::Statement));
        assert_eq!(one("a"), (f, Via::Parameter));
        assert_eq!(one("b"), (f, Via::Parameter));
        // The default is evaluated where `f` is defined.
        assert_eq!(one("w"), (Scope::Module, Via::Walrus));
        assert_eq!(one("g"), (f, Via::Global));
        assert_eq!(one("y"), (f, Via::Declaration));
        assert!(matches!(
            one("i"),
            (Scope::Comprehension(_), Via::Statement)
        ));
        assert!(matches!(one("z"), (Scope::Lambda(_), Via::Parameter)));
        assert_eq!(one("e"), (f, Via::Except));
        assert_eq!(one("q"), (f, Via::Capture));
        assert_eq!(one("r"), (f, Via::Capture));
        // `global g` makes `g` a module-level binding.
        assert_eq!(n.module_bindings("g").len(), 1);
        assert!(n.module_bindings("y").is_empty());
    }
}

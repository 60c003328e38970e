//! Where a payload and a callee come from, following local bindings: the enclosing
//! function's own `**kwargs`, decoded data, constant tables, literal keys,
//! `TypedDict`s, callees picked at run time.

use rustc_hash::FxHashSet;

use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use crate::source::SourceFile;
use crate::util::{dotted, last_segment};

use super::analyze::Finder;
use super::resolve::{Lookup, Names};
use super::scope::{Bound, Scope, mentions_any};
use super::signals::{
    decodes, is_constant_name, is_literal_table, literal_keys, named_like_handler,
    named_like_handlers,
};

/// Where a name is bound, seen from the call.
pub(crate) enum Local<'s, 'a> {
    /// A parameter of an enclosing function.
    Param,
    /// Bound in an enclosing function.
    Bound(&'s [Bound<'a>], &'s Scope<'a>),
    /// Not bound in any enclosing function: module level, or a builtin.
    Module,
}

/// A literal that names a fixed entry: a string, number, `True`, `None`, or a tuple
/// of those.
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        _ => false,
    }
}

/// Whether a property or a method of `class` yields decoded data: a `@property`
/// `name` returning it, or an assignment `self.name = ...` of it.
fn attribute_decoded(class: &StmtClassDef, name: &str) -> bool {
    class.body.iter().filter_map(Stmt::as_function_def_stmt).any(|f| {
        let is_property = f.decorator_list.iter().any(|d| {
            last_segment(&d.expression)
                .is_some_and(|n| matches!(n.as_str(), "property" | "cached_property"))
        });
        let this = crate::util::first_param(f).unwrap_or("self");
        let mut found = false;
        let mut locals: Vec<(&str, &Expr)> = Vec::new();
        walk_simple(&f.body, &mut |stmt| match stmt {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    match t {
                        Expr::Name(n) => locals.push((n.id.as_str(), &a.value)),
                        Expr::Attribute(t)
                            if t.attr.as_str() == name
                                && matches!(&*t.value, Expr::Name(s) if s.id.as_str() == this) =>
                        {
                            found |= yields_decoded(&a.value, &locals);
                        }
                        _ => {}
                    }
                }
            }
            Stmt::Return(r) if is_property && f.name.as_str() == name => {
                if let Some(v) = &r.value {
                    found |= yields_decoded(v, &locals);
                }
            }
            _ => {}
        });
        found
    })
}

/// Whether `v` decodes data, one local assignment deep (`typing.cast` seen through).
fn yields_decoded(v: &Expr, locals: &[(&str, &Expr)]) -> bool {
    match v {
        Expr::Name(n) => locals
            .iter()
            .any(|(l, value)| *l == n.id.as_str() && decodes(value)),
        Expr::Call(c) if last_segment(&c.func).as_deref() == Some("cast") => c
            .arguments
            .args
            .get(1)
            .is_some_and(|v| yields_decoded(v, locals)),
        v => decodes(v),
    }
}

/// Visit the statements of a body in order, inside compound statements but not
/// nested functions or classes.
fn walk_simple<'b>(body: &'b [Stmt], f: &mut impl FnMut(&'b Stmt)) {
    for stmt in body {
        f(stmt);
        match stmt {
            Stmt::If(s) => {
                walk_simple(&s.body, f);
                for c in &s.elif_else_clauses {
                    walk_simple(&c.body, f);
                }
            }
            Stmt::Try(t) => {
                walk_simple(&t.body, f);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    walk_simple(&h.body, f);
                }
                walk_simple(&t.orelse, f);
                walk_simple(&t.finalbody, f);
            }
            Stmt::With(w) => walk_simple(&w.body, f),
            Stmt::For(l) => walk_simple(&l.body, f),
            Stmt::While(l) => walk_simple(&l.body, f),
            _ => {}
        }
    }
}

/// `registry[a][b]` with a key known only at run time, on a module-level name.
fn is_registry_lookup(finder: &Finder, e: &Expr) -> bool {
    let mut e = e;
    let mut dynamic = false;
    while let Expr::Subscript(s) = e {
        dynamic |= !is_constant(&s.slice);
        e = &s.value;
    }
    dynamic
        && matches!(e, Expr::Name(n) if matches!(finder.local(n.id.as_str()), Local::Module)
            && !matches!(finder.module().lookup(n.id.as_str()), Lookup::Unbound))
}

impl<'a> Finder<'a> {
    /// Where `name` is bound, seen from the innermost scope.
    pub(crate) fn local(&self, name: &str) -> Local<'_, 'a> {
        for scope in self.scopes[1..].iter().rev() {
            if scope.is_param(name) {
                return Local::Param;
            }
            if let Some(b) = scope.collected().bindings.get(name) {
                return Local::Bound(b, scope);
            }
        }
        Local::Module
    }

    /// The single value a name is assigned, locally or at module level.
    fn single_value(&self, name: &str) -> Option<&'a Expr> {
        match self.local(name) {
            Local::Bound([Bound::Value(v)], _) => Some(v),
            Local::Module => match self.module().lookup(name) {
                Lookup::Values(v) if v.len() == 1 => Some(v[0]),
                _ => None,
            },
            _ => None,
        }
    }

    /// The enclosing functions' own `**` parameter that the spread forwards (also
    /// through a local derived from it), if any.
    pub(crate) fn forwards_own_kwargs(&self, spread: &Expr) -> Option<&'a str> {
        let mut sources: Vec<&'a str> = Vec::new();
        let mut innermost = None;
        let mut all: FxHashSet<&'a str> = FxHashSet::default();
        for scope in &self.scopes[1..] {
            if let Some(k) = scope.kwarg {
                sources.push(k);
                innermost = Some(k);
            }
            let derived = scope.derived(&sources);
            all.extend(derived.iter().copied());
            sources.extend(derived.iter().copied());
        }
        (!all.is_empty() && mentions_any(spread, &all))
            .then_some(innermost)
            .flatten()
    }

    /// Whether the callee is picked at run time: `HANDLERS[kind]`, `table.get(kind)`,
    /// `getattr(obj, name)`, a lookup's result (`get_handler(kind)(...)`), or a local
    /// bound from one of these or from a loop over handlers.
    pub(crate) fn runtime_callee(&self, func: &Expr) -> bool {
        if selects(func, true) {
            return true;
        }
        let Expr::Name(n) = func else { return false };
        match self.local(n.id.as_str()) {
            Local::Bound(bounds, _) => bounds.iter().any(|b| match b {
                Bound::Value(v) => selects(v, true),
                Bound::Loop(iter) => named_like_handlers(iter),
                _ => false,
            }),
            _ => false,
        }
    }

    /// Whether the spread is a parameter of an enclosing function.
    pub(crate) fn is_param(&self, spread: &Expr) -> bool {
        matches!(spread, Expr::Name(n) if matches!(self.local(n.id.as_str()), Local::Param))
    }

    /// The mapping named like options or keyword arguments that a local spread is
    /// built from: `kwargs = {k: config[k] for k in config}` (`config`),
    /// `request_context = self.connection_pool_kw.copy()` (`connection_pool_kw`).
    pub(crate) fn options_origin(&self, spread: &Expr) -> Option<String> {
        let Expr::Name(n) = spread else { return None };
        let own = n.id.as_str();
        let bounds = self.scopes[1..]
            .iter()
            .rev()
            .find_map(|s| s.collected().bindings.get(own))?;
        bounds.iter().find_map(|b| match b {
            Bound::Value(v) => {
                let mut found = None;
                names_in(v, &mut |name| {
                    if found.is_none()
                        && name != own
                        && (super::signals::classify(name) == super::signals::Naming::NotData
                            || super::signals::captured_name(name).is_some())
                    {
                        found = Some(name.to_string());
                    }
                });
                found
            }
            _ => None,
        })
    }

    /// A weak signal: the callee is a parameter named like a handler (`callback`).
    pub(crate) fn handler_param(&self, func: &Expr) -> bool {
        matches!(func, Expr::Name(n) if matches!(self.local(n.id.as_str()), Local::Param) && named_like_handler(n.id.as_str()))
    }

    /// A weak signal: the callee is a method of an object picked from a module-level
    /// registry with a run-time key (`self.backend.create(...)` where the `backend`
    /// property returns `backends[account][region]`).
    pub(crate) fn registry_receiver(&self, func: &Expr) -> bool {
        let Expr::Attribute(a) = func else {
            return false;
        };
        match &*a.value {
            Expr::Attribute(p) => {
                let Some((class, this, _)) = self.scope().method else {
                    return false;
                };
                if !matches!(&*p.value, Expr::Name(s) if s.id.as_str() == this) {
                    return false;
                }
                class
                    .body
                    .iter()
                    .filter_map(Stmt::as_function_def_stmt)
                    .filter(|f| f.name.as_str() == p.attr.as_str())
                    .any(|f| returns_any(f, |v| is_registry_lookup(self, v)))
            }
            Expr::Name(n) => {
                matches!(self.local(n.id.as_str()), Local::Bound([Bound::Value(v)], _) if is_registry_lookup(self, v))
            }
            _ => false,
        }
    }

    /// Whether the spread is decoded data, or derived from it in this function.
    pub(crate) fn decoded(&self, e: &Expr, depth: usize) -> bool {
        if depth > 6 {
            return false;
        }
        if decodes(e) {
            return true;
        }
        let d = depth + 1;
        match e {
            Expr::Name(n) => match self.local(n.id.as_str()) {
                Local::Bound(bounds, _) => bounds.iter().any(|b| match b {
                    Bound::Value(v) => self.decoded(v, d),
                    Bound::Loop(iter) => self.decoded(iter, d) || is_rows(iter),
                    _ => false,
                }),
                _ => false,
            },
            Expr::Subscript(s) => self.decoded(&s.value, d),
            Expr::Attribute(a) => {
                self.decoded(&a.value, d)
                    || self.scope().method.is_some_and(|(class, this, _)| {
                        matches!(&*a.value, Expr::Name(s) if s.id.as_str() == this)
                            && attribute_decoded(class, a.attr.as_str())
                    })
            }
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(a)
                    if matches!(a.attr.as_str(), "get" | "copy" | "pop" | "setdefault") =>
                {
                    self.decoded(&a.value, d)
                }
                f if matches!(
                    last_segment(f).as_deref(),
                    Some("dict" | "deepcopy" | "copy")
                ) =>
                {
                    c.arguments.args.first().is_some_and(|a| self.decoded(a, d))
                }
                _ => false,
            },
            Expr::BoolOp(b) => b.values.iter().any(|v| self.decoded(v, d)),
            Expr::Await(a) => self.decoded(&a.value, d),
            _ => false,
        }
    }

    /// The constant table the payload comes from (`self.ARG_TABLE`, a module-level
    /// list of dict literals), through loops, subscripts, `.get()` and copies.
    pub(crate) fn constant_table(&self, e: &Expr, depth: usize) -> Option<String> {
        if depth > 6 {
            return None;
        }
        let d = depth + 1;
        match e {
            Expr::Name(n) => {
                let id = n.id.as_str();
                if is_constant_name(id) {
                    return Some(id.to_string());
                }
                match self.local(id) {
                    Local::Bound([Bound::Loop(v) | Bound::Value(v)], _) => {
                        self.constant_table(v, d)
                    }
                    Local::Module => match self.module().lookup(id) {
                        Lookup::Values(v) if v.len() == 1 && is_literal_table(v[0]) => {
                            Some(id.to_string())
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            Expr::Attribute(a) => {
                if is_constant_name(a.attr.as_str()) {
                    return dotted(e).or_else(|| Some(a.attr.to_string()));
                }
                let (class, this, _) = self.scope().method?;
                let own = matches!(&*a.value, Expr::Name(s) if s.id.as_str() == this);
                (own && class.body.iter().any(|s| match s {
                    Stmt::Assign(asg) => {
                        is_literal_table(&asg.value)
                            && asg.targets.iter().any(
                                |t| matches!(t, Expr::Name(t) if t.id.as_str() == a.attr.as_str()),
                            )
                    }
                    _ => false,
                }))
                .then(|| format!("{this}.{}", a.attr))
            }
            Expr::Subscript(s) => self.constant_table(&s.value, d),
            Expr::Call(c) => match &*c.func {
                Expr::Attribute(a) if matches!(a.attr.as_str(), "get" | "copy") => {
                    self.constant_table(&a.value, d)
                }
                f if matches!(
                    last_segment(f).as_deref(),
                    Some("dict" | "deepcopy" | "copy")
                ) =>
                {
                    self.constant_table(c.arguments.args.first()?, d)
                }
                _ => None,
            },
            Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) | Expr::Dict(_)
                if is_literal_table(e) =>
            {
                Some(crate::codemods::signature_dispatch::signals::short(
                    self.file.slice(e.range()),
                ))
            }
            _ => None,
        }
    }

    /// The `TypedDict` that declares the spread's keys: the annotation of a parameter
    /// or local, or of an attribute in a class of this module.
    pub(crate) fn typed_dict(&self, spread: &Expr) -> Option<(String, usize)> {
        let annotations: Vec<&'a Expr> = match spread {
            Expr::Name(n) => {
                let id = n.id.as_str();
                self.scopes[1..]
                    .iter()
                    .rev()
                    .find_map(|s| {
                        s.params
                            .iter()
                            .find(|(p, _)| *p == id)
                            .map(|(_, a)| *a)
                            .or_else(|| s.collected().annotations.get(id).map(|a| Some(*a)))
                    })
                    .flatten()
                    .into_iter()
                    .collect()
            }
            Expr::Attribute(a) => self.attribute_annotations(a.attr.as_str()),
            _ => Vec::new(),
        };
        annotations.into_iter().find_map(|ann| {
            let ann = strip_optional(ann);
            let Expr::Name(t) = ann else { return None };
            let Lookup::Class(c) = self.module().lookup(t.id.as_str()) else {
                return None;
            };
            c.bases()
                .iter()
                .any(|b| last_segment(b).as_deref() == Some("TypedDict"))
                .then(|| (t.id.to_string(), self.file.line_col(c.start()).0))
        })
    }

    /// Annotations of an attribute in the classes of this module (`name: T` in a class
    /// body, `self.name: T = ...` at the top of a method).
    fn attribute_annotations(&self, name: &str) -> Vec<&'a Expr> {
        let mut out = Vec::new();
        walk_classes(self.file.suite(), &mut |class| {
            for stmt in &class.body {
                match stmt {
                    Stmt::AnnAssign(a) if matches!(&*a.target, Expr::Name(n) if n.id.as_str() == name) =>
                    {
                        out.push(&*a.annotation);
                    }
                    Stmt::FunctionDef(f) => {
                        for s in &f.body {
                            if let Stmt::AnnAssign(a) = s
                                && matches!(&*a.target, Expr::Attribute(t) if t.attr.as_str() == name)
                            {
                                out.push(&*a.annotation);
                            }
                        }
                    }
                    _ => {}
                }
            }
        });
        out
    }

    /// The keys of the payload when every spread's keys are written out.
    pub(crate) fn literal_keys_of(&self, spreads: &[&Expr]) -> Option<Vec<String>> {
        let mut keys = Vec::new();
        for spread in spreads {
            match literal_keys(spread) {
                Some(k) => keys.extend(k),
                None => {
                    let Expr::Name(n) = spread else { return None };
                    let Local::Bound([Bound::Value(v)], scope) = self.local(n.id.as_str()) else {
                        return None;
                    };
                    if scope.collected().mutated.contains(n.id.as_str()) {
                        return None;
                    }
                    keys.extend(literal_keys(v)?);
                }
            }
        }
        Some(keys)
    }

    /// A spread whose keys are written here: a dict display or `dict(a=...)` with
    /// literal keys, or a comprehension over literal keys (`for name in ("a", "b")`,
    /// `for k, v in (("a", a), ("b", b))`), the enclosing function's parameters or
    /// `locals()`.
    pub(crate) fn literal_spread(&self, e: &Expr) -> bool {
        if literal_keys(e).is_some() {
            return true;
        }
        let Expr::DictComp(c) = e else { return false };
        let literal_key = |e: &Expr| match e {
            Expr::StringLiteral(_) => true,
            Expr::Tuple(t) => matches!(t.elts.first(), Some(Expr::StringLiteral(_))),
            _ => false,
        };
        c.generators.iter().all(|g| {
            let iter = match &g.iter {
                Expr::Call(call) => match &*call.func {
                    Expr::Attribute(a)
                        if matches!(a.attr.as_str(), "items" | "keys" | "values") =>
                    {
                        &*a.value
                    }
                    _ => &g.iter,
                },
                i => i,
            };
            match iter {
                Expr::List(l) => l.elts.iter().all(literal_key),
                Expr::Tuple(t) => t.elts.iter().all(literal_key),
                Expr::Set(s) => s.elts.iter().all(literal_key),
                Expr::Name(n) => matches!(self.local(n.id.as_str()), Local::Param),
                Expr::Call(call) => {
                    matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "locals")
                }
                _ => false,
            }
        })
    }

    /// A local (or module-level) name bound once to a mapping of literal keys and not
    /// changed in place: its name and the line of its keys.
    pub(crate) fn literal_local(&self, e: &Expr) -> Option<(String, usize)> {
        let Expr::Name(n) = e else { return None };
        let id = n.id.as_str();
        if let Local::Bound(_, scope) = self.local(id)
            && scope.collected().mutated.contains(id)
        {
            return None;
        }
        let v = self.single_value(id)?;
        literal_keys(v)
            .is_some_and(|k| !k.is_empty())
            .then(|| (id.to_string(), self.file.line_col(v.start()).0))
    }
}

/// The names and attribute names in an expression (a bounded number of nodes; not
/// inside lambdas).
fn names_in<'e>(e: &'e Expr, f: &mut impl FnMut(&'e str)) {
    struct W<'f, F> {
        f: &'f mut F,
        budget: usize,
    }
    impl<'e, F: FnMut(&'e str)> ruff_python_ast::visitor::Visitor<'e> for W<'_, F> {
        fn visit_expr(&mut self, e: &'e Expr) {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            match e {
                Expr::Name(n) => (self.f)(n.id.as_str()),
                Expr::Attribute(a) => {
                    (self.f)(a.attr.as_str());
                    self.visit_expr(&a.value);
                }
                Expr::Lambda(_) => {}
                e => ruff_python_ast::visitor::walk_expr(self, e),
            }
        }
    }
    ruff_python_ast::visitor::Visitor::visit_expr(&mut W { f, budget: 64 }, e);
}

/// `T | None`, `Optional[T]`: `T`.
fn strip_optional(e: &Expr) -> &Expr {
    match e {
        Expr::BinOp(b) if matches!(&*b.right, Expr::NoneLiteral(_)) => &b.left,
        Expr::Subscript(s) if last_segment(&s.value).as_deref() == Some("Optional") => &s.slice,
        e => e,
    }
}

/// Visit every class defined in a body (also nested in classes and blocks).
fn walk_classes<'b>(body: &'b [Stmt], f: &mut impl FnMut(&'b StmtClassDef)) {
    walk_simple(body, &mut |stmt| {
        if let Stmt::ClassDef(c) = stmt {
            f(c);
            walk_classes(&c.body, f);
        }
    });
}

/// Whether any `return` of a function (not of nested ones) satisfies `pred`.
fn returns_any(f: &StmtFunctionDef, pred: impl Fn(&Expr) -> bool) -> bool {
    let mut found = false;
    walk_simple(&f.body, &mut |s| {
        if let Stmt::Return(r) = s
            && let Some(v) = &r.value
        {
            found |= pred(v);
        }
    });
    found
}

/// Iterating these yields DB rows: `cursor.execute(...)`, a name `cursor` or `cur`.
fn is_rows(iter: &Expr) -> bool {
    match iter {
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Attribute(a) if matches!(a.attr.as_str(), "execute" | "fetchall" | "fetchmany"))
        }
        e => last_segment(e).is_some_and(|n| matches!(n.trim_start_matches('_'), "cursor" | "cur")),
    }
}

/// `HANDLERS[kind]`, `table.get(kind)`, `getattr(obj, name)` with a key known only
/// at run time; with `lookups`, also the result of a lookup function given a run-time
/// key (`get_handler(kind)`, `registry.lookup(name)`, `handler_for(event)`).
fn selects(e: &Expr, lookups: bool) -> bool {
    match e {
        Expr::Subscript(s) => !is_constant(&s.slice),
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) if a.attr.as_str() == "get" => {
                c.arguments.args.first().is_some_and(|k| !is_constant(k))
            }
            Expr::Name(n) if n.id.as_str() == "getattr" => {
                c.arguments.args.get(1).is_some_and(|k| !is_constant(k))
            }
            f => {
                lookups
                    && last_segment(f).is_some_and(|n| is_lookup(&n))
                    && c.arguments.args.iter().any(|a| !is_constant(a))
            }
        },
        _ => false,
    }
}

/// A function named like it looks a callable up: `get_handler`, `lookup`, `find_route`,
/// `resolve`, `handler_for`.
fn is_lookup(name: &str) -> bool {
    let name = name.trim_start_matches('_').to_ascii_lowercase();
    ["get", "lookup", "find", "resolve", "select", "pick"]
        .iter()
        .any(|p| name.starts_with(p))
        || named_like_handler(&name)
}

impl<'a> Names<'a> for Finder<'a> {
    fn lookup(&self, name: &str) -> Lookup<'a> {
        match self.local(name) {
            Local::Param => Lookup::Param,
            Local::Bound(bounds, _) => match bounds {
                [Bound::Def(f)] => Lookup::Def(f),
                [Bound::Class(c)] => Lookup::Class(c),
                [Bound::Import(m, None)] => Lookup::Import((*m).to_string()),
                [Bound::Import(m, Some(n))] => Lookup::Import(format!("{m}.{n}")),
                b if b.iter().all(|b| matches!(b, Bound::Value(_))) => Lookup::Values(
                    b.iter()
                        .filter_map(|b| match b {
                            Bound::Value(v) => Some(*v),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => Lookup::Other,
            },
            Local::Module => self.module().lookup(name),
        }
    }

    fn method_context(&self) -> Option<(&'a StmtClassDef, &'a str, bool)> {
        self.scope().method
    }

    fn file(&self) -> &'a SourceFile {
        self.file
    }
}

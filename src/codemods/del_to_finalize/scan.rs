//! Reading one class's code: what a cleanup body does with `self`, where
//! attributes are stored, which names are taken.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::skip::NEEDS_INSTANCE;
use crate::source::SourceFile;
use crate::util::alone_on_lines;

pub(crate) use crate::util::first_param;

/// Direct methods of a class body, by name.
pub(crate) fn methods<'a>(body: &'a [Stmt], name: &str) -> Vec<&'a StmtFunctionDef> {
    crate::util::methods(body, name)
}

/// One `self` use in a cleanup body.
#[derive(Debug, Clone)]
pub(crate) enum Use {
    /// `self.attr` read (range of the whole attribute expression).
    Attr(String, TextRange),
    /// `getattr(self, "attr"[, default])` / `hasattr(self, "attr")` (range of the call).
    Getattr(String, TextRange, bool),
    /// `id(self)`: an int, captured at registration (range of the call).
    Id(TextRange),
    /// `source=self` in a `warnings.warn(...)` call: dropped (range to delete).
    WarnSource(TextRange),
}

impl Use {
    pub(crate) fn range(&self) -> TextRange {
        match self {
            Use::Attr(_, r) | Use::Getattr(_, r, _) | Use::Id(r) | Use::WarnSource(r) => *r,
        }
    }
    /// The attribute the use reads, if any.
    pub(crate) fn attr(&self) -> Option<&str> {
        match self {
            Use::Attr(a, _) | Use::Getattr(a, _, _) => Some(a),
            Use::Id(_) | Use::WarnSource(_) => None,
        }
    }
}

/// Walks a cleanup body: records `self` uses and the first reason it is unsafe.
pub(crate) struct BodyScan<'a> {
    pub(crate) me: &'a str,
    pub(crate) uses: Vec<Use>,
    pub(crate) problem: Option<(TextSize, String)>,
    /// Every name read or bound in the body.
    pub(crate) names: FxHashSet<String>,
    /// Whether a call's callee is `warnings.warn` (so `source=self` may be dropped).
    pub(crate) is_warn: &'a dyn Fn(&Expr) -> bool,
    /// Whether `id` is the builtin.
    pub(crate) id_builtin: bool,
    /// What the body belongs to, for messages (`__del__`, or `close` when moving a
    /// method's statements).
    pub(crate) what: &'a str,
}

impl<'a> BodyScan<'a> {
    pub(crate) fn new(
        me: &'a str,
        what: &'a str,
        is_warn: &'a dyn Fn(&Expr) -> bool,
        id_builtin: bool,
    ) -> Self {
        Self {
            me,
            uses: Vec::new(),
            problem: None,
            names: FxHashSet::default(),
            is_warn,
            id_builtin,
            what,
        }
    }
    fn fail(&mut self, at: TextSize, why: impl Into<String>) {
        if self.problem.is_none() {
            self.problem = Some((at, why.into()));
        }
    }
    fn is_me(&self, e: &Expr) -> bool {
        matches!(e, Expr::Name(n) if n.id.as_str() == self.me)
    }
    /// The attributes the body reads, in order of first use.
    pub(crate) fn needed(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for u in &self.uses {
            if let Some(a) = u.attr()
                && !out.iter().any(|o| o == a)
            {
                out.push(a.to_string());
            }
        }
        out
    }
}

impl<'a> Visitor<'a> for BodyScan<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Return(r) if r.value.is_some() => {
                let what = self.what;
                self.fail(
                    r.start(),
                    format!("`{what}` returns a value; rewrite it without `return <value>` first"),
                );
            }
            Stmt::FunctionDef(f) => {
                self.names.insert(f.name.to_string());
            }
            Stmt::ClassDef(c) => {
                self.names.insert(c.name.to_string());
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        let (me, what) = (self.me, self.what);
        match expr {
            Expr::Attribute(a) if self.is_me(&a.value) => {
                if a.attr.starts_with("__") && a.attr.ends_with("__") {
                    self.fail(
                        a.start(),
                        format!("`{what}` reads `{me}.{}`: {NEEDS_INSTANCE}", a.attr),
                    );
                } else if a.ctx != ExprContext::Load {
                    self.fail(
                        a.start(),
                        format!(
                            "`{what}` assigns or deletes `{me}.{}`; a finalizer cannot change the instance",
                            a.attr
                        ),
                    );
                } else {
                    self.uses.push(Use::Attr(a.attr.to_string(), a.range()));
                }
                return;
            }
            Expr::Call(c) => {
                if let Expr::Attribute(a) = &*c.func
                    && self.is_me(&a.value)
                {
                    self.fail(
                        c.start(),
                        format!("`{what}` calls `{me}.{}()`: {NEEDS_INSTANCE}", a.attr),
                    );
                    return;
                }
                if let Expr::Name(f) = &*c.func
                    && matches!(f.id.as_str(), "getattr" | "hasattr")
                    && c.arguments.keywords.is_empty()
                    && c.arguments.args.first().is_some_and(|a| self.is_me(a))
                    && let Some(Expr::StringLiteral(s)) = c.arguments.args.get(1)
                {
                    let n = c.arguments.args.len();
                    let ok = if f.id.as_str() == "hasattr" {
                        n == 2
                    } else {
                        n == 2 || n == 3
                    };
                    let attr = s.value.to_str().to_string();
                    if ok && is_identifier(&attr) {
                        self.uses
                            .push(Use::Getattr(attr, c.range(), f.id.as_str() == "hasattr"));
                        for extra in c.arguments.args.iter().skip(2) {
                            self.visit_expr(extra);
                        }
                        return;
                    }
                }
                // `id(self)` is an int: it never refers to the instance.
                if self.id_builtin
                    && matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "id")
                    && c.arguments.keywords.is_empty()
                    && matches!(c.arguments.args.as_ref(), [a] if self.is_me(a))
                {
                    self.uses.push(Use::Id(c.range()));
                    return;
                }
                // `warnings.warn(..., source=self)`: the one argument that cannot be kept.
                if (self.is_warn)(&c.func)
                    && let Some(r) = source_self(c, self.me)
                {
                    self.uses.push(Use::WarnSource(r));
                    self.visit_expr(&c.func);
                    for a in &c.arguments.args {
                        self.visit_expr(a);
                    }
                    for k in &c.arguments.keywords {
                        if k.arg.as_deref() != Some("source") {
                            self.visit_expr(&k.value);
                        }
                    }
                    return;
                }
            }
            Expr::Name(n) => {
                self.names.insert(n.id.to_string());
                if n.id.as_str() == me {
                    self.fail(
                        n.start(),
                        format!("`{what}` passes `{me}` on: {NEEDS_INSTANCE}"),
                    );
                } else if n.id.as_str() == "super" {
                    self.fail(n.start(), format!("`{what}` uses `super()`: the base class cleanup needs the instance; convert the base class first or keep `__del__`"));
                } else if n.id.as_str() == "__class__" {
                    self.fail(
                        n.start(),
                        format!("`{what}` uses `__class__`, which a static cleanup function does not have"),
                    );
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_) => {
                self.fail(
                    expr.start(),
                    format!("`{what}` yields or awaits, which a finalizer cannot do"),
                );
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// The range to delete for a `source=self` keyword (with its comma).
fn source_self(c: &ast::ExprCall, me: &str) -> Option<TextRange> {
    let args: Vec<ast::ArgOrKeyword> = c.arguments.iter_source_order().collect();
    let i = args.iter().position(|a| {
        matches!(a, ast::ArgOrKeyword::Keyword(k)
            if k.arg.as_deref() == Some("source")
                && matches!(&k.value, Expr::Name(n) if n.id.as_str() == me))
    })?;
    let kw = args[i].range();
    if i > 0 {
        Some(TextRange::new(args[i - 1].end(), kw.end()))
    } else if let Some(next) = args.get(1) {
        Some(TextRange::new(kw.start(), next.start()))
    } else {
        Some(kw)
    }
}

pub(crate) fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && c.all(|c| c.is_alphanumeric() || c == '_')
}

/// Whether a body does nothing: only `pass`, `...`, docstrings (string
/// expressions) and bare `return` / `return None`.
pub(crate) fn does_nothing(body: &[Stmt]) -> bool {
    body.iter().all(|s| match s {
        Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(
            &*e.value,
            Expr::StringLiteral(_) | Expr::EllipsisLiteral(_) | Expr::NoneLiteral(_)
        ),
        Stmt::Return(r) => r
            .value
            .as_deref()
            .is_none_or(|v| matches!(v, Expr::NoneLiteral(_))),
        _ => false,
    })
}

/// Every store/delete of `<self>.attr` in a function (nested functions included);
/// `setattr(self, "x", ...)` counts too, and `*` stands for a dynamic `setattr`.
pub(crate) fn stores_in(func: &StmtFunctionDef) -> Vec<(String, TextRange)> {
    struct Stores<'m> {
        me: &'m str,
        found: Vec<(String, TextRange)>,
    }
    impl<'a> Visitor<'a> for Stores<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Attribute(a)
                    if a.ctx != ExprContext::Load
                        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.me) =>
                {
                    self.found.push((a.attr.to_string(), a.range()));
                }
                Expr::Call(c) => {
                    // `setattr(self, "x", …)`, `delattr(self, "x")`,
                    // `object.__setattr__(self, "x", …)`, `self.__setattr__("x", …)`,
                    // `super().__setattr__("x", …)`: (index of the name, receiver is self).
                    let is_me = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == self.me);
                    let args = &c.arguments.args;
                    let name_at = match &*c.func {
                        Expr::Name(n) if matches!(n.id.as_str(), "setattr" | "delattr") => {
                            args.first().is_some_and(is_me).then_some(1)
                        }
                        Expr::Attribute(a)
                            if matches!(a.attr.as_str(), "__setattr__" | "__delattr__") =>
                        {
                            let on_me = is_me(&a.value)
                                || matches!(&*a.value, Expr::Call(s) if matches!(&*s.func, Expr::Name(n) if n.id.as_str() == "super"));
                            if on_me {
                                Some(0)
                            } else {
                                args.first().is_some_and(is_me).then_some(1)
                            }
                        }
                        _ => None,
                    };
                    if let Some(i) = name_at {
                        match args.get(i) {
                            Some(Expr::StringLiteral(s)) => {
                                self.found.push((s.value.to_str().to_string(), c.range()));
                            }
                            _ => self.found.push(("*".to_string(), c.range())),
                        }
                    }
                }
                _ => {}
            }
            visitor::walk_expr(self, expr);
        }
    }
    let Some(me) = first_param(func) else {
        return Vec::new();
    };
    let mut s = Stores {
        me,
        found: Vec::new(),
    };
    s.visit_body(&func.body);
    s.found
}

/// Whether `t` (an assignment target) stores `<me>.attr`.
pub(crate) fn target_stores(t: &Expr, me: &str, attr: &str) -> bool {
    let check = |e: &Expr| matches!(e, Expr::Attribute(a) if a.attr.as_str() == attr && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me));
    match t {
        Expr::Tuple(t) => t.elts.iter().any(check),
        Expr::List(t) => t.elts.iter().any(check),
        _ => check(t),
    }
}

/// The top-level `__init__` statements that assign `self.attr` (plain or annotated
/// assignment), by index.
pub(crate) fn top_level_assignments(init: &StmtFunctionDef, me: &str, attr: &str) -> Vec<usize> {
    init.body
        .iter()
        .enumerate()
        .filter(|(_, s)| match s {
            Stmt::Assign(a) => a.targets.iter().any(|t| target_stores(t, me, attr)),
            Stmt::AnnAssign(a) => a.value.is_some() && target_stores(&a.target, me, attr),
            _ => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// The first top-level `__init__` statement that assigns `self.attr`.
pub(crate) fn top_level_assignment(init: &StmtFunctionDef, me: &str, attr: &str) -> Option<usize> {
    top_level_assignments(init, me, attr).first().copied()
}

/// The value assigned by an assignment statement.
pub(crate) fn assigned_value(stmt: &Stmt) -> Option<&Expr> {
    match stmt {
        Stmt::Assign(a) => Some(&a.value),
        Stmt::AnnAssign(a) => a.value.as_deref(),
        _ => None,
    }
}

/// Whether any `return` appears in the statements (nested blocks included, nested
/// functions excluded).
pub(crate) fn has_return(stmts: &[Stmt]) -> Option<TextSize> {
    struct R(Option<TextSize>);
    impl<'b> Visitor<'b> for R {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            match s {
                Stmt::Return(r) => {
                    self.0.get_or_insert(r.start());
                }
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => visitor::walk_stmt(self, s),
            }
        }
    }
    let mut r = R(None);
    r.visit_body(stmts);
    r.0
}

/// Names defined at class level (methods, assignments).
pub(crate) fn class_level_names(class: &StmtClassDef) -> Vec<(String, &Stmt)> {
    let mut out = Vec::new();
    for stmt in &class.body {
        match stmt {
            Stmt::FunctionDef(f) => out.push((f.name.to_string(), stmt)),
            Stmt::ClassDef(c) => out.push((c.name.to_string(), stmt)),
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        out.push((n.id.to_string(), stmt));
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    out.push((n.id.to_string(), stmt));
                }
            }
            _ => {}
        }
    }
    out
}

/// `__slots__` entries, or `None` if the class does not define `__slots__`.
/// `Some(None)` means defined but not a literal sturdy can read.
pub(crate) fn slots(class: &StmtClassDef) -> Option<Option<Vec<String>>> {
    for stmt in &class.body {
        let (targets, value): (Vec<&Expr>, &Expr) = match stmt {
            Stmt::Assign(a) => (a.targets.iter().collect(), &a.value),
            Stmt::AnnAssign(a) if a.value.is_some() => {
                (vec![&*a.target], a.value.as_deref().expect("value"))
            }
            _ => continue,
        };
        if !targets
            .iter()
            .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__slots__"))
        {
            continue;
        }
        let elts: &[Expr] = match value {
            Expr::Tuple(t) => &t.elts,
            Expr::List(l) => &l.elts,
            Expr::StringLiteral(s) => return Some(Some(vec![s.value.to_str().to_string()])),
            _ => return Some(None),
        };
        let mut names = Vec::new();
        for e in elts {
            match e {
                Expr::StringLiteral(s) => names.push(s.value.to_str().to_string()),
                _ => return Some(None),
            }
        }
        return Some(Some(names));
    }
    None
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
    let mut a = A(class_level_names(class)
        .into_iter()
        .map(|(n, _)| n)
        .collect());
    a.visit_body(&class.body);
    a.0
}

/// An argument the direct form can pass as is.
pub(crate) fn is_simple_arg(e: &Expr, me: &str) -> bool {
    match e {
        Expr::Attribute(a) => matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me),
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        _ => false,
    }
}

/// Whether `name` occurs in `e`.
pub(crate) fn mentions(e: &Expr, name: &str) -> bool {
    ruff_python_ast::helpers::any_over_expr(
        e,
        &|e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name),
    )
}

/// Whether a value assigned in `__init__` may refer to the instance: it mentions
/// `me` other than as `me.attr` reads of attributes in `independent` (instance data
/// assigned earlier from values that do not refer to it). `self.proc.stdin` holds
/// what the process object holds, not the instance; `self.on_close` (a bound
/// method), `[Binder(self)]` or `lambda: self` do refer to it.
pub(crate) fn may_refer_to_instance(e: &Expr, me: &str, independent: &[String]) -> bool {
    struct W<'a> {
        me: &'a str,
        ok: &'a [String],
        refers: bool,
    }
    impl<'b> Visitor<'b> for W<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.me) => {
                    if !self.ok.iter().any(|o| o == a.attr.as_str()) {
                        self.refers = true;
                    }
                }
                Expr::Name(n) if n.id.as_str() == self.me => self.refers = true,
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut w = W {
        me,
        ok: independent,
        refers: false,
    };
    w.visit_expr(e);
    w.refers
}

/// Leading statements of `__del__` of the form `name = self.attr` or
/// `name = getattr(self, "attr"[, default])` where `name` is `attr` without leading
/// underscores: (attr, name, statement range).
pub(crate) fn leading_aliases(
    file: &SourceFile,
    body: &[Stmt],
    me: &str,
) -> Vec<(String, String, TextRange)> {
    let mut out = Vec::new();
    let body = body
        .iter()
        .skip_while(|s| ruff_python_ast::helpers::is_docstring_stmt(s));
    for stmt in body {
        let Stmt::Assign(a) = stmt else { break };
        let [Expr::Name(target)] = a.targets.as_slice() else {
            break;
        };
        let attr = match &*a.value {
            Expr::Attribute(at) if matches!(&*at.value, Expr::Name(n) if n.id.as_str() == me) => {
                at.attr.to_string()
            }
            Expr::Call(c)
                if matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "getattr")
                    && c.arguments.keywords.is_empty()
                    && (2..=3).contains(&c.arguments.args.len())
                    && matches!(&c.arguments.args[0], Expr::Name(n) if n.id.as_str() == me)
                    && c.arguments
                        .args
                        .get(2)
                        .is_none_or(|d| !matches!(d, Expr::Call(_))) =>
            {
                match &c.arguments.args[1] {
                    Expr::StringLiteral(s) => s.value.to_str().to_string(),
                    _ => break,
                }
            }
            _ => break,
        };
        if target.id.as_str() != attr.trim_start_matches('_') || !alone_on_lines(file, stmt.range())
        {
            break;
        }
        out.push((attr, target.id.to_string(), stmt.range()));
    }
    out
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
            match s {
                Stmt::FunctionDef(f) => {
                    self.0.insert(f.name.to_string());
                    return;
                }
                Stmt::ClassDef(c) => {
                    self.0.insert(c.name.to_string());
                    return;
                }
                Stmt::Import(i) => {
                    for a in &i.names {
                        let n = a.asname.as_ref().map_or_else(
                            || a.name.split('.').next().unwrap_or_default().to_string(),
                            ToString::to_string,
                        );
                        self.0.insert(n);
                    }
                }
                Stmt::ImportFrom(i) => {
                    for a in &i.names {
                        self.0
                            .insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                    }
                }
                Stmt::Global(g) => self.0.extend(g.names.iter().map(ToString::to_string)),
                Stmt::Nonlocal(g) => self.0.extend(g.names.iter().map(ToString::to_string)),
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
                Stmt::Try(t) => {
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        if let Some(n) = &h.name {
                            self.0.insert(n.to_string());
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

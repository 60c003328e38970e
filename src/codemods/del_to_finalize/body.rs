//! Reading a cleanup body (`__del__`, or a method whose statements move into a
//! cleanup function): what it does with `self`, the first reason it cannot run
//! without the instance, and the leading aliases of its attributes.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::skip::NEEDS_INSTANCE;
use crate::source::SourceFile;
use crate::util::alone_on_lines;

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
    /// `self.__class__.__name__` (`via_class`) or `type(self).__name__`, or
    /// `__qualname__` (the attribute): fixed for the instance's lifetime when
    /// [`super::fixed::check`] holds, so evaluated at registration.
    TypeName {
        range: TextRange,
        via_class: bool,
        attr: String,
    },
}

impl Use {
    pub(crate) fn range(&self) -> TextRange {
        match self {
            Use::Attr(_, r) | Use::Getattr(_, r, _) | Use::Id(r) | Use::WarnSource(r) => *r,
            Use::TypeName { range, .. } => *range,
        }
    }
    /// The attribute the use reads, if any.
    pub(crate) fn attr(&self) -> Option<&str> {
        match self {
            Use::Attr(a, _) | Use::Getattr(a, _, _) => Some(a),
            Use::Id(_) | Use::WarnSource(_) | Use::TypeName { .. } => None,
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
    /// Statements not scanned (dropped from the cleanup: dead stores), by range.
    pub(crate) skip: Vec<TextRange>,
    /// Attributes that hold a callable stored in `__init__` (`self.p = print`):
    /// `self.p(...)` reads the attribute, it calls no method of the instance.
    pub(crate) called_attrs: FxHashSet<String>,
    /// The class's `@staticmethod`s: `self.m(...)` does not need the instance.
    pub(crate) static_methods: FxHashSet<String>,
    /// Whether `self.__class__.__name__` and `type(self).__name__` (or
    /// `__qualname__`) are read as [`Use::TypeName`]; `type_builtin`: whether
    /// `type` is the builtin.
    pub(crate) type_names: bool,
    pub(crate) type_builtin: bool,
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
            skip: Vec::new(),
            called_attrs: FxHashSet::default(),
            static_methods: FxHashSet::default(),
            type_names: false,
            type_builtin: false,
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
    /// `self.__class__` (`Some(true)`) or `type(self)` with the builtin `type`
    /// (`Some(false)`).
    fn type_of_me(&self, e: &Expr) -> Option<bool> {
        match e {
            Expr::Attribute(c) if c.attr.as_str() == "__class__" && self.is_me(&c.value) => {
                Some(true)
            }
            Expr::Call(c)
                if self.type_builtin
                    && matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "type")
                    && c.arguments.keywords.is_empty()
                    && matches!(c.arguments.args.as_ref(), [a] if self.is_me(a)) =>
            {
                Some(false)
            }
            _ => None,
        }
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
        if self.skip.contains(&stmt.range()) {
            return;
        }
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
        if self.type_names
            && let Expr::Attribute(a) = expr
            && matches!(a.attr.as_str(), "__name__" | "__qualname__")
            && a.ctx == ExprContext::Load
            && let Some(via_class) = self.type_of_me(&a.value)
        {
            self.uses.push(Use::TypeName {
                range: a.range(),
                via_class,
                attr: a.attr.to_string(),
            });
            return;
        }
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
                    && !self.called_attrs.contains(a.attr.as_str())
                {
                    if self.static_methods.contains(a.attr.as_str()) {
                        self.fail(
                            c.start(),
                            format!(
                                "`{what}` calls the static method `{}` through `{me}`; call it on the class instead (`ClassName.{}(...)`) and re-run",
                                a.attr, a.attr
                            ),
                        );
                        return;
                    }
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

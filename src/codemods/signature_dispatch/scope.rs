//! The names one function (or lambda, or the module) binds, collected once, the
//! first time a candidate call in it asks.

use std::cell::OnceCell;

use rustc_hash::{FxHashMap, FxHashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Parameters, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::TextSize;

/// How a local name is bound.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Bound<'a> {
    /// `name = value`, `name: T = value`, `(name := value)`.
    Value(&'a Expr),
    /// `for name in iter` (also inside a tuple target).
    Loop(&'a Expr),
    Def(&'a StmtFunctionDef),
    Class(&'a StmtClassDef),
    /// `import x`, `from m import x`: the qualified name.
    Import(&'a str, Option<&'a str>),
    /// Anything else (`with ... as name`, `except ... as name`, augmented assignment).
    Other,
}

/// What a function body binds.
#[derive(Default)]
pub(crate) struct Collected<'a> {
    pub(crate) bindings: FxHashMap<&'a str, Vec<Bound<'a>>>,
    /// Annotations of local names (`x: T = ...`).
    pub(crate) annotations: FxHashMap<&'a str, &'a Expr>,
    /// Names whose mapping is changed in place: `x[k] = v`, `x.update(...)`,
    /// `x.setdefault(...)`, `x |= ...`, `del x[k]`.
    pub(crate) mutated: FxHashSet<&'a str>,
}

/// A function, lambda or the module, as a candidate call inside it sees it.
pub(crate) struct Scope<'a> {
    /// Parameters and their annotations (none for the module).
    pub(crate) params: Vec<(&'a str, Option<&'a Expr>)>,
    /// The `**` parameter.
    pub(crate) kwarg: Option<&'a str>,
    body: &'a [Stmt],
    /// For a method: its class, its first parameter, and whether that is the class.
    pub(crate) method: Option<(&'a StmtClassDef, &'a str, bool)>,
    /// `try` statements whose body the visitor is in and whose handler catches
    /// `TypeError`, and `with suppress(TypeError)` blocks: (`try` or `with`, start,
    /// the clause).
    pub(crate) catches: Vec<(&'static str, TextSize, String)>,
    /// Test parameterisation covering the whole scope: (what, where).
    pub(crate) test: Option<(String, TextSize)>,
    /// `with self.subTest(...)` blocks the visitor is in.
    pub(crate) subtests: Vec<TextSize>,
    /// The function's own definition, when it is one.
    pub(crate) def: Option<&'a StmtFunctionDef>,
    collected: OnceCell<Collected<'a>>,
    /// Local names derived from the enclosing functions' own `**` parameters.
    derived: OnceCell<FxHashSet<&'a str>>,
}

impl<'a> Scope<'a> {
    pub(crate) fn module(body: &'a [Stmt]) -> Self {
        Self::new(None, body)
    }

    pub(crate) fn new(params: Option<&'a Parameters>, body: &'a [Stmt]) -> Self {
        let params_list = params
            .map(|p| {
                p.posonlyargs
                    .iter()
                    .chain(&p.args)
                    .chain(&p.kwonlyargs)
                    .map(|a| (a.parameter.name.as_str(), a.parameter.annotation.as_deref()))
                    .chain(p.vararg.iter().map(|v| (v.name.as_str(), None)))
                    .chain(p.kwarg.iter().map(|k| (k.name.as_str(), None)))
                    .collect()
            })
            .unwrap_or_default();
        Scope {
            params: params_list,
            kwarg: params
                .and_then(|p| p.kwarg.as_ref())
                .map(|k| k.name.as_str()),
            body,
            method: None,
            catches: Vec::new(),
            test: None,
            subtests: Vec::new(),
            def: None,
            collected: OnceCell::new(),
            derived: OnceCell::new(),
        }
    }

    pub(crate) fn is_param(&self, name: &str) -> bool {
        self.params.iter().any(|(p, _)| *p == name)
    }

    pub(crate) fn collected(&self) -> &Collected<'a> {
        self.collected.get_or_init(|| {
            let mut c = Collector(Collected::default());
            c.visit_body(self.body);
            c.0
        })
    }

    /// Local names derived from `sources` (the `**` parameters of this and the
    /// enclosing functions): assigned from an expression that mentions one of them or
    /// a name already derived (`kw = kwargs.copy()`, `opts = {**kwargs, "a": 1}`,
    /// `opts = prepare(kwargs)`).
    pub(crate) fn derived(&self, sources: &[&'a str]) -> &FxHashSet<&'a str> {
        self.derived.get_or_init(|| {
            let mut set: FxHashSet<&'a str> = sources.iter().copied().collect();
            if set.is_empty() {
                return set;
            }
            let bindings = &self.collected().bindings;
            loop {
                let before = set.len();
                for (name, bounds) in bindings {
                    if set.contains(name) {
                        continue;
                    }
                    if bounds.iter().any(|b| match b {
                        Bound::Value(v) | Bound::Loop(v) => mentions_any(v, &set),
                        _ => false,
                    }) {
                        set.insert(name);
                    }
                }
                if set.len() == before {
                    return set;
                }
            }
        })
    }
}

/// Whether `e` mentions one of `names` (looks at a bounded number of nodes, so that
/// deeply nested expressions cost linear time; nothing found past the bound).
pub(crate) fn mentions_any(e: &Expr, names: &FxHashSet<&str>) -> bool {
    struct M<'n, 'b> {
        names: &'n FxHashSet<&'b str>,
        found: bool,
        budget: usize,
    }
    impl<'e> Visitor<'e> for M<'_, '_> {
        fn visit_expr(&mut self, e: &'e Expr) {
            if self.found || self.budget == 0 {
                return;
            }
            self.budget -= 1;
            match e {
                Expr::Name(n) => self.found = self.names.contains(n.id.as_str()),
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut m = M {
        names,
        found: false,
        budget: 64,
    };
    m.visit_expr(e);
    m.found
}

struct Collector<'a>(Collected<'a>);

impl<'a> Collector<'a> {
    fn bind(&mut self, name: &'a str, b: Bound<'a>) {
        self.0.bindings.entry(name).or_default().push(b);
    }

    fn target(&mut self, target: &'a Expr, bound: Bound<'a>) {
        match target {
            Expr::Name(n) => self.bind(n.id.as_str(), bound),
            Expr::Tuple(t) => {
                let each = if matches!(bound, Bound::Loop(_)) {
                    bound
                } else {
                    Bound::Other
                };
                t.elts.iter().for_each(|e| self.target(e, each));
            }
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e, Bound::Other)),
            Expr::Starred(s) => self.target(&s.value, Bound::Other),
            // `x["key"] = v` adds a key written here; `x[k] = v` one known at run time.
            Expr::Subscript(s) => {
                if let Expr::Name(n) = &*s.value
                    && !matches!(&*s.slice, Expr::StringLiteral(_))
                {
                    self.0.mutated.insert(n.id.as_str());
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Collector<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.bind(f.name.as_str(), Bound::Def(f));
                // Decorators and defaults run here; the body does not.
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                return;
            }
            Stmt::ClassDef(c) => {
                self.bind(c.name.as_str(), Bound::Class(c));
                return;
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.target(t, Bound::Value(&a.value));
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    self.0.annotations.insert(n.id.as_str(), &a.annotation);
                    if let Some(v) = &a.value {
                        self.bind(n.id.as_str(), Bound::Value(v));
                    }
                }
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    self.0.mutated.insert(n.id.as_str());
                }
                self.target(&a.target, Bound::Other);
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    if let Expr::Subscript(s) = t
                        && let Expr::Name(n) = &*s.value
                    {
                        self.0.mutated.insert(n.id.as_str());
                    }
                }
            }
            Stmt::For(f) => self.target(&f.target, Bound::Loop(&f.iter)),
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.target(v, Bound::Other);
                    }
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    match &a.asname {
                        Some(n) => self.bind(n.as_str(), Bound::Import(a.name.as_str(), None)),
                        None => {
                            let top = a.name.split('.').next().unwrap_or_default();
                            self.bind(top, Bound::Import(top, None));
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let bound = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    let module = i.module.as_ref().map_or("", |m| m.as_str());
                    if i.level == 0 {
                        self.bind(bound, Bound::Import(module, Some(a.name.as_str())));
                    } else {
                        self.bind(bound, Bound::Other);
                    }
                }
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bind(n.as_str(), Bound::Other);
                    }
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.bind(n.as_str(), Bound::Other);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.bind(n.as_str(), Bound::Other);
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Lambda(_) => return,
            Expr::Named(n) => self.target(&n.target, Bound::Value(&n.value)),
            Expr::Call(c) => {
                if let Expr::Attribute(a) = &*c.func
                    && matches!(a.attr.as_str(), "update" | "setdefault" | "__setitem__")
                    && let Expr::Name(n) = &*a.value
                {
                    self.0.mutated.insert(n.id.as_str());
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, e);
    }
}

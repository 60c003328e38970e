//! Facts every file of the project contributes for other files' candidates, kept
//! in the run's name-keyed [`Facts`] under qualified names:
//! - explicit `__del__` calls, by what sturdy can tell of the receiver;
//! - for classes with a base: the methods they define and whether their
//!   `__init__` skips the base one (the hierarchy lists the subclasses; these say
//!   what those subclasses do).

use rustc_hash::FxHashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::codemods::{Facts, location};
use crate::semantic::Base;
use crate::semantic::bindings::Bindings;
use crate::source::{Marks, SourceFile};
use crate::util::contains;

/// `super().__del__()` in a method of the class named by the fact.
pub(crate) const SUPER_DEL: &str = "del-to-finalize/super-del-call";
/// `self.__del__()` in a method of the class named by the fact.
pub(crate) const SELF_DEL: &str = "del-to-finalize/self-del-call";
/// `Cls.__del__(obj)`, or `obj.__del__()` with `obj = Cls(...)`: `Cls` as the
/// calling module resolves it (possibly a re-export).
pub(crate) const CLASS_DEL: &str = "del-to-finalize/class-del-call";
/// An explicit call on an object sturdy cannot type: keyed by every module and
/// name the calling file imports (and the calling module itself).
pub(crate) const UNTYPED_DEL: &str = "del-to-finalize/untyped-del-call";
/// Whether any [`CLASS_DEL`] / [`UNTYPED_DEL`] fact exists (key [`ANY`]).
pub(crate) const CLASS_DEL_ANY: &str = "del-to-finalize/class-del-call-any";
pub(crate) const UNTYPED_DEL_ANY: &str = "del-to-finalize/untyped-del-call-any";
pub(crate) const ANY: &str = "*";
/// A class (with a base) whose `__init__` does not call a base `__init__`.
pub(crate) const INIT_NO_SUPER: &str = "del-to-finalize/init-without-super";

/// `{class}:{method}`: `__post_init__` or `__getattribute__` defined by any class
/// (with or without a base): what a dataclass's finalizer in `__post_init__`, and a
/// class name read through the instance, depend on.
pub(crate) const HOOK_METHOD: &str = "del-to-finalize/hook-method";
/// `{class}:{name}`: a class-level name (method, assignment, nested class) that starts
/// with `_finalizer`, in any class: the attribute a conversion stores must not shadow
/// an ancestor's or a subclass's.
pub(crate) const FINALIZER_NAME: &str = "del-to-finalize/finalizer-name";
/// The methods recorded as [`HOOK_METHOD`] facts.
pub(crate) const HOOK_METHODS: &[&str] = &["__post_init__", "__getattribute__"];

/// The key of a [`METHOD`] fact.
pub(crate) fn method_key(class: &str, method: &str) -> String {
    let mut key = String::with_capacity(class.len() + 1 + method.len());
    key.push_str(class);
    key.push(':');
    key.push_str(method);
    key
}

/// Record the file's facts.
pub(crate) fn record(file: &SourceFile, facts: &mut Facts) {
    let m = file.marks();
    let calls = !m.dunder_del.is_empty() && contains(&file.text, ".__del__");
    if m.class_keywords.is_empty() && !calls {
        return;
    }
    let bindings = calls.then(|| Bindings::collect(&file.module, file.is_package, file.suite()));
    let mut w = Walker {
        file,
        facts,
        bindings: bindings.as_ref(),
        calls,
        scopes: Vec::new(),
        reach: None,
    };
    w.block(file.suite());
}

enum Scope {
    Class(String),
    Function {
        qual: String,
        /// The first parameter, when the function is a method (its class's qualname).
        method_of: Option<(String, String)>,
        /// Local names: `Some(qual)` for `x = Cls(...)` / local classes, `None` for
        /// anything else bound in the function.
        locals: FxHashMap<String, Option<String>>,
    },
}

struct Walker<'a, 'f> {
    file: &'a SourceFile,
    facts: &'f mut Facts,
    bindings: Option<&'a Bindings>,
    /// Whether the file has `.__del__` calls to look for.
    calls: bool,
    scopes: Vec<Scope>,
    /// What the file imports, computed on the first untyped call.
    reach: Option<Vec<String>>,
}

impl Walker<'_, '_> {
    /// The qualified name of `name` defined in the innermost scope.
    fn qualify(&self, name: &str) -> String {
        let (outer, locals) = match self.scopes.last() {
            None => (self.file.module.as_str(), ""),
            Some(Scope::Class(q)) => (q.as_str(), ""),
            Some(Scope::Function { qual, .. }) => (qual.as_str(), ".<locals>"),
        };
        let mut q = String::with_capacity(outer.len() + locals.len() + 1 + name.len());
        q.push_str(outer);
        q.push_str(locals);
        q.push('.');
        q.push_str(name);
        q
    }

    fn block(&mut self, body: &[Stmt]) {
        if self.calls {
            for stmt in body {
                self.stmt(stmt);
            }
            return;
        }
        // Without calls to look for, only the statements holding a `class` keyword
        // act (`stmt` passes over the others): find them from the marks, in order.
        let (Some(first), Some(last)) = (body.first(), body.last()) else {
            return;
        };
        let marks = &self.file.marks().class_keywords;
        let mut from = marks.partition_point(|&o| o < first.start());
        while let Some(&at) = marks.get(from)
            && at < last.end()
        {
            let k = body.partition_point(|s| s.end() <= at);
            match body.get(k) {
                Some(s) if s.start() <= at => {
                    self.stmt(s);
                    from += marks[from..].partition_point(|&o| o < s.end());
                }
                _ => from += 1,
            }
        }
    }

    fn wanted(&self, r: TextRange) -> bool {
        let m = self.file.marks();
        Marks::within(&m.class_keywords, r) || (self.calls && Marks::within(&m.dunder_del, r))
    }

    fn stmt(&mut self, stmt: &Stmt) {
        // What a statement binds types later receivers in the same function.
        if self.calls && !matches!(stmt, Stmt::ClassDef(_) | Stmt::FunctionDef(_)) {
            self.locals_of(stmt);
        }
        if !self.wanted(stmt.range()) {
            return;
        }
        match stmt {
            Stmt::ClassDef(c) => self.class(c),
            Stmt::FunctionDef(f) => self.function(f),
            _ => {
                if self.calls {
                    let mut calls = DelCalls(Vec::new());
                    visit_own_exprs(stmt, &mut calls);
                    for call in calls.0 {
                        self.del_call(call);
                    }
                }
                walk_children(stmt, |b| self.block(b));
            }
        }
    }

    fn class(&mut self, c: &ast::StmtClassDef) {
        let qual = self.qualify(&c.name);
        // Locals type the receivers of `__del__` calls: kept only when there are some.
        if self.calls
            && let Some(Scope::Function { locals, .. }) = self.scopes.last_mut()
        {
            locals.insert(c.name.to_string(), Some(qual.clone()));
        }
        let file = self.file;
        for s in &c.body {
            let mut finalizer_name = |name: &str| {
                if name.starts_with("_finalizer") {
                    self.facts.add_owned_at(
                        FINALIZER_NAME,
                        method_key(&qual, name),
                        file,
                        s.start(),
                    );
                }
            };
            match s {
                Stmt::FunctionDef(f) => finalizer_name(&f.name),
                Stmt::ClassDef(n) => finalizer_name(&n.name),
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if let Some(n) = t.as_name_expr() {
                            finalizer_name(&n.id);
                        }
                    }
                }
                Stmt::AnnAssign(a) => {
                    if let Some(n) = a.target.as_name_expr() {
                        finalizer_name(&n.id);
                    }
                }
                _ => {}
            }
            if let Stmt::FunctionDef(f) = s
                && HOOK_METHODS.contains(&f.name.as_str())
            {
                self.facts
                    .add_owned_at(HOOK_METHOD, method_key(&qual, &f.name), file, f.start());
            }
        }
        if crate::semantic::index::has_base(c) {
            let mut init_without_super = false;
            for s in &c.body {
                let Stmt::FunctionDef(f) = s else { continue };
                if f.name.as_str() == "__init__" {
                    // A text test first: an `__init__` whose text never says
                    // `__init__` again cannot call the base one.
                    let body = TextRange::new(f.body[0].start(), f.end());
                    init_without_super |=
                        !self.file.slice(body).contains("__init__") || !calls_init(&f.body);
                }
            }
            if init_without_super {
                self.facts
                    .add_at(INIT_NO_SUPER, &qual, self.file, c.start());
            }
        }
        if self.calls {
            for d in &c.decorator_list {
                let mut calls = DelCalls(Vec::new());
                calls.visit_expr(&d.expression);
                for call in calls.0 {
                    self.del_call(call);
                }
            }
        }
        self.scopes.push(Scope::Class(qual));
        self.block(&c.body);
        self.scopes.pop();
    }

    fn function(&mut self, f: &ast::StmtFunctionDef) {
        // The method's class and first parameter, and the locals, type the receivers of
        // `__del__` calls: only when there are some (else only the name is needed, to
        // qualify the classes defined inside).
        let calls = self.calls;
        if calls && let Some(Scope::Function { locals, .. }) = self.scopes.last_mut() {
            locals.insert(f.name.to_string(), None);
        }
        let method_of = match self.scopes.last() {
            Some(Scope::Class(q)) if calls => {
                crate::util::first_param(f).map(|p| (q.clone(), p.to_string()))
            }
            _ => None,
        };
        let qual = self.qualify(&f.name);
        let mut locals = FxHashMap::default();
        if calls {
            for p in f.parameters.iter() {
                locals.insert(p.name().to_string(), None);
            }
        }
        self.scopes.push(Scope::Function {
            qual,
            method_of,
            locals,
        });
        self.block(&f.body);
        self.scopes.pop();
    }

    /// Record what a statement binds in the enclosing function (`x = Cls(...)` types `x`).
    fn locals_of(&mut self, stmt: &Stmt) {
        let typed = |w: &Self, value: &Expr| -> Option<String> {
            let Expr::Call(call) = value else { return None };
            w.resolve(&call.func)
        };
        let mut bound: Vec<(String, Option<String>)> = Vec::new();
        match stmt {
            Stmt::Assign(a) => {
                let t = typed(self, &a.value);
                for target in &a.targets {
                    names_in_target(target, &mut |n| bound.push((n.to_string(), None)));
                    if let (Expr::Name(n), Some(q)) = (target, &t) {
                        bound.retain(|(b, _)| b != n.id.as_str());
                        bound.push((n.id.to_string(), Some(q.clone())));
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                names_in_target(&a.target, &mut |n| bound.push((n.to_string(), None)));
            }
            Stmt::AugAssign(a) => {
                names_in_target(&a.target, &mut |n| bound.push((n.to_string(), None)));
            }
            Stmt::For(s) => names_in_target(&s.target, &mut |n| bound.push((n.to_string(), None))),
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        let t = typed(self, &item.context_expr);
                        match (&**v, t) {
                            (Expr::Name(n), Some(q)) => bound.push((n.id.to_string(), Some(q))),
                            (v, _) => {
                                names_in_target(v, &mut |n| bound.push((n.to_string(), None)))
                            }
                        }
                    }
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().map_or_else(
                        || a.name.split('.').next().unwrap_or_default().to_string(),
                        ToString::to_string,
                    );
                    bound.push((n, None));
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    bound.push((a.asname.as_ref().unwrap_or(&a.name).to_string(), None));
                }
            }
            _ => {}
        }
        if let Some(Scope::Function { locals, .. }) = self.scopes.last_mut() {
            for (n, q) in bound {
                // A name bound twice, differently, is untyped.
                match locals.get(&n) {
                    Some(old) if *old != q => {
                        locals.insert(n, None);
                    }
                    _ => {
                        locals.insert(n, q);
                    }
                }
            }
        }
    }

    /// The qualified name of a class expression, if sturdy can tell.
    fn resolve(&self, e: &Expr) -> Option<String> {
        let bindings = self.bindings?;
        let local = |name: &str| -> Option<Option<Box<str>>> {
            for s in self.scopes.iter().rev() {
                if let Scope::Function { locals, .. } = s
                    && let Some(q) = locals.get(name)
                {
                    return Some(q.as_deref().map(Into::into));
                }
            }
            None
        };
        match bindings.resolve_with(e, &local) {
            Base::Qual(q) => Some(q.to_string()),
            Base::Unknown(_) => None,
        }
    }

    fn del_call(&mut self, a: &ast::ExprAttribute) {
        let loc = location(self.file, a.start());
        let receiver = &*a.value;
        // `super().__del__()` / `super(C, self).__del__()`.
        if let Expr::Call(inner) = receiver
            && matches!(&*inner.func, Expr::Name(n) if n.id.as_str() == "super")
        {
            if let Some(c) = self.enclosing_class().map(str::to_string) {
                self.facts.add(SUPER_DEL, c, loc);
            }
            return;
        }
        // `self.__del__()` in a method.
        if let Expr::Name(n) = receiver
            && let Some((class, me)) = self.method_of()
            && n.id.as_str() == me
        {
            let class = class.to_string();
            self.facts.add(SELF_DEL, class, loc);
            return;
        }
        // `Cls.__del__(obj)` or `obj.__del__()` with `obj = Cls(...)`.
        if let Some(q) = self.resolve(receiver) {
            self.facts.add(CLASS_DEL, q, loc.clone());
            self.facts.add(CLASS_DEL_ANY, ANY, loc.clone());
            // A module attribute (`mod.thing.__del__()`) may be an instance of any
            // class: only a constructed local or a capitalised name is taken for a class.
            let typed_local = matches!(receiver, Expr::Name(n) if self.local_type(&n.id));
            let capitalised = crate::util::last_segment(receiver)
                .is_some_and(|s| s.chars().next().is_some_and(char::is_uppercase));
            if typed_local || capitalised {
                return;
            }
        }
        let reach = self
            .reach
            .get_or_insert_with(|| reach_of(self.file))
            .clone();
        for r in reach {
            self.facts.add(UNTYPED_DEL, r, loc.clone());
        }
        self.facts.add(UNTYPED_DEL_ANY, ANY, loc);
    }

    /// Whether `name` is a local of the enclosing functions with a known class.
    fn local_type(&self, name: &str) -> bool {
        for s in self.scopes.iter().rev() {
            if let Scope::Function { locals, .. } = s
                && let Some(q) = locals.get(name)
            {
                return q.is_some();
            }
        }
        false
    }

    fn enclosing_class(&self) -> Option<&str> {
        self.scopes.iter().rev().find_map(|s| match s {
            Scope::Class(q) => Some(q.as_str()),
            Scope::Function { method_of, .. } => method_of.as_ref().map(|(c, _)| c.as_str()),
        })
    }

    fn method_of(&self) -> Option<(&str, &str)> {
        self.scopes.iter().rev().find_map(|s| match s {
            Scope::Function { method_of, .. } => {
                Some(method_of.as_ref().map(|(c, p)| (c.as_str(), p.as_str())))
            }
            Scope::Class(_) => None,
        })?
    }
}

fn names_in_target(e: &Expr, f: &mut dyn FnMut(&str)) {
    match e {
        Expr::Name(n) => f(&n.id),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| names_in_target(e, f)),
        Expr::List(t) => t.elts.iter().for_each(|e| names_in_target(e, f)),
        Expr::Starred(s) => names_in_target(&s.value, f),
        _ => {}
    }
}

/// The module and every module and name the file imports (anywhere), dotted:
/// `import a.b` → `a`, `a.b`; `from a.b import c` → `a.b`, `a.b.c`.
fn reach_of(file: &SourceFile) -> Vec<String> {
    struct I<'b>(&'b Bindings, Vec<String>);
    impl<'x> Visitor<'x> for I<'_> {
        fn visit_stmt(&mut self, s: &'x Stmt) {
            match s {
                Stmt::Import(i) => {
                    for a in &i.names {
                        let mut prefix = String::new();
                        for seg in a.name.split('.') {
                            if !prefix.is_empty() {
                                prefix.push('.');
                            }
                            prefix.push_str(seg);
                            self.1.push(prefix.clone());
                        }
                    }
                }
                Stmt::ImportFrom(f) => {
                    if let Some(m) = self.0.from_module(f.level, f.module.as_deref()) {
                        for a in &f.names {
                            if &a.name != "*" {
                                self.1.push(format!("{m}.{}", a.name));
                            }
                        }
                        self.1.push(m);
                    }
                }
                _ => visitor::walk_stmt(self, s),
            }
        }
    }
    let b = Bindings::collect(&file.module, file.is_package, &[]);
    let mut i = I(&b, vec![file.module.clone()]);
    i.visit_body(file.suite());
    i.1.sort();
    i.1.dedup();
    i.1
}

fn calls_init(body: &[Stmt]) -> bool {
    struct Finder(bool);
    impl<'b> Visitor<'b> for Finder {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Attribute(a) = e
                && a.attr.as_str() == "__init__"
            {
                self.0 = true;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut f = Finder(false);
    f.visit_body(body);
    f.0
}

/// Explicit `x.__del__(...)` calls in expressions, and `x.__del__` read without a
/// call (`atexit.register(self.__del__)`: called later, and an `AttributeError`
/// once the method is gone).
struct DelCalls<'a>(Vec<&'a ast::ExprAttribute>);

impl<'a> Visitor<'a> for DelCalls<'a> {
    fn visit_stmt(&mut self, _: &'a Stmt) {}
    fn visit_expr(&mut self, e: &'a Expr) {
        if let Expr::Attribute(a) = e
            && a.attr.as_str() == "__del__"
            && a.ctx == ast::ExprContext::Load
        {
            self.0.push(a);
        }
        visitor::walk_expr(self, e);
    }
}

/// Visit the expressions of a statement, not those of nested statements.
fn visit_own_exprs<'a>(stmt: &'a Stmt, v: &mut DelCalls<'a>) {
    // `walk_stmt` visits child statements through `visit_stmt`, which `DelCalls`
    // ignores: only this statement's own expressions are seen.
    visitor::walk_stmt(v, stmt);
}

/// Call `f` on each block nested directly in `stmt`.
fn walk_children(stmt: &Stmt, mut f: impl FnMut(&[Stmt])) {
    match stmt {
        Stmt::If(s) => {
            f(&s.body);
            for c in &s.elif_else_clauses {
                f(&c.body);
            }
        }
        Stmt::Try(t) => {
            f(&t.body);
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                f(&h.body);
            }
            f(&t.orelse);
            f(&t.finalbody);
        }
        Stmt::With(w) => f(&w.body),
        Stmt::For(s) => {
            f(&s.body);
            f(&s.orelse);
        }
        Stmt::While(s) => {
            f(&s.body);
            f(&s.orelse);
        }
        Stmt::Match(m) => {
            for c in &m.cases {
                f(&c.body);
            }
        }
        _ => {}
    }
}

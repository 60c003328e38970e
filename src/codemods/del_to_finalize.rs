//! `del-to-finalize`: replace `__del__` methods with `weakref.finalize`
//! registrations made in `__init__`.
//!
//! Two rewrite forms:
//! - *direct*: a body that is one call of a callee not involving `self`, with
//!   `self.<attr>` / constant arguments, becomes
//!   `self._finalizer = weakref.finalize(self, callee, self.a, ...)` and `__del__`
//!   is deleted;
//! - *static*: any other body becomes `@staticmethod def _finalize(a, ...)` in place
//!   of `__del__` (comments kept), with `self.a` → `a`, registered as
//!   `weakref.finalize(self, Class._finalize, self.a, ...)`.
//!
//! The registration goes right after the `__init__` statement that assigns the last
//! attribute the cleanup needs. Every unsafe shape is skipped with a reason.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context, Facts, Need, Options, Unless, location};
use crate::edit::Edit;
use crate::imports::{self, Style};
use crate::source::{Marks, SourceFile};
use crate::util::{
    alone_on_lines, blank_lines_after, blank_lines_before, comments_above, contains, first_param,
    indent_of, last_segment, methods,
};

/// Replace `__del__` with `weakref.finalize`.
pub struct DelToFinalize;

const NAME: &str = "del-to-finalize";
const FACT_SUB_INIT: &str = "del-to-finalize/subclass-init-without-super";
const FACT_SUB_DEL: &str = "del-to-finalize/subclass-defines-del";
const FACT_EXPLICIT: &str = "del-to-finalize/explicit-del-call";
const FACT_EXPLICIT_MODULE: &str = "del-to-finalize/untyped-del-call-imports";

impl Codemod for DelToFinalize {
    fn name(&self) -> &'static str {
        NAME
    }
    fn summary(&self) -> &'static str {
        "replace __del__ methods with weakref.finalize registrations"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../codemods/del-to-finalize/README.md")
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        !file.marks().dunder_del.is_empty()
    }
    fn uses_facts(&self) -> bool {
        true
    }
    fn index(&self, file: &SourceFile, facts: &mut Facts) -> Need {
        // Subclasses anywhere matter, so every file with a class is indexed; only
        // classes with an `__init__` or a `__del__` record anything.
        let text = file.text.as_str();
        let m = file.marks();
        if m.dunder_del.is_empty() && m.dunder_init.is_empty() {
            return Need::Nothing;
        }
        let mut v = Indexer {
            file,
            facts,
            classes: Vec::new(),
            candidate: false,
            scan_calls: !m.dunder_del.is_empty() && contains(text, ".__del__"),
            constructed: if !m.dunder_del.is_empty() && contains(text, ".__del__(") {
                constructed_types(file)
            } else {
                HashMap::new()
            },
        };
        v.visit_body(file.suite());
        if !v.candidate {
            return Need::Nothing;
        }
        // Most `__del__` methods stay for a reason of their own file. If every one here
        // does (a run without any facts changes nothing), the file needs no facts: its
        // skips say which facts would give a better reason, and it is not kept in memory
        // until the end of the indexing.
        let (pending, options) = (Facts::pending(), Options::default());
        let mut cx = Context::new(self.name(), file, &pending, &options);
        self.run(&mut cx);
        if cx.changes.is_empty() {
            Need::Run
        } else {
            Need::Facts
        }
    }
    fn run(&self, cx: &mut Context) {
        let mut classes = Vec::new();
        collect_classes(cx.file.suite(), &mut Vec::new(), &mut classes);
        for (class, path) in classes {
            if let Some(del) = methods(&class.body, "__del__").first() {
                convert(cx, class, &path, del);
            }
        }
    }
}

/// Every class in the file with the chain of enclosing class names that reaches it
/// from the nearest function or module scope (`Outer.Inner`).
fn collect_classes<'a>(
    body: &'a [Stmt],
    path: &mut Vec<String>,
    out: &mut Vec<(&'a StmtClassDef, String)>,
) {
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => {
                path.push(c.name.to_string());
                out.push((c, path.join(".")));
                collect_classes(&c.body, path, out);
                path.pop();
            }
            Stmt::FunctionDef(f) => collect_classes(&f.body, &mut Vec::new(), out),
            Stmt::If(s) => {
                collect_classes(&s.body, path, out);
                for c in &s.elif_else_clauses {
                    collect_classes(&c.body, path, out);
                }
            }
            Stmt::Try(t) => {
                collect_classes(&t.body, path, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_classes(&h.body, path, out);
                }
                collect_classes(&t.orelse, path, out);
                collect_classes(&t.finalbody, path, out);
            }
            Stmt::With(w) => collect_classes(&w.body, path, out),
            Stmt::For(s) => collect_classes(&s.body, path, out),
            Stmt::While(s) => collect_classes(&s.body, path, out),
            _ => {}
        }
    }
}

/// Gathers the repo-wide facts: subclasses that override `__init__` without calling
/// the base one, subclasses that define `__del__`, and explicit `__del__` calls.
struct Indexer<'a, 'f> {
    file: &'a SourceFile,
    facts: &'f mut Facts,
    classes: Vec<&'a StmtClassDef>,
    candidate: bool,
    /// Whether the file text contains `.__del__` at all.
    scan_calls: bool,
    /// `target text -> class names` for `target = Class(...)` assignments in the file.
    constructed: HashMap<String, Vec<String>>,
}

/// `target = Something.Class(...)` assignments anywhere in the file.
fn constructed_types(file: &SourceFile) -> HashMap<String, Vec<String>> {
    struct C<'f>(&'f SourceFile, HashMap<String, Vec<String>>);
    impl<'b> Visitor<'b> for C<'_> {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            if let Stmt::Assign(a) = s
                && let Expr::Call(call) = &*a.value
                && let Some(class) = last_segment(&call.func)
                && class.chars().next().is_some_and(char::is_uppercase)
            {
                for t in &a.targets {
                    let entry = self
                        .1
                        .entry(self.0.slice(t.range()).to_string())
                        .or_default();
                    if !entry.contains(&class) {
                        entry.push(class.clone());
                    }
                }
            }
            visitor::walk_stmt(self, s);
        }
    }
    let mut c = C(file, HashMap::new());
    c.visit_body(file.suite());
    c.1
}

/// The module name of a file (`pkg/tempfile.py` -> `tempfile`, `pkg/__init__.py` -> `pkg`).
fn module_name(path: &str) -> String {
    let p = std::path::Path::new(path);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if stem == "__init__" {
        p.parent()
            .and_then(|d| d.file_name())
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or(stem)
    } else {
        stem
    }
}

/// This file's module name and every module (or name) it imports, by last segment.
fn imported_modules(file: &SourceFile) -> Vec<String> {
    struct I(Vec<String>);
    impl<'b> Visitor<'b> for I {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            match s {
                Stmt::Import(i) => {
                    for a in &i.names {
                        self.0.extend(a.name.split('.').map(String::from));
                    }
                }
                Stmt::ImportFrom(f) => {
                    if let Some(m) = &f.module {
                        self.0.extend(m.split('.').map(String::from));
                    }
                    self.0.extend(f.names.iter().map(|a| a.name.to_string()));
                }
                _ => visitor::walk_stmt(self, s),
            }
        }
    }
    let mut i = I(vec![module_name(&file.path)]);
    i.visit_body(file.suite());
    i.0.sort();
    i.0.dedup();
    i.0
}

fn calls_super_init(body: &[Stmt]) -> bool {
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

impl<'a> Visitor<'a> for Indexer<'a, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // Only classes, and explicit `.__del__` calls, are indexed: pass over
        // statements without either.
        let m = self.file.marks();
        let r = stmt.range();
        let wanted = Marks::within(&m.class_keywords, r)
            || (self.scan_calls && Marks::within(&m.dunder_del, r));
        if !wanted {
            return;
        }
        if let Stmt::ClassDef(c) = stmt {
            let inits = methods(&c.body, "__init__");
            let has_del = !methods(&c.body, "__del__").is_empty();
            self.candidate |= has_del;
            // A text test first: an `__init__` whose text never says `__init__` again
            // cannot call the base one; only otherwise walk its AST.
            let no_super = inits.iter().any(|i| {
                let body = TextRange::new(i.body[0].start(), i.end());
                !self.file.slice(body).contains("__init__") || !calls_super_init(&i.body)
            });
            if no_super || has_del {
                // Built only for a base not seen before (most bases are).
                let mut where_: Option<String> = None;
                let file = self.file;
                let mut at = || {
                    where_
                        .get_or_insert_with(|| {
                            format!("{} (class {})", location(file, c.start()), c.name)
                        })
                        .clone()
                };
                for base in c.bases() {
                    let base = match base {
                        Expr::Name(n) => n.id.as_str(),
                        Expr::Attribute(a) => a.attr.as_str(),
                        _ => continue,
                    };
                    if no_super {
                        self.facts.add_with(FACT_SUB_INIT, base, &mut at);
                    }
                    if has_del {
                        self.facts.add_with(FACT_SUB_DEL, base, &mut at);
                    }
                }
            }
            self.classes.push(c);
            visitor::walk_stmt(self, stmt);
            self.classes.pop();
            return;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if !self.scan_calls {
            // No `.__del__` in the file: no explicit call to find in any expression.
            return;
        }
        if let Expr::Call(call) = expr
            && let Expr::Attribute(a) = &*call.func
            && a.attr.as_str() == "__del__"
        {
            let loc = location(self.file, call.start());
            match &*a.value {
                // super().__del__() inside class C: C's bases lose nothing if kept.
                Expr::Call(inner) if matches!(&*inner.func, Expr::Name(n) if n.id.as_str() == "super") => {
                    if let Some(c) = self.classes.last() {
                        for base in c.bases() {
                            if let Some(b) = last_segment(base) {
                                self.facts.add(FACT_EXPLICIT, b, loc.clone());
                            }
                        }
                    }
                }
                Expr::Name(n) if n.id.as_str() == "self" => {
                    if let Some(c) = self.classes.last() {
                        self.facts.add(FACT_EXPLICIT, &c.name, loc);
                    }
                }
                Expr::Name(n) if n.id.chars().next().is_some_and(char::is_uppercase) => {
                    self.facts.add(FACT_EXPLICIT, &n.id, loc);
                }
                other => {
                    let name = last_segment(other).unwrap_or_default();
                    let receiver = self.file.slice(other.range()).to_string();
                    if name.chars().next().is_some_and(char::is_uppercase) {
                        self.facts.add(FACT_EXPLICIT, name, loc);
                    } else if let Some(classes) = self.constructed.get(&receiver) {
                        // `x = Class(...)` somewhere in this file: that class.
                        for c in classes {
                            self.facts.add(FACT_EXPLICIT, c.clone(), loc.clone());
                        }
                    } else {
                        // Unknown type: block classes of this module and of every
                        // module this file imports.
                        for m in imported_modules(self.file) {
                            self.facts.add(FACT_EXPLICIT_MODULE, m, loc.clone());
                        }
                    }
                }
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// One `self` use inside `__del__`.
#[derive(Debug)]
enum Use {
    /// `self.attr` read (range of the whole attribute expression).
    Attr(String, TextRange),
    /// `getattr(self, "attr"[, default])` / `hasattr(self, "attr")` (range of the call).
    Getattr(String, TextRange, bool),
}

/// Walks a `__del__` body: records `self` uses and the first reason it is unsafe.
struct BodyScan<'a> {
    me: &'a str,
    uses: Vec<Use>,
    problem: Option<(TextSize, String)>,
    names: HashSet<String>,
}

impl BodyScan<'_> {
    fn fail(&mut self, at: TextSize, why: impl Into<String>) {
        if self.problem.is_none() {
            self.problem = Some((at, why.into()));
        }
    }
    fn is_me(&self, e: &Expr) -> bool {
        matches!(e, Expr::Name(n) if n.id.as_str() == self.me)
    }
}

const NEEDS_INSTANCE: &str = "the cleanup needs the instance itself, which a finalizer must not hold; move the resource into a separate object and finalize that";

impl<'a> Visitor<'a> for BodyScan<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Return(r) if r.value.is_some() => {
                self.fail(
                    r.start(),
                    "`__del__` returns a value; rewrite it without `return <value>` first",
                );
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(a) if self.is_me(&a.value) => {
                if a.attr.starts_with("__") && a.attr.ends_with("__") {
                    self.fail(
                        a.start(),
                        format!("`__del__` reads `{}.{}`: {NEEDS_INSTANCE}", self.me, a.attr),
                    );
                } else if a.ctx != ExprContext::Load {
                    self.fail(a.start(), format!("`__del__` assigns or deletes `{}.{}`; a finalizer cannot change the instance", self.me, a.attr));
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
                        format!(
                            "`__del__` calls `{}.{}()`: {NEEDS_INSTANCE}",
                            self.me, a.attr
                        ),
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
            }
            Expr::Name(n) => {
                self.names.insert(n.id.to_string());
                if n.id.as_str() == self.me {
                    self.fail(
                        n.start(),
                        format!("`__del__` passes `{}` on: {NEEDS_INSTANCE}", self.me),
                    );
                } else if n.id.as_str() == "super" {
                    self.fail(n.start(), "`__del__` uses `super()`: the base class cleanup needs the instance; convert the base class first or keep `__del__`");
                } else if n.id.as_str() == "__class__" {
                    self.fail(
                        n.start(),
                        "`__del__` uses `__class__`, which a static cleanup function does not have",
                    );
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_) => {
                self.fail(
                    expr.start(),
                    "`__del__` yields or awaits, which a finalizer cannot do",
                );
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

fn is_identifier(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && c.all(|c| c.is_alphanumeric() || c == '_')
}

/// Every store/delete of `<self>.attr` in the class's methods (nested functions
/// included), with the method it is in; `setattr(self, "x", ...)` counts too.
struct Stores<'a> {
    me: String,
    found: Vec<(String, TextRange)>,
    _p: std::marker::PhantomData<&'a ()>,
}

impl<'a> Visitor<'a> for Stores<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(a)
                if a.ctx != ExprContext::Load
                    && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.me) =>
            {
                self.found.push((a.attr.to_string(), a.range()));
            }
            Expr::Call(c)
                if matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "setattr" | "delattr"))
                    && c.arguments.args.first().is_some_and(
                        |a| matches!(a, Expr::Name(n) if n.id.as_str() == self.me),
                    ) =>
            {
                match c.arguments.args.get(1) {
                    Some(Expr::StringLiteral(s)) => {
                        self.found.push((s.value.to_str().to_string(), c.range()))
                    }
                    _ => self.found.push(("*".to_string(), c.range())),
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

fn stores_in(func: &StmtFunctionDef) -> Vec<(String, TextRange)> {
    let Some(me) = first_param(func) else {
        return Vec::new();
    };
    let mut s = Stores {
        me: me.to_string(),
        found: Vec::new(),
        _p: std::marker::PhantomData,
    };
    s.visit_body(&func.body);
    s.found
}

/// The top-level `__init__` statement that assigns `self.attr` (plain or annotated
/// assignment), if any.
fn top_level_assignment(init: &StmtFunctionDef, me: &str, attr: &str) -> Option<usize> {
    let is_target = |t: &Expr| -> bool {
        let check = |e: &Expr| matches!(e, Expr::Attribute(a) if a.attr.as_str() == attr && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me));
        match t {
            Expr::Tuple(t) => t.elts.iter().any(check),
            Expr::List(t) => t.elts.iter().any(check),
            _ => check(t),
        }
    };
    init.body.iter().position(|s| match s {
        Stmt::Assign(a) => a.targets.iter().any(is_target),
        Stmt::AnnAssign(a) => a.value.is_some() && is_target(&a.target),
        _ => false,
    })
}

/// Whether any `return` appears in the statements (nested blocks included, nested
/// functions excluded).
fn has_return(stmts: &[Stmt]) -> Option<TextSize> {
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

/// Names defined at class level (methods, assignments), for properties/descriptors
/// and for picking free names.
fn class_level_names(class: &StmtClassDef) -> Vec<(String, &Stmt)> {
    let mut out = Vec::new();
    for stmt in &class.body {
        match stmt {
            Stmt::FunctionDef(f) => out.push((f.name.to_string(), stmt)),
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
fn slots(class: &StmtClassDef) -> Option<Option<Vec<String>>> {
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

/// A free name for the class (not used as a class-level name or `self.` attribute).
fn free_name(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (1..)
        .map(|i| format!("{base}_{i}"))
        .find(|n| !taken.contains(n))
        .expect("some name is free")
}

/// Every attribute name used on any object in the class, and every class-level name.
fn taken_names(class: &StmtClassDef) -> HashSet<String> {
    struct A(HashSet<String>);
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

fn is_simple_arg(e: &Expr, me: &str) -> bool {
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

/// Builtin bases whose subclasses cannot be weakly referenced.
const NO_WEAKREF_BASES: &[&str] = &["int", "bool", "tuple", "bytes", "str"];

#[allow(clippy::too_many_lines)]
/// Why a `__del__` stays, from other files' facts (`{loc}`: where the fact was seen).
const EXPLICIT_REASON: &str = "`__del__` is called explicitly at {loc}; removing the method would break that call (call `obj._finalizer()` there instead, then re-run)";
const EXPLICIT_MODULE_REASON: &str = "`__del__` is called explicitly at {loc} on an object sturdy cannot type, in a file that imports this module; removing the method could break that call (call `obj._finalizer()` there instead, then re-run)";
const SUB_DEL_REASON: &str =
    "a subclass defines its own `__del__` at {loc}; convert the class hierarchy by hand";
const SUB_INIT_REASON: &str = "a subclass overrides `__init__` without calling `super().__init__()` at {loc}; its instances would lose the cleanup";

fn convert(cx: &mut Context, class: &StmtClassDef, class_path: &str, del: &StmtFunctionDef) {
    let file = cx.file;
    let at = del.name.start();
    let cname = class.name.as_str();
    // Facts that would give a skip below another reason, while they are not all known.
    let mut unless: Vec<Unless> = Vec::new();
    macro_rules! skip {
        ($($arg:tt)*) => {{ cx.skip_unless(at, format!($($arg)*), unless.clone()); return; }};
    }
    if methods(&class.body, "__del__").len() > 1 {
        skip!(
            "class `{cname}` defines `__del__` more than once; remove the dead definitions first"
        );
    }
    if del.is_async || !del.decorator_list.is_empty() {
        skip!("`__del__` is decorated or async; sturdy only converts plain methods");
    }
    let p = &del.parameters;
    let me = match first_param(del) {
        Some(me)
            if p.posonlyargs.len() + p.args.len() == 1
                && p.vararg.is_none()
                && p.kwarg.is_none()
                && p.kwonlyargs.is_empty() =>
        {
            me
        }
        _ => skip!("`__del__` does not take exactly `(self)`"),
    };
    // Repo-wide facts first: they say why the method itself must stay. While files are
    // still being indexed (this file's every `__del__` stays for a reason of its own, see
    // `index`), the skips below carry them instead, to be resolved at the end of the run.
    let module = module_name(&file.path);
    let fact_reasons = [
        (FACT_EXPLICIT, cname, EXPLICIT_REASON),
        (
            FACT_EXPLICIT_MODULE,
            module.as_str(),
            EXPLICIT_MODULE_REASON,
        ),
        (FACT_SUB_DEL, cname, SUB_DEL_REASON),
        (FACT_SUB_INIT, cname, SUB_INIT_REASON),
    ];
    if cx.facts.complete() {
        for (kind, name, reason) in fact_reasons {
            if let Some(loc) = cx.facts.get(kind, name) {
                skip!("{}", reason.replace("{loc}", loc));
            }
        }
    } else {
        unless = fact_reasons
            .iter()
            .map(|&(kind, name, message)| Unless {
                kind,
                name: name.to_string(),
                message,
            })
            .collect();
    }
    if let Some(b) = class
        .bases()
        .iter()
        .filter_map(last_segment)
        .find(|b| NO_WEAKREF_BASES.contains(&b.as_str()))
    {
        skip!("class `{cname}` subclasses `{b}`, whose instances cannot be weakly referenced");
    }
    let store_finalizer = match slots(class) {
        None => true,
        Some(Some(s)) if s.iter().any(|x| x == "__weakref__") => false,
        Some(Some(_)) => skip!(
            "class `{cname}` defines `__slots__` without `__weakref__`, so its instances cannot be weakly referenced; add \"__weakref__\" to `__slots__` and re-run"
        ),
        Some(None) => skip!(
            "class `{cname}` defines `__slots__` that sturdy cannot read; make it a literal tuple that includes \"__weakref__\""
        ),
    };
    if !methods(&class.body, "__setattr__").is_empty() && store_finalizer {
        skip!(
            "class `{cname}` defines `__setattr__`, which would intercept storing the finalizer; register `weakref.finalize` by hand"
        );
    }

    // The body.
    let mut scan = BodyScan {
        me,
        uses: Vec::new(),
        problem: None,
        names: HashSet::new(),
    };
    scan.visit_body(&del.body);
    if let Some((pos, why)) = scan.problem {
        let (l, _) = file.line_col(pos);
        skip!("{why} (line {l})");
    }
    let class_names = class_level_names(class);
    let mut needed: Vec<String> = Vec::new();
    for u in &scan.uses {
        let (Use::Attr(a, _) | Use::Getattr(a, _, _)) = u;
        if !needed.contains(a) {
            needed.push(a.clone());
        }
    }
    for attr in &needed {
        if let Some((_, stmt)) = class_names.iter().find(|(n, _)| n == attr) {
            let kind = match stmt {
                Stmt::FunctionDef(f) if !f.decorator_list.is_empty() => {
                    "a property or decorated method"
                }
                Stmt::FunctionDef(_) => "a method",
                _ => "a class attribute (possibly a descriptor)",
            };
            skip!(
                "`{me}.{attr}` is {kind} of the class, not plain instance state; a finalizer would read it once at registration instead of at cleanup"
            );
        }
    }

    // __init__ and where the state is assigned.
    let inits = methods(&class.body, "__init__");
    let Some(init) = inits.first() else {
        skip!(
            "class `{cname}` has no `__init__` to register the finalizer in; add one that stores the state the cleanup needs"
        );
    };
    if inits.len() > 1 {
        skip!("class `{cname}` defines `__init__` more than once");
    }
    let Some(init_me) = first_param(init) else {
        skip!("`__init__` has no `self` parameter");
    };
    let mut anchor: Option<usize> = None;
    for attr in &needed {
        let Some(idx) = top_level_assignment(init, init_me, attr) else {
            let elsewhere = stores_in(init).into_iter().any(|(a, _)| &a == attr);
            if elsewhere {
                skip!(
                    "`{me}.{attr}` is assigned only conditionally or in a nested block of `__init__`; assign it unconditionally at the top level of `__init__` (e.g. `self.{attr} = None` first)"
                );
            }
            skip!(
                "`{me}.{attr}` is not assigned in `__init__`; assign it there so the finalizer can capture it"
            );
        };
        let value = match &init.body[idx] {
            Stmt::Assign(a) => Some(&*a.value),
            Stmt::AnnAssign(a) => a.value.as_deref(),
            _ => None,
        };
        if value.is_some_and(|v| mentions(v, init_me)) {
            skip!(
                "`{me}.{attr}` is built from `{init_me}` in `__init__`, so it may refer back to the instance and the finalizer would keep the object alive forever; keep `__del__` or make the resource independent of the instance"
            );
        }
        anchor = Some(anchor.map_or(idx, |a: usize| a.max(idx)));
    }
    // Reassignments anywhere else in the class.
    for stmt in &class.body {
        let Stmt::FunctionDef(f) = stmt else { continue };
        if f.name.as_str() == "__del__" {
            continue;
        }
        for (attr, range) in stores_in(f) {
            if !(attr == "*" || needed.contains(&attr)) {
                continue;
            }
            let is_the_assignment = f.name.as_str() == "__init__"
                && anchor.is_some()
                && init.body.iter().enumerate().any(|(i, s)| {
                    s.range().contains_range(range)
                        && Some(i) == top_level_assignment(init, init_me, &attr)
                });
            if is_the_assignment {
                continue;
            }
            let (l, _) = file.line_col(range.start());
            if attr == "*" {
                skip!(
                    "`{}` sets attributes dynamically with `setattr` (line {l}); a finalizer could see stale values",
                    f.name
                );
            }
            skip!(
                "`{me}.{attr}` is reassigned in `{}` (line {l}); a finalizer would capture a stale value, so keep `__del__` or finalize the resource object itself",
                f.name
            );
        }
    }
    let insert_after = anchor.map_or_else(
        || {
            init.body
                .iter()
                .take_while(|s| ruff_python_ast::helpers::is_docstring_stmt(s))
                .count()
        },
        |a| a + 1,
    );
    if let Some(ret) = has_return(&init.body[..insert_after.min(init.body.len())]) {
        let (l, _) = file.line_col(ret);
        skip!("`__init__` can return early (line {l}) before the state the cleanup needs exists");
    }

    // Indentation of the registration line.
    let Some(body_indent) = init.body.first().and_then(|s| indent_of(file, s)) else {
        skip!("`__init__` is written on one line; put its body on separate lines first");
    };
    let body_indent = body_indent.to_string();
    let nl = file.newline();
    let insert_at = if insert_after == 0 {
        file.text.line_start(init.body[0].start())
    } else {
        file.text.full_line_end(init.body[insert_after - 1].end())
    };
    // After a line that ends in a `\` continuation, an inserted line would be joined to it.
    if insert_at > TextSize::default()
        && file.text[..insert_at.to_usize()]
            .trim_end_matches(['\n', '\r'])
            .ends_with('\\')
    {
        skip!(
            "the `__init__` line the finalizer would follow ends with a `\\` line continuation; remove it and re-run"
        );
    }
    // A statement that ends the file without a newline needs one before our line.
    let lead = if insert_at.to_usize() == file.text.len() && !file.text.ends_with('\n') {
        nl
    } else {
        ""
    };

    let taken = taken_names(class);
    let fin_attr = free_name("_finalizer", &taken);
    let import = imports::ensure(file, "weakref", &["finalize"], Style::Module);
    let finalize = &import.exprs[0];
    let mut edits: Vec<Edit> = import.edit.into_iter().collect();

    let del_lines = file.text.full_lines_range(del.range());
    let has_comments = file.comment_ranges().any(|c| del_lines.contains_range(c));
    let body: Vec<&Stmt> = del.body.iter().collect();
    let direct = match body.as_slice() {
        [Stmt::Expr(e)] if !has_comments => match &*e.value {
            Expr::Call(c)
                if !mentions(&c.func, me)
                    && c.arguments.args.iter().all(|a| is_simple_arg(a, me))
                    && c.arguments
                        .keywords
                        .iter()
                        .all(|k| k.arg.is_some() && is_simple_arg(&k.value, me)) =>
            {
                Some(c)
            }
            _ => None,
        },
        _ => None,
    };
    let registration_args: String;
    if let Some(call) = direct {
        let mut args = vec![file.slice(call.func.range()).to_string()];
        for a in &call.arguments.args {
            args.push(file.slice(a.range()).to_string());
        }
        for k in &call.arguments.keywords {
            args.push(format!(
                "{}={}",
                k.arg.as_ref().expect("checked"),
                file.slice(k.value.range())
            ));
        }
        registration_args = args.join(", ");
        if !alone_on_lines(file, del.range()) {
            skip!("`__del__` shares a line with other code; put it on its own lines first");
        }
        // Delete the method with the comments directly above it (they move to the
        // registration) and one run of surrounding blank lines.
        let comments_start = comments_above(&file.text, del.start());
        let moved: String = file.text
            [TextRange::new(comments_start, file.text.line_start(del.start()))]
        .split_inclusive('\n')
        .map(|l| format!("{body_indent}{}", l.trim_start()))
        .collect();
        let before = blank_lines_before(&file.text, comments_start);
        let range = if before < comments_start {
            TextRange::new(before, del_lines.end())
        } else {
            TextRange::new(
                comments_start,
                blank_lines_after(&file.text, del_lines.end()),
            )
        };
        edits.push(Edit::delete(range));
        edits.push(Edit::insert(
            insert_at,
            format!(
                "{lead}{moved}{}{nl}",
                registration(
                    &body_indent,
                    store_finalizer,
                    &fin_attr,
                    finalize,
                    init_me,
                    &registration_args
                )
            ),
        ));
    } else {
        // Static cleanup function in place of __del__.
        let func_name = free_name("_finalize", &taken);
        let mut reserved: HashSet<String> = scan.names.clone();
        reserved.insert(func_name.clone());
        let mut params: Vec<(String, String)> = Vec::new(); // (attr, param)
        // Leading `fd = getattr(self, "fd", None)` / `fd = self.fd` statements become
        // the parameter itself: the statement is dropped and `fd` is the parameter.
        let aliases = leading_aliases(file, del, me);
        let keeps_a_statement = del
            .body
            .iter()
            .any(|s| !aliases.iter().any(|(_, _, r)| *r == s.range()));
        let aliases = if keeps_a_statement {
            aliases
        } else {
            Vec::new()
        };
        for (attr, local, range) in &aliases {
            if !params.iter().any(|(a, p)| a == attr || p == local) {
                params.push((attr.clone(), local.clone()));
                reserved.insert(local.clone());
                let lines = file.text.full_lines_range(*range);
                let after = file.text[TextRange::new(range.end(), lines.end())].trim();
                if after.is_empty() {
                    edits.push(Edit::delete(lines));
                } else {
                    // Keep a trailing comment on its own line.
                    let hash = file.text[range.end().to_usize()..].find('#').unwrap_or(0);
                    edits.push(Edit::delete(TextRange::new(
                        range.start(),
                        range.end() + TextSize::try_from(hash).unwrap_or_default(),
                    )));
                }
            }
        }
        for attr in &needed {
            if params.iter().any(|(a, _)| a == attr) {
                continue;
            }
            let stripped = attr.trim_start_matches('_');
            let mut cand = if stripped.is_empty() || is_keyword(stripped) {
                attr.clone()
            } else {
                stripped.to_string()
            };
            if reserved.contains(&cand) || params.iter().any(|(_, p)| *p == cand) {
                cand = (1..)
                    .map(|i| format!("{cand}_{i}"))
                    .find(|c| !reserved.contains(c) && !params.iter().any(|(_, p)| p == c))
                    .expect("free");
            }
            reserved.insert(cand.clone());
            params.push((attr.clone(), cand));
        }
        let param_of = |a: &str| {
            params
                .iter()
                .find(|(x, _)| x == a)
                .map(|(_, p)| p.clone())
                .expect("param")
        };
        let Some(del_indent) = indent_of(file, del) else {
            skip!("`__del__` shares a line with other code; put it on its own lines first");
        };
        let header_end = del.parameters.end();
        let sig = params
            .iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        edits.push(Edit::replace(
            TextRange::new(del.start(), header_end),
            format!("@staticmethod{nl}{del_indent}def {func_name}({sig})"),
        ));
        for u in &scan.uses {
            let (Use::Attr(_, r) | Use::Getattr(_, r, _)) = u;
            if aliases.iter().any(|(_, _, a)| a.contains_range(*r)) {
                continue;
            }
            match u {
                Use::Attr(a, r) => edits.push(Edit::replace(*r, param_of(a))),
                Use::Getattr(a, r, is_has) => {
                    edits.push(Edit::replace(
                        *r,
                        if *is_has {
                            "True".to_string()
                        } else {
                            param_of(a)
                        },
                    ));
                }
            }
        }
        let mut args = vec![format!("{class_path}.{func_name}")];
        args.extend(params.iter().map(|(a, _)| format!("{init_me}.{a}")));
        registration_args = args.join(", ");
        edits.push(Edit::insert(
            insert_at,
            format!(
                "{lead}{}{nl}",
                registration(
                    &body_indent,
                    store_finalizer,
                    &fin_attr,
                    finalize,
                    init_me,
                    &registration_args
                )
            ),
        ));
    }
    cx.change(edits);
}

/// Leading statements of `__del__` of the form `name = self.attr` or
/// `name = getattr(self, "attr"[, default])` where `name` is `attr` without leading
/// underscores: (attr, name, statement range).
fn leading_aliases(
    file: &SourceFile,
    del: &StmtFunctionDef,
    me: &str,
) -> Vec<(String, String, TextRange)> {
    let mut out = Vec::new();
    let body = del
        .body
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

fn registration(
    indent: &str,
    store: bool,
    attr: &str,
    finalize: &str,
    me: &str,
    args: &str,
) -> String {
    if store {
        format!("{indent}{me}.{attr} = {finalize}({me}, {args})")
    } else {
        format!("{indent}{finalize}({me}, {args})")
    }
}

fn is_keyword(s: &str) -> bool {
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

fn mentions(e: &Expr, name: &str) -> bool {
    struct M<'n>(&'n str, bool);
    impl<'b> Visitor<'b> for M<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e
                && n.id.as_str() == self.0
            {
                self.1 = true;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut m = M(name, false);
    m.visit_expr(e);
    m.1
}

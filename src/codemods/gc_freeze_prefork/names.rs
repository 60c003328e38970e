//! Name resolution for gc-freeze-prefork: what the file imports (anywhere), calls
//! that exit or `exec`, how a block of code ends, and whether the name the codemod
//! emits (`gc`, or its alias) is bound to something else where it goes.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use crate::source::SourceFile;
use crate::util::dotted;

/// False when `func` is an attribute (`x.name`) whose name is not the last segment
/// of any of `qualified`: an attribute's name is never an import alias, so such a
/// call cannot resolve to one of them. Rules out most calls before
/// [`Names::resolve`] builds a qualified name.
pub(crate) fn attr_among(func: &Expr, qualified: &[&str]) -> bool {
    match func {
        Expr::Attribute(a) => qualified
            .iter()
            .any(|q| q.rsplit('.').next() == Some(a.attr.as_str())),
        _ => true,
    }
}

/// What the file imports, anywhere (top level or inside functions).
#[derive(Default)]
pub(crate) struct Names {
    /// module -> local names bound by `import module [as alias]`.
    modules: std::collections::BTreeMap<String, HashSet<String>>,
    /// local name -> `module.name` for `from module import name [as local]`.
    from: HashMap<String, String>,
}

impl Names {
    pub(crate) fn collect(file: &SourceFile) -> Self {
        struct C(Names);
        impl<'b> Visitor<'b> for C {
            fn visit_stmt(&mut self, s: &'b Stmt) {
                match s {
                    Stmt::Import(i) => {
                        for a in &i.names {
                            let module = a.name.to_string();
                            match &a.asname {
                                Some(alias) => {
                                    self.0
                                        .modules
                                        .entry(module)
                                        .or_default()
                                        .insert(alias.to_string());
                                }
                                None => {
                                    // `import a.b` binds `a` and makes `a.b` reachable.
                                    let first = module.split('.').next().unwrap_or("").to_string();
                                    self.0
                                        .modules
                                        .entry(first.clone())
                                        .or_default()
                                        .insert(first);
                                    self.0
                                        .modules
                                        .entry(module.clone())
                                        .or_default()
                                        .insert(module);
                                }
                            }
                        }
                    }
                    Stmt::ImportFrom(f) if f.level == 0 => {
                        if let Some(m) = &f.module {
                            for a in &f.names {
                                let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
                                self.0.from.insert(local, format!("{m}.{}", a.name));
                            }
                        }
                    }
                    _ => visitor::walk_stmt(self, s),
                }
            }
        }
        let mut c = C(Names::default());
        c.visit_body(file.suite());
        c.0
    }

    /// The qualified `module.name` an expression refers to through an import.
    pub(crate) fn resolve(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Name(n) => self.from.get(n.id.as_str()).cloned(),
            Expr::Attribute(a) => {
                let base = dotted(&a.value)?;
                if let Some(q) = self.from.get(&base) {
                    return Some(format!("{q}.{}", a.attr));
                }
                self.modules
                    .iter()
                    .find(|(_, aliases)| aliases.contains(&base))
                    .map(|(m, _)| format!("{m}.{}", a.attr))
            }
            _ => None,
        }
    }

    pub(crate) fn is_call_to(&self, e: &Expr, qualified: &[&str]) -> bool {
        matches!(e, Expr::Call(c) if attr_among(&c.func, qualified)
            && self.resolve(&c.func).is_some_and(|q| qualified.contains(&q.as_str())))
    }

    pub(crate) fn is_fork_call(&self, e: &Expr) -> bool {
        self.is_call_to(e, &["os.fork", "os.forkpty", "posix.fork", "posix.forkpty"])
    }

    /// `sys.exit(...)`, `os._exit(...)`, `exit()`, `quit()`.
    pub(crate) fn is_exit_call(&self, e: &Expr) -> bool {
        if self.is_call_to(e, &["sys.exit", "os._exit", "posix._exit"]) {
            return true;
        }
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "exit" | "quit")))
    }

    /// `os.exec*(...)`, `os.fexecve(...)` (also through `posix`).
    pub(crate) fn is_exec_call(&self, e: &Expr) -> bool {
        let plausible = |c: &ast::ExprCall| match &*c.func {
            Expr::Attribute(a) => a.attr.starts_with("exec") || a.attr.as_str() == "fexecve",
            _ => true,
        };
        matches!(e, Expr::Call(c) if plausible(c) && self.resolve(&c.func).is_some_and(|q| {
            q.strip_prefix("os.")
                .or_else(|| q.strip_prefix("posix."))
                .is_some_and(|n| n.starts_with("exec") || n == "fexecve")
        }))
    }
}

/// The call expression of an expression statement.
pub(crate) fn stmt_call(s: &Stmt) -> Option<&Expr> {
    match s {
        Stmt::Expr(e) if e.value.is_call_expr() => Some(&e.value),
        _ => None,
    }
}

/// Finds an expression satisfying `pred`, not looking into lambdas, nor into
/// function and class bodies.
struct AnyExpr<'p> {
    pred: &'p dyn Fn(&Expr) -> bool,
    found: bool,
}

impl<'b> Visitor<'b> for AnyExpr<'_> {
    fn visit_stmt(&mut self, s: &'b Stmt) {
        if !matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            visitor::walk_stmt(self, s);
        }
    }
    fn visit_expr(&mut self, e: &'b Expr) {
        if self.found || e.is_lambda_expr() {
            return;
        }
        if (self.pred)(e) {
            self.found = true;
            return;
        }
        visitor::walk_expr(self, e);
    }
}

/// Whether any expression in `stmts` (nested blocks included, function and class
/// bodies and lambdas excluded) satisfies `pred`.
pub(crate) fn any_call(stmts: &[Stmt], pred: &dyn Fn(&Expr) -> bool) -> bool {
    let mut f = AnyExpr { pred, found: false };
    f.visit_body(stmts);
    f.found
}

/// Whether `e` or a subexpression (lambdas excluded) satisfies `pred`.
pub(crate) fn expr_has(e: &Expr, pred: &dyn Fn(&Expr) -> bool) -> bool {
    let mut f = AnyExpr { pred, found: false };
    f.visit_expr(e);
    f.found
}

/// Whether a block always leaves (its last statement returns, raises, continues,
/// breaks or exits the process).
pub(crate) fn terminates(stmts: &[Stmt], names: &Names) -> bool {
    match stmts.last() {
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_)) => true,
        Some(s) => stmt_call(s).is_some_and(|c| names.is_exit_call(c)),
        None => false,
    }
}

/// Whether a block never finishes and never returns: its last statement exits the
/// process (`sys.exit()`, `os._exit()`, `exec*()`, `raise SystemExit`), loops forever
/// (`while True:` without `break`), or is a compound statement every way out of
/// which does that (a `try` whose `finally` does counts). Exceptions are not
/// followed.
pub(crate) fn ends_process(stmts: &[Stmt], names: &Names) -> bool {
    match stmts.last() {
        Some(Stmt::Expr(e)) => names.is_exit_call(&e.value) || names.is_exec_call(&e.value),
        Some(Stmt::Raise(r)) => r.exc.as_deref().is_some_and(|e| {
            let e = match e {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            matches!(e, Expr::Name(n) if n.id.as_str() == "SystemExit")
        }),
        Some(Stmt::If(i)) => {
            i.elif_else_clauses.last().is_some_and(|c| c.test.is_none())
                && ends_process(&i.body, names)
                && i.elif_else_clauses
                    .iter()
                    .all(|c| ends_process(&c.body, names))
        }
        Some(Stmt::Try(t)) => {
            ends_process(&t.finalbody, names)
                || (ends_process(
                    if t.orelse.is_empty() {
                        &t.body
                    } else {
                        &t.orelse
                    },
                    names,
                ) && t.handlers.iter().all(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    ends_process(&h.body, names)
                }))
        }
        Some(Stmt::While(w)) => {
            let forever = match &*w.test {
                Expr::BooleanLiteral(b) => b.value,
                Expr::NumberLiteral(n) => {
                    matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(1))
                }
                _ => false,
            };
            forever && !has_break(&w.body)
        }
        Some(Stmt::With(w)) => ends_process(&w.body, names),
        _ => false,
    }
}

/// A `break` of the loop whose body is `stmts` (not of nested loops).
fn has_break(stmts: &[Stmt]) -> bool {
    struct B(bool);
    impl StatementVisitor<'_> for B {
        fn visit_stmt(&mut self, s: &Stmt) {
            match s {
                Stmt::Break(_) => self.0 = true,
                Stmt::For(_) | Stmt::While(_) | Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => walk_stmt(self, s),
            }
        }
    }
    let mut b = B(false);
    b.visit_body(stmts);
    b.0
}

/// The first `return` in `stmts` (nested blocks included, not nested functions).
pub(crate) fn first_return(stmts: &[Stmt]) -> Option<TextSize> {
    struct R(Option<TextSize>);
    impl StatementVisitor<'_> for R {
        fn visit_stmt(&mut self, s: &Stmt) {
            match s {
                _ if self.0.is_some() => {}
                Stmt::Return(r) => self.0 = Some(r.start()),
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => walk_stmt(self, s),
            }
        }
    }
    let mut r = R(None);
    r.visit_body(stmts);
    r.0
}

/// Whether a binding of `local` by this import is the gc module (or a name from it).
fn binds_gc(s: &Stmt, local: &str) -> bool {
    match s {
        Stmt::Import(i) => i.names.iter().all(|a| {
            let bound = a.asname.as_ref().map_or_else(
                || a.name.split('.').next().unwrap_or_default(),
                |n| n.as_str(),
            );
            bound != local || a.name.as_str() == "gc"
        }),
        Stmt::ImportFrom(f) => {
            f.level == 0 && f.module.as_ref().is_some_and(|m| m.as_str() == "gc")
        }
        _ => false,
    }
}

/// Statements that bind `local` in one scope: `stmts` and their nested blocks, not
/// nested function or class bodies (whose `def`/`class` names do count). An import
/// of the gc module counts only where `gc_ok` says no.
fn binding_in(stmts: &[Stmt], local: &str, gc_ok: &dyn Fn(&Stmt) -> bool) -> Option<TextSize> {
    struct F<'n> {
        local: &'n str,
        gc_ok: &'n dyn Fn(&Stmt) -> bool,
        found: Option<TextSize>,
    }
    impl F<'_> {
        fn target(&mut self, e: &Expr, at: TextSize) {
            let mut hit = false;
            ast::helpers::any_over_expr(e, |x| {
                hit |= matches!(x, Expr::Name(n) if n.id.as_str() == self.local);
                false
            });
            if hit && self.found.is_none() {
                self.found = Some(at);
            }
        }
    }
    impl StatementVisitor<'_> for F<'_> {
        fn visit_stmt(&mut self, s: &Stmt) {
            let at = s.start();
            let named = |n: &str| n == self.local;
            match s {
                Stmt::FunctionDef(f) if named(&f.name) => self.found = self.found.or(Some(at)),
                Stmt::ClassDef(c) if named(&c.name) => self.found = self.found.or(Some(at)),
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => return,
                Stmt::Import(_) | Stmt::ImportFrom(_) => {
                    let names: Vec<&str> = match s {
                        Stmt::Import(i) => i
                            .names
                            .iter()
                            .map(|a| {
                                a.asname.as_ref().map_or_else(
                                    || a.name.split('.').next().unwrap_or_default(),
                                    |n| n.as_str(),
                                )
                            })
                            .collect(),
                        Stmt::ImportFrom(f) => f
                            .names
                            .iter()
                            .map(|a| a.asname.as_ref().unwrap_or(&a.name).as_str())
                            .collect(),
                        _ => Vec::new(),
                    };
                    if names.iter().any(|n| named(n))
                        && !(binds_gc(s, self.local) && (self.gc_ok)(s))
                    {
                        self.found = self.found.or(Some(at));
                    }
                }
                Stmt::Global(g) if g.names.iter().any(|n| named(n)) => {
                    self.found = self.found.or(Some(at));
                }
                Stmt::Assign(a) => a.targets.iter().for_each(|t| self.target(t, at)),
                Stmt::AnnAssign(a) => self.target(&a.target, at),
                Stmt::AugAssign(a) => self.target(&a.target, at),
                Stmt::Delete(d) => d.targets.iter().for_each(|t| self.target(t, at)),
                Stmt::For(f) => self.target(&f.target, at),
                Stmt::With(w) => w
                    .items
                    .iter()
                    .filter_map(|i| i.optional_vars.as_deref())
                    .for_each(|v| self.target(v, at)),
                Stmt::Try(t) => {
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        if h.name.as_ref().is_some_and(|n| named(n)) {
                            self.found = self.found.or(Some(h.start()));
                        }
                    }
                }
                _ => {}
            }
            walk_stmt(self, s);
        }
    }
    let mut f = F {
        local,
        gc_ok,
        found: None,
    };
    f.visit_body(stmts);
    f.found
}

/// Where the module binds `local` to something other than the gc module (or a
/// name from it), if anywhere: at module level, or through `global` in a function.
pub(crate) fn module_binding(file: &SourceFile, local: &str) -> Option<TextSize> {
    struct G<'n> {
        local: &'n str,
        found: Option<TextSize>,
    }
    impl StatementVisitor<'_> for G<'_> {
        fn visit_stmt(&mut self, s: &Stmt) {
            if let Stmt::Global(g) = s
                && g.names.iter().any(|n| n.as_str() == self.local)
            {
                self.found = self.found.or(Some(g.start()));
            }
            walk_stmt(self, s);
        }
    }
    let mut g = G { local, found: None };
    g.visit_body(file.suite());
    binding_in(file.suite(), local, &|_| true).or(g.found)
}

/// Where `func` binds `local` in its own scope (a parameter, an assignment, an
/// import, ...), if it does: a `gc.freeze()` at `at` would not reach the module's
/// `gc`, or would raise `UnboundLocalError`. An `import gc` directly in the body
/// before `at` is fine.
pub(crate) fn function_binding(
    func: &StmtFunctionDef,
    local: &str,
    at: TextSize,
) -> Option<TextSize> {
    let early = |s: &Stmt| s.start() < at && func.body.iter().any(|b| std::ptr::eq(b, s));
    func.parameters
        .iter()
        .find(|p| p.name().as_str() == local)
        .map(|p| p.start())
        .or_else(|| binding_in(&func.body, local, &early))
}

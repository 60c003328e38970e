//! gc-freeze-prefork's policy on top of the shared resolver ([`crate::semantic::names`]):
//! calls that fork, exit or `exec`, how a block of code ends, and whether the name the
//! codemod emits (`gc`, or its alias) is bound to something else where it goes.

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use crate::semantic::names::{FileNames, Kind, Scope, Site, Via};
use crate::source::SourceFile;

/// False when `func` is an attribute (`x.name`) whose name is not the last segment
/// of any of `qualified`: an attribute's name is never an import alias, so such a
/// call cannot resolve to one of them. Rules out most calls before
/// [`ProcessCalls::resolve`] builds a qualified name.
pub(crate) fn attr_among(func: &Expr, qualified: &[&str]) -> bool {
    match func {
        Expr::Attribute(a) => qualified
            .iter()
            .any(|q| q.rsplit('.').next() == Some(a.attr.as_str())),
        _ => true,
    }
}

/// gc-freeze-prefork's policy on calls: which calls fork, exit or `exec`, resolved
/// through what the file imports anywhere (top level or inside functions: a fork in a
/// function often imports `os` there) by the shared resolver.
pub(crate) struct ProcessCalls {
    pub(crate) names: FileNames,
}

impl ProcessCalls {
    pub(crate) fn collect(file: &SourceFile) -> Self {
        ProcessCalls {
            names: FileNames::collect(file.suite()),
        }
    }

    /// The qualified `module.name` an expression refers to through an import.
    pub(crate) fn resolve(&self, e: &Expr) -> Option<String> {
        self.names.resolve_through_any_import(e)
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
pub(crate) fn terminates(stmts: &[Stmt], names: &ProcessCalls) -> bool {
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
pub(crate) fn ends_process(stmts: &[Stmt], names: &ProcessCalls) -> bool {
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

/// Whether a site binds the gc module (or a name from it).
fn binds_gc(site: &Site) -> bool {
    match &site.kind {
        Kind::Module(m) => m == "gc",
        Kind::From(q) => q.starts_with("gc."),
        _ => false,
    }
}

/// Where to point at for a binding: its statement, or the capture or `:=` itself
/// (a `match` statement spans many lines).
fn shown_at(site: &Site) -> TextSize {
    match site.via {
        Via::Capture | Via::Walrus => site.at,
        _ => site.stmt,
    }
}

/// Policy: where the module binds `local` (the name the inserted `gc.freeze()` uses)
/// to something other than the gc module (or a name from it), if anywhere: at module
/// level, or through `global` in a function. Annotations without a value count.
pub(crate) fn gc_name_taken_in_module(calls: &ProcessCalls, local: &str) -> Option<TextSize> {
    calls
        .names
        .scope_binding(local, Scope::Module, &|s| !binds_gc(s))
        .map(shown_at)
}

/// Policy: where `func` binds `local` in its own scope (a parameter, an assignment, an
/// import, ...), if it does: a `gc.freeze()` at `at` would not reach the module's
/// `gc`, or would raise `UnboundLocalError`. An `import gc` directly in the body
/// before `at` is fine.
pub(crate) fn gc_name_taken_in_function(
    calls: &ProcessCalls,
    func: &StmtFunctionDef,
    local: &str,
    at: TextSize,
) -> Option<TextSize> {
    let early = |s: &Site| s.stmt < at && func.body.iter().any(|b| b.start() == s.stmt);
    calls
        .names
        .scope_binding(local, Scope::Function(func.start()), &|s| {
            !(binds_gc(s) && early(s))
        })
        .map(shown_at)
}

/// Which statements of a file may hold a site.
pub(crate) enum Reach {
    /// None: the file names no fork function and does not choose a multiprocessing
    /// start method.
    Nothing,
    /// Those holding one of these names `fork`/`forkpty`: every fork call names its
    /// function (`os.fork()`, or `fork()` imported without an alias), and there are
    /// no multiprocessing sites.
    Marked(Vec<TextSize>),
    /// Any.
    All,
}

impl Reach {
    pub(crate) fn of(file: &SourceFile) -> Reach {
        use ruff_python_ast::token::TokenKind;
        let text = file.text.as_bytes();
        // The marks are the names and short strings holding `fork`: a string token
        // starts with a quote or a prefix, never with `fork`.
        let names: Vec<TextSize> = file
            .marks()
            .forks
            .iter()
            .copied()
            .filter(|&at| text[at.to_usize()..].starts_with(b"fork"))
            .collect();
        let aliased = || {
            names.iter().any(|&at| {
                file.tokens()
                    .after(at)
                    .iter()
                    .skip(1)
                    .find(|t| !t.kind().is_trivia())
                    .is_some_and(|t| t.kind() == TokenKind::As)
            })
        };
        if super::mp::Mp::possible(file) || (!names.is_empty() && aliased()) {
            Reach::All
        } else if names.is_empty() {
            Reach::Nothing
        } else {
            Reach::Marked(names)
        }
    }
}

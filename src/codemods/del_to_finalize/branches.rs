//! An attribute assigned in every branch of a top-level `if`/`elif`/`else` of
//! `__init__` (IPython's `Tee`: `self.file = file_or_name` or `self.file =
//! open(...)`) is assigned once `__init__` has run that statement, as if it
//! were assigned at the top level: the registration can follow the `if`.
//! A branch that raises instead (its last statement is `raise`) counts too: the
//! instance never finishes `__init__` then. A `try` is not such a statement (its
//! `except` clauses may run after part of its body).

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef, StmtIf};
use ruff_text_size::Ranged;

use super::scan;

/// The first top-level statement of `__init__` that assigns `me.attr`: a plain or
/// annotated assignment, or an `if` that assigns it in every branch.
pub(crate) fn first_assignment(init: &StmtFunctionDef, me: &str, attr: &str) -> Option<usize> {
    let plain = scan::top_level_assignment(init, me, attr);
    let branched = init
        .body
        .iter()
        .position(|s| matches!(s, Stmt::If(i) if every_branch(init, i, me, attr).is_some()));
    match (plain, branched) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The values a statement found by [`first_assignment`] assigns to `me.attr`.
pub(crate) fn values<'a>(
    init: &StmtFunctionDef,
    stmt: &'a Stmt,
    me: &str,
    attr: &str,
) -> Vec<&'a Expr> {
    match stmt {
        Stmt::If(i) => every_branch(init, i, me, attr).unwrap_or_default(),
        _ => scan::assigned_value(stmt).into_iter().collect(),
    }
}

/// The values assigned to `me.attr` when every branch of `s` (which has an
/// `else`) assigns it with a top-level `me.attr = value` (or a nested `if` of the
/// same kind) or ends in `raise`, and every store of the attribute inside `s` is
/// one of those assignments (a store in a loop or a `try` of a branch could run
/// after them with a value sturdy does not check).
fn every_branch<'a>(
    init: &StmtFunctionDef,
    s: &'a StmtIf,
    me: &str,
    attr: &str,
) -> Option<Vec<&'a Expr>> {
    let mut values = Vec::new();
    let mut counted = Vec::new();
    if !branches_assign(s, me, attr, &mut values, &mut counted) {
        return None;
    }
    let all_counted = scan::stores_in(init)
        .iter()
        .filter(|(a, r)| (a == attr || a == "*") && s.range().contains_range(*r))
        .all(|(_, r)| {
            counted
                .iter()
                .any(|c: &ruff_text_size::TextRange| c.contains_range(*r))
        });
    (all_counted && !values.is_empty()).then_some(values)
}

fn branches_assign<'a>(
    s: &'a StmtIf,
    me: &str,
    attr: &str,
    values: &mut Vec<&'a Expr>,
    counted: &mut Vec<ruff_text_size::TextRange>,
) -> bool {
    if s.elif_else_clauses.last().is_none_or(|c| c.test.is_some()) {
        return false;
    }
    std::iter::once(s.body.as_slice())
        .chain(s.elif_else_clauses.iter().map(|c| c.body.as_slice()))
        .all(|body| branch_assigns(body, me, attr, values, counted))
}

fn branch_assigns<'a>(
    body: &'a [Stmt],
    me: &str,
    attr: &str,
    values: &mut Vec<&'a Expr>,
    counted: &mut Vec<ruff_text_size::TextRange>,
) -> bool {
    let mut assigns = false;
    for stmt in body {
        match stmt {
            Stmt::Assign(a)
                if a.targets.len() == 1 && scan::target_stores(&a.targets[0], me, attr) =>
            {
                assigns = true;
                values.push(&a.value);
                counted.push(a.range());
            }
            Stmt::AnnAssign(a) if a.value.is_some() && scan::target_stores(&a.target, me, attr) => {
                assigns = true;
                values.extend(a.value.as_deref());
                counted.push(a.range());
            }
            Stmt::If(i) => {
                let (n, c) = (values.len(), counted.len());
                if branches_assign(i, me, attr, values, counted) {
                    assigns = true;
                } else {
                    values.truncate(n);
                    counted.truncate(c);
                }
            }
            _ => {}
        }
    }
    assigns || matches!(body.last(), Some(Stmt::Raise(_)))
}

/// Where `__init__` installs the instance in `sys` (`setattr(sys, "stdout", self)`,
/// `sys.stdout = self`; IPython's `Tee`): `sys` then keeps it alive until
/// interpreter exit, where a finalizer runs at `atexit`, before the `atexit`
/// handlers registered earlier (logging's flush), while `__del__` ran only when
/// module teardown restored `sys.stdout`, after all of them.
pub(crate) fn installs_in_sys(
    init: &StmtFunctionDef,
    me: &str,
) -> Option<ruff_text_size::TextSize> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct V<'m> {
        me: &'m str,
        at: Option<ruff_text_size::TextSize>,
    }
    impl<'b> Visitor<'b> for V<'_> {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            let is = |e: &Expr, name: &str| matches!(e, Expr::Name(n) if n.id.as_str() == name);
            if let Stmt::Assign(a) = s
                && is(&a.value, self.me)
                && a.targets
                    .iter()
                    .any(|t| matches!(t, Expr::Attribute(t) if is(&t.value, "sys")))
            {
                self.at.get_or_insert(s.start());
            }
            visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            let is = |e: &Expr, name: &str| matches!(e, Expr::Name(n) if n.id.as_str() == name);
            if let Expr::Call(c) = e
                && is(&c.func, "setattr")
                && let [target, _, value] = c.arguments.args.as_ref()
                && is(target, "sys")
                && is(value, self.me)
            {
                self.at.get_or_insert(c.start());
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = V { me, at: None };
    v.visit_body(&init.body);
    v.at
}

//! Reading one class's code: its methods, where attributes are stored, what
//! `__init__` assigns, and whether a value may refer to the instance.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange};

pub(crate) use crate::util::first_param;

use super::skip::Skip;

/// Direct methods of a class body, by name.
pub(crate) fn methods<'a>(body: &'a [Stmt], name: &str) -> Vec<&'a StmtFunctionDef> {
    crate::util::methods(body, name)
}

/// Every store/delete of `<self>.attr` in the methods of `class` other than `__del__`,
/// in source order, as `(method, attribute, range, line)`; a `setattr` whose name
/// sturdy cannot read is a skip where it comes.
pub(crate) fn method_stores<'a>(
    file: &'a crate::source::SourceFile,
    class: &'a StmtClassDef,
) -> impl Iterator<Item = Result<(&'a StmtFunctionDef, String, TextRange, usize), Skip>> + 'a {
    class
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::FunctionDef(f) if f.name.as_str() != "__del__" => Some(f),
            _ => None,
        })
        .flat_map(move |f| {
            stores_in(f).into_iter().map(move |(attr, range)| {
                let line = file.line_col(range.start()).0;
                if attr == "*" {
                    Err(Skip::DynamicSetattr {
                        function: f.name.to_string(),
                        line,
                    })
                } else {
                    Ok((f, attr, range, line))
                }
            })
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

pub(crate) use crate::semantic::ANY_NAME;
pub(crate) use crate::semantic::index::{data_names, is_constant};

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

//! Inlining into a cleanup function: a plain property read in a kept guard
//! (trio's `if self.closed: return`, where `closed` is `return self.fd == -1`).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{BoolOp, Expr, Stmt, StmtClassDef, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::analyze::skip_docstring;
use super::body::{BodyScan, Use};
use super::flags::{self, Lit, Tri};
use super::guard::{not, replacements};
use super::rewrite::render;
use super::scan::{self, first_param, methods};
use crate::source::SourceFile;

/// A property whose getter is `return <expr>`, `<expr>` reading only attributes
/// of the instance and literals.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prop<'a> {
    pub(crate) name: &'a str,
    pub(crate) expr: &'a Expr,
}

/// Whether an expression only compares, negates and combines attributes of `me`
/// and literals (it cannot call anything, so it cannot raise once the attributes
/// exist, and it means the same on captured values).
fn pure(e: &Expr, me: &str) -> bool {
    match e {
        Expr::Attribute(a) => {
            matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me)
                && !(a.attr.starts_with("__") && a.attr.ends_with("__"))
        }
        Expr::NoneLiteral(_) | Expr::BooleanLiteral(_) => true,
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) => Lit::of(e).is_some(),
        Expr::UnaryOp(u) => matches!(u.op, UnaryOp::Not | UnaryOp::USub) && pure(&u.operand, me),
        Expr::BoolOp(b) => b.values.iter().all(|v| pure(v, me)),
        Expr::Compare(c) => pure(&c.left, me) && c.comparators.iter().all(|v| pure(v, me)),
        _ => false,
    }
}

/// The property `name` of the class, when it is a plain `@property` whose getter
/// (taking `me` as its first parameter) is `return <pure expr>` on one line, and
/// nothing else in the class body binds the name.
pub(crate) fn simple_property<'a>(
    class: &'a StmtClassDef,
    name: &str,
    me: &str,
) -> Option<Prop<'a>> {
    let bound = scan::class_level_names(class)
        .iter()
        .filter(|(n, _)| n == name)
        .count();
    let found = methods(&class.body, name);
    let [f] = found.as_slice() else {
        return None;
    };
    let p = &f.parameters;
    let ok = bound == 1
        && !f.is_async
        && matches!(f.decorator_list.as_slice(), [d] if matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "property"))
        && p.posonlyargs.len() + p.args.len() == 1
        && p.vararg.is_none()
        && p.kwarg.is_none()
        && p.kwonlyargs.is_empty()
        && first_param(f) == Some(me);
    if !ok {
        return None;
    }
    let [Stmt::Return(r)] = skip_docstring(&f.body) else {
        return None;
    };
    let e = r.value.as_deref()?;
    pure(e, me).then_some(Prop {
        name: f.name.as_str(),
        expr: e,
    })
}

/// The simple properties a guard reads.
pub(crate) fn properties_in<'a>(class: &'a StmtClassDef, test: &Expr, me: &str) -> Vec<Prop<'a>> {
    let (attrs, _) = flags::attrs_read(test, me);
    let mut out: Vec<Prop<'a>> = Vec::new();
    for a in attrs {
        if let Some(p) = simple_property(class, &a, me)
            && !out.iter().any(|o| o.name == p.name)
        {
            out.push(p);
        }
    }
    out
}

fn prop_read<'p, 'a>(e: &Expr, me: &str, props: &'p [Prop<'a>]) -> Option<&'p Prop<'a>> {
    let name = flags::flag_read(e, me)?;
    props.iter().find(|p| p.name == name)
}

fn mentions_prop(e: &Expr, me: &str, props: &[Prop<'_>]) -> bool {
    struct M<'m, 'p, 'a> {
        me: &'m str,
        props: &'p [Prop<'a>],
        found: bool,
    }
    impl<'b> Visitor<'b> for M<'_, '_, '_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if prop_read(e, self.me, self.props).is_some() {
                self.found = true;
            }
            if !self.found {
                visitor::walk_expr(self, e);
            }
        }
    }
    let mut m = M {
        me,
        props,
        found: false,
    };
    m.visit_expr(e);
    m.found
}

/// Scan a guard, reading each simple property through its getter's expression:
/// records the uses in `scan`; returns the ranges of the property reads and the
/// expressions they stand for.
pub(crate) fn scan_test<'a>(
    scan: &mut BodyScan<'_>,
    test: &Expr,
    props: &[Prop<'a>],
) -> Vec<(TextRange, &'a Expr)> {
    struct W<'s, 'x, 'p, 'a> {
        scan: &'s mut BodyScan<'x>,
        props: &'p [Prop<'a>],
        found: Vec<(TextRange, &'a Expr)>,
    }
    impl<'b> Visitor<'b> for W<'_, '_, '_, '_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            let me = self.scan.me;
            if let Some(p) = prop_read(e, me, self.props) {
                self.found.push((e.range(), p.expr));
                self.scan.visit_expr(p.expr);
            } else if mentions_prop(e, me, self.props) {
                visitor::walk_expr(self, e);
            } else {
                self.scan.visit_expr(e);
            }
        }
    }
    let mut w = W {
        scan,
        props,
        found: Vec::new(),
    };
    w.visit_expr(test);
    w.found
}

/// The text of kept guards in the cleanup function: captured attributes become
/// parameters and property reads their getter's expression.
pub(crate) fn kept_test(
    file: &SourceFile,
    kept: &[&Expr],
    uses: &[Use],
    inlined: &[(TextRange, &Expr)],
    param_of: &dyn Fn(&str) -> String,
) -> String {
    kept.iter()
        .map(|c| {
            let mut reps = replacements(uses, c.range(), param_of);
            for (r, e) in inlined {
                if !c.range().contains_range(*r) {
                    continue;
                }
                let t = render(
                    file,
                    e.range(),
                    &replacements(uses, e.range(), param_of),
                    None,
                );
                let bare = *r == c.range() || matches!(e, Expr::Attribute(_));
                reps.push((*r, if bare { t } else { format!("({t})") }));
            }
            let t = render(file, c.range(), &reps, None);
            if matches!(
                c,
                Expr::BoolOp(_) | Expr::If(_) | Expr::Lambda(_) | Expr::Named(_)
            ) {
                format!("({t})")
            } else {
                t
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A guard's truth with attribute values from `value`, reading simple properties
/// through their getters; operands are evaluated left to right, so an unknown
/// operand before the deciding one makes the result unknown (it could raise).
pub(crate) fn eval(
    e: &Expr,
    me: &str,
    props: &[Prop<'_>],
    value: &dyn Fn(&str) -> Option<Lit>,
) -> Tri {
    if let Some(p) = prop_read(e, me, props) {
        return eval(p.expr, me, props, value);
    }
    match e {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => not(eval(&u.operand, me, props, value)),
        Expr::BoolOp(b) => {
            let (stop, go) = match b.op {
                BoolOp::And => (Tri::False, Tri::True),
                BoolOp::Or => (Tri::True, Tri::False),
            };
            for v in &b.values {
                match eval(v, me, props, value) {
                    t if t == stop => return stop,
                    t if t == go => {}
                    _ => return Tri::Unknown,
                }
            }
            go
        }
        _ if mentions_prop(e, me, props) => Tri::Unknown,
        _ => flags::eval(e, me, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::bindings::parse_expr as expr;

    #[test]
    fn evaluates_through_properties() {
        let getter = expr("self.fd == -1");
        let props = [Prop {
            name: "closed",
            expr: &getter,
        }];
        let fd = |v: i64| move |n: &str| (n == "fd").then_some(Lit::Int(v));
        let g = expr("self.closed");
        assert_eq!(eval(&g, "self", &props, &fd(-1)), Tri::True);
        assert_eq!(eval(&g, "self", &props, &fd(3)), Tri::False);
        let g = expr("self.other or self.closed");
        assert_eq!(eval(&g, "self", &props, &fd(-1)), Tri::Unknown);
        let g = expr("self.closed or self.other");
        assert_eq!(eval(&g, "self", &props, &fd(-1)), Tri::True);
        assert!(pure(&expr("not self.a and self.b is None"), "self"));
        assert!(!pure(&expr("self.a()"), "self"));
        assert!(!pure(&expr("self.__dict__"), "self"));
    }
}

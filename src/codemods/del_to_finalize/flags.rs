//! Guards on instance flags (`if not self._closed:`): literal values, and a
//! three-valued evaluation of a guard for given flag values.

use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, UnaryOp};

/// A literal value a flag can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lit {
    None,
    Bool(bool),
    Int(i64),
    Str(String),
}

impl Lit {
    /// The literal an expression is, if it is one.
    pub(crate) fn of(e: &Expr) -> Option<Lit> {
        match e {
            Expr::NoneLiteral(_) => Some(Lit::None),
            Expr::BooleanLiteral(b) => Some(Lit::Bool(b.value)),
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_i64().map(Lit::Int),
                _ => None,
            },
            Expr::StringLiteral(s) => Some(Lit::Str(s.value.to_str().to_string())),
            Expr::UnaryOp(u) if u.op == UnaryOp::USub => match Lit::of(&u.operand)? {
                Lit::Int(i) => Some(Lit::Int(-i)),
                _ => None,
            },
            _ => None,
        }
    }
    fn truthy(&self) -> bool {
        match self {
            Lit::None => false,
            Lit::Bool(b) => *b,
            Lit::Int(i) => *i != 0,
            Lit::Str(s) => !s.is_empty(),
        }
    }
    fn as_number(&self) -> Option<i64> {
        match self {
            Lit::Bool(b) => Some(i64::from(*b)),
            Lit::Int(i) => Some(*i),
            _ => None,
        }
    }
    fn equals(&self, other: &Lit) -> bool {
        match (self.as_number(), other.as_number()) {
            (Some(a), Some(b)) => a == b,
            _ => self == other,
        }
    }
}

/// A truth value that may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn of(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// The attribute a flag read names: `self.F` → `F`.
pub(crate) fn flag_read<'e>(e: &'e Expr, me: &str) -> Option<&'e str> {
    match e {
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me) => {
            Some(a.attr.as_str())
        }
        _ => None,
    }
}

/// The attributes of `me` an expression reads (`self.F`, `hasattr(self, "F")`,
/// `getattr(self, "F", …)`), and whether it reads `me` any other way.
pub(crate) fn attrs_read(e: &Expr, me: &str) -> (Vec<String>, bool) {
    use ruff_python_ast::visitor::{self, Visitor};
    struct R<'m> {
        me: &'m str,
        attrs: Vec<String>,
        other: bool,
    }
    impl<'b> Visitor<'b> for R<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Some(a) = flag_read(e, self.me) {
                self.attrs.push(a.to_string());
                return;
            }
            if let Expr::Call(c) = e
                && matches!(&*c.func, Expr::Name(f) if matches!(f.id.as_str(), "hasattr" | "getattr"))
                && matches!(c.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == self.me)
                && let Some(Expr::StringLiteral(s)) = c.arguments.args.get(1)
            {
                self.attrs.push(s.value.to_str().to_string());
                for extra in c.arguments.args.iter().skip(2) {
                    self.visit_expr(extra);
                }
                return;
            }
            if matches!(e, Expr::Name(n) if n.id.as_str() == self.me) {
                self.other = true;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut r = R {
        me,
        attrs: Vec::new(),
        other: false,
    };
    r.visit_expr(e);
    (r.attrs, r.other)
}

/// The conjuncts of a guard (`a and b and c` → `[a, b, c]`).
pub(crate) fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::BoolOp(b) if b.op == BoolOp::And => b.values.iter().flat_map(conjuncts).collect(),
        _ => vec![e],
    }
}

/// Evaluate a guard's truth with flag values from `value` (`None`: unknown).
pub(crate) fn eval(e: &Expr, me: &str, value: &dyn Fn(&str) -> Option<Lit>) -> Tri {
    match e {
        Expr::UnaryOp(u) if u.op == UnaryOp::Not => eval(&u.operand, me, value).not(),
        Expr::BoolOp(b) => {
            let vals: Vec<Tri> = b.values.iter().map(|v| eval(v, me, value)).collect();
            let (stop, go) = match b.op {
                BoolOp::And => (Tri::False, Tri::True),
                BoolOp::Or => (Tri::True, Tri::False),
            };
            if vals.contains(&stop) {
                stop
            } else if vals.iter().all(|v| *v == go) {
                go
            } else {
                Tri::Unknown
            }
        }
        Expr::Compare(c) if c.ops.len() == 1 => {
            let (Some(l), Some(r)) = (
                operand(&c.left, me, value),
                operand(&c.comparators[0], me, value),
            ) else {
                return Tri::Unknown;
            };
            let singleton = |x: &Lit| matches!(x, Lit::None | Lit::Bool(_));
            match c.ops[0] {
                CmpOp::Eq => Tri::of(l.equals(&r)),
                CmpOp::NotEq => Tri::of(!l.equals(&r)),
                CmpOp::Is if singleton(&l) || singleton(&r) => Tri::of(l == r),
                CmpOp::IsNot if singleton(&l) || singleton(&r) => Tri::of(l != r),
                _ => Tri::Unknown,
            }
        }
        // `hasattr(self, "F")`: true while `F` holds a literal.
        Expr::Call(c)
            if matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "hasattr")
                && matches!(c.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == me)
                && c.arguments.args.len() == 2 =>
        {
            match c.arguments.args.get(1) {
                Some(Expr::StringLiteral(s)) if value(s.value.to_str()).is_some() => Tri::True,
                _ => Tri::Unknown,
            }
        }
        _ => match operand(e, me, value) {
            Some(l) => Tri::of(l.truthy()),
            None => Tri::Unknown,
        },
    }
}

fn operand(e: &Expr, me: &str, value: &dyn Fn(&str) -> Option<Lit>) -> Option<Lit> {
    if let Some(f) = flag_read(e, me) {
        return value(f);
    }
    // `getattr(self, "F", default)`: the value while `F` holds a literal.
    if let Expr::Call(c) = e
        && matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "getattr")
        && matches!(c.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == me)
        && let Some(Expr::StringLiteral(s)) = c.arguments.args.get(1)
    {
        return value(s.value.to_str());
    }
    Lit::of(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::bindings::parse_expr as expr;

    #[test]
    fn evaluates_guards_three_ways() {
        let closed = |v: Option<Lit>| move |n: &str| if n == "_closed" { v.clone() } else { None };
        let g = expr("not self._closed and self.sock is not None");
        assert_eq!(eval(&g, "self", &closed(Some(Lit::Bool(true)))), Tri::False);
        assert_eq!(
            eval(&g, "self", &closed(Some(Lit::Bool(false)))),
            Tri::Unknown
        );
        let g = expr("self._closed == 0 or self._closed is None");
        assert_eq!(eval(&g, "self", &closed(Some(Lit::Bool(false)))), Tri::True);
        assert_eq!(eval(&g, "self", &closed(Some(Lit::Int(2)))), Tri::False);
        assert_eq!(eval(&g, "self", &closed(None)), Tri::Unknown);
        assert_eq!(conjuncts(&expr("a and (b and c) and (d or e)")).len(), 4);
    }
}

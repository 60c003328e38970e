//! A guard of `__del__`'s body on instance flags (`if not self._closed:` — a
//! warn-if-unclosed `__del__` is one): dropped from the cleanup, with
//! `self._finalizer.detach()` wherever the flags close the instance.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{self as ast, Expr, Stmt, StmtClassDef, StmtFunctionDef, StmtIf};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::ClassCx;
use super::analyze::init_of;
use super::body::Use;
use super::flags::{self, Lit, Tri};
use super::rewrite::Piece;
use super::scan::{self, first_param};
use super::skip::Skip;
use crate::codemods::Context;
use crate::source::SourceFile;
use crate::util::{alone_on_lines, indent_of};

/// A guard of `__del__`'s body on instance flags.
#[derive(Debug)]
pub(crate) struct FlagGuard<'a> {
    /// The `if` statement.
    pub(crate) stmt: &'a StmtIf,
    /// `if <closed>: return` followed by the cleanup (else `if <open>: <cleanup>`).
    pub(crate) early_return: bool,
    /// The cleanup statements.
    pub(crate) body: &'a [Stmt],
    /// Statements of `body` that set a flag on the dying instance (`self._closed =
    /// True`): a finalizer has no instance to set it on, and nothing can see it.
    pub(crate) dropped: Vec<&'a Stmt>,
    /// The flags the guard tests.
    pub(crate) flags: Vec<String>,
    /// Conjuncts that test only flags (the whole test for `early_return`).
    pub(crate) flag_tests: Vec<&'a Expr>,
    /// Conjuncts that test captured attributes: kept in the cleanup function.
    pub(crate) kept: Vec<&'a Expr>,
    /// The flags' values once `__init__` has run.
    pub(crate) v0: Vec<(String, Lit)>,
    pub(crate) me: String,
}

impl FlagGuard<'_> {
    /// Whether the flag part of the guard lets the cleanup run, for flag values.
    pub(crate) fn open(&self, value: &dyn Fn(&str) -> Option<Lit>) -> Tri {
        let mut all = Tri::True;
        for t in &self.flag_tests {
            let v = flags::eval(t, &self.me, value);
            let v = if self.early_return { not(v) } else { v };
            all = match (all, v) {
                (Tri::False, _) | (_, Tri::False) => Tri::False,
                (Tri::True, Tri::True) => Tri::True,
                _ => Tri::Unknown,
            };
        }
        all
    }
    fn v0_of(&self, attr: &str) -> Option<Lit> {
        self.v0
            .iter()
            .find(|(a, _)| a == attr)
            .map(|(_, l)| l.clone())
    }
}

pub(crate) fn not(t: Tri) -> Tri {
    match t {
        Tri::True => Tri::False,
        Tri::False => Tri::True,
        Tri::Unknown => Tri::Unknown,
    }
}

/// The literal each attribute holds after its last top-level assignment in
/// `__init__`, if that is a literal and `__init__` stores the attribute nowhere
/// else (a store in a nested block — `try`, `if`, a loop, a nested function — may
/// run after it: the value once `__init__` has finished is then unknown).
pub(crate) fn init_literal(init: &StmtFunctionDef, init_me: &str, attr: &str) -> Option<Lit> {
    let tops = scan::top_level_assignments(init, init_me, attr);
    let last = *tops.last()?;
    let nested = scan::stores_in(init).iter().any(|(a, r)| {
        a == attr
            && !tops
                .iter()
                .any(|&i| init.body[i].range().contains_range(*r))
    });
    if nested {
        return None;
    }
    match &init.body[last] {
        Stmt::Assign(a) if a.targets.len() == 1 && matches!(&a.targets[0], Expr::Attribute(_)) => {
            Lit::of(&a.value)
        }
        _ => None,
    }
}

/// `__del__`'s guard on flags, if its body has one: `if <test>: <cleanup>` (the
/// only statement) or `if <test>: return` then the cleanup, where the test (or
/// some of its `and`-ed parts) reads only attributes that `__init__` sets to
/// literals and the cleanup does not read.
pub(crate) fn flag_guard<'a>(
    cx: &Context<'_>,
    k: &ClassCx<'a>,
    me: &str,
    body: &'a [Stmt],
) -> Result<Option<FlagGuard<'a>>, Skip> {
    let (stmt, early, rest) = match body {
        [Stmt::If(i)] if i.elif_else_clauses.is_empty() => (i, false, &i.body[..]),
        [Stmt::If(i), rest @ ..]
            if i.elif_else_clauses.is_empty()
                && !rest.is_empty()
                && matches!(i.body.as_slice(), [Stmt::Return(r)] if r.value.is_none()) =>
        {
            (i, true, rest)
        }
        _ => return Ok(None),
    };
    // The flags' values once `__init__` has run: literals it stores, or (a
    // dataclass without `__init__`) the defaults of `init=False` fields.
    let init = init_of(k.class).ok();
    let dc = match init {
        Some(_) => None,
        None => match super::dataclass::detect(cx.file, k.class) {
            Some(r) => Some(r?),
            None => None,
        },
    };
    if init.is_none() && dc.is_none() {
        return Ok(None);
    }
    let initial = |a: &str| match (init, &dc) {
        (Some((init, init_me)), _) => init_literal(init, init_me, a),
        (None, Some(d)) => d.initial(k.class, a),
        (None, None) => None,
    };
    // `self.X = <literal>` statements of the cleanup: dropped if `X` is a flag.
    let literal_store = |s: &Stmt| -> Option<String> {
        let Stmt::Assign(a) = s else { return None };
        let [Expr::Attribute(t)] = a.targets.as_slice() else {
            return None;
        };
        (matches!(&*t.value, Expr::Name(n) if n.id.as_str() == me) && Lit::of(&a.value).is_some())
            .then(|| t.attr.to_string())
    };
    let mut body_reads: FxHashSet<String> = FxHashSet::default();
    for s in rest.iter().filter(|s| literal_store(s).is_none()) {
        struct R<'m>(&'m str, FxHashSet<String>);
        impl<'b> Visitor<'b> for R<'_> {
            fn visit_expr(&mut self, e: &'b Expr) {
                let (attrs, _) = flags::attrs_read(e, self.0);
                self.1.extend(attrs);
            }
        }
        let mut r = R(me, FxHashSet::default());
        r.visit_stmt(s);
        body_reads.extend(r.1);
    }
    // A flag is state the class changes: set to a literal in `__init__`, stored by
    // another method, and not used by the cleanup itself.
    let changed: FxHashSet<String> = k
        .class
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::FunctionDef(f) if !matches!(f.name.as_str(), "__init__" | "__del__") => Some(f),
            _ => None,
        })
        .flat_map(|f| scan::stores_in(f).into_iter().map(|(a, _)| a))
        .collect();
    let flagish = |a: &str| initial(a).is_some() && !body_reads.contains(a) && changed.contains(a);
    let conj: Vec<&Expr> = if early {
        vec![&*stmt.test]
    } else {
        flags::conjuncts(&stmt.test)
    };
    let (mut flag_tests, mut kept, mut flag_attrs) = (Vec::new(), Vec::new(), Vec::<String>::new());
    for c in conj {
        let (attrs, other) = flags::attrs_read(c, me);
        if other {
            return Ok(None);
        }
        let n_flag = attrs.iter().filter(|a| flagish(a)).count();
        if n_flag == 0 {
            if early {
                return Ok(None);
            }
            kept.push(c);
        } else if n_flag == attrs.len() {
            flag_tests.push(c);
            for a in attrs {
                if !flag_attrs.contains(&a) {
                    flag_attrs.push(a);
                }
            }
        } else {
            let a = attrs.iter().find(|a| flagish(a)).expect("a flag").clone();
            return Err(Skip::Flag {
                attr: a,
                why: "is tested in one condition with attributes the cleanup uses; test it separately (`if not self.closed and ...:` → nested `if`s)".to_string(),
            });
        }
    }
    if flag_tests.is_empty() {
        return Ok(None);
    }
    let dropped: Vec<&Stmt> = rest
        .iter()
        .filter(|s| literal_store(s).is_some_and(|a| flag_attrs.contains(&a)))
        .collect();
    let v0 = flag_attrs
        .iter()
        .map(|a| (a.clone(), initial(a).expect("flagish")))
        .collect();
    let g = FlagGuard {
        stmt,
        early_return: early,
        body: rest,
        dropped,
        flags: flag_attrs,
        flag_tests,
        kept,
        v0,
        me: me.to_string(),
    };
    if g.open(&|a| g.v0_of(a)) != Tri::True {
        return Err(Skip::NeverRuns {
            line: cx.file.line_col(stmt.start()).0,
        });
    }
    Ok(Some(g))
}

/// A statement that closes the instance (sets a flag so that the guard is false):
/// `self._finalizer.detach()` goes after it.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) attr: String,
    pub(crate) method: String,
    /// The statement.
    pub(crate) range: TextRange,
    pub(crate) line_end: TextSize,
    pub(crate) indent: String,
    pub(crate) me: String,
}

/// Every store of a guard's flag outside `__init__`: each must set a literal that
/// makes the guard false whatever the other flags hold.
pub(crate) fn detach_sites(
    cx: &Context<'_>,
    class: &StmtClassDef,
    g: &FlagGuard<'_>,
) -> Result<Vec<Site>, Skip> {
    let file = cx.file;
    let mut out = Vec::new();
    for stmt in &class.body {
        let Stmt::FunctionDef(f) = stmt else { continue };
        if matches!(f.name.as_str(), "__init__" | "__del__") {
            continue;
        }
        let Some(fme) = first_param(f) else { continue };
        for (attr, range) in scan::stores_in(f) {
            if !g.flags.contains(&attr) {
                continue;
            }
            let line = file.line_col(range.start()).0;
            let Some(assign) = find_assign(&f.body, range) else {
                return Err(Skip::Flag {
                    attr,
                    why: format!(
                        "is changed in `{}` (line {line}) in a way sturdy cannot follow",
                        f.name
                    ),
                });
            };
            let Some(lit) = Lit::of(&assign.value) else {
                return Err(Skip::Flag {
                    attr,
                    why: format!(
                        "is set in `{}` (line {line}) to a value that is not a literal",
                        f.name
                    ),
                });
            };
            let value = |a: &str| (a == attr).then(|| lit.clone());
            if g.open(&value) != Tri::False {
                return Err(Skip::Flag {
                    attr: attr.clone(),
                    why: format!(
                        "is set in `{}` (line {line}) to a value that may let the cleanup run again",
                        f.name
                    ),
                });
            }
            let s = Stmt::Assign(assign.clone());
            let (Some(indent), true) = (indent_of(file, &s), alone_on_lines(file, assign.range()))
            else {
                return Err(Skip::SharesLine {
                    what: format!("the statement at line {line}"),
                });
            };
            out.push(Site {
                attr,
                method: f.name.to_string(),
                range: assign.range(),
                line_end: file.text.full_line_end(assign.end()),
                indent: indent.to_string(),
                me: fme.to_string(),
            });
        }
    }
    Ok(out)
}

/// The `x.attr = value` statement whose target is at `target`.
fn find_assign(body: &[Stmt], target: TextRange) -> Option<&ast::StmtAssign> {
    struct F<'a>(TextRange, Option<&'a ast::StmtAssign>);
    impl<'a> Visitor<'a> for F<'a> {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            if let Stmt::Assign(a) = s
                && a.targets.len() == 1
                && a.targets[0].range() == self.0
            {
                self.1 = Some(a);
            }
            ruff_python_ast::visitor::walk_stmt(self, s);
        }
    }
    let mut f = F(target, None);
    f.visit_body(body);
    f.1
}

/// The edits that take the flag part of the guard out of the cleanup function.
pub(crate) fn unguard_pieces(
    file: &SourceFile,
    g: &FlagGuard<'_>,
    uses: &[Use],
    param_of: &dyn Fn(&str) -> String,
) -> Result<Vec<Piece>, Skip> {
    let shares = || Skip::SharesLine {
        what: "the condition of `__del__`".to_string(),
    };
    let stmt = g.stmt;
    let mut pieces = Vec::new();
    for d in &g.dropped {
        if !alone_on_lines(file, d.range()) {
            return Err(shares());
        }
        pieces.push(Piece::Delete(file.text.full_lines_range(d.range())));
    }
    if g.early_return {
        if !alone_on_lines(file, stmt.range()) {
            return Err(shares());
        }
        pieces.push(Piece::Delete(file.text.full_lines_range(stmt.range())));
        return Ok(pieces);
    }
    let first = &stmt.body[0];
    let (Some(if_indent), Some(body_indent)) = (indent_of(file, stmt), indent_of(file, first))
    else {
        return Err(shares());
    };
    if file.line_col(first.start()).0 == file.line_col(stmt.start()).0 {
        return Err(shares());
    }
    if !g.kept.is_empty() {
        // `if <kept conjuncts>:` stays.
        let text = kept_test(file, &g.kept, uses, param_of);
        pieces.push(Piece::Replace(stmt.test.range(), text));
        return Ok(pieces);
    }
    pieces.push(Piece::Delete(TextRange::new(
        file.text.line_start(stmt.start()),
        file.text.line_start(first.start()),
    )));
    pieces.push(Piece::Reindent {
        range: TextRange::new(file.text.line_start(first.start()), stmt.end()),
        from: body_indent.to_string(),
        to: if_indent.to_string(),
    });
    Ok(pieces)
}

/// The kept conjuncts of a guard, `and`-ed, with `self.x` replaced by parameters.
pub(crate) fn kept_test(
    file: &SourceFile,
    kept: &[&Expr],
    uses: &[Use],
    param_of: &dyn Fn(&str) -> String,
) -> String {
    super::inline::kept_test(file, kept, uses, &[], param_of)
}

/// The replacements of `self` uses within `range`.
pub(crate) fn replacements(
    uses: &[Use],
    range: TextRange,
    param_of: &dyn Fn(&str) -> String,
) -> Vec<(TextRange, String)> {
    uses.iter()
        .filter(|u| range.contains_range(u.range()))
        .map(|u| match u {
            Use::Attr(a, r) => (*r, param_of(a)),
            Use::Getattr(a, r, is_has) => (
                *r,
                if *is_has {
                    "True".to_string()
                } else {
                    param_of(a)
                },
            ),
            Use::Id(r) => (*r, param_of("<id>")),
            Use::WarnSource(r) => (*r, String::new()),
            Use::TypeName {
                range,
                via_class,
                attr,
            } => (*range, param_of(&super::fixed::key(*via_class, attr))),
        })
        .collect()
}

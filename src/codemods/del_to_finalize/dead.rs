//! Dead stores after cleanup: a `__del__` that releases resources and also sets
//! `self.x = None` (or a closed flag) on the dying instance. The finalizer has no
//! instance to set it on, and nothing could see the store: the instance is
//! deallocated right after `__del__` returns, and the cleanup cannot reach it (no
//! `self` passed on, no method called). The store is dropped when it runs no code,
//! cannot fail, and nothing in the cleanup reads the attribute after it.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_source_file::LineRanges;
use ruff_text_size::Ranged;

use super::ClassCx;
use super::body;
use super::clear::{self, Clearing};
use super::project::Place;
use super::rewrite::Piece;
use super::scan;
use super::skip::Skip;
use crate::codemods::Context;
use crate::util::alone_on_lines;

/// The statements of the cleanup body `scanned` that store a constant into an
/// attribute of the instance (`self.conn = None`), to drop: at its top level or in
/// `if`/`with`/`try` blocks (not in loops, where a read before the store may run
/// after it), each in a block that keeps another statement. `already`: statements
/// dropped for another reason (a guard's flag stores). Statements that store
/// something else, or whose attribute may be read afterwards through `self` passed
/// on, are left to the body scan (which refuses them); one whose attribute is read
/// afterwards gives that reason.
pub(crate) fn dead_stores<'a>(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    scanned: &'a [Stmt],
    already: &[&Stmt],
) -> Result<Vec<&'a Stmt>, Skip> {
    let file = cx.file;
    let mut found: Vec<(&Stmt, String)> = Vec::new();
    candidates(scanned, me, already, true, &mut found);
    let mut reads = Reads {
        me,
        found: Vec::new(),
    };
    reads.visit_body(scanned);
    let mut out: Vec<&Stmt> = Vec::new();
    let mut attrs: Vec<String> = Vec::new();
    for (s, attr) in found {
        let line = file.line_col(s.start()).0;
        let later = reads
            .found
            .iter()
            .filter(|(_, at)| *at > s.end())
            .find(|(a, _)| a.as_deref().is_none_or(|a| a == attr));
        match later {
            Some((Some(_), at)) => {
                return Err(Skip::Body {
                    why: format!(
                        "`__del__` sets `{me}.{attr}` and reads it again (line {}): a finalizer cannot change the instance",
                        file.line_col(*at).0
                    ),
                    line,
                });
            }
            // `self` passed on afterwards: the body scan says so.
            Some((None, _)) => continue,
            None => {}
        }
        if !alone_on_lines(file, s.range()) {
            return Err(Skip::SharesLine {
                what: format!("the statement on line {line}"),
            });
        }
        attrs.push(attr);
        out.push(s);
    }
    if out.is_empty() {
        return Ok(out);
    }
    // Something must remain for the cleanup function (leading `x = self.x`
    // aliases become its parameters).
    let aliases = body::leading_aliases(file, scanned, me);
    let remains = scanned.iter().any(|s| {
        !out.iter().any(|d| std::ptr::eq(*d, s))
            && !already.iter().any(|d| std::ptr::eq(*d, s))
            && !aliases.iter().any(|(_, _, r)| *r == s.range())
    });
    let line = file.line_col(out[0].start()).0;
    if !remains {
        return Err(Skip::Body {
            why: "`__del__` only reads and sets attributes of the instance: there is nothing for a finalizer to release; keep `__del__`".to_string(),
            line,
        });
    }
    // The store runs no code and cannot raise (which would stop `__del__` before
    // the statements after it): an instance `__dict__`, no `__setattr__` or
    // descriptor.
    let first = attrs[0].clone();
    let wrap = |why: String| Skip::Body {
        why: format!(
            "`__del__` sets `{me}.{first}`, which sturdy drops from the finalizer only when the store is invisible, but {why}"
        ),
        line,
    };
    if scan::slots(k.class).is_some() {
        return Err(wrap(format!(
            "class `{}` defines `__slots__`, where the store can fail",
            k.class.name
        )));
    }
    let stores = Clearing {
        attrs,
        stores: true,
        deletes: false,
    };
    clear::stores_run_no_code(cx, k, place, me, &stores, &wrap)?;
    Ok(out)
}

/// The deletions of the dropped statements.
pub(crate) fn pieces(cx: &Context<'_>, dead: &[&Stmt]) -> Vec<Piece> {
    dead.iter()
        .map(|d| Piece::Delete(cx.file.text.full_lines_range(d.range())))
        .collect()
}

/// `self.a = <constant>` (one target: the stores the finalizer drops are allowed
/// by statement): the attribute.
fn constant_store(s: &Stmt, me: &str) -> Option<String> {
    let Stmt::Assign(a) = s else { return None };
    let [Expr::Attribute(t)] = a.targets.as_slice() else {
        return None;
    };
    let plain = matches!(&*t.value, Expr::Name(n) if n.id.as_str() == me)
        && !(t.attr.starts_with("__") && t.attr.ends_with("__"));
    (plain && scan::is_constant(&a.value)).then(|| t.attr.to_string())
}

/// The constant stores of `block` and of the `if`/`with`/`try` blocks in it; a
/// nested block's stores only when another statement of that block stays.
fn candidates<'a>(
    block: &'a [Stmt],
    me: &str,
    already: &[&Stmt],
    top: bool,
    out: &mut Vec<(&'a Stmt, String)>,
) {
    let mut kept = 0;
    for s in block {
        if already.iter().any(|d| std::ptr::eq(*d, s)) {
            continue;
        }
        if let Some(attr) = constant_store(s, me) {
            out.push((s, attr));
            continue;
        }
        kept += 1;
        let mut nested = |b: &'a [Stmt]| candidates(b, me, already, false, out);
        match s {
            Stmt::If(i) => {
                nested(&i.body);
                for c in &i.elif_else_clauses {
                    nested(&c.body);
                }
            }
            Stmt::With(w) => nested(&w.body),
            Stmt::Try(t) => {
                nested(&t.body);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    nested(&h.body);
                }
                nested(&t.orelse);
                nested(&t.finalbody);
            }
            _ => {}
        }
    }
    if !top && kept == 0 {
        // Dropping them would leave the block empty.
        out.retain(|(s, _)| !block.iter().any(|b| std::ptr::eq(b, *s)));
    }
}

/// Reads of `me.attr` (`Some(attr)`), `getattr(me, "attr")`/`hasattr` included, and
/// other uses of `me` itself (`None`: may read anything), with where they start.
/// `id(me)` reads nothing.
struct Reads<'m> {
    me: &'m str,
    found: Vec<(Option<String>, ruff_text_size::TextSize)>,
}

impl<'b> Visitor<'b> for Reads<'_> {
    fn visit_expr(&mut self, e: &'b Expr) {
        let is_me = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == self.me);
        match e {
            Expr::Attribute(a) if is_me(&a.value) => {
                self.found.push((Some(a.attr.to_string()), a.start()));
            }
            Expr::Call(c)
                if matches!(&*c.func, Expr::Name(f) if matches!(f.id.as_str(), "getattr" | "hasattr" | "id"))
                    && c.arguments.args.first().is_some_and(is_me) =>
            {
                if let Some(Expr::StringLiteral(s)) = c.arguments.args.get(1) {
                    self.found
                        .push((Some(s.value.to_str().to_string()), c.start()));
                } else if !matches!(&*c.func, Expr::Name(f) if f.id.as_str() == "id") {
                    self.found.push((None, c.start()));
                }
                for a in c.arguments.args.iter().skip(2) {
                    self.visit_expr(a);
                }
            }
            Expr::Name(n) if n.id.as_str() == self.me => self.found.push((None, n.start())),
            _ => visitor::walk_expr(self, e),
        }
    }
}

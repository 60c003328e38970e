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

/// The top-level statements of the cleanup body `scanned` that store a constant
/// into an attribute of the instance (`self.conn = None`), to drop; `already`:
/// statements dropped for another reason (a guard's flag stores). Statements that
/// store something else are left to the body scan (which refuses them); one that
/// looks dead but is not gives its reason.
pub(crate) fn dead_stores<'a>(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    scanned: &'a [Stmt],
    already: &[&Stmt],
) -> Result<Vec<&'a Stmt>, Skip> {
    let file = cx.file;
    let mut out: Vec<&Stmt> = Vec::new();
    let mut attrs: Vec<String> = Vec::new();
    for (i, s) in scanned.iter().enumerate() {
        if already.iter().any(|d| std::ptr::eq(*d, s)) {
            continue;
        }
        let Some(stored) = constant_store(s, me) else {
            continue;
        };
        let line = file.line_col(s.start()).0;
        let fail = |why: String| Err(Skip::Body { why, line });
        for attr in &stored {
            if let Some(later) = scanned[i + 1..].iter().find(|l| reads(l, me, attr)) {
                return fail(format!(
                    "`__del__` sets `{me}.{attr}` and reads it again (line {}): a finalizer cannot change the instance",
                    file.line_col(later.start()).0
                ));
            }
        }
        if !alone_on_lines(file, s.range()) {
            return Err(Skip::SharesLine {
                what: format!("the statement on line {line}"),
            });
        }
        attrs.extend(stored);
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
fn constant_store(s: &Stmt, me: &str) -> Option<Vec<String>> {
    let Stmt::Assign(a) = s else { return None };
    let [Expr::Attribute(t)] = a.targets.as_slice() else {
        return None;
    };
    let plain = matches!(&*t.value, Expr::Name(n) if n.id.as_str() == me)
        && !(t.attr.starts_with("__") && t.attr.ends_with("__"));
    (plain && scan::is_constant(&a.value)).then(|| vec![t.attr.to_string()])
}

/// Whether a statement reads `me.attr` (or `getattr`/`hasattr` of it, or `me`
/// itself, which could reach it).
fn reads(s: &Stmt, me: &str, attr: &str) -> bool {
    struct R<'m> {
        me: &'m str,
        attr: &'m str,
        found: bool,
    }
    impl<'b> Visitor<'b> for R<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.me) =>
                {
                    self.found |= a.attr.as_str() == self.attr;
                }
                // `getattr(self, ...)`, `vars(self)`: may read it.
                Expr::Name(n) if n.id.as_str() == self.me => self.found = true,
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut r = R {
        me,
        attr,
        found: false,
    };
    r.visit_stmt(s);
    r.found
}

//! Splitting the method `__del__` delegates to: leading aliases (`fd = self.fd`),
//! literal stores before the release statements, placeholder assignments in
//! `__init__`, and plain helper methods (`self.flush()`) inlined into the cleanup
//! function.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange};

use super::analyze::skip_docstring;
use super::body::{self, Use};
use super::flags::{self, Tri};
use super::guard::replacements;
use super::inline;
use super::names::bound_by;
use super::rewrite::render;
use super::scan::{self, first_param, methods};
use super::skip::Skip;
use crate::util::{alone_on_lines, indent_of};

/// `name = self.attr` at the start of a method's cleanup block.
pub(crate) struct Alias<'a> {
    pub(crate) attr: String,
    pub(crate) name: String,
    pub(crate) stmt: &'a Stmt,
}

/// The leading `name = self.attr` statements of a block (each alone on its lines,
/// no comment after it, each name and attribute once).
pub(crate) fn method_aliases<'a>(
    file: &crate::source::SourceFile,
    block: &'a [Stmt],
    me: &str,
) -> Vec<Alias<'a>> {
    let mut out: Vec<Alias<'a>> = Vec::new();
    for stmt in block {
        let Stmt::Assign(a) = stmt else { break };
        let [Expr::Name(target)] = a.targets.as_slice() else {
            break;
        };
        let Expr::Attribute(at) = &*a.value else {
            break;
        };
        if !matches!(&*at.value, Expr::Name(n) if n.id.as_str() == me)
            || target.id.as_str() == me
            || at.attr.starts_with("__")
            || !alone_on_lines(file, stmt.range())
            || !file.text[TextRange::new(stmt.end(), file.text.line_end(stmt.end()))]
                .trim()
                .is_empty()
            || out
                .iter()
                .any(|o| o.name == target.id.as_str() || o.attr == at.attr.as_str())
        {
            break;
        }
        out.push(Alias {
            attr: at.attr.to_string(),
            name: target.id.to_string(),
            stmt,
        });
    }
    out
}

/// Why an alias cannot become the cleanup function's parameter: the method binds
/// its name again, declares it `global`/`nonlocal`, or reads it outside `release`.
pub(crate) fn alias_problem(
    m: &StmtFunctionDef,
    al: &Alias<'_>,
    release: TextRange,
) -> Option<(ruff_text_size::TextSize, String)> {
    struct V<'n> {
        name: &'n str,
        alias: TextRange,
        release: TextRange,
        found: Option<(ruff_text_size::TextSize, String)>,
    }
    impl<'b> Visitor<'b> for V<'_> {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            let declared = match s {
                Stmt::Global(g) => g.names.iter().any(|n| n.as_str() == self.name),
                Stmt::Nonlocal(g) => g.names.iter().any(|n| n.as_str() == self.name),
                _ => false,
            };
            if declared && self.found.is_none() {
                self.found = Some((
                    s.start(),
                    format!("declares `{}` global or nonlocal", self.name),
                ));
            }
            ruff_python_ast::visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e
                && n.id.as_str() == self.name
                && self.found.is_none()
            {
                let store = n.ctx != ruff_python_ast::ExprContext::Load;
                if store && !self.alias.contains_range(n.range()) {
                    self.found = Some((n.start(), format!("binds `{}` again", self.name)));
                } else if !store && !self.release.contains_range(n.range()) {
                    self.found = Some((
                        n.start(),
                        format!("reads `{}` outside its cleanup statements", self.name),
                    ));
                }
            }
            ruff_python_ast::visitor::walk_expr(self, e);
        }
    }
    let mut v = V {
        name: &al.name,
        alias: al.stmt.range(),
        release,
        found: None,
    };
    v.visit_body(&m.body);
    v.found
}

/// Whether a statement sets attributes of `me` to a literal (it cannot raise).
pub(crate) fn is_literal_update(s: &Stmt, me: &str) -> bool {
    matches!(s, Stmt::Assign(a) if flags::Lit::of(&a.value).is_some()) && is_state_update(s, me)
}

/// Captured attributes that `__init__` assigns at its top level more than once
/// (trio: `self.fd = -1`, then `self.fd = fd`): when every earlier value is a
/// literal for which the method's kept guard skips the cleanup, an `__init__` that
/// raises in between leaves nothing to clean up, so the finalizer captures the last
/// value; the later assignments become allowed stores of `__init__` (which move the
/// registration after them).
#[allow(clippy::too_many_arguments)]
pub(crate) fn placeholders(
    init: &StmtFunctionDef,
    init_me: &str,
    needed: &[String],
    kept_early: Option<&Expr>,
    kept: &[&Expr],
    m_me: &str,
    props: &[inline::Prop<'_>],
    allowed: &mut Vec<(String, String, TextRange)>,
) {
    for attr in needed {
        let tops = scan::top_level_assignments(init, init_me, attr);
        let Some((_, earlier)) = tops.split_last() else {
            continue;
        };
        if earlier.is_empty() {
            continue;
        }
        let skips_cleanup = |i: usize| {
            let Stmt::Assign(a) = &init.body[i] else {
                return false;
            };
            let ([Expr::Attribute(_)], Some(lit)) =
                (a.targets.as_slice(), flags::Lit::of(&a.value))
            else {
                return false;
            };
            let v = |x: &str| (x == attr).then(|| lit.clone());
            if kept_early.is_some_and(|g| inline::eval(g, m_me, props, &v) == Tri::True) {
                return true;
            }
            for c in kept {
                match inline::eval(c, m_me, props, &v) {
                    Tri::False => return true,
                    Tri::True => {}
                    Tri::Unknown => return false,
                }
            }
            false
        };
        if earlier.iter().all(|&i| skips_cleanup(i)) {
            for &i in &tops[1..] {
                allowed.push((attr.clone(), "__init__".to_string(), init.body[i].range()));
            }
        }
    }
}

/// The method `h` of the class, when `self.h()` among a method's release
/// statements can be replaced by its statements: defined once, a plain `(self)`
/// method (same parameter name), not the method itself, its statements alone on
/// their lines, without `return`, `yield` or `await`.
/// `None` when `h` is not a method of the class (or is a dunder or the method
/// itself); `Err` says what keeps it from being inlined.
pub(crate) fn helper<'a>(
    class: &'a StmtClassDef,
    h: &str,
    method: &str,
    me: &str,
) -> Option<Result<&'a StmtFunctionDef, &'static str>> {
    if h == method || (h.starts_with("__") && h.ends_with("__")) {
        return None;
    }
    let found = methods(&class.body, h);
    let f = match found.as_slice() {
        [] => return None,
        [f] => *f,
        _ => return Some(Err("is defined more than once")),
    };
    let p = &f.parameters;
    let plain = !f.is_async
        && f.decorator_list.is_empty()
        && p.posonlyargs.len() + p.args.len() == 1
        && p.vararg.is_none()
        && p.kwarg.is_none()
        && p.kwonlyargs.is_empty()
        && first_param(f) == Some(me)
        && scan::class_level_names(class)
            .iter()
            .filter(|(n, _)| n == h)
            .count()
            == 1;
    let body = skip_docstring(&f.body);
    Some(if !plain {
        Err("is decorated, async, takes arguments or shares its name with a class attribute")
    } else if body::does_nothing(body) {
        Err("does nothing in this class (a hook for subclasses?)")
    } else if body::has_return(body).is_some() {
        Err("can return early")
    } else if yields(body) {
        Err("yields or awaits")
    } else {
        Ok(f)
    })
}

/// Whether statements contain `yield`, `yield from` or `await` (outside nested
/// functions, classes and lambdas).
fn yields(body: &[Stmt]) -> bool {
    struct Y(bool);
    impl<'b> Visitor<'b> for Y {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            if !matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                ruff_python_ast::visitor::walk_stmt(self, s);
            }
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_) => self.0 = true,
                Expr::Lambda(_) => {}
                _ => ruff_python_ast::visitor::walk_expr(self, e),
            }
        }
    }
    let mut y = Y(false);
    y.visit_body(body);
    y.0
}

/// The statements of an inlined method, with captured attributes replaced by
/// parameters, re-indented to `to` (the first line without indentation).
pub(crate) fn inlined_body(
    file: &crate::source::SourceFile,
    h: &StmtFunctionDef,
    to: &str,
    uses: &[Use],
    param_of: &dyn Fn(&str) -> String,
) -> Result<String, Skip> {
    let body = skip_docstring(&h.body);
    let (Some(first), Some(last)) = (body.first(), body.last()) else {
        return Err(Skip::SharesLine {
            what: format!("`{}`", h.name),
        });
    };
    let range = TextRange::new(first.start(), last.end());
    let Some(from) = indent_of(file, first).filter(|_| alone_on_lines(file, range)) else {
        return Err(Skip::SharesLine {
            what: format!("the body of `{}`", h.name),
        });
    };
    Ok(render(
        file,
        range,
        &replacements(uses, range, param_of),
        Some((from, to)),
    ))
}

/// A name `later` reads that `release` binds (assignment, `for`, `with`, `except`,
/// import, nested definition, walrus), with where it is read.
pub(crate) fn reads_release_local(
    release: &[Stmt],
    later: &[Stmt],
) -> Option<(ruff_text_size::TextSize, String)> {
    struct Bound(FxHashSet<String>);
    impl<'b> Visitor<'b> for Bound {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            bound_by(s, false, &mut self.0);
            if matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                return;
            }
            ruff_python_ast::visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Name(n) if n.ctx != ruff_python_ast::ExprContext::Load => {
                    self.0.insert(n.id.to_string());
                }
                // Comprehension and lambda variables are their own scope.
                Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::Generator(_) => {}
                _ => ruff_python_ast::visitor::walk_expr(self, e),
            }
        }
    }
    struct Reads<'n>(
        &'n FxHashSet<String>,
        Option<(ruff_text_size::TextSize, String)>,
    );
    impl<'b> Visitor<'b> for Reads<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e
                && self.1.is_none()
                && self.0.contains(n.id.as_str())
            {
                self.1 = Some((n.start(), n.id.to_string()));
            }
            ruff_python_ast::visitor::walk_expr(self, e);
        }
    }
    let mut bound = Bound(FxHashSet::default());
    bound.visit_body(release);
    let mut reads = Reads(&bound.0, None);
    reads.visit_body(later);
    reads.1
}

/// Whether a statement only updates the instance's attributes.
pub(crate) fn is_state_update(s: &Stmt, me: &str) -> bool {
    let on_me = |t: &Expr| -> bool {
        let one = |e: &Expr| matches!(e, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me));
        match t {
            Expr::Tuple(t) => t.elts.iter().all(one),
            Expr::List(t) => t.elts.iter().all(one),
            _ => one(t),
        }
    };
    match s {
        Stmt::Assign(a) => a.targets.iter().all(on_me),
        Stmt::AnnAssign(a) => a.value.is_some() && on_me(&a.target),
        Stmt::AugAssign(a) => on_me(&a.target),
        Stmt::Delete(d) => d.targets.iter().all(on_me),
        _ => false,
    }
}

/// The attributes of `me` a statement stores.
pub(crate) fn stores_of(s: &Stmt, me: &str) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let mut push = |t: &Expr| {
        let mut one = |e: &Expr| {
            if let Expr::Attribute(a) = e
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me)
            {
                out.push((a.attr.to_string(), a.range()));
            }
        };
        match t {
            Expr::Tuple(t) => t.elts.iter().for_each(&mut one),
            Expr::List(t) => t.elts.iter().for_each(&mut one),
            _ => one(t),
        }
    };
    match s {
        Stmt::Assign(a) => a.targets.iter().for_each(&mut push),
        Stmt::AnnAssign(a) => push(&a.target),
        Stmt::AugAssign(a) => push(&a.target),
        Stmt::Delete(d) => d.targets.iter().for_each(&mut push),
        _ => {}
    }
    out
}

/// Every name statements read or bind (including nested scopes: a conservative
/// set for clash checks).
pub(crate) fn all_names(stmts: &[Stmt]) -> FxHashSet<String> {
    struct N(FxHashSet<String>);
    impl<'b> Visitor<'b> for N {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            bound_by(s, true, &mut self.0);
            ruff_python_ast::visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e {
                self.0.insert(n.id.to_string());
            }
            ruff_python_ast::visitor::walk_expr(self, e);
        }
    }
    let mut n = N(FxHashSet::default());
    n.visit_body(stmts);
    n.0
}

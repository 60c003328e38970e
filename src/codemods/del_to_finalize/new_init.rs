//! A class with no `__init__` anywhere in its hierarchy but `object`'s, whose
//! `__del__` uses no state of the instance (trio's and IPython's test classes:
//! `res[0] = True`, `monitor.append(1)` on a list of the enclosing function): the
//! registration goes in a new `def __init__(self):`, the class's first method.
//!
//! `object.__init__` does nothing and takes no arguments when the class defines
//! no `__new__`, so a new `__init__(self)` changes no call that worked before.
//! Every condition that could make the new method not run, or not be the one
//! that runs, is a skip: a decorator (a `@dataclass` generates `__init__`), a
//! metaclass, `__init_subclass__` or class keywords anywhere in the hierarchy, an
//! ancestor other than `object` that defines `__init__` or `__new__`, a decorated
//! project subclass (its generated `__init__` would not call this one); a
//! subclass that defines `__init__` without `super().__init__()` is the general
//! check of [`super::project`].

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_source_file::LineRanges;
use ruff_text_size::Ranged;

use super::ClassCx;
use super::analyze::{InitPoint, Needs};
use super::project::Place;
use super::skip::Skip;
use crate::codemods::Context;
use crate::semantic::Dunder;
use crate::util::{comments_above, indent_of};

/// Where a new `__init__` goes, or why the class keeps its `__del__`.
pub(crate) fn point(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    needs: &Needs<'_>,
) -> Result<InitPoint, Skip> {
    let file = cx.file;
    let class = k.class;
    let cname = class.name.to_string();
    let no_init = || Skip::NoInit {
        class: cname.clone(),
    };
    // The cleanup needs state of the instance: an `__init__` must store it first.
    if !needs.captured.is_empty()
        || !needs.flags.is_empty()
        || needs.methods_use_finalizer
        || uses_name(&k.del.body, me)
    {
        return Err(no_init());
    }
    let why = |why: String| Skip::NewInit {
        class: cname.clone(),
        why,
    };
    if let Some((at, what)) = observes_interpreter(&k.del.body) {
        return Err(why(format!(
            "`__del__` {what} (line {}): a finalizer runs the cleanup from `weakref.finalize.__call__`, at another point of deallocation and garbage collection, and reports its errors as ignored in the `finalize` object, so what this observes changes",
            file.line_col(at).0
        )));
    }
    if k.qualname == format!("{}.{}", file.module, cname)
        && let Some(at) = module_level_call(file.suite(), &cname)
    {
        return Err(why(format!(
            "an instance is created at module level (line {}): it lives until interpreter exit, where a finalizer runs at `atexit` while `__del__` runs at module teardown (or not at all)",
            file.line_col(at).0
        )));
    }
    if let Some(d) = class.decorator_list.first() {
        return Err(why(format!(
            "is decorated (line {}): a decorator may generate `__init__` (`@dataclass`) or replace the class",
            file.line_col(d.start()).0
        )));
    }
    for c in &place.mro {
        if &*c.qualname == "builtins.object" {
            continue;
        }
        let own = std::ptr::eq(*c, place.info);
        let who = if own {
            "the class".to_string()
        } else {
            format!("its base `{}` ({})", c.qualname, c.location)
        };
        let found = if let Some(b) = c.has_unknown_base() {
            Some(format!("has a base sturdy cannot resolve (`{b}`)"))
        } else if c.metaclass.is_some() {
            Some("has a metaclass".to_string())
        } else if c.other_keywords {
            Some("has class keywords".to_string())
        } else if !own && !c.decorators.is_empty() {
            Some("is decorated".to_string())
        } else if !own && c.defines(Dunder::INIT) {
            Some("defines `__init__`".to_string())
        } else if c.defines(Dunder::NEW) {
            Some("defines `__new__`".to_string())
        } else if c.defines(Dunder::INIT_SUBCLASS) {
            Some("defines `__init_subclass__`".to_string())
        } else {
            None
        };
        if let Some(f) = found {
            return Err(why(format!(
                "{who} {f}: sturdy adds an `__init__` only when no class of the hierarchy but `object` has one, `__new__` or a metaclass"
            )));
        }
    }
    if let Some(s) = place
        .subclasses
        .iter()
        .find(|s| !s.decorators.is_empty() || s.metaclass.is_some())
    {
        return Err(why(format!(
            "has a decorated subclass or one with a metaclass at {} (class {}): a generated `__init__` would not call the new one",
            s.location,
            s.name()
        )));
    }
    // In a subclass's MRO, a class after this one that defines `__init__` would be
    // hidden by the new method (`class MutedNode(Muted, Node)`).
    let h = cx.facts.hierarchy();
    for sub in &place.subclasses {
        let mro = super::project::ancestors(&h, sub).map_err(|e| {
            why(format!(
                "the MRO of the subclass `{}` cannot be computed ({e})",
                sub.name()
            ))
        })?;
        // A class before this one that is not a subclass of it (whose `__init__` the
        // general check reads for `super().__init__()`): its `__init__` may not
        // call this one.
        if let Some((c, _)) = mro
            .iter()
            .take_while(|(c, _)| c.qualname != place.info.qualname)
            .find(|(c, _)| {
                c.defines(Dunder::INIT)
                    && !place.subclasses.iter().any(|s| s.qualname == c.qualname)
            })
        {
            return Err(why(format!(
                "the subclass `{}` ({}) also derives from `{}` ({}), whose `__init__` comes before this class in its MRO and may not call a new one here",
                sub.name(),
                sub.location,
                c.qualname,
                c.location
            )));
        }
        let after = mro
            .iter()
            .skip_while(|(c, _)| c.qualname != place.info.qualname)
            .skip(1);
        if let Some((c, _)) = after
            .filter(|(c, _)| &*c.qualname != "builtins.object")
            .find(|(c, _)| c.defines(Dunder::INIT) || c.has_unknown_base().is_some())
        {
            return Err(why(format!(
                "the subclass `{}` ({}) also derives from `{}` ({}), whose `__init__` comes after this class in its MRO: a new `__init__` here would hide it",
                sub.name(),
                sub.location,
                c.qualname,
                c.location
            )));
        }
    }
    // The first statement after the docstring and the class attributes.
    let first = class
        .body
        .iter()
        .find(|s| {
            !matches!(s, Stmt::Assign(_) | Stmt::AnnAssign(_) | Stmt::Pass(_))
                && !ruff_python_ast::helpers::is_docstring_stmt(s)
        })
        .expect("the class defines `__del__`");
    let start = match first {
        Stmt::FunctionDef(f) => f.decorator_list.first().map_or(f.start(), Ranged::start),
        Stmt::ClassDef(c) => c.decorator_list.first().map_or(c.start(), Ranged::start),
        s => s.start(),
    };
    let (Some(outer), Some(inner)) = (
        indent_of(file, first),
        k.del.body.first().and_then(|s| indent_of(file, s)),
    ) else {
        return Err(Skip::SharesLine {
            what: format!("the body of class `{cname}`"),
        });
    };
    if file.text[file.text.line_start(start).to_usize()..start.to_usize()]
        .chars()
        .any(|c| !c.is_whitespace())
        || inner.len() <= outer.len()
    {
        return Err(Skip::SharesLine {
            what: format!("the body of class `{cname}`"),
        });
    }
    let at = comments_above(&file.text, start);
    let nl = file.newline();
    // A blank line after the new method when the class separates its statements
    // by blank lines (IPython's test class does not).
    let spaced = class.body.len() < 2
        || class.body.windows(2).any(|w| {
            let between = &file.text
                [w[0].end().to_usize()..comments_above(&file.text, w[1].start()).to_usize()];
            between.lines().skip(1).any(|l| l.trim().is_empty())
        });
    Ok(InitPoint {
        me: me.to_string(),
        at,
        lead: "",
        indent: inner.to_string(),
        locals: std::iter::once(me.to_string()).collect(),
        head: format!("{outer}def __init__({me}):{nl}"),
        tail: if spaced {
            nl.to_string()
        } else {
            String::new()
        },
    })
}

/// Whether any statement of `body` mentions the name `me`.
fn uses_name(body: &[Stmt], me: &str) -> bool {
    struct V<'m>(&'m str, bool);
    impl<'b> Visitor<'b> for V<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if matches!(e, Expr::Name(n) if n.id.as_str() == self.0) {
                self.1 = true;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = V(me, false);
    v.visit_body(body);
    v.1
}

/// A statement of `__del__` whose result depends on how the cleanup is called:
/// it inspects the stack or the current exception, drives the garbage
/// collector, or raises (the error is reported as ignored in `__del__`).
fn observes_interpreter(body: &[Stmt]) -> Option<(ruff_text_size::TextSize, String)> {
    struct V(Option<(ruff_text_size::TextSize, String)>);
    impl<'b> Visitor<'b> for V {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            if self.0.is_none() && matches!(s, Stmt::Raise(_)) {
                self.0 = Some((s.start(), "raises".to_string()));
            }
            visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.0.is_none()
                && let Expr::Call(c) = e
                && let Some(d) = crate::util::dotted(&c.func)
            {
                let head = d.split('.').next().unwrap_or_default();
                let observes = matches!(head, "gc" | "inspect" | "traceback")
                    || matches!(
                        d.as_str(),
                        "sys._getframe" | "sys.exc_info" | "sys.exception" | "sys._current_frames"
                    );
                if observes {
                    self.0 = Some((c.start(), format!("calls `{d}`")));
                }
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = V(None);
    v.visit_body(body);
    v.0
}

/// A call of `name(...)` in module-level code (outside functions and classes).
fn module_level_call(suite: &[Stmt], name: &str) -> Option<ruff_text_size::TextSize> {
    struct V<'n>(&'n str, Option<ruff_text_size::TextSize>);
    impl<'b> Visitor<'b> for V<'_> {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            if matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                return;
            }
            visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.1.is_none()
                && let Expr::Call(c) = e
                && matches!(&*c.func, Expr::Name(n) if n.id.as_str() == self.0)
            {
                self.1 = Some(c.start());
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = V(name, None);
    v.visit_body(suite);
    v.1
}

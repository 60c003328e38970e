//! The lazy form: the attribute `__del__` releases is not assigned in `__init__`
//! but by methods of the class (fsspec's `FTPFileSystem._connect`, called again on
//! reconnect; distributed's `ProgressBar.listen`). The finalizer follows the
//! resource: after every store of the attribute, the previous finalizer (if any)
//! is detached and a new one registered with the new value, so collection
//! releases exactly the value `__del__` would have read, and nothing else. Before
//! the first store there is no finalizer (`__del__` found no attribute: its
//! `AttributeError` was printed as ignored, or a guard skipped the cleanup).
//!
//! Conditions, each a skip with its reason: the cleanup reads that one attribute
//! and no other state (no flag guard, no store into the dying instance, no
//! `id(self)`); every store of it in the project is a plain `self.attr = value`
//! statement, on its own lines, in an undecorated method of this class defined
//! once and overridden by no project subclass; the value cannot refer to the
//! instance; the class keeps a `__dict__` for the finalizer.

use rustc_hash::FxHashSet;

use ruff_python_ast::{Expr, Stmt, StmtAssign, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::ClassCx;
use super::analyze::{InitPoint, Plan};
use super::names;
use super::project::{self, Place};
use super::rewrite::Piece;
use super::scan::{self, first_param, methods};
use super::skip::Skip;
use crate::codemods::Context;
use crate::source::SourceFile;
use crate::util::{alone_on_lines, indent_of};

/// Classes outside the project that store no instance attributes.
const NO_STORES: &[&str] = &["builtins.object", "abc.ABC", "typing.Generic"];

/// What of the static form's analysis the lazy form depends on.
pub(crate) struct Shape {
    /// A flag guard, or statements dropped from the cleanup (dead stores).
    pub(crate) guarded: bool,
    /// The cleanup uses `id(self)`.
    pub(crate) uses_id: bool,
    /// The class can store the finalizer (it has a `__dict__`).
    pub(crate) store_finalizer: bool,
}

/// One store of the attribute: the registration follows it.
struct Site {
    /// The start of the line after the statement.
    at: TextSize,
    lead: &'static str,
    indent: String,
    /// One level of indentation, as the method writes it.
    unit: String,
    me: String,
}

/// The stores of a lazily created attribute, after each of which the finalizer is
/// registered again.
pub(crate) struct Lazy {
    attr: String,
    sites: Vec<Site>,
    /// Names bound in the storing methods.
    locals: FxHashSet<String>,
}

/// Whether the lazy form applies, given that `init_point` found `captured[0]`
/// not assigned in `__init__` (`not_assigned`, the reason to give when no method
/// of the class stores it either).
pub(crate) fn sites(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    captured: &[String],
    shape: &Shape,
    not_assigned: Skip,
) -> Result<Lazy, Skip> {
    let file = cx.file;
    let class = k.class;
    // The attribute: the one `__init__` does not assign, or, in a class without
    // `__init__`, the only captured one.
    let attr = match (&not_assigned, captured) {
        (Skip::NotAssigned { attr, .. }, _) => attr,
        (Skip::NoInit { .. }, [attr]) => attr,
        _ => return Err(not_assigned),
    };
    // The first method that stores it.
    let first = super::analyze::stored_in_method(file, class, attr);
    let Some((function, line)) = &first else {
        return Err(not_assigned);
    };
    let fail = |why: String| Skip::Lazy {
        me: me.to_string(),
        attr: attr.clone(),
        function: function.clone(),
        line: *line,
        why,
    };
    // A decorator (`@dataclass`) may generate an `__init__` that stores it, or add
    // `__slots__`; a class outside the project may store it where sturdy cannot see.
    if !class.decorator_list.is_empty() {
        return Err(fail(format!(
            "class `{}` is decorated (a decorator such as `@dataclass` may generate an `__init__` that stores it, or add `__slots__`)",
            class.name
        )));
    }
    let h = cx.facts.hierarchy();
    let outside = place
        .related_classes(&h)?
        .into_iter()
        .find(|c| h.project_class(&c.qualname).is_none() && !NO_STORES.contains(&&*c.qualname));
    if let Some(c) = outside {
        return Err(fail(format!(
            "the class `{}`, whose methods may run on the instance, is not part of the project: sturdy cannot see whether it stores `{attr}`",
            c.qualname
        )));
    }
    // Code that runs on the store or the read (`__setattr__`, `__getattribute__`, a
    // descriptor of that name) may keep the value somewhere else.
    for c in place.related_classes(&h)? {
        let q = &*c.qualname;
        if NO_STORES.contains(&q) {
            continue;
        }
        let hook = ["__setattr__", "__getattribute__"]
            .into_iter()
            .find(|d| crate::semantic::Dunder::of(d).is_some_and(|d| c.defines(d)));
        if let Some(d) = hook {
            return Err(fail(format!(
                "`{q}` ({}) defines `{d}`, which runs on every store or read of it",
                c.location
            )));
        }
        if q != k.qualname
            && let Some(loc) = super::clear::class_data(cx, q, attr)
        {
            return Err(fail(format!(
                "`{q}` may define `{attr}` at class level ({loc}), possibly a descriptor that keeps the value elsewhere"
            )));
        }
    }
    // No other store anywhere in the project (another class's method, a base's
    // `__init__`, an object sturdy cannot type); the class's own are checked next.
    project::stores_elsewhere(cx, k, place, me, attr, &|st| {
        st.on_self_of.as_deref() == Some(k.qualname.as_str())
    })
    .map_err(|e| match e {
        Skip::StoredElsewhere { location, what, .. } => {
            fail(format!("it is also stored {what} ({location})"))
        }
        e => e,
    })?;
    let others: Vec<String> = captured
        .iter()
        .filter(|a| *a != attr)
        .map(|a| format!("`{me}.{a}`"))
        .collect();
    if !others.is_empty() {
        return Err(fail(format!(
            "`__del__` also reads {}, and the finalizer can follow only one attribute",
            others.join(", ")
        )));
    }
    if shape.guarded {
        return Err(fail(
            "`__del__` also tests or sets other attributes of the instance".to_string(),
        ));
    }
    if shape.uses_id {
        return Err(fail("`__del__` uses `id(self)`".to_string()));
    }
    if !shape.store_finalizer {
        return Err(fail(format!(
            "class `{}` has `__slots__`, so the finalizer cannot be stored on the instance to be detached at the next store",
            class.name
        )));
    }
    // A subclass method or property of that name would be what `self.attr` reads.
    project::overridden(cx, place, attr).map_err(|e| match e {
        Skip::SubclassOverrides {
            location, class, ..
        } => fail(format!(
            "the subclass `{class}` defines `{attr}` ({location}), which `{me}.{attr}` may read instead"
        )),
        e => e,
    })?;
    // `self.__dict__.update(state)` (a `__setstate__`) or `vars(self)` stores
    // attributes where no statement shows it.
    if let Some((f, at)) = dict_access(class) {
        return Err(fail(format!(
            "`{f}` reaches the instance's `__dict__` (line {}), which can store it without a statement sturdy sees",
            file.line_col(at).0
        )));
    }
    // The stores in the class's own methods, each a plain assignment statement.
    let independent = independent_attrs(class);
    let mut found: Vec<(&StmtFunctionDef, &StmtAssign, String)> = Vec::new();
    for stmt in &class.body {
        let Stmt::FunctionDef(f) = stmt else { continue };
        if f.name.as_str() == "__del__" {
            continue;
        }
        let stores: Vec<TextRange> = scan::stores_in(f)
            .into_iter()
            .filter(|(a, _)| a == attr || a == "*")
            .map(|(_, r)| r)
            .collect();
        if stores.is_empty() {
            continue;
        }
        let at = |r: TextRange| file.line_col(r.start()).0;
        let Some(f_me) = first_param(f) else {
            return Err(not_assigned);
        };
        if f.name.as_str() == "__init__" {
            return Err(not_assigned);
        }
        if !f.decorator_list.is_empty() || methods(&class.body, &f.name).len() > 1 {
            return Err(fail(format!(
                "`{}` (line {}) is decorated or defined more than once",
                f.name,
                at(f.range())
            )));
        }
        let mut assigns = Vec::new();
        plain_assigns(&f.body, &mut assigns);
        for r in stores {
            let plain = assigns.iter().find(|a| {
                matches!(a.targets.as_slice(), [Expr::Attribute(t)] if t.range() == r
                    && t.attr.as_str() == attr
                    && matches!(&*t.value, Expr::Name(n) if n.id.as_str() == f_me))
            });
            let Some(a) = plain else {
                return Err(fail(format!(
                    "`{}` stores it in another way (line {}: not a plain `{f_me}.{attr} = value` statement)",
                    f.name,
                    at(r)
                )));
            };
            if !alone_on_lines(file, a.range()) || indent_of(file, *a).is_none() {
                return Err(fail(format!(
                    "the store in `{}` (line {}) shares a line with other code",
                    f.name,
                    at(r)
                )));
            }
            if scan::may_refer_to_instance(&a.value, f_me, &independent) {
                return Err(fail(format!(
                    "the value stored in `{}` (line {}) is built from `{f_me}`, so it may refer back to the instance and the finalizer would keep the object alive forever",
                    f.name,
                    at(r)
                )));
            }
            found.push((f, *a, f_me.to_string()));
        }
    }
    if found.is_empty() {
        return Err(not_assigned);
    }
    let mut checked: Vec<&str> = Vec::new();
    let mut locals = FxHashSet::default();
    let mut sites = Vec::new();
    for (f, a, f_me) in &found {
        if !checked.contains(&f.name.as_str()) {
            checked.push(f.name.as_str());
            project::overridden(cx, place, &f.name).map_err(|e| match e {
                Skip::SubclassOverrides {
                    location, class, ..
                } => fail(format!(
                    "the subclass `{class}` overrides `{}` ({location})",
                    f.name
                )),
                e => e,
            })?;
            locals.extend(names::local_names(f));
        }
        let indent = indent_of(file, *a).unwrap_or_default().to_string();
        let def_indent = indent_of(file, *f).unwrap_or_default();
        let body_indent = f
            .body
            .first()
            .and_then(|s| indent_of(file, s))
            .unwrap_or_default();
        let unit = body_indent
            .strip_prefix(def_indent)
            .filter(|u| !u.is_empty())
            .unwrap_or("    ")
            .to_string();
        let at = file.text.full_line_end(a.end());
        if file.text[..at.to_usize()]
            .trim_end_matches(['\n', '\r'])
            .ends_with('\\')
        {
            return Err(Skip::Continuation);
        }
        sites.push(Site {
            at,
            lead: crate::fix::newline_before(file, at),
            indent,
            unit,
            me: f_me.clone(),
        });
    }
    Ok(Lazy {
        attr: attr.clone(),
        sites,
        locals,
    })
}

impl Lazy {
    /// What the static form needs of a registration point: the storing methods'
    /// local names (the registration is written there, not in `__init__`).
    pub(crate) fn point(&self) -> InitPoint {
        InitPoint {
            me: self.sites[0].me.clone(),
            at: TextSize::default(),
            lead: "",
            indent: self.sites[0].indent.clone(),
            locals: self.locals.clone(),
            head: String::new(),
            tail: String::new(),
        }
    }

    /// Turn the plan's registration in `__init__` into one after every store,
    /// detaching the previous finalizer (read from the instance's `__dict__`: no
    /// class attribute, base attribute or `__getattr__` is involved, and an
    /// instance before its first store has none).
    pub(crate) fn finish(self, file: &SourceFile, plan: &mut Plan) {
        let nl = file.newline();
        let Some(reg) = plan.registration.take() else {
            return;
        };
        let fin = reg
            .store
            .clone()
            .expect("checked: the class stores the finalizer");
        let func = reg.args.first().cloned().unwrap_or_default();
        for s in &self.sites {
            let (i, u, m) = (&s.indent, &s.unit, &s.me);
            plan.pieces.push(Piece::Replace(
                TextRange::empty(s.at),
                format!(
                    "{lead}{i}if {m}.__dict__.get(\"{fin}\") is not None:{nl}{i}{u}{m}.{fin}.detach(){nl}{i}{m}.{fin} = {finalize}({m}, {func}, {m}.{attr}){nl}",
                    lead = s.lead,
                    finalize = reg.finalize,
                    attr = self.attr,
                ),
            ));
        }
    }
}

/// The plain single-target assignments in a body, at any depth of compound
/// statements (not in nested functions or classes, whose `self` differs).
fn plain_assigns<'a>(body: &'a [Stmt], out: &mut Vec<&'a StmtAssign>) {
    for s in body {
        match s {
            Stmt::Assign(a) if a.targets.len() == 1 => out.push(a),
            Stmt::If(i) => {
                plain_assigns(&i.body, out);
                for c in &i.elif_else_clauses {
                    plain_assigns(&c.body, out);
                }
            }
            Stmt::For(f) => {
                plain_assigns(&f.body, out);
                plain_assigns(&f.orelse, out);
            }
            Stmt::While(w) => {
                plain_assigns(&w.body, out);
                plain_assigns(&w.orelse, out);
            }
            Stmt::With(w) => plain_assigns(&w.body, out),
            Stmt::Try(t) => {
                plain_assigns(&t.body, out);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    plain_assigns(&h.body, out);
                }
                plain_assigns(&t.orelse, out);
                plain_assigns(&t.finalbody, out);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    plain_assigns(&c.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Attributes whose every store in the class's methods is a plain assignment of
/// a value that cannot refer to the instance (reading only attributes of this
/// kind): reading one of them while building the lazily stored value does not
/// make the value refer back to the instance.
fn independent_attrs(class: &ruff_python_ast::StmtClassDef) -> Vec<String> {
    // (attribute, value, that method's `self`), and attributes stored otherwise.
    let mut plain: Vec<(String, &Expr, String)> = Vec::new();
    let mut other: FxHashSet<String> = FxHashSet::default();
    for stmt in &class.body {
        let Stmt::FunctionDef(f) = stmt else { continue };
        let Some(f_me) = first_param(f) else { continue };
        let mut assigns = Vec::new();
        plain_assigns(&f.body, &mut assigns);
        for (a, r) in scan::stores_in(f) {
            let value = assigns.iter().find_map(|s| match s.targets.as_slice() {
                [Expr::Attribute(t)]
                    if t.range() == r
                        && matches!(&*t.value, Expr::Name(n) if n.id.as_str() == f_me) =>
                {
                    Some(&*s.value)
                }
                _ => None,
            });
            match value {
                Some(v) => plain.push((a, v, f_me.to_string())),
                None => {
                    other.insert(a);
                }
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    loop {
        let mut candidates: Vec<String> = plain
            .iter()
            .map(|(a, _, _)| a.clone())
            .filter(|a| !other.contains(a) && !out.contains(a))
            .collect();
        candidates.sort();
        candidates.dedup();
        let new: Vec<String> = candidates
            .into_iter()
            .filter(|a| {
                plain
                    .iter()
                    .filter(|(x, _, _)| x == a)
                    .all(|(_, v, m)| !scan::may_refer_to_instance(v, m, &out))
            })
            .collect();
        if new.is_empty() {
            return out;
        }
        out.extend(new);
    }
}

/// The first method of the class that reads `self.__dict__` or calls `vars(self)`,
/// and where.
fn dict_access(class: &ruff_python_ast::StmtClassDef) -> Option<(String, TextSize)> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct D<'m>(&'m str, Option<TextSize>);
    impl<'b> Visitor<'b> for D<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            let me = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == self.0);
            match e {
                Expr::Attribute(a) if a.attr.as_str() == "__dict__" && me(&a.value) => {
                    self.1.get_or_insert(a.start());
                }
                Expr::Call(c)
                    if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "vars")
                        && c.arguments.args.first().is_some_and(me) =>
                {
                    self.1.get_or_insert(c.start());
                }
                _ => {}
            }
            visitor::walk_expr(self, e);
        }
    }
    class.body.iter().find_map(|s| {
        let Stmt::FunctionDef(f) = s else { return None };
        let mut d = D(first_param(f)?, None);
        d.visit_body(&f.body);
        d.1.map(|at| (f.name.to_string(), at))
    })
}

//! The shapes beyond a self-contained cleanup body: a guard on instance flags
//! (`if not self._closed:` — a warn-if-unclosed `__del__` is one), delegation to a
//! method (`self.close()`), and a `__del__` that only calls a finalizer the class
//! registers already.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{self as ast, Expr, Stmt, StmtClassDef, StmtFunctionDef, StmtIf};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::ClassCx;
use super::analyze::{
    Env, Needs, Plan, Registration, class_level, delete_method, finalizer_attr, init_of,
    init_point, param_names, skip_docstring,
};
use super::flags::{self, Lit, Tri};
use super::names;
use super::project::{self, Place};
use super::rewrite::{Piece, render};
use super::scan::{self, BodyScan, Use, first_param, methods};
use super::skip::{NEEDS_INSTANCE, Skip};
use crate::codemods::Context;
use crate::source::SourceFile;
use crate::util::{alone_on_lines, blank_lines_before, comments_above, indent_of};

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

fn not(t: Tri) -> Tri {
    match t {
        Tri::True => Tri::False,
        Tri::False => Tri::True,
        Tri::Unknown => Tri::Unknown,
    }
}

/// The literal each attribute holds after its last top-level assignment in
/// `__init__`, if that is a literal.
fn init_literal(init: &StmtFunctionDef, init_me: &str, attr: &str) -> Option<Lit> {
    let last = *scan::top_level_assignments(init, init_me, attr).last()?;
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
    let Ok((init, init_me)) = init_of(k.class) else {
        return Ok(None);
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
    let flagish = |a: &str| {
        init_literal(init, init_me, a).is_some() && !body_reads.contains(a) && changed.contains(a)
    };
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
        .map(|a| (a.clone(), init_literal(init, init_me, a).expect("flagish")))
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
fn kept_test(
    file: &SourceFile,
    kept: &[&Expr],
    uses: &[Use],
    param_of: &dyn Fn(&str) -> String,
) -> String {
    kept.iter()
        .map(|c| {
            let reps = replacements(uses, c.range(), param_of);
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
        })
        .collect()
}

// ---------------------------------------------------------------------------
// A `__del__` that only calls a finalizer registered in `__init__`.

/// `self.F()` where `F` is no class-level name: the attribute `F`.
pub(crate) fn calls_own_finalizer<'a>(
    class: &StmtClassDef,
    body: &'a [Stmt],
    me: &str,
) -> Option<&'a str> {
    let [Stmt::Expr(e)] = body else { return None };
    let Expr::Call(c) = &*e.value else {
        return None;
    };
    if !c.arguments.is_empty() {
        return None;
    }
    let Expr::Attribute(a) = &*c.func else {
        return None;
    };
    if !matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me) {
        return None;
    }
    let is_class_level = scan::class_level_names(class)
        .iter()
        .any(|(n, _)| n == a.attr.as_str());
    (!is_class_level).then_some(a.attr.as_str())
}

/// Remove a `__del__` that only calls `self.F()`, where `__init__` registers
/// `self.F = weakref.finalize(self, func, args...)` whose arguments do not refer to
/// the instance: the finalizer runs the same cleanup when the instance is collected.
pub(crate) fn redundant(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    env: &Env<'_>,
    del: &StmtFunctionDef,
    fin: &str,
) -> Result<Plan, Skip> {
    let file = cx.file;
    let me = first_param(del).expect("checked");
    let (init, init_me) = init_of(k.class)?;
    let not_registered = || Skip::Finalizer {
        why: format!(
            "`__del__` calls `{me}.{fin}()`, which is not a `weakref.finalize` registered for the instance at the top level of `__init__`"
        ),
    };
    let Some(idx) = scan::top_level_assignment(init, init_me, fin) else {
        return Err(not_registered());
    };
    let Some(Expr::Call(call)) = scan::assigned_value(&init.body[idx]) else {
        return Err(not_registered());
    };
    if env.bindings.resolve(&call.func) != crate::semantic::Base::Qual("weakref.finalize".into())
        || !matches!(call.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == init_me)
    {
        return Err(not_registered());
    }
    let line = file.line_col(init.body[idx].start()).0;
    let args = call
        .arguments
        .args
        .iter()
        .skip(1)
        .chain(call.arguments.keywords.iter().map(|k| &k.value));
    for a in args {
        if scan::may_refer_to_instance(a, init_me, &[]) && !is_plain_attr(a, init_me) {
            let weak = matches!(a, Expr::Call(c) if crate::util::last_segment(&c.func).is_some_and(|s| s == "ref" || s == "proxy"));
            let why = if weak {
                format!(
                    "the finalizer `{me}.{fin}` (line {line}) is given a weak reference to the instance, which is already dead when the instance is collected: only `__del__` runs the cleanup then"
                )
            } else {
                format!(
                    "the finalizer `{me}.{fin}` (line {line}) refers to the instance, so it cannot run before interpreter exit: only `__del__` runs the cleanup when the instance is collected"
                )
            };
            return Err(Skip::Finalizer { why });
        }
    }
    // `self.F` is never rebound.
    for stmt in &k.class.body {
        let Stmt::FunctionDef(f) = stmt else { continue };
        for (attr, range) in scan::stores_in(f) {
            let ok = std::ptr::eq(f, init) && init.body[idx].range().contains_range(range);
            if (attr == fin || attr == "*") && !ok {
                return Err(Skip::Reassigned {
                    me: me.to_string(),
                    attr: fin.to_string(),
                    function: f.name.to_string(),
                    line: file.line_col(range.start()).0,
                });
            }
        }
    }
    project::stores_elsewhere(cx, k, place, me, fin, &|st| {
        st.on_self_of.as_deref() == Some(k.qualname.as_str()) && &*st.function == "__init__"
    })?;
    if !alone_on_lines(file, del.range()) {
        return Err(Skip::SharesLine {
            what: "`__del__`".to_string(),
        });
    }
    let (range, _) = delete_method(file, del, "");
    Ok(Plan {
        pieces: vec![Piece::Delete(range)],
        registration: None,
        detach: Vec::new(),
        import: None,
    })
}

/// `self.attr` (a captured value, not the instance).
fn is_plain_attr(e: &Expr, me: &str) -> bool {
    matches!(e, Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me))
}

// ---------------------------------------------------------------------------
// Delegation: `__del__` calls `self.close()`.

/// `self.m()` as `__del__`'s body, possibly under `if <flags>:`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Delegate<'a> {
    pub(crate) method: &'a str,
    pub(crate) guard: Option<&'a Expr>,
    pub(crate) guard_stmt: Option<&'a StmtIf>,
}

fn call_on<'a>(stmt: &'a Stmt, me: &str) -> Option<&'a str> {
    let Stmt::Expr(e) = stmt else { return None };
    let Expr::Call(c) = &*e.value else {
        return None;
    };
    if !c.arguments.is_empty() {
        return None;
    }
    let Expr::Attribute(a) = &*c.func else {
        return None;
    };
    matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me).then_some(a.attr.as_str())
}

/// The method `__del__` delegates to.
pub(crate) fn delegates<'a>(body: &'a [Stmt], me: &str) -> Option<Delegate<'a>> {
    match body {
        [s] => match s {
            Stmt::If(i) if i.elif_else_clauses.is_empty() && i.body.len() == 1 => {
                call_on(&i.body[0], me).map(|m| Delegate {
                    method: m,
                    guard: Some(&i.test),
                    guard_stmt: Some(i),
                })
            }
            s => call_on(s, me).map(|m| Delegate {
                method: m,
                guard: None,
                guard_stmt: None,
            }),
        },
        _ => None,
    }
}

/// Whether a statement only updates the instance's attributes.
fn is_state_update(s: &Stmt, me: &str) -> bool {
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

/// Move the resource-releasing statements of the method `__del__` calls into a
/// static cleanup function registered with `weakref.finalize`; the method calls
/// the finalizer (which runs at most once) and keeps its state updates.
#[allow(clippy::too_many_lines)]
pub(crate) fn delegation(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    env: &Env<'_>,
    del: &StmtFunctionDef,
    call: Delegate<'_>,
    store_finalizer: bool,
) -> Result<Plan, Skip> {
    let file = cx.file;
    let me = first_param(del).expect("checked");
    let name = call.method;
    let fail = |why: String| Skip::Delegation {
        method: name.to_string(),
        why,
    };
    let found = methods(&k.class.body, name);
    let m = match found.as_slice() {
        [] => {
            return Err(fail(format!(
                "is not defined in this class (it is inherited): {NEEDS_INSTANCE}"
            )));
        }
        [m] => *m,
        _ => return Err(fail("is defined more than once in the class".to_string())),
    };
    let p = &m.parameters;
    if m.is_async
        || !m.decorator_list.is_empty()
        || p.posonlyargs.len() + p.args.len() != 1
        || p.vararg.is_some()
        || p.kwarg.is_some()
        || !p.kwonlyargs.is_empty()
    {
        return Err(fail(
            "is decorated, async or takes arguments; sturdy moves cleanup only out of a plain `(self)` method".to_string(),
        ));
    }
    if !store_finalizer {
        return Err(fail(
            "will call the finalizer, which a class with `__slots__` cannot store; add \"_finalizer\" to `__slots__` and re-run".to_string(),
        ));
    }
    project::overridden(cx, place, name)?;
    let m_me = first_param(m).expect("one parameter");
    // The method: [docstring] [guard] <release statements> <state updates>.
    let mb = skip_docstring(&m.body);
    let (m_guard, block): (Option<(&Expr, bool)>, &[Stmt]) = match mb {
        [Stmt::If(i), rest @ ..]
            if i.elif_else_clauses.is_empty()
                && !rest.is_empty()
                && matches!(i.body.as_slice(), [Stmt::Return(r)] if r.value.is_none()) =>
        {
            (Some((&*i.test, true)), rest)
        }
        [Stmt::If(i)]
            if i.elif_else_clauses.is_empty()
                && i.body.last().is_some_and(|s| is_state_update(s, m_me)) =>
        {
            (Some((&*i.test, false)), &i.body[..])
        }
        _ => (None, mb),
    };
    let n_updates = block
        .iter()
        .rev()
        .take_while(|s| is_state_update(s, m_me))
        .count();
    let (release, updates) = block.split_at(block.len() - n_updates);
    let (Some(first), Some(last)) = (release.first(), release.last()) else {
        return Err(fail(
            "only updates the instance's attributes: there is nothing for a finalizer to release; keep `__del__`".to_string(),
        ));
    };
    if scan::does_nothing(release) {
        return Err(fail(
            "does nothing in this class (a hook for subclasses?): there is nothing for a finalizer to release; keep `__del__`".to_string(),
        ));
    }
    if let [Stmt::Raise(r)] = release
        && r.exc.as_deref().is_some_and(|e| {
            crate::util::last_segment(ruff_python_ast::helpers::map_callable(e))
                .is_some_and(|n| n == "NotImplementedError")
        })
    {
        return Err(fail(
            "raises `NotImplementedError`: subclasses are meant to override it".to_string(),
        ));
    }
    if let Some(at) = scan::has_return(release) {
        return Err(fail(format!(
            "can return early (line {}); sturdy cannot split it into cleanup and state updates",
            file.line_col(at).0
        )));
    }
    let release_range = TextRange::new(first.start(), last.end());
    if !alone_on_lines(file, release_range) || indent_of(file, first).is_none() {
        return Err(Skip::SharesLine {
            what: format!("the body of `{name}`"),
        });
    }
    // What the released statements use.
    let is_warn = |f: &Expr| env.is_warn(f);
    let mut scan = BodyScan::new(m_me, name, &is_warn, env.id_builtin);
    scan.visit_body(release);
    // Guards: flags (literals set in `__init__`, changed only by the state updates)
    // are dropped; tests of captured attributes stay, in the cleanup function too.
    let (init, init_me) = init_of(k.class)?;
    let mut flag_tests: Vec<(&Expr, bool, &str)> = Vec::new();
    let mut kept: Vec<&Expr> = Vec::new();
    if let Some(g) = call.guard {
        for c in flags::conjuncts(g) {
            flag_tests.push((c, false, me));
        }
    }
    let mut kept_early: Option<&Expr> = None;
    if let Some((g, negated)) = m_guard {
        if negated {
            // `if <test>: return`: a test of flags is dropped; one of captured
            // attributes stays, in the cleanup function too.
            let (attrs, _) = flags::attrs_read(g, m_me);
            if attrs
                .iter()
                .any(|a| init_literal(init, init_me, a).is_some())
            {
                flag_tests.push((g, true, m_me));
            } else {
                kept_early = Some(g);
            }
        } else {
            for c in flags::conjuncts(g) {
                let (attrs, _) = flags::attrs_read(c, m_me);
                if attrs
                    .iter()
                    .all(|a| init_literal(init, init_me, a).is_some())
                    && !attrs.is_empty()
                {
                    flag_tests.push((c, false, m_me));
                } else {
                    kept.push(c);
                }
            }
        }
    }
    for c in kept.iter().chain(&kept_early) {
        scan.visit_expr(c);
    }
    if let Some((pos, why)) = scan.problem {
        return Err(Skip::Body {
            why: format!("`__del__` calls `{me}.{name}()`, and {why}"),
            line: file.line_col(pos).0,
        });
    }
    let mut flag_attrs: Vec<String> = Vec::new();
    for (t, _, who) in &flag_tests {
        let (attrs, other) = flags::attrs_read(t, who);
        if other {
            return Err(fail(format!(
                "is called under a condition that uses the instance itself: {NEEDS_INSTANCE}"
            )));
        }
        for a in attrs {
            if init_literal(init, init_me, &a).is_none() {
                return Err(Skip::Flag {
                    attr: a,
                    why: "is not set to a literal at the top level of `__init__`, so sturdy cannot tell when the cleanup runs".to_string(),
                });
            }
            if !flag_attrs.contains(&a) {
                flag_attrs.push(a);
            }
        }
    }
    let v0 = |a: &str| init_literal(init, init_me, a);
    let open = flag_tests.iter().all(|(t, negated, who)| {
        let v = flags::eval(t, who, &v0);
        (if *negated { not(v) } else { v }) == Tri::True
    });
    if !open {
        let at = call.guard_stmt.map_or_else(|| m.start(), |g| g.start());
        return Err(Skip::NeverRuns {
            line: file.line_col(at).0,
        });
    }
    let needed = scan.needed();
    class_level(k.class, m_me, &needed)?;
    // The state updates may change captured attributes and flags.
    let mut allowed: Vec<(String, String, TextRange)> = Vec::new();
    for s in updates {
        for (attr, _) in stores_of(s, m_me) {
            allowed.push((attr, name.to_string(), s.range()));
        }
    }
    let point = init_point(
        cx,
        k,
        place,
        m_me,
        &Needs {
            captured: &needed,
            flags: &flag_attrs,
            allowed: &allowed,
            methods_use_finalizer: true,
        },
    )?;
    let finalize = names::finalize_ref(&env.bindings, &point.locals)?;
    let fin_attr = finalizer_attr(cx, k, place);
    let mut taken = scan::taken_names(k.class);
    taken.insert(name.to_string());
    taken.insert("__del__".to_string());
    let func_name = scan::free_name(&format!("_{}", name.trim_start_matches('_')), &taken);
    let mut reserved: FxHashSet<String> = scan.names.clone();
    reserved.insert(func_name.clone());
    let mut params: Vec<(String, String)> = Vec::new();
    param_names(&needed, &mut reserved, &mut params);
    let id_param = scan.uses.iter().any(|u| matches!(u, Use::Id(_))).then(|| {
        let p = scan::free_name("self_id", &reserved);
        reserved.insert(p.clone());
        p
    });
    let param_of = |a: &str| -> String {
        if a == "<id>" {
            return id_param.clone().expect("an id parameter");
        }
        params
            .iter()
            .find(|(x, _)| x == a)
            .map(|(_, p)| p.clone())
            .expect("param")
    };
    // The static cleanup function, inserted before the method.
    let nl = file.newline();
    let Some(member_indent) = indent_of(file, m) else {
        return Err(Skip::SharesLine {
            what: format!("`{name}`"),
        });
    };
    let body_indent = indent_of(file, &m.body[0]).unwrap_or_default().to_string();
    let unit = body_indent
        .strip_prefix(member_indent)
        .unwrap_or("    ")
        .to_string();
    let release_indent = indent_of(file, first).unwrap_or_default().to_string();
    let mut sig: Vec<String> = params.iter().map(|(_, p)| p.clone()).collect();
    sig.extend(id_param.clone());
    let mut before = format!(
        "{member_indent}@staticmethod{nl}{member_indent}def {func_name}({}):{nl}",
        sig.join(", ")
    );
    let mut to = body_indent.clone();
    if let Some(g) = kept_early {
        let test = kept_test(file, &[g], &scan.uses, &param_of);
        before.push_str(&format!(
            "{body_indent}if {test}:{nl}{body_indent}{unit}return{nl}"
        ));
    }
    if !kept.is_empty() {
        let test = kept_test(file, &kept, &scan.uses, &param_of);
        before.push_str(&format!("{body_indent}if {test}:{nl}"));
        to = format!("{body_indent}{unit}");
    }
    let source = TextRange::new(
        file.text.line_start(first.start()),
        file.text.full_line_end(last.end()),
    );
    let at = comments_above(&file.text, m.start());
    let blank = blank_lines_before(&file.text, at);
    let blanks = file.text[TextRange::new(blank, at)]
        .matches('\n')
        .count()
        .max(1);
    let (del_range, comments) = delete_method(file, del, &point.indent);
    let pieces = vec![
        Piece::Delete(del_range),
        Piece::Copy {
            at,
            before,
            source,
            replacements: replacements(&scan.uses, source, &param_of),
            from: release_indent.clone(),
            to,
            after: nl.repeat(blanks),
        },
        Piece::Replace(source, format!("{release_indent}{m_me}.{fin_attr}(){nl}")),
    ];
    let class_ref = names::class_ref(k, &env.bindings, &point.locals);
    let mut args = vec![format!("{class_ref}.{func_name}")];
    args.extend(params.iter().map(|(a, _)| format!("{}.{a}", point.me)));
    if id_param.is_some() {
        args.push(format!("id({})", point.me));
    }
    Ok(Plan {
        pieces,
        registration: Some(Registration {
            at: point.at,
            lead: point.lead,
            comments,
            indent: point.indent.clone(),
            me: point.me.clone(),
            store: Some(fin_attr),
            finalize: finalize.expr.clone(),
            args,
        }),
        detach: Vec::new(),
        import: finalize.import.clone(),
    })
}

/// The attributes of `me` a statement stores.
fn stores_of(s: &Stmt, me: &str) -> Vec<(String, TextRange)> {
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

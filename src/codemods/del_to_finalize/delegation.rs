//! Delegation: `__del__` calls a method of the class (`self.close()`), whose
//! resource-releasing statements move to a static cleanup function.

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{ExceptHandler, Expr, Stmt, StmtFunctionDef, StmtIf, StmtTry};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange};

use super::ClassCx;
use super::analyze::{
    Env, Needs, Plan, Registration, class_level, delete_method, finalizer_attr, init_of,
    init_point, param_names, skip_docstring,
};
use super::body::{self, BodyScan, Use};
use super::flags::{self, Tri};
use super::guard::{init_literal, not, replacements};
use super::inline;
use super::names;
use super::project::{self, Place};
use super::release::{
    alias_problem, all_names, helper, inlined_body, is_literal_update, is_state_update,
    method_aliases, placeholders, reads_release_local, stores_of,
};
use super::rewrite::{Piece, render};
use super::scan::{self, first_param, methods};
use super::skip::{NEEDS_INSTANCE, Skip};
use crate::codemods::Context;
use crate::util::{alone_on_lines, blank_lines_before, comments_above, indent_of};

/// `self.m()` as `__del__`'s body, possibly under `if <flags>:`, possibly inside
/// `try: ... except <E>: pass` (the *quiet* form).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Delegate<'a> {
    pub(crate) method: &'a str,
    pub(crate) guard: Option<&'a Expr>,
    pub(crate) guard_stmt: Option<&'a StmtIf>,
    /// The `try` statement whose handlers only swallow what the call raises.
    pub(crate) quiet: Option<&'a StmtTry>,
}

/// `self.m()` with no arguments, as a statement: the name `m`.
pub(crate) fn call_on<'a>(stmt: &'a Stmt, me: &str) -> Option<&'a str> {
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

/// `try: <body> except <E>: pass` (any number of handlers, each doing nothing and
/// naming exception types that do not involve the instance; no `else`, no
/// `finally`, no `except*`).
fn swallows(t: &StmtTry, me: &str) -> bool {
    !t.is_star
        && t.orelse.is_empty()
        && t.finalbody.is_empty()
        && !t.handlers.is_empty()
        && t.handlers.iter().all(|h| {
            let ExceptHandler::ExceptHandler(h) = h;
            body::does_nothing(&h.body) && h.type_.as_deref().is_none_or(|e| !scan::mentions(e, me))
        })
}

/// Why a `try` around `self.m()` (possibly under `if <flags>:`) is not the quiet
/// form: (the method, the line, what the `try` does besides swallowing errors).
pub(crate) fn unquiet_try<'a>(
    body: &'a [Stmt],
    me: &str,
    file: &crate::source::SourceFile,
) -> Option<(&'a str, usize, &'static str)> {
    let t = match body {
        [Stmt::Try(t)] => t,
        [Stmt::If(i)] if i.elif_else_clauses.is_empty() => match i.body.as_slice() {
            [Stmt::Try(t)] => t,
            _ => return None,
        },
        _ => return None,
    };
    if swallows(t, me) {
        return None;
    }
    let d = delegates(&t.body, me)?;
    let line = |at: ruff_text_size::TextSize| file.line_col(at).0;
    let (at, what) = if t.is_star {
        (t.start(), "uses `except*`")
    } else if let Some(s) = t.orelse.first() {
        (s.start(), "has an `else` clause")
    } else if let Some(s) = t.finalbody.first() {
        (s.start(), "has a `finally` clause")
    } else if let Some(ExceptHandler::ExceptHandler(h)) = t
        .handlers
        .iter()
        .find(|h| matches!(h, ExceptHandler::ExceptHandler(h) if !body::does_nothing(&h.body)))
    {
        (
            h.start(),
            "has an `except` clause that does more than `pass`",
        )
    } else {
        (t.start(), "names the instance in an `except` clause")
    };
    Some((d.method, line(at), what))
}

/// The method `__del__` delegates to.
pub(crate) fn delegates<'a>(body: &'a [Stmt], me: &str) -> Option<Delegate<'a>> {
    let [s] = body else { return None };
    match s {
        Stmt::Try(t) if swallows(t, me) => {
            let d = delegates(&t.body, me)?;
            d.quiet.is_none().then_some(Delegate {
                quiet: Some(t),
                ..d
            })
        }
        Stmt::If(i) if i.elif_else_clauses.is_empty() && i.body.len() == 1 => {
            if let Stmt::Try(_) = &i.body[0] {
                let d = delegates(&i.body, me)?;
                return (d.guard.is_none()).then_some(Delegate {
                    guard: Some(&i.test),
                    guard_stmt: Some(i),
                    ..d
                });
            }
            call_on(&i.body[0], me).map(|m| Delegate {
                method: m,
                guard: Some(&i.test),
                guard_stmt: Some(i),
                quiet: None,
            })
        }
        s => call_on(s, me).map(|m| Delegate {
            method: m,
            guard: None,
            guard_stmt: None,
            quiet: None,
        }),
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
            // `self.cb = ...` in a method: a callable attribute, not an inherited method.
            let stored = k.class.body.iter().find_map(|s| match s {
                Stmt::FunctionDef(f) if f.name.as_str() != "__del__" => super::scan::stores_in(f)
                    .into_iter()
                    .find(|(a, _)| a == name)
                    .map(|(_, r)| (f.name.to_string(), file.line_col(r.start()).0)),
                _ => None,
            });
            return Err(fail(match stored {
                Some((f, line)) => format!(
                    "is not a method but an attribute stored in `{f}` (line {line}); sturdy captures a callable attribute only when `__init__` stores it once and nothing rebinds it; keep `__del__`"
                ),
                None => format!("is not defined in this class (it is inherited): {NEEDS_INSTANCE}"),
            }));
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
            "will call the finalizer, which a class with `__slots__` cannot store; register the finalizer by hand, in a slot of its own (sturdy stores it only in an instance `__dict__`)".to_string(),
        ));
    }
    if call.quiet.is_some() && !env.defaults.is_empty() {
        return Err(fail(
            "runs inside `try`/`except` in a `__del__` with bound default parameters: sturdy does not combine the two; convert by hand".to_string(),
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
    // `fd = self.fd` aliases, then updates to literals (trio's `self.fd = -1`):
    // they stay in the method, before the finalizer call; the cleanup function
    // takes the aliased attributes as parameters named like the aliases.
    let aliases = method_aliases(file, block, m_me);
    let rest = &block[aliases.len()..];
    let n_pre = rest
        .iter()
        .take_while(|s| is_literal_update(s, m_me))
        .count();
    let (pre, rest) = rest.split_at(n_pre);
    let n_updates = rest
        .iter()
        .rev()
        .take_while(|s| is_state_update(s, m_me))
        .count();
    let (release, updates) = rest.split_at(rest.len() - n_updates);
    let (Some(first), Some(last)) = (release.first(), release.last()) else {
        return Err(fail(
            "only updates the instance's attributes: there is nothing for a finalizer to release; keep `__del__`".to_string(),
        ));
    };
    if body::does_nothing(release) {
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
    if let Some(at) = body::has_return(release) {
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
    for al in &aliases {
        if let Some((at, why)) = alias_problem(m, al, release_range) {
            return Err(fail(format!(
                "{why} (line {}); sturdy moves `{} = {m_me}.{}` into the cleanup function only when the cleanup statements are its only readers",
                file.line_col(at).0,
                al.name,
                al.attr
            )));
        }
    }
    // The release statements move out of the method: a local they bind must not be
    // read by the state updates that stay after them.
    if let Some((at, local)) = reads_release_local(release, updates) {
        return Err(fail(format!(
            "reads `{local}` (line {}), which its cleanup statements bind, after them; sturdy moves the cleanup statements out of the method only when the statements that stay do not use their locals",
            file.line_col(at).0
        )));
    }
    if call.quiet.is_some() && !(aliases.is_empty() && pre.is_empty()) {
        return Err(fail(
            "runs inside `try`/`except` and reads or sets attributes before its cleanup statements: sturdy does not combine the two; convert by hand".to_string(),
        ));
    }
    // What the released statements use.
    let is_warn = |f: &Expr| env.is_warn(f);
    let mut scan = BodyScan::new(m_me, name, &is_warn, env.id_builtin);
    // `self.flush()` among the release statements, where `flush` is a plain method
    // of the class: its statements are inlined into the cleanup function.
    let mut helpers: Vec<(&Stmt, &StmtFunctionDef)> = Vec::new();
    let mut part_names: Vec<FxHashSet<String>> = Vec::new();
    for s in release {
        let found = call_on(s, m_me).and_then(|h| helper(k.class, h, name, m_me).map(|r| (h, r)));
        let h = match found {
            Some((_, Ok(h))) => Some(h),
            Some((h, Err(why))) => {
                return Err(fail(format!(
                    "calls `{m_me}.{h}()` (line {}), which {why}; sturdy inlines a method into the cleanup function only when it is a plain `(self)` method defined once in the class, without `return`, `yield` or `await`",
                    file.line_col(s.start()).0
                )));
            }
            None => None,
        };
        let Some(h) = h else {
            scan.visit_stmt(s);
            part_names.push(all_names(std::slice::from_ref(s)));
            continue;
        };
        project::overridden(cx, place, h.name.as_str())?;
        let mut hs = BodyScan::new(m_me, h.name.as_str(), &is_warn, env.id_builtin);
        hs.visit_body(skip_docstring(&h.body));
        if let Some((at, why)) = hs.problem
            && scan.problem.is_none()
        {
            scan.problem = Some((
                at,
                format!("`{name}` calls `{m_me}.{}()`, and {why}", h.name),
            ));
        }
        scan.uses.extend(hs.uses);
        scan.names.extend(hs.names.iter().cloned());
        part_names.push(all_names(skip_docstring(&h.body)));
        helpers.push((s, h));
    }
    let pre_attrs: Vec<String> = pre
        .iter()
        .flat_map(|s| stores_of(s, m_me))
        .map(|(a, _)| a)
        .collect();
    if let Some(u) = scan
        .uses
        .iter()
        .find(|u| u.attr().is_some_and(|a| pre_attrs.iter().any(|p| p == a)))
    {
        return Err(Skip::Body {
            why: format!(
                "`__del__` calls `{me}.{name}()`, which reads `{m_me}.{}` after setting it: a finalizer would see the value captured in `__init__`",
                u.attr().unwrap_or_default()
            ),
            line: file.line_col(u.range().start()).0,
        });
    }
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
    // Plain properties in kept guards (`if self.closed: return`) are read through
    // their getter's expression.
    let mut props: Vec<inline::Prop<'_>> = Vec::new();
    let mut inlined = Vec::new();
    for c in kept.iter().chain(&kept_early) {
        let found = inline::properties_in(k.class, c, m_me);
        for p in &found {
            project::overridden(cx, place, p.name)?;
        }
        inlined.extend(inline::scan_test(&mut scan, c, &found));
        props.extend(found);
    }
    // An inlined method's locals must not be names of the other release statements,
    // of the other inlined methods, of the aliases or of the kept guards (they share
    // one scope now).
    let mut guard_names: FxHashSet<String> = FxHashSet::default();
    for c in kept.iter().chain(&kept_early) {
        guard_names.extend(all_names(&[Stmt::Expr(ruff_python_ast::StmtExpr {
            node_index: ruff_python_ast::AtomicNodeIndex::default(),
            range: c.range(),
            value: Box::new((*c).clone()),
        })]));
    }
    for (part, s) in release.iter().enumerate() {
        let Some((_, h)) = helpers.iter().find(|(hs, _)| std::ptr::eq(*hs, s)) else {
            continue;
        };
        let mut locals = names::local_names(h);
        locals.remove(m_me);
        let others = part_names
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != part)
            .flat_map(|(_, n)| n.iter());
        if let Some(clash) = others
            .chain(aliases.iter().map(|a| &a.name))
            .chain(guard_names.iter())
            .find(|n| locals.contains(*n))
        {
            return Err(fail(format!(
                "calls `{m_me}.{}()`, whose local `{clash}` is also a name of `{name}`: sturdy inlines a method only when its names are its own; convert by hand",
                h.name
            )));
        }
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
    let mut needed: Vec<String> = aliases.iter().map(|a| a.attr.clone()).collect();
    for a in scan.needed() {
        if !needed.contains(&a) {
            needed.push(a);
        }
    }
    class_level(k.class, m_me, &needed)?;
    // The state updates may change captured attributes and flags.
    let mut allowed: Vec<(String, String, TextRange)> = Vec::new();
    placeholders(
        init,
        init_me,
        &needed,
        kept_early,
        &kept,
        m_me,
        &props,
        &mut allowed,
    );
    for s in pre.iter().chain(updates) {
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
    let finalize = names::finalize_ref(cx.file, &env.bindings, &point.locals)?;
    let fin_attr = finalizer_attr(cx, k, place);
    let mut taken = names::taken_names(k.class);
    taken.insert(name.to_string());
    taken.insert("__del__".to_string());
    let func_name = names::free_name(&format!("_{}", name.trim_start_matches('_')), &taken);
    taken.insert(func_name.clone());
    // The quiet form registers a wrapper that swallows what `__del__` swallowed.
    let quiet_name = call
        .quiet
        .map(|_| names::free_name(&format!("{func_name}_quietly"), &taken));
    let mut reserved: FxHashSet<String> = scan.names.clone();
    reserved.insert(func_name.clone());
    let mut params: Vec<(String, String)> = aliases
        .iter()
        .map(|a| (a.attr.clone(), a.name.clone()))
        .collect();
    param_names(&needed, &mut reserved, &mut params);
    let id_param = scan.uses.iter().any(|u| matches!(u, Use::Id(_))).then(|| {
        let p = names::free_name("self_id", &reserved);
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
        let test = inline::kept_test(file, &[g], &scan.uses, &inlined, &param_of);
        before.push_str(&format!(
            "{body_indent}if {test}:{nl}{body_indent}{unit}return{nl}"
        ));
    }
    if !kept.is_empty() {
        let test = inline::kept_test(file, &kept, &scan.uses, &inlined, &param_of);
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
    let mut after = nl.repeat(blanks);
    let mut call_finalizer = format!("{release_indent}{m_me}.{fin_attr}(){nl}");
    if let (Some(t), Some(quiet)) = (call.quiet, &quiet_name) {
        // `@staticmethod def _close_quietly(a, b): try: Cls._close(a, b) except E: pass`
        // after the cleanup function. The method runs the cleanup itself, so that its
        // errors still reach the caller, and detaches the finalizer once it succeeded
        // (a cleanup that raised is retried, quietly, at collection, as `__del__` did).
        let args = sig.join(", ");
        let locals: FxHashSet<String> = sig.iter().cloned().collect();
        let cref = names::class_ref(k, &env.bindings, &locals);
        let mut w = format!(
            "{member_indent}@staticmethod{nl}{member_indent}def {quiet}({args}):{nl}{body_indent}try:{nl}{body_indent}{unit}{cref}.{func_name}({args}){nl}"
        );
        let Some(try_indent) = indent_of(file, t) else {
            return Err(Skip::SharesLine {
                what: "`__del__`".to_string(),
            });
        };
        for h in &t.handlers {
            if !alone_on_lines(file, h.range()) {
                return Err(Skip::SharesLine {
                    what: format!("the `except` clause at line {}", file.line_col(h.start()).0),
                });
            }
            let lines = file.text.full_lines_range(h.range());
            w.push_str(&render(file, lines, &[], Some((try_indent, &body_indent))));
            if !w.ends_with('\n') {
                w.push_str(nl);
            }
        }
        after = format!("{after}{w}{after}");
        let m_locals = names::local_names(m);
        let mref = names::class_ref(k, &env.bindings, &m_locals);
        let mut margs: Vec<String> = params.iter().map(|(a, _)| format!("{m_me}.{a}")).collect();
        if id_param.is_some() {
            margs.push(format!("id({m_me})"));
        }
        call_finalizer = format!(
            "{release_indent}{mref}.{func_name}({}){nl}{release_indent}{m_me}.{fin_attr}.detach(){nl}",
            margs.join(", ")
        );
    }
    let mut pieces = vec![
        Piece::Delete(del_range),
        Piece::Copy {
            at,
            before,
            source,
            replacements: {
                let mut r = replacements(&scan.uses, source, &param_of);
                for (s, h) in &helpers {
                    r.push((
                        s.range(),
                        inlined_body(file, h, &to, &scan.uses, &param_of)?,
                    ));
                }
                r
            },
            from: release_indent.clone(),
            to,
            after,
        },
        Piece::Replace(source, call_finalizer),
    ];
    pieces.extend(
        aliases
            .iter()
            .map(|a| Piece::Delete(file.text.full_lines_range(a.stmt.range()))),
    );
    let class_ref = names::class_ref(k, &env.bindings, &point.locals);
    let registered = quiet_name.as_ref().unwrap_or(&func_name);
    let mut args = vec![format!("{class_ref}.{registered}")];
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
            head: point.head.clone(),
            tail: point.tail.clone(),
            me: point.me.clone(),
            store: Some(fin_attr),
            finalize: finalize.exprs[0].clone(),
            args,
        }),
        detach: Vec::new(),
        import: finalize.edit,
    })
}

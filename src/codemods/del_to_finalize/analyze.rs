//! Decide, for one class, how its `__del__` becomes a `weakref.finalize`
//! registration ([`Plan`]) or why it stays ([`Skip`]).
//!
//! Order of the checks: reasons of the method's own text ([`own_reason`], decided
//! before any fact, so a file whose every `__del__` stays for one of them needs no
//! other file), then the hierarchy and other files ([`project::check`]), then the
//! class's code (the shape of the body, `__init__`, stores of captured attributes).

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::body;
use super::names;
pub(crate) use super::params::{finalizer_attr, param_names};
use super::project::{self, Place};
use super::scan::{self, first_param, methods};
use super::skip::Skip;
use super::{ClassCx, rewrite::Piece};
use super::{branches, clear, delegation, redundant, static_form};
use crate::codemods::Context;
use crate::edit::Edit;
use crate::semantic::AttrStore;
use crate::semantic::bindings::Bindings;
use crate::source::SourceFile;
use crate::util::{blank_lines_after, blank_lines_before, comments_above, indent_of};

/// How one class changes.
#[derive(Debug)]
pub(crate) struct Plan {
    /// Edits of the class body (deleting or replacing `__del__`, the static cleanup
    /// function, the method the cleanup moved out of).
    pub(crate) pieces: Vec<Piece>,
    /// The registration in `__init__` (none when the class registers one already).
    pub(crate) registration: Option<Registration>,
    /// `self._finalizer.detach()` lines after statements that close the instance.
    pub(crate) detach: Vec<Detach>,
    /// The edit importing `weakref`, when one is needed.
    pub(crate) import: Option<Edit>,
}

/// `self._finalizer = weakref.finalize(self, func, args...)` in `__init__`.
#[derive(Debug)]
pub(crate) struct Registration {
    /// Where the line goes (a line start).
    pub(crate) at: TextSize,
    /// A newline to write first (the file's last line has none).
    pub(crate) lead: &'static str,
    /// Own-line comments moved from above `__del__` (indented, with newlines).
    pub(crate) comments: String,
    pub(crate) indent: String,
    pub(crate) me: String,
    /// The attribute that keeps the finalizer (`None` for `__slots__` classes).
    pub(crate) store: Option<String>,
    pub(crate) finalize: String,
    /// The callee and its arguments.
    pub(crate) args: Vec<String>,
    /// Text before the registration (after `lead`) and after it: a new
    /// `__init__`'s `def` line and the blank line that ends it ([`super::new_init`]).
    pub(crate) head: String,
    pub(crate) tail: String,
}

/// `self._finalizer.detach()` after a statement.
#[derive(Debug)]
pub(crate) struct Detach {
    /// The start of the line after the statement.
    pub(crate) at: TextSize,
    pub(crate) indent: String,
    pub(crate) me: String,
    pub(crate) attr: String,
}

/// A reason of the method's own text, decided before any fact.
pub(crate) fn own_reason(class: &StmtClassDef, del: &StmtFunctionDef) -> Option<Skip> {
    if methods(&class.body, "__del__").len() > 1 {
        return Some(Skip::DelTwice {
            class: class.name.to_string(),
        });
    }
    if del.is_async || !del.decorator_list.is_empty() {
        return Some(Skip::Decorated);
    }
    let p = &del.parameters;
    let positional: Vec<_> = p.posonlyargs.iter().chain(&p.args).collect();
    let ok = !positional.is_empty()
        && positional[0].default.is_none()
        && positional[1..].iter().all(|a| a.default.is_some())
        && p.kwonlyargs.iter().all(|a| a.default.is_some())
        && p.vararg.is_none()
        && p.kwarg.is_none();
    if !ok {
        return Some(Skip::Signature);
    }
    if body::does_nothing(&del.body) {
        return Some(Skip::DoesNothing);
    }
    None
}

/// What the analysis knows of the module and the method.
pub(crate) struct Env<'a> {
    pub(crate) bindings: Bindings,
    /// `__del__`'s bound default parameters: (name, default).
    pub(crate) defaults: Vec<(String, &'a Expr)>,
    pub(crate) id_builtin: bool,
}

impl Env<'_> {
    pub(crate) fn is_warn(&self, func: &Expr) -> bool {
        names::is_warn(&self.bindings, &self.defaults, func)
    }
}

/// The plan for one class, or why its `__del__` stays.
pub(crate) fn analyze<'a>(
    cx: &Context<'a>,
    k: &ClassCx<'a>,
    del: &'a StmtFunctionDef,
) -> Result<Plan, Skip> {
    if let Some(s) = own_reason(k.class, del) {
        return Err(s);
    }
    let me = first_param(del).expect("checked by own_reason");
    let clearing = clear::self_clearing(del, me);
    let delegated = clearing
        .is_none()
        .then(|| clear::delegated(k.class, del, me))
        .flatten();
    let place = match (&clearing, &delegated) {
        (None, None) => project::check(cx, k)?,
        _ => project::check_with(cx, k, false).map_err(clear::reword)?,
    };
    if let Some(c) = &clearing {
        return clear::plan(cx, k, &place, del, c);
    }
    if let Some((m, c)) = &delegated {
        clear::reaches_method(cx, k, &place, me, m.name.as_str())?;
        return clear::plan(cx, k, &place, del, c);
    }
    let file = cx.file;
    let class = k.class;
    let cname = class.name.as_str();
    let store_finalizer = match scan::slots(class) {
        None => true,
        Some(Some(s)) if s.iter().any(|x| x == "__weakref__") => false,
        Some(Some(_)) => match slots_base(cx, &place) {
            // A base without `__slots__` gives the instances `__weakref__` and
            // `__dict__` (where the finalizer is stored).
            SlotsBase::Dict => true,
            SlotsBase::Object => {
                return Err(Skip::SlotsNoWeakref {
                    class: cname.to_string(),
                    base: None,
                });
            }
            SlotsBase::Unknown(base) => {
                return Err(Skip::SlotsNoWeakref {
                    class: cname.to_string(),
                    base: Some(base),
                });
            }
        },
        Some(None) => {
            return Err(Skip::SlotsUnreadable {
                class: cname.to_string(),
            });
        }
    };
    if !methods(&class.body, "__setattr__").is_empty() && store_finalizer {
        return Err(Skip::Setattr {
            class: cname.to_string(),
        });
    }
    let bindings = Bindings::collect(&file.module, file.is_package, file.suite());
    let defaults: Vec<(String, &Expr)> = del
        .parameters
        .iter_non_variadic_params()
        .filter_map(|p| Some((p.parameter.name.to_string(), p.default.as_deref()?)))
        .collect();
    let id_builtin = bindings.stars.is_empty()
        && !bindings.names.contains_key("id")
        && !defaults.iter().any(|(n, _)| n == "id");
    let env = Env {
        bindings,
        defaults,
        id_builtin,
    };
    let body = skip_docstring(&del.body);
    // `self.F()` where `__init__` assigns `self.F`: a finalizer the class keeps.
    let assigned_in_init = |attr: &str| {
        init_of(class)
            .is_ok_and(|(init, init_me)| scan::top_level_assignment(init, init_me, attr).is_some())
    };
    if let Some(fin) =
        redundant::calls_own_finalizer(class, body, me).filter(|f| assigned_in_init(f))
    {
        return redundant::redundant(cx, k, &place, &env, del, fin);
    }
    if let Some(call) = delegation::delegates(body, me) {
        return delegation::delegation(cx, k, &place, &env, del, call, store_finalizer);
    }
    if let Some((method, line, what)) = delegation::unquiet_try(body, me, file) {
        return Err(Skip::Delegation {
            method: method.to_string(),
            why: format!(
                "runs inside a `try` statement that {what} (line {line}); sturdy converts a `try` around it only when every `except` clause just swallows the error (`except E: pass`); convert by hand"
            ),
        });
    }
    static_form::static_plan(cx, k, &place, &env, del, store_finalizer)
}

/// What the bases of a class with `__slots__` (without `__weakref__`) give its
/// instances.
enum SlotsBase {
    /// `__weakref__` and `__dict__`: an ancestor without `__slots__`, in a
    /// hierarchy of plain project class statements (a decorator such as
    /// `@dataclass(slots=True)`, a metaclass or a base from elsewhere could add
    /// `__slots__`).
    Dict,
    /// Nothing: the only base is `object`.
    Object,
    /// Sturdy cannot tell (a base from the standard library or the environment,
    /// whose stub or source does not show its layout, or every project ancestor
    /// has `__slots__` of its own): the base to name.
    Unknown(String),
}

fn slots_base(cx: &Context<'_>, place: &Place<'_>) -> SlotsBase {
    let h = cx.facts.hierarchy();
    let bases: Vec<_> = place
        .mro
        .iter()
        .skip(1)
        .filter(|c| &*c.qualname != "builtins.object")
        .collect();
    let Some(first) = bases.first() else {
        return SlotsBase::Object;
    };
    // Every class of the hierarchy is a plain class statement of the project: no
    // metaclass, class keyword or decorator that could change its layout.
    let plain = place.mro.iter().all(|c| {
        &*c.qualname == "builtins.object"
            || (h.project_class(&c.qualname).is_some()
                && c.metaclass.is_none()
                && !c.other_keywords
                && c.decorators.is_empty())
    });
    let gives_dict = bases
        .iter()
        .any(|c| !c.defines(crate::semantic::Dunder::SLOTS));
    if plain && gives_dict {
        SlotsBase::Dict
    } else {
        SlotsBase::Unknown(first.qualname.to_string())
    }
}

/// The statements after a docstring.
pub(crate) fn skip_docstring(body: &[Stmt]) -> &[Stmt] {
    match body.first() {
        Some(s) if ruff_python_ast::helpers::is_docstring_stmt(s) => &body[1..],
        _ => body,
    }
}

/// `__init__`, its `self`, and where in it the registration goes.
pub(crate) struct InitPoint {
    pub(crate) me: String,
    pub(crate) at: TextSize,
    pub(crate) lead: &'static str,
    pub(crate) indent: String,
    /// Names bound in `__init__`.
    pub(crate) locals: FxHashSet<String>,
    /// A new `__init__`'s `def` line and the blank line after it (empty when the
    /// class has an `__init__`).
    pub(crate) head: String,
    pub(crate) tail: String,
}

/// What the finalizer captures and what the registration must follow.
pub(crate) struct Needs<'n> {
    /// Attributes captured as arguments (read by the cleanup).
    pub(crate) captured: &'n [String],
    /// Attributes a guard tests (literal values, assigned at the top level of
    /// `__init__`; the registration follows their last assignment).
    pub(crate) flags: &'n [String],
    /// Stores outside `__init__` that are part of the shape: (attribute, method, range).
    pub(crate) allowed: &'n [(String, String, TextRange)],
    /// Whether code before the registration must not reach the instance's methods
    /// (the rewrite makes methods use the finalizer).
    pub(crate) methods_use_finalizer: bool,
}

/// The `__init__` of the class.
pub(crate) fn init_of(class: &StmtClassDef) -> Result<(&StmtFunctionDef, &str), Skip> {
    let inits = methods(&class.body, "__init__");
    let Some(init) = inits.first().copied() else {
        return Err(Skip::NoInit {
            class: class.name.to_string(),
        });
    };
    if inits.len() > 1 {
        return Err(Skip::InitTwice {
            class: class.name.to_string(),
        });
    }
    let Some(init_me) = first_param(init) else {
        return Err(Skip::InitNoSelf);
    };
    Ok((init, init_me))
}

/// Check every captured attribute and flag, and find where the registration goes.
#[allow(clippy::too_many_lines)]
pub(crate) fn init_point(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    needs: &Needs<'_>,
) -> Result<InitPoint, Skip> {
    let file = cx.file;
    let class = k.class;
    let (init, init_me) = match init_of(class) {
        Ok(x) => x,
        Err(Skip::NoInit { .. }) => return super::new_init::point(cx, k, place, me, needs),
        Err(e) => return Err(e),
    };
    // Instance data that does not refer to the instance, in assignment order.
    let mut independent: Vec<String> = Vec::new();
    for s in &init.body {
        if let Stmt::Assign(a) = s
            && let [Expr::Attribute(t)] = a.targets.as_slice()
            && matches!(&*t.value, Expr::Name(n) if n.id.as_str() == init_me)
            && !scan::may_refer_to_instance(&a.value, init_me, &independent)
        {
            independent.push(t.attr.to_string());
        }
    }
    let mut anchor: Option<usize> = None;
    let init_stores = scan::stores_in(init);
    for attr in needs.captured {
        let Some(first) = branches::first_assignment(init, init_me, attr) else {
            if init_stores.iter().any(|(a, _)| a == attr) {
                return Err(Skip::Conditional {
                    me: me.to_string(),
                    attr: attr.clone(),
                });
            }
            return Err(Skip::NotAssigned {
                me: me.to_string(),
                attr: attr.clone(),
                stored: stored_in_method(file, class, attr),
            });
        };
        // A later top-level assignment the shape allows (the earlier values are
        // placeholders the cleanup ignores) is the value captured.
        let idx = needs
            .allowed
            .iter()
            .filter(|(a, f, _)| a == attr && f == "__init__")
            .filter_map(|(_, _, r)| init.body.iter().position(|s| s.range() == *r))
            .fold(first, usize::max);
        let values = branches::values(init, &init.body[idx], init_me, attr);
        let before: Vec<String> = independent
            .iter()
            .filter(|a| scan::top_level_assignment(init, init_me, a).is_some_and(|i| i < idx))
            .cloned()
            .collect();
        if values
            .iter()
            .any(|v| scan::may_refer_to_instance(v, init_me, &before))
        {
            return Err(Skip::BuiltFromSelf {
                me: me.to_string(),
                attr: attr.clone(),
                init_me: init_me.to_string(),
            });
        }
        anchor = Some(anchor.map_or(idx, |a: usize| a.max(idx)));
    }
    for attr in needs.flags {
        let all = scan::top_level_assignments(init, init_me, attr);
        let Some(&last) = all.last() else {
            return Err(Skip::NotAssigned {
                me: me.to_string(),
                attr: attr.clone(),
                stored: stored_in_method(file, class, attr),
            });
        };
        let nested = init_stores.iter().any(|(a, r)| {
            a == attr && !all.iter().any(|&i| init.body[i].range().contains_range(*r))
        });
        if nested {
            return Err(Skip::Conditional {
                me: me.to_string(),
                attr: attr.clone(),
            });
        }
        anchor = Some(anchor.map_or(last, |a: usize| a.max(last)));
    }
    // Stores elsewhere in the class.
    let is_allowed = |attr: &str, func: &str, r: TextRange| {
        needs
            .allowed
            .iter()
            .any(|(a, f, ar)| a == attr && f == func && ar.contains_range(r))
    };
    for store in scan::method_stores(file, class) {
        let (f, attr, range, line) = store?;
        let captured = needs.captured.contains(&attr);
        let flag = needs.flags.contains(&attr);
        if !captured && !flag {
            continue;
        }
        if is_allowed(&attr, &f.name, range) {
            continue;
        }
        if std::ptr::eq(f, init) {
            let tops = scan::top_level_assignments(init, init_me, &attr);
            let in_top = |i: usize| init.body[i].range().contains_range(range);
            // A captured attribute: its first top-level assignment only; a flag:
            // any top-level assignment (the registration follows the last).
            if (captured
                && branches::first_assignment(init, init_me, &attr).is_some_and(in_top)
                && !flag)
                || (flag && tops.iter().any(|&i| in_top(i)) && !captured)
            {
                continue;
            }
        }
        if flag {
            return Err(Skip::Flag {
                attr: attr.clone(),
                why: format!(
                    "is also set in `{}` (line {line}) where sturdy cannot tell the value",
                    f.name
                ),
            });
        }
        return Err(Skip::Reassigned {
            me: me.to_string(),
            attr,
            function: f.name.to_string(),
            line,
        });
    }
    // Stores anywhere in the project.
    let allowed_store = |attr: &str, st: &AttrStore| {
        st.on_self_of.as_deref() == Some(k.qualname.as_str())
            && (&*st.function == "__init__"
                || needs.allowed.iter().any(|(a, f, r)| {
                    a == attr
                        && **f == *st.function
                        && st.location.as_ref()
                            == format!("{}:{}", file.path, file.line_col(r.start()).0)
                }))
    };
    for attr in needs.captured.iter().chain(needs.flags) {
        project::stores_elsewhere(cx, k, place, me, attr, &|st| allowed_store(attr, st))?;
    }
    let after = anchor.map_or_else(
        || {
            init.body
                .iter()
                .take_while(|s| ruff_python_ast::helpers::is_docstring_stmt(s))
                .count()
        },
        |a| a + 1,
    );
    if let Some(ret) = body::has_return(&init.body[..after.min(init.body.len())]) {
        return Err(Skip::EarlyReturn {
            line: file.line_col(ret).0,
        });
    }
    if let Some(at) = branches::installs_in_sys(init, init_me) {
        return Err(Skip::InstalledInSys {
            line: file.line_col(at).0,
        });
    }
    if needs.methods_use_finalizer {
        before_registration(cx, place, init, init_me, after)?;
    }
    let Some(indent) = init.body.first().and_then(|s| indent_of(file, s)) else {
        return Err(Skip::OneLineInit);
    };
    let at = if after == 0 {
        file.text.line_start(init.body[0].start())
    } else {
        file.text.full_line_end(init.body[after - 1].end())
    };
    // After a line that ends in a `\` continuation, an inserted line would be joined to it.
    if at > TextSize::default()
        && file.text[..at.to_usize()]
            .trim_end_matches(['\n', '\r'])
            .ends_with('\\')
    {
        return Err(Skip::Continuation);
    }
    let lead = crate::fix::newline_before(file, at);
    Ok(InitPoint {
        me: init_me.to_string(),
        at,
        lead,
        indent: indent.to_string(),
        locals: names::local_names(init),
        head: String::new(),
        tail: String::new(),
    })
}

/// The first method of the class other than `__init__` and `__del__` that stores
/// `self.attr`, and the line of the store.
pub(crate) fn stored_in_method(
    file: &SourceFile,
    class: &StmtClassDef,
    attr: &str,
) -> Option<(String, usize)> {
    class.body.iter().find_map(|s| {
        let Stmt::FunctionDef(f) = s else { return None };
        if matches!(f.name.as_str(), "__init__" | "__del__") {
            return None;
        }
        scan::stores_in(f)
            .into_iter()
            .find(|(a, _)| a == attr)
            .map(|(_, r)| (f.name.to_string(), file.line_col(r.start()).0))
    })
}

/// Code in `__init__` before the registration must not reach the instance's
/// methods (which will use the finalizer): no `self.m()` calls, no `self` passed
/// on, no base `__init__` other than the standard library's.
fn before_registration(
    cx: &Context<'_>,
    place: &Place<'_>,
    init: &StmtFunctionDef,
    me: &str,
    after: usize,
) -> Result<(), Skip> {
    struct V<'m> {
        me: &'m str,
        found: Option<(TextSize, String)>,
        super_init: Option<TextSize>,
    }
    impl<'b> Visitor<'b> for V<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.found.is_some() {
                return;
            }
            match e {
                Expr::Call(c) => {
                    if let Expr::Attribute(a) = &*c.func {
                        if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.me) {
                            self.found = Some((c.start(), format!("{}.{}()", self.me, a.attr)));
                            return;
                        }
                        let is_super = matches!(&*a.value, Expr::Call(s) if matches!(&*s.func, Expr::Name(n) if n.id.as_str() == "super"));
                        if is_super && a.attr.as_str() == "__init__" {
                            self.super_init.get_or_insert(c.start());
                            for arg in &c.arguments.args {
                                self.visit_expr(arg);
                            }
                            return;
                        }
                        if a.attr.as_str() == "__init__"
                            && matches!(c.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == self.me)
                        {
                            self.super_init.get_or_insert(c.start());
                            for arg in c.arguments.args.iter().skip(1) {
                                self.visit_expr(arg);
                            }
                            return;
                        }
                    }
                }
                Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.me) =>
                {
                    return;
                }
                Expr::Name(n) if n.id.as_str() == self.me => {
                    self.found = Some((n.start(), self.me.to_string()));
                    return;
                }
                _ => {}
            }
            ruff_python_ast::visitor::walk_expr(self, e);
        }
    }
    let mut v = V {
        me,
        found: None,
        super_init: None,
    };
    v.visit_body(&init.body[..after.min(init.body.len())]);
    if let Some((at, call)) = v.found {
        let what = if call == me {
            format!("passes `{me}` on")
        } else {
            format!("calls `{call}`")
        };
        return Err(Skip::InitCallsBeforeRegistration {
            what,
            line: cx.file.line_col(at).0,
        });
    }
    if let Some(at) = v.super_init
        && !place.bases_are_stdlib()
    {
        return Err(Skip::InitCallsBeforeRegistration {
            what: "calls the base class's `__init__`".to_string(),
            line: cx.file.line_col(at).0,
        });
    }
    Ok(())
}

/// A needed attribute must be plain instance state, not a class-level name.
pub(crate) fn class_level(class: &StmtClassDef, me: &str, needed: &[String]) -> Result<(), Skip> {
    let class_names = scan::class_level_names(class);
    for attr in needed {
        // `fd: int` alone is an annotation: it creates no class attribute.
        if let Some((_, stmt)) = class_names
            .iter()
            .find(|(n, s)| n == attr && !matches!(s, Stmt::AnnAssign(a) if a.value.is_none()))
        {
            let kind = match stmt {
                Stmt::FunctionDef(f) if !f.decorator_list.is_empty() => {
                    "a property or decorated method"
                }
                Stmt::FunctionDef(_) => "a method",
                _ => "a class attribute (possibly a descriptor)",
            };
            return Err(Skip::ClassLevel {
                me: me.to_string(),
                attr: attr.clone(),
                kind,
            });
        }
    }
    Ok(())
}

/// The range that deletes a method with the own-line comments directly above it
/// and one run of blank lines around it, and those comments re-indented to `indent`.
pub(crate) fn delete_method(
    file: &SourceFile,
    func: &StmtFunctionDef,
    indent: &str,
) -> (TextRange, String) {
    let lines = file.text.full_lines_range(func.range());
    let comments_start = comments_above(&file.text, func.start());
    let moved: String = file.text
        [TextRange::new(comments_start, file.text.line_start(func.start()))]
    .split_inclusive('\n')
    .map(|l| format!("{indent}{}", l.trim_start()))
    .collect();
    let before = blank_lines_before(&file.text, comments_start);
    let range = if before < comments_start {
        TextRange::new(before, lines.end())
    } else {
        TextRange::new(comments_start, blank_lines_after(&file.text, lines.end()))
    };
    (range, moved)
}

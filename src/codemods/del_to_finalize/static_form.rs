//! The static form: any other `__del__` body becomes a `@staticmethod` cleanup
//! function (or, when it is one plain call, a direct registration of the callee).

use rustc_hash::FxHashSet;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::analyze::{
    Detach, Env, Needs, Plan, Registration, class_level, delete_method, finalizer_attr, init_point,
    param_names, skip_docstring,
};
use super::body::{self, BodyScan, Use};
use super::names;
use super::project::Place;
use super::scan::{self, first_param};
use super::skip::Skip;
use super::{ClassCx, rewrite::Piece};
use super::{dataclass, dead, fixed, guard, lazy};
use crate::codemods::Context;
use crate::source::SourceFile;
use crate::util::{alone_on_lines, indent_of};

/// The plan for a body that becomes a static cleanup function (or, when it is one
/// plain call, a direct registration of the callee).
#[allow(clippy::too_many_lines)]
pub(crate) fn static_plan(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    env: &Env<'_>,
    del: &StmtFunctionDef,
    store_finalizer: bool,
) -> Result<Plan, Skip> {
    let file = cx.file;
    let me = first_param(del).expect("checked");
    let body = skip_docstring(&del.body);
    // A guard on instance flags (`if not self._closed:`) becomes `detach()` calls
    // where the flags change.
    let guard = guard::flag_guard(cx, k, me, body)?;
    let (scanned, kept_tests): (&[Stmt], Vec<&Expr>) = match &guard {
        Some(g) => (g.body, g.kept.clone()),
        None => (body, Vec::new()),
    };
    let mut dropped: Vec<&Stmt> = guard.as_ref().map_or_else(Vec::new, |g| g.dropped.clone());
    // Constants stored into the dying instance (`self.conn = None`): invisible.
    let dead = dead::dead_stores(cx, k, place, me, scanned, &dropped)?;
    dropped.extend(dead.iter().copied());
    let is_warn = |f: &Expr| env.is_warn(f);
    let mut scan = BodyScan::new(me, "__del__", &is_warn, env.id_builtin);
    scan.skip = dead.iter().map(|s| s.range()).collect();
    scan.called_attrs = called_attrs(file, k.class, place, me, body)?;
    scan.static_methods = static_methods(k.class);
    // `self.__class__.__name__` / `type(self).__name__`: fixed values (checked below).
    let del_locals = names::local_names(del);
    scan.type_names = true;
    scan.type_builtin = env.bindings.stars.is_empty()
        && !env.bindings.names.contains_key("type")
        && !env.defaults.iter().any(|(n, _)| n == "type")
        && !del_locals.contains("type");
    for t in &kept_tests {
        scan.visit_expr(t);
    }
    for s in scanned {
        if !dropped.iter().any(|d| std::ptr::eq(*d, s)) {
            scan.visit_stmt(s);
        }
    }
    if let Some((pos, why)) = scan.problem {
        return Err(Skip::Body {
            why: why.replace("(`ClassName.", &format!("(`{}.", k.class.name)),
            line: file.line_col(pos).0,
        });
    }
    fixed::check(cx, k, place, me, &scan.uses)?;
    let needed = scan.needed();
    // A `@dataclass` without `__init__`: the registration goes in `__post_init__`
    // (which checks the captured fields itself).
    let dc = match dataclass::detect(file, k.class) {
        Some(r) => Some(r?),
        None => None,
    };
    if dc.is_none() {
        class_level(k.class, me, &needed)?;
    }
    let flags: Vec<String> = guard.as_ref().map_or_else(Vec::new, |g| g.flags.clone());
    let sites = match &guard {
        Some(g) => guard::detach_sites(cx, k.class, g)?,
        None => Vec::new(),
    };
    let mut allowed: Vec<(String, String, TextRange)> = sites
        .iter()
        .map(|s| (s.attr.clone(), s.method.clone(), s.range))
        .collect();
    // The flag stores dropped from `__del__`.
    for d in &dropped {
        if let Stmt::Assign(a) = d
            && let [Expr::Attribute(t)] = a.targets.as_slice()
        {
            allowed.push((t.attr.to_string(), "__del__".to_string(), d.range()));
        }
    }
    if !sites.is_empty() && !store_finalizer {
        return Err(Skip::SlotsNoStore {
            class: k.class.name.to_string(),
        });
    }
    let needs = Needs {
        captured: &needed,
        flags: &flags,
        allowed: &allowed,
        methods_use_finalizer: !sites.is_empty(),
    };
    // A dataclass registers in `__post_init__`; an attribute stored by methods
    // instead of `__init__` takes the lazy form.
    let (point, lazy) = match &dc {
        Some(dc) => (
            dataclass::init_point(cx, k, place, me, del, dc, &needs)?,
            None,
        ),
        None => match init_point(cx, k, place, me, &needs) {
            Ok(p) => (p, None),
            Err(e @ (Skip::NotAssigned { .. } | Skip::NoInit { .. })) => {
                let shape = lazy::Shape {
                    guarded: guard.is_some() || !dropped.is_empty(),
                    uses_id: scan.uses.iter().any(|u| matches!(u, Use::Id(_))),
                    store_finalizer,
                };
                let l = lazy::sites(cx, k, place, me, &needed, &shape, e)?;
                (l.point(), Some(l))
            }
            Err(e) => return Err(e),
        },
    };
    let finalize = names::finalize_ref(cx.file, &env.bindings, &point.locals)?;
    let fin_attr = finalizer_attr(cx, k, place);
    let detach: Vec<Detach> = sites
        .iter()
        .map(|s| Detach {
            at: s.line_end,
            indent: s.indent.clone(),
            me: s.me.clone(),
            attr: fin_attr.clone(),
        })
        .collect();
    let del_lines = file.text.full_lines_range(del.range());
    let has_comments = file.comment_ranges().any(|c| del_lines.contains_range(c));
    // The direct form: one plain call whose arguments are attributes or constants.
    let direct = match body {
        [Stmt::Expr(e)]
            if !has_comments
                && dc.is_none()
                && lazy.is_none()
                // A new `__init__` (no state of the instance): the body keeps
                // reading its names at cleanup time, as `__del__` did.
                && point.head.is_empty()
                && guard.is_none()
                && env.defaults.is_empty()
                && del.body.len() == 1
                && scan.uses.iter().all(|u| matches!(u, Use::Attr(..))) =>
        {
            match &*e.value {
                Expr::Call(c)
                    if !scan::mentions(&c.func, me)
                        && crate::util::dotted(&c.func)
                            .and_then(|d| d.split('.').next().map(str::to_string))
                            .is_some_and(|head| !point.locals.contains(&head))
                        && c.arguments.args.iter().all(|a| scan::is_simple_arg(a, me))
                        && c.arguments
                            .keywords
                            .iter()
                            .all(|k| k.arg.is_some() && scan::is_simple_arg(&k.value, me)) =>
                {
                    Some(c)
                }
                _ => None,
            }
        }
        _ => None,
    };
    let mut reg = Registration {
        at: point.at,
        lead: point.lead,
        comments: String::new(),
        indent: point.indent.clone(),
        head: point.head.clone(),
        tail: point.tail.clone(),
        me: point.me.clone(),
        store: store_finalizer.then(|| fin_attr.clone()),
        finalize: finalize.exprs[0].clone(),
        args: Vec::new(),
    };
    let mut pieces = Vec::new();
    if let Some(call) = direct {
        if !alone_on_lines(file, del.range()) {
            return Err(Skip::SharesLine {
                what: "`__del__`".to_string(),
            });
        }
        reg.args.push(file.slice(call.func.range()).to_string());
        for a in &call.arguments.args {
            reg.args.push(file.slice(a.range()).to_string());
        }
        for kw in &call.arguments.keywords {
            reg.args.push(format!(
                "{}={}",
                kw.arg.as_ref().expect("checked"),
                file.slice(kw.value.range())
            ));
        }
        let (range, comments) = delete_method(file, del, &point.indent);
        reg.comments = comments;
        pieces.push(Piece::Delete(range));
    } else {
        let taken = names::taken_names(k.class);
        let func_name = names::free_name("_finalize", &taken);
        let mut reserved: FxHashSet<String> = scan.names.clone();
        reserved.insert(func_name.clone());
        reserved.extend(env.defaults.iter().map(|(n, _)| n.clone()));
        let mut params: Vec<(String, String)> = Vec::new(); // (attr, param)
        // Leading `fd = getattr(self, "fd", None)` / `fd = self.fd` statements become
        // the parameter itself: the statement is dropped and `fd` is the parameter.
        let aliases = body::leading_aliases(file, scanned, me);
        let keeps_a_statement = scanned
            .iter()
            .any(|s| !aliases.iter().any(|(_, _, r)| *r == s.range()));
        let aliases = if keeps_a_statement {
            aliases
        } else {
            Vec::new()
        };
        for (attr, local, range) in &aliases {
            if !params.iter().any(|(a, p)| a == attr || p == local) {
                params.push((attr.clone(), local.clone()));
                reserved.insert(local.clone());
                let lines = file.text.full_lines_range(*range);
                let after = file.text[TextRange::new(range.end(), lines.end())].trim();
                if after.is_empty() {
                    pieces.push(Piece::Delete(lines));
                } else {
                    // Keep a trailing comment on its own line.
                    let hash = file.text[range.end().to_usize()..].find('#').unwrap_or(0);
                    pieces.push(Piece::Delete(TextRange::new(
                        range.start(),
                        range.end() + TextSize::try_from(hash).unwrap_or_default(),
                    )));
                }
            }
        }
        param_names(&needed, &mut reserved, &mut params);
        let id_param = scan.uses.iter().any(|u| matches!(u, Use::Id(_))).then(|| {
            let p = names::free_name("self_id", &reserved);
            reserved.insert(p.clone());
            p
        });
        // Class names read through the instance: (key, parameter, registration argument).
        let mut fixed_params: Vec<(String, String, String)> = Vec::new();
        for u in &scan.uses {
            if let Use::TypeName {
                via_class, attr, ..
            } = u
            {
                let key = fixed::key(*via_class, attr);
                if fixed_params.iter().any(|(k, _, _)| *k == key) {
                    continue;
                }
                let p = names::free_name(fixed::param_base(attr), &reserved);
                reserved.insert(p.clone());
                let arg = fixed::registration_arg(&point.me, *via_class, attr);
                fixed_params.push((key, p, arg));
            }
        }
        let param_of = |a: &str| {
            params
                .iter()
                .find(|(x, _)| x == a)
                .map(|(_, p)| p.clone())
                .or_else(|| {
                    fixed_params
                        .iter()
                        .find(|(k, _, _)| k == a)
                        .map(|(_, p, _)| p.clone())
                })
                .expect("param")
        };
        if indent_of(file, del).is_none() {
            return Err(Skip::SharesLine {
                what: "`__del__`".to_string(),
            });
        }
        let mut sig: Vec<String> = params.iter().map(|(_, p)| p.clone()).collect();
        sig.extend(id_param.clone());
        sig.extend(fixed_params.iter().map(|(_, p, _)| p.clone()));
        let sig = signature(file, del, &sig);
        pieces.push(Piece::Header {
            range: TextRange::new(del.start(), del.parameters.end()),
            name: func_name.clone(),
            signature: sig,
            indent: indent_of(file, del).unwrap_or_default().to_string(),
        });
        for u in &scan.uses {
            if aliases.iter().any(|(_, _, a)| a.contains_range(u.range())) {
                continue;
            }
            match u {
                Use::Attr(a, r) => pieces.push(Piece::Replace(*r, param_of(a))),
                Use::Getattr(a, r, is_has) => pieces.push(Piece::Replace(
                    *r,
                    if *is_has {
                        "True".to_string()
                    } else {
                        param_of(a)
                    },
                )),
                Use::Id(r) => pieces.push(Piece::Replace(
                    *r,
                    id_param.clone().expect("an id parameter"),
                )),
                Use::WarnSource(r) => pieces.push(Piece::Delete(*r)),
                Use::TypeName {
                    range,
                    via_class,
                    attr,
                } => pieces.push(Piece::Replace(
                    *range,
                    param_of(&fixed::key(*via_class, attr)),
                )),
            }
        }
        if let Some(g) = &guard {
            pieces.extend(guard::unguard_pieces(file, g, &scan.uses, &param_of)?);
        }
        pieces.extend(dead::pieces(cx, &dead));
        let class_ref = names::class_ref(k, &env.bindings, &point.locals);
        reg.args.push(format!("{class_ref}.{func_name}"));
        reg.args
            .extend(params.iter().map(|(a, _)| format!("{}.{a}", point.me)));
        if id_param.is_some() {
            reg.args.push(format!("id({})", point.me));
        }
        reg.args
            .extend(fixed_params.iter().map(|(_, _, arg)| arg.clone()));
    }
    let mut plan = Plan {
        pieces,
        registration: Some(reg),
        detach,
        import: finalize.edit,
    };
    if let Some(l) = lazy {
        l.finish(file, &mut plan);
    }
    Ok(plan)
}

/// The static function's parameter list: the captured values, then `__del__`'s
/// own parameters after `self` (bound defaults keep their definition-time values).
fn signature(file: &SourceFile, del: &StmtFunctionDef, captured: &[String]) -> String {
    let p = &del.parameters;
    let first = p.posonlyargs.iter().chain(&p.args).next().expect("self");
    let close = p.end() - TextSize::from(1);
    let rest = file.slice(TextRange::new(first.end(), close));
    let mut out = captured.join(", ");
    let rest = rest.trim_end();
    let trimmed = rest.trim_start_matches([',', ' ', '\t']);
    if trimmed.trim().is_empty() {
        return out;
    }
    if out.is_empty() {
        // No captured value: drop the comma after `self` (and a `/` that would lead).
        let t = trimmed
            .strip_prefix('/')
            .map_or(trimmed, |r| r.trim_start_matches([',', ' ']));
        out.push_str(t);
    } else {
        out.push_str(rest);
    }
    out
}

/// Attributes `__del__` calls (`self.p(...)`) that are plain instance state
/// holding a callable (IPython's test class stores `self.p = print`): assigned at
/// the top level of `__init__` and not a name of the class body, in a class whose
/// only base is `object`, that has no project subclass and does not define
/// `__getattribute__` — so `self.p` can only be the stored value. When one of the
/// last three fails, the reason names it.
fn called_attrs(
    file: &SourceFile,
    class: &ruff_python_ast::StmtClassDef,
    place: &Place<'_>,
    me: &str,
    body: &[Stmt],
) -> Result<FxHashSet<String>, Skip> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct C<'m>(&'m str, Vec<(String, TextSize)>);
    impl<'b> Visitor<'b> for C<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Call(c) = e
                && let Expr::Attribute(a) = &*c.func
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.0)
            {
                self.1.push((a.attr.to_string(), c.start()));
            }
            visitor::walk_expr(self, e);
        }
    }
    let Ok((init, init_me)) = super::analyze::init_of(class) else {
        return Ok(FxHashSet::default());
    };
    let mut c = C(me, Vec::new());
    c.visit_body(body);
    let class_names = scan::class_level_names(class);
    let stored: Vec<(String, TextSize)> =
        c.1.into_iter()
            .filter(|(a, _)| {
                let dunder = a.starts_with("__") && a.ends_with("__");
                let class_level = class_names.iter().any(|(n, _)| n == a);
                !dunder && !class_level && scan::top_level_assignment(init, init_me, a).is_some()
            })
            .collect();
    let Some((first, at)) = stored.first() else {
        return Ok(FxHashSet::default());
    };
    let other = if let Some(base) = place
        .mro
        .iter()
        .skip(1)
        .find(|c| &*c.qualname != "builtins.object")
    {
        Some(format!(
            "the class has a base other than `object` (`{}`)",
            base.name()
        ))
    } else if let Some(sub) = place.subclasses.first() {
        Some(format!(
            "the class has a project subclass (`{}`)",
            sub.name()
        ))
    } else if !scan::methods(&class.body, "__getattribute__").is_empty() {
        Some("the class defines `__getattribute__`".to_string())
    } else {
        None
    };
    if let Some(why) = other {
        return Err(Skip::Body {
            why: format!(
                "`__del__` calls `{me}.{first}()`, which `__init__` stores, but {why}: sturdy reads `{me}.{first}` as the stored value only in a class whose only base is `object`, without project subclasses or `__getattribute__` (a base or subclass could define `{first}` as a property); keep `__del__`"
            ),
            line: file.line_col(*at).0,
        });
    }
    Ok(stored.into_iter().map(|(a, _)| a).collect())
}

/// The methods of the class decorated `@staticmethod` (and defined once).
fn static_methods(class: &ruff_python_ast::StmtClassDef) -> FxHashSet<String> {
    class
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::FunctionDef(f)
                if scan::methods(&class.body, &f.name).len() == 1
                    && matches!(f.decorator_list.as_slice(), [d] if matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "staticmethod")) =>
            {
                Some(f.name.to_string())
            }
            _ => None,
        })
        .collect()
}

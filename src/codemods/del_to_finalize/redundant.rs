//! A `__del__` that only calls a finalizer the class registers already.

use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::ClassCx;
use super::analyze::{Env, Plan, delete_method, init_of};
use super::project::{self, Place};
use super::rewrite::Piece;
use super::scan::{self, first_param};
use super::skip::Skip;
use crate::codemods::Context;
use crate::util::alone_on_lines;

/// `self.F()` where `F` is no class-level name: the attribute `F`.
pub(crate) fn calls_own_finalizer<'a>(
    class: &StmtClassDef,
    body: &'a [Stmt],
    me: &str,
) -> Option<&'a str> {
    let [s] = body else { return None };
    let attr = super::delegation::call_on(s, me)?;
    let is_class_level = scan::class_level_names(class)
        .iter()
        .any(|(n, _)| n == attr);
    (!is_class_level).then_some(attr)
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

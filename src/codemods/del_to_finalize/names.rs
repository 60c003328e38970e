//! Names the rewrite emits, checked against what they would resolve to: the
//! expression for `weakref.finalize` (an existing import, a new `import weakref`,
//! or `import weakref as _weakref` when `weakref` is bound to something else), and
//! how `__init__` names the class.

use rustc_hash::FxHashSet;

use ruff_python_ast::Expr;

use super::ClassCx;
use super::skip::Skip;
use crate::semantic::bindings::Bindings;
use crate::semantic::{Base, Binding};

/// How the registration reaches `weakref.finalize`.
#[derive(Debug, Clone)]
pub(crate) struct FinalizeRef {
    /// The expression (`weakref.finalize`, `finalize`, `_weakref.finalize`).
    pub(crate) expr: String,
    /// The import statement to add, if any (`import weakref as _weakref`).
    pub(crate) import: Option<String>,
}

/// Resolve `weakref.finalize` for code in a function whose local names are
/// `locals`: reuse a module-level import bound to it, else import `weakref` under
/// a name bound to nothing else in the module (nor in the function).
pub(crate) fn finalize_ref(
    bindings: &Bindings,
    locals: &FxHashSet<String>,
) -> Result<FinalizeRef, Skip> {
    let usable = |n: &str| !locals.contains(n);
    let mut names: Vec<(&str, &Binding)> = bindings.names.iter().map(|(n, b)| (&**n, b)).collect();
    names.sort_by_key(|(n, _)| *n);
    let bound_to = |target: &str| {
        names
            .iter()
            .filter(|(n, b)| matches!(b, Binding::Import(t) if &**t == target) && usable(n))
            .map(|(n, _)| (*n).to_string())
            .min_by_key(|n| (n != "finalize" && n != "weakref", n.clone()))
    };
    if let Some(n) = bound_to("weakref.finalize") {
        return Ok(FinalizeRef {
            expr: n,
            import: None,
        });
    }
    if let Some(n) = bound_to("weakref") {
        return Ok(FinalizeRef {
            expr: format!("{n}.finalize"),
            import: None,
        });
    }
    // A star import may bind `weakref` to anything: import under a private name.
    if bindings.stars.is_empty() && !bindings.names.contains_key("weakref") && usable("weakref") {
        return Ok(FinalizeRef {
            expr: "weakref.finalize".to_string(),
            import: Some("import weakref".to_string()),
        });
    }
    for i in 0..10 {
        let alias = if i == 0 {
            "_weakref".to_string()
        } else {
            format!("_weakref_{i}")
        };
        if !bindings.names.contains_key(alias.as_str()) && usable(&alias) {
            return Ok(FinalizeRef {
                expr: format!("{alias}.finalize"),
                import: Some(format!("import weakref as {alias}")),
            });
        }
    }
    Err(Skip::WeakrefName {
        why: "`weakref` and `_weakref` are bound to other things in this module".to_string(),
    })
}

/// How code in the class's `__init__` names the class: its path (`Outer.Inner`)
/// when that resolves to the class statement's class, else `__class__` (the class
/// being defined, whatever decorators or later assignments rebind its name to).
pub(crate) fn class_ref(
    k: &ClassCx<'_>,
    bindings: &Bindings,
    locals: &FxHashSet<String>,
) -> String {
    let head = k.path.split('.').next().unwrap_or_default();
    let plain = k.class.decorator_list.is_empty() && !locals.contains(head);
    let at_module = !k.qualname.contains("<locals>");
    let resolves = if at_module {
        bindings.names.get(head) == Some(&Binding::Class)
    } else {
        true
    };
    if plain && resolves {
        k.path.clone()
    } else {
        "__class__".to_string()
    }
}

/// Whether `func` is `warnings.warn` as the module binds it (or a bound default
/// parameter holding the `warnings` module: `def __del__(self, _warnings=warnings)`).
pub(crate) fn is_warn(bindings: &Bindings, defaults: &[(String, &Expr)], func: &Expr) -> bool {
    if let Expr::Attribute(a) = func
        && a.attr.as_str() == "warn"
        && let Expr::Name(n) = &*a.value
        && let Some((_, d)) = defaults.iter().find(|(p, _)| p == n.id.as_str())
    {
        return bindings.resolve(d) == Base::Qual("warnings".into());
    }
    if let Expr::Name(n) = func
        && let Some((_, d)) = defaults.iter().find(|(p, _)| p == n.id.as_str())
    {
        return bindings.resolve(d) == Base::Qual("warnings.warn".into());
    }
    bindings.resolve(func) == Base::Qual("warnings.warn".into())
}

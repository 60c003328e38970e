//! A *self-clearing* `__del__`: its body only drops the instance's own references
//! (`self.info = None`, `del self.cache`). The instance is deallocated right after
//! `__del__` returns and its attributes are dropped then anyway, so the method is
//! redundant: it is removed (regex's `_regex_core` nodes, openapi-spec-validator's
//! `CachedIterable`).
//!
//! Removing it is safe when the stores run no code of their own (no `__setattr__`
//! or `__delattr__`, no data descriptor of that name, anywhere in the hierarchy),
//! nothing else takes over (no base `__del__`, also through a subclass's other
//! bases) and nothing calls it explicitly; see the README for what remains
//! different (the order in which the dropped values are released).

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::Ranged;

use super::ClassCx;
use super::analyze::{Plan, delete_method, skip_docstring};
use super::project::{self, Place};
use super::rewrite::Piece;
use super::scan::{self, first_param};
use super::skip::Skip;
use crate::codemods::Context;
use crate::semantic::external::Origin;
use crate::semantic::{Dunder, Lookup, MemberKind};
use crate::util::alone_on_lines;

/// Standard-library classes whose data members (in typeshed) are no descriptors
/// of instance attributes: `abc.ABC` has only `__slots__ = ()`.
const NO_DESCRIPTORS: &[&str] = &["abc.ABC"];

/// What a self-clearing body (or the dead stores of a cleanup) stores or deletes.
#[derive(Debug)]
pub(crate) struct Clearing {
    /// Every attribute stored or deleted, in order (possibly repeated).
    pub(crate) attrs: Vec<String>,
    /// Whether some statement stores (`self.x = None`).
    pub(crate) stores: bool,
    /// Whether some statement deletes (`del self.x`), which raises when the
    /// attribute is missing.
    pub(crate) deletes: bool,
}

/// Whether `__del__`'s body only stores constants into, or deletes, attributes of
/// `me` (besides a docstring and `pass`): `self.a = None`, `self.a = self.b = 0`,
/// `del self.a, self.b`.
pub(crate) fn self_clearing(del: &StmtFunctionDef, me: &str) -> Option<Clearing> {
    let on_me = |e: &Expr| -> Option<String> {
        let Expr::Attribute(a) = e else { return None };
        let plain = matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me);
        (plain && !(a.attr.starts_with("__") && a.attr.ends_with("__"))).then(|| a.attr.to_string())
    };
    let mut out = Clearing {
        attrs: Vec::new(),
        stores: false,
        deletes: false,
    };
    for s in skip_docstring(&del.body) {
        match s {
            Stmt::Pass(_) => {}
            Stmt::Assign(a) if scan::is_constant(&a.value) => {
                for t in &a.targets {
                    out.attrs.push(on_me(t)?);
                }
                out.stores = true;
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    out.attrs.push(on_me(t)?);
                }
                out.deletes = true;
            }
            _ => return None,
        }
    }
    (!out.attrs.is_empty()).then_some(out)
}

/// The hierarchy's reasons, reworded for this shape where the generic wording
/// suggests the finalizer (which this shape does not add).
pub(crate) fn reword(s: Skip) -> Skip {
    match s {
        Skip::ExplicitCall { location } => Skip::SelfClearing {
            why: format!(
                "`__del__` is called or read explicitly at {location}, and removing the method would break that"
            ),
        },
        Skip::UntypedCall { location, via } => Skip::SelfClearing {
            why: format!(
                "`__del__` is called or read explicitly at {location} on an object sturdy cannot type, in a file that imports {via}, and removing the method could break that"
            ),
        },
        other => other,
    }
}

/// Remove a self-clearing `__del__`, or say why it stays.
pub(crate) fn plan(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    del: &StmtFunctionDef,
    clearing: &Clearing,
) -> Result<Plan, Skip> {
    let file = cx.file;
    let me = first_param(del).expect("checked by own_reason");
    let skip = |why: String| Err(Skip::SelfClearing { why });
    if del.parameters.len() > 1 {
        // Their defaults are evaluated when the class is created; removing the
        // method would drop that evaluation.
        return skip(
            "`__del__` takes parameters with defaults, which are evaluated when the class is created".to_string(),
        );
    }
    stores_run_no_code(cx, k, place, me, clearing, &|why| Skip::SelfClearing {
        why,
    })?;
    if !alone_on_lines(file, del.range()) {
        return Err(Skip::SharesLine {
            what: "`__del__`".to_string(),
        });
    }
    // A class whose body is only `__del__` keeps a `pass`.
    let piece = if k.class.body.len() == 1 {
        let lines = file.text.full_lines_range(del.range());
        let indent = crate::util::indent_of(file, del).unwrap_or("    ");
        Piece::Replace(lines, format!("{indent}pass{}", file.newline()))
    } else {
        Piece::Delete(delete_method(file, del, "").0)
    };
    Ok(Plan {
        pieces: vec![piece],
        registration: None,
        detach: Vec::new(),
        import: None,
    })
}

/// Whether storing constants into (or deleting) `stores.attrs` on the instance
/// runs no code: no `__setattr__`/`__delattr__`, no possible data descriptor of
/// those names, in the class, its ancestors, its subclasses and their other
/// ancestors; no decorator, metaclass or `__init_subclass__` there that could add
/// one. `wrap` turns a reason into the skip.
pub(crate) fn stores_run_no_code(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    stores: &Clearing,
    wrap: &dyn Fn(String) -> Skip,
) -> Result<(), Skip> {
    let skip = |why: String| Err(wrap(why));
    let class = k.class;
    // The class's own body: decorators, a metaclass or keywords may add
    // `__setattr__` or descriptors; a class-level name may be a data descriptor.
    if !class.decorator_list.is_empty() {
        return skip(format!(
            "class `{}` is decorated, and a decorator may make attribute stores run code (`@dataclass(frozen=True)` adds a `__setattr__`)",
            class.name
        ));
    }
    for attr in &stores.attrs {
        if let Some(line) = class_level_value(cx, class, attr) {
            return skip(format!(
                "class `{}` may bind `{attr}` at class level (line {line}), possibly to a descriptor whose `__set__`/`__delete__` runs code on `{me}.{attr}` stores",
                class.name
            ));
        }
    }
    let h = cx.facts.hierarchy();
    let related = place.related_classes(&h)?;
    let own = &*place.info.qualname;
    for c in &related {
        let q = &*c.qualname;
        if q == "builtins.object" {
            continue;
        }
        let origin = match h.lookup(q) {
            Lookup::Class(_, o) => o,
            _ => None,
        };
        let project_class = h.project_class(q).is_some();
        for (d, used, what) in [
            ("__setattr__", stores.stores, "store"),
            ("__delattr__", stores.deletes, "deletion"),
        ] {
            if used && Dunder::of(d).is_some_and(|d| c.defines(d)) {
                return skip(format!(
                    "`{q}` ({}) defines `{d}`, which runs on every attribute {what}",
                    c.location
                ));
            }
        }
        if origin != Some(Origin::Stdlib) {
            if !c.decorators.is_empty() {
                return skip(format!(
                    "`{q}` ({}) is decorated, and a decorator may make attribute stores run code",
                    c.location
                ));
            }
            if c.metaclass
                .as_ref()
                .is_some_and(|m| m.qual() != Some("abc.ABCMeta"))
                || c.defines(Dunder::INIT_SUBCLASS)
            {
                return skip(format!(
                    "`{q}` ({}) has a metaclass or `__init_subclass__`, which may add descriptors to the class",
                    c.location
                ));
            }
        }
        if q == own || NO_DESCRIPTORS.contains(&q) {
            // The class's own body was read above.
            continue;
        }
        for attr in &stores.attrs {
            let descriptor = if project_class {
                class_data(cx, q, attr)
            } else {
                // Outside the project only whether the class has data members is
                // known (a stub declares descriptors and properties as such).
                c.data_members.then(|| c.location.to_string())
            };
            if let Some(loc) = descriptor {
                return skip(format!(
                    "`{q}` may define `{attr}` at class level ({loc}), possibly a descriptor whose `__set__`/`__delete__` runs code"
                ));
            }
        }
    }
    Ok(())
}

/// Where the project class `qual` may bind `attr` at class level (a possible data
/// descriptor), if anywhere: its [`MemberKind::Data`] members, where a class-level
/// name sturdy cannot list stands for every name.
pub(crate) fn class_data(cx: &Context<'_>, qual: &str, attr: &str) -> Option<String> {
    let h = cx.facts.hierarchy();
    h.member(qual, MemberKind::Data, attr)
        .or_else(|| h.member(qual, MemberKind::Data, scan::ANY_NAME))
        .map(|l| l.to_string())
}

/// The line of a class-level statement that may bind `attr` to a data descriptor.
fn class_level_value(
    cx: &Context<'_>,
    class: &ruff_python_ast::StmtClassDef,
    attr: &str,
) -> Option<usize> {
    scan::data_names(class)
        .into_iter()
        .find(|(n, _)| n == attr || n == scan::ANY_NAME)
        .map(|(_, at)| cx.file.line_col(at).0)
}

/// A `__del__` whose whole body is one call of a plain method of the class
/// (`self.reset()`, possibly inside `try: … except …: pass`) whose own body is
/// self-clearing (redis's multidb `Pipeline.reset`: `self._command_stack = []`).
/// It is removed like a self-clearing `__del__` once [`reaches_method`] holds.
pub(crate) fn delegated<'a>(
    class: &'a ruff_python_ast::StmtClassDef,
    del: &StmtFunctionDef,
    me: &str,
) -> Option<(&'a StmtFunctionDef, Clearing)> {
    let [stmt] = skip_docstring(&del.body) else {
        return None;
    };
    let call = match stmt {
        Stmt::Expr(e) => &*e.value,
        // The handlers run only if the call raises; they must do nothing then either.
        Stmt::Try(t)
            if !t.is_star
                && t.orelse.is_empty()
                && t.finalbody.is_empty()
                && t.handlers.iter().all(|h| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    h.name.is_none() && h.body.iter().all(|s| matches!(s, Stmt::Pass(_)))
                }) =>
        {
            match t.body.as_slice() {
                [Stmt::Expr(e)] => &*e.value,
                _ => return None,
            }
        }
        _ => return None,
    };
    let Expr::Call(c) = call else { return None };
    let Expr::Attribute(a) = &*c.func else {
        return None;
    };
    if !matches!(&*a.value, Expr::Name(n) if n.id.as_str() == me) || !c.arguments.is_empty() {
        return None;
    }
    let [m] = scan::methods(&class.body, a.attr.as_str())[..] else {
        return None;
    };
    if !m.decorator_list.is_empty() || m.is_async || m.parameters.len() != 1 {
        return None;
    }
    let m_self = first_param(m)?;
    // A parameter with a default is evaluated at class creation: not plain.
    if m.parameters
        .args
        .first()
        .is_some_and(|p| p.default.is_some())
        || m.parameters
            .posonlyargs
            .first()
            .is_some_and(|p| p.default.is_some())
    {
        return None;
    }
    self_clearing(m, m_self).map(|c| (m, c))
}

/// Whether `me.m()` in `__del__` surely calls the method `m` of the class (and
/// nothing else): no subclass overrides it or binds it at class level, nothing in
/// the hierarchy defines `__getattribute__`, the class binds `m` only by its `def`,
/// and no code of the project stores an attribute named `m` (which would shadow the
/// method on an instance).
pub(crate) fn reaches_method(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    m: &str,
) -> Result<(), Skip> {
    let skip = |why: String| Err(Skip::SelfClearing { why });
    project::overridden(cx, place, m).map_err(|e| match e {
        Skip::SubclassOverrides {
            method,
            location,
            class,
        } => Skip::SelfClearing {
            why: format!(
                "`__del__` calls `{me}.{method}()`, which the subclass `{class}` overrides at {location} (its `{method}` may release something)"
            ),
        },
        other => other,
    })?;
    if let Some(line) = class_level_value(cx, k.class, m) {
        return skip(format!(
            "class `{}` may bind `{m}` at class level (line {line}) besides the method `__del__` calls",
            k.class.name
        ));
    }
    let h = cx.facts.hierarchy();
    for s in &place.subclasses {
        if let Some(loc) = class_data(cx, &s.qualname, m) {
            return skip(format!(
                "the subclass `{}` may bind `{m}` at class level ({loc}), and `{me}.{m}()` would call that",
                s.name()
            ));
        }
    }
    let getattribute = Dunder::of("__getattribute__").expect("a recorded dunder");
    for c in place.related_classes(&h)? {
        // `object.__getattribute__` is the plain lookup.
        if &*c.qualname != "builtins.object" && c.defines(getattribute) {
            return skip(format!(
                "`{}` ({}) defines `__getattribute__`, which decides what `{me}.{m}` is",
                c.qualname, c.location
            ));
        }
    }
    if let Some(st) = h.attr_stores(m).first() {
        return skip(format!(
            "an attribute named `{m}` is stored at {}, which may shadow the method `__del__` calls",
            st.location
        ));
    }
    Ok(())
}

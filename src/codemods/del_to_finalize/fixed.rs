//! Values fixed for an instance's lifetime that a cleanup may read: the class's
//! name, `self.__class__.__name__` or `type(self).__name__` (or `__qualname__`),
//! as anyio's `f"Unclosed <{self.__class__.__name__} at {id(self):x}>"` does. They
//! are evaluated at registration and passed to the finalizer (a string holds no
//! reference to the instance), which is the same value at collection when nothing
//! can change the instance's class or the class's name in between.

use rustc_hash::FxHashSet;

use super::ClassCx;
use super::body::Use;
use super::index;
use super::project::Place;
use super::scan;
use super::skip::Skip;
use crate::codemods::Context;
use crate::semantic::external::Origin;
use crate::semantic::{AttrStore, Lookup, MemberKind};

/// The parameter key of a [`Use::TypeName`] (not an identifier: no attribute has it).
pub(crate) fn key(via_class: bool, attr: &str) -> String {
    format!("<{}{attr}>", if via_class { "class" } else { "type" })
}

/// The parameter name to start from.
pub(crate) fn param_base(attr: &str) -> &'static str {
    if attr == "__qualname__" {
        "class_qualname"
    } else {
        "class_name"
    }
}

/// The expression evaluated at registration (in the function whose first
/// parameter is `me`): the body's own spelling.
pub(crate) fn registration_arg(me: &str, via_class: bool, attr: &str) -> String {
    if via_class {
        format!("{me}.__class__.{attr}")
    } else {
        format!("type({me}).{attr}")
    }
}

/// Whether every class-name read of the body has the same value at registration
/// and at collection: no code of the project stores `__class__` on an object that
/// may be an instance, or `__name__`/`__qualname__` on one that may be the class;
/// no class whose code may run on the instance has a metaclass (other than
/// `abc.ABCMeta`), nor — for `self.__class__` — a class-level `__class__` or a
/// `__getattribute__`; classes from outside the project and the standard library
/// are unknown.
pub(crate) fn check(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    uses: &[Use],
) -> Result<(), Skip> {
    let mut attrs: FxHashSet<&str> = FxHashSet::default();
    let mut via_class = false;
    let mut first: Option<String> = None;
    for u in uses {
        if let Use::TypeName {
            via_class: v, attr, ..
        } = u
        {
            attrs.insert(attr);
            via_class |= *v;
            first.get_or_insert_with(|| registration_arg(me, *v, attr));
        }
    }
    let Some(read) = first else { return Ok(()) };
    let skip = |why: String| {
        Err(Skip::Dataclass {
            why: format!(
                "`__del__` reads `{read}`, which sturdy passes to the finalizer at registration only when it cannot change before collection, but {why}; keep `__del__`"
            ),
        })
    };
    let h = cx.facts.hierarchy();
    let reaches = |st: &AttrStore| match st.on_self_of.as_deref() {
        Some(c) => c == k.qualname || place.related(&h, c),
        None => true,
    };
    for attr in std::iter::once("__class__").chain(attrs.iter().copied()) {
        if let Some(st) = h.attr_stores(attr).iter().find(|st| reaches(st)) {
            let on = if attr == "__class__" {
                "an instance of this class"
            } else {
                "this class or a subclass"
            };
            return skip(format!(
                "`{attr}` is stored at {} (in `{}`) on an object that may be {on}",
                st.location, st.function
            ));
        }
    }
    let class = k.class;
    if via_class {
        let own = scan::class_level_names(class);
        if let Some((n, _)) = own
            .iter()
            .find(|(n, _)| n == "__class__" || n == "__getattribute__")
        {
            return skip(format!(
                "class `{}` defines `{n}`, which changes what `{me}.__class__` reads",
                class.name
            ));
        }
    }
    for c in place.related_classes(&h)? {
        let q = &*c.qualname;
        if q == "builtins.object" {
            continue;
        }
        if c.metaclass
            .as_ref()
            .is_some_and(|m| m.qual() != Some("abc.ABCMeta"))
        {
            return skip(format!(
                "`{q}` ({}) has a metaclass, which may define what the class's name reads",
                c.location
            ));
        }
        if !via_class || q == place.info.qualname.as_ref() {
            continue;
        }
        if h.project_class(q).is_some() {
            let found = ["__class__", scan::ANY_NAME]
                .into_iter()
                .find_map(|n| h.member(q, MemberKind::Data, n).map(|l| l.to_string()))
                .or_else(|| {
                    cx.facts
                        .get(
                            index::HOOK_METHOD,
                            &index::method_key(q, "__getattribute__"),
                        )
                        .map(str::to_string)
                });
            if let Some(loc) = found {
                return skip(format!(
                    "`{q}` may define `__class__` or `__getattribute__` at class level ({loc}), which changes what `{me}.__class__` reads"
                ));
            }
            continue;
        }
        let stdlib = matches!(h.lookup(q), Lookup::Class(_, Some(Origin::Stdlib)));
        // `unittest.mock`'s classes define `__class__` as a property.
        if !stdlib || q.starts_with("unittest.mock.") {
            return skip(format!(
                "sturdy cannot tell whether `{q}` ({}) defines `__class__` or `__getattribute__`",
                c.location
            ));
        }
    }
    Ok(())
}
